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
from course_utils.checks import check, check_env, expect
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
y_a, y_b = rng.normal(size=30), rng.normal(size=30)
check("Exercise 1a (MSE)", mse,
      expect(lambda f: np.isclose(f(y_a, y_b), mean_squared_error(y_a, y_b)),
             "square each residual y - y_hat, then take the mean"))
check("Exercise 1b (MAE)", mae,
      expect(lambda f: np.isclose(f(y_a, y_b), mean_absolute_error(y_a, y_b)),
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
      expect(lambda c: is_minimum(SquaredError(), c),
             "a nearby constant has a lower squared error: which average does squared error "
             "favour?"))
check("Exercise 2b (best constant, absolute error)", c_absolute,
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
check("Exercise 3 (Huber gradient)", huber_gradient,
      expect(lambda f: np.shape(f(y_c, p_c, 1.5)) == y_c.shape,
             "return one derivative per sample"),
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
      expect(lambda u: abs(np.mean(y_q <= u) - 0.9) < 0.02,
             "about 90 % of the points should lie below a 90 % quantile line: use "
             "quantile=0.9 and alpha=0"),
      expect(lambda u: u[np.argmax(x_q)] - u[np.argmin(x_q)] > 0.5 * (x_q.max() - x_q.min()),
             "the 90 % line should rise faster than the median line (slope 0.5), because the "
             "noise grows with x"))
