# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Homework 04 — Feature engineering
#
# Goes with lesson 04. Write your code where it says `# YOUR CODE HERE` (replace the `...`
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
# | Exercise 1 (quadratic features) | 2 |
# | Exercise 2 (hat functions) | 3 |
# | Exercise 3 (interactions) | 2 |
# | Exercise 4 (degree by validation) | 3 |
# | Exercise 5 (train, validate, test once) | 3 |
# | **total** | **13** |

# %%
import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from course_utils import (
    NormalEquationRegressor,
    PolynomialBasis,
    SplineBasis,
    add_interactions,
    bspline_basis,
    cross_val_scores,
    load_housing,
    make_demand,
    polynomial_regression,
)
from course_utils import root_mean_squared_error as rmse
from course_utils.checks import check, check_env, diagnose, expect
from course_utils.homework_checks import match, readonly
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed=4)


# %% [markdown]
# ## Exercise 1 — quadratic features by hand
#
# Complete `quadratic_features(X)` for an array `X` with **two** columns $a$ and $b$: return the
# degree-2 features without the bias column, in scikit-learn's order
# $(a,\ b,\ a^2,\ ab,\ b^2)$, one row per sample. numpy only.

# %% tags=["exercise"]
def quadratic_features(X):
    """Columns a, b, a^2, a*b, b^2 of a two-column array X."""
    # YOUR CODE HERE
    raise NotImplementedError


# %%
X_q = readonly(rng.normal(size=(30, 2)))
a_q, b_q = X_q[:, 0], X_q[:, 1]
check(
    "Exercise 1 (quadratic features)", quadratic_features,
    diagnose(lambda f: "there is a sixth column of ones: leave the bias out (the model has its "
             "own intercept)" if np.shape(f(X_q)) == (30, 6) else None),
    diagnose(lambda f: match(f(X_q), [
        (np.column_stack([a_q, b_q, a_q**2, b_q**2, a_q * b_q]),
         "the columns are in another order: scikit-learn's is a, b, a^2, ab, b^2 (ab before "
         "b^2)"),
        (np.column_stack([a_q**2, a_q * b_q, b_q**2, a_q, b_q]),
         "the columns are in another order: the degree-1 columns a, b come first, then a^2, "
         "ab, b^2"),
    ])),
    expect(lambda f: np.shape(f(X_q)) == (30, 5),
           "return 5 columns (a, b, a^2, ab, b^2) and one row per sample"),
    expect(lambda f: np.allclose(f(X_q), PolynomialBasis(2, include_bias=False).fit_transform(X_q)),
           "the columns should match PolynomialBasis(2, include_bias=False): check the order "
           "a, b, a^2, ab, b^2"),
    expect(lambda f: np.allclose(f(X_q), PolynomialFeatures(2, include_bias=False).fit_transform(X_q)),
           "the columns should match scikit-learn's PolynomialFeatures(2, include_bias=False)"),
)

# %% [markdown]
# ## Exercise 2 — hat functions: B-splines of degree 1
#
# A B-spline of degree 1 is a **hat**: $B_{i,1}$ rises linearly from 0 at knot $t_i$ to 1 at
# $t_{i+1}$ and falls back to 0 at $t_{i+2}$:
#
# $$B_{i,1}(x) = \max\!\Big(0,\ \min\Big(\frac{x - t_i}{t_{i+1} - t_i},\
#   \frac{t_{i+2} - x}{t_{i+2} - t_{i+1}}\Big)\Big).$$
#
# Complete `hat_basis(x, t)`: for points `x` (1-D) and a strictly increasing knot vector `t`
# of length $m$, return the $m - 2$ hats as columns, shape `(len(x), m - 2)`. No Python loop
# over samples (a loop over the $m - 2$ hats is fine, broadcasting is nicer).

# %% tags=["exercise"]
def hat_basis(x, t):
    """Degree-1 B-splines B_{i,1}(x), i = 0 .. len(t) - 3, as columns."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check uses the knot vector `SplineBasis(n_knots=5, degree=1)` places on the temperatures
# of lesson 04, and tests two properties: your hats equal the Cox–de Boor recursion
# (`bspline_basis`), and inside the training range they form a **partition of unity**: every
# row sums to 1, so the basis can represent a constant exactly. It then does the same on
# unevenly spaced knots, where every hat has its own widths.

# %%
T_year, _ = make_demand(365, random_state=0)
knots_1 = SplineBasis(n_knots=5, degree=1).fit(T_year.reshape(-1, 1)).knots_[:, 0]
inside = np.linspace(T_year.min(), T_year.max(), 200)
print(f"knot vector ({len(knots_1)} knots): {np.round(knots_1, 2)}")
# Unevenly spaced knots tell a right hat from one that only works on an even grid.
knots_uneven = np.array([-2.0, -1.2, 0.0, 0.3, 1.5, 4.0, 4.4])
x_uneven = np.linspace(knots_uneven[1], knots_uneven[-2], 200)  # where the hats sum to 1


def hats_like(t, rise_den, fall_den):
    """Hats built with other denominators, to recognise a mistake."""
    x_ = x_uneven[:, None]
    return np.maximum(0.0, np.minimum((x_ - t[:-2]) / rise_den, (t[2:] - x_) / fall_den))


t_u = knots_uneven
check(
    "Exercise 2 (hat functions)", hat_basis,
    expect(lambda f: np.shape(f(inside, knots_1)) == (200, len(knots_1) - 2),
           "return one column per hat: len(t) - 2 columns"),
    expect(lambda f: np.all(f(inside, knots_1) >= 0), "a hat is never negative: clip at 0"),
    expect(lambda f: np.allclose(f(inside, knots_1).sum(axis=1), 1.0),
           "inside the range the hats should sum to 1 in every row (partition of unity)"),
    expect(lambda f: np.allclose(f(inside, knots_1), bspline_basis(inside, knots_1, 1)),
           "your hats differ from bspline_basis(x, t, 1): hat i rises on [t_i, t_{i+1}] and "
           "falls on [t_{i+1}, t_{i+2}]"),
    diagnose(lambda f: match(f(x_uneven, t_u), [
        (hats_like(t_u, t_u[2:] - t_u[1:-1], t_u[1:-1] - t_u[:-2]),
         "on unevenly spaced knots your hats are wrong: the rise and fall denominators are "
         "swapped (the rise divides by t_{i+1} - t_i, the fall by t_{i+2} - t_{i+1})"),
    ])),
    diagnose(lambda f: "your hats work only on equally spaced knots (like the ones above): "
             "on uneven ones use each hat's own widths t_{i+1} - t_i and t_{i+2} - t_{i+1}, "
             "not one spacing h" if not np.allclose(f(x_uneven, t_u),
                                                     bspline_basis(x_uneven, t_u, 1))
             else None),
    expect(lambda f: np.allclose(f(x_uneven, t_u).sum(axis=1), 1.0),
           "on unevenly spaced knots the hats do not sum to 1: each hat's rise and fall use "
           "its own knot spacings"),
    expect(lambda f: np.allclose(f(x_uneven, t_u), bspline_basis(x_uneven, t_u, 1)),
           "on unevenly spaced knots your hats differ from bspline_basis(x, t, 1): hat i "
           "rises on [t_i, t_{i+1}] and falls on [t_{i+1}, t_{i+2}], each over its own width"),
)

# %% [markdown]
# ## Exercise 3 — one slope per neighbourhood, with interactions
#
# In the housing data the price per m² depends on the neighbourhood. Build the design matrix
# `X_int` for the model
#
# $$\text{price} = b + \sum_{h \ne \text{Centre}} c_h\,[\text{hood} = h]
#   + \theta\,\text{size} + \sum_{h \ne \text{Centre}} \theta_h\,\text{size}\cdot[\text{hood} = h]:$$
#
# start from `pd.get_dummies(houses[["size_m2", "neighbourhood"]], columns=["neighbourhood"],
# dtype=float)`, drop the Centre dummy (the baseline), and use `add_interactions` to append
# `size_m2` times each remaining dummy (or build the same columns yourself). Fit a `NormalEquationRegressor` on `X_int` and the
# prices, and store its predictions for all houses in `pred_int`.

# %%
houses = load_housing()
hoods = list(houses["neighbourhood"].cat.categories)
print(f"{len(houses)} houses; neighbourhoods: {', '.join(hoods)}")

# %% tags=["exercise"]
# YOUR CODE HERE
dummies = ...
X_int = ...
pred_int = ...

# %% [markdown]
# A dummy times size gives that neighbourhood its own slope, and its dummy its own intercept,
# so this model must predict exactly what five separate straight lines do, one fitted per
# neighbourhood. The check fits those five lines.

# %%
separate = np.empty(len(houses))
for h in hoods:
    rows = (houses["neighbourhood"] == h).to_numpy()
    slope, intercept = np.polyfit(houses.loc[rows, "size_m2"], houses.loc[rows, "price_keur"], 1)
    separate[rows] = intercept + slope * houses.loc[rows, "size_m2"]
print(f"five separate lines: training RMSE {rmse(houses['price_keur'], separate):.2f} k€")
prices_all = houses["price_keur"].to_numpy()
dummies_chk = pd.get_dummies(houses["neighbourhood"], dtype=float).to_numpy()[:, 1:]
size_chk = houses[["size_m2"]].to_numpy()


def fitted_on(*blocks):
    design = np.column_stack(blocks)
    return NormalEquationRegressor(method="lstsq").fit(design, prices_all).predict(design)


pred_no_interactions = fitted_on(size_chk, dummies_chk)
pred_no_dummies = fitted_on(size_chk, size_chk * dummies_chk)
check(
    "Exercise 3 (interactions)", (X_int, pred_int),
    expect(lambda a: np.shape(a[1]) == (len(houses),),
           "pred_int should hold one prediction per house (1500)"),
    diagnose(lambda a: "X_int contains the price itself (your predictions equal the prices): "
             "build the dummies from houses[['size_m2', 'neighbourhood']] only"
             if np.allclose(a[1], prices_all, atol=1e-6) else None),
    diagnose(lambda a: match(a[1], [
        (pred_no_interactions, "there are no interactions: one slope for every neighbourhood; "
                               "append size_m2 times each dummy (add_interactions)"),
        (pred_no_dummies, "the dummies are missing: keep the 4 dummies as well as the 4 "
                          "interactions (each neighbourhood needs its own intercept and slope)"),
    ])),
    expect(lambda a: np.shape(a[0])[1] == 9,
           "X_int should have 9 columns: size, 4 dummies and 4 interactions (no Centre dummy, "
           "no column of ones)"),
    expect(lambda a: np.allclose(a[1], separate, atol=1e-6),
           "the predictions should equal five separate lines (one per neighbourhood): did you "
           "add size x every non-baseline dummy and keep the dummies themselves?"),
)

# %% [markdown]
# ## Exercise 4 — choose the degree by validation error
#
# 25 training days and 2 000 validation days of lesson 04's demand data. For each degree
# $D = 1, \dots, 12$ fit `polynomial_regression(D)` (lesson 04's pipeline: standardise, powers
# $1..D$, least squares) on the training days and compute the validation RMSE;
# store the degree with the smallest validation error in `best_degree` (an `int`).

# %%
T_train, y_train = make_demand(25, random_state=7)
T_val, y_val = make_demand(2000, random_state=2)
keep = (T_val >= T_train.min()) & (T_val <= T_train.max())  # validate inside the training range
T_val, y_val = T_val[keep], y_val[keep]


print(f"{len(T_train)} training days, {len(T_val)} validation days")

# %% tags=["exercise"]
# YOUR CODE HERE
val_rmse = ...
best_degree = ...

# %% [markdown]
# The check recomputes the validation error of every degree and accepts a degree whose error
# is within 2 % of the smallest.

# %%
errors = {d: rmse(y_val, polynomial_regression(d).fit(T_train.reshape(-1, 1), y_train)
                  .predict(T_val.reshape(-1, 1))) for d in range(1, 13)}
train_errors = {d: rmse(y_train, polynomial_regression(d).fit(T_train.reshape(-1, 1), y_train)
                        .predict(T_train.reshape(-1, 1))) for d in range(1, 13)}
check(
    "Exercise 4 (degree by validation)", best_degree,
    expect(lambda d: isinstance(d, int | np.integer) and 1 <= d <= 12,
           "best_degree should be a whole number from 1 to 12 (a degree, not an error)"),
    diagnose(lambda d: f"degree {int(d)} has the lowest *training* error, which always falls "
             "as the degree grows: choose by the validation error"
             if int(d) == min(train_errors, key=train_errors.get)
             and errors[int(d)] > 1.02 * min(errors.values()) else None),
    expect(lambda d: errors[int(d)] <= 1.02 * min(errors.values()),
           "another degree has a clearly lower validation RMSE: choose by the validation "
           "error, not the training error"),
)

# %% [markdown]
# ## Exercise 5 — train, validate, test once
#
# Lesson 04's protocol: the **training** rows fit, the **validation** rows choose, the
# **test** rows are touched once, at the end. Here the validation set is 5-fold
# cross-validation on 60 training days. For each number of knots $k = 3, \dots, 10$, compute
# the mean 5-fold CV mean squared error of `spline_model(k)` on the training days
# (`cross_val_scores(model, X, y, cv=5, scoring="neg_mean_squared_error")` gives minus the
# MSE of each fold); store the best $k$ in `best_knots` (an `int`). Then refit
# `spline_model(best_knots)` on all 60 training days and store its RMSE on the test days in
# `test_rmse` (a `float`). Do not use the test days to choose.

# %%
def spline_model(n_knots):
    """A cubic spline in the temperature, fitted by least squares (lesson 04, section 3)."""
    return make_pipeline(SplineBasis(n_knots=n_knots, include_bias=False),
                         NormalEquationRegressor())


T_fit, y_fit = make_demand(60, random_state=21)
T_test, y_test = make_demand(2000, random_state=22)
inside = (T_test >= T_fit.min()) & (T_test <= T_fit.max())
T_test, y_test = T_test[inside], y_test[inside]
X_fit, X_test = T_fit.reshape(-1, 1), T_test.reshape(-1, 1)
print(f"{len(T_fit)} training days, {len(T_test)} test days (kept for the very end)")

# %% tags=["exercise"]
# YOUR CODE HERE
cv_mse = ...
best_knots = ...
test_rmse = ...

# %% [markdown]
# The check recomputes the cross-validated error of every $k$ (it accepts a $k$ within 2 % of
# the smallest) and the test RMSE of your $k$, refitted on all training days.

# %%
cv_errors = {k: -cross_val_scores(spline_model(k), X_fit, y_fit, cv=5,
                                  scoring="neg_mean_squared_error").mean() for k in range(3, 11)}
test_errors = {k: rmse(y_test, spline_model(k).fit(X_fit, y_fit).predict(X_test))
               for k in range(3, 11)}
check(
    "Exercise 5 (train, validate, test once)", (best_knots, test_rmse),
    expect(lambda a: isinstance(a[0], int | np.integer) and 3 <= a[0] <= 10,
           "best_knots should be a whole number from 3 to 10"),
    diagnose(lambda a: "this k has the lowest error on the *test* days: choosing on them makes "
             "the reported test error optimistic; choose by the cross-validated error"
             if int(a[0]) == min(test_errors, key=test_errors.get)
             and cv_errors[int(a[0])] > 1.02 * min(cv_errors.values()) else None),
    expect(lambda a: cv_errors[int(a[0])] <= 1.02 * min(cv_errors.values()),
           "another k has a clearly lower cross-validated MSE on the training days"),
    expect(lambda a: np.isclose(float(a[1]), test_errors[int(a[0])], rtol=1e-6),
           "test_rmse should be the RMSE on the test days of spline_model(best_knots) refitted "
           "on all 60 training days"),
)
