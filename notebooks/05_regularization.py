# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 05 — Regularization: Ridge, Lasso and Elastic Net
#
# **You will learn**
# - why a flexible model fits the noise, and how a penalty trades a little bias for much less
#   variance;
# - L2 (Ridge), L1 (Lasso) and L1 + L2 (Elastic Net), and why only L1 sets coefficients to zero;
# - Ridge in closed form, and Lasso by **coordinate descent** (the soft threshold, as a loop);
# - regularization paths, correlated features, and choosing $\alpha$ by cross-validation on
#   standardised features.
#
# **Prerequisites:** lesson 01 (the normal equation, `NormalEquationRegressor`), lesson 02
# (squared loss), the idea of a train / validation split.
#
# **Class time:** about 60 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 20 seconds (`make notebooks` on 2 shared cores).

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.optimize import brentq
from sklearn.base import clone
from sklearn.linear_model import ElasticNet, Lasso, Ridge, lars_path
from sklearn.linear_model import enet_path as sk_enet_path
from sklearn.linear_model import lasso_path as sk_lasso_path
from sklearn.model_selection import KFold, validation_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from course_utils import (
    ElasticNetCD,
    GradientDescentRegressor,
    LassoCD,
    NormalEquationRegressor,
    add_intercept,
    bias_variance,
    enet_path,
    lasso_path,
    lasso_proximal_gradient,
    load_diabetes_raw,
    load_housing,
    make_correlated_groups,
    make_sine_curve,
    mean_squared_error,
    plot_bias_variance,
    plot_coef_bars,
    plot_coef_path_panels,
    plot_fit,
    plot_lines,
    plot_penalty_geometry,
    plot_validation_curve,
    ridge_path,
    soft_threshold,
)
from course_utils.plotting import setup_notebook

rng = setup_notebook(seed=0)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The problem: a flexible model fits the noise
#
# Twenty noisy points from one period of a sine, $y = \sin(2\pi x) + \varepsilon$ with
# $\varepsilon \sim N(0, 0.25^2)$, and a polynomial $\hat y = b + w_1 x + w_2 x^2 + \dots +
# w_k x^k$ fitted by least squares. A second, independent sample of 500 points from the same
# curve is the **validation set**: data the fit has not seen. The next cell fits degrees 1 to
# 15 and records the mean squared error (MSE) on both.

# %%
x_train, y_train = make_sine_curve(20, noise=0.25, random_state=1)
x_valid, y_valid = make_sine_curve(500, noise=0.25, random_state=2)
X_train, X_valid = x_train.reshape(-1, 1), x_valid.reshape(-1, 1)


def polynomial_model(degree, **kwargs):
    """Polynomial features of x, standardised, then a linear model (least squares by default)."""
    return make_pipeline(PolynomialFeatures(degree, include_bias=False), StandardScaler(),
                         NormalEquationRegressor(**{"method": "lstsq", **kwargs}))


def mse(model, X, y):
    return mean_squared_error(y, model.predict(X))


degrees = np.arange(1, 16)
fitted = [polynomial_model(k).fit(X_train, y_train) for k in degrees]
train_mse = np.array([mse(model, X_train, y_train) for model in fitted])
valid_mse = np.array([mse(model, X_valid, y_valid) for model in fitted])
best_degree = int(degrees[valid_mse.argmin()])
for k in sorted({1, best_degree, 9, 15}):
    print(f"degree {k:2d}: training MSE {train_mse[k - 1]:.4f}   validation MSE {valid_mse[k - 1]:#.4g}")

# %% [markdown]
# The training error only goes down as the degree grows: more coefficients can always fit the
# same points at least as well. The validation error goes down, then up, by orders of magnitude.

# %%
fig, axes = plt.subplots(1, 2, figsize=(14, 5))
plot_lines(degrees, {"training MSE": train_mse, "validation MSE": valid_mse},
           title="Error against polynomial degree (20 training points)",
           xlabel="polynomial degree k", ylabel="mean squared error (log scale)",
           ax=axes[0], logy=True)
grid = np.linspace(0, 1, 400).reshape(-1, 1)
fits = {f"degree {k}": (grid[:, 0], polynomial_model(k).fit(X_train, y_train).predict(grid))
        for k in [best_degree, 15]}
fits["true curve sin(2πx)"] = (grid[:, 0], np.sin(2 * np.pi * grid[:, 0]))
plot_fit(x_train, y_train, fits, title="Least-squares polynomials through 20 points",
         xlabel="x (arbitrary units)", ylabel="y (arbitrary units)", ax=axes[1],
         data_label="training points", data_size=45, ylim=(-2.5, 2.5))
plt.show()

# %% [markdown]
# Degree 15 threads the training points and swings wildly between them (the swings leave the
# plot): it has learnt the noise. Checked, not eyeballed:

# %%
assert np.all(np.diff(train_mse) <= 1e-12)  # training error never rises with the degree
assert valid_mse[14] > 100 * valid_mse.min()  # degree 15 is far worse on new data
assert 2 <= best_degree <= 6
print(f"training MSE falls monotonically; validation MSE is smallest at degree {best_degree} "
      f"and more than 100 times larger at degree 15")

# %% [markdown]
# Two ways out: use a less flexible model (pick the degree), or keep the flexible model and
# **penalise large coefficients**. The wild degree-15 curve needs huge, finely cancelling
# coefficients; a penalty makes them expensive. The same happens with many correlated
# features instead of powers of $x$ (section 6).
#
# ## 2. Penalties added to the loss
#
# With $n$ samples, $d$ features, weights $w$ and an intercept $b$, in scikit-learn's scaling:
#
# | model | minimises | penalty |
# |---|---|---|
# | Ridge | $\lVert y - Xw - b\rVert_2^2 + \alpha\lVert w\rVert_2^2$ | L2: $\sum_j w_j^2$ |
# | Lasso | $\dfrac{1}{2n}\lVert y - Xw - b\rVert_2^2 + \alpha\lVert w\rVert_1$ | L1: $\sum_j \lvert w_j\rvert$ |
# | Elastic Net | $\dfrac{1}{2n}\lVert y - Xw - b\rVert_2^2 + \alpha\rho\lVert w\rVert_1 + \dfrac{\alpha(1-\rho)}{2}\lVert w\rVert_2^2$ | both, L1 share $\rho$ = `l1_ratio` |
#
# $\alpha \ge 0$ sets the strength ($\alpha = 0$: least squares); the intercept $b$ is
# **never** penalised (section 3). Ridge's data term is a plain sum of squares, the others'
# the course's half mean $J$, so the Elastic Net with $\rho = 0$ and strength $\alpha$ is
# Ridge with strength $n\alpha$.
#
# ### The geometry: why L1 lands on zeros
#
# Each penalised problem is equivalent to a constrained one: minimise the loss subject to
# $\lVert w\rVert_1 \le t$ (Lasso) or $\lVert w\rVert_2 \le t$ (Ridge), for a budget $t$
# that depends on $\alpha$. With two coefficients the L1 ball is a diamond and the L2 ball a
# circle. The solution is where the loss contours, growing from the unpenalised minimum,
# first touch the ball. The next cell builds a two-feature problem, fixes the budget
# $t = 1.2$, finds the Lasso and Ridge strengths that spend exactly that budget (a root
# search on $\alpha$); "Going further" checks each answer by brute force along the ball's
# boundary.

# %%
geo = np.random.default_rng(5)
X2 = geo.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]], size=100)
y2 = X2 @ np.array([2.0, 0.6]) + geo.normal(0, 1.0, size=100)
X2, y2 = X2 - X2.mean(axis=0), y2 - y2.mean()  # centred: no intercept needed
budget = 1.2


def lasso_2d(alpha):
    return LassoCD(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X2, y2).coef_


def ridge_2d(alpha):
    return ridge_path(X2, y2, [alpha])[1][:, 0]


alpha_l1 = brentq(lambda a: np.abs(lasso_2d(a)).sum() - budget, 1e-6, 10.0, xtol=1e-12)
alpha_l2 = brentq(lambda a: np.linalg.norm(ridge_2d(a)) - budget, 1e-6, 1e6, xtol=1e-12)
w_lasso, w_ridge = lasso_2d(alpha_l1), ridge_2d(alpha_l2)
w_ols = np.linalg.lstsq(X2, y2, rcond=None)[0]


def half_mse(W):
    """(1/2n)||y - X w||^2 for each column w of W."""
    return ((y2[:, None] - X2 @ W) ** 2).sum(axis=0) / (2 * len(y2))


angle = np.linspace(0, 2 * np.pi, 40_001)
direction = np.vstack([np.cos(angle), np.sin(angle)])
diamond = budget * direction / np.abs(direction).sum(axis=0)  # ||w||_1 = t
circle = budget * direction  # ||w||_2 = t
assert w_lasso[1] == 0.0 and np.all(w_ridge != 0)
print(f"Lasso, alpha = {alpha_l1:.4f}: w = ({w_lasso[0]:.3f}, {w_lasso[1]:.3f})  |w|_1 = {budget}")
print(f"Ridge, alpha = {alpha_l2:.2f}: w = ({w_ridge[0]:.3f}, {w_ridge[1]:.3f})  ||w||_2 = {budget}")

# %%
W1, W2 = np.meshgrid(np.linspace(-0.6, 2.6, 241), np.linspace(-1.3, 1.5, 211))
# every 100th boundary point is plenty for drawing (and keeps the four corners of the diamond)
loss_grid = half_mse(np.vstack([W1.ravel(), W2.ravel()])).reshape(W1.shape)
plot_penalty_geometry(
    W1, W2, loss_grid,
    {"L1 ball (Lasso)": (*diamond[:, ::100], w_lasso, half_mse(w_lasso[:, None])[0]),
     "L2 ball (Ridge)": (*circle[:, ::100], w_ridge, half_mse(w_ridge[:, None])[0])},
    ols=w_ols, title=f"Loss contours meet the penalty balls (budget t = {budget})",
    xlabel=r"$w_1$ (y units per x unit)", ylabel=r"$w_2$ (y units per x unit)",
)
plt.show()

# %% [markdown]
# The dashed contours are the ones that touch. A tilted ellipse growing from the star usually
# reaches a corner of the diamond first, on an axis: there $w_2 = 0$. The circle has no
# corners, so both Ridge coefficients stay non-zero, just smaller. In $d$ dimensions the L1
# ball has many corners where several coordinates are zero: **feature selection**.
#
# ## 3. Ridge in closed form
#
# The Ridge objective $\lVert y_c - X_c w\rVert^2 + \alpha\lVert w\rVert^2$ (on centred data,
# see below) is a quadratic bowl; setting its gradient $-2X_c^\top(y_c - X_c w) + 2\alpha w$ to
# zero gives
#
# $$(X_c^\top X_c + \alpha I)\,w = X_c^\top y_c .$$
#
# **It always has a solution.** $X_c^\top X_c$ has eigenvalues $\ge 0$, some exactly $0$ when
# features are collinear or $d > n$; adding $\alpha I$ lifts every one by $\alpha$, so for any
# $\alpha > 0$ the matrix is invertible ("Going further" checks it with 30 features for our
# 20 points).

# %% [markdown]
# Back to degree 15, now with a penalty of three strengths:

# %%
ridge_alphas = [1e-4, 1e-2, 1.0]
ridge_fits = {}
for a in ridge_alphas:
    model = polynomial_model(15, alpha=a, method="solve").fit(X_train, y_train)
    ridge_fits[f"Ridge alpha = {a:g}"] = (grid[:, 0], model.predict(grid))
    print(f"degree 15, Ridge alpha = {a:<6g}: training MSE {mse(model, X_train, y_train):.4f}   "
          f"validation MSE {mse(model, X_valid, y_valid):.4f}")
ridge_fits["true curve sin(2πx)"] = fits["true curve sin(2πx)"]
plot_fit(x_train, y_train, ridge_fits, title="Degree-15 polynomial with a Ridge penalty",
         xlabel="x (arbitrary units)", ylabel="y (arbitrary units)",
         data_label="training points", data_size=45, ylim=(-2.5, 2.5))
plt.show()

# %%
ridge_valid = mse(polynomial_model(15, alpha=1e-2).fit(X_train, y_train), X_valid, y_valid)
assert ridge_valid < valid_mse[14] / 1000 and ridge_valid < 2 * valid_mse.min()
print(f"degree 15 with alpha = 0.01: validation MSE {ridge_valid:.4f}, against "
      f"{valid_mse.min():.4f} for the best unpenalised degree and far more for degree 15")

# %% [markdown]
# A tiny penalty already tames the swings; a large one flattens the curve towards its mean
# (under-fitting). Too little and too much are both bad: section 7 picks $\alpha$ by
# cross-validation.
#
# ### A little bias for much less variance, measured
#
# Why does the penalty help? Split the expected error of the fitted curve at each $x$ into
# **bias²** (how far the average fit over many training sets lies from the true curve) and
# **variance** (how much the fit moves from one training set to the next). With the 20 $x$
# fixed and fresh noise in $y$ both are exact: every model here predicts
# $\hat y_{\text{grid}} = S\,y$, so the bias is $S f - f_{\text{grid}}$ ($f$ the true curve)
# and the variance $\sigma^2$ times the row sums of $S^2$, averaged over the grid.

# %%
def exact_bias_variance(model, sigma=0.25):
    """Average squared bias and variance of model's fit on grid, for fixed x_train."""
    S = np.column_stack([clone(model).fit(X_train, e).predict(grid) for e in np.eye(len(x_train))])
    f_train, f_grid = np.sin(2 * np.pi * x_train), np.sin(2 * np.pi * grid[:, 0])
    return np.mean((S @ f_train - f_grid) ** 2), sigma**2 * np.mean((S**2).sum(axis=1))


bv = {a: exact_bias_variance(polynomial_model(15, alpha=a, method="solve" if a else "lstsq"))
      for a in [0.0, *ridge_alphas]}
for a, (bias2, var) in bv.items():
    print(f"degree 15, alpha = {a:<6g}: bias^2 {bias2:8.4f}   variance {var:10.3g}")
(b0, v0), (b2, v2) = bv[0.0], bv[1e-2]
assert b0 < 1e-6 and b2 < 0.05 and v2 < v0 / 1e5
print(f"alpha = 0.01 raises the bias^2 from below 1e-6 to {b2:.3f} and cuts the variance "
      f"from {v0:.2g} to {v2:.3f}")

# %% [markdown]
# Least squares is (almost) unbiased here, but its variance is enormous. A penalty of $0.01$
# buys a bias² of about $0.03$ and cuts the variance by five orders of magnitude; a large
# $\alpha$ cuts it further, but its bias grows faster ("Going further" measures both by
# refitting).
#
# ### The intercept is not penalised
#
# Shifting every $y$ by a constant should shift the predictions by that constant and change
# nothing else. That only holds if the intercept is free. Centring does it: fit $w$ on $X_c$,
# $y_c$, then $b = \bar y - \bar x^\top w$. Penalising a column of ones instead (the naive
# way) pulls the intercept towards 0: with centred features it becomes
# $b = n\bar y/(n + \alpha)$ instead of $\bar y$, and with uncentred ones every other
# coefficient moves too ("Going further" checks both).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Lasso by coordinate descent
#
# The L1 penalty has a kink at $0$, so the Lasso has no closed form. But one coordinate at a
# time it does. Fix every coefficient except $w_j$ and let
# $r^{(j)} = y - \sum_{k \ne j} x_k w_k$ be the **partial residual**. The objective in $w_j$
# alone is
#
# $$\frac{1}{2n}\lVert r^{(j)} - x_j w_j\rVert^2 + \alpha\lvert w_j\rvert + \text{const}
#   = \frac{\lVert x_j\rVert^2}{2n}\,(w_j - u_j)^2 + \alpha\lvert w_j\rvert + \text{const},
#   \qquad u_j = \frac{x_j^\top r^{(j)}}{\lVert x_j\rVert^2}.$$
#
# A parabola plus a V. Where $w_j \ne 0$ the derivative must vanish:
# $\frac{\lVert x_j\rVert^2}{n}(w_j - u_j) + \alpha\,\mathrm{sign}(w_j) = 0$. Where $w_j = 0$
# the kink can absorb any slope up to $\alpha$ (the subgradient of $\lvert w\rvert$ at $0$ is
# $[-1, 1]$), so $w_j = 0$ whenever $\lvert x_j^\top r^{(j)}\rvert / n \le \alpha$. Both cases
# together are the **soft-threshold** update
#
# $$w_j \leftarrow \frac{S\!\left(x_j^\top r^{(j)} / n,\ \alpha\right)}{\lVert x_j\rVert^2 / n},
#   \qquad S(u, \gamma) = \mathrm{sign}(u)\max(\lvert u\rvert - \gamma,\ 0).$$
#
# Ridge's coordinate update would only *scale* $u$; the soft threshold *subtracts* $\alpha$
# and snaps to zero. That is where the zeros come from ("Going further" draws $S$).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The loop, written out
#
# Cyclic coordinate descent sweeps $j = 1, \dots, d$ again and again. Keeping the full
# residual $r = y - Xw$ up to date makes each step cheap: $x_j^\top r^{(j)} = x_j^\top r +
# \lVert x_j\rVert^2 w_j$, and after a change $\delta$ of $w_j$, $r \leftarrow r - \delta x_j$.
# The data: scikit-learn's diabetes study (442 patients, 10 baseline measurements, disease
# progression a year later), with standardised features and a centred target, so no
# intercept is needed.

# %%
X_raw, y_raw = load_diabetes_raw()
feature_names = list(X_raw.columns)
Xs = StandardScaler().fit_transform(X_raw)
yc = (y_raw - y_raw.mean()).to_numpy()
n, d = Xs.shape


def lasso_objective(w, X, y, alpha):
    return np.sum((y - X @ w) ** 2) / (2 * len(y)) + alpha * np.abs(w).sum()


def lasso_coordinate_descent(X, y, alpha, n_epochs):
    """Cyclic coordinate descent for the Lasso; returns w and the objective after each epoch."""
    n, d = X.shape
    w = np.zeros(d)
    r = y.copy()  # residual y - X w for w = 0
    col_sq = (X**2).sum(axis=0) / n  # ||x_j||^2 / n
    history = []
    for _ in range(n_epochs):
        for j in range(d):
            partial = X[:, j] @ r / n + col_sq[j] * w[j]  # x_j^T r^(j) / n
            w_new = soft_threshold(partial, alpha) / col_sq[j]
            r -= (w_new - w[j]) * X[:, j]
            w[j] = w_new
        history.append(lasso_objective(w, X, y, alpha))
    return w, np.array(history)


alpha = 1.0
w_loop, history = lasso_coordinate_descent(Xs, yc, alpha, n_epochs=300)
reference = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(Xs, yc)
np.testing.assert_allclose(w_loop, reference.coef_, atol=1e-6)
print(pd.Series(w_loop, index=feature_names).round(3).to_string())
print(f"{np.sum(w_loop == 0)} of {d} coefficients exactly 0; matches sklearn's Lasso to 1e-6")

# %% [markdown]
# Each step minimises the objective exactly in one coordinate, so the objective never goes up.
# `course_utils.LassoCD` and `ElasticNetCD` run the same update with a stopping rule you can
# trust (the duality gap, scikit-learn's own rule) and precomputed $X^\top X$ for speed;
# "Going further" draws the convergence, checks both against scikit-learn, and shows why
# plain gradient descent never reaches the zeros while a proximal step does.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Regularization paths
#
# A **path** is the set of solutions for a grid of $\alpha$ from $\alpha_{\max}$, the smallest
# strength that zeros every Lasso coefficient ($\max_j \lvert x_j^\top y\rvert / n$, from the
# soft threshold at $w = 0$), down to $\alpha_{\max}/1000$. `lasso_path` and `enet_path` solve
# it from large to small $\alpha$, each fit starting from the previous one (a **warm start**).
# Like scikit-learn's, they fit no intercept: we pass standardised $X$ and centred $y$.

# %%
alphas, coefs_lasso, _ = lasso_path(Xs, yc, tol=1e-10)
_, coefs_enet, _ = enet_path(Xs, yc, l1_ratio=0.5, alphas=alphas, tol=1e-10)
alpha_max = np.abs(Xs.T @ yc).max() / n
np.testing.assert_allclose(alphas[0], alpha_max, rtol=1e-12)
assert not coefs_lasso[:, 0].any() and coefs_lasso[:, 1].any()


_, coefs_ridge = ridge_path(Xs, yc, n * alphas)  # Ridge strength n * alpha, the same axis
print(f"{len(alphas)} alphas from alpha_max = {alpha_max:.2f} down to {alphas[-1]:.4f}")

# %%
plot_coef_path_panels(
    alphas, {"Ridge: shrinks, never zero": coefs_ridge,
             "Elastic Net (l1_ratio = 0.5)": coefs_enet,
             "Lasso: features enter one by one": coefs_lasso},
    labels=feature_names, xlabel=r"penalty strength $\alpha$ (log scale)",
    ylabel="coefficient (progression units per sd)")
plt.show()

# %% [markdown]
# Read it from right to left, as the penalty is relaxed: Ridge's coefficients grow smoothly from
# zero together and are never exactly zero; the Lasso's enter one at a time, starting with
# `bmi` and `ltg` ("Going further" finds the exact strengths where they enter); the Elastic
# Net selects too, with smoother paths. At the left end the Lasso is close to least squares,
# where the nearly collinear `tc` and `ldl` (correlation 0.9) get large coefficients of
# opposite sign, while Ridge still shares the weight between them (section 6).

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Correlated features: pick one, share, or keep the group
#
# Three sensors that measure the same quantity (pairwise correlation 0.999), plus unrelated
# features: how does each penalty split the weight of the group? The Lasso puts it all on
# **one** sensor and zeros the others, and which one depends on the sample (each is kept in
# about half of 100 fresh samples); Ridge **shares** it almost equally; the Elastic Net
# **keeps the group**, equal weights like Ridge, while still zeroing a useless feature like the
# Lasso. "Going further" fits all three, counts the Lasso's picks, and splits size and rooms
# in the housing data.
# When features come in correlated groups and you want to keep them together, use the
# Elastic Net.
#
# ## 7. Choosing $\alpha$ by cross-validation, on standardised features
#
# $\alpha$ is a *hyper-parameter*: the training error always prefers $\alpha = 0$, so it is
# chosen on held-out data. **K-fold cross-validation** splits the rows into $K = 5$ folds,
# fits on four, measures the error on the fifth, and averages over the five choices. To make
# the choice matter, we add 50 columns of pure noise to the 10 real diabetes features.
#
# The scaler sits *inside* the pipeline, so each training fold is standardised with its own
# mean and standard deviation and nothing leaks from the held-out fold. The next cell runs
# the validation curve for `LassoCD` and, on the same folds, for scikit-learn's `Lasso`.

# %%
junk = np.random.default_rng(3).normal(size=(n, 50))
X_wide = pd.concat([X_raw, pd.DataFrame(junk, columns=[f"noise{k}" for k in range(50)],
                                        index=X_raw.index)], axis=1)
cv_alphas = np.logspace(-1.5, 1.5, 25)
folds = KFold(n_splits=5, shuffle=True, random_state=0)
curves = {}
for name, estimator in [("lassocd", LassoCD()), ("lasso", Lasso())]:  # ours, and scikit-learn's
    train_scores, valid_scores = validation_curve(  # numpy arrays: faster than a DataFrame here
        make_pipeline(StandardScaler(), estimator), X_wide.to_numpy(), y_raw.to_numpy(),
        param_name=f"{name}__alpha", param_range=cv_alphas, cv=folds,
        scoring="neg_mean_squared_error")
    curves[name] = (-train_scores, -valid_scores)
np.testing.assert_allclose(curves["lassocd"][1], curves["lasso"][1], rtol=1e-6)
cv_train, cv_valid = (scores.mean(axis=1) for scores in curves["lassocd"])
best = int(cv_valid.argmin())
best_alpha = cv_alphas[best]
assert 0 < best < len(cv_alphas) - 1  # an interior minimum
print("cross-validated MSE per alpha matches scikit-learn's Lasso on the same folds")
print(f"smallest CV error {cv_valid[best]:.1f} at alpha = {best_alpha:.3f}; "
      f"at the smallest alpha {cv_valid[0]:.1f}, at the largest {cv_valid[-1]:.1f}")

# %%
plot_validation_curve(cv_alphas, cv_train, cv_valid, best_alpha=best_alpha,
                      valid_std=curves["lassocd"][1].std(axis=1),
                      title="Lasso on diabetes + 50 noise columns: 5-fold validation curve",
                      xlabel=r"penalty strength $\alpha$ (log scale)",
                      ylabel="mean squared error (progression²)")
plt.show()

# %% [markdown]
# Left, a weak penalty keeps the noise columns and the model over-fits: low training error,
# higher CV error. Right, a strong penalty removes real features too: both errors rise
# together (under-fitting). The minimum in between is the chosen $\alpha$. Refitted on all rows
# with it ("Going further"), the Lasso keeps the strong real predictors `bmi`, `ltg` and `bp`
# and drops most, but not all, junk columns: the CV-optimal $\alpha$ is tuned for prediction,
# not for finding the true features.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Why the features must be standardised
#
# The penalty $\alpha\sum_j\lvert w_j\rvert$ treats every coefficient alike, but a coefficient's
# size depends on its feature's **units**: measure one column in other units and, on raw
# features, the Lasso keeps *other* features ("Going further" shows it with cholesterol in
# mmol/L instead of mg/dL). Standardising first gives every feature spread 1, so the penalty
# compares like with like: put the `StandardScaler` in the pipeline, as above.
#
# ## 8. Summary
#
# - A flexible model drives the training error down while the validation error explodes.
# - Penalties trade a little bias for much less variance (measured in section 3). Ridge adds
#   $\alpha\lVert w\rVert_2^2$, the Lasso $\alpha\lVert w\rVert_1$, the Elastic Net both; the
#   intercept is never penalised.
# - Ridge has a closed form, invertible for every $\alpha > 0$; the Lasso is solved by
#   coordinate descent, whose soft threshold sets coefficients to exactly zero (the corners
#   of the L1 ball).
# - Paths show every $\alpha$ at once; in a correlated group the Lasso picks one member, Ridge
#   shares, the Elastic Net keeps the group.
# - Choose $\alpha$ by cross-validation, with the features standardised inside the pipeline.
#
# ## Exercises
#
# 1. **Soft threshold by hand.** For one standardised feature ($\lVert x\rVert^2 / n = 1$) with
#    $x^\top y / n = 0.8$, compute the Lasso coefficient for $\alpha = 0.3$ and $\alpha = 1$, and
#    the Ridge coefficient (`ElasticNetCD` with `l1_ratio=0`) for $\alpha = 0.3$. Check with
#    `LassoCD` and `ElasticNetCD`.
# 2. **$\alpha_{\max}$.** Verify on the diabetes data that `LassoCD(alpha=alpha_max * 1.01)`
#    returns all zeros and `alpha_max * 0.99` exactly one non-zero coefficient. Which one, and why
#    that one?
# 3. **Warm starts.** Use `lasso_path(..., return_n_iter=True)` on the standardised diabetes data
#    and compare the total number of epochs with 100 separate `LassoCD` fits from zero.
# 4. **Degree and penalty.** In section 1, fix the degree at 15 and draw the validation MSE
#    against Ridge's $\alpha$ (log scale). Which $\alpha$ is best, and is it better than the best
#    unpenalised degree?
# 5. **The group, again.** In section 6, lower the correlation of the sensors to 0.9 and refit.
#    Does the Lasso still pick a single sensor? Explain with the geometry of section 2.
# 6. **Housing, smaller.** Repeat "Going further"'s size-and-rooms paths on 150 rows,
#    `make_housing(150, random_state=s)` for a few seeds `s`. Does the Lasso still keep
#    `size_m2` before `rooms`, and when does `month_sold` (no effect on the price, see
#    `data/README.md`) enter?

# %% [markdown] slideshow={"slide_type": "skip"}
# ## Going further
#
# Optional depth, in the order of the sections: the geometry of section 2 by brute force;
# Ridge with more features than samples, the unpenalised intercept checked, one penalty by
# three solvers, and bias² and variance measured by refitting (section 3); coordinate
# descent's convergence, `LassoCD`'s checks against scikit-learn, and the Lasso by
# subgradient and by proximal gradient descent (section 4); the paths against
# scikit-learn's and their exact knots (section 5); the Lasso's pick in a correlated group
# over 100 samples, and size and rooms in the housing data (section 6); what the
# cross-validated Lasso kept and the units trap (section 7).

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The touching points, by brute force (section 2)
#
# The Lasso and Ridge answers are the lowest loss on their ball's boundary (40 001 points):

# %% slideshow={"slide_type": "skip"}
np.testing.assert_allclose(diamond[:, half_mse(diamond).argmin()], w_lasso, atol=1e-3)
np.testing.assert_allclose(circle[:, half_mse(circle).argmin()], w_ridge, atol=1e-3)
print("each matches the brute-force minimum on its ball's boundary")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Ridge is solvable with more features than samples (section 3)
#
# Polynomial features of degree 30 for our 20 points, more coefficients than samples, and the
# eigenvalues of $X_c^\top X_c$ with and without $\alpha I$:

# %% slideshow={"slide_type": "skip"}
features_30 = make_pipeline(PolynomialFeatures(30, include_bias=False), StandardScaler())
Z = features_30.fit_transform(X_train)
Zc = Z - Z.mean(axis=0)
eig = np.linalg.eigvalsh(Zc.T @ Zc)
alpha_demo = 0.01
eig_ridge = np.linalg.eigvalsh(Zc.T @ Zc + alpha_demo * np.eye(Z.shape[1]))
n_zero = int(np.sum(eig < 1e-9 * eig.max()))
must_vanish = Z.shape[1] - (Z.shape[0] - 1)  # centred X has rank <= n - 1
assert n_zero >= must_vanish
print(f"{Z.shape[0]} samples, {Z.shape[1]} features: X_c has rank <= {Z.shape[0] - 1}, so at least "
      f"{must_vanish} eigenvalues of X_c^T X_c are 0 (numerically below 1e-9 of the largest): singular")
assert eig_ridge.min() >= alpha_demo * (1 - 1e-6)
print(f"X_c^T X_c + {alpha_demo} I: smallest eigenvalue >= {alpha_demo}, so it is invertible")

ridge_ne = NormalEquationRegressor(alpha=alpha_demo, method="solve").fit(Z, y_train)
ridge_sk = Ridge(alpha=alpha_demo).fit(Z, y_train)
np.testing.assert_allclose(ridge_ne.coef_, ridge_sk.coef_, rtol=1e-6, atol=1e-9)
np.testing.assert_allclose(ridge_ne.intercept_, ridge_sk.intercept_, rtol=1e-8)
print("NormalEquationRegressor(alpha=0.01, method='solve') solves it and matches Ridge")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The intercept, checked (section 3)

# %% slideshow={"slide_type": "skip"}
Z15 = make_pipeline(PolynomialFeatures(15, include_bias=False), StandardScaler()).fit_transform(X_train)
shift, alpha_b = 100.0, 1.0
base = NormalEquationRegressor(alpha=alpha_b).fit(Z15, y_train)
moved = NormalEquationRegressor(alpha=alpha_b).fit(Z15, y_train + shift)
np.testing.assert_allclose(moved.coef_, base.coef_, rtol=1e-8, atol=1e-10)
np.testing.assert_allclose(moved.intercept_, base.intercept_ + shift, rtol=1e-10)
print(f"y + {shift:g}: coefficients unchanged, intercept {base.intercept_:.4f} -> {moved.intercept_:.4f}")

naive = NormalEquationRegressor(alpha=alpha_b, fit_intercept=False).fit(add_intercept(Z15), y_train + shift)
y_bar = np.mean(y_train + shift)
np.testing.assert_allclose(naive.coef_[0], len(y_train) * y_bar / (len(y_train) + alpha_b), rtol=1e-8)
print(f"penalising a column of ones instead: intercept {naive.coef_[0]:.4f} = n * mean(y) / (n + alpha), "
      f"not mean(y) = {y_bar:.4f}")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### One penalty, three solvers (section 3)
#
# Ridge is also the Elastic Net with $\rho = 0$: `ElasticNetCD(alpha=a, l1_ratio=0)` minimises
# $\frac{1}{2n}\lVert y - Xw - b\rVert^2 + \frac{a}{2}\lVert w\rVert^2$, which is $\frac{1}{2n}$
# times Ridge's objective with $\alpha = na$. Coordinate descent (section 4) must therefore
# land on the closed form:

# %% slideshow={"slide_type": "skip"}
a = 0.05
n_train = len(y_train)
cd_ridge = ElasticNetCD(alpha=a, l1_ratio=0.0, tol=1e-12, max_iter=200_000).fit(Z15, y_train)
ne_ridge = NormalEquationRegressor(alpha=n_train * a).fit(Z15, y_train)
np.testing.assert_allclose(cd_ridge.coef_, ne_ridge.coef_, rtol=1e-6, atol=1e-8)
np.testing.assert_allclose(cd_ridge.coef_, Ridge(alpha=n_train * a).fit(Z15, y_train).coef_,
                           rtol=1e-6, atol=1e-8)
print(f"ElasticNetCD(alpha={a:g}, l1_ratio=0) = NormalEquationRegressor(alpha={n_train} * {a:g}) = "
      f"Ridge(alpha={n_train * a:g}): matches")

# %% [markdown] slideshow={"slide_type": "skip"}
# Lesson 03's `GradientDescentRegressor(alpha=a)` minimises the same objective, the mean of
# $\frac12(y_i - x_i^\top w - b)^2$ plus $\frac{a}{2}\lVert w\rVert^2$, so it must reach
# this answer too, by gradient steps instead of a linear solve. The penalty helps it: the
# Hessian $\frac1n X^\top X + aI$ has every eigenvalue at least $a$, so full-batch descent with
# the step $1/\lambda_{\max}$ ($\lambda_{\max}$ the largest eigenvalue of the Hessian) converges geometrically. The next cell checks it.

# %% slideshow={"slide_type": "skip"}
lam_max = np.linalg.eigvalsh(Z15.T @ Z15 / n_train).max() + a
gd_ridge = GradientDescentRegressor(alpha=a, learning_rate=1 / lam_max, epochs=20_000,
                                    shuffle=False).fit(Z15, y_train)
np.testing.assert_allclose(gd_ridge.coef_, ne_ridge.coef_, rtol=1e-8, atol=1e-10)
np.testing.assert_allclose(gd_ridge.intercept_, ne_ridge.intercept_, rtol=1e-8)
print(f"GradientDescentRegressor(alpha={a:g}), step 1/lambda_max = {1 / lam_max:.4f}, 20 000 epochs "
      f"= Ridge(alpha={n_train * a:g}): matches to 1e-8")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### A little bias for much less variance, by refitting (section 3)
#
# Section 3 computed bias² and variance exactly from the smoother matrix $S$. Lesson 04's
# `bias_variance` measures them instead: refit on 100 training sets (the same 20 $x$, fresh
# noise in $y$), average the fits, and compare with the truth on the grid. The features of a
# fixed design do not depend on $y$, so the degree-15 features `Z15` are computed once and each
# refit is a `Ridge(alpha=a)` on them, the same model as `polynomial_model(15, alpha=a)`.
#
# How close must they be? With $R$ refits and Gaussian noise, a variance estimate is off by a
# relative standard deviation $\sqrt{2/(R-1)}$ (at each point, hence also for the average); the
# bias² estimate by at most $2\sqrt{\text{bias}^2\cdot\text{variance}/R} + 2\,\text{variance}/R$
# (the noise in the average fit is $N(0, \text{variance}/R)$; Cauchy–Schwarz over the grid).
# We assert agreement within four of those, and that bias² + variance + noise equals the
# measured test error within four Monte Carlo standard errors.

# %% slideshow={"slide_type": "skip"}
f_train = np.sin(2 * np.pi * x_train)
f_grid = np.sin(2 * np.pi * grid[:, 0])
Z_grid = make_pipeline(PolynomialFeatures(15, include_bias=False), StandardScaler()).fit(X_train).transform(grid)
bv_alphas, R = [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0], 100


def draw_training_set(rng):
    return Z15, f_train + 0.25 * rng.standard_normal(len(f_train))


refits = [bias_variance(Ridge(alpha=a), draw_training_set, Z_grid, f_grid, 0.25, n_repeats=R, seed=0)
          for a in bv_alphas]
for a, parts in zip(bv_alphas, refits, strict=True):
    bias2, var = exact_bias_variance(polynomial_model(15, alpha=a, method="solve"))
    np.testing.assert_allclose(parts.variance, var, atol=4 * np.sqrt(2 / (R - 1)) * var)
    np.testing.assert_allclose(parts.bias2, bias2, atol=4 * (2 * np.sqrt(bias2 * var / R) + 2 * var / R))
    assert abs(parts.error - parts.total) <= 4 * parts.error_se
    print(f"alpha = {a:<6g}: bias^2 {parts.bias2:.4f} (exact {bias2:.4f})   variance {parts.variance:.4f} "
          f"(exact {var:.4f})   test error {parts.error:.4f} = sum {parts.total:.4f}")
print(f"refitting {R} times matches the smoother matrix within Monte Carlo error, and "
      "bias^2 + variance + noise = the measured test error")
assert refits[0].variance > 20 * refits[-1].variance and refits[-1].bias2 > 20 * refits[0].bias2
assert 0 < np.argmin([parts.total for parts in refits]) < len(refits) - 1  # lowest in between

# %% slideshow={"slide_type": "skip"}
plot_bias_variance(bv_alphas, refits, title="Degree-15 Ridge: bias² against variance, refitted 100 times",
                   xlabel=r"Ridge strength $\alpha$ (log scale)", logx=True)
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# From left to right the variance falls by a factor of more than 20 while the bias² grows
# by more than 20 (asserted above); their sum, plus the noise floor $\sigma^2 = 0.0625$ that
# no model can beat, is lowest in between.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The soft threshold, drawn (section 4)

# %% slideshow={"slide_type": "skip"}
u = np.linspace(-3, 3, 601)
plot_lines(u, {"soft threshold S(u, 1)": soft_threshold(u, 1.0), "identity (no penalty)": u,
               "Ridge-style shrinkage u / 2": u / 2},
           title="Soft threshold: shrink by gamma = 1, and zero inside [-1, 1]",
           xlabel="u (coefficient units)", ylabel="updated coefficient (coefficient units)",
           marker=None)
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Coordinate descent converges (section 4)
#
# Each step minimises the objective exactly in one coordinate, so the objective can never go
# up. The next figure shows how fast it approaches the minimum $F^\star$ (scikit-learn's value
# at a tight tolerance), until the difference drops below $10^{-10}$, where floating-point
# rounding takes over.

# %% slideshow={"slide_type": "skip"}
f_star = lasso_objective(reference.coef_, Xs, yc, alpha)
excess = history - f_star
epochs = np.arange(1, len(history) + 1)
shown = excess > 1e-10  # below that the difference is floating-point rounding of F ~ 1500
plot_lines(epochs[shown], {"F(w) - F*": excess[shown]},
           title="Coordinate descent on the diabetes Lasso (alpha = 1)",
           xlabel="epoch (one sweep over the 10 features)",
           ylabel="objective above its minimum (log scale)", logy=True)
plt.show()

# %% slideshow={"slide_type": "skip"}
assert np.all(np.diff(history) <= 1e-9)  # a descent method (up to rounding)
first_within = int(epochs[np.argmax(excess < 1e-6)])
assert first_within < 50
print("the objective never increases; it is within 1e-6 of the minimum after fewer than 50 epochs")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### `LassoCD` and `ElasticNetCD`
#
# `course_utils.LassoCD` runs the same update, with two things the short loop lacks:
#
# - **a stopping rule you can trust.** After an epoch, it computes the *duality gap* $G$: the
#   distance between the objective and a lower bound obtained from a rescaled residual. Since
#   $F(w) - F^\star \le G$, a small gap *proves* the answer is nearly optimal. It stops when
#   $G \le \texttt{tol}\cdot\lVert y - \bar y\rVert^2 / n$, scikit-learn's own rule, so equal
#   `tol` means equal stopping, and it warns when `max_iter` runs out first.
# - **speed when $n > d$.** It precomputes the Gram matrix $X^\top X$ and $X^\top y$ once; then
#   $x_j^\top r = (X^\top y)_j - (X^\top X w)_j$ is kept up to date in $O(d)$ per step,
#   whatever $n$ is.
#
# `ElasticNetCD` adds the L2 part: the update becomes
# $w_j \leftarrow S(x_j^\top r^{(j)}/n,\ \alpha\rho) \,/\, (\lVert x_j\rVert^2/n + \alpha(1-\rho))$.

# %% slideshow={"slide_type": "skip"}
bound = 1e-10 * np.sum((y_raw - y_raw.mean()) ** 2) / n
for alpha_k in [0.1, 1.0, 10.0]:
    ours = LassoCD(alpha=alpha_k, tol=1e-10, max_iter=10_000).fit(X_raw, y_raw)
    ref = Lasso(alpha=alpha_k, tol=1e-10, max_iter=10_000).fit(X_raw, y_raw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-6)
    assert ours.dual_gap_ <= bound
    print(f"LassoCD(alpha={alpha_k:<4g}) on the raw diabetes data: {np.count_nonzero(ours.coef_):2d} "
          f"non-zero coefficients, duality gap <= {bound:.1e}; matches Lasso")
for l1_ratio in [0.2, 0.5, 0.8]:
    ours = ElasticNetCD(alpha=0.5, l1_ratio=l1_ratio, tol=1e-10).fit(Xs, yc)
    ref = ElasticNet(alpha=0.5, l1_ratio=l1_ratio, tol=1e-10).fit(Xs, yc)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    print(f"ElasticNetCD(alpha=0.5, l1_ratio={l1_ratio}): matches ElasticNet")

# %% [markdown] slideshow={"slide_type": "skip"}
# On the raw features (ages in years, cholesterol in mg/dL, a log-triglyceride of spread 0.5)
# the sweeps needed `max_iter=10_000`: coordinate descent moves one axis at a time, and badly
# scaled, correlated axes make it zig-zag. On standardised features the same problem needs
# far fewer epochs, one more reason to standardise (section 7):

# %% slideshow={"slide_type": "skip"}
slow = LassoCD(alpha=1.0, tol=1e-10, max_iter=10_000).fit(X_raw, y_raw).n_iter_
fast = LassoCD(alpha=1.0, tol=1e-10).fit(Xs, yc).n_iter_
assert slow > 500 and fast < 150
print("epochs to reach tol = 1e-10 at alpha = 1: more than 500 on raw features, "
      "fewer than 150 on standardised ones")

# %% [markdown] slideshow={"slide_type": "skip"}
# Students' mistakes get a message that says what to do. A warning when the iterations run
# out before the gap is small (captured here so that the message can be printed):

# %% slideshow={"slide_type": "skip"}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    LassoCD(alpha=0.01, max_iter=2).fit(X_raw, y_raw)
print(type(caught[0].message).__name__, "->", str(caught[0].message).split(": after")[0])
print("... after max_iter=2 passes over the features the duality gap is above the tolerance")

# %% [markdown] slideshow={"slide_type": "skip"}
# And an error for an impossible setting (this cell is *expected* to fail):

# %% slideshow={"slide_type": "skip"} tags=["raises-exception"]
ElasticNetCD(alpha=0.5, l1_ratio=1.5).fit(Xs, yc)

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The Lasso and gradient descent: subgradient or proximal step (section 4)
#
# Can the Lasso be "fitted by gradient descent", like Ridge above? Not as it stands: $\lvert
# w\rvert$ has no gradient at $0$. Split the objective into the smooth squared error $g(w)$,
# with $\nabla g(w) = -X^\top(y - Xw)/n$, and the kink $\alpha\lVert w\rVert_1$. Two repairs:
#
# - **subgradient descent**: step along $\nabla g(w) + \alpha\,\mathrm{sign}(w)$. Every step
#   moves a coefficient near $0$ by about $\eta\alpha$, so it jumps back and forth across $0$
#   and never lands on it; with a fixed step it does not even converge.
# - **proximal gradient descent** (ISTA): a gradient step on $g$ only, then the soft threshold
#   of section 4, $w \leftarrow S(w - \eta\nabla g(w),\ \eta\alpha)$. The threshold is the
#   exact minimiser of $\frac{1}{2\eta}\lVert w - z\rVert^2 + \alpha\lVert w\rVert_1$ (the
#   "proximal step"), and it sets small coefficients to exactly $0$.
#
# Both loops, with the step $\eta = 1/\lambda_{\max}$, on the diabetes Lasso ($\alpha = 1$):

# %% slideshow={"slide_type": "skip"}
lam_max_d = np.linalg.eigvalsh(Xs.T @ Xs / n).max()
eta = 1 / lam_max_d
w_sub, w_prox = np.zeros(d), np.zeros(d)
f_sub, f_prox = [], []
for _ in range(3000):
    w_sub -= eta * (-Xs.T @ (yc - Xs @ w_sub) / n + alpha * np.sign(w_sub))
    w_prox = soft_threshold(w_prox - eta * (-Xs.T @ (yc - Xs @ w_prox) / n), eta * alpha)
    f_sub.append(lasso_objective(w_sub, Xs, yc, alpha))
    f_prox.append(lasso_objective(w_prox, Xs, yc, alpha))

zero_set = reference.coef_ == 0
print(pd.DataFrame({"subgradient": w_sub, "proximal": w_prox, "sklearn Lasso": reference.coef_},
                   index=feature_names).round(4).to_string())
assert np.count_nonzero(w_sub == 0) == 0 and np.all(np.abs(w_sub[zero_set]) <= eta * alpha)
np.testing.assert_array_equal(w_prox == 0, zero_set)
np.testing.assert_allclose(w_prox, reference.coef_, atol=1e-8)
print(f"subgradient: no exact zero after 3000 steps (the {zero_set.sum()} zeros of the Lasso are "
      f"within eta * alpha = {eta * alpha:.3f} of 0); proximal: the same zeros, matches sklearn to 1e-8")

# %% slideshow={"slide_type": "skip"}
f_sub, f_prox = np.array(f_sub) - f_star, np.array(f_prox) - f_star
steps = np.arange(1, 3001)
plot_lines(steps, {"subgradient step": f_sub, "proximal step (ISTA)": np.where(f_prox > 1e-10, f_prox, np.nan)},
           title="Gradient descent on the diabetes Lasso (alpha = 1), step 1/lambda_max",
           xlabel="step t", ylabel="objective above its minimum F* (log scale)", logy=True, marker=None)
plt.show()
assert f_sub[-1] > 0.1 and f_prox[400] < 1e-10
print(f"after 3000 steps the subgradient method is still {f_sub[-1]:.2f} above F*; "
      "the proximal one reached it (to rounding) within 400")

# %% [markdown] slideshow={"slide_type": "skip"}
# `course_utils.lasso_proximal_gradient` is that loop with an intercept, a stopping rule and
# the usual checks; with the intercept fitted (uncentred $y$) it lands on `LassoCD`'s answer:

# %% slideshow={"slide_type": "skip"}
w_pg, b_pg, objective_pg = lasso_proximal_gradient(Xs, y_raw, 0.5, tol=1e-12, n_iter=100_000)
cd = LassoCD(alpha=0.5, tol=1e-12, max_iter=100_000).fit(Xs, y_raw)
np.testing.assert_allclose(w_pg, cd.coef_, atol=1e-6)
np.testing.assert_allclose(b_pg, cd.intercept_, rtol=1e-8)
np.testing.assert_array_equal(w_pg == 0, cd.coef_ == 0)
assert np.all(np.diff(objective_pg) <= 1e-12 * objective_pg[0])
print(f"{len(objective_pg)} proximal gradient steps = LassoCD in {cd.n_iter_} epochs: matches "
      f"(coefficients to 1e-6, the same {np.sum(w_pg == 0)} zeros); the objective never rose")

# %% [markdown] slideshow={"slide_type": "skip"}
# So the lecture's "the Lasso is fitted by gradient descent" needs one correction: by *proximal*
# gradient descent, a gradient step followed by the soft threshold. Plain (sub)gradient descent
# approaches the answer but never produces its zeros. Coordinate descent (section 4) applies
# the same threshold one coordinate at a time and needs far fewer passes: the count above.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The paths are scikit-learn's (section 5)

# %% slideshow={"slide_type": "skip"}
sk_alphas, sk_coefs_lasso, _ = sk_lasso_path(Xs, yc, alphas=100, tol=1e-10)
_, sk_coefs_enet, _ = sk_enet_path(Xs, yc, l1_ratio=0.5, alphas=alphas, tol=1e-10)
np.testing.assert_allclose(alphas, sk_alphas, rtol=1e-12)
np.testing.assert_allclose(coefs_lasso, sk_coefs_lasso, atol=1e-6)
np.testing.assert_allclose(coefs_enet, sk_coefs_enet, atol=1e-6)
for k in [0, 50, 99]:
    np.testing.assert_allclose(coefs_ridge[:, k],
                               Ridge(alpha=n * alphas[k], fit_intercept=False).fit(Xs, yc).coef_,
                               rtol=1e-8)
print("lasso_path and enet_path match scikit-learn's; ridge_path matches Ridge")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The exact knots of the Lasso path (section 5)
#
# The Lasso path is exact between its *knots*, the strengths where a feature enters or
# leaves; scikit-learn's `lars_path` computes those knots exactly. On our grid each feature
# must become non-zero at the first grid point below its knot:

# %% slideshow={"slide_type": "skip"}
lars_alphas, _, lars_coefs = lars_path(Xs, yc, method="lasso")
enter_step = np.argmax(lars_coefs != 0, axis=1)  # first LARS step where w_j != 0
knots = lars_alphas[enter_step - 1]  # the strength at which w_j joins the path
first = np.argmax(coefs_lasso != 0, axis=1)  # first grid point where w_j != 0
assert np.all(alphas[first] < knots) and np.all(knots <= alphas[first - 1] * (1 + 1e-12))
order = np.argsort(-knots)
print("features in the order they enter the Lasso path:")
for rank, j in enumerate(order, start=1):
    print(f"  {rank:2d}. {feature_names[j]:4s} enters at alpha = {knots[j]:7.3f}")
print("every feature enters our grid right below its exact LARS knot")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Correlated features: pick one, share, or keep the group (section 6)
#
# Three sensors that measure the same quantity $z$ with small independent errors (pairwise
# correlation $0.999$), plus three unrelated features $u_1, u_2, u_3$ with true coefficients
# $2, -1.5, 0$. The target depends on the sensors only through $z$, with weight $3$: any split
# of that weight among them fits almost equally well. How does each penalty split it?

# %% slideshow={"slide_type": "skip"}
Xg, yg, coef_g, names_g = make_correlated_groups(100, correlation=0.999, random_state=0)
Xg = StandardScaler().fit_transform(Xg)
print("correlation of the three sensors:")
print(pd.DataFrame(np.corrcoef(Xg[:, :3].T), index=names_g[:3], columns=names_g[:3]).round(4))
n_g = len(yg)
models_g = {
    "Lasso (alpha = 1)": (LassoCD(alpha=1.0, tol=1e-10), Lasso(alpha=1.0, tol=1e-10)),
    "Ridge (alpha = 100)": (NormalEquationRegressor(alpha=100.0), Ridge(alpha=100.0)),
    "Elastic Net (alpha = 1, l1_ratio = 0.3)": (
        ElasticNetCD(alpha=1.0, l1_ratio=0.3, tol=1e-10),
        ElasticNet(alpha=1.0, l1_ratio=0.3, tol=1e-10)),
}
coefs_g = {}
for label, (ours, ref) in models_g.items():
    coefs_g[label] = ours.fit(Xg, yg).coef_
    np.testing.assert_allclose(coefs_g[label], ref.fit(Xg, yg).coef_, atol=1e-6)
print(pd.DataFrame(coefs_g, index=names_g).T.round(3))
print("each matches its scikit-learn twin")

# %% slideshow={"slide_type": "skip"}
plot_coef_bars(coefs_g, names_g, truth=coef_g,
               title="Three near-copies g1-g3 and three independent features u1-u3",
               ylabel="coefficient (y units per sd)")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# The Lasso puts the whole group weight on **one** sensor and zeros the others; Ridge **shares**
# it almost equally; the Elastic Net **keeps the group**, equal weights like Ridge, while still
# zeroing the useless $u_3$ like the Lasso. All three shrink $u_1$ and $u_2$ well below their
# true values: these are strong penalties, and shrinkage is the bias they buy.
#
# Which sensor the Lasso picks depends on the noise in the particular sample: over 100 fresh
# samples ("Going further" counts them) each sensor is kept in about half, usually alone.

# %% [markdown] slideshow={"slide_type": "skip"}
# The Lasso's choice within a correlated group is arbitrary, and reading "g2 matters, g1 does not" into one fit
# would be wrong. When features come in correlated groups and you want to keep them together,
# use the Elastic Net.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Which sensor the Lasso picks (section 6)
#
# Which sensor the Lasso picks depends on the noise in the particular sample. Repeat the
# experiment on 100 fresh samples from the same process and count:

# %% slideshow={"slide_type": "skip"}
picked = np.zeros(3, dtype=int)
single = enet_keeps_all = 0
for seed in range(1, 101):
    Xr, yr, _, _ = make_correlated_groups(100, correlation=0.999, random_state=seed)
    Xr = StandardScaler().fit_transform(Xr)
    w = LassoCD(alpha=1.0).fit(Xr, yr).coef_[:3]
    picked += w != 0
    single += np.count_nonzero(w) == 1
    enet_keeps_all += np.all(ElasticNetCD(alpha=1.0, l1_ratio=0.3).fit(Xr, yr).coef_[:3] != 0)
for name, count in zip(names_g[:3], picked, strict=True):
    print(f"Lasso kept {name} in {count:3d} of 100 samples")
print(f"Lasso kept exactly one sensor in {single} of 100 samples")
print(f"Elastic Net kept all three sensors in {enet_keeps_all} of 100 samples")
assert np.count_nonzero(coefs_g["Lasso (alpha = 1)"][:3]) == 1
assert np.all(picked >= 25) and single > 50 and enet_keeps_all == 100

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Size and rooms in the housing data (section 6)
#
# Lesson 04's housing data has the same situation with real meaning: `rooms` is almost
# determined by `size_m2` (correlation 0.93) and has no effect of its own on the price
# (data/README.md). The numeric columns, standardised, along both paths:

# %% slideshow={"slide_type": "skip"}
housing = load_housing()
house_cols = ["size_m2", "rooms", "age_years", "dist_centre_km", "garden", "month_sold"]
Xh = StandardScaler().fit_transform(housing[house_cols].to_numpy(dtype=float))
yh = (housing["price_keur"] - housing["price_keur"].mean()).to_numpy()
n_h = len(yh)
alphas_h, coefs_lasso_h, _ = lasso_path(Xh, yh, tol=1e-10)
_, coefs_ridge_h = ridge_path(Xh, yh, n_h * alphas_h)
plot_coef_path_panels(alphas_h, {"Ridge: size and rooms share": coefs_ridge_h,
                                 "Lasso: size early, rooms late": coefs_lasso_h},
                      labels=house_cols, xlabel=r"penalty strength $\alpha$ (log scale)",
                      ylabel="coefficient (k€ per sd)", figsize=(15, 6.5))
plt.show()

# %% slideshow={"slide_type": "skip"}
size, rooms = house_cols.index("size_m2"), house_cols.index("rooms")
entry_h = {c: alphas_h[np.argmax(coefs_lasso_h[j] != 0)] for j, c in enumerate(house_cols)}
print("Lasso: each column enters at alpha =",
      ", ".join(f"{c} {a:.1f}" for c, a in sorted(entry_h.items(), key=lambda item: -item[1])))
strong = alphas_h >= 20
assert np.all(coefs_lasso_h[rooms, strong] == 0) and np.all(coefs_lasso_h[size, alphas_h <= 35] > 0)
share = coefs_ridge_h[rooms] / coefs_ridge_h[size]
share_lasso = coefs_lasso_h[rooms, -1] / coefs_lasso_h[size, -1]
assert np.all(share[strong] > 0.9) and 0.1 < share[-1] < 0.5 and share_lasso < 0.05
print(f"for alpha >= 20 the Lasso keeps size and not rooms; Ridge gives rooms {share[strong].min():.0%} "
      f"or more of size's weight there")
print(f"at the smallest alpha: rooms / size is {share[-1]:.0%} for Ridge, {share_lasso:.1%} for the Lasso")

# %% [markdown] slideshow={"slide_type": "skip"}
# Under a strong penalty Ridge spreads the size effect almost equally over the two columns
# (each is a proxy for the other), and it still gives `rooms` a quarter of `size_m2`'s weight
# at the left end, where the Lasso is already close to least squares. The Lasso keeps
# `size_m2` (it enters second, after distance) and lets `rooms` in only at small $\alpha$,
# with a small coefficient: here its pick is the right one, because `size_m2` explains more of
# the price than `rooms` can. With less data or a closer proxy the pick can go either way, as
# the sensors showed.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### What the cross-validated Lasso kept (section 7)
#
# Refit on all rows with the chosen $\alpha$ and look at what it kept:

# %% slideshow={"slide_type": "skip"}
final = make_pipeline(StandardScaler(), LassoCD(alpha=best_alpha)).fit(X_wide, y_raw)
kept = final[-1].coef_ != 0
print(f"kept {kept[:10].sum()} of the 10 real features: "
      f"{', '.join(np.array(feature_names)[kept[:10]])}")
print(f"kept {kept[10:].sum()} of the 50 noise columns")
kept_names = set(np.array(feature_names)[kept[:10]])
assert {"bmi", "ltg", "bp"} <= kept_names and kept[10:].sum() < 25
print("the three strongest predictors (bmi, ltg, bp) are kept, and fewer than half of the "
      "noise columns")

# %% [markdown] slideshow={"slide_type": "skip"}
# It keeps the strong real predictors and drops most junk columns, but not all of them, and
# it drops some weak real features too: the CV-optimal $\alpha$ is tuned for prediction, not
# for finding the true features. Selection by the Lasso is a useful screen, not a proof that
# a kept feature matters or that a dropped one does not.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Why the features must be standardised (section 7)
#
# The penalty $\alpha\sum_j\lvert w_j\rvert$ treats every coefficient alike, but a coefficient's
# size depends on its feature's **units**. Total cholesterol `tc` can be measured in mg/dL or
# in mmol/L (divide by 38.67); the model is the same, yet in mmol/L its coefficient must be 38.67
# times larger and so costs 38.67 times more penalty. On raw features, the Lasso's answer
# depends on that arbitrary choice:

# %% slideshow={"slide_type": "skip"}
X_mmol = X_raw.copy()
X_mmol["tc"] = X_mmol["tc"] / 38.67  # total cholesterol in mmol/L instead of mg/dL
raw_mg = LassoCD(alpha=5.0, tol=1e-10, max_iter=100_000).fit(X_raw, y_raw)
raw_mmol = LassoCD(alpha=5.0, tol=1e-10, max_iter=100_000).fit(X_mmol, y_raw)
std_mg = make_pipeline(StandardScaler(), LassoCD(alpha=5.0, tol=1e-10)).fit(X_raw, y_raw)
std_mmol = make_pipeline(StandardScaler(), LassoCD(alpha=5.0, tol=1e-10)).fit(X_mmol, y_raw)


def selected(coef):
    return ", ".join(np.array(feature_names)[coef != 0])


print("raw features, tc in mg/dL   keeps:", selected(raw_mg.coef_))
print("raw features, tc in mmol/L  keeps:", selected(raw_mmol.coef_))
print("standardised, either unit   keeps:", selected(std_mg[-1].coef_))
assert selected(raw_mg.coef_) != selected(raw_mmol.coef_)
np.testing.assert_allclose(std_mg.predict(X_raw), std_mmol.predict(X_mmol), rtol=1e-8)
print("standardised: identical predictions whatever the unit of tc")

# %% [markdown] slideshow={"slide_type": "skip"}
# Changing the unit of *one* column changed which *other* features survive: on raw data `ltg`
# (a log, with a small spread) needs a large coefficient and is dropped, until `tc` in mmol/L
# becomes even more expensive. Standardising first gives every feature spread 1, so the
# penalty compares like with like and the result does not depend on units. The same holds for
# Ridge and the Elastic Net. Put the `StandardScaler` in the pipeline, as above.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Live demo: drag the penalty strength
#
# For the class: run the next two cells in JupyterLab, drag $\alpha$ and switch between Ridge
# and Lasso: the degree-9 fit of section 1 calms down, its coefficients shrink (the Lasso's
# drop to exactly zero one by one), and on the two-feature problem of section 2 the
# coefficients slide towards the origin on a shrinking ball. The first cell draws Ridge at
# $\alpha = 10^{-3}$, which the website shows; the second adds the controls (it needs a
# running kernel).

# %% slideshow={"slide_type": "skip"}
from course_utils import demos

demo_train = (X_train, y_train)
demo_plane = (X2, y2)
demo = demos.alpha_numbers(demo_train, demo_plane, alpha_l2, penalty="ridge")
np.testing.assert_allclose(demo["budget"], budget, rtol=1e-8)  # section 2's Ridge point
print(f"Ridge at alpha = {alpha_l2:.2f} spends the budget t = {demo['budget']:.2f} of section 2")
demos.show_alpha(demo_train, demo_plane, alpha=1e-3, labels={"xlabel": "x", "ylabel": "y"})

# %% slideshow={"slide_type": "skip"}
# NBVAL_IGNORE_OUTPUT
# (a live widget: its output is a widget view that only a running kernel redraws; the static figure above shows the default value)
live = demos.live_alpha(demo_train, demo_plane, alpha=1e-3)
