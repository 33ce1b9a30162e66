# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Homework 05 — Regularization
#
# Goes with lesson 05. Write your code where it says `# YOUR CODE HERE` (replace the `...`
# or the `raise NotImplementedError`), then run the check cell below it. A check prints
# **correct**, **not yet** with a hint, or **not done yet**. It never stops the notebook.
#
# **To submit:** *Kernel → Restart Kernel and Run All Cells*, check that every exercise
# says *correct*, then save the notebook and hand in the `.ipynb`.
#
# The Lasso objective is scikit-learn's, as in the lesson:
# $F(w, b) = \frac{1}{2n}\lVert y - Xw - b\rVert^2 + \alpha\lVert w\rVert_1$.

# %% [markdown] tags=["points"]
# **Marking.** Each check is worth the points below; a check earns them when it says
# *correct* on the instructor's re-run of your notebook (`make grade`).
#
# | check | points |
# |---|---|
# | Exercise 1 (soft threshold) | 2 |
# | Exercise 2 (coordinate update) | 2 |
# | Exercise 3 (exactly three features) | 2 |
# | Exercise 4 (ridge, free intercept) | 2 |
# | Exercise 5 (standardise first) | 2 |
# | **total** | **10** |

# %%
import numpy as np
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from course_utils import LassoCD, NormalEquationRegressor, load_diabetes_raw, soft_threshold
from course_utils.checks import check, check_env, diagnose, expect
from course_utils.homework_checks import match, names_used, readonly
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed=5)

X_raw, y_raw = load_diabetes_raw()
Xs = StandardScaler().fit_transform(X_raw)
yc = (y_raw - y_raw.mean()).to_numpy()
print(f"diabetes: {Xs.shape[0]} patients, {Xs.shape[1]} features "
      f"({', '.join(X_raw.columns)}); Xs standardised, yc centred")

# %% [markdown]
# ## Exercise 1 — the soft threshold
#
# Complete `my_soft_threshold(z, gamma)`:
# $S(z, \gamma) = \operatorname{sign}(z)\max(\lvert z\rvert - \gamma, 0)$, for an array `z` and
# a number $\gamma \ge 0$. numpy only, no loops, and no `course_utils.soft_threshold`.

# %% tags=["exercise"]
def my_soft_threshold(z, gamma):
    """Move z towards 0 by gamma; exactly 0 where |z| <= gamma."""
    # BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - gamma, 0.0)
    # END SOLUTION


# %%
z_grid = readonly(np.linspace(-4, 4, 801))
check(
    "Exercise 1 (soft threshold)", my_soft_threshold,
    expect(lambda f: "soft_threshold" not in names_used(f),
           "your function calls course_utils' soft_threshold: write S(z, gamma) with numpy"),
    expect(lambda f: np.shape(f(z_grid, 1.0)) == z_grid.shape, "return one value per z"),
    diagnose(lambda f: match(f(z_grid, 1.0), [
        (np.maximum(np.abs(z_grid) - 1.0, 0.0), "the sign is lost: multiply by np.sign(z), so "
                                                 "negative z stay negative"),
        (z_grid - np.sign(z_grid), "not clipped at 0: inside [-gamma, gamma] the result must be "
                                   "exactly 0 (np.maximum(|z| - gamma, 0))"),
        (np.clip(z_grid, -1.0, 1.0), "this clips z to [-gamma, gamma]; the soft threshold moves "
                                     "z towards 0 by gamma instead"),
    ])),
    expect(lambda f: all(np.allclose(f(z_grid, g), soft_threshold(z_grid, g))
                         for g in (0.0, 0.5, 1.0, 2.5)),
           "your values differ from S(z, gamma): shrink |z| by gamma, keep the sign, and "
           "return exactly 0 where |z| <= gamma"),
    expect(lambda f: np.all(f(z_grid, 1.0)[np.abs(z_grid) <= 1.0] == 0),
           "inside [-gamma, gamma] the result must be exactly 0, not just small"),
)

# %% [markdown]
# ## Exercise 2 — one coordinate update of the Lasso
#
# With every coefficient but $w_j$ fixed, the Lasso objective (no intercept: `Xs` and `yc` are
# centred) is minimised by
#
# $$w_j \leftarrow \frac{S\!\left(x_j^\top r / n + \lVert x_j\rVert^2 w_j / n,\ \alpha\right)}
#   {\lVert x_j\rVert^2 / n},\qquad r = y - Xw \text{ (the full residual)}.$$
#
# Complete `lasso_update(X, y, w, j, alpha)`: return the new value of $w_j$ (a number). Do not
# change `w` itself.

# %% tags=["exercise"]
def lasso_update(X, y, w, j, alpha):
    """The minimiser of the Lasso objective over w_j, the other coefficients fixed."""
    # BEGIN SOLUTION
    n = len(y)
    r = y - X @ w
    col_sq = X[:, j] @ X[:, j] / n
    return float(soft_threshold(X[:, j] @ r / n + col_sq * w[j], alpha) / col_sq)
    # END SOLUTION


# %% [markdown]
# The check tests the defining property on random starting points (no other value of $w_j$
# gives a lower objective), then sweeps your update over all coordinates 100 times and
# compares with `LassoCD`.

# %%
def lasso_objective(w, X, y, alpha):
    return np.sum((y - X @ w) ** 2) / (2 * len(y)) + alpha * np.abs(w).sum()


Xs_ro, yc_ro = readonly(Xs, yc)


def is_coordinate_minimum(f):
    gen = np.random.default_rng(0)
    for _ in range(20):
        w, j, alpha = gen.normal(0, 20, size=10), int(gen.integers(10)), gen.uniform(0.5, 20)
        w_new = w.copy()
        w_new[j] = f(Xs_ro, yc_ro, readonly(w), j, alpha)
        best = lasso_objective(w_new, Xs, yc, alpha)
        for step in (-1e-3, 1e-3, -1.0, 1.0):
            other = w_new.copy()
            other[j] += step
            if lasso_objective(other, Xs, yc, alpha) < best - 1e-9:
                return False
    return True


def sweeps(f, alpha=1.0, n_epochs=100):
    w = np.zeros(Xs.shape[1])
    for _ in range(n_epochs):
        for j in range(len(w)):
            w[j] = f(Xs_ro, yc_ro, readonly(w), j, alpha)
    return w


def right_update(w, j, alpha):
    n = len(yc)
    col_sq = Xs[:, j] @ Xs[:, j] / n
    return float(soft_threshold(Xs[:, j] @ (yc - Xs @ w) / n + col_sq * w[j], alpha) / col_sq)


w_chk = readonly(np.random.default_rng(1).normal(0, 20, size=10))
n_chk = len(yc)


lasso_ref = LassoCD(alpha=1.0, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(Xs, yc)
check(
    "Exercise 2 (coordinate update)", lasso_update,
    expect(lambda f: np.ndim(f(Xs_ro, yc_ro, readonly(np.zeros(10)), 0, 1.0)) == 0,
           "return one number, the new w_j (do not change w itself)"),
    diagnose(lambda f: match([f(Xs_ro, yc_ro, w_chk, j, 3.0) for j in range(10)], [
        ([right_update(w_chk, j, 3.0 / n_chk) for j in range(10)],
         "alpha is scaled by 1/n: x_j^T r and ||x_j||^2 were not divided by n; the objective "
         "has 1/(2n) on the squared error but alpha itself on the penalty"),
        ([right_update(w_chk, j, 3.0 * n_chk) for j in range(10)],
         "alpha is scaled by n (alpha * n): threshold x_j^T r / n + ||x_j||^2 w_j / n by alpha "
         "itself"),
    ])),
    expect(is_coordinate_minimum,
           "moving w_j away from your value lowers the objective: use the partial residual "
           "x_j^T r / n + ||x_j||^2 w_j / n, soft-threshold it by alpha, divide by ||x_j||^2 / n"),
    expect(lambda f: np.allclose(sweeps(f), lasso_ref.coef_, atol=1e-4),
           "100 sweeps of your update should reach LassoCD's coefficients"),
)

# %% [markdown]
# ## Exercise 3 — a penalty that keeps exactly three features
#
# Find a value `alpha_3` for which `LassoCD(alpha=alpha_3)` fitted on `Xs`, `y_raw` keeps
# **exactly 3** non-zero coefficients. (Hint: the number of non-zeros falls as $\alpha$
# grows; try a grid such as `np.logspace(-1, 2, 61)`, or use `lasso_path`.)

# %% tags=["exercise"]
# BEGIN SOLUTION
alpha_grid = np.logspace(-1, 2, 61)
n_kept = np.array([np.sum(LassoCD(alpha=a).fit(Xs, y_raw).coef_ != 0) for a in alpha_grid])
alpha_3 = float(np.exp(np.log(alpha_grid[n_kept == 3]).mean()))
# END SOLUTION

# %%
def n_kept_at(a):
    return int(np.sum(LassoCD(alpha=float(a)).fit(Xs, y_raw).coef_ != 0))


check(
    "Exercise 3 (exactly three features)", alpha_3,
    expect(lambda a: np.ndim(a) == 0 and a > 0, "alpha_3 should be one positive number"),
    diagnose(lambda a: f"with this alpha LassoCD keeps {n_kept_at(a)} features, more than 3: "
             "increase alpha" if n_kept_at(a) > 3 else None),
    diagnose(lambda a: f"with this alpha LassoCD keeps {n_kept_at(a)} features, fewer than 3: "
             "decrease alpha" if n_kept_at(a) < 3 else None),
    expect(lambda a: np.sum(LassoCD(alpha=a).fit(Xs, y_raw).coef_ != 0) == 3,
           "with this alpha LassoCD keeps a different number of features than 3: a larger "
           "alpha keeps fewer"),
)

# %% [markdown]
# ## Exercise 4 — Ridge in closed form, intercept not penalised
#
# Complete `ridge_fit(X, y, alpha)`, returning `(b, w)` that minimise
# $\lVert y - Xw - b\rVert^2 + \alpha\lVert w\rVert^2$ (the intercept $b$ is free):
# centre $X$ and $y$, solve $(X_c^\top X_c + \alpha I)\,w = X_c^\top y_c$ with
# `np.linalg.solve` (no explicit inverse: the check looks for `inv`), then
# $b = \bar y - \bar x^\top w$. Leave `X` and `y` unchanged (work on copies).

# %% tags=["exercise"]
def ridge_fit(X, y, alpha):
    """Intercept b and coefficients w of Ridge regression with an unpenalised intercept."""
    # BEGIN SOLUTION
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, y_c = X - x_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ y_c)
    return y_mean - x_mean @ w, w
    # END SOLUTION


# %%
X4, y4 = readonly(X_raw.to_numpy(dtype=float), y_raw.to_numpy(dtype=float))
ne4 = NormalEquationRegressor(alpha=50.0).fit(X4, y4)
Z4 = np.column_stack([np.ones(len(y4)), X4])
w_b_penalised = np.linalg.solve(Z4.T @ Z4 + 50.0 * np.eye(11), Z4.T @ y4)[1:]
w_not_centred = np.linalg.solve(X4.T @ X4 + 50.0 * np.eye(10), X4.T @ y4)
check(
    "Exercise 4 (ridge, free intercept)", ridge_fit,
    expect(lambda f: len(f(X4, y4, 50.0)) == 2,
           "return a pair (b, w) with one coefficient per column of X"),
    diagnose(lambda f: "the pair is in the wrong order: return (b, w), the intercept first"
             if np.shape(f(X4, y4, 50.0)[0]) == (10,) else None),
    expect(lambda f: np.shape(f(X4, y4, 50.0)[1]) == (10,),
           "return a pair (b, w) with one coefficient per column of X"),
    expect(lambda f: not names_used(f) & {"inv", "pinv"},
           "your function forms an inverse (np.linalg.inv or pinv): solve the system with "
           "np.linalg.solve, as the exercise asks"),
    diagnose(lambda f: match(f(X4, y4, 50.0)[1], [
        (w_b_penalised, "the intercept is penalised (alpha I covers the column of ones too): "
                        "centre X and y instead, and leave b out of the penalty"),
        (w_not_centred, "X and y were not centred: without centring, w also has to fit the "
                        "intercept; subtract the column means first"),
        (NormalEquationRegressor(alpha=50.0 * len(y4)).fit(X4, y4).coef_,
         "alpha is scaled by n (alpha * n * I): this objective has no 1/n, so add alpha * I"),
        (NormalEquationRegressor(alpha=50.0 / len(y4)).fit(X4, y4).coef_,
         "alpha is divided by n: this objective has no 1/n, so add alpha * I"),
    ])),
    expect(lambda f: np.allclose(f(X4, y4, 50.0)[1], ne4.coef_, rtol=1e-6),
           "w differs from NormalEquationRegressor(alpha=50): centre X and y before solving"),
    expect(lambda f: np.isclose(f(X4, y4, 50.0)[0], ne4.intercept_, rtol=1e-6),
           "b differs: it is mean(y) - mean(X) @ w, never penalised"),
    expect(lambda f: np.allclose(f(X4, y4 + 100.0, 50.0)[1], f(X4, y4, 50.0)[1], rtol=1e-6),
           "shifting y by 100 should leave w unchanged (only b moves): is b penalised?"),
    expect(lambda f: np.allclose(f(X4, y4, 50.0)[1], Ridge(alpha=50.0).fit(X4, y4).coef_,
                                 rtol=1e-6),
           "w should equal scikit-learn's Ridge(alpha=50)"),
)

# %% [markdown]
# ## Exercise 5 — standardise before you penalise
#
# The penalty charges every coefficient the same, so on raw features the Lasso's choice
# depends on units. Total cholesterol `tc` in mmol/L instead of mg/dL (divided by 38.67):

# %%
X_mmol = X_raw.copy()
X_mmol["tc"] = X_mmol["tc"] / 38.67
raw_mg = LassoCD(alpha=5.0, tol=1e-10, max_iter=100_000).fit(X_raw, y_raw)
raw_mmol = LassoCD(alpha=5.0, tol=1e-10, max_iter=100_000).fit(X_mmol, y_raw)
print(f"raw features: {np.sum(raw_mg.coef_ != 0)} kept with tc in mg/dL, "
      f"{np.sum(raw_mmol.coef_ != 0)} kept with tc in mmol/L")

# %% [markdown]
# Build `model_std`: a pipeline that **standardises** the features and then fits
# `LassoCD(alpha=5.0)`, fitted on `X_raw`, `y_raw`.

# %% tags=["exercise"]
model_std = make_pipeline(StandardScaler(), LassoCD(alpha=5.0)).fit(X_raw, y_raw)  # SOLUTION

# %% [markdown]
# The check refits a copy of your pipeline on the mmol/L table: with standardisation inside
# the pipeline the unit of `tc` must not matter.

# %%
def scaled_by_pipeline(m):
    return np.asarray(m[:-1].transform(X_raw), dtype=float)


check(
    "Exercise 5 (standardise first)", model_std,
    expect(lambda m: hasattr(m, "steps"),
           "model_std should be a pipeline, make_pipeline(a scaler, LassoCD(alpha=5.0)), so "
           "that the scaling is part of the model"),
    expect(lambda m: np.shape(m.predict(X_raw)) == y_raw.shape,
           "model_std should be fitted on X_raw, y_raw (call .fit)"),
    expect(lambda m: isinstance(m.steps[-1][1], LassoCD) and m.steps[-1][1].alpha == 5.0,
           "the last step should be LassoCD(alpha=5.0)"),
    expect(lambda m: np.allclose(clone(m).fit(X_mmol, y_raw).predict(X_mmol),
                                 m.predict(X_raw), rtol=1e-6),
           "the predictions change with the unit of tc: standardise inside the pipeline, "
           "before the Lasso"),
    diagnose(lambda m: "the features are rescaled to [0, 1] (MinMaxScaler): standardise "
             "them, mean 0 and standard deviation 1 (StandardScaler)"
             if np.allclose(scaled_by_pipeline(m).min(axis=0), 0)
             and np.allclose(scaled_by_pipeline(m).max(axis=0), 1) else None),
    expect(lambda m: np.allclose(scaled_by_pipeline(m).mean(axis=0), 0, atol=1e-8)
           and np.allclose(scaled_by_pipeline(m).std(axis=0), 1, rtol=1e-6),
           "the steps before the Lasso should standardise the features: mean 0 and standard "
           "deviation 1 in every column (StandardScaler)"),
)
