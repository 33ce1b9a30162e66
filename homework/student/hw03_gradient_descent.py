# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Homework 03 — Gradient descent
#
# Goes with lesson 03. Write your code where it says `# YOUR CODE HERE` (replace the `...`
# or the `raise NotImplementedError`), then run the check cell below it. A check prints
# **correct**, **not yet** with a hint, or **not done yet**. It never stops the notebook.
#
# **To submit:** *Kernel → Restart Kernel and Run All Cells*, check that every exercise
# says *correct*, then save the notebook and hand in the `.ipynb`.
#
# Throughout, the loss is the course's **half** mean squared error
# $J(w, b) = \frac{1}{2n}\sum_i (x_i^\top w + b - y_i)^2$, as in the lesson.

# %% [markdown] tags=["points"]
# **Marking.** Each check is worth the points below; a check earns them when it says
# *correct* on the instructor's re-run of your notebook (`make grade`).
#
# | check | points |
# |---|---|
# | Exercise 1 (gradient) | 2 |
# | Exercise 2 (ten steps) | 2 |
# | Exercise 3a (L) | 1 |
# | Exercise 3b (a safe learning rate) | 1 |
# | Exercise 4 (updates per epoch) | 1 |
# | Exercise 5 (standardised features) | 3 |
# | **total** | **10** |

# %%
import math

import numpy as np

from course_utils import (
    DivergenceError,
    GradientDescentRegressor,
    NormalEquationRegressor,
    add_intercept,
    make_linear,
)
from course_utils.checks import check, check_env, diagnose, expect, needs
from course_utils.homework_checks import match, readonly
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed=3)


def half_mse(X, y, w, b):
    """The objective J(w, b) = mean of (x_i^T w + b - y_i)^2 / 2."""
    return 0.5 * np.mean((X @ w + b - y) ** 2)


# %% [markdown]
# ## Exercise 1 — the gradient of $J$
#
# Complete `gradient(X, y, w, b)` so that it returns the pair `(grad_w, grad_b)`:
#
# $$\nabla_w J = \frac1n X^\top r, \qquad \frac{\partial J}{\partial b} = \frac1n\sum_i r_i,
# \qquad r = Xw + b - y .$$
#
# `grad_w` has one entry per column of `X`; `grad_b` is a number. Use numpy only, no loops.

# %% tags=["exercise"]
def gradient(X, y, w, b):
    """Gradient of the half MSE with respect to w (a vector) and b (a number)."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check compares your gradient with **finite differences**: nudge one parameter by
# $\pm h$ and measure how much $J$ changes, $(J(\theta + h e_k) - J(\theta - h e_k)) / 2h$.

# %%
X_fd, y_fd, _ = make_linear(60, 3, intercept=1.5, random_state=11)
w_fd, b_fd, h = np.array([0.3, -1.2, 2.0]), -0.7, 1e-6
numeric_w = np.array([
    (half_mse(X_fd, y_fd, w_fd + h * e, b_fd) - half_mse(X_fd, y_fd, w_fd - h * e, b_fd)) / (2 * h)
    for e in np.eye(3)
])
numeric_b = (half_mse(X_fd, y_fd, w_fd, b_fd + h) - half_mse(X_fd, y_fd, w_fd, b_fd - h)) / (2 * h)
X_fd, y_fd, w_fd = readonly(X_fd, y_fd, w_fd)
n_fd = len(y_fd)
check(
    "Exercise 1 (gradient)", gradient,
    expect(lambda f: len(f(X_fd, y_fd, w_fd, b_fd)) == 2,
           "return a pair (grad_w, grad_b) with one entry of grad_w per column of X",
           on_error="your gradient raised an error on a (60, 3) X: if it says matmul, X @ r does "
           "not fit (r has one entry per row); grad_w is X.T @ r / n, one entry per column"),
    diagnose(lambda f: "grad_w is a (3, 1) column: return a 1-D array of shape (3,) (is r a "
             "column? use 1-D y and w)" if np.shape(f(X_fd, y_fd, w_fd, b_fd)[0]) == (3, 1)
             else None),
    expect(lambda f: np.shape(f(X_fd, y_fd, w_fd, b_fd)[0]) == (3,),
           "return a pair (grad_w, grad_b) with one entry of grad_w per column of X"),
    diagnose(lambda f: match(f(X_fd, y_fd, w_fd, b_fd)[0], [
        (2 * numeric_w, "grad_w is twice the right one: J is half the MSE, so the 2 of the "
                        "square cancels: X^T r / n, not 2/n"),
        (numeric_w / 2, "grad_w is half the right one: the 1/2 of J cancels with the 2 of the "
                        "square, X^T r / n"),
        (-numeric_w, "grad_w has the wrong sign: with r = Xw + b - y it is +X^T r / n (with "
                     "y - Xw - b you need a minus)"),
        (n_fd * numeric_w, "grad_w is n times too large: divide X^T r by n (a mean, not a sum)"),
    ], atol=1e-5)),
    expect(lambda f: np.allclose(f(X_fd, y_fd, w_fd, b_fd)[0], numeric_w, atol=1e-5),
           "grad_w differs from the finite differences: it is X^T r / n with r = Xw + b - y "
           "(not 2/n: J is half the MSE)"),
    diagnose(lambda f: match(f(X_fd, y_fd, w_fd, b_fd)[1], [
        (2 * numeric_b, "grad_b is twice the right one: it is the mean residual, no factor 2"),
        (-numeric_b, "grad_b has the wrong sign: it is the mean of r = Xw + b - y"),
        (n_fd * numeric_b, "grad_b is n times too large: the mean residual, not the sum"),
    ], atol=1e-5)),
    expect(lambda f: np.ndim(f(X_fd, y_fd, w_fd, b_fd)[1]) == 0,
           "grad_b should be one number, the mean residual"),
    expect(lambda f: np.isclose(f(X_fd, y_fd, w_fd, b_fd)[1], numeric_b, atol=1e-5),
           "grad_b differs from the finite difference: it is the mean residual"),
)

# %% [markdown]
# ## Exercise 2 — ten steps downhill
#
# Starting from $w = 0$, $b = 0$, take **10** gradient-descent steps with learning rate
# $\eta = 0.1$ on `X_gd`, `y_gd` (use your `gradient`). Store $J$ *before* the first step and
# after each step in the list `losses` (11 numbers), and the final parameters in `w_gd`, `b_gd`.

# %%
X_gd, y_gd, _ = make_linear(100, 2, coef=[2.0, -1.0], intercept=4.0,
                         x_range=(-3, 3), random_state=0)
print(f"X_gd: {X_gd.shape[0]} samples, {X_gd.shape[1]} features")

# %% tags=["exercise"]
# YOUR CODE HERE
w_gd, b_gd = ..., ...
losses = ...

# %% [markdown]
# `GradientDescentRegressor(learning_rate=0.1, epochs=10)` takes exactly the same full-batch
# steps, so the check compares your end point with it.

# %%
ref10 = GradientDescentRegressor(learning_rate=0.1, epochs=10).fit(X_gd, y_gd)


def w_before_b(X, y, eta=0.1, steps=10):
    """The common slip: update w, then compute b's gradient at the new w."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        w = w - eta * X.T @ (X @ w + b - y) / len(y)
        b = b - eta * np.mean(X @ w + b - y)
    return w, b


def gradient_ok():
    g_w, g_b = gradient(X_fd, y_fd, w_fd, b_fd)
    return np.allclose(g_w, numeric_w, atol=1e-5) and np.isclose(g_b, numeric_b, atol=1e-5)


w_slip, b_slip = w_before_b(X_gd, y_gd)
check(
    "Exercise 2 (ten steps)", (losses, w_gd, b_gd),
    needs(lambda a: gradient_ok(),
          "this exercise uses your gradient of Exercise 1, which is not right yet: make "
          "Exercise 1 correct first"),
    diagnose(lambda a: "losses holds 10 numbers: add J before the first step too (11 in all)"
             if len(a[0]) == 10 else None),
    expect(lambda a: len(a[0]) == 11,
           "losses should hold 11 numbers: J at the start and after each of the 10 steps"),
    expect(lambda a: np.shape(a[1]) == (X_gd.shape[1],) and np.ndim(a[2]) == 0,
           "w_gd should have one entry per feature (2) and b_gd be one number"),
    diagnose(lambda a: "you updated w before computing b's gradient: compute both gradients "
             "at the same (w, b), then update both" if np.allclose(a[1], w_slip, rtol=1e-8)
             and np.isclose(a[2], b_slip, rtol=1e-8) else None),
    expect(lambda a: np.all(np.diff(a[0]) < 0),
           "the loss should decrease at every step: step against the gradient, w - eta * grad"),
    expect(lambda a: np.allclose(np.r_[a[2], a[1]], np.r_[ref10.intercept_, ref10.coef_],
                                 rtol=1e-8),
           "after 10 steps from zero with eta = 0.1 you should be where "
           "GradientDescentRegressor(learning_rate=0.1, epochs=10) is: check the start and eta"),
)

# %% [markdown]
# ## Exercise 3 — the largest safe learning rate
#
# `x_big` spans 0 to 20, so the loss bowl is steep. Gradient descent converges only for
# $\eta < 2/\lambda_{\max}$, where $\lambda_{\max}$ is the largest eigenvalue of the Hessian
# $H = \frac1n \tilde X^\top\tilde X$, $\tilde X = [\mathbf 1, X]$ (`add_intercept`).
# Compute it as `L_big`, then choose a learning rate `eta_safe` that is **below**
# $2/\lambda_{\max}$ but at least
# half of it (so it is not needlessly slow).

# %%
X_big, y_big, _ = make_linear(80, 1, coef=[0.5], intercept=3.0, x_range=(0, 20), random_state=5)
print(f"x from {X_big.min():.1f} to {X_big.max():.1f}")

# %% tags=["exercise"]
# YOUR CODE HERE
Z_big = ...
L_big = ...
eta_safe = ...


# %%
def converges(eta):
    """True when GradientDescentRegressor with this rate trains 200 epochs without diverging."""
    try:
        GradientDescentRegressor(learning_rate=eta, epochs=200).fit(X_big, y_big)
    except DivergenceError:
        return False
    return True


H_big = add_intercept(X_big).T @ add_intercept(X_big) / len(y_big)
lam_max = np.linalg.eigvalsh(H_big).max()
Z_chk = add_intercept(X_big)
check("Exercise 3a (L)", L_big,
      expect(lambda v: np.ndim(v) == 0, "L_big should be one number, the largest eigenvalue"),
      diagnose(lambda v: match(v, [
          (np.linalg.eigvalsh(H_big).min(), "this is the smallest eigenvalue: eigvalsh returns "
                                            "them in increasing order, take the largest (.max())"),
          (lam_max * len(y_big), "this is n times L: the Hessian is Z^T Z / n, divide by n"),
          (np.sqrt(lam_max), "this is the square root of L (a singular value of Z / sqrt(n)): "
                             "L is an eigenvalue of the Hessian, the singular value squared"),
          (np.linalg.eigvalsh(X_big.T @ X_big / len(y_big)).max(),
           "the column of ones is missing: use add_intercept(X_big), the Hessian of J(w, b)"),
      ], rtol=1e-8)),
      expect(lambda v: np.isclose(v, lam_max, rtol=1e-8),
             "L is the largest eigenvalue of add_intercept(X).T @ add_intercept(X) / n "
             "(np.linalg.eigvalsh returns them in increasing order)"))
check("Exercise 3b (a safe learning rate)", eta_safe,
      expect(lambda e: np.ndim(e) == 0, "eta_safe should be one number"),
      diagnose(lambda e: "your rate fits your L_big, but L_big (Exercise 3a) is not right yet: "
               "fix 3a first" if not np.isclose(L_big, lam_max, rtol=1e-8)
               and 1 <= e * L_big < 2 and not 1 <= e * lam_max < 2 else None),
      diagnose(lambda e: "2 / L is the edge of divergence, not a safe rate: take something "
               "strictly below it, e.g. 1.5 / L" if np.isclose(e, 2 / lam_max, rtol=1e-6)
               else None),
      expect(lambda e: 0 < e < 2 / lam_max, "the rate must be positive and below 2 / L"),
      expect(lambda e: e >= 1 / lam_max, "the rate is safe but slow: take at least half of 2 / L"),
      expect(converges, "GradientDescentRegressor(learning_rate=eta_safe) diverged"))

# %% [markdown]
# ## Exercise 4 — updates per epoch
#
# An epoch is one pass over the $n$ samples in batches of $m$ (the last batch may be smaller).
# Complete `updates_per_epoch(n, m)`, the number of updates in one epoch, for integers
# $n \ge 1$, $m \ge 1$ (and $m \ge n$ means one full batch).

# %% tags=["exercise"]
def updates_per_epoch(n, m):
    """Number of parameter updates in one epoch of mini-batch gradient descent."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check compares with what `GradientDescentRegressor` actually does (its update counter
# `t_` after one epoch) for several $n$ and $m$.

# %%
cases = [(100, 1), (100, 10), (100, 32), (101, 10), (7, 50), (64, 64)]


def counted(n, m):
    Xc, yc, _ = make_linear(n, 1, x_range=(-1, 1), random_state=0)
    return GradientDescentRegressor(batch_size=m, epochs=1, random_state=0).fit(Xc, yc).t_


check("Exercise 4 (updates per epoch)", updates_per_epoch,
      diagnose(lambda f: "n / m is rounded down: the last, smaller batch is still an update, "
               "round up (math.ceil)" if f(100, 32) == 3 else None),
      diagnose(lambda f: "one update too many when m divides n (100 samples in batches of 10 "
               "is 10 updates): round n / m up, do not add 1" if f(100, 10) == 11 else None),
      diagnose(lambda f: "the answer is a fraction (101 / 10 is 10.1): updates are whole, round "
               "up" if not float(f(101, 10)).is_integer() else None),
      expect(lambda f: all(f(n, m) == counted(n, m) for n, m in cases),
             "count the batches: n / m rounded up (a last, smaller batch is still an update)"))

# %% [markdown]
# ## Exercise 5 — standardise, then descend
#
# On `X_big` gradient descent at $\eta = 1/\lambda_{\max}$ needs many steps. Standardise the feature
# (subtract its mean, divide by its standard deviation, `np.std`'s or `StandardScaler`'s, which
# divide by $n$) into `X_big_std`, and fit a `GradientDescentRegressor` with learning rate `1 / L_std`, where
# `L_std` is the largest Hessian eigenvalue of the *standardised* data, for **20** epochs.
# Store the fitted model in `gd_std`.

# %% tags=["exercise"]
# YOUR CODE HERE
X_big_std = ...
Z_std = ...
L_std = ...
gd_std = ...

# %% [markdown]
# The check compares with the exact answer on your features and with 20 epochs on the raw
# feature at its own $1/\lambda_{\max}$.

# %%
raw20 = GradientDescentRegressor(learning_rate=1 / lam_max, epochs=20).fit(X_big, y_big)
exact_raw = NormalEquationRegressor().fit(X_big, y_big)
raw_gap = np.max(np.abs(raw20.predict(X_big) - exact_raw.predict(X_big)))
print(f"raw feature, 20 epochs at 1/lambda_max: predictions still up to {raw_gap:.2f} away from exact")


def std_gap(a):
    Xs, model = a
    exact = NormalEquationRegressor().fit(Xs, y_big)
    return np.max(np.abs(model.predict(Xs) - exact.predict(Xs)))


def y_standardised(a):
    Xs, model = a
    ys = (y_big - y_big.mean()) / y_big.std()
    exact = NormalEquationRegressor().fit(Xs, ys)
    return np.max(np.abs(model.predict(Xs) - exact.predict(Xs))) < 1e-3


check("Exercise 5 (standardised features)", (X_big_std, gd_std),
      expect(lambda a: np.shape(a[0]) == X_big.shape,
             "X_big_std should have the shape of X_big, (80, 1)"),
      expect(lambda a: np.allclose(np.mean(a[0], axis=0), 0, atol=1e-10),
             "X_big_std should have mean 0: subtract the mean"),
      diagnose(lambda a: "X_big_std was divided by the sample standard deviation (ddof=1, "
               "pandas' default): use ddof=0, np.std's default and StandardScaler's"
               if np.allclose(np.std(a[0], axis=0), np.sqrt((len(a[0]) - 1) / len(a[0])),
                              rtol=1e-9) else None),
      expect(lambda a: np.allclose(np.std(a[0], axis=0), 1, rtol=1e-6),
             "X_big_std should have standard deviation 1: divide by np.std"),
      expect(lambda a: hasattr(a[1], "predict"), "gd_std should be the fitted model"),
      expect(lambda a: a[1].n_iter_ <= 20, "train for (at most) 20 epochs"),
      diagnose(lambda a: "you standardised y as well: standardise only the features, the "
               "model predicts the price in its own units" if y_standardised(a) else None),
      diagnose(lambda a: "the learning rate is 1 / L of the raw feature: compute L_std from "
               "the standardised data, add_intercept(X_big_std)"
               if np.isclose(a[1].learning_rate, 1 / lam_max) else None),
      expect(lambda a: std_gap(a) < 1e-6,
             "after 20 epochs at 1/lambda_max on standardised data the predictions should equal the "
             "exact least-squares ones (to 1e-6): check the learning rate 1 / L_std"))
