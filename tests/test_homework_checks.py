"""Helpers that recognise students' mistakes in homework check cells."""

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from course_utils import NormalEquationRegressor
from course_utils.homework_checks import (
    fitted_outside,
    match,
    names_used,
    readonly,
    same,
    unfitted_steps,
)


def test_readonly_copies_catch_in_place_changes():
    w = np.zeros(3)
    ro = readonly(w)
    assert ro is not w and not ro.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        ro[0] = 1.0
    a, b = readonly([1.0, 2.0], np.ones(2))
    assert not a.flags.writeable and not b.flags.writeable
    w[0] = 5.0  # the original stays writable
    assert ro[0] == 0.0


def test_same_and_match_compare_values_of_the_same_shape():
    assert same([1.0, 2.0], np.array([1.0, 2.0 + 1e-12]))
    assert not same(np.ones((2, 1)), np.ones(2))
    assert not same("text", 1.0)
    assert not same([np.nan], [np.nan])
    hints = [(2.0, "twice"), (0.5, "half")]
    assert match(2.0, hints) == "twice" and match(0.5, hints) == "half"
    assert match(1.0, hints) is None


def test_names_used_sees_calls_in_nested_functions():
    def uses_inv(A):
        def inner(B):
            return np.linalg.inv(B)
        return inner(A)

    def uses_solve(A, b):
        return np.linalg.solve(A, b)

    assert "inv" in names_used(uses_inv)
    assert "inv" not in names_used(uses_solve) and "solve" in names_used(uses_solve)
    assert names_used(len) == set()


def test_fitted_steps_and_estimators_fitted_outside_the_pipeline():
    X = np.arange(12.0).reshape(6, 2)
    y = np.arange(6.0)
    scaler_all = StandardScaler().fit(X)
    clean = make_pipeline(StandardScaler(), NormalEquationRegressor(alpha=1.0))
    assert unfitted_steps(clean) == [] and fitted_outside(clean) == []
    prefitted = make_pipeline(scaler_all, NormalEquationRegressor(alpha=1.0))
    assert unfitted_steps(prefitted) == ["standardscaler"]
    assert unfitted_steps(clean.fit(X, y)) == ["standardscaler", "normalequationregressor"]

    def scale(Z):
        return scaler_all.transform(Z)

    leaky = make_pipeline(FunctionTransformer(scale), NormalEquationRegressor(alpha=1.0))
    assert fitted_outside(leaky) == ["scaler_all"]
    method = make_pipeline(FunctionTransformer(scaler_all.transform), NormalEquationRegressor())
    assert fitted_outside(method) == ["StandardScaler"]
