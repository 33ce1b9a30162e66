# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Homework 02 — Loss functions
#
# Goes with lesson 02. Write your code where it says `# YOUR CODE HERE` (replace the `...`
# or the `raise NotImplementedError`), then run the check cell below it. A check prints
# **correct**, **not yet** with a hint, or **not done yet**. It never stops the notebook.
#
# **To submit:** *Kernel → Restart Kernel and Run All Cells*, check that every exercise
# says *correct*, then save the notebook and hand in the `.ipynb`.

# %% [markdown] tags=["points"]
# **Marking.** Each check is worth the points below; a check earns them when it says
# *correct* on the instructor's re-run of your notebook (`make grade`).
#
# | check | points |
# |---|---|
# | Exercise 1a (MSE) | 1 |
# | Exercise 1b (MAE) | 1 |
# | Exercise 2a (best constant, squared error) | 1 |
# | Exercise 2b (best constant, absolute error) | 1 |
# | Exercise 3 (Huber gradient) | 2 |
# | Exercise 4 (90 % quantile) | 2 |
# | **total** | **8** |

# %%
import numpy as np
from sklearn.linear_model import QuantileRegressor
from sklearn.metrics import mean_absolute_error, mean_squared_error

from course_utils import AbsoluteError, HuberLoss, SquaredError
from course_utils.checks import check, check_env, diagnose, expect
from course_utils.homework_checks import match, readonly
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed=2)

# %% [markdown]
# ## Exercise 1 — two metrics by hand
#
# Complete `mse(y, y_hat)` (mean squared error) and `mae(y, y_hat)` (mean absolute error) with
# numpy only: no loops, no scikit-learn.

# %% tags=["exercise"]
def mse(y, y_hat):
    """Mean of the squared residuals (y - y_hat)^2."""
    # YOUR CODE HERE
    raise NotImplementedError


def mae(y, y_hat):
    """Mean of the absolute residuals |y - y_hat|."""
    # YOUR CODE HERE
    raise NotImplementedError


# %%
y_a, y_b = readonly(rng.normal(size=30), rng.normal(size=30))
mse_ref, mae_ref = mean_squared_error(y_a, y_b), mean_absolute_error(y_a, y_b)
check("Exercise 1a (MSE)", mse,
      expect(lambda f: np.ndim(f(y_a, y_b)) == 0, "return one number, the mean over samples"),
      diagnose(lambda f: match(f(y_a, y_b), [
          (mse_ref / 2, "this is half the MSE: the 1/2 belongs to the course's objective J, "
                        "the metric MSE is the plain mean of the squared residuals"),
          (np.sqrt(mse_ref), "this is the RMSE: the MSE does not take the square root"),
          (mse_ref * len(y_a), "this is the sum of the squared residuals: take the mean"),
          (np.mean(y_a - y_b) ** 2, "this squares the mean residual: square each residual "
                                    "first, then take the mean"),
      ])),
      expect(lambda f: np.isclose(f(y_a, y_b), mse_ref),
             "square each residual y - y_hat, then take the mean"))
check("Exercise 1b (MAE)", mae,
      expect(lambda f: np.ndim(f(y_a, y_b)) == 0, "return one number, the mean over samples"),
      diagnose(lambda f: match(f(y_a, y_b), [
          (abs(np.mean(y_a - y_b)), "this is the absolute value of the mean residual: take the "
                                    "absolute value of each residual first, then the mean"),
          (np.sqrt(mse_ref), "this is the RMSE: the MAE averages |y - y_hat|, no squares"),
          (mae_ref * len(y_a), "this is the sum of the absolute residuals: take the mean"),
          (mse_ref, "this is the MSE: the MAE averages |y - y_hat|, no squares"),
      ])),
      expect(lambda f: np.isclose(f(y_a, y_b), mae_ref),
             "take the absolute value of each residual, then the mean"))

# %% [markdown]
# ## Exercise 2 — the best constant
#
# `prices` (k€) holds 95 ordinary flats and 5 mansions. If a model must predict the same
# number $c$ for every flat, which $c$ minimises the squared error, and which the absolute
# error? Compute both from `prices` (one numpy function each).

# %%
prices = np.r_[rng.normal(300, 40, size=95), rng.normal(1500, 100, size=5)]
print(f"{prices.size} prices, from {prices.min():.0f} to {prices.max():.0f} k€")

# %% tags=["exercise"]
c_squared = ...  # YOUR ANSWER HERE
c_absolute = ...  # YOUR ANSWER HERE


# %%
def is_minimum(loss, c, step=0.5):
    """True when moving c by `step` either way does not lower the mean loss."""
    here = loss(prices, np.full_like(prices, c))
    return all(loss(prices, np.full_like(prices, c + s)) >= here - 1e-12 for s in (-step, step))


check("Exercise 2a (best constant, squared error)", c_squared,
      expect(lambda c: np.ndim(c) == 0, "c_squared should be one number"),
      diagnose(lambda c: "this is the median, the best constant for the absolute error: "
               "squared error is minimised by the mean" if np.isclose(c, np.median(prices))
               else None),
      expect(lambda c: is_minimum(SquaredError(), c),
             "a nearby constant has a lower squared error: which average does squared error "
             "favour?"))
check("Exercise 2b (best constant, absolute error)", c_absolute,
      expect(lambda c: np.ndim(c) == 0, "c_absolute should be one number"),
      diagnose(lambda c: "this is the mean, the best constant for the squared error: the 5 "
               "mansions pull it up; absolute error is minimised by another average"
               if np.isclose(c, np.mean(prices)) else None),
      expect(lambda c: is_minimum(AbsoluteError(), c),
             "a nearby constant has a lower absolute error: which number has half the prices "
             "on each side?"))

# %% [markdown]
# ## Exercise 3 — the Huber gradient
#
# Write `huber_gradient(y, y_hat, delta)`: the derivative of the Huber loss
# $L = \tfrac12 r^2$ for $|r| \le \delta$ and $\delta(|r| - \tfrac12\delta)$ otherwise, with
# $r = y - \hat y$, **with respect to the prediction** $\hat y$, for every sample.

# %% tags=["exercise"]
def huber_gradient(y, y_hat, delta):
    """dL/dy_hat of the Huber loss, one value per sample."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check compares your gradient with a finite difference of the Huber loss, away from the
# kinks at $|r| = \delta$.

# %%
y_c = rng.normal(0, 3, size=200)
p_c = rng.normal(0, 3, size=200)
keep = np.abs(np.abs(y_c - p_c) - 1.5) > 1e-3
y_c, p_c = y_c[keep], p_c[keep]
h, huber = 1e-6, HuberLoss(delta=1.5)
numeric = (huber.per_sample(y_c, p_c + h) - huber.per_sample(y_c, p_c - h)) / (2 * h)
y_c, p_c = readonly(y_c, p_c)
r_c = y_c - p_c
check("Exercise 3 (Huber gradient)", huber_gradient,
      expect(lambda f: np.shape(f(y_c, p_c, 1.5)) == y_c.shape,
             "return one derivative per sample"),
      diagnose(lambda f: match(f(y_c, p_c, 1.5), [
          (-numeric, "the sign is flipped: this is the derivative with respect to the residual "
                     "r = y - y_hat; with respect to y_hat it is the opposite, y_hat - y inside"),
          (-r_c, "the residual is not clipped: outside |r| <= delta the derivative is +delta or "
                 "-delta, not y_hat - y"),
          (np.clip(-r_c, -1.0, 1.0), "the clip uses 1 instead of delta: clip y_hat - y to "
                                     "[-delta, delta]"),
          (huber.per_sample(y_c, p_c), "this is the Huber loss itself: return its derivative"),
      ])),
      expect(lambda f: np.allclose(f(y_c, p_c, 1.5), numeric, atol=1e-5),
             "inside |r| <= delta the derivative is y_hat - y; outside it is +delta or -delta "
             "(the residual clipped), with the sign of y_hat - y"))

# %% [markdown]
# ## Exercise 4 — a 90 % quantile line
#
# The noise in `y_q` grows with `x_q`. Fit a linear model for the 90th percentile of $y$ given
# $x$ with scikit-learn's `QuantileRegressor` (no penalty: `alpha=0`) and store its predictions
# on `X_q` in `upper`.

# %%
x_q = rng.uniform(0, 10, size=300)
y_q = 2 + 0.5 * x_q + rng.normal(0, 0.2 + 0.3 * x_q)
X_q = x_q.reshape(-1, 1)
print(f"{x_q.size} points; the noise standard deviation grows from 0.2 to 3.2")

# %% tags=["exercise"]
upper = ...  # YOUR ANSWER HERE

# %%
check("Exercise 4 (90 % quantile)", upper,
      expect(lambda u: np.shape(u) == y_q.shape, "store one prediction per sample"),
      diagnose(lambda u: "your line is flat: the penalty (alpha=1.0 by default) shrank the "
               "slope to 0; use alpha=0" if np.ptp(u) < 1e-6 * (1 + np.abs(u).max()) else None),
      diagnose(lambda u: "your predictions are sorted, but x_q is not: predict on X_q itself, "
               "in its own order, not on sorted x" if np.all(np.diff(u) >= 0) else None),
      diagnose(lambda u: "about 10 % of the points lie below your line: that is the 10 % "
               "quantile; use quantile=0.9" if abs(np.mean(y_q <= u) - 0.1) < 0.03 else None),
      expect(lambda u: abs(np.mean(y_q <= u) - 0.9) < 0.02,
             "about 90 % of the points should lie below a 90 % quantile line: use "
             "quantile=0.9 and alpha=0"),
      expect(lambda u: u[np.argmax(x_q)] - u[np.argmin(x_q)] > 0.5 * (x_q.max() - x_q.min()),
             "the 90 % line should rise faster than the median line (slope 0.5), because the "
             "noise grows with x"))
