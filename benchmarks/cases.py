"""The benchmark cases. Each one says what it compares and why the target is what it is."""

from __future__ import annotations

import numpy as np

from .runner import Case


def _regression(n, d, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.5 * rng.normal(size=n)
    return X, y


# ---- lesson 01: normal equation (Cholesky solve) vs LinearRegression (SVD-based lstsq) ------

def _ne_ours(data):
    from course_utils import NormalEquationRegressor

    X, y = data
    m = NormalEquationRegressor(method="solve").fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _ne_theirs(data):
    from sklearn.linear_model import LinearRegression

    X, y = data
    m = LinearRegression().fit(X, y)
    return np.r_[m.intercept_, m.coef_]


CASES = [
    Case(
        name="normal equation",
        ours_label="NormalEquationRegressor(method='solve').fit",
        theirs_label="LinearRegression.fit",
        sizes={"n": 200_000, "d": 50},
        quick_sizes={"n": 500, "d": 5},
        make=lambda n, d: _regression(n, d),
        ours=_ne_ours,
        theirs=_ne_theirs,
        target=0.5,
        agree_tol=1e-8,
        notes="Cholesky on the d x d Gram matrix vs an SVD-based least squares on n x d.",
    ),
]
