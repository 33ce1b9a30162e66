"""The compiled squared-error epoch (course_utils/_compiled.py) against the numpy one."""

import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose

import course_utils._compiled as compiled
from course_utils import GradientDescentRegressor


@pytest.fixture
def numpy_only(monkeypatch):
    """Run as on a machine without numba: the kernel is reported missing."""
    monkeypatch.setattr(compiled, "_KERNEL", False)


def _data(n=203, d=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.arange(1, d + 1)
    y = X @ rng.normal(size=d) + 2.0 + 0.3 * rng.normal(size=n)
    return X, y


def _reference_epoch(X, y, order, theta, steps, m, intercept):
    """The updates written with numpy, one batch at a time."""
    theta = theta.copy()
    for t, start in enumerate(range(0, len(y), m)):
        rows = order[start:start + m]
        r = theta[0] + X[rows] @ theta[1:] - y[rows]
        eta, decay = steps[t]
        if intercept:
            theta[0] -= eta * r.mean()
        theta[1:] = decay * theta[1:] - eta * (r @ X[rows]) / len(rows)
    return theta


@pytest.mark.parametrize("m", [1, 16, 64, 203, 500])
@pytest.mark.parametrize("intercept", [True, False])
def test_kernel_is_the_batch_updates(m, intercept):
    X, y = _data()
    order = np.random.default_rng(1).permutation(len(y))
    updates = -(-len(y) // m)
    steps = np.column_stack([np.linspace(0.01, 0.005, updates), np.full(updates, 0.999)])
    theta = np.r_[0.5 if intercept else 0.0, np.zeros(X.shape[1])]
    expected = _reference_epoch(X, y, order, theta, steps, m, intercept)
    kernel = compiled.compiled_epoch()
    assert kernel is not None, "numba is part of the course environment (the fast extra)"
    for run in (kernel, compiled._squared_error_epoch):  # compiled, and as plain Python
        got = theta.copy()
        run((X, y), order, got, steps, m, intercept)
        assert_allclose(got, expected, rtol=1e-12, atol=1e-14)
        assert intercept or got[0] == 0.0


@pytest.mark.parametrize(
    "params",
    [
        dict(batch_size=32),
        dict(batch_size=1, epochs=3),
        dict(batch_size=50, shuffle=False),
        dict(batch_size=16, alpha=0.05),
        dict(batch_size=16, fit_intercept=False),
        dict(batch_size=16, schedule="inverse_time", t1=50),
        dict(batch_size=40, record_path="epoch"),
    ],
    ids=repr,
)
def test_regressor_fits_the_same_with_and_without_numba(params, monkeypatch):
    X, y = _data()
    settings = dict(learning_rate=0.01, epochs=5, random_state=0) | params
    fast = GradientDescentRegressor(**settings).fit(X, y)
    monkeypatch.setattr(compiled, "_KERNEL", False)
    slow = GradientDescentRegressor(**settings).fit(X, y)
    assert_allclose(fast.coef_, slow.coef_, rtol=1e-11)
    assert_allclose(fast.intercept_, slow.intercept_, rtol=1e-11, atol=1e-14)
    assert_allclose(fast.loss_curve_, slow.loss_curve_, rtol=1e-11)
    assert fast.t_ == slow.t_
    if "record_path" in params:
        assert_allclose(fast.path_, slow.path_, rtol=1e-11, atol=1e-14)


def test_partial_fit_continues_the_same_way(monkeypatch):
    X, y = _data()
    fits = []
    for kernel in (None, False):
        if kernel is False:
            monkeypatch.setattr(compiled, "_KERNEL", False)
        model = GradientDescentRegressor(learning_rate=0.01, batch_size=20, random_state=3)
        for _ in range(3):
            model.partial_fit(X, y)
        fits.append(np.r_[model.intercept_, model.coef_])
    assert_allclose(fits[0], fits[1], rtol=1e-11)


def test_divergence_is_still_diagnosed(numpy_only):
    X, y = _data()
    from course_utils import DivergenceError

    with pytest.raises(DivergenceError, match="learning_rate"):
        GradientDescentRegressor(learning_rate=5.0, batch_size=8, epochs=5).fit(X, y)


def test_divergence_is_diagnosed_by_the_compiled_loop_too():
    X, y = _data()
    from course_utils import DivergenceError

    assert compiled.compiled_epoch() is not None
    with pytest.raises(DivergenceError, match="learning_rate"):
        GradientDescentRegressor(learning_rate=5.0, batch_size=8, epochs=5).fit(X, y)


def test_without_numba_the_kernel_is_reported_missing(monkeypatch):
    monkeypatch.setattr(compiled, "_KERNEL", None)
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    assert compiled.compiled_epoch() is None
    X, y = _data()
    model = GradientDescentRegressor(learning_rate=0.01, batch_size=32, random_state=0)
    assert np.isfinite(model.fit(X, y).coef_).all()


def test_import_course_utils_does_not_import_numba():
    code = "import sys, course_utils; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
