# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Capstone — My Data My Model
#
# Goes with lessons 04 and 05. You get the housing data of lesson 04 (`load_housing()`:
# 1 500 house sales, 7 columns and the price in k€) and build your own model for the price:
# you choose the features, the curves and interactions, and the strength of the penalty.
# The checks do not look for one right model. They test that you worked honestly (a fixed,
# clean split into training, validation and test rows; a model fitted on training rows only;
# the penalty chosen on validation rows; the test rows touched once, at the end), that your
# model clearly beats a plain linear baseline, and that the number you report, measured on
# test rows that chose nothing, is the one your model earns.
#
# Write your code where it says `# YOUR CODE HERE` (replace the `...` or the
# `raise NotImplementedError`), then run the check cell below it. A check prints **correct**,
# **not yet** with a hint, or **not done yet**. It never stops the notebook.
#
# **To submit:** *Kernel → Restart Kernel and Run All Cells*, check that every exercise
# says *correct*, then save the notebook and hand in the `.ipynb`.

# %% [markdown] tags=["points"]
# **Marking.** Each check is worth the points below; a check earns them when it says
# *correct* on the instructor's re-run of your notebook (`make grade`).
#
# | check | points |
# |---|---|
# | Exercise 1 (train/validation split) | 2 |
# | Exercise 2 (your model) | 3 |
# | Exercise 3 (penalty strength) | 2 |
# | Exercise 4 (final model) | 2 |
# | Exercise 5 (reported RMSE) | 1 |
# | **total** | **10** |

# %%
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from course_utils import (
    NormalEquationRegressor,
    SplineBasis,
    add_interactions,
    load_housing,
)
from course_utils import root_mean_squared_error as rmse
from course_utils.checks import check, check_env, diagnose, expect, needs
from course_utils.homework_checks import fitted_outside, unfitted_steps
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed=6)



houses = load_housing()
print(f"{houses.shape[0]} houses, columns: {', '.join(houses.columns)}")
print(houses.head().to_string())

# The test rows, split off first and kept apart: nothing in Exercises 1 to 4 may look at them.
dev_df, test_df = train_test_split(houses, test_size=0.2, random_state=2026)
print(f"{len(dev_df)} development houses (yours to split and explore), "
      f"{len(test_df)} test houses (locked until Exercise 5)")

# %% [markdown]
# Three sets, as lesson 04 (exercise 5) teaches: **training** rows fit the model,
# **validation** rows choose between models and penalties, and **test** rows, used once at the
# end, say how good the chosen model is. A validation error that chose the penalty flatters
# it (the choice was made to make it small); only rows that chose nothing give an honest
# number. The cell above has already split off `test_df`; explore `dev_df` only, e.g.
# `print(dev_df.describe())`, `dev_df.groupby("neighbourhood", observed=True).mean()` and the
# plots of lesson 04 (`plot_groups`, `plot_residual_scatter`). The target is `price_keur`;
# everything else is a candidate feature.
#
# ## Exercise 1 — a fixed, clean split of the development rows
#
# Split `dev_df` into training and validation rows with scikit-learn's `train_test_split`,
# holding out between 15 % and 35 % of it for validation, with a fixed integer seed
# `SPLIT_SEED` as `random_state`, so the split is the same every time the notebook runs. Store
# the two DataFrames in `train_df` and `val_df` (they keep all columns, including the price).

# %% tags=["exercise"]
# YOUR CODE HERE
SPLIT_SEED = ...
train_df, val_df = ..., ...


# %%
def same_split(split):
    train, val, seed = split
    redo_train, redo_val = train_test_split(dev_df, test_size=len(val), random_state=seed)
    return set(redo_train.index) == set(train.index) and set(redo_val.index) == set(val.index)


def keeps_all_columns(split):
    return all(set(houses.columns) <= set(getattr(part, "columns", [])) for part in split[:2])


def split_ok():
    """Exercise 1's answer, as the later checks need it."""
    try:
        return (keeps_all_columns((train_df, val_df)) and len(train_df) > 0 and len(val_df) > 0
                and not set(train_df.index) & set(val_df.index)
                and not (set(train_df.index) | set(val_df.index)) & set(test_df.index))
    except Exception:
        return False


check(
    "Exercise 1 (train/validation split)", (train_df, val_df, SPLIT_SEED),
    expect(lambda s: hasattr(s[0], "columns") and hasattr(s[1], "columns"),
           "train_df and val_df should be DataFrames: split the frame dev_df itself"),
    expect(keeps_all_columns,
           "train_df and val_df should keep all columns of houses, including the price "
           "price_keur (the later exercises take the target from them)"),
    expect(lambda s: isinstance(s[2], int | np.integer),
           "SPLIT_SEED should be a fixed whole number, e.g. 42 (None gives a new split every run)"),
    expect(lambda s: not set(s[0].index) & set(s[1].index),
           "a house is in both train_df and val_df: the two must not overlap"),
    expect(lambda s: not (set(s[0].index) | set(s[1].index)) & set(test_df.index),
           "train_df or val_df holds test houses: split dev_df, not houses (the test rows "
           "stay locked until Exercise 5)"),
    expect(lambda s: len(s[0]) + len(s[1]) == len(dev_df),
           f"train_df and val_df together should hold all {len(dev_df)} development houses "
           "(dev_df)"),
    expect(lambda s: 0.15 <= len(s[1]) / len(dev_df) <= 0.35,
           "hold out between 15 % and 35 % of dev_df for validation (test_size)"),
    expect(same_split,
           "the split is not train_test_split(dev_df, test_size=..., random_state=SPLIT_SEED): "
           "use that call, with the seed stored in SPLIT_SEED"),
)

# %% [markdown]
# ## Exercise 2 — your model
#
# Complete `make_model(alpha)`: it returns an **unfitted** scikit-learn pipeline that takes a
# DataFrame with the columns of `houses` and predicts the price, and whose **last step** is a
# penalised linear model with strength `alpha`: `NormalEquationRegressor(alpha=alpha)` (ridge),
# scikit-learn's `Ridge(alpha=alpha)`, or `LassoCD(alpha=alpha)`.
#
# Ideas from lessons 04 and 05: neighbourhood dummies (`pd.get_dummies` or `OneHotEncoder`);
# interactions with `add_interactions` (does the price per m² depend on the neighbourhood?);
# a `SplineBasis` or `PolynomialBasis` for a feature with a curved effect (look at the
# residuals against each column); dropping columns that do not help; a `StandardScaler`
# before the penalty. A stateless step written as a function goes into a
# `FunctionTransformer`; anything that learns from data (splines, scaling) must be a pipeline
# step, so that it is fitted on the training rows only.

# %% tags=["exercise"]
# YOUR CODE HERE
HOODS = ...
def my_features(df):
    """Dummies, a price per m² per neighbourhood, size x distance, and age squared."""
    # YOUR CODE HERE
    raise NotImplementedError
def make_model(alpha):
    """Features, a spline in distance, standardise, ridge with strength alpha."""
    # YOUR CODE HERE
    raise NotImplementedError


# %% [markdown]
# The check builds the **baseline**: all columns as they are (neighbourhood one-hot encoded),
# a plain `LinearRegression`, fitted on your training rows and scored on your validation rows.
# Your model, `make_model(1.0)` fitted on the training rows, must have a validation RMSE at
# least **20 % lower** than the baseline's.
# It also looks for leaks: your predictions must not change when the validation prices are
# shuffled (a model that reads the price has the answer among its features), a validation RMSE
# far below the data's 30 k€ noise level is a leak rather than a good model, and no step may
# arrive already fitted or use something fitted outside the pipeline.

# %%
def baseline_rmse(train, val):
    columns = [c for c in houses.columns if c != "price_keur"]
    base = make_pipeline(
        ColumnTransformer([("hood", OneHotEncoder(drop="first"), ["neighbourhood"])],
                          remainder="passthrough"),
        LinearRegression())
    base.fit(train[columns], train["price_keur"])
    return rmse(val["price_keur"], base.predict(val[columns]))


def val_rmse_of(model):
    fitted = clone(model).fit(train_df, train_df["price_keur"])
    return rmse(val_df["price_keur"], fitted.predict(val_df))


def alpha_of(model):
    return model.get_params()[f"{model.steps[-1][0]}__alpha"]


NOISE_KEUR = 30.0  # the noise level of the data (data/README.md): no honest model beats it
FLOOR_KEUR = 25.0  # a validation RMSE this far below the noise level is a leak, not luck


def reads_the_price(model):
    """True when the predictions change as the validation prices are shuffled."""
    fitted = clone(model).fit(train_df, train_df["price_keur"])
    shuffled = val_df.copy()
    shuffled["price_keur"] = np.random.default_rng(0).permutation(shuffled["price_keur"].to_numpy())
    return not np.allclose(fitted.predict(val_df), fitted.predict(shuffled), rtol=1e-9, atol=1e-9)


def model_ok():
    """Exercise 2's answer, as the later checks need it."""
    try:
        m = make_model(1.0)
        return (hasattr(m, "steps") and not unfitted_steps(m) and not fitted_outside(m)
                and not reads_the_price(m)
                and FLOOR_KEUR <= val_rmse_of(m) <= 0.8 * baseline_rmse(train_df, val_df))
    except Exception:
        return False


def named(names):
    return ", ".join(names)


check(
    "Exercise 2 (your model)", make_model,
    needs(lambda f: split_ok(),
          "this check needs the split of Exercise 1 (train_df and val_df with every column, "
          "the price too): make Exercise 1 correct first"),
    expect(lambda f: hasattr(f(1.0), "steps"),
           "make_model should return a pipeline (make_pipeline(...)), not yet fitted"),
    diagnose(lambda f: f"make_model returns steps that are already fitted ({named(unfitted_steps(f(1.0)))}): "
             "return the pipeline unfitted; whatever was fitted before has seen rows it should "
             "not (the checks fit it on the training rows)" if unfitted_steps(f(1.0)) else None),
    diagnose(lambda f: f"a step of your pipeline uses {named(fitted_outside(f(1.0)))}, fitted "
             "outside the pipeline (on all rows, validation included): make it a pipeline step "
             "so that it is fitted on the training rows only" if fitted_outside(f(1.0)) else None),
    expect(lambda f: alpha_of(f(0.5)) == 0.5,
           "the last step should be a penalised model whose alpha is the argument of "
           "make_model, e.g. NormalEquationRegressor(alpha=alpha)"),
    expect(lambda f: not reads_the_price(f(1.0)),
           "your model reads the price: its predictions change when the validation prices are "
           "shuffled. Drop price_keur from the features (e.g. pd.get_dummies(df) on the whole "
           "frame keeps it)"),
    diagnose(lambda f: f"the validation RMSE, {val_rmse_of(f(1.0)):.0f} k€, is far below the "
             f"noise level of the data ({NOISE_KEUR:.0f} k€), which no honest model beats: "
             "something of the validation prices leaks into the model"
             if val_rmse_of(f(1.0)) < FLOOR_KEUR else None),
    expect(lambda f: val_rmse_of(f(1.0)) <= 0.8 * baseline_rmse(train_df, val_df),
           "make_model(1.0) is not at least 20 % better than the plain linear baseline on the "
           "validation rows: look for curved effects and interactions (lesson 04)"),
)

# %% [markdown]
# ## Exercise 3 — choose the penalty on the validation rows
#
# For a grid of strengths (e.g. `np.logspace(-3, 3, 13)`) fit `make_model(alpha)` on the
# training rows, compute the validation RMSE, and store the best strength in `best_alpha`.

# %% tags=["exercise"]
# YOUR CODE HERE
alpha_grid = ...
alpha_errors = ...
best_alpha = ...

# %% [markdown]
# The check scores your `best_alpha` and a grid of its own, and accepts a strength whose
# validation RMSE is within 1 % of the best it finds.

# %%
check_alphas = np.logspace(-3, 3, 13)


_scores = {}


def scores_of(a):
    """(training RMSE, validation RMSE) of make_model(a) fitted on the training rows."""
    key = (make_model, id(train_df), id(val_df), float(a))
    if key not in _scores:  # the frames are kept with the scores, so their ids stay theirs
        fitted = clone(make_model(a)).fit(train_df, train_df["price_keur"])
        _scores[key] = (train_df, val_df, rmse(train_df["price_keur"], fitted.predict(train_df)),
                        rmse(val_df["price_keur"], fitted.predict(val_df)))
    return _scores[key][2:]


def chosen_on_training_error(a):
    train, val = zip(*(scores_of(c) for c in [*check_alphas, a]), strict=True)
    return train[-1] <= min(train) * (1 + 1e-9) and val[-1] > min(val) * (1 + 1e-4)


def good_alpha(a):
    return scores_of(a)[1] <= 1.01 * min(scores_of(c)[1] for c in [*check_alphas, a])


check(
    "Exercise 3 (penalty strength)", best_alpha,
    needs(lambda a: split_ok() and model_ok(),
          "this check needs a correct split (Exercise 1) and model (Exercise 2): make them "
          "correct first"),
    expect(lambda a: np.ndim(a) == 0 and a >= 0, "best_alpha should be one number >= 0"),
    diagnose(lambda a: "this alpha has the lowest *training* error (the weakest penalty always "
             "fits the training rows best): choose the alpha with the lowest validation error"
             if chosen_on_training_error(a) else None),
    expect(good_alpha,
           "another alpha has a clearly lower validation RMSE: choose by the validation error"),
)

# %% [markdown]
# ## Exercise 4 — the final model, fitted on the training rows only
#
# Fit `make_model(best_alpha)` on the **training rows** and store it in `final_model`.
# Nothing of the validation rows may reach it, not even the spline knots or the scaler's
# means, or the validation error flatters the model.

# %% tags=["exercise"]
final_model = ...  # YOUR ANSWER HERE


# %% [markdown]
# The check refits a copy of your pipeline on the training rows (it must give the same
# predictions) and on all rows (it must not).

# %%
def fitted_on_train_only(model):
    on_train = clone(model).fit(train_df, train_df["price_keur"]).predict(val_df)
    return np.allclose(model.predict(val_df), on_train, rtol=1e-6, atol=1e-6)


def not_fitted_on_all(model):
    on_all = clone(model).fit(houses, houses["price_keur"]).predict(val_df)
    return not np.allclose(model.predict(val_df), on_all, rtol=1e-6, atol=1e-6)


def best_alpha_ok():
    try:
        return np.ndim(best_alpha) == 0 and best_alpha >= 0 and good_alpha(best_alpha)
    except Exception:
        return False


check(
    "Exercise 4 (final model)", final_model,
    needs(lambda m: split_ok() and model_ok() and best_alpha_ok(),
          "this check needs Exercises 1 to 3 (the split, make_model and best_alpha): make them "
          "correct first"),
    expect(lambda m: np.shape(m.predict(val_df)) == (len(val_df),),
           "final_model should be fitted (call .fit) and predict one price per house"),
    expect(lambda m: alpha_of(m) == best_alpha, "use make_model(best_alpha)"),
    expect(not_fitted_on_all,
           "final_model predicts like a model fitted on all houses: fit it on train_df only"),
    expect(fitted_on_train_only,
           "final_model's predictions differ from the same pipeline fitted on train_df: fit "
           "it on train_df and train_df['price_keur'], and nothing else"),
)

# %% [markdown]
# ## Exercise 5 — report your test RMSE
#
# Now, once, open the test rows: store the RMSE of `final_model` on `test_df`, in k€, as a plain
# Python number in `reported_rmse` (rounding to one decimal is fine). The validation RMSE of
# Exercise 3 chose `best_alpha` and so flatters your model; the test rows chose nothing. Then
# write, in a markdown cell of your own, which features you kept or dropped and why, and
# compare your test RMSE with your validation RMSE and with the noise level of the data
# (30 k€, see `data/README.md`), which no model can beat on average.

# %% tags=["exercise"]
reported_rmse = ...  # YOUR ANSWER HERE

# %%
def final_ok():
    try:
        return (split_ok() and fitted_on_train_only(final_model)
                and not reads_the_price(final_model) and alpha_of(final_model) == best_alpha)
    except Exception:
        return False


def final_rmse_on(df):
    return rmse(df["price_keur"], final_model.predict(df))


check(
    "Exercise 5 (reported RMSE)", reported_rmse,
    expect(lambda r: isinstance(r, float | int) and not isinstance(r, bool),
           "reported_rmse should be a plain number, e.g. 31.9 (use float(...) on a numpy value)"),
    diagnose(lambda r: f"{r:.1f} k€ is far below the noise level of the data "
             f"({NOISE_KEUR:.0f} k€), which no honest model beats: the price, or something "
             "of the validation rows, leaks into your model" if r < FLOOR_KEUR else None),
    needs(lambda r: final_ok(),
          "this check needs final_model of Exercise 4: make Exercise 4 correct first"),
    diagnose(lambda r: "this is the RMSE on the training rows: report it on test_df"
             if abs(r - final_rmse_on(train_df)) < 0.05
             and abs(r - final_rmse_on(test_df)) >= 0.05 else None),
    diagnose(lambda r: "this is the RMSE on the validation rows, which chose best_alpha and so "
             "flatter the model: report it on the test rows, test_df"
             if abs(r - final_rmse_on(val_df)) < 0.05
             and abs(r - final_rmse_on(test_df)) >= 0.05 else None),
    diagnose(lambda r: "this is the mean squared error, in k€ squared: report its square root, "
             "the RMSE" if abs(r - final_rmse_on(test_df) ** 2) < 0.5 else None),
    expect(lambda r: abs(r - final_rmse_on(test_df)) < 0.05,
           "reported_rmse is not the RMSE of final_model on test_df (to 0.05 k€)"),
    expect(lambda r: r < 0.8 * baseline_rmse(train_df, test_df),
           "the reported RMSE should beat the plain linear baseline by at least 20 %"),
)
