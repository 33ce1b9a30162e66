r"""Choosing flexibility honestly (lessons 04 and 05): k-fold cross-validation, learning curves
and the bias–variance decomposition, each as a small visible loop.

``kfold_indices`` gives exactly the folds of :class:`sklearn.model_selection.KFold`,
``cross_val_scores`` the scores of :func:`sklearn.model_selection.cross_val_score`,
``learning_curve_scores`` those of :func:`sklearn.model_selection.learning_curve`.
``bias_variance`` refits an estimator on many seeded samples and splits its expected squared
test error into bias², variance and noise.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from sklearn.base import clone
from sklearn.metrics import get_scorer

from ._validation import Integer, RealNumber, check_param

__all__ = [
    "kfold_indices",
    "cross_val_scores",
    "learning_curve_scores",
    "BiasVariance",
    "bias_variance",
]


def _legacy_random_state(random_state):
    """The ``numpy.random.RandomState`` that scikit-learn's ``KFold`` shuffles with."""
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if random_state is None:
        return np.random.mtrand._rand
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.RandomState(random_state)
    raise TypeError(
        f"kfold_indices: random_state must be None, an integer seed or a "
        f"numpy.random.RandomState (the kind scikit-learn's KFold uses), got {random_state!r}."
    )


def kfold_indices(n_samples, n_splits=5, *, shuffle=False, random_state=None):
    r"""The (train, validation) row indices of k-fold cross-validation.

    The rows :math:`0, \dots, n-1` (shuffled first if asked) are cut into ``n_splits``
    consecutive folds; the first :math:`n \bmod k` folds hold :math:`\lfloor n/k\rfloor + 1`
    rows, the others :math:`\lfloor n/k\rfloor`. Fold :math:`k` is the validation set once,
    the other folds are its training set (each index set sorted): the folds of
    :class:`sklearn.model_selection.KFold`, exactly.

    Parameters
    ----------
    n_samples : int
        Number of rows n (at least ``n_splits``).
    n_splits : int, default=5
        Number of folds k (at least 2).
    shuffle : bool, default=False
        Shuffle the rows before cutting them into folds.
    random_state : None, int or numpy.random.RandomState
        Seed of the shuffle (only with ``shuffle=True``, as in ``KFold``).

    Returns
    -------
    list of (ndarray, ndarray)
        One ``(train_idx, valid_idx)`` pair per fold.

    Examples
    --------
    >>> [valid.tolist() for _, valid in kfold_indices(7, 3)]
    [[0, 1, 2], [3, 4], [5, 6]]
    """
    check_param(n_splits, "n_splits", [Integer(low=2)], owner="kfold_indices",
                explain="k-fold cross-validation needs at least two folds (k = 5 or 10 is usual).")
    check_param(n_samples, "n_samples", [Integer(low=1)], owner="kfold_indices")
    if n_splits > n_samples:
        raise ValueError(
            f"kfold_indices: n_splits={n_splits} is larger than the number of samples "
            f"n_samples={n_samples}: each fold needs at least one row. Use n_splits <= "
            f"{n_samples} (n_splits={n_samples} is leave-one-out)."
        )
    if not shuffle and random_state is not None:
        raise ValueError("kfold_indices: random_state has no effect without shuffle=True; "
                         "pass shuffle=True or leave random_state=None.")
    indices = np.arange(n_samples)
    if shuffle:
        _legacy_random_state(random_state).shuffle(indices)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - sizes, stops, strict=True):
        in_fold = np.zeros(n_samples, dtype=bool)
        in_fold[indices[start:stop]] = True
        folds.append((np.flatnonzero(~in_fold), np.flatnonzero(in_fold)))  # sorted, as KFold
    return folds


def _folds(cv, n_samples):
    """``cv`` as a list of (train, valid) pairs: an int k, a splitter or a list of pairs."""
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        return kfold_indices(n_samples, cv)
    if hasattr(cv, "split") and not isinstance(cv, str):
        return list(cv.split(np.zeros((n_samples, 1))))
    try:
        if isinstance(cv, str):
            raise TypeError(cv)
        folds = [(np.asarray(train), np.asarray(valid)) for train, valid in cv]
    except (TypeError, ValueError):
        raise TypeError(
            f"cv must be a number of folds (an int >= 2), a splitter such as KFold(5) or a "
            f"list of (train_idx, valid_idx) pairs, got {cv!r}."
        ) from None
    if not folds:
        raise ValueError("cv is an empty list of folds: pass at least two (train, valid) pairs.")
    return folds


def _scorer(scoring):
    """``estimator.score`` for ``None``, scikit-learn's scorer for a name, else the callable."""
    if scoring is None:
        return lambda est, X, y: est.score(X, y)
    if isinstance(scoring, str):
        return get_scorer(scoring)
    if callable(scoring):
        return scoring
    raise TypeError(f"scoring must be None, a scikit-learn scorer name such as "
                    f"'neg_mean_squared_error' or a callable(estimator, X, y), got {scoring!r}.")


def _rows(a, idx):
    return a.iloc[idx] if hasattr(a, "iloc") else a[idx]


def _check_X_y_rows(X, y):
    n = X.shape[0] if hasattr(X, "shape") else len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)} values: they must describe the "
                         f"same samples.")
    return n


def cross_val_scores(estimator, X, y, *, cv=5, scoring=None):
    r"""Score of ``estimator`` on each fold of k-fold cross-validation, as one visible loop.

    For each fold, a fresh copy (:func:`sklearn.base.clone`) is fitted on the other folds and
    scored on this one. With an int ``cv`` the folds are :func:`kfold_indices` (no shuffle),
    the folds :func:`sklearn.model_selection.cross_val_score` uses for a regressor, so the
    scores are the same.

    Parameters
    ----------
    estimator : scikit-learn estimator (unfitted; it is cloned)
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    cv : int, splitter or list of (train_idx, valid_idx), default=5
    scoring : None, str or callable, default=None
        ``None`` uses ``estimator.score`` (R² for a regressor); a name such as
        ``"neg_mean_squared_error"`` uses scikit-learn's scorer of that name.

    Returns
    -------
    ndarray of shape (n_splits,)

    Examples
    --------
    >>> from sklearn.linear_model import LinearRegression
    >>> X = np.arange(10.0).reshape(-1, 1)
    >>> scores = cross_val_scores(LinearRegression(), X, 2 * X.ravel(), cv=5)
    >>> np.round(scores, 6).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    """
    n = _check_X_y_rows(X, y)
    score = _scorer(scoring)
    scores = []
    for train, valid in _folds(cv, n):
        model = clone(estimator).fit(_rows(X, train), _rows(y, train))
        scores.append(score(model, _rows(X, valid), _rows(y, valid)))
    return np.asarray(scores, dtype=float)


def _train_sizes(train_sizes, n_max):
    sizes = np.asarray(train_sizes)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("train_sizes must be a non-empty 1-D list of fractions or counts.")
    if np.issubdtype(sizes.dtype, np.floating):
        if sizes.min() <= 0 or sizes.max() > 1:
            raise ValueError(f"train_sizes given as fractions must lie in (0, 1], got "
                             f"{sizes.min():g} to {sizes.max():g}; or pass whole counts.")
        sizes = np.clip((sizes * n_max).astype(int), 1, n_max)
    elif sizes.min() <= 0 or sizes.max() > n_max:
        raise ValueError(f"train_sizes as counts must lie in 1..{n_max} (the rows of the "
                         f"smallest training fold), got {sizes.min()} to {sizes.max()}.")
    return np.unique(sizes)


def learning_curve_scores(estimator, X, y, *, train_sizes=(0.1, 0.325, 0.55, 0.775, 1.0), cv=5,
                          scoring=None):
    r"""Training and validation score against the number of training samples.

    For each fold and each size :math:`m`, the estimator is fitted on the first :math:`m` rows
    of that fold's training set, then scored on those :math:`m` rows (training score) and on the
    fold's validation rows. The same loop as :func:`sklearn.model_selection.learning_curve`
    (without shuffling), with the same numbers.

    Parameters
    ----------
    estimator, X, y, cv, scoring
        As in :func:`cross_val_scores`.
    train_sizes : array-like
        Fractions in (0, 1] of the first training fold's size (floats) or counts (ints).

    Returns
    -------
    train_sizes_abs : ndarray of shape (n_sizes,)
    train_scores, valid_scores : ndarray of shape (n_sizes, n_splits)

    Examples
    --------
    >>> from sklearn.linear_model import LinearRegression
    >>> X = np.arange(20.0).reshape(-1, 1)
    >>> sizes, train, valid = learning_curve_scores(LinearRegression(), X, 3 * X.ravel(),
    ...                                             train_sizes=[0.5, 1.0], cv=4)
    >>> sizes.tolist(), train.shape
    ([7, 15], (2, 4))
    """
    n = _check_X_y_rows(X, y)
    score = _scorer(scoring)
    folds = _folds(cv, n)
    sizes = _train_sizes(train_sizes, len(folds[0][0]))
    train_scores = np.empty((sizes.size, len(folds)))
    valid_scores = np.empty_like(train_scores)
    for k, (train, valid) in enumerate(folds):
        for i, m in enumerate(sizes):
            rows = train[:m]
            model = clone(estimator).fit(_rows(X, rows), _rows(y, rows))
            train_scores[i, k] = score(model, _rows(X, rows), _rows(y, rows))
            valid_scores[i, k] = score(model, _rows(X, valid), _rows(y, valid))
    return sizes, train_scores, valid_scores


@dataclass(frozen=True)
class BiasVariance:
    r"""The parts of the expected squared test error, averaged over the test points.

    Attributes
    ----------
    bias2 : float
        :math:`\overline{(\mathbb E\hat f(x) - f(x))^2}`, estimated without bias (it can come
        out slightly negative when the true bias is 0).
    variance : float
        :math:`\overline{\operatorname{Var}\hat f(x)}` (the variance across refits, ``ddof=1``).
    noise : float
        :math:`\sigma^2`, the error of the true f itself.
    error : float
        The measured expected test error: the mean of :math:`(y_0 - \hat f(x))^2` over repeats
        and test points, each repeat with a fresh training sample and fresh test noise.
    error_se : float
        Monte Carlo standard error of ``error - (bias2 + variance + noise)``.
    predictions : ndarray of shape (n_repeats, n_test)
        :math:`\hat f(x)` of every refit at every test point.
    """

    bias2: float
    variance: float
    noise: float
    error: float
    error_se: float
    predictions: np.ndarray

    @property
    def total(self):
        """``bias2 + variance + noise``: what the decomposition says ``error`` is."""
        return self.bias2 + self.variance + self.noise


def bias_variance(estimator, sample, x_test, f_test, noise_sd, *, n_repeats=200, seed=0):
    r"""Bias², variance and noise of ``estimator``, measured by refitting on many samples.

    Repeat :math:`r = 1, \dots, R`: draw a training sample ``sample(rng_r)``, fit a clone,
    predict :math:`\hat f_r(x)` at the test points, and draw fresh test targets
    :math:`y_{0r} = f(x) + \sigma\varepsilon_r`. Then, averaged over the test points,

    .. math::
        \text{bias}^2 = \overline{(\bar f - f)^2} - \tfrac{1}{R}\,\text{variance},\quad
        \text{variance} = \overline{\tfrac{1}{R-1}\textstyle\sum_r(\hat f_r - \bar f)^2},\quad
        \text{noise} = \sigma^2,

    with :math:`\bar f = \frac1R\sum_r \hat f_r` (both estimates unbiased), and the measured
    error :math:`\frac1R\sum_r\overline{(y_{0r} - \hat f_r)^2}`. Algebra gives
    ``error - (bias2 + variance + noise)`` :math:`= \frac1R\sum_r D_r`,
    :math:`D_r = \overline{2\sigma\varepsilon_r(f - \hat f_r) + \sigma^2(\varepsilon_r^2 - 1)}`,
    an average of independent terms of mean 0; ``error_se`` is its standard error
    :math:`\operatorname{sd}(D_r)/\sqrt R`.

    Parameters
    ----------
    estimator : scikit-learn regressor (cloned for every repeat)
    sample : callable(numpy.random.Generator) -> (X, y)
        Draws one training set (a fixed design redraws only the noise of y).
    x_test : array-like of shape (n_test, n_features) or (n_test,)
    f_test : array-like of shape (n_test,)
        The true f at the test points.
    noise_sd : float
        The standard deviation σ of the noise around f.
    n_repeats : int, default=200
        Number of training samples R (at least 2).
    seed : int, default=0
        Seeds repeat r with ``numpy.random.default_rng([seed, r])``.

    Returns
    -------
    BiasVariance

    Examples
    --------
    >>> from sklearn.linear_model import LinearRegression
    >>> x = np.linspace(-1, 1, 20).reshape(-1, 1)
    >>> draw = lambda rng: (x, 2 * x.ravel() + rng.normal(scale=0.5, size=20))
    >>> parts = bias_variance(LinearRegression(), draw, x, 2 * x.ravel(), 0.5, n_repeats=400)
    >>> abs(parts.error - parts.total) < 4 * parts.error_se
    True
    """
    check_param(n_repeats, "n_repeats", [Integer(low=2)], owner="bias_variance",
                explain="A variance needs at least two refits; a few hundred give 2 digits.")
    check_param(noise_sd, "noise_sd", [RealNumber(low=0)], owner="bias_variance")
    if not callable(sample):
        raise TypeError(f"bias_variance: sample must be a function of a random generator that "
                        f"returns one training set (X, y), such as lambda rng: make_demand(25, "
                        f"random_state=rng); got {sample!r}.")
    x_test = np.asarray(x_test, dtype=float)
    x_test = x_test.reshape(-1, 1) if x_test.ndim == 1 else x_test
    f_test = np.asarray(f_test, dtype=float).ravel()
    if f_test.shape[0] != x_test.shape[0]:
        raise ValueError(f"bias_variance: f_test has {f_test.shape[0]} values but x_test has "
                         f"{x_test.shape[0]} points: give the true f at each test point.")
    preds = np.empty((n_repeats, f_test.size))
    eps = np.empty_like(preds)
    for r in range(n_repeats):
        rng = np.random.default_rng([seed, r])
        X, y = sample(rng)
        preds[r] = clone(estimator).fit(X, y).predict(x_test)
        eps[r] = rng.standard_normal(f_test.size)
    return _decompose(preds, eps, f_test, float(noise_sd))


def _decompose(preds, eps, f_test, sigma):
    R = preds.shape[0]
    variance = float(np.mean(preds.var(axis=0, ddof=1)))
    bias2 = float(np.mean((preds.mean(axis=0) - f_test) ** 2)) - variance / R
    gap = f_test - preds
    error = float(np.mean((gap + sigma * eps) ** 2))
    D = np.mean(2 * sigma * eps * gap + sigma**2 * (eps**2 - 1), axis=1)
    return BiasVariance(bias2=bias2, variance=variance, noise=sigma**2, error=error,
                        error_se=float(D.std(ddof=1) / np.sqrt(R)), predictions=preds)
