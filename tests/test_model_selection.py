"""k-fold CV, learning curves and the bias–variance split against scikit-learn and theory."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import KFold, cross_val_score, learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from course_utils import (
    bias_variance,
    cross_val_scores,
    kfold_indices,
    learning_curve_scores,
)
from course_utils._validation import InvalidParameterError


def _data(n=53, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ np.arange(1.0, d + 1) + rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("n, k", [(10, 2), (53, 5), (53, 10), (7, 7), (101, 3)])
@pytest.mark.parametrize("shuffle, seed", [(False, None), (True, 0), (True, 42)])
def test_folds_are_kfolds_exactly(n, k, shuffle, seed):
    ours = kfold_indices(n, k, shuffle=shuffle, random_state=seed)
    theirs = list(KFold(k, shuffle=shuffle, random_state=seed).split(np.zeros((n, 1))))
    assert len(ours) == len(theirs) == k
    for (tr, va), (tr2, va2) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(tr, tr2)
        np.testing.assert_array_equal(va, va2)


def test_folds_partition_the_rows():
    folds = kfold_indices(23, 4, shuffle=True, random_state=1)
    valid = np.concatenate([va for _, va in folds])
    np.testing.assert_array_equal(np.sort(valid), np.arange(23))
    for tr, va in folds:
        assert not set(tr) & set(va) and len(tr) + len(va) == 23


@pytest.mark.parametrize("scoring", [None, "neg_mean_squared_error", "r2"])
@pytest.mark.parametrize("cv", [5, 10, "shuffled"])
def test_cross_val_scores_equal_sklearn(scoring, cv):
    X, y = _data()
    model = make_pipeline(PolynomialFeatures(2), Ridge(alpha=0.3))
    if cv == "shuffled":
        cv = KFold(5, shuffle=True, random_state=3)
    ours = cross_val_scores(model, X, y, cv=cv, scoring=scoring)
    theirs = cross_val_score(model, X, y, cv=cv, scoring=scoring)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


def test_cross_val_scores_accepts_a_list_of_folds_and_a_callable():
    X, y = _data()
    folds = kfold_indices(len(y), 4, shuffle=True, random_state=0)
    mse = cross_val_scores(LinearRegression(), X, y, cv=folds,
                           scoring=lambda m, X, y: np.mean((y - m.predict(X)) ** 2))
    theirs = -cross_val_score(LinearRegression(), X, y, cv=folds,
                              scoring="neg_mean_squared_error")
    np.testing.assert_allclose(mse, theirs, rtol=1e-12)


@pytest.mark.parametrize("sizes", [(0.1, 0.325, 0.55, 0.775, 1.0), [5, 12, 30, 40]])
def test_learning_curve_equals_sklearn(sizes):
    X, y = _data(n=60)
    model = make_pipeline(PolynomialFeatures(2), LinearRegression())
    ours = learning_curve_scores(model, X, y, train_sizes=sizes, cv=5,
                                 scoring="neg_mean_squared_error")
    theirs = learning_curve(model, X, y, train_sizes=sizes, cv=5,
                            scoring="neg_mean_squared_error")
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("call, match", [
    (lambda: kfold_indices(4, 5), "larger than the number of samples"),
    (lambda: kfold_indices(10, 1), "at least two folds"),
    (lambda: kfold_indices(10, 2.0), "int, not the float"),
    (lambda: kfold_indices(10, 3, random_state=0), "without shuffle=True"),
    (lambda: kfold_indices(10, 3, shuffle=True, random_state="a"), "random_state"),
    (lambda: cross_val_scores(LinearRegression(), *_data(), cv="five"), "number of folds"),
    (lambda: cross_val_scores(LinearRegression(), *_data(), cv=[]), "empty list"),
    (lambda: cross_val_scores(LinearRegression(), _data()[0], _data()[1][:5]), "same samples"),
    (lambda: cross_val_scores(LinearRegression(), *_data(), scoring=3), "scoring"),
    (lambda: learning_curve_scores(LinearRegression(), *_data(), train_sizes=[0.0, 0.5]),
     r"\(0, 1\]"),
    (lambda: learning_curve_scores(LinearRegression(), *_data(), train_sizes=[5, 500]),
     "counts must lie"),
    (lambda: bias_variance(LinearRegression(), None, [0.0], [0.0], 1.0, n_repeats=1),
     "at least two refits"),
    (lambda: bias_variance(LinearRegression(), None, [0.0], [0.0], -1.0), "noise_sd"),
    (lambda: bias_variance(LinearRegression(), _draw_fixed, [0.0, 1.0], [0.0], 1.0),
     "f_test has 1"),
    (lambda: bias_variance(LinearRegression(), (X_FIXED, X_FIXED.ravel()), [0.0], [0.0], 1.0),
     "sample must be a function"),
])
def test_bad_input_gets_a_clear_error(call, match):
    with pytest.raises((ValueError, TypeError, InvalidParameterError), match=match):
        call()


# ---- bias–variance ---------------------------------------------------------------------------

SIGMA = 0.5
X_FIXED = np.linspace(-1.0, 1.0, 15).reshape(-1, 1)


def _f(x):
    return np.sin(3.0 * np.ravel(x))


def _draw_fixed(rng):
    return X_FIXED, _f(X_FIXED) + SIGMA * rng.standard_normal(X_FIXED.shape[0])


def _draw_random(rng):
    x = rng.uniform(-1.0, 1.0, size=(20, 1))
    return x, _f(x) + SIGMA * rng.standard_normal(20)


@pytest.mark.parametrize("degree", [1, 3, 8])
@pytest.mark.parametrize("draw", [_draw_fixed, _draw_random])
def test_the_parts_add_up_to_the_measured_error_within_monte_carlo_error(degree, draw):
    # The asserted identity: error - (bias2 + variance + noise) = mean_r D_r, an average of
    # R independent terms of mean 0 (see the docstring); it must lie within 4 of its standard
    # errors (a false alarm has probability 6e-5 under the CLT).
    x_test = np.linspace(-0.9, 0.9, 25)
    model = make_pipeline(PolynomialFeatures(degree), LinearRegression())
    parts = bias_variance(model, draw, x_test, _f(x_test), SIGMA, n_repeats=300, seed=1)
    assert parts.error_se > 0
    assert abs(parts.error - parts.total) < 4 * parts.error_se
    # and the standard error is the right one: given the predictions, D_r has variance
    # (4 sigma^2 mean(g^2) + 2 sigma^4) / n_test with g = f - f_r, and mean(g^2) over repeats
    # and points is bias2 + variance. With a fixed design the predictions are normal, and the
    # sample sd of 300 D_r is within a few % of that (20 % is five of its standard errors).
    # With random designs a high degree sometimes explodes at one point, one term dominates
    # D_r and its sample sd is itself noisy: no such check there.
    if draw is _draw_fixed:
        expected = np.sqrt((4 * SIGMA**2 * (parts.bias2 + parts.variance) + 2 * SIGMA**4)
                           / (x_test.size * 300))
        np.testing.assert_allclose(parts.error_se, expected, rtol=0.2)


def test_the_decomposition_is_exact_algebra_given_the_draws():
    # With the predictions and the test noise fixed, error - total is exactly mean_r D_r.
    from course_utils.model_selection import _decompose

    rng = np.random.default_rng(0)
    preds, eps, f = rng.normal(size=(50, 7)), rng.normal(size=(50, 7)), rng.normal(size=7)
    parts = _decompose(preds, eps, f, 0.3)
    D = np.mean(2 * 0.3 * eps * (f - preds) + 0.09 * (eps**2 - 1), axis=1)
    np.testing.assert_allclose(parts.error - parts.total, D.mean(), atol=1e-14)
    plug_in = np.mean((f - preds) ** 2)  # bias2 + variance = the plug-in mean of (f - f_r)^2
    np.testing.assert_allclose(parts.bias2 + parts.variance, plug_in, rtol=1e-13)


def test_ols_on_a_correct_linear_model_has_no_bias_and_the_closed_form_variance():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 3))
    theta = np.array([1.0, -2.0, 0.5, 3.0])
    X_test = rng.normal(size=(40, 3))
    f = lambda A: theta[0] + A @ theta[1:]  # noqa: E731
    sigma = 1.5
    draw = lambda g: (X, f(X) + sigma * g.standard_normal(30))  # noqa: E731
    R = 2000
    parts = bias_variance(LinearRegression(), draw, X_test, f(X_test), sigma, n_repeats=R)
    Xt = np.column_stack([np.ones(30), X])
    xt = np.column_stack([np.ones(40), X_test])
    exact = sigma**2 * np.mean(np.einsum("ij,jk,ik->i", xt, np.linalg.inv(Xt.T @ Xt), xt))
    # The mean of R sample variances of normal predictions has relative sd at most
    # sqrt(2 / (R - 1)) (= 3.2 % for R = 2000, the worst case of perfectly correlated points):
    # 3 of those.
    np.testing.assert_allclose(parts.variance, exact, rtol=3 * np.sqrt(2 / (R - 1)))
    # bias2 is unbiased for 0; its sd is about sqrt(2) * variance / R: allow 5 of those.
    assert abs(parts.bias2) < 5 * np.sqrt(2) * exact / R
    assert parts.noise == sigma**2


def test_same_seed_same_numbers():
    x_test = np.linspace(-1, 1, 5)
    a = bias_variance(LinearRegression(), _draw_random, x_test, _f(x_test), SIGMA,
                      n_repeats=20, seed=3)
    b = bias_variance(LinearRegression(), _draw_random, x_test, _f(x_test), SIGMA,
                      n_repeats=20, seed=3)
    np.testing.assert_array_equal(a.predictions, b.predictions)
    assert a.error == b.error
