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
# | Exercise 6 (standard errors and coverage) | 2 |
# | **total** | **12** |

# %%
import numpy as np
from scipy import stats

from course_utils import NormalEquationRegressor, make_collinear, make_linear, ols_summary
from course_utils.checks import check, check_env, diagnose, expect, needs
from course_utils.homework_checks import names_used, readonly, same
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
    diagnose(lambda X: "X is transposed: it has shape (2, 50); stack the two as columns with "
             "np.column_stack([...]) (or take .T)" if np.shape(X) == (2, 50) else None),
    diagnose(lambda X: "the columns are swapped: the column of ones comes first, then x"
             if np.shape(X) == (50, 2) and same(X[:, 1], np.ones(50)) and same(X[:, 0], x)
             else None),
    expect(lambda X: np.shape(X) == (50, 2),
           "X should have shape (50, 2): one row per sample, a column of ones and a column for x"),
    expect(lambda X: np.allclose(X[:, 0], 1.0),
           "the first column should be all ones: it multiplies the intercept"),
    expect(lambda X: np.allclose(X[:, 1], x), "the second column should be x itself"),
)

# %% [markdown]
# ## Exercise 2 — solve the normal equation
#
# Complete `normal_equation(X, y)` so that, for a design matrix `X` with its column of ones
# ($\tilde X$ of lesson 01), it returns $\hat\theta$ solving $X^\top X\,\theta = X^\top y$. Do not form an inverse (no `np.linalg.inv`, no `pinv`): use
# `np.linalg.solve` (or `np.linalg.lstsq` on `X` itself). The check looks for an inverse.

# %% tags=["exercise"]
def normal_equation(X, y):
    """Least-squares parameters theta = (b, w) for a design matrix X (with its column of ones)."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check draws a fresh problem and tests the defining property of least squares: the
# residuals $y - X\hat\theta$ are orthogonal to every column of $X$.

# %%
def orthogonal_residuals(f, seeds=(7, 8, 9)):
    """On several fresh problems (inputs read-only), X^T (y - X theta) = 0."""
    for seed in seeds:
        Xs, ys, _ = make_linear(40, 3, intercept=2.0, random_state=seed)
        Xs = np.column_stack([np.ones(len(Xs)), Xs])
        theta = f(*readonly(Xs, ys))
        if not np.allclose(Xs.T @ (ys - Xs @ theta), 0, atol=1e-6):
            return False
    return True


X_test, y_test, _ = make_linear(40, 3, intercept=2.0, random_state=7)
X_test = np.column_stack([np.ones(len(X_test)), X_test])
X_ro, y_ro = readonly(X_test, y_test)
check(
    "Exercise 2 (normal equation)", normal_equation,
    expect(lambda f: np.shape(f(X_ro, y_ro)) != (4, 1),
           "your theta is a (4, 1) column: return a 1-D array of shape (4,) (pass y as a 1-D "
           "vector, or .ravel() the result)",
           on_error="your function raised an error on a (40, 4) X and a (40,) y: the normal "
           "equation is np.linalg.solve(X.T @ X, X.T @ y), both products with X.T"),
    expect(lambda f: np.shape(f(X_ro, y_ro)) == (4,),
           "return one coefficient per column of X (here 4: intercept and three slopes)"),
    expect(orthogonal_residuals,
           "the residuals y - X theta are not orthogonal to the columns of X: "
           "solve (X^T X) theta = X^T y"),
    expect(lambda f: not names_used(f) & {"inv", "pinv"},
           "your function forms an inverse (np.linalg.inv or pinv): the exercise asks for "
           "np.linalg.solve(X.T @ X, X.T @ y), which is faster and more accurate"),
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
kappa_true = s.max() / s.min()
check(
    "Exercise 3a (condition number of X)", kappa,
    expect(lambda k: np.ndim(k) == 0, "kappa should be one number, np.linalg.cond(X_poly)"),
    diagnose(lambda k: "this is about the square of kappa, the condition number of X^T X: "
             "exercise 3a asks for X_poly's own, np.linalg.cond(X_poly)"
             if abs(np.log10(k) / np.log10(kappa_true) - 2) < 0.05 else None),
    diagnose(lambda k: "this is the square root of the condition number: use np.linalg.cond"
             "(X_poly), the ratio of the singular values themselves"
             if np.isclose(k, np.sqrt(kappa_true), rtol=1e-3) else None),
    expect(lambda k: np.isclose(k, kappa_true, rtol=1e-6),
           "the condition number is the ratio of the largest to the smallest singular value; "
           "np.linalg.cond computes it"),
)
check(
    "Exercise 3b (condition number of X^T X)", kappa_gram,
    needs(lambda k: np.isclose(kappa, kappa_true, rtol=1e-6),
          "this check compares with your kappa of Exercise 3a: make 3a correct first"),
    expect(lambda k: np.ndim(k) == 0, "kappa_gram should be one number"),
    diagnose(lambda k: "kappa_gram is kappa squared, typed in rather than measured: compute "
             "np.linalg.cond(X_poly.T @ X_poly) and see that it comes out close to kappa**2"
             if np.isclose(k, kappa**2, rtol=1e-12) else None),
    diagnose(lambda k: "this is far above kappa squared: X_poly @ X_poly.T is the 100 x 100 "
             "matrix (singular); the Gram matrix is X_poly.T @ X_poly, 9 x 9"
             if not np.isfinite(k) or np.log10(k) > 2.5 * np.log10(kappa) else None),
    expect(lambda k: np.isclose(k, np.linalg.cond(X_poly.T @ X_poly), rtol=1e-3),
           "kappa_gram is not the condition number of the Gram matrix: compute "
           "np.linalg.cond(X_poly.T @ X_poly)"),
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
    expect(lambda c: not hasattr(c, "fit"),
           "coef_dup is the model itself: store its coefficients, model.coef_"),
    diagnose(lambda c: "three numbers: your coefficients include the intercept; store the "
             "model's coef_ (the two slopes, without intercept_)" if np.shape(c) == (3,) else None),
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
# *skewed* noise $\varepsilon = e - 1$, $e \sim \text{Exponential}(1)$ (mean 0), a fresh draw
# for every data set. Store the simulated targets in `Y`, shape `(50, 2000)` (one data set per
# column). Fit the slope of each (hint: `np.linalg.lstsq` or `np.linalg.pinv(X) @ Y` fits all
# columns of a matrix `Y` at once) and store the 2 000 slopes in `slopes`.

# %% tags=["exercise"]
# YOUR CODE HERE
sim = ...
Y = ...
slopes = ...

# %%
def noise_of(Y):
    return np.asarray(Y, dtype=float) - (1 + 2 * x[:, None])


def skewness(e):
    e = np.ravel(e) - np.mean(e)
    return np.mean(e**3) / np.mean(e**2) ** 1.5


design = np.column_stack([np.ones_like(x), x])
# the slope of a data set varies with its noise: about 0.1 from set to set here
slope_sd = 1 / np.sqrt(np.sum((x - x.mean()) ** 2))
check(
    "Exercise 5 (unbiased slope)", (Y, slopes),
    expect(lambda a: np.shape(a[0]) == (50, 2000),
           "Y should hold the 2000 simulated data sets as columns: shape (50, 2000)"),
    expect(lambda a: np.shape(a[1]) == (2000,), "store one slope per simulated data set (2000)"),
    expect(lambda a: np.ptp(np.asarray(a[1])) > 2 * slope_sd,
           "the slopes barely vary from data set to data set: did you reuse one noise draw "
           "for all of them? Draw fresh noise for every data set, size=(50, 2000)"),
    expect(lambda a: np.allclose(a[1], np.linalg.lstsq(design, a[0], rcond=None)[0][1],
                                 atol=1e-8),
           "slopes are not the fitted slopes of the columns of Y: fit each column on the "
           "design matrix [1, x] and keep row 1 (the slope)"),
    expect(lambda a: abs(np.mean(noise_of(a[0]))) < 0.05,
           "the noise Y - (1 + 2x) should have mean 0: Exponential(1) has mean 1, subtract 1"),
    expect(lambda a: skewness(noise_of(a[0])) > 1.0,
           "the noise is not skewed (its skewness is near 0): draw e from "
           "rng.exponential(1.0, ...) and use e - 1, not Gaussian noise"),
    expect(lambda a: abs(np.mean(a[1]) - 2.0) < 4 * np.std(a[1]) / np.sqrt(len(a[1])),
           "the average slope should be within Monte Carlo error of the true slope 2"),
)

# %% [markdown]
# ## Exercise 6 — standard errors and 95 % intervals
#
# For every data set (column) of `Y` from exercise 5, estimate the noise level
# $\hat\sigma = \sqrt{\mathrm{RSS}/(n - 2)}$ from its residuals and the standard error of its
# slope, $\hat\sigma\sqrt{[(\tilde X^\top\tilde X)^{-1}]_{11}}$ (without `np.linalg.inv`:
# for one feature $[(\tilde X^\top\tilde X)^{-1}]_{11} = 1/\sum_i (x_i - \bar x)^2$). Store
# the 2 000 standard errors in `se`. Then build each data set's 95 % interval
# $\hat w \pm t_{n-2,\,0.975}\,\mathrm{se}$ (`scipy.stats.t.ppf(0.975, df=48)`) and store in
# `coverage` the share of intervals that contain the true slope 2.

# %% tags=["exercise"]
# YOUR CODE HERE
fitted = ...
resid = ...
se = ...
half = ...
coverage = ...

# %%
def first_standard_errors(Y, k=3):
    """ols_summary's standard errors of the slopes of the first k data sets of Y."""
    return [ols_summary(x.reshape(-1, 1), np.asarray(Y)[:, j]).table.loc["x0", "std_err"]
            for j in range(k)]


check(
    "Exercise 6 (standard errors and coverage)", (se, coverage),
    expect(lambda a: np.shape(a[0]) == (2000,), "store one standard error per data set (2000)"),
    diagnose(lambda a: "these are the standard errors with n instead of n - 2: the residuals "
             "of a line with 2 parameters have n - 2 degrees of freedom"
             if np.allclose(a[0][:3], np.multiply(first_standard_errors(Y), np.sqrt(48 / 50)),
                            rtol=1e-6)
             else None),
    expect(lambda a: np.allclose(a[0][:3], first_standard_errors(Y), rtol=1e-6),
           "the standard errors of the first data sets differ from ols_summary's: use "
           "sigma_hat = sqrt(RSS / (n - 2)) times 1 / sqrt(sum((x - mean(x))**2))"),
    expect(lambda a: np.ndim(a[1]) == 0 and 0 <= float(a[1]) <= 1,
           "coverage should be one number between 0 and 1: the mean of a boolean array"),
    expect(lambda a: abs(float(a[1]) - 0.95) < 4 * np.sqrt(0.95 * 0.05 / 2000),
           "about 95 % of the intervals should cover the true slope 2 (within 2 points): "
           "check the t quantile (0.975, 48 df) and that you compare with 2"),
)

