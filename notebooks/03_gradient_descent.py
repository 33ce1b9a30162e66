# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={"slide_type": "slide"}
# # Lesson 03 — Gradient descent: batch, stochastic and mini-batch
#
# The normal equation of lesson 01 costs $O(nd^2 + d^3)$, needs all the data in memory at
# once and exists only for the squared error. Almost every model in use is trained instead by
# **gradient descent**: start somewhere, look at the slope of the loss, take a step downhill,
# repeat. This lesson is the heart of the course.
#
# **You will learn**
# - the update rule $\theta \leftarrow \theta - \eta\,\nabla J(\theta)$, the partial derivatives
#   of the MSE with respect to $w$ and $b$, and a gradient-descent loop in ten lines of numpy;
# - what the loss surface of a linear model looks like (a convex bowl) and how a descent path
#   walks down it;
# - how the learning rate $\eta$ decides between crawling, converging and diverging;
# - batch vs stochastic vs mini-batch gradient descent: epochs, iterations and batch size,
#   noisy vs smooth loss curves, and a learning schedule that settles SGD down;
# - why features must be scaled before gradient descent;
# - why stochastic gradient descent is what we use at scale: its cost per update does not
#   grow with $n$, and it can learn from a file too big for memory, one chunk at a time;
# - that all of it agrees with the normal equation and with scikit-learn's `SGDRegressor`.
#
# **Prerequisites:** lesson 01 (the normal equation), lesson 02 (loss functions and their
# gradients), partial derivatives and the chain rule.
#
# **Class time:** about 60 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 25 seconds (`make notebooks` on 2 shared cores).

# %%
import math
import tempfile
import tracemalloc
import warnings
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from course_utils import (
    DivergenceError,
    GradientDescentRegressor,
    NormalEquationRegressor,
    PolynomialBasis,
    SquaredError,
    add_intercept,
    loss_surface,
    make_linear,
    make_regression_csv,
    make_sine_curve,
    path_loss,
    plot_fit,
    plot_lines,
    plot_loss_contour,
    plot_loss_curves,
    plot_loss_surface,
    plot_train_validation,
    time_call,
)
from course_utils.plotting import setup_notebook

rng = setup_notebook(seed=3)
J_UNITS = "J (units of y squared)"  # colour-bar label of every contour plot
half_mse = SquaredError()  # J of the (half) squared error: half_mse(y, y_hat)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The update rule
#
# A model with parameters $\theta$ has a training loss $J(\theta)$. The gradient
# $\nabla J(\theta)$ points in the direction in which $J$ grows fastest, so a small step the
# other way lowers it:
#
# $$\theta \leftarrow \theta - \eta\, \nabla J(\theta).$$
#
# $\eta > 0$ is the **learning rate** (the step size); $\eta_t$ is its value at update $t$.
# Repeat until the gradient is (almost) zero.
#
# ### The gradient of the MSE, by hand
#
# Take one feature, $\hat y_i = w x_i + b$, and the mean squared error
#
# $$\mathrm{MSE}(w, b) = \frac1n\sum_{i=1}^n (\hat y_i - y_i)^2
# = \frac1n\sum_{i=1}^n (w x_i + b - y_i)^2 .$$
#
# Differentiate each term with the chain rule: the outer square gives $2(\hat y_i - y_i)$, the
# inner function $w x_i + b$ gives $x_i$ (with respect to $w$) and $1$ (with respect to $b$):
#
# $$\frac{\partial\,\mathrm{MSE}}{\partial w} = \frac2n\sum_{i=1}^n (\hat y_i - y_i)\,x_i ,
# \qquad
# \frac{\partial\,\mathrm{MSE}}{\partial b} = \frac2n\sum_{i=1}^n (\hat y_i - y_i).$$
#
# With many features, $\hat y = Xw + b$ and the first line becomes
# $\nabla_w \mathrm{MSE} = \frac2n X^\top(\hat y - y)$: one matrix–vector product.
#
# The course (like scikit-learn's `loss="squared_error"`, lesson 02) minimises **half** the
# MSE, $J = \frac{1}{2n}\sum_i(\hat y_i - y_i)^2$, so that the 2 cancels:
#
# $$\frac{\partial J}{\partial w} = \frac1n\sum_{i=1}^n r_i\,x_i,\qquad
# \frac{\partial J}{\partial b} = \frac1n\sum_{i=1}^n r_i,\qquad r_i = \hat y_i - y_i .$$
#
# Same minimiser; a step on the MSE with rate $\eta$ is a step on $J$ with rate $2\eta$. (The
# lecture writes the cost as a sum over samples; the course's mean is that sum divided by $n$,
# so a step on the sum with rate $\eta$ is a step on $J$ with rate $n\eta$.)
#
# ### Ten lines of numpy
#
# 100 points on the line $y = 4 + 2x$ with Gaussian noise, $x$ between $-3$ and $3$. The loop
# below *is* gradient descent; everything else in this lesson is a variation on it.

# %%
X, y, _ = make_linear(100, 1, coef=[2.0], intercept=4.0, noise=1.0, x_range=(-3, 3),
                      random_state=0)
x = X[:, 0]
X_tilde = add_intercept(X)  # the design matrix [1, x] of lesson 01, built once

eta, epochs = 0.1, 100
w, b = 0.0, 0.0                              # start at zero
for _ in range(epochs):                      # one step per epoch (full batch)
    r = (w * x + b) - y                      # residuals r_i = y_hat_i - y_i
    grad_w = np.mean(r * x)                  # dJ/dw
    grad_b = np.mean(r)                      # dJ/db
    w, b = w - eta * grad_w, b - eta * grad_b  # the update rule
print(f"after {epochs} steps: w = {w:.6f}, b = {b:.6f}")

# %% [markdown]
# `GradientDescentRegressor` is the tested version of that loop (any loss of lesson 02, an L2
# penalty, mini-batches, schedules, a loss history, divergence checks). With the same
# learning rate and number of epochs it takes exactly the same steps, and both land on the
# normal-equation answer of lesson 01:

# %%
gd = GradientDescentRegressor(learning_rate=0.1, epochs=100).fit(X, y)
np.testing.assert_allclose([gd.intercept_, gd.coef_[0]], [b, w], rtol=1e-12)
print(f"GradientDescentRegressor: w = {gd.coef_[0]:.6f}, b = {gd.intercept_:.6f}  (same steps)")

ne = NormalEquationRegressor().fit(X, y)
theta_star = np.array([ne.intercept_, ne.coef_[0]])  # (b*, w*), the minimiser
print(f"normal equation         : w = {ne.coef_[0]:.6f}, b = {ne.intercept_:.6f}")
assert np.abs(np.array([b, w]) - theta_star).max() < 1e-3
long = GradientDescentRegressor(learning_rate=0.1, epochs=400).fit(X, y)
np.testing.assert_allclose([long.intercept_, long.coef_[0]], theta_star, rtol=1e-8)
print("100 steps: within 1e-3 of the normal equation; 400 steps: within 1e-8 (relative)")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The loss surface is a convex bowl
#
# For one feature, $J(b, w)$ is a function of two numbers, so we can draw it. Expanding the
# square shows it is a quadratic in $(b, w)$ with Hessian
#
# $$H = \frac1n\sum_i \begin{bmatrix}1 & x_i\\ x_i & x_i^2\end{bmatrix}
# = \begin{bmatrix}1 & \bar x\\ \bar x & \overline{x^2}\end{bmatrix},$$
#
# which is positive definite as soon as the $x_i$ are not all equal: the surface is a **bowl**
# with a single lowest point, the normal-equation solution, and no other place for gradient
# descent to get stuck. The next cell draws it in 3-D and as a contour map, with the path of
# 40 gradient-descent steps started at $(b, w) = (-1, -3)$ on purpose, far from the minimum.

# %%
b_grid = np.linspace(-2.0, 9.0, 111)
w_grid = np.linspace(-4.0, 6.0, 101)
J_grid = loss_surface(x, y, b_grid, w_grid)

walk = GradientDescentRegressor(learning_rate=0.1, epochs=40, record_path=True)
walk.fit(X, y, coef_init=[-3.0], intercept_init=-1.0)
walk_J = path_loss(X, y, walk.path_)

fig = plt.figure(figsize=(15, 6.2))
ax3d = fig.add_subplot(1, 2, 1, projection="3d")
plot_loss_surface(b_grid, w_grid, J_grid, paths={"gradient descent, eta = 0.1":
                                                  np.column_stack([walk.path_, walk_J])},
                  title="J(b, w): a convex bowl", xlabel="intercept b (units of y)",
                  ylabel="slope w (units of y per x)", zlabel="J (units of y squared)",
                  ax=ax3d)
ax2d = fig.add_subplot(1, 2, 2)
plot_loss_contour(b_grid, w_grid, J_grid, paths={"gradient descent, eta = 0.1": walk.path_},
                  optimum=theta_star, optimum_label="normal equation", colorbar_label=J_UNITS,
                  title="The same bowl from above, 40 steps", xlabel="intercept b (units of y)",
                  ylabel="slope w (units of y per x)", ax=ax2d)
plt.show()

# %% [markdown]
# Each step points straight downhill, across the contour lines, and the steps shrink as the
# bowl flattens near the bottom (the gradient goes to zero there). ("Going further" checks each claim: a positive-definite Hessian, a loss that falls at every
# step, the lowest grid point at the normal-equation answer.)

# %%
H = X_tilde.T @ X_tilde / len(y)  # the Hessian of J, constant: J is a quadratic bowl
eigenvalues = np.linalg.eigvalsh(H)
print(f"Hessian eigenvalues: {eigenvalues[0]:.4f} and {eigenvalues[1]:.4f}  (both > 0: convex)")
assert eigenvalues.min() > 0

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The learning rate: too small, about right, too large
#
# How large may a step be? On a quadratic bowl, a step multiplies the distance to the
# minimum along each eigenvector of $H$ by $1 - \eta\lambda$. Descent converges when every
# factor has magnitude below 1, i.e. when
#
# $$\eta < \frac{2}{\lambda_{\max}},$$
#
# where $\lambda_{\max}$, the largest eigenvalue of $H$, is the largest curvature of the bowl.
# Below $1/\lambda_{\max}$ the path slides smoothly; between $1/\lambda_{\max}$ and
# $2/\lambda_{\max}$ it overshoots and zig-zags but still converges; above $2/\lambda_{\max}$
# each zig-zag is larger than the last. For our data:

# %%
lam_max = eigenvalues.max()
print(f"lambda_max = {lam_max:.4f}:  1/lambda_max = {1 / lam_max:.4f},  "
      f"2/lambda_max = {2 / lam_max:.4f}")
rates = {"too small": 0.02, "about right": 0.3, "too large": 0.7}
assert rates["too small"] < rates["about right"] < 2 / lam_max < rates["too large"]
print("chosen rates 0.02 < 0.3 < 2/lambda_max < 0.7")

# %% [markdown]
# With $\eta = 0.7$ the estimator notices that the loss explodes and stops with an error that
# names the learning rate and the epoch, instead of returning NaN coefficients
# (this cell is *expected* to fail):

# %% tags=["raises-exception"]
GradientDescentRegressor(learning_rate=0.7, epochs=100).fit(X, y, coef_init=[-3.0],
                                                            intercept_init=-1.0)

# %% [markdown]
# The exception carries what the run recorded before it was stopped, so we can still draw it.
# The next cell trains all three and plots the loss per epoch and the three paths; the
# too-large path leaves any frame that shows the other two, so a third panel zooms out on it.

# %%
curves, paths = {}, {}
J_start = path_loss(X, y, [[-1.0, -3.0]])[0]  # the common starting point (b, w) = (-1, -3)
for name, lr in rates.items():
    label = f"{name}: eta = {lr}"
    model = GradientDescentRegressor(learning_rate=lr, epochs=100, record_path=True)
    try:
        model.fit(X, y, coef_init=[-3.0], intercept_init=-1.0)
        curve, paths[label] = model.loss_curve_, model.path_
        print(f"eta = {lr}: trained all 100 epochs, final loss {curve[-1]:.4f}")
    except DivergenceError as err:
        curve, paths[label] = err.loss_curve, err.path
        print(f"eta = {lr}: DivergenceError at epoch {err.epoch} (loss passed 100 x its start)")
        diverged_curve = err.loss_curve
    curves[label] = (np.arange(len(curve) + 1), np.r_[J_start, curve])  # epoch 0 = start

J_star = half_mse(y, ne.predict(X))  # the minimum of J
fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(20, 6.2))
plot_loss_curves(curves, title="Training loss per epoch, three rates",
                 ylabel="J (units of y squared, log scale)", ax=ax1)
ax1.axhline(J_star, color="k", ls=":", label="minimum J*")
ax1.legend()
plot_loss_contour(b_grid, w_grid, J_grid, paths=paths, optimum=theta_star,
                  optimum_label="normal equation", colorbar_label=J_UNITS,
                  title="Their paths near the minimum",
                  xlabel="intercept b (units of y)", ylabel="slope w (units of y per x)", ax=ax2)
big = paths["too large: eta = 0.7"]
reach = np.abs(big - theta_star).max(axis=0) * 1.1  # half-widths that hold the whole zig-zag
b_wide = np.linspace(theta_star[0] - reach[0], theta_star[0] + reach[0], 121)
w_wide = np.linspace(theta_star[1] - reach[1], theta_star[1] + reach[1], 121)
plot_loss_contour(b_wide, w_wide, loss_surface(x, y, b_wide, w_wide),
                  paths={"too large: eta = 0.7": big}, optimum=theta_star,
                  optimum_label="normal equation", colorbar_label=J_UNITS,
                  title=f"Zoomed out: eta = 0.7 zig-zags outwards ({len(big) - 1} steps)",
                  xlabel="intercept b (units of y)", ylabel="slope w (units of y per x)", ax=ax3,
                  style_offset=2)  # drawn as in the other panels
plt.show()

# %% [markdown]
# - **Too small** ($\eta = 0.02$): every step is safe and useless; after 100 epochs the loss is
#   still well above its minimum.
# - **About right** ($\eta = 0.3$): the loss falls by a constant factor per epoch (a straight
#   line on the log scale) and reaches the floor $J^*$.
# - **Too large** ($\eta = 0.7 > 2/\lambda_{\max}$): the slope $w$ overshoots further every
#   step (the right panel: each zig-zag wider than the last); the intercept direction, whose
#   curvature is smaller, still converges. The loss grows geometrically until the estimator
#   stops it.

# %%
small, right = curves["too small: eta = 0.02"][1], curves["about right: eta = 0.3"][1]
assert small[-1] > 1.1 * J_star
np.testing.assert_allclose(right[-1], J_star, rtol=1e-10)
assert np.all(np.diff(diverged_curve[3:]) > 0)
print(f"too small ends {small[-1] / J_star - 1:.0%} above J*; about right ends at J*; "
      "too large grows every epoch")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Batch, stochastic and mini-batch gradient descent
#
# The loop of section 1 uses **all** $n$ samples to compute each gradient. It does not have to:
# the gradient is a mean over samples, and the mean of a random subset, a **batch** $B$ of
# $m$ samples, points the same way on average:
#
# $$\nabla J(\theta) \approx \frac1m \sum_{i\in B} \nabla L(y_i, \hat y_i) .$$
#
# The lecture calls this gradient on a random **subsample**: in the course's terms the
# subsample is a batch of $m$ samples, **SGD** when $m = 1$ and **mini-batch** descent when
# $1 < m < n$ ($m = n$ is full-batch descent).
#
# | name | batch size $m$ | updates per epoch | each update |
# |---|---|---|---|
# | batch (full-batch) gradient descent | $n$ | 1 | exact gradient, cost $O(nd)$ |
# | mini-batch gradient descent | e.g. 16 to 512 | $\lceil n/m\rceil$ | noisy gradient, cost $O(md)$ |
# | stochastic gradient descent (SGD) | 1 | $n$ | very noisy gradient, cost $O(d)$ |
#
# Vocabulary: an **iteration** (or update, or step) is one application of the update rule; an
# **epoch** is one pass over the training data, i.e. $\lceil n/m \rceil$ iterations; the
# **batch size** is $m$. So iterations $=$ epochs $\times \lceil n/m\rceil$. In every epoch
# the samples are visited in a new random order (`shuffle=True`, seeded by `random_state`).
#
# The next cell trains the three flavours for 20 epochs from the same starting point and
# records the parameters after every single update.

# %%
n = len(y)
flavours = {  # name -> (batch size, learning rate)
    "batch, m = 100": (None, 0.3),
    "mini-batch, m = 10": (10, 0.1),
    "stochastic, m = 1": (1, 0.03),
}
runs = {}
for name, (m, lr) in flavours.items():
    runs[name] = GradientDescentRegressor(learning_rate=lr, epochs=20, batch_size=m,
                                          record_path=True, random_state=0)
    runs[name].fit(X, y, coef_init=[-3.0], intercept_init=-1.0)
    per_epoch = 1 if m is None else math.ceil(n / m)
    assert runs[name].t_ == 20 * per_epoch == len(runs[name].path_) - 1
    print(f"{name:20s} learning rate {lr:<5} {per_epoch:3d} updates per epoch, "
          f"{runs[name].t_:5d} updates in 20 epochs")

# %% [markdown]
# Plotting $J$ after every update (evaluated on the whole training set, against epochs on the
# horizontal axis) shows the price of cheap gradients: batch descent goes down smoothly,
# mini-batch wobbles, SGD is noisy and, with a constant learning rate, never settles
# exactly on the minimum. It keeps bouncing around it.

# %%
excess = {}
for name, model in runs.items():
    per_epoch = (len(model.path_) - 1) / 20
    epochs_axis = np.arange(len(model.path_)) / per_epoch
    excess[name] = (epochs_axis, path_loss(X, y, model.path_) - J_star)
plot_loss_curves(excess, title="Excess loss after every update",
                 xlabel="epochs (passes over the data)",
                 ylabel="J - J* (units of y squared, log scale)", linewidth=1.2, alpha=0.85)
plt.show()

# %% [markdown]
# SGD staggers ("Going further" draws the three paths on the contour map), but in 20 epochs it
# made 2 000 small updates and got to the bottom too. What it cannot do with a constant $\eta$
# is stop there: near the minimum the true gradient vanishes but the one-sample gradient does
# not, so every step kicks it away again.
#
# ### A learning schedule settles SGD down
#
# Let the step shrink as training goes on. The **inverse-time decay**
#
# $$\eta_t = \frac{t_0}{t + t_1}, \qquad t = 0, 1, 2, \dots \text{ (updates)},$$
#
# starts at $\eta_0 = t_0/t_1$ and halves after $t_1$ updates (`schedule="inverse_time"`,
# `learning_rate` $=\eta_0$, `t1` $= t_1$). It works because of *two* properties, not merely
# because $\eta_t \to 0$ (Robbins and Monro's conditions):
#
# - $\sum_t \eta_t = \infty$: the steps add up to an unlimited distance, so SGD can still
#   travel to the minimum from anywhere (a rate that shrinks like $1/t^2$ would stall on the way);
# - $\sum_t \eta_t^2 < \infty$: the noise each step injects has variance $\propto \eta_t^2$,
#   and its total stays finite, so the noise dies out instead of accumulating.
#
# For $\eta_t = 0.1 \cdot 100/(t + 100)$ the first sum grows like $10\ln t$ without bound (23
# more per factor 10 of updates) while the second stays below $100\,(1/100^2 + 1/100) = 1.01$:

# %%
t = np.arange(10**7)
eta_t = 0.1 * 100 / (t + 100)
partial_sums = {T: (eta_t[:T].sum(), (eta_t[:T] ** 2).sum()) for T in (10**4, 10**5, 10**6, 10**7)}
for T, (s1, s2) in partial_sums.items():
    print(f"first {T:>10,} updates: sum of eta_t = {s1:7.2f}   sum of eta_t^2 = {s2:.4f}")
sums = np.array(list(partial_sums.values()))
np.testing.assert_allclose(np.diff(sums[:, 0]), 10 * np.log(10), rtol=0.01)  # +10 ln 10 each
assert sums[-1, 1] < 1.01 and sums[-1, 1] - sums[0, 1] < 0.01
print("sum of eta_t grows by 10 ln(10) = 23 per factor 10 of updates (no limit); "
      "sum of eta_t^2 stays below 1.01")

# %% [markdown]
# We start SGD with a larger rate, $\eta_0 = 0.1$, and compare it with a constant rate.

# %%
sgd_runs = {
    "SGD, constant eta = 0.1": GradientDescentRegressor(
        learning_rate=0.1, epochs=30, batch_size=1, record_path=True, random_state=0),
    "SGD, eta_t = 0.1 * 100 / (t + 100)": GradientDescentRegressor(
        learning_rate=0.1, schedule="inverse_time", t1=100, epochs=30, batch_size=1,
        record_path=True, random_state=0),
}
sgd_excess, sgd_paths = {}, {}
for name, model in sgd_runs.items():
    model.fit(X, y, coef_init=[-3.0], intercept_init=-1.0)
    sgd_excess[name] = (np.arange(len(model.path_)) / n, path_loss(X, y, model.path_) - J_star)
    sgd_paths[name] = model.path_

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(15, 6.2))
plot_loss_curves(sgd_excess, title="SGD with and without a decaying learning rate",
                 xlabel="epochs (passes over the data)",
                 ylabel="J - J* (units of y squared, log scale)", ax=ax1, linewidth=0.8,
                 alpha=0.85)
b_tiny, w_tiny = np.linspace(3.2, 4.7, 101), np.linspace(1.3, 2.7, 101)
plot_loss_contour(b_tiny, w_tiny, loss_surface(x, y, b_tiny, w_tiny),
                  paths={k: p[n * 10:] for k, p in sgd_paths.items()}, optimum=theta_star,
                  optimum_label="normal equation", colorbar_label=J_UNITS, mark_start=False,
                  title="Their last 20 epochs, close up",
                  xlabel="intercept b (units of y)", ylabel="slope w (units of y per x)", ax=ax2)
plt.show()

# %% [markdown]
# With a constant rate the excess loss stops falling after about an epoch and fluctuates at a
# level set by $\eta$; with the decay it keeps falling. Checked over the last ten epochs:

# %%
tail = {name: e[1][-10 * n:] for name, e in sgd_excess.items()}
const_tail, decay_tail = tail.values()
assert decay_tail.mean() < const_tail.mean() / 10
assert decay_tail.max() < const_tail.max() / 10
print("over the last 10 epochs the decaying schedule's excess loss is more than 10 times "
      "smaller, on average and at its worst")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Feature scaling: the elongated bowl
#
# So far $x$ was centred and spread over $[-3, 3]$. With $x$ between 0 and 10 the same relation
# has a Hessian $H = \begin{bmatrix}1 & \bar x\\ \bar x & \overline{x^2}\end{bmatrix}$ with
# $\bar x \approx 5$, $\overline{x^2} \approx 33$: one direction steep, the other nearly flat. Its
# **condition number** $\kappa = \lambda_{\max}/\lambda_{\min}$ measures the elongation. The
# stable rate is set by the steep direction ($\eta < 2/\lambda_{\max}$), so progress along the
# flat one is at most $2/\kappa$ per step: gradient descent needs about
# $\kappa\ln(1/\varepsilon)$ steps to reach a relative accuracy $\varepsilon$. Standardising
# ($x \to (x - \bar x)/s_x$, `StandardScaler`) makes $H = I$ and $\kappa = 1$: a round bowl,
# where one step of $1/\lambda_{\max}$ lands on the minimum. "Going further" runs both and draws
# the two bowls: between 1 500 and 4 000 steps unscaled, at most 2 standardised. **Always
# standardise before gradient descent** (and learn the scaling on the training data only, e.g.
# in a `Pipeline`).
#
# ## 6. Why SGD is what we use
#
# ### Cost per update
#
# A full-batch update needs the products $X\theta$ and $X^\top r$: about $2nd$ multiply-adds,
# so it gets slower as the data grow. A mini-batch update touches only $m$ rows: $2md$,
# **independent of $n$**. Early on, a noisy step in roughly the right direction is worth as
# much as an exact one, and SGD makes thousands of them in the time batch descent makes one.

# %%
d, m = 20, 64
for n_rows in [1_000, 100_000, 10_000_000, 1_000_000_000]:
    print(f"n = {n_rows:>13,}: full batch {2 * n_rows * d:>15,} multiply-adds per update, "
          f"mini-batch (m = {m}) {2 * m * d:,}")

# %% [markdown]
# A noisy step in roughly the right direction early on is worth as much as an exact one.
# "Going further" measures it: the time to reach a given loss grows with $n$ for batch descent
# and hardly at all for mini-batch descent, and mini-batch descent learns from a file too big
# for memory, one chunk at a time with `partial_fit`, in bounded memory.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Agreement with scikit-learn
#
# `SGDRegressor` is not a different algorithm: configured like `GradientDescentRegressor`
# (constant rate, no shuffling, the same penalty) it takes exactly the same steps, and every
# flavour of this lesson lands on the normal-equation answer. "Going further" asserts both on
# scikit-learn's diabetes data.
#
# ## Summary
#
# - Gradient descent repeats $\theta \leftarrow \theta - \eta\nabla J(\theta)$. For the
#   (half) squared error the gradient is $\frac1n X^\top(\hat y - y)$ for $w$ and the mean
#   residual for $b$: two matrix–vector products per full-batch step.
# - A linear model's squared-error loss is a convex bowl: one minimum, the normal-equation
#   solution, and gradient descent reaches it from anywhere if $\eta < 2/\lambda_{\max}$.
# - Too small a learning rate crawls, too large a rate diverges (the estimator stops with a
#   `DivergenceError` naming the rate and the epoch); $\eta \approx 1/\lambda_{\max}$ is a good
#   start.
# - Batch, mini-batch and stochastic descent differ only in the batch size $m$: an epoch is
#   $\lceil n/m\rceil$ updates. Smaller batches mean cheaper, noisier steps; a decaying
#   schedule $\eta_t = t_0/(t + t_1)$ lets SGD settle on the minimum, because
#   $\sum_t\eta_t = \infty$ and $\sum_t\eta_t^2 < \infty$.
# - Unscaled features make an elongated bowl with condition number $\kappa$, and descent needs
#   about $\kappa\ln(1/\varepsilon)$ steps. Standardise first.
# - SGD's cost per update does not depend on $n$, it reaches a good loss before it has seen
#   all the data, and it can stream a file of any size with `partial_fit` in bounded memory.
#   That is why large models are trained by (mini-batch) stochastic gradient descent.
#
# ## Exercises
#
# 1. **The MSE, not half of it.** Change the ten-line loop to use the gradient of the full
#    MSE (with the factor 2). Which learning rate in `GradientDescentRegressor` gives the same
#    steps? Check with `np.testing.assert_allclose`.
# 2. **Find the edge.** For the one-feature data of section 3, fit with learning rates from
#    0.55 to 0.62 in steps of 0.01 (for 300 epochs). Where does the `DivergenceError` start,
#    and how does that compare with $2/\lambda_{\max}$?
# 3. **Momentum.** Add a velocity to the ten-line loop,
#    $v \leftarrow \mu v - \eta\nabla J$, $\theta \leftarrow \theta + v$ with momentum $\mu = 0.9$,
#    and run it on the unscaled data of section 5. How many steps does it need now?
# 4. **Batch size.** On the diabetes data, train mini-batch descent with $m = 1, 8, 32, 128$
#    for the same number of *updates*, and then for the same number of *epochs*. Plot the
#    excess loss. Which comparison is fair, and when?
# 5. **Another loss.** Repeat section 7 with `loss="absolute_error"` and compare with
#    `QuantileRegressor(quantile=0.5, alpha=0)`. Why does full-batch descent with a constant
#    rate never settle exactly on the minimum here, even without any noise from sampling?

# %% [markdown] slideshow={"slide_type": "skip"}
# ## Going further
#
# Optional depth: the claims of section 2 checked, the three flavours on the contour map,
# feature scaling measured and drawn, SGD's speed against batch descent, streaming a file from
# disk in bounded memory, every flavour checked against the normal equation, and over-training
# with early stopping on a held-out validation set.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The bowl of section 2, checked
#
# The descent path of section 2 lowers the loss at every step, and the lowest point of the
# grid is the normal-equation solution:

# %% slideshow={"slide_type": "skip"}
assert np.all(np.diff(walk_J) < 0)
print("the loss decreases at every one of the 40 steps")
k, j = np.unravel_index(J_grid.argmin(), J_grid.shape)
assert abs(b_grid[j] - theta_star[0]) <= 0.1 and abs(w_grid[k] - theta_star[1]) <= 0.1
print("the lowest grid point is the normal-equation solution (to the grid spacing of 0.1)")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The three flavours on the contour map
#
# The paths of section 4, zoomed towards the minimum:

# %% slideshow={"slide_type": "skip"}
b_zoom = np.linspace(-1.5, 5.0, 131)
w_zoom = np.linspace(-3.5, 3.0, 131)
J_zoom = loss_surface(x, y, b_zoom, w_zoom)
plot_loss_contour(b_zoom, w_zoom, J_zoom, paths={k: m.path_ for k, m in runs.items()},
                  optimum=theta_star, optimum_label="normal equation", colorbar_label=J_UNITS,
                  title="Batch, mini-batch and stochastic paths (20 epochs each)",
                  xlabel="intercept b (units of y)", ylabel="slope w (units of y per x)")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# Batch descent walks straight down; mini-batch follows roughly the same route with a
# tremor; SGD staggers, but in 20 epochs it made 2 000 small updates and got to the bottom
# too. What it cannot do with a constant $\eta$ is stop there: near the minimum the true
# gradient vanishes but the one-sample gradient does not, so every step kicks it away again.

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Feature scaling, measured (section 5)
#
# So far $x$ was centred and spread over $[-3, 3]$. Now take the same relation with $x$ between
# 0 and 10. Nothing about the problem changed, but the Hessian
# $H = \begin{bmatrix}1 & \bar x\\ \bar x & \overline{x^2}\end{bmatrix}$ now has
# $\bar x \approx 5$ and $\overline{x^2} \approx 33$: one direction is steep, the other
# nearly flat. Its **condition number** $\kappa = \lambda_{\max}/\lambda_{\min}$ measures the
# elongation. The stable learning rate is set by the steep direction ($\eta < 2/\lambda_{\max}$),
# and progress along the flat one is then $\eta\lambda_{\min} \le 2/\kappa$ per step: gradient
# descent needs about $\kappa \ln(1/\varepsilon)$ steps to reach a relative accuracy
# $\varepsilon$.
#
# Standardising ($x \to (x - \bar x)/s_x$, `StandardScaler`) makes $\bar x = 0$ and
# $\overline{x^2} = 1$, so $H = I$ and $\kappa = 1$: a round bowl. The next cell runs gradient
# descent at $\eta = 1/\lambda_{\max}$ on both versions and counts the steps until the parameters are within
# $10^{-6}$ (relative) of the normal-equation solution.

# %% slideshow={"slide_type": "skip"}
X_raw, y_raw, _ = make_linear(100, 1, coef=[2.0], intercept=4.0, noise=1.0, x_range=(0, 10),
                              random_state=0)
X_std = StandardScaler().fit_transform(X_raw)


def steps_to_converge(Xf, yf, epochs):
    """Condition number, the GD path at eta = 1/lambda_max, and the epochs until within 1e-6."""
    Z = add_intercept(Xf)  # this data set's design matrix, built once
    eig = np.linalg.eigvalsh(Z.T @ Z / len(yf))
    model = GradientDescentRegressor(learning_rate=1 / eig[-1], epochs=epochs, record_path=True)
    model.fit(Xf, yf, coef_init=[-1.0], intercept_init=-3.0)
    ref = NormalEquationRegressor().fit(Xf, yf)
    opt = np.array([ref.intercept_, ref.coef_[0]])
    dist = np.linalg.norm(model.path_ - opt, axis=1) / np.linalg.norm(opt)
    return eig[-1] / eig[0], model.path_, opt, int(np.argmax(dist < 1e-6))


kappa_raw, path_raw, opt_raw, steps_raw = steps_to_converge(X_raw, y_raw, 4000)
kappa_std, path_std, opt_std, steps_std = steps_to_converge(X_std, y_raw, 10)
print(f"x in [0, 10]  : condition number kappa = {kappa_raw:6.1f}")
print(f"standardised x: condition number kappa = {kappa_std:6.1f}")
assert 1500 < steps_raw < 4000 and steps_std <= 2
print("steps to reach 1e-6 at eta = 1/lambda_max: between 1 500 and 4 000 unscaled, "
      "at most 2 standardised")
print(f"(kappa ln(1e6) = {kappa_raw * np.log(1e6):.0f} predicts the unscaled count's size)")

# %% [markdown] slideshow={"slide_type": "skip"}
# The contour maps show why. Note that the two panels have different coordinates: after
# standardising, the slope is "per standard deviation of $x$" and the intercept is the
# prediction at the mean $x$. The predictions of the two fitted models are the same.

# %% slideshow={"slide_type": "skip"}
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(16, 6.2))
fig.get_layout_engine().set(wspace=0.12)  # room between the two colour bars and labels
b_r, w_r = np.linspace(-4.0, 8.0, 121), np.linspace(-3.5, 5.5, 91)
plot_loss_contour(b_r, w_r, loss_surface(X_raw[:, 0], y_raw, b_r, w_r),
                  paths={"first 300 of the steps": path_raw[:301]}, optimum=opt_raw,
                  optimum_label="normal equation", colorbar_label=J_UNITS, ax=ax1,
                  equal_aspect=True,
                  title=f"x in [0, 10]: kappa = {kappa_raw:.0f}, a long narrow valley",
                  xlabel="intercept b (units of y)", ylabel="slope w (units of y per x)")
radius = 1.1 * np.linalg.norm(path_std[0] - opt_std)  # the start lies inside the frame
b_s = np.linspace(opt_std[0] - radius, opt_std[0] + radius, 121)
w_s = np.linspace(opt_std[1] - radius, opt_std[1] + radius, 121)
J_s = loss_surface(X_std[:, 0], y_raw, b_s, w_s)
ring = J_s.min() + 0.5 * radius**2  # H = I: J - J* = |theta - theta*|^2 / 2, the inscribed circle
plot_loss_contour(b_s, w_s, J_s, paths={"all steps": path_std[:steps_std + 1]}, optimum=opt_std,
                  optimum_label="normal equation", colorbar_label=J_UNITS, ax=ax2,
                  levels=J_s.min() + (ring - J_s.min()) * np.geomspace(1e-3, 1.0, 14),
                  equal_aspect=True, title="standardised x: kappa = 1, a round bowl",
                  xlabel="intercept b (units of y)",
                  ylabel="slope w (units of y per standard deviation of x)")
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# Unscaled, the first step drops into the valley and the rest crawl along its flat floor. In
# the round bowl the gradient points straight at the minimum and one step of $1/\lambda_{\max}$ lands on
# it. **Always standardise before gradient descent** (and learn the scaling on the training
# data only, e.g. in a `Pipeline`).

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Time to reach a given loss
#
# The next cell measures, for growing $n$ (with $d = 20$ standardised features), the wall-clock
# time until the training loss is within 1 % of the way from its start to its minimum
# ($J - J^* \le 0.01\,(J_0 - J^*)$). Full batch uses $\eta = 1/\lambda_{\max}$; mini-batch ($m = 64$,
# $\eta = 0.05$) is fed 2 048 rows at a time with `partial_fit`, and we stop as soon as the
# target is met. $J$ of a linear model is quadratic, so $J - J^* = \frac12 (\theta - \theta^*)^\top
# H (\theta - \theta^*)$ is checked without another pass over the data. The output is not
# compared by the tests (times differ on every machine); only the shape of the curves matters.

# %% slideshow={"slide_type": "skip"}
# NBVAL_IGNORE_OUTPUT
# (wall-clock times differ between machines and runs, so this cell's output is not compared)
def time_to_target(n_rows, seed=0):
    gen = np.random.default_rng(seed)
    Xt = gen.normal(size=(n_rows, 20))
    yt = 1.0 + Xt @ gen.normal(size=20) + gen.normal(size=n_rows)
    Z = add_intercept(Xt)
    H_t = Z.T @ Z / n_rows
    opt = np.linalg.solve(H_t, Z.T @ yt / n_rows)

    def excess(model):  # J - J* for a quadratic J, O(d^2)
        e = np.r_[model.intercept_, model.coef_] - opt
        return 0.5 * e @ H_t @ e

    target = 0.01 * 0.5 * opt @ H_t @ opt  # 1 % of J0 - J* (theta_0 = 0)

    full = GradientDescentRegressor(learning_rate=1 / np.linalg.eigvalsh(H_t)[-1], epochs=20)
    curve = full.fit(Xt, yt).loss_curve_
    epochs_needed = int(np.argmax(curve - (curve[-1] - excess(full)) <= target)) + 1
    full.set_params(epochs=epochs_needed)
    t_full = time_call(lambda: full.fit(Xt, yt), repeats=3)[0]

    mini = GradientDescentRegressor(learning_rate=0.05, batch_size=64, random_state=0)
    t_mini, s = 0.0, 0
    while not (hasattr(mini, "coef_") and excess(mini) <= target):
        rows = np.arange(s, s + 2048) % n_rows
        t_mini += time_call(partial(mini.partial_fit, Xt[rows], yt[rows]), repeats=1)[0]
        s += 2048
    return t_full, t_mini


sizes = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000]
with threadpool_limits(1):  # one core for both methods: we compare algorithms, not threads
    times = np.array([time_to_target(n_rows) for n_rows in sizes])
plot_lines(sizes, {"batch gradient descent": times[:, 0],
                   "mini-batch gradient descent (m = 64)": times[:, 1]},
           title="Time to reach 1 % of the initial excess loss (d = 20)",
           xlabel="number of samples n", ylabel="wall-clock time (s)", logx=True, logy=True)
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# Batch descent needs about the same number of *epochs* whatever $n$, and each epoch costs
# $O(nd)$, so its time grows in proportion to $n$. Mini-batch descent needs about the same
# number of *updates* whatever $n$; with more data it simply reaches the target before it
# has seen all of it. (For very small $n$ the full batch wins: one exact step is cheap.)
#
# ### Data that do not fit in memory: streaming from disk
#
# Mini-batch descent only ever needs the current batch, so it can learn from a file far
# larger than memory by reading it in chunks and calling `partial_fit` on each (one pass
# over the chunk, keeping the parameters between calls, like `SGDRegressor.partial_fit`).
# The next cell writes 100 000 rows of 5 features to a CSV file in a temporary directory,
# itself chunk by chunk, and we read it back 5 000 rows at a time. The features have wildly different scales (from 0.01 to 100), so
# the stream needs two kinds of pass:
#
# 1. one pass to learn the means and standard deviations (`StandardScaler.partial_fit`);
# 2. a few passes (epochs) of `partial_fit`, scaling each chunk as it arrives.

# %% slideshow={"slide_type": "skip"}
workdir = tempfile.TemporaryDirectory()
csv_path = Path(workdir.name) / "stream.csv"
truth = make_regression_csv(csv_path, n_samples=100_000, n_features=5, chunk_size=10_000,
                            random_state=7)
features, chunk_rows = truth["columns"], 5_000
print(f"wrote {csv_path.name}: {truth['n_samples']:,} rows, columns {features + ['y']}")
print("feature standard deviations:", truth["scales"])

# %% slideshow={"slide_type": "skip"}
scaler = StandardScaler()
for chunk in pd.read_csv(csv_path, chunksize=chunk_rows):
    scaler.partial_fit(chunk[features])

stream_model = GradientDescentRegressor(learning_rate=0.01, batch_size=32,
                                        schedule="inverse_time", t1=5_000, random_state=0)
tracemalloc.start()
for _ in range(3):  # three passes over the file
    for chunk in pd.read_csv(csv_path, chunksize=chunk_rows):
        stream_model.partial_fit(scaler.transform(chunk[features]), chunk["y"].to_numpy())
peak_bytes = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()

full_bytes = truth["n_samples"] * (len(features) + 1) * 8
chunk_bytes = chunk_rows * (len(features) + 1) * 8
assert peak_bytes < 8 * chunk_bytes < full_bytes / 2
print(f"{len(stream_model.loss_curve_)} partial_fit calls (3 passes x 20 chunks), "
      f"{stream_model.t_:,} updates")
print(f"one chunk is {chunk_bytes / 1e6:.2f} MB, the whole data set {full_bytes / 1e6:.1f} MB; "
      f"peak memory allocated while streaming stayed below 8 chunks ({8 * chunk_bytes / 1e6:.2f} MB)")

# %% [markdown] slideshow={"slide_type": "skip"}
# Memory is bounded by a few chunks (a chunk as text, as a DataFrame, scaled, and the
# estimator's shuffled copy), whatever the size of the file. The loss on each chunk,
# recorded after every `partial_fit`, collapses within the first chunk and then hovers at
# the noise level of the data (the noise has variance 1 and $J$ is half the MSE, so 0.5):

# %% slideshow={"slide_type": "skip"}
chunk_index = np.arange(len(stream_model.loss_curve_) + 1) / 20
chunk_losses = np.r_[stream_model.initial_loss_, stream_model.loss_curve_]
ax = plot_loss_curves({"loss on each chunk (before the first update, then after each "
                       "partial_fit)": (chunk_index, chunk_losses)},
                      title="Streaming 100 000 rows in chunks of 5 000",
                      xlabel="passes over the file (epochs)",
                      ylabel="J on the chunk (units of y squared, log scale)")
ax.axhline(0.5, color="k", ls=":", label="noise level: half the noise variance, 0.5")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# Is the streamed model right? The normal equation can stream too, as long as $d$ is small:
# $Z^\top Z$ and $Z^\top y$ (with $Z = [1, X]$) are sums over rows, so we can accumulate them
# chunk by chunk in $O(d^2)$ memory and solve once at the end.

# %% slideshow={"slide_type": "skip"}
ZtZ, Zty = np.zeros((6, 6)), np.zeros(6)
for chunk in pd.read_csv(csv_path, chunksize=chunk_rows):
    Z = add_intercept(scaler.transform(chunk[features]))
    ZtZ += Z.T @ Z
    Zty += Z.T @ chunk["y"].to_numpy()
streamed_ne = np.linalg.solve(ZtZ, Zty)
workdir.cleanup()

streamed_sgd = np.r_[stream_model.intercept_, stream_model.coef_]
np.testing.assert_allclose(streamed_sgd, streamed_ne, rtol=1e-2, atol=1e-2)
print("streamed mini-batch SGD:", np.round(streamed_sgd, 2))
print("streamed normal eq.    :", np.round(streamed_ne, 2))
print("agree to 1e-2; the temporary file is deleted")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### The same steps as `SGDRegressor`
#
# On a real data set, scikit-learn's diabetes data (442 patients, 10 standardised
# measurements, shipped with scikit-learn): `SGDRegressor` is not a different algorithm.
# Configured like ours (constant rate, no shuffling, same penalty), it takes exactly the same
# steps, one sample at a time, so the two agree to rounding error, not just to a tolerance.


# %% slideshow={"slide_type": "skip"}
X_db, y_db = load_diabetes(return_X_y=True)
X_db = StandardScaler().fit_transform(X_db)
ours = GradientDescentRegressor(learning_rate=0.01, batch_size=1, epochs=5, shuffle=False,
                                alpha=0.001).fit(X_db, y_db)
theirs = SGDRegressor(learning_rate="constant", eta0=0.01, max_iter=5, tol=None, shuffle=False,
                      penalty="l2", alpha=0.001).fit(X_db, y_db)
np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10)
np.testing.assert_allclose(ours.intercept_, theirs.intercept_[0], rtol=1e-10)
print("GradientDescentRegressor(batch_size=1) and SGDRegressor: same 2 210 updates, "
      "coefficients equal to 1e-10")

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Every flavour against the normal equation
#
# All the methods on the same diabetes data. We compare each fit with the
# normal equation in two ways: the relative distance of the parameters
# $\lVert\theta - \theta^*\rVert / \lVert\theta^*\rVert$ and the relative excess loss
# $(J - J^*)/J^*$.
#
# The tolerances differ on purpose. Full-batch descent converges geometrically, so it can be
# held to $10^{-6}$. The stochastic methods stop at a noise floor proportional to their learning
# rate; a decaying schedule lowers it only slowly (the error shrinks like $1/t$ at best).
# And these data are ill-conditioned ($\kappa \approx 470$: several measurements are strongly
# correlated), so along the flat direction of the bowl the parameters can move a lot while
# the loss hardly changes: the loss agrees far more tightly than the coefficients.

# %% slideshow={"slide_type": "skip"}
exact = NormalEquationRegressor().fit(X_db, y_db)
theta_db = np.r_[exact.intercept_, exact.coef_]
J_db = half_mse(y_db, exact.predict(X_db))
Z_db = add_intercept(X_db)  # the design matrix, built once
eig_db = np.linalg.eigvalsh(Z_db.T @ Z_db / len(y_db))
print(f"condition number of the diabetes Hessian: {eig_db[-1] / eig_db[0]:.0f}")

with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    fits = {  # name -> (fitted model, bound on the parameter distance, bound on the excess loss)
        "batch GD, eta = 1/lambda_max": (GradientDescentRegressor(
            learning_rate=1 / eig_db[-1], epochs=8_000), 1e-6, 1e-10),
        "mini-batch GD, m = 32, inverse time": (GradientDescentRegressor(
            learning_rate=0.1, batch_size=32, schedule="inverse_time", t1=1_000, epochs=300,
            random_state=0), 0.15, 2e-3),
        "SGD, m = 1, inverse time": (GradientDescentRegressor(
            learning_rate=0.02, batch_size=1, schedule="inverse_time", t1=2_000, epochs=200,
            random_state=0), 0.15, 2e-3),
        "SGDRegressor, defaults": (SGDRegressor(penalty=None, random_state=0), 0.5, 2e-2),
        "SGDRegressor, average=True": (SGDRegressor(penalty=None, average=True, tol=None,
                                                    max_iter=1_000, random_state=0), 0.2, 2e-3),
    }
    for name, (model, theta_tol, loss_tol) in fits.items():
        model.fit(X_db, y_db)
        theta = np.r_[np.ravel(model.intercept_)[0], model.coef_]
        dist = np.linalg.norm(theta - theta_db) / np.linalg.norm(theta_db)
        rel_excess = (half_mse(y_db, model.predict(X_db)) - J_db) / J_db
        assert dist < theta_tol and -1e-12 < rel_excess < loss_tol, name  # J* is the minimum
        print(f"{name:38s} parameters within {theta_tol:<6g}  loss within {loss_tol:g}")


# %% [markdown] slideshow={"slide_type": "skip"}
# ### Over-training and early stopping
#
# The more epochs, the lower the *training* loss; not so the loss on new data. Take a flexible
# model, a degree-12 polynomial (lesson 04's `PolynomialBasis`, standardised) on 20 noisy
# samples of a sine. Gradient descent first moves along the steep directions of the bowl, the
# broad shape of the curve, and only after thousands of epochs along the flat ones, the
# wiggles that thread the noise of the training points. So the loss on held-out samples falls,
# bottoms out and climbs again: **over-training**, the same over-fitting as lesson 04's too
# high degree, reached here by too many epochs.
#
# `early_stopping=True` does what `SGDRegressor(early_stopping=True)` does: it holds out
# `validation_fraction` of the samples (the same seeded `ShuffleSplit`), trains on the rest,
# scores the held-out mean loss after every epoch (`validation_loss_curve_`) and stops once
# `n_iter_no_change` epochs in a row have not improved on the best by `tol`. Unlike
# `SGDRegressor`, which keeps the last parameters, it keeps those of the best epoch
# (`best_epoch_`), as `MLPRegressor` does. Below, the same training split is also run for all
# 20 000 epochs, and its parameters after every epoch are scored on the held-out samples.

# %% slideshow={"slide_type": "skip"}
x_s, y_s = make_sine_curve(20, noise=0.3, random_state=2)
X_s = StandardScaler().fit_transform(
    PolynomialBasis(degree=12, include_bias=False).fit_transform(x_s.reshape(-1, 1)))
Z_s = add_intercept(X_s)
eta_s = 1 / np.linalg.eigvalsh(Z_s.T @ Z_s / len(y_s))[-1]
stopped = GradientDescentRegressor(learning_rate=eta_s, epochs=20_000, early_stopping=True,
                                   validation_fraction=0.3, n_iter_no_change=500,
                                   random_state=0).fit(X_s, y_s)
val = stopped.validation_indices_
train = np.setdiff1d(np.arange(len(y_s)), val)
unstopped = GradientDescentRegressor(learning_rate=eta_s, epochs=20_000,
                                     record_path="epoch").fit(X_s[train], y_s[train])
val_unstopped = path_loss(X_s[val], y_s[val], unstopped.path_[1:])  # after each epoch
best = stopped.best_epoch_

plot_train_validation(unstopped.loss_curve_, val_unstopped, best_epoch=best,
                      title="Degree-12 polynomial: training and validation loss per epoch",
                      ylabel="J, half MSE (units of y squared)", logx=True)
plt.show()

# %% slideshow={"slide_type": "skip"}
assert best < stopped.n_iter_ < 20_000  # it stopped, n_iter_no_change epochs after the best
np.testing.assert_allclose(stopped.validation_loss_curve_, val_unstopped[:stopped.n_iter_],
                           rtol=1e-8)  # the same run, up to where it stopped
np.testing.assert_allclose(np.r_[stopped.intercept_, stopped.coef_], unstopped.path_[best],
                           rtol=1e-8)  # the kept parameters are those of the best epoch
assert stopped.validation_loss_curve_[best - 1] < 0.5 * val_unstopped[-1]
print(f"stopped after {stopped.n_iter_} of 20 000 epochs, best epoch {best}: validation "
      f"loss {stopped.validation_loss_curve_[best - 1]:.3f} there, "
      f"{val_unstopped[-1]:.3f} after all 20 000 (training loss "
      f"{unstopped.loss_curve_[best - 1]:.3f} -> {unstopped.loss_curve_[-1]:.3f})")

# %% [markdown] slideshow={"slide_type": "skip"}
# The two fits drawn. After 20 000 epochs the curve chases the training points (the peak near
# $x = 0.25$, the bump near 0.9) and misses the held-out squares between 0.25 and 0.4; at the
# best epoch it is smoother and closer to them. With only six validation samples the choice
# is itself noisy: the early-stopped curve is not closer to the truth everywhere (it dips too
# low near 0.85). Lesson 04's cross-validation averages that noise out.

# %% slideshow={"slide_type": "skip"}
grid = np.linspace(x_s.min(), x_s.max(), 400)
basis = PolynomialBasis(degree=12, include_bias=False)
scaler = StandardScaler().fit(basis.fit_transform(x_s.reshape(-1, 1)))
X_grid = scaler.transform(basis.transform(grid.reshape(-1, 1)))
ax = plot_fit(x_s[train], y_s[train], {
    f"early stopped (epoch {best})": (grid, stopped.predict(X_grid)),
    "all 20 000 epochs": (grid, unstopped.predict(X_grid)),
    "truth sin(2πx)": (grid, np.sin(2 * np.pi * grid)),
}, title="Where early stopping stops: the fit at the best epoch and at the end",
    xlabel="x (arbitrary units)", ylabel="y (arbitrary units)", data_label="training samples",
    ylim=(-2.0, 2.0), data_size=40)
ax.scatter(x_s[val], y_s[val], marker="s", s=60, facecolors="none", edgecolors="C3",
           linewidths=1.5, label="validation samples")
ax.legend()
plt.show()

# %% [markdown] slideshow={"slide_type": "skip"}
# ### Live demo: drag the learning rate
#
# For the class: run the next two cells in JupyterLab and drag the slider for $\eta$ across
# $1/\lambda_{\max}$ (the path starts to zig-zag) and $2/\lambda_{\max}$ (it flies off). The
# first cell draws the figure for $\eta = 0.2$, which the website shows; the second adds the
# slider (it needs a running kernel). The numbers come from `GradientDescentRegressor` on the
# data of section 1.

# %% slideshow={"slide_type": "skip"}
from course_utils import demos

demo_X, demo_y, _ = make_linear(100, 1, coef=[2.0], intercept=4.0, noise=1.0, x_range=(-3, 3),
                                random_state=0)
demo = demos.learning_rate_numbers(demo_X, demo_y, 0.2)
np.testing.assert_allclose(demo["lam_max"], lam_max)  # the bowl of section 3
print(f"1/lambda_max = {1 / demo['lam_max']:.4f}, 2/lambda_max = {2 / demo['lam_max']:.4f}: "
      "the same marks as section 3")
demos.show_learning_rate(demo_X, demo_y, eta=0.2)

# %% slideshow={"slide_type": "skip"}
# NBVAL_IGNORE_OUTPUT
# (a live widget: its output is a widget view that only a running kernel redraws; the static figure above shows the default value)
live = demos.live_learning_rate(demo_X, demo_y, eta=0.2)
