"""GradientDescentClassifier against LogisticRegression and scikit-learn's estimator checks."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from course_utils import (
    CourseWarning,
    DivergenceError,
    GradientDescentClassifier,
    GradientDescentRegressor,
    LogLoss,
    sigmoid,
)

GC = GradientDescentClassifier


def stable_rate(X, alpha):
    r"""1 / (the bound on lambda_max of J): 1/4 lambda_max(X~^T X~ / n) + alpha."""
    Xt = np.c_[np.ones(X.shape[0]), X]
    return 1.0 / (0.25 * np.linalg.eigvalsh(Xt.T @ Xt / X.shape[0])[-1] + alpha)


def _dataset(name):
    if name == "breast_cancer":
        X, y = load_breast_cancer(return_X_y=True)
        # mean radius, texture, smoothness, symmetry, fractal dimension: not collinear, so
        # kappa of the Hessian stays moderate and 3000 full-batch epochs reach 1e-10
        return StandardScaler().fit_transform(X[:, [0, 1, 4, 8, 9]]), y
    n, d, seed = {"small": (150, 2, 2), "medium": (200, 3, 0), "wide": (300, 8, 1)}[name]
    X, y = make_classification(n, d, n_informative=d, n_redundant=0, flip_y=0.1,
                               random_state=seed)
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("name", ["small", "medium", "wide", "breast_cancer"])
@pytest.mark.parametrize("alpha", [0.003, 0.1])
def test_converges_to_logistic_regression(name, alpha):
    X, y = _dataset(name)
    n = X.shape[0]
    ref = LogisticRegression(C=1 / (n * alpha), solver="newton-cholesky", tol=1e-14,
                             max_iter=1000).fit(X, y)
    model = GC(alpha=alpha, learning_rate=stable_rate(X, alpha), epochs=3000).fit(X, y)
    assert_allclose(model.coef_, ref.coef_.ravel(), rtol=1e-9, atol=1e-10)
    assert_allclose(model.intercept_, ref.intercept_[0], rtol=1e-9, atol=1e-10)
    assert_allclose(model.predict_proba(X), ref.predict_proba(X), atol=1e-10)
    assert_allclose(model.decision_function(X), ref.decision_function(X), atol=1e-9)
    assert_array_equal(model.predict(X), ref.predict(X))
    # the training loss is the log loss (plus the penalty) that sklearn.metrics computes
    J = log_loss(y, model.predict_proba(X)) + 0.5 * alpha * model.coef_ @ model.coef_
    assert_allclose(model.loss_curve_[-1], J, rtol=1e-12)


def test_minibatch_and_sgd_approach_logistic_regression():
    X, y = _dataset("medium")
    alpha = 0.1
    ref = LogisticRegression(C=1 / (X.shape[0] * alpha)).fit(X, y)
    for m, epochs in [(16, 300), (1, 100)]:
        model = GC(alpha=alpha, learning_rate=0.5, batch_size=m, schedule="inverse_time",
                   t1=200, epochs=epochs, random_state=0).fit(X, y)
        assert_allclose(model.coef_, ref.coef_.ravel(), atol=0.02)
        again = GC(alpha=alpha, learning_rate=0.5, batch_size=m, schedule="inverse_time",
                   t1=200, epochs=epochs, random_state=0).fit(X, y)
        assert_array_equal(model.coef_, again.coef_)


def test_any_two_labels_and_their_order():
    X, y01 = _dataset("small")
    ref = GC(alpha=0.1, learning_rate=2.0, epochs=500).fit(X, y01)
    for labels in [np.array(["cat", "dog"]), np.array([-1, 1]), np.array([False, True]),
                   np.array([2.0, 5.0])]:
        y = labels[y01]
        model = GC(alpha=0.1, learning_rate=2.0, epochs=500).fit(X, y)
        assert_array_equal(model.classes_, labels)
        assert_allclose(model.coef_, ref.coef_, rtol=1e-12)
        assert_array_equal(model.predict(X), labels[ref.predict(X)])
    # pandas input keeps the feature names
    df = pd.DataFrame(X, columns=["a", "b"])
    model = GC(alpha=0.1, learning_rate=2.0, epochs=500).fit(df, pd.Series(y01))
    assert_array_equal(model.feature_names_in_, ["a", "b"])


def test_probabilities_and_decision_agree():
    X, y = _dataset("medium")
    model = GC(alpha=0.01, learning_rate=1.0, epochs=300).fit(X, y)
    proba = model.predict_proba(X)
    assert proba.shape == (X.shape[0], 2)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_allclose(proba[:, 1], sigmoid(model.decision_function(X)))
    assert_allclose(model.predict_log_proba(X), np.log(proba), atol=1e-12)
    assert_array_equal(model.predict(X), model.classes_[(proba[:, 1] > 0.5).astype(int)])
    assert model.score(X, y) == np.mean(model.predict(X) == y)  # ClassifierMixin: accuracy


def test_extreme_logits_stay_finite():
    X = np.array([[-1.0], [1.0]]) * 1000
    y = np.array([0, 1])
    model = GC(alpha=0.0, learning_rate=1.0, epochs=5).fit(X, y)
    proba = model.predict_proba(X * 1000)
    assert np.isfinite(proba).all() and np.isfinite(model.predict_log_proba(X * 1000)).all()


def test_bad_targets_get_clear_errors():
    X = np.random.default_rng(0).normal(size=(30, 2))
    with pytest.raises(ValueError, match="only one class is present"):
        GC().fit(X, np.zeros(30))
    with pytest.raises(ValueError, match="Only binary.*3 classes.*OneVsRestClassifier"):
        GC().fit(X, np.arange(30) % 3)
    with pytest.raises(ValueError, match="Unknown label type: 'continuous'.*GradientDescentRegr"):
        GC().fit(X, np.linspace(0, 1, 30))
    with pytest.raises(ValueError, match="loss must be"):
        GC(loss="squared_error").fit(X, np.arange(30) % 2)
    with pytest.raises(ValueError, match="learning_rate"):
        GC(learning_rate=0).fit(X, np.arange(30) % 2)


def test_log_loss_regressor_domain_error():
    X = np.random.default_rng(0).normal(size=(10, 1))
    with pytest.raises(ValueError, match="labels y in \\{0, 1\\}"):
        GradientDescentRegressor(loss=LogLoss()).fit(X, np.arange(10.0))


def test_early_stopping_is_stratified_and_keeps_the_best():
    X, y = _dataset("wide")
    model = GC(learning_rate=1.0, epochs=300, early_stopping=True, validation_fraction=0.2,
               n_iter_no_change=5, tol=1e-4, random_state=3, record_path="epoch").fit(X, y)
    _, val = next(StratifiedShuffleSplit(test_size=0.2, random_state=3).split(X, y))
    assert_array_equal(model.validation_indices_, np.sort(val))
    assert model.validation_loss_curve_.shape == (model.n_iter_,)
    assert model.n_iter_ < 300
    best = model.best_epoch_
    assert model.validation_loss_curve_[best - 1] == model.validation_loss_curve_.min()
    assert_allclose(model.path_[best], np.r_[model.intercept_, model.coef_])
    Xv, yv = X[val], y[val]
    assert_allclose(model.validation_loss_curve_[best - 1],
                    log_loss(yv, model.predict_proba(Xv)), rtol=1e-12)


def test_data_of_the_expected_failed_checks_diverge():
    # the data of check_fit_idempotent & co. (features drawn from N(100, 1)), and the fix the
    # error message suggests
    rng = np.random.RandomState(0)
    X, y = rng.normal(loc=100, size=(20, 2)), rng.randint(0, 2, size=20)
    with pytest.raises(DivergenceError, match="standardise the features"):
        GC(learning_rate=0.1, epochs=200).fit(X, y)
    alpha = 0.1
    pipe = make_pipeline(StandardScaler(), GC(alpha=alpha, learning_rate=1.0, epochs=2000))
    ref = make_pipeline(StandardScaler(), LogisticRegression(
        C=1 / (20 * alpha), solver="newton-cholesky", tol=1e-12))
    assert_allclose(pipe.fit(X, y).predict_proba(X), ref.fit(X, y).predict_proba(X), atol=1e-9)


def _expected_failed_checks(estimator):
    # As for GradientDescentRegressor: these checks fit features drawn from N(100, 1), where
    # |x|^2 is about 2e4 per sample; any useful learning rate overshoots to logits in the
    # thousands, the log loss passes 100 times its start and fit raises DivergenceError by
    # design (never NaN coefficients).
    reason = ("unscaled features with mean 100: gradient descent diverges at any useful "
              "learning rate and raises DivergenceError, as designed")
    return {name: reason for name in
            ["check_fit_idempotent", "check_fit_check_is_fitted", "check_n_features_in"]}


@parametrize_with_checks(
    [GC(learning_rate=0.1, epochs=200), GC(learning_rate=0.05, batch_size=1, epochs=10),
     GC(learning_rate=0.1, batch_size=8, alpha=0.01, epochs=50, early_stopping=True,
        validation_fraction=0.3,
        random_state=0)],
    expected_failed_checks=_expected_failed_checks,
)
def test_sklearn_estimator_checks(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CourseWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)
