# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Homework 01 — The normal equation
#
# Goes with lesson 01. Write your code where it says `# YOUR CODE HERE` (replace the `...`
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
# | Exercise 1 (design matrix) | 2 |
# | Exercise 2 (normal equation) | 2 |
# | Exercise 3a (condition number of X) | 1 |
# | Exercise 3b (condition number of X^T X) | 1 |
# | Exercise 4 (minimum-norm solution) | 2 |
# | Exercise 5 (unbiased slope) | 2 |
# | **total** | **10** |

# %%
import numpy as np

from course_utils import NormalEquationRegressor, make_collinear, make_linear
from course_utils.checks import check, check_env, expect
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed=1)

# %% [markdown]
# ## Exercise 1 — the design matrix
#
# `x` holds one feature for 50 samples. Build the design matrix `X` of shape `(50, 2)` whose
# first column is all ones (the intercept) and whose second column is `x`. Use numpy only.

# %%
x = np.linspace(0, 5, 50)
print(f"x: {x.shape[0]} values from {x[0]:.1f} to {x[-1]:.1f}")

# %% tags=["exercise"]
X = ...  # YOUR ANSWER HERE

# %%
check(
    "Exercise 1 (design matrix)", X,
    expect(lambda X: np.shape(X) == (50, 2),
           "X should have shape (50, 2): one row per sample, a column of ones and a column for x"),
    expect(lambda X: np.allclose(X[:, 0], 1.0),
           "the first column should be all ones: it multiplies the intercept"),
    expect(lambda X: np.allclose(X[:, 1], x), "the second column should be x itself"),
)

# %% [markdown]
# ## Exercise 2 — solve the normal equation
#
# Complete `normal_equation(X, y)` so that it returns $\hat\beta$ solving
# $X^\top X\,\beta = X^\top y$. Do not form an inverse: use `np.linalg.solve`.

# %% tags=["exercise"]
def normal_equation(X, y):
    """Least-squares coefficients beta for a design matrix X (with its column of ones)."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check draws a fresh problem and tests the defining property of least squares: the
# residuals $y - X\hat\beta$ are orthogonal to every column of $X$.

# %%
X_test, y_test, _ = make_linear(40, 3, intercept=2.0, random_state=7)
X_test = np.column_stack([np.ones(len(X_test)), X_test])
check(
    "Exercise 2 (normal equation)", normal_equation,
    expect(lambda f: np.shape(f(X_test, y_test)) == (4,),
           "return one coefficient per column of X (here 4: intercept and three slopes)"),
    expect(lambda f: np.allclose(X_test.T @ (y_test - X_test @ f(X_test, y_test)), 0, atol=1e-6),
           "the residuals y - X beta are not orthogonal to the columns of X: "
           "solve (X^T X) beta = X^T y"),
)

# %% [markdown]
# ## Exercise 3 — conditioning
#
# Polynomial features $1, x, \dots, x^8$ on $[0, 1]$ are nearly collinear. Compute the
# condition number of `X_poly` and of the Gram matrix `X_poly.T @ X_poly`.

# %%
X_poly = np.vander(np.linspace(0, 1, 100), 9, increasing=True)
print("X_poly shape:", X_poly.shape, "(columns 1, x, ..., x^8)")

# %% tags=["exercise"]
kappa = ...  # YOUR ANSWER HERE
kappa_gram = ...  # YOUR ANSWER HERE

# %%
s = np.linalg.svd(X_poly, compute_uv=False)
check(
    "Exercise 3a (condition number of X)", kappa,
    expect(lambda k: np.isclose(k, s.max() / s.min(), rtol=1e-6),
           "the condition number is the ratio of the largest to the smallest singular value; "
           "np.linalg.cond computes it"),
)
check(
    "Exercise 3b (condition number of X^T X)", kappa_gram,
    expect(lambda k: np.isclose(np.log10(k), 2 * np.log10(kappa), rtol=0.02),
           "forming X^T X squares the condition number: compute np.linalg.cond(X_poly.T @ X_poly)"),
)

# %% [markdown]
# ## Exercise 4 — collinear columns
#
# `X_dup` has two identical columns. Fit a `NormalEquationRegressor` with a method that
# works in this case and store its coefficients in `coef_dup`.

# %%
X_dup, y_dup = make_collinear(80, random_state=3)
print("X_dup shape:", X_dup.shape, "| columns identical:", bool(np.all(X_dup[:, 0] == X_dup[:, 1])))

# %% tags=["exercise"]
coef_dup = ...  # YOUR ANSWER HERE

# %%
slope = np.polyfit(X_dup[:, 0], y_dup, 1)[0]
check(
    "Exercise 4 (minimum-norm solution)", coef_dup,
    expect(lambda c: np.shape(c) == (2,), "store the fitted model's coef_ (two numbers)"),
    expect(lambda c: np.isclose(np.sum(c), slope, rtol=1e-6),
           "the two coefficients should add up to the slope of y on x"),
    expect(lambda c: np.isclose(c[0], c[1], rtol=1e-6),
           "among all solutions, method='pinv' or 'lstsq' returns the minimum-norm one, which "
           "splits the weight equally"),
)

# %% [markdown]
# ## Exercise 5 — unbiasedness by simulation
#
# Simulate 2 000 data sets $y = 1 + 2x + \varepsilon$ on the `x` of exercise 1, with
# *skewed* noise $\varepsilon = e - 1$, $e \sim \text{Exponential}(1)$ (mean 0). Fit the slope of
# each (hint: `np.linalg.lstsq` or `np.linalg.pinv(X) @ Y` fits all columns of a matrix `Y` at
# once) and store the 2 000 slopes in `slopes`.

# %% tags=["exercise"]
# YOUR CODE HERE
sim = ...
Y = ...
slopes = ...

# %%
check(
    "Exercise 5 (unbiased slope)", slopes,
    expect(lambda s: np.shape(s) == (2000,), "store one slope per simulated data set (2000)"),
    expect(lambda s: np.std(s) > 0, "the slopes should vary from data set to data set"),
    expect(lambda s: abs(np.mean(s) - 2.0) < 4 * np.std(s) / np.sqrt(len(s)),
           "the average slope should be within Monte Carlo error of the true slope 2"),
)
