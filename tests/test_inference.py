"""ols_summary against statsmodels' OLS (the field's reference) and NIST's certified Longley.

Every field is compared to 1e-8 relative. p-values get an absolute floor as well: a p-value
is 2 P(T > |t|), and d log p / dt = -(df + 1) t / (df + t^2), about -t for many degrees of
freedom: a relative difference r in t moves p by about t^2 r relative. For the |t| of 40 to
thousands that these data sets give, a relative difference of 1e-12 in t, pure rounding, moves p by
1e-8 relative or more, where p itself is below 1e-200 (or underflows to 0). Below 1e-14 (atol)
every p-value means the same thing, "zero"; above it rtol 1e-8 holds.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from course_utils import (
    CollinearityError,
    CourseWarning,
    OLSSummary,
    load_housing,
    load_longley,
    longley_certified,
    make_linear,
    ols_summary,
)
from course_utils._validation import InvalidParameterError

RTOL = 1e-8
P_ATOL = 1e-14  # see the module docstring: tiny p-values are compared in absolute terms
HOUSING_NUMERIC = ["size_m2", "rooms", "age_years", "dist_centre_km", "garden", "month_sold"]


def _housing():
    df = load_housing()
    return df[HOUSING_NUMERIC], df["price_keur"]


def _housing_dummies():
    df = load_housing()
    X = pd.get_dummies(df[["size_m2", "age_years", "neighbourhood"]], drop_first=True)
    return X, df["price_keur"]


def _synthetic(seed, n=200, d=5, noise=0.5):
    X, y, _ = make_linear(n, d, intercept=3.0, noise=noise, random_state=seed)
    return X, y


def _small():
    # n = d + 3: two residual degrees of freedom, heavy tails of the t distribution
    rng = np.random.default_rng(7)
    X = rng.normal(size=(6, 3))
    return X, X @ [1.0, -2.0, 0.5] + 1.0 + rng.normal(size=6)


DATASETS = {
    "housing": _housing,
    "housing-dummies": _housing_dummies,
    "synthetic-1": lambda: _synthetic(1),
    "synthetic-2-noisy": lambda: _synthetic(2, n=60, d=8, noise=5.0),
    "synthetic-3-large": lambda: _synthetic(3, n=5000, d=3, noise=0.1),
    "small-df2": _small,
}


def _reference(X, y, fit_intercept, level):
    Xa = np.asarray(X, dtype=float)
    design = sm.add_constant(Xa, has_constant="add") if fit_intercept else Xa
    return sm.OLS(np.asarray(y, dtype=float), design).fit(), 1.0 - level


def _compare(ours, ref, alpha):
    table = ours.table
    assert list(table.columns) == ["coef", "std_err", "t", "p_value", "ci_low", "ci_high"]
    assert_allclose(table["coef"], ref.params, rtol=RTOL)
    assert_allclose(table["std_err"], ref.bse, rtol=RTOL)
    assert_allclose(table["t"], ref.tvalues, rtol=RTOL)
    assert_allclose(table["p_value"], ref.pvalues, rtol=RTOL, atol=P_ATOL)
    ci = np.asarray(ref.conf_int(alpha=alpha))
    assert_allclose(table["ci_low"], ci[:, 0], rtol=RTOL)
    assert_allclose(table["ci_high"], ci[:, 1], rtol=RTOL)
    assert ours.r2 == pytest.approx(ref.rsquared, rel=RTOL)
    assert ours.adj_r2 == pytest.approx(ref.rsquared_adj, rel=RTOL)
    assert ours.sigma == pytest.approx(np.sqrt(ref.scale), rel=RTOL)
    assert ours.df_resid == ref.df_resid and isinstance(ours.df_resid, int)
    assert ours.n_samples == ref.nobs


@pytest.mark.parametrize("level", [0.95, 0.9, 0.99])
@pytest.mark.parametrize("name", DATASETS)
def test_matches_statsmodels_with_intercept(name, level):
    X, y = DATASETS[name]()
    ref, alpha = _reference(X, y, True, level)
    ours = ols_summary(X, y, level=level)
    _compare(ours, ref, alpha)
    assert ours.table.index[0] == "intercept" and ours.level == level


@pytest.mark.parametrize("name", DATASETS)
def test_matches_statsmodels_without_intercept(name):
    X, y = DATASETS[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning either
        ours = ols_summary(X, y, fit_intercept=False, level=0.9)
    ref, alpha = _reference(X, y, False, 0.9)
    _compare(ours, ref, alpha)  # statsmodels' R^2 without a constant is uncentred, as ours
    assert "intercept" not in ours.table.index
    assert not ours.has_intercept and "uncentred" in str(ours)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 6), extra=st.integers(1, 40),
       fit_intercept=st.booleans())
def test_matches_statsmodels_on_random_problems(seed, d, extra, fit_intercept):
    rng = np.random.default_rng(seed)
    n = d + int(fit_intercept) + extra  # from 1 residual degree of freedom up
    X = rng.normal(size=(n, d)) * rng.uniform(0.1, 10, size=d) + rng.normal(size=d)
    y = X @ rng.normal(size=d) + rng.normal() + rng.normal(scale=rng.uniform(0.1, 3), size=n)
    ref, alpha = _reference(X, y, fit_intercept, 0.95)
    _compare(ols_summary(X, y, fit_intercept=fit_intercept), ref, alpha)


def test_lists_and_an_integer_target_are_accepted():
    X = [[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0], [4.0, 5.0], [5.0, 3.0]]
    y = [1, 2, 6, 5, 11, 9]
    ref, alpha = _reference(X, y, True, 0.95)
    _compare(ols_summary(X, y), ref, alpha)


def test_no_intercept_r2_is_uncentred():
    X, y = _synthetic(4)
    res = ols_summary(X, y, fit_intercept=False)
    Xa, ya = np.asarray(X), np.asarray(y)
    resid = ya - Xa @ np.linalg.lstsq(Xa, ya, rcond=None)[0]
    assert res.r2 == pytest.approx(1 - resid @ resid / (ya @ ya), rel=1e-10)
    n, p = Xa.shape
    assert res.adj_r2 == pytest.approx(1 - n / (n - p) * (1 - res.r2), rel=1e-10)


def test_longley_matches_nist_certified_values():
    # raw Longley: X^T X has a condition number near 1e19, yet the scaled SVD keeps 9+ digits
    X, y = load_longley()
    res = ols_summary(X, y)
    cert = longley_certified()
    assert_allclose(res.table["coef"], cert["coef"], rtol=1e-9)
    assert_allclose(res.table["std_err"], cert["std_errors"], rtol=1e-9)
    assert res.sigma == pytest.approx(cert["residual_sd"], rel=1e-10)
    assert res.r2 == pytest.approx(cert["r_squared"], rel=1e-12)


def test_names_from_dataframe_from_argument_and_by_default():
    X, y = _housing()
    assert list(ols_summary(X, y).table.index) == ["intercept", *HOUSING_NUMERIC]
    names = [f"f{j}" for j in range(6)]
    assert list(ols_summary(X.to_numpy(), y, feature_names=names).table.index) == [
        "intercept", *names]
    assert list(ols_summary(X.to_numpy(), y.to_numpy(), fit_intercept=False).table.index) == [
        f"x{j}" for j in range(6)]


def test_by_hand_formulas_on_a_tiny_example():
    # y = 1 + 2x exactly plus known residuals: every number checkable on paper
    x = np.array([0.0, 1.0, 2.0, 3.0])
    e = np.array([0.1, -0.1, -0.1, 0.1])  # orthogonal to 1 and x: the fit is exactly (1, 2)
    res = ols_summary(x.reshape(-1, 1), 1 + 2 * x + e)
    assert_allclose(res.table["coef"], [1.0, 2.0], rtol=1e-12)
    sigma2 = (e @ e) / 2
    inv = np.linalg.inv(np.array([[4.0, 6.0], [6.0, 14.0]]))  # (X~^T X~)^{-1}, by hand
    assert_allclose(res.table["std_err"], np.sqrt(sigma2 * np.diag(inv)), rtol=1e-12)
    assert res.sigma == pytest.approx(np.sqrt(sigma2), rel=1e-12)


def test_rescaling_a_column_rescales_its_coefficient_and_standard_error_only():
    X, y = _synthetic(5)
    base = ols_summary(X, y).table
    X2 = np.array(X, dtype=float)
    X2[:, 2] *= 1e6
    scaled = ols_summary(X2, y).table
    assert_allclose(scaled["coef"].iloc[3] * 1e6, base["coef"].iloc[3], rtol=1e-10)
    assert_allclose(scaled["std_err"].iloc[3] * 1e6, base["std_err"].iloc[3], rtol=1e-10)
    assert_allclose(scaled["t"], base["t"], rtol=1e-10)


def test_never_forms_an_explicit_inverse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("ols_summary must not invert X^T X")

    monkeypatch.setattr(np.linalg, "inv", refuse)
    monkeypatch.setattr(np.linalg, "pinv", refuse)
    X, y = _synthetic(6)
    ref, alpha = _reference(X, y, True, 0.95)  # statsmodels uses pinv: compute it first
    monkeypatch.undo()
    monkeypatch.setattr(np.linalg, "inv", refuse)
    monkeypatch.setattr(np.linalg, "pinv", refuse)
    _compare(ols_summary(X, y), ref, alpha)


def test_display_is_rounded_text_and_html():
    X, y = _housing()
    res = ols_summary(X, y)
    assert isinstance(res, OLSSummary)
    text = str(res)
    assert text == repr(res)
    assert text.splitlines()[0].startswith("OLS: n = 1500, df_resid = 1493, R^2 = ")
    assert "intercept" in text and "size_m2" in text and "p_value" in text
    assert "<1e-16" in text  # the size effect is overwhelming; shown as a bound
    longest = max(len(token) for token in text.split())
    assert longest <= 16  # rounded: no 17-digit floats
    html = res._repr_html_()
    assert html.startswith("<p>OLS: n = 1500") and "<table" in html and "size_m2" in html


def test_summary_is_frozen():
    res = ols_summary(*_synthetic(1))
    with pytest.raises(AttributeError):
        res.r2 = 1.0


def test_monte_carlo_coverage_of_the_intervals():
    """Across seeded data sets the 90 % intervals cover the true slope about 90 % of the time."""
    rng = np.random.default_rng(11)
    x = np.linspace(0, 1, 12).reshape(-1, 1)
    n_sim, level = 600, 0.9
    covered = 0
    for _ in range(n_sim):
        y = 1.0 + 2.0 * x[:, 0] + rng.normal(0, 0.3, size=12)
        row = ols_summary(x, y, level=level).table.loc["x0"]
        covered += row["ci_low"] <= 2.0 <= row["ci_high"]
    margin = 4 * np.sqrt(level * (1 - level) / n_sim)  # 4 binomial standard errors
    assert abs(covered / n_sim - level) < margin


# ---- bad input: a clear, true error ------------------------------------------------------------


def test_nan_in_X_is_reported():
    X, y = _synthetic(1)
    X = np.array(X)
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains NaN \(1 values\)"):
        ols_summary(X, y)


def test_nan_in_y_is_reported():
    X, y = _synthetic(1)
    y = np.array(y)
    y[0] = np.inf
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        ols_summary(X, y)


def test_text_column_is_reported():
    df = load_housing()
    with pytest.raises(ValueError, match=r"non-numeric columns \['neighbourhood'\]"):
        ols_summary(df[["size_m2", "neighbourhood"]], df["price_keur"])


def test_strings_in_an_array_are_reported():
    X = np.array([["1", "2"], ["3", "a"], ["5", "6"], ["7", "8"]])
    with pytest.raises(ValueError, match="not numbers"):
        ols_summary(X, [1.0, 2.0, 3.0, 4.0])


def test_one_dimensional_X_is_reported():
    with pytest.raises(ValueError, match=r"X.reshape\(-1, 1\)"):
        ols_summary(np.arange(5.0), np.arange(5.0))


def test_length_mismatch_is_reported():
    with pytest.raises(ValueError, match="X has 5 rows but y has 4 values"):
        ols_summary(np.ones((5, 1)), np.arange(4.0))


@pytest.mark.parametrize("fit_intercept, n", [(True, 3), (True, 2), (False, 2)])
def test_no_residual_degrees_of_freedom(fit_intercept, n):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 2))
    p = 2 + fit_intercept
    with pytest.raises(ValueError, match=rf"n_samples = {n} but the model has {p} parameters"
                       rf".*{n - p} residual degrees of freedom"):
        ols_summary(X, rng.normal(size=n), fit_intercept=fit_intercept)


def test_duplicated_column_is_named():
    X, y = _housing()
    X = X.assign(size_again=X["size_m2"])
    with pytest.raises(CollinearityError, match=r"\['size_m2', 'size_again'\] are collinear"):
        ols_summary(X, y)


def test_dummy_trap_names_intercept_and_dummies():
    df = load_housing()
    X = pd.get_dummies(df[["size_m2", "neighbourhood"]])  # one dummy per category
    with pytest.raises(CollinearityError, match="intercept") as info:
        ols_summary(X, df["price_keur"])
    message = str(info.value)
    assert "size_m2" not in message.split("collinear")[0]  # size is not part of the trap
    assert "neighbourhood_Centre" in message


def test_own_column_of_ones_with_fit_intercept_is_collinear():
    X, y = _synthetic(1)
    X = np.column_stack([np.ones(len(y)), X])
    with pytest.raises(CollinearityError, match=r"\['intercept', 'x0'\]"):
        ols_summary(X, y)
    # ... and fine without the fitted intercept, where it *is* the intercept
    ref, alpha = _reference(X, y, False, 0.95)
    _compare(ols_summary(X, y, fit_intercept=False), ref, alpha)


def test_dummies_of_every_category_without_intercept_have_one_as_statsmodels():
    df = load_housing()
    X = pd.get_dummies(df[["size_m2", "neighbourhood"]])  # the dummies sum to one
    res = ols_summary(X, df["price_keur"], fit_intercept=False)
    assert res.has_intercept and "uncentred" not in str(res)
    ref, alpha = _reference(X, df["price_keur"], False, 0.95)
    assert ref.k_constant == 1  # statsmodels finds the implicit constant too
    _compare(res, ref, alpha)


def test_zero_column_is_named():
    X, y = _synthetic(1)
    X = np.array(X)
    X[:, 2] = 0.0
    with pytest.raises(CollinearityError, match=r"\['x2'\] of X are all zeros"):
        ols_summary(X, y)


def test_constant_y_is_reported():
    X, _ = _synthetic(1)
    with pytest.raises(ValueError, match="y is constant"):
        ols_summary(X, np.full(len(X), 4.2))
    with pytest.raises(ValueError, match="y is constant"):
        ols_summary(X, np.zeros(len(X)), fit_intercept=False)


def test_exact_fit_warns_that_errors_are_rounding():
    X, _ = _synthetic(1)
    with pytest.warns(CourseWarning, match="exact linear function"):
        ols_summary(X, 1.0 + np.asarray(X) @ np.arange(1.0, 6.0))


def test_ill_conditioned_design_warns_with_its_condition_number():
    x = np.linspace(0, 1, 50)
    X = np.vander(x, 13, increasing=True)[:, 1:]  # x, ..., x^12: kappa about 4e8
    y = np.sin(3 * x) + np.random.default_rng(0).normal(0, 0.1, 50)
    with pytest.warns(CourseWarning, match=r"condition number is about \d\.\de\+\d\d"):
        ols_summary(X, y)


def test_wrong_number_of_names():
    X, y = _synthetic(1)
    with pytest.raises(ValueError, match="feature_names has 2 name.* but X has 5 column"):
        ols_summary(X, y, feature_names=["a", "b"])


def test_a_feature_named_intercept_clashes():
    X, y = _synthetic(1)
    names = ["intercept", "a", "b", "c", "d"]
    with pytest.raises(ValueError, match="'intercept' is the name of the fitted intercept"):
        ols_summary(X, y, feature_names=names)
    assert list(ols_summary(X, y, feature_names=names, fit_intercept=False).table.index) == names


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, "0.95", None])
def test_bad_level(level):
    X, y = _synthetic(1)
    with pytest.raises(InvalidParameterError, match="ols_summary: level must be"):
        ols_summary(X, y, level=level)


def test_bad_fit_intercept():
    X, y = _synthetic(1)
    with pytest.raises(InvalidParameterError, match="Write fit_intercept=True, without quotes"):
        ols_summary(X, y, fit_intercept="yes")
