# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 02 — Loss functions: what "best fit" means
#
# **You will learn**
# - to see a model as two choices: a prediction function $f(x;\theta)$ and a loss
#   $L(y, \hat y)$, with training = minimising the mean loss over $\theta$;
# - the loss zoo: squared error (MSE, RMSE), absolute error (MAE), Huber, quantile (pinball)
#   and gamma deviance, and when each is the right choice;
# - why squared error chases outliers while absolute error ignores them (mean vs median);
# - what to do when errors are not normal: quantile regression for prediction bands, a gamma
#   loss with a log link for positive, right-skewed targets;
# - how to fit a linear model under *any* loss with a general optimiser, why a smooth optimiser
#   is a trap for kinked losses, and how each fit matches its scikit-learn twin;
# - that classification is the same recipe: the log loss with the sigmoid as f, which
#   gradient descent minimises to `LogisticRegression`'s answer.
#
# **Prerequisites:** lesson 01 (the design matrix and least squares), a derivative.
#
# **Class time:** about 60 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 20 seconds (`make notebooks` on 2 shared cores).

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.optimize import minimize
from sklearn import metrics
from sklearn.datasets import make_classification
from sklearn.linear_model import (
    GammaRegressor,
    HuberRegressor,
    LinearRegression,
    LogisticRegression,
    QuantileRegressor,
)
from sklearn.preprocessing import StandardScaler

from course_utils import (
    AbsoluteError,
    CourseWarning,
    GammaLoss,
    GradientDescentClassifier,
    HuberLoss,
    LogLoss,
    LossRegressor,
    QuantileLoss,
    SquaredError,
    add_intercept,
    get_loss,
    huber_regressor_objective,
    make_gamma_regression,
    make_noisy_line,
    make_outliers,
    margin_losses,
    mean_absolute_error,
    mean_pinball_loss,
    mean_squared_error,
    plot_fit,
    plot_histograms,
    plot_lines,
    plot_loss_shapes,
    plot_margin_losses,
    plot_objective_1d,
    plot_objective_contour,
    plot_quantile_bands,
    plot_residuals,
    plot_score_table,
    root_mean_squared_error,
    sigmoid,
)
from course_utils.plotting import WIDE, setup_notebook

rng = setup_notebook(seed=2)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The L and f view of a model
#
# Every model in this course is two separate choices:
#
# - a **prediction function** $f(x;\theta)$: here the line $f(x;\theta) = b + w x$ with
#   $\theta = (b, w)$;
# - a **loss** $L(y, \hat y)$: a number that says how bad the prediction $\hat y$ is when the
#   truth is $y$; usually a function of the residual $r = y - \hat y$.
#
# Training means choosing the parameters that make the **mean loss** on the training data
# smallest:
#
# $$J(\theta) = \frac1n\sum_{i=1}^n L\big(y_i, f(x_i;\theta)\big), \qquad
# \hat\theta = \arg\min_\theta J(\theta).$$
#
# The lecture writes the cost as a sum $\sum_i L$; the course uses the mean, which is the sum
# divided by $n$: the same minimiser, and a number that does not grow with the data set.
# $f$ says what shapes the model can take; $L$ says what "close to the data" means. The next
# cell scores two candidate lines on the same 15 points with the mean squared error: each red
# segment is one residual, and $J$ is the average of their squares.

# %%
X15, y15 = make_noisy_line(15, noise="normal", scale=2.0, random_state=1)
candidates = {"θ = (b, w) = (1, 2)": np.array([1.0, 2.0]),
              "θ = (b, w) = (6, 1)": np.array([6.0, 1.0])}

fig, axes = plt.subplots(1, 2, figsize=WIDE, sharey=True)
for ax, (name, theta) in zip(axes, candidates.items(), strict=True):
    y_hat = add_intercept(X15) @ theta
    mse = mean_squared_error(y15, y_hat)
    plot_residuals(X15[:, 0], y15, y_hat, ax=ax, label=f"f(x; θ), {name}",
                   title=f"{name}: mean squared error J = {mse:.2f}",
                   xlabel="x (arbitrary units)", ylabel="y (arbitrary units)")
    print(f"{name}: J = MSE = {mse:.4f}")
plt.show()

# %% [markdown]
# The first line has the smaller $J$, so under squared error it is the better of the two.
# Change $L$ and the ranking of candidate lines, and with it the best line, can change: that is
# this lesson. How the minimum over *all* $\theta$ is found is lesson 03; here a general-purpose
# optimiser does it for us.
#
# ## 2. The loss zoo
#
# With residual $r = y - \hat y$:
#
# | loss | $L(y, \hat y)$ | mean over samples | minimised, for a constant model, by |
# |---|---|---|---|
# | squared error (L2) | $r^2$ | MSE, in units of $y^2$ | the mean |
# | — its root | | RMSE $=\sqrt{\text{MSE}}$, in units of $y$ | the mean (same minimiser) |
# | absolute error (L1) | $\lvert r\rvert$ | MAE, in units of $y$ | the median |
# | Huber($\delta$) | $\tfrac12 r^2$ if $\lvert r\rvert\le\delta$, else $\delta(\lvert r\rvert - \tfrac12\delta)$ | | between mean and median |
# | quantile / pinball($q$) | $q\,r$ if $r \ge 0$, else $(q-1)\,r$ | mean pinball loss | the $q$-th quantile |
# | gamma deviance | $\log\frac{\hat y}{y} + \frac{y}{\hat y} - 1$ (half the deviance) | mean Gamma deviance / 2 | the mean, for $y > 0$ |
#
# `course_utils.losses` implements each one as an object with the scikit-learn names
# (`get_loss("huber", delta=1.0)`), returning the mean, the per-sample values and the
# gradient with respect to the prediction. **One convention for the whole course:** like
# scikit-learn's own loss code, `SquaredError` is **half** the squared error,
# $L = \tfrac12 (y - \hat y)^2$, so its gradient is simply $\hat y - y$, and the squared-error
# objective is $J = \frac{1}{2n}\sum_i (y_i - \hat y_i)^2$. Twice its mean is the MSE of
# scikit-learn and of the lecture: wherever the two are compared, the factor 2 is written out.
# The next cell draws each per-sample loss against the residual.

# %%
r = np.linspace(-3, 3, 601)
zeros = np.zeros_like(r)  # y = 0, so the prediction -r has residual r
symmetric = {
    "squared error  ½r²": SquaredError().per_sample(zeros, -r),
    "absolute error  |r|": AbsoluteError().per_sample(zeros, -r),
    "Huber, δ = 1": HuberLoss(delta=1.0).per_sample(zeros, -r),
}
pinball = {f"pinball, q = {q}": QuantileLoss(q).per_sample(zeros, -r) for q in (0.1, 0.5, 0.9)}

fig, axes = plt.subplots(1, 2, figsize=WIDE)
plot_loss_shapes(r, symmetric, ax=axes[0], ylim=(0, 4.5),
                 title="Symmetric losses: how much each residual costs",
                 xlabel="residual r = y − ŷ (units of y)", ylabel="loss of one sample")
plot_loss_shapes(r, pinball, ax=axes[1], ylim=(0, 3),
                 title="Quantile (pinball) losses: tilted absolute error",
                 xlabel="residual r = y − ŷ (units of y)", ylabel="loss of one sample")
plt.show()

# %% [markdown]
# Squared error grows quadratically, so one residual of 10 costs as much as a hundred
# residuals of 1. Absolute error grows linearly. Huber is the squared error for
# $\lvert r\rvert \le \delta$ and a straight line beyond, with matching slope at $\pm\delta$.
# The pinball loss tilts the absolute error: with $q = 0.9$ an under-prediction ($r > 0$)
# costs nine times as much as an over-prediction, which pushes the fit up to the 90th
# percentile. $q = 0.5$ is half the absolute error.
# (Going further checks that these losses, averaged, are exactly `sklearn.metrics`.)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### MSE or RMSE?
#
# The RMSE is the square root of the MSE. The square root is increasing, so both are smallest
# at the same prediction: they rank models identically and define the same best fit. The RMSE
# is in the units of $y$ (k€, seconds, …), which is why it is the one you *report*; the MSE is
# the one you *optimise*, because its gradient is simpler ("Going further" draws both).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### When is each loss the right choice?
#
# The loss encodes what you care about *and* what you believe about the noise (each is the
# negative log-likelihood of a noise model):
#
# | loss | predicts | right choice when | noise model it is optimal for |
# |---|---|---|---|
# | squared error / RMSE | conditional **mean** | large errors are much worse than small ones; noise roughly normal | normal |
# | absolute error | conditional **median** | outliers or heavy tails; every unit of error costs the same | Laplace |
# | Huber($\delta$) | between the two | mostly normal noise with a few gross errors; $\delta \approx 1.35\,\sigma$ | normal centre, Laplace tails |
# | pinball($q$) | conditional **$q$-quantile** | asymmetric costs (stock-outs vs overstock), prediction bands | asymmetric Laplace |
# | gamma deviance, log link | conditional **mean** of a positive $y$ | positive, right-skewed targets whose spread grows with the mean; relative errors matter | gamma |
#
# ## 3. Outliers: the mean chases them, the median does not
#
# 61 points on the line $y = 1 + 2x$ with unit normal noise, of which 6 at large $x$ are
# gross errors (25 units too high, think of a typo). We fit the same line
# $f(x;\theta) = b + w x$ under three losses with `LossRegressor`, which
# minimises the mean of any `course_utils` loss with `scipy.optimize` ("Going further" opens
# it up and checks it against scikit-learn).

# %%
X_out, y_out, is_outlier = make_outliers(61, n_outliers=6, shift=25.0, random_state=4)
fits_out = {
    "squared error": LossRegressor("squared_error").fit(X_out, y_out),
    "absolute error": LossRegressor("absolute_error").fit(X_out, y_out),
    "Huber, δ = 1.35": LossRegressor("huber", delta=1.35).fit(X_out, y_out),
}
x_line = np.array([0.0, 10.0])
ax = plot_fit(X_out[:, 0], y_out,
              {"true line y = 1 + 2x": (x_line, 1 + 2 * x_line)}
              | {f"{name}: slope {m.coef_[0]:.2f}": (x_line, m.predict(x_line[:, None]))
                 for name, m in fits_out.items()},
              title="The same line under three losses, 6 outliers at large x",
              xlabel="x (arbitrary units)", ylabel="y (arbitrary units)")
ax.scatter(X_out[is_outlier, 0], y_out[is_outlier], s=80, facecolors="none", edgecolors="k",
           linewidths=2, label="outliers")
ax.legend()
plt.show()

# %%
for name, m in fits_out.items():
    print(f"{name:16s} intercept {m.intercept_:6.3f}   slope {m.coef_[0]:6.3f}   (true 1, 2)")
slope_err = {name: abs(m.coef_[0] - 2.0) for name, m in fits_out.items()}
np.testing.assert_allclose(slope_err["squared error"], 1.0, atol=0.1)  # "about one unit"
assert max(slope_err["absolute error"], slope_err["Huber, δ = 1.35"]) < 0.2
print(f"squared error is tilted by {slope_err['squared error']:.2f}, about one unit of slope; "
      "absolute error and Huber stay within 0.2 of the true slope")

# %% [markdown]
# Six bad points out of 61 tilt the least-squares line by about one unit of slope (3.03 against
# the true 2), half as steep again: each squared
# residual of 25 weighs as much as 625 residuals of 1, so the line bends towards them. The
# absolute error only counts how many points lie above and below the line, so moving the
# outliers further away would not move it at all. Huber behaves like the absolute error for
# the outliers and like least squares for the rest.
#
# **The constant model makes it exact.** Take $f(x;\theta) = c$, a single number. Setting the
# derivative of the mean loss to zero:
#
# - squared error: $\frac{d}{dc}\frac1n\sum_i (y_i - c)^2 = -\frac2n\sum_i (y_i - c) = 0
#   \Rightarrow c = \bar y$, the **mean**;
# - absolute error: $\frac{d}{dc}\frac1n\sum_i \lvert y_i - c\rvert = \frac1n\big(\#\{y_i < c\} -
#   \#\{y_i > c\}\big) = 0 \Rightarrow$ as many points above as below: the **median**.
#
# The next cell evaluates both objectives on a grid of $c$ for the $y$ values above.

# %%
c_grid2 = np.linspace(5, 25, 2001)
mse_out = np.array([mean_squared_error(y_out, np.full_like(y_out, c)) for c in c_grid2])
mae_out = np.array([mean_absolute_error(y_out, np.full_like(y_out, c)) for c in c_grid2])
mean_y, median_y = y_out.mean(), np.median(y_out)

fig, axes = plt.subplots(1, 2, figsize=WIDE)
plot_objective_1d(c_grid2, mse_out, ax=axes[0],
                  marks={f"mean = {mean_y:.2f}": mean_y, f"median = {median_y:.2f}": median_y},
                  title="Squared error of a constant: minimum at the mean",
                  xlabel="constant prediction c (units of y)", ylabel="MSE (units of y²)")
plot_objective_1d(c_grid2, mae_out, ax=axes[1], color="C1",
                  marks={f"mean = {mean_y:.2f}": mean_y, f"median = {median_y:.2f}": median_y},
                  title="Absolute error of a constant: minimum at the median",
                  xlabel="constant prediction c (units of y)", ylabel="MAE (units of y)")
plt.show()

# %%
step2 = c_grid2[1] - c_grid2[0]
assert abs(c_grid2[mse_out.argmin()] - mean_y) <= step2 / 2
assert abs(c_grid2[mae_out.argmin()] - median_y) <= step2 / 2
print(f"argmin MSE = {c_grid2[mse_out.argmin()]:.2f} (mean {mean_y:.2f}); "
      f"argmin MAE = {c_grid2[mae_out.argmin()]:.2f} (median {median_y:.2f})")
y_clean = np.where(is_outlier, y_out - 25.0, y_out)
print(f"without the outliers: mean {y_clean.mean():.2f}, median {np.median(y_clean):.2f}; "
      f"the outliers moved the mean by {mean_y - y_clean.mean():.2f}, the median by "
      f"{median_y - np.median(y_clean):.2f}")

# %% [markdown]
# The MSE curve is a smooth parabola; the MAE curve is piecewise linear with a kink at every
# data point, and its minimum sits at the median. Keep the kinks in mind: they are why
# `LossRegressor` does not use a gradient-based optimiser for the absolute and quantile losses
# ("Going further" shows what goes wrong if it does).
#
# ## 4. Errors that are not normal
#
# *"Doesn't linear regression assume normal errors?"* Not for the fit. Least squares estimates
# the conditional **mean**, and it is unbiased for any noise distribution *with mean zero*
# (lesson 01, section 7); noise whose mean is not zero, or depends on $x$, biases it.
# Normality matters for two other things: exact confidence intervals and
# $p$-values, and *efficiency*: least squares is the maximum-likelihood estimator only for
# normal noise. When the noise is not normal, ask two questions. **Which summary of
# $y$ given $x$ do I want to predict** (mean, median, a quantile)? And **which loss estimates it
# well for this noise**? Three common departures:
#
# - **heavy tails** (Student's $t$, 2 degrees of freedom): a few huge errors;
# - **skewed** noise ($\mathrm{Exp}(1) - 1$): mean and median differ;
# - **heteroscedastic** noise: the spread grows with $x$.
#
# Quantile regression answers all three with a *band*: fit the pinball loss at
# $q = 0.1, 0.5, 0.9$ and 80 % of new points should fall between the outer lines. The next
# cell fits the three quantiles and least squares on 301 points of each kind.

# %%
noise_kinds = {"heavy-tailed (t, 2 df)": "student_t", "skewed (Exp(1) − 1)": "skewed",
               "heteroscedastic": "heteroscedastic"}
quantiles = (0.1, 0.5, 0.9)
x_grid = np.linspace(0, 10, 101)[:, None]
nonnormal = {}
for title, kind in noise_kinds.items():
    X_k, y_k = make_noisy_line(301, noise=kind, random_state=7)
    q_fits = {q: LossRegressor("quantile", quantile=q).fit(X_k, y_k) for q in quantiles}
    ols = LossRegressor("squared_error").fit(X_k, y_k)
    nonnormal[title] = (X_k, y_k, q_fits, ols)

fig, axes = plt.subplots(1, 3, figsize=(16, 5.5), sharey=True)
for ax, (title, (X_k, y_k, q_fits, ols)) in zip(axes, nonnormal.items(), strict=True):
    plot_quantile_bands(X_k[:, 0], y_k, x_grid[:, 0],
                        {q: m.predict(x_grid) for q, m in q_fits.items()},
                        extra={"least squares (mean)": ols.predict(x_grid)}, ax=ax,
                        title=title, xlabel="x (arbitrary units)", ylabel="y (arbitrary units)",
                        ylim=(-8, 32))
plt.show()

# %% [markdown]
# On the heavy-tailed data the band stays narrow although single points fly far out (the few beyond the
# frame are drawn as triangles on its edge, with their values in the legend); on the skewed data the median line sits below the mean line and the
# band is lopsided; on the heteroscedastic data the band fans out, which one least-squares line
# and a constant $\pm$ error bar cannot express.
#
# At the optimum of the pinball loss at most a fraction $q$ of the training points lies below
# the fitted $q$-line and at most $1 - q$ above it (Going further proves and checks it), so
# the band between $q = 0.1$ and $q = 0.9$ holds about 80 % of them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Each model wins on its own loss
#
# Fit the same line on the outlier data under five losses, then score every fitted line with
# every metric on the training data. Each model minimises its own loss over all lines, so it
# must be the best on that column, and no model is best everywhere. The figure shows each
# score as a percentage above the best score of its column (the numbers are the `course_utils`
# metrics; "Going further" checks them against `sklearn.metrics`).

# %%
models = {
    "squared error": LossRegressor("squared_error"),
    "absolute error": LossRegressor("absolute_error"),
    "Huber, δ = 1.35": LossRegressor("huber", delta=1.35),
    "quantile q = 0.1": LossRegressor("quantile", quantile=0.1),
    "quantile q = 0.9": LossRegressor("quantile", quantile=0.9),
}
scores = {
    "MSE": mean_squared_error, "RMSE": root_mean_squared_error, "MAE": mean_absolute_error,
    "Huber δ = 1.35": HuberLoss(1.35),
    "pinball 0.1": lambda y, p: mean_pinball_loss(y, p, alpha=0.1),
    "pinball 0.9": lambda y, p: mean_pinball_loss(y, p, alpha=0.9),
}
predictions = {name: model.fit(X_out, y_out).predict(X_out) for name, model in models.items()}
table = pd.DataFrame({metric: {name: score(y_out, pred) for name, pred in predictions.items()}
                      for metric, score in scores.items()})
plot_score_table(table.to_numpy(), list(models), list(scores),
                 title="Five fitted lines scored on six metrics (outlier data)",
                 xlabel="metric (training data)", ylabel="loss the line was fitted with")
plt.show()

# %%
own = {"squared error": ["MSE", "RMSE"], "absolute error": ["MAE"],
       "Huber, δ = 1.35": ["Huber δ = 1.35"], "quantile q = 0.1": ["pinball 0.1"],
       "quantile q = 0.9": ["pinball 0.9"]}
for name, cols in own.items():
    for col in cols:
        assert table[col].idxmin() == name, (name, col)
    print(f"{name:17s} has the smallest {' and '.join(cols)}")

# %% [markdown]
# The least-squares line has the best MSE and RMSE but a poor MAE; the median line has the best
# MAE but the worst MSE of the three symmetric fits; each quantile line is excellent on its own
# pinball loss and poor on the other. "Best fit" is not a property of the data alone: it is
# the data **and** the loss. Choose the loss that measures what you care about, then report
# it, together with a metric a human can read (RMSE or MAE, in the units of $y$).
#
# ## 6. Classification: the log loss with the sigmoid as f
#
# When $y$ is a class, coded 0 or 1, keep the linear $z = b + w^\top x$ but let $f$ turn it
# into a probability, $p = \sigma(z) = 1/(1 + e^{-z})$, and let $L$ punish confident mistakes:
#
# $$L(y, z) = -y\log p - (1 - y)\log(1 - p) = \log(1 + e^{z}) - y z, \qquad
# \frac{\partial L}{\partial z} = \sigma(z) - y .$$
#
# The gradient is again predicted minus observed. Write the label as $\tilde y = \pm 1$ and
# every loss depends only on the **margin** $\tilde y z$, positive on the right side:

# %%
margin = np.linspace(-3, 3, 601)
plot_margin_losses(margin, margin_losses(margin), title="Classification losses against the margin")
plt.show()

# %% [markdown]
# Accuracy counts the 0-1 loss, which is flat: no gradient to follow. The log loss is smooth,
# convex and keeps pushing wrong points across. The squared error also punishes points that
# are *too* right ($\tilde y z > 1$), which is why least squares on 0/1 labels classifies
# poorly. `GradientDescentClassifier` is lesson 03's loop with this L; with penalty
# $\frac{\alpha}{2}\lVert w\rVert^2$ it lands on `LogisticRegression(C=1/(nα))`:

# %%
Xc, yc = make_classification(300, 3, n_informative=3, n_redundant=0, flip_y=0.1, random_state=0)
Xc = StandardScaler().fit_transform(Xc)
alpha = 0.01
clf = GradientDescentClassifier(alpha=alpha, learning_rate=2.0, epochs=2000).fit(Xc, yc)
ref = LogisticRegression(C=1 / (len(yc) * alpha), solver="newton-cholesky", tol=1e-12).fit(Xc, yc)
np.testing.assert_allclose(clf.coef_, ref.coef_.ravel(), rtol=1e-8)
np.testing.assert_allclose(clf.intercept_, ref.intercept_[0], rtol=1e-8)
np.testing.assert_allclose(clf.predict_proba(Xc), ref.predict_proba(Xc), atol=1e-10)
print(f"w = {np.round(clf.coef_, 4)}, b = {clf.intercept_:.4f}: matches LogisticRegression "
      f"(rtol 1e-8); training accuracy {clf.score(Xc, yc):.3f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A model is a prediction function $f(x;\theta)$ plus a loss $L(y, \hat y)$; training
#   minimises the mean loss $J(\theta)$. Change $L$ and the best $\theta$ changes.
# - Squared error estimates the conditional mean (MSE and RMSE share the minimiser; RMSE is in
#   the units of $y$); absolute error the median; pinball($q$) the $q$-quantile; Huber sits in
#   between; the gamma deviance with a log link models a positive, skewed target's mean by
#   relative errors.
# - Outliers pull squared-error fits (six points tilted the slope by about one unit);
#   absolute and Huber losses resist them.
# - Non-normal errors of mean zero do not bias least squares, but they can make it wasteful (heavy tails) or
#   not the question you want answered (skew, changing spread): quantile regression gives
#   prediction bands, and at the optimum a fraction of at most $q$ of the points lies below the
#   $q$-line.
# - Any loss can be minimised with a general optimiser through $\nabla_\theta J =
#   \frac1n \tilde X^\top \partial L/\partial z$; smooth losses suit L-BFGS, kinked ones need a
#   derivative-free method or the exact linear programme. Each fit matches its scikit-learn
#   twin; `HuberRegressor` also estimates a scale, and matches at $\delta = \epsilon\hat\sigma$.
# - Classification is the same recipe: $f = \sigma(b + w^\top x)$, $L$ = the log loss, gradient
#   $\sigma(z) - y$; gradient descent lands on `LogisticRegression`.
#
# ## Exercises
#
# 1. **The quantile of a constant.** For a constant prediction $c$, differentiate the mean
#    pinball loss and show that its minimiser has a fraction $q$ of the data below it. Check
#    with `LossRegressor("quantile", quantile=0.75)` fitted on a single feature of zeros.
# 2. **Move the outliers.** Rebuild the section 3 data with `shift=250` instead of 25. Which
#    of the three lines move, and by how much? Explain with the shape of each loss.
# 3. **Tuning Huber.** Fit `LossRegressor("huber", delta=d)` for `d` from 0.05 to 50 on the
#    outlier data and plot the slope against `d` (log scale). Which fits do you reach at each end?
# 4. **Asymmetric costs.** A bakery loses 3 € on each unsold loaf and 1 € of profit on each
#    customer turned away. Which quantile $q$ of tomorrow's demand should it bake? Write the
#    cost as a pinball loss to find out.
# 5. **Log-transform or gamma?** Fit least squares to $\log y$ on the gamma data and predict
#    with $e^{\hat z}$. Compare its mean prediction with the gamma fit's and with
#    $\bar y$. Why is the back-transformed fit biased low (hint: $\mathbb E[\log y] < \log
#    \mathbb E[y]$)?

# %% [markdown] slideshow={"slide_type": "skip"}
# ## Going further
#
# Optional depth: the metrics checked against scikit-learn, MSE against RMSE drawn, why the
# quantile band holds 80 %, how wasteful least squares is under heavy tails, the gamma loss
# for positive skewed targets, the optimisers behind `LossRegressor` (from scratch, kinks,
# and scikit-learn's Huber objective), and the log loss of section 6 checked: its value and
# gradient, a learning rate from its curvature, and the classifier on several data sets.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The course's metrics are scikit-learn's
#
# The per-sample losses averaged over a data set are scikit-learn's metrics (with the factor 2
# for the half squared error and the half deviance written out); the `course_utils` versions
# agree with `sklearn.metrics`:

# %% slideshow={"slide_type": "skip"}
y_demo = np.random.default_rng(0).gamma(2.0, 2.0, size=200)
pred_demo = y_demo + np.random.default_rng(1).normal(0, 1.5, size=200)
checks = {
    "MSE = 2 x mean SquaredError": (2 * SquaredError()(y_demo, pred_demo),
                                    metrics.mean_squared_error(y_demo, pred_demo)),
    "RMSE": (root_mean_squared_error(y_demo, pred_demo),
             metrics.root_mean_squared_error(y_demo, pred_demo)),
    "MAE = mean AbsoluteError": (AbsoluteError()(y_demo, pred_demo),
                                 metrics.mean_absolute_error(y_demo, pred_demo)),
    "pinball q = 0.9": (QuantileLoss(0.9)(y_demo, pred_demo),
                        metrics.mean_pinball_loss(y_demo, pred_demo, alpha=0.9)),
    "Gamma deviance = 2 x mean GammaLoss": (2 * GammaLoss()(y_demo, np.log(np.abs(pred_demo) + 0.1)),
                                            metrics.mean_gamma_deviance(y_demo, np.abs(pred_demo) + 0.1)),
}
for name, (ours, sk) in checks.items():
    np.testing.assert_allclose(ours, sk, rtol=1e-12)
    print(f"{name:38s} {ours:8.4f}  matches sklearn.metrics")
sk_metrics = {"MSE": metrics.mean_squared_error, "RMSE": metrics.root_mean_squared_error,
              "MAE": metrics.mean_absolute_error,
              "pinball 0.1": lambda y, p: metrics.mean_pinball_loss(y, p, alpha=0.1),
              "pinball 0.9": lambda y, p: metrics.mean_pinball_loss(y, p, alpha=0.9)}
for metric, sk in sk_metrics.items():  # the score table of section 5, too
    for name, pred in predictions.items():
        np.testing.assert_allclose(table.loc[name, metric], sk(y_out, pred), rtol=1e-12)
print("the score table of section 5 agrees with sklearn.metrics to 1e-12")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### MSE or RMSE: one minimiser
#
# The RMSE is the square root of the MSE. The square root is increasing, so both are smallest
# at the same prediction: they rank models identically and define the same best fit. The RMSE
# is in the units of $y$ (k€, seconds, …), which is why it is the one you *report*; the MSE is
# the one you *optimise*, because its gradient is simpler. The next cell evaluates both for a constant prediction $c$ on a right-skewed sample.

# %% slideshow={"slide_type": "skip"}
y_skew = np.random.default_rng(3).lognormal(mean=3.0, sigma=0.6, size=301)  # e.g. prices (k€)
c_grid = np.linspace(0, 60, 1201)
mse_c = np.array([mean_squared_error(y_skew, np.full_like(y_skew, c)) for c in c_grid])
rmse_c = np.sqrt(mse_c)

fig, axes = plt.subplots(1, 2, figsize=WIDE)
plot_objective_1d(c_grid, mse_c, marks={f"mean = {y_skew.mean():.2f} k€": y_skew.mean()},
                  ax=axes[0], title="MSE of a constant prediction",
                  xlabel="constant prediction c (k€)", ylabel="MSE (k€²)")
plot_objective_1d(c_grid, rmse_c, marks={f"mean = {y_skew.mean():.2f} k€": y_skew.mean()},
                  ax=axes[1], color="C1", title="RMSE of a constant prediction",
                  xlabel="constant prediction c (k€)", ylabel="RMSE (k€)")
plt.show()

# %% slideshow={"slide_type": "skip"}
step = c_grid[1] - c_grid[0]
assert mse_c.argmin() == rmse_c.argmin()
assert abs(c_grid[mse_c.argmin()] - y_skew.mean()) <= step / 2
print(f"MSE and RMSE are both smallest at c = {c_grid[mse_c.argmin()]:.2f} k€, "
      f"the grid point nearest the mean {y_skew.mean():.2f} k€")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Why 80 %?
#
# Why 80 %? At the optimum of the pinball loss, shifting the line up by a tiny $\varepsilon$
# changes $nJ$ by $\varepsilon\big((1-q)(\#\text{below} + \#\text{on}) - q\,\#\text{above}\big)$
# and shifting it down by $\varepsilon\big(q(\#\text{above} + \#\text{on}) - (1-q)\,\#\text{below}\big)$.
# Neither can be negative at a minimum, which rearranges to: at most a fraction $q$ of the
# points lies strictly below the fitted $q$-line, and at most $1 - q$ strictly above. That is
# exact on the training data, checked here:

# %% slideshow={"slide_type": "skip"}
rows = []
for title, (X_k, y_k, q_fits, _) in nonnormal.items():
    for q, m in q_fits.items():
        resid = y_k - m.predict(X_k)
        n_zero = np.sum(np.abs(resid) < 1e-9)  # points the line passes through
        below, above = np.mean(resid < -1e-9), np.mean(resid > 1e-9)
        assert below <= q + 1e-12 and above <= 1 - q + 1e-12
        rows.append({"noise": title, "q": q, "fraction below": below,
                     "fraction above": above, "points on the line": n_zero})
print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
print("every fitted q-line has at most q of the points below it and at most 1 - q above")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Heavy tails: least squares is unbiased but wasteful
#
# For the mean of symmetric noise, least squares and the median regression estimate the same
# line. Which is better? A seeded simulation: 300 data sets of 51 points with Student-$t$ noise
# (2 degrees of freedom), each fitted by least squares (closed form, lesson 01) and by absolute
# error.

# %% slideshow={"slide_type": "skip"}
mc = np.random.default_rng(11)
n_mc, reps = 51, 300
x_mc = np.linspace(0, 10, n_mc)
Y_mc = 1.0 + 2.0 * x_mc + mc.standard_t(2.0, size=(reps, n_mc))
slopes_ls = (np.linalg.pinv(add_intercept(x_mc[:, None])) @ Y_mc.T)[1]
slopes_lad = np.array([LossRegressor("absolute_error").fit(x_mc[:, None], y).coef_[0]
                       for y in Y_mc])
plot_histograms({"least squares": slopes_ls, "absolute error": slopes_lad}, truth=2.0,
                title="Slope estimates over 300 data sets with heavy-tailed noise",
                xlabel="estimated slope (y units per x unit)")
plt.show()

# %% slideshow={"slide_type": "skip"}
for name, s in {"least squares": slopes_ls, "absolute error": slopes_lad}.items():
    print(f"{name:15s} mean slope {s.mean():.3f}   standard deviation {s.std():.3f}")
    assert abs(np.median(s) - 2.0) < 0.03
assert slopes_lad.std() < 0.75 * slopes_ls.std()
print("both centred on the true slope 2; the absolute-error slope varies at least 25 % less")

# %% [markdown] slideshow={"slide_type": "skip"}
# Both are centred on the truth, but the absolute error's estimates are much tighter: the
# rare huge errors throw the least-squares line around. With heavy tails, a robust loss
# (absolute or Huber) is the *more accurate* way to estimate the centre.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### A positive, right-skewed target: the gamma loss with a log link
#
# Claim sizes, repair times and prices are positive, skewed to the right, and their spread
# grows with their level: an error of 5 on a prediction of 10 matters more than on a
# prediction of 100. The gamma model handles all three:
#
# - it predicts $\hat y = e^{z}$ with the linear predictor $z = b + w x$ (a **log link**), so
#   predictions are always positive and effects are multiplicative;
# - its loss, the (half) gamma deviance $L = \log\frac{\hat y}{y} + \frac{y}{\hat y} - 1$,
#   depends only on the ratio $y / \hat y$: it scores **relative** errors, the same for a claim
#   of 10 k€ as for 100 k€.
#
# The gradient `GammaLoss` returns is with respect to $z$: $\partial L/\partial z =
# 1 - y e^{-z}$. The data below have mean $e^{0.5 + 0.25x}$ and gamma noise of shape 2.

# %% slideshow={"slide_type": "skip"}
X_g, y_g, mean_g = make_gamma_regression(301, intercept=0.5, slope=0.25, shape=2.0, random_state=5)
gamma_fit = LossRegressor("gamma").fit(X_g, y_g)
ls_fit = LossRegressor("squared_error").fit(X_g, y_g)
print(f"gamma, log link : y_hat = exp({gamma_fit.intercept_:.3f} + {gamma_fit.coef_[0]:.3f} x)"
      "   (true exp(0.5 + 0.25 x))")
print(f"least squares   : y_hat = {ls_fit.intercept_:.3f} + {ls_fit.coef_[0]:.3f} x")

order = np.argsort(X_g[:, 0])
ax = plot_fit(X_g[:, 0], y_g,
              {"true mean exp(0.5 + 0.25x)": (X_g[order, 0], mean_g[order]),
               "gamma loss, log link": (x_grid[:, 0], gamma_fit.predict(x_grid)),
               "squared error, straight line": (x_grid[:, 0], ls_fit.predict(x_grid))},
              title="A positive, right-skewed target (e.g. claim sizes)",
              xlabel="x (arbitrary units)", ylabel="y (k€)")
plt.show()

# %% slideshow={"slide_type": "skip"}
dev_gamma = metrics.mean_gamma_deviance(y_g, gamma_fit.predict(X_g))
ls_pred = ls_fit.predict(X_g)
print(f"least-squares predictions: smallest {ls_pred.min():.2f} k€; "
      f"{int((ls_pred <= 0).sum())} of {len(y_g)} are <= 0, where the gamma deviance is undefined")
print(f"mean gamma deviance of the gamma model: {dev_gamma:.4f}")
for x0 in (0.0, 10.0):
    print(f"at x = {x0:4.1f}: true mean {np.exp(0.5 + 0.25 * x0):6.2f} k€, gamma model "
          f"{gamma_fit.predict([[x0]])[0]:6.2f} k€, straight line {ls_fit.predict([[x0]])[0]:6.2f} k€")
np.testing.assert_allclose(gamma_fit.coef_[0], 0.25, atol=0.03)
np.testing.assert_allclose(2 * gamma_fit.objective_, dev_gamma, rtol=1e-12)
assert (gamma_fit.predict(x_grid) > 0).all()
print("gamma fit within 0.03 of the true slope 0.25, always positive; "
      "twice its training loss is sklearn's mean_gamma_deviance")

# %% [markdown] slideshow={"slide_type": "skip"}
# The straight line misses the curvature and predicts too low at both ends of the $x$ range;
# the log-link model follows the exponential mean and can never predict a negative claim.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Fitting under each loss from scratch
#
# Any loss turns into a training objective over the parameters. For the linear model with
# design matrix $\tilde X = [\mathbf 1, X]$ (lesson 01), the linear predictor is
# $z = \tilde X\theta$ (the prediction itself, or its logarithm for the gamma loss) and
#
# $$J(\theta) = \frac1n\sum_i L(y_i, z_i), \qquad
# \nabla_\theta J = \frac1n \tilde X^\top \Big(\frac{\partial L}{\partial z_i}\Big)_i
# \quad\text{(chain rule)}.$$
#
# The loss object supplies $L$ and $\partial L/\partial z$ (`loss(y, raw)`,
# `loss.gradient(y, raw)`); `scipy.optimize.minimize` does the rest. *How* it walks downhill
# is lesson 03. Here are the few lines it takes for the gamma loss, compared with scikit-learn's
# `GammaRegressor(alpha=0)`, which minimises the same mean half deviance.

# %% slideshow={"slide_type": "skip"}
loss = get_loss("gamma")
Xt_g = add_intercept(X_g)


def J(theta):
    return loss(y_g, Xt_g @ theta)


def grad_J(theta):
    return Xt_g.T @ loss.gradient(y_g, Xt_g @ theta) / len(y_g)


res = minimize(J, x0=np.zeros(2), jac=grad_J, method="L-BFGS-B",
               options={"gtol": 1e-10, "ftol": np.finfo(float).eps})
sk_gamma = GammaRegressor(alpha=0.0, solver="newton-cholesky", tol=1e-12).fit(X_g, y_g)
print(f"scipy.optimize on GammaLoss : theta = ({res.x[0]:.6f}, {res.x[1]:.6f})")
print(f"GammaRegressor(alpha=0)     : theta = ({sk_gamma.intercept_:.6f}, {sk_gamma.coef_[0]:.6f})")
np.testing.assert_allclose(res.x, [sk_gamma.intercept_, sk_gamma.coef_[0]], rtol=1e-7)
print("matches to 1e-7 relative (L-BFGS stops at a gradient below 1e-10)")

# %% [markdown] slideshow={"slide_type": "skip"}
# `LossRegressor` packages exactly these lines (with input checks and a choice of solver, and
# tested against scikit-learn in `tests/test_loss_fit.py`). For each loss, the scikit-learn
# estimator that minimises the same objective:
#
# | loss | scikit-learn twin | solver in `LossRegressor` |
# |---|---|---|
# | squared error | `LinearRegression()` (closed form) | L-BFGS with the gradient |
# | absolute error | `QuantileRegressor(quantile=0.5, alpha=0)` (linear programme) | linear programme |
# | quantile $q$ | `QuantileRegressor(quantile=q, alpha=0)` | linear programme |
# | gamma, log link | `GammaRegressor(alpha=0)` (Newton) | L-BFGS with the gradient |
# | Huber | `HuberRegressor` optimises a *different* objective: below | L-BFGS with the gradient |
#
# The next cell fits the smooth and the piecewise-linear losses on the heavy-tailed data of
# section 4 and asserts agreement with each twin.

# %% slideshow={"slide_type": "skip"}
X_t, y_t, *_ = nonnormal["heavy-tailed (t, 2 df)"]
ours = LossRegressor("squared_error").fit(X_t, y_t)
ref = LinearRegression().fit(X_t, y_t)
np.testing.assert_allclose([ours.intercept_, *ours.coef_], [ref.intercept_, *ref.coef_], rtol=1e-7)
print(f"squared error   : slope {ours.coef_[0]:.4f}  matches LinearRegression (rtol 1e-7)")
for q in (0.1, 0.5, 0.9):
    ours = LossRegressor("quantile", quantile=q).fit(X_t, y_t)
    ref = QuantileRegressor(quantile=q, alpha=0.0).fit(X_t, y_t)
    # Same linear programme, same HiGHS solver: agreement to rounding.
    np.testing.assert_allclose([ours.intercept_, *ours.coef_], [ref.intercept_, *ref.coef_],
                               rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.objective_, mean_pinball_loss(y_t, ref.predict(X_t), alpha=q),
                               rtol=1e-12)
    print(f"quantile q = {q} : slope {ours.coef_[0]:.4f}  matches QuantileRegressor (rtol 1e-8)")
ours = LossRegressor("absolute_error").fit(X_t, y_t)
ref = QuantileRegressor(quantile=0.5, alpha=0.0).fit(X_t, y_t)
np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-8)
np.testing.assert_allclose(ours.objective_, metrics.mean_absolute_error(y_t, ref.predict(X_t)), rtol=1e-12)
print(f"absolute error  : slope {ours.coef_[0]:.4f}  matches QuantileRegressor(quantile=0.5); "
      "its mean loss is the MAE")
ours = LossRegressor("gamma").fit(X_g, y_g)
np.testing.assert_allclose(ours.predict(X_g), sk_gamma.predict(X_g), rtol=1e-7)
print(f"gamma           : slope {ours.coef_[0]:.4f}  matches GammaRegressor(alpha=0) (rtol 1e-7)")

# %% [markdown] slideshow={"slide_type": "skip"}
# #### Kinks: why not L-BFGS for the absolute and quantile losses?
#
# L-BFGS builds a quadratic model of $J$ from gradients and stops when the gradient is
# nearly zero. A piecewise-linear $J$ breaks both ideas: there is no curvature to model, and the
# gradient never becomes small: it *jumps* as the line crosses a data point, and at the
# minimum only a *subgradient* is zero. The next cell evaluates the gradient norm of the
# squared and the pinball objective at points ever closer to their minimisers, and draws it.

# %% slideshow={"slide_type": "skip"}
q = 0.9
lp = LossRegressor("quantile", quantile=q).fit(X_out, y_out)
Xt_out = add_intercept(X_out)
theta_ls = np.linalg.lstsq(Xt_out, y_out, rcond=None)[0]  # exact least-squares minimiser
direction = np.array([0.6, 0.8])  # a unit vector in (intercept, slope) space


def grad_norm(loss, theta):
    return np.linalg.norm(Xt_out.T @ loss.gradient(y_out, Xt_out @ theta) / len(y_out))


distances = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7]
g_sq = np.array([grad_norm(SquaredError(), theta_ls + t * direction) for t in distances])
g_pb = np.array([grad_norm(QuantileLoss(q), np.r_[lp.intercept_, lp.coef_] + t * direction)
                 for t in distances])
ax = plot_lines(distances, {"squared error": g_sq, f"pinball, q = {q}": g_pb},
                title="Gradient norm near the minimiser: smooth against kinked",
                xlabel="distance to the minimiser (parameter units, log scale)",
                ylabel="|∇J| (units of J per parameter unit, log scale)", logx=True, logy=True)
ax.invert_xaxis()  # closer and closer to the minimiser, left to right
plt.show()
np.testing.assert_allclose(g_sq / np.array(distances), g_sq[0] / distances[0], rtol=1e-6)
assert g_pb.min() > 0.05
print(f"the squared-error gradient shrinks in proportion to the distance (to 1e-6); "
      f"the pinball gradient stays above 0.05 (smallest {g_pb.min():.3f})")

# %% [markdown] slideshow={"slide_type": "skip"}
# So a gradient test cannot tell L-BFGS it has arrived, and its line search stalls where the
# kinks meet. Two remedies: a **derivative-free** method such as Nelder-Mead, which only
# compares values of $J$ at the corners of a shrinking triangle (fine for a handful of
# parameters), or the exact **linear programme** that `QuantileRegressor` solves:
#
# $$\min_{\theta,\,u^+,\,u^- \ge 0}\ \frac1n\sum_i \big(q\,u_i^+ + (1-q)\,u_i^-\big)
# \quad\text{s.t.}\quad \tilde X\theta + u^+ - u^- = y,$$
#
# where $u^+ - u^-$ is the residual split into its positive and negative parts. The next cell
# fits the $q = 0.9$ line on the outlier data of section 3 all three ways and draws the
# objective around the minimum.

# %% slideshow={"slide_type": "skip"}
fits_q = {
    "linear programme (exact)": lp,
    "Nelder-Mead": LossRegressor("quantile", quantile=q, solver="nelder-mead").fit(X_out, y_out),
}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    fits_q["L-BFGS"] = LossRegressor("quantile", quantile=q, solver="lbfgs").fit(X_out, y_out)
course_warnings = [w for w in caught if issubclass(w.category, CourseWarning)]
print(f"CourseWarning: {course_warnings[0].message}\n")
for name in ("linear programme (exact)", "Nelder-Mead"):
    m = fits_q[name]
    print(f"{name:25s} intercept {m.intercept_:7.3f}  slope {m.coef_[0]:6.3f}  J = {m.objective_:.6f}")
# Where exactly L-BFGS stalls depends on the last bits of its line searches, so its numbers are
# not printed (they could differ on another CPU); the figure shows the point, the next cell
# asserts a bound.
print(f"{'L-BFGS':25s} stopped elsewhere: the round marker in the figure")

b_grid = np.linspace(-4.6, -2.0, 261)
w_grid = np.linspace(4.9, 5.5, 241)
raw = b_grid[None, :, None] + w_grid[:, None, None] * X_out[None, None, :, 0]  # (w, b, sample)
J_grid = QuantileLoss(q).per_sample(np.broadcast_to(y_out, raw.shape).ravel(),
                                    raw.ravel()).reshape(raw.shape).mean(axis=-1)
plot_objective_contour(b_grid, w_grid, J_grid,
                  {name: (m.intercept_, m.coef_[0]) for name, m in fits_q.items()},
                  levels=J_grid.min() + (np.quantile(J_grid, 0.6) - J_grid.min()) * np.linspace(0, 1, 25) ** 2,
                  title="Mean pinball loss (q = 0.9) near its minimum: straight-edged valleys",
                  xlabel="intercept b (units of y)", ylabel="slope w (units of y per x)")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# The contours are polygons: $J$ is flat-sided, with a crease along every line where a
# residual changes sign. L-BFGS stopped on a crease, short of the minimum; called with
# `minimize`'s default tolerances it even reports `success=True` there. Nelder-Mead found the
# same corner as the linear programme. The claims, asserted (the tolerances follow from the
# stopping rules):

# %% slideshow={"slide_type": "skip"}
J_lp, J_nm, J_lb = (fits_q[k].objective_ for k in ("linear programme (exact)", "Nelder-Mead", "L-BFGS"))
sk_q = QuantileRegressor(quantile=q, alpha=0.0).fit(X_out, y_out)
J_sk = mean_pinball_loss(y_out, sk_q.predict(X_out), alpha=q)
theta_sk = [sk_q.intercept_, sk_q.coef_[0]]
nm = fits_q["Nelder-Mead"]
# Objective values, tightly: the LP is exact and NM stops when J varies by < tol = 1e-10.
np.testing.assert_allclose(J_lp, J_sk, rtol=1e-12)
np.testing.assert_allclose(J_nm, J_sk, rtol=1e-9)
# Coefficients: 61 * 0.9 is not an integer, so the minimiser is a unique corner, and J rises
# linearly away from it; NM's final triangle is smaller than tol = 1e-10, so 1e-7 is generous.
np.testing.assert_allclose([lp.intercept_, lp.coef_[0]], theta_sk, rtol=1e-8)
np.testing.assert_allclose([nm.intercept_, nm.coef_[0]], theta_sk, atol=1e-7)
print("linear programme: J matches QuantileRegressor to 1e-12, coefficients to 1e-8")
print("Nelder-Mead     : J matches to 1e-9, coefficients to 1e-7")
assert J_lb > J_sk + 1e-6 and abs(fits_q["L-BFGS"].coef_[0] - sk_q.coef_[0]) > 0.05
print("L-BFGS          : J more than 1e-6 above the minimum, slope off by more than 0.05")
pinball_q = QuantileLoss(q)
res_default = minimize(lambda t: pinball_q(y_out, Xt_out @ t), x0=np.r_[y_out.mean(), 0.0],
                       jac=lambda t: Xt_out.T @ pinball_q.gradient(y_out, Xt_out @ t) / len(y_out),
                       method="L-BFGS-B")  # scipy's default tolerances
assert res_default.success and res_default.fun > J_sk + 1e-6
print("L-BFGS, default tolerances: success=True, yet J more than 1e-6 above the minimum")

# %% [markdown] slideshow={"slide_type": "skip"}
# L-BFGS does not always fail on kinked losses; with many points $J$ is nearly smooth and it
# often lands close. The trouble is that you cannot tell from its output: with its default
# tolerances it reported success here. That is why `LossRegressor` uses the linear programme
# for the absolute and quantile losses by default and warns when you ask for L-BFGS.
#
# #### Huber: scikit-learn optimises a different objective
#
# `HuberRegressor` does not minimise the mean Huber loss at a fixed $\delta$. Its threshold
# `epsilon` is measured in units of a noise **scale** $\sigma$ that it estimates at the same time,
# minimising over $(w, b, \sigma)$
#
# $$\sum_{i=1}^n\Big(\sigma + \sigma\,H_\epsilon\Big(\frac{y_i - x_i^\top w - b}{\sigma}\Big)\Big)
# + \alpha\lVert w\rVert^2, \qquad H_\epsilon(z) = \begin{cases} z^2 & |z| < \epsilon\\
# 2\epsilon|z| - \epsilon^2 & |z| \ge \epsilon.\end{cases}$$
#
# This makes it *scale invariant* (measure $y$ in € or k€, same fit), which a fixed $\delta$ is
# not. (`SGDRegressor(loss="huber", epsilon=δ)` does use the fixed-$\delta$ loss of this lesson,
# trained by the stochastic gradient descent of lesson 03.) A line of algebra connects the two: $\sigma H_\epsilon(r/\sigma) = \frac{2}{\sigma}
# L_\delta(r)$ with $\delta = \epsilon\sigma$. So (1) we can write HuberRegressor's objective with
# the course's `HuberLoss` (`huber_regressor_objective`) and minimise it ourselves, and (2) at
# HuberRegressor's fitted scale, its line is our Huber fit with $\delta = \epsilon\hat\sigma$.

# %% slideshow={"slide_type": "skip"}
eps = 1.35
sk_huber = HuberRegressor(epsilon=eps, alpha=0.0, tol=1e-12, max_iter=10_000).fit(X_out, y_out)
theta_sk = np.r_[sk_huber.coef_, sk_huber.intercept_, sk_huber.scale_]  # sklearn's order


def huber_objective(theta):
    return huber_regressor_objective(theta, X_out, y_out, epsilon=eps)


res_h = minimize(huber_objective, x0=np.r_[0.0, 0.0, 1.0], method="L-BFGS-B",
                 bounds=[(None, None), (None, None), (1e-8, None)],
                 options={"gtol": 1e-10, "ftol": np.finfo(float).eps, "maxiter": 10_000})
print(f"from scratch  : slope {res_h.x[0]:.4f}  intercept {res_h.x[1]:.4f}  scale {res_h.x[2]:.4f}")
print(f"HuberRegressor: slope {theta_sk[0]:.4f}  intercept {theta_sk[1]:.4f}  scale {theta_sk[2]:.4f}")
# HuberRegressor's L-BFGS-B also stops on scipy's default relative-decrease test
# (ftol ~ 2.2e-9) whatever its tol, so its parameters carry errors of ~1e-6: compare at 1e-5,
# and check that ours reaches an objective at least as low.
assert res_h.fun <= huber_objective(theta_sk) * (1 + 1e-12)
np.testing.assert_allclose(res_h.x, theta_sk, rtol=1e-5)
print("same objective, same minimiser (rtol 1e-5); ours is at least as low")

fixed = LossRegressor("huber", delta=eps * sk_huber.scale_).fit(X_out, y_out)
np.testing.assert_allclose([fixed.intercept_, *fixed.coef_], theta_sk[[1, 0]], rtol=1e-5)
print(f"LossRegressor('huber', delta = epsilon x scale = {eps * sk_huber.scale_:.3f}) "
      "gives HuberRegressor's line (rtol 1e-5)")


# %% [markdown] slideshow={"slide_type": "skip"}
# ### The log loss of section 6, checked
#
# `LogLoss` is `sklearn.metrics.log_loss` of the probabilities $\sigma(z)$, its gradient is
# $\sigma(z) - y$ (central differences agree), and it is computed as
# $(\max(z, 0) - yz) + \log(1 + e^{-|z|})$, so $|z| = 1000$ neither overflows nor returns
# NaN: a confident mistake costs $|z|$, a confident right answer almost nothing.

# %% slideshow={"slide_type": "skip"}
log_loss_ = LogLoss()
z = np.random.default_rng(5).normal(0, 3, size=500)
y01 = (np.random.default_rng(6).random(500) < sigmoid(z)).astype(float)
np.testing.assert_allclose(log_loss_(y01, z), metrics.log_loss(y01, sigmoid(z)), rtol=1e-12)
h = 1e-6
numeric = (log_loss_.per_sample(y01, z + h) - log_loss_.per_sample(y01, z - h)) / (2 * h)
np.testing.assert_allclose(log_loss_.gradient(y01, z), numeric, rtol=1e-6, atol=1e-8)
np.testing.assert_allclose(log_loss_.gradient(y01, z), sigmoid(z) - y01, atol=1e-15)
with np.errstate(over="raise", invalid="raise", divide="raise"):
    extreme = log_loss_.per_sample(np.array([1.0, 0.0, 1.0]), np.array([-1000.0, 1000.0, 1000.0]))
np.testing.assert_allclose(extreme, [1000.0, 1000.0, 0.0])
print("log loss = sklearn.metrics.log_loss, gradient = sigma(z) - y (finite differences), "
      f"L at z = -1000, +1000, +1000: {extreme.round(1)}")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### A stable learning rate from the curvature
#
# The Hessian of the penalised mean log loss is $\frac1n\tilde X^\top S\tilde X$ plus
# $\alpha$ on $w$, with $S = \operatorname{diag}\big(\sigma(z_i)(1 - \sigma(z_i))\big)$ and
# $\sigma(1 - \sigma) \le \frac14$. So
# $\lambda_{\max} \le \frac14\lambda_{\max}(\tilde X^\top\tilde X/n) + \alpha$ wherever
# $\theta$ is, and a full-batch step of $\eta = 1/\text{bound}$ is stable (lesson 03:
# $\eta < 2/\lambda_{\max}$). For standardised features the bound is about a quarter of
# $1 +$ the largest correlation sum, so $\eta \approx 2$ above was safe. With that rate the
# classifier matches `LogisticRegression` on three more data sets, to rounding error:

# %% slideshow={"slide_type": "skip"}
def stable_rate(X, alpha):
    X1 = add_intercept(X)
    return 1.0 / (0.25 * np.linalg.eigvalsh(X1.T @ X1 / len(X))[-1] + alpha)


for n_c, d_c, seed in [(150, 2, 2), (200, 5, 1), (400, 8, 3)]:
    X_c, y_c = make_classification(n_c, d_c, n_informative=d_c, n_redundant=0, flip_y=0.1,
                                   random_state=seed)
    X_c = StandardScaler().fit_transform(X_c)
    for a in [0.001, 0.1]:
        eta = stable_rate(X_c, a)
        ours = GradientDescentClassifier(alpha=a, learning_rate=eta, epochs=3000).fit(X_c, y_c)
        lr = LogisticRegression(C=1 / (n_c * a), solver="newton-cholesky", tol=1e-14).fit(X_c, y_c)
        np.testing.assert_allclose(ours.coef_, lr.coef_.ravel(), rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(ours.predict_proba(X_c), lr.predict_proba(X_c), atol=1e-10)
        print(f"n = {n_c}, d = {d_c}, alpha = {a:<5}: eta = 1/bound = {eta:.2f}, "
              "matches LogisticRegression (rtol 1e-8)")
