r"""Lesson 06: the same gradient descent on data split into chunks, with Dask.

The objective of lesson 03 is a mean over the samples, so its gradient is a *sum*: split the
rows of :math:`X` into chunks :math:`X_1, \dots, X_K` (with targets :math:`y_k` and
:math:`g_k`, the loss's gradient w.r.t. the raw prediction on chunk :math:`k`) and

.. math::
    \nabla_w J = \frac1n \sum_{k=1}^K X_k^\top g_k + \alpha w,\qquad
    \frac{\partial J}{\partial b} = \frac1n \sum_{k=1}^K \mathbf 1^\top g_k .

Each chunk computes its own :math:`(\mathbf 1^\top g_k, X_k^\top g_k)` where it lies, and only
those :math:`d + 1` numbers travel: the scheduler adds them. That is how
``GradientDescentRegressor`` trains on a dask array (``fit`` and ``partial_fit`` accept one):

- **full batch** (``batch_size=None``): one pass over the chunks per epoch, a reduction that
  Dask runs on its threads or on a cluster; the result equals the in-memory fit up to
  rounding;
- **mini-batch and SGD** (``batch_size=m``): the blocks (row chunks) are streamed one at a time
  into memory, in a fresh random order every epoch, and shuffled within the block, all drawn
  from ``random_state`` (so a fit is reproducible). Batches never straddle two blocks: an
  epoch makes :math:`\sum_k \lceil n_k / m\rceil` updates. The loss after each epoch is
  again a reduction over all chunks.

Dask is imported only when a dask array arrives: ``import course_utils`` does not need it.
This module also writes a seeded regression data set of any size to disk, one chunk at a
time (:func:`write_chunked_regression`), and opens it lazily (:func:`load_chunked_regression`).
"""

from __future__ import annotations

import math
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._validation import Integer, RealNumber, check_param, check_random_state
from .gradient_descent import _full_batch_step
from .losses import Loss, SquaredError, get_loss

__all__ = [
    "chunk_gradients",
    "make_chunked_regression",
    "write_chunked_regression",
    "load_chunked_regression",
]

_FLOAT_MAX = np.finfo(np.float64).max


# ---- validation: dask arrays whose chunks line up -------------------------------------------

def _short(chunks):
    """Row chunk sizes for a message: all of them when few, else the first ones and the count."""
    chunks = tuple(int(c) if not math.isnan(c) else c for c in chunks)
    if len(chunks) <= 6:
        return str(chunks)
    return f"({', '.join(map(str, chunks[:3]))}, ..., {chunks[-1]}; {len(chunks)} chunks)"


def _as_dask(a, like_rows):
    """``a`` as a dask array; a numpy array beside a dask one gets the dask one's row chunks."""
    import dask.array as da

    if isinstance(a, da.Array):
        return a
    a = np.asarray(a)
    if like_rows is None or a.ndim == 0 or a.shape[0] != sum(like_rows):
        return da.from_array(a)  # a mismatch is reported by the checks below
    return da.from_array(a, chunks=(like_rows,) + tuple(-1 for _ in a.shape[1:]))


def _check_X(X):
    if X.ndim != 2:
        hint = " For one feature use X.reshape(-1, 1)." if X.ndim == 1 else ""
        raise ValueError(f"X must be a 2-D dask array of shape (n_samples, n_features), got "
                         f"shape {X.shape}.{hint}")
    if X.dtype.kind not in "biuf":
        raise TypeError(f"X must hold numbers, got a dask array of dtype {X.dtype}. Convert "
                        "the columns to numbers first, e.g. X.astype(float).")
    if any(math.isnan(c) for c in X.chunks[0]):
        raise ValueError("X has chunks of unknown size (nan), e.g. after boolean indexing: "
                         "gradient descent needs to know how many rows each chunk has. Call "
                         "X = X.compute_chunk_sizes() first.")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X has shape {X.shape}: it needs at least one sample and one feature.")
    if X.numblocks[1] > 1:
        raise ValueError(
            f"X is split into {X.numblocks[1]} column blocks: each chunk must hold whole rows "
            "(all features of its samples), so that it can compute its own X_k^T g_k. "
            "Rechunk along the rows only: X = X.rechunk({1: -1}).")


def _check_y(y, X):
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one target per sample), got shape {y.shape}.")
    if y.dtype.kind not in "biuf":
        raise TypeError(f"y must hold numbers, got a dask array of dtype {y.dtype}.")
    if any(math.isnan(c) for c in y.chunks[0]):
        raise ValueError("y has chunks of unknown size (nan): call y = y.compute_chunk_sizes() "
                         "first.")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]:,} samples (rows) but y has {y.shape[0]:,} "
                         "values: they must describe the same samples.")
    if y.chunks[0] != X.chunks[0]:
        raise ValueError(
            f"y's chunks {_short(y.chunks[0])} do not line up with X's row chunks "
            f"{_short(X.chunks[0])}: each chunk of X must come with the targets of the same "
            "rows, so that it can compute its part of the gradient on its own. Rechunk y "
            "like X: y = y.rechunk(X.chunks[0]).")
    return y


class _Chunked:
    """X and y of one training call as dask arrays with the same row chunks.

    What the dask cores train on. It has the ``shape`` the training loop reads and a
    ``std`` for the divergence message; ``cores`` names the classes that train on it.
    """

    def __init__(self, X, y):
        self.X, self.y = X, y
        self.shape = X.shape
        self.rows = tuple(int(c) for c in X.chunks[0])

    def std(self, axis=0):
        """Column spreads (one pass over the chunks; only the divergence message needs them)."""
        return np.asarray(self.X.std(axis=axis).compute(), dtype=float)

    @property
    def cores(self):
        return _DaskFullBatch, _DaskMiniBatch


def check_chunked(estimator, X, y, *, reset):
    """Check dask training data lazily (shapes and chunks only; values on the first pass).

    Returns ``(data, y)``: a :class:`_Chunked` to train on and the 1-D dask ``y``. Sets or
    checks ``n_features_in_`` like scikit-learn's ``validate_data``. A numpy ``y`` beside a
    dask ``X`` (or the other way round) is wrapped with the dask one's row chunks.
    """
    import dask.array as da

    X_rows = X.chunks[0] if isinstance(X, da.Array) else None
    y = _as_dask(y, X_rows)
    X = _as_dask(X, y.chunks[0] if X_rows is None else None)
    _check_X(X)
    y = _check_y(y, X)
    d = X.shape[1]
    if reset:
        estimator.n_features_in_ = d
        if hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
    elif getattr(estimator, "n_features_in_", d) != d:
        raise ValueError(f"X has {d} features, but {type(estimator).__name__} is expecting "
                         f"{estimator.n_features_in_} features as input.")
    return _Chunked(X, y), y


# ---- one pass over the chunks: every chunk's share of the sums ------------------------------

@dataclass(frozen=True)
class _Pass:
    """What each chunk computes in one pass: the loss, and whether to check its values too."""

    loss: Loss
    first: bool  # the first pass of a fit also checks values and sums the all-zero model's loss


#: Columns of one chunk's row of partial sums: [sum g, X^T g (d), sum L, sum L at 0, bad, max|x|]
def _n_terms(d):
    return d + 5


def _check_block(Xb, yb, block_info):
    """A chunk's real shape must be the one its dask array declares."""
    info = block_info[0]
    start, stop = info["array-location"][0]
    rows, d = stop - start, info["shape"][1]
    index = info["chunk-location"][0]
    for name, block, expected in (("X", Xb, (rows, d)), ("y", yb, (rows, 1))):
        if block.shape != expected:
            shown = expected if name == "X" else (rows,)
            got = block.shape if name == "X" else block.shape[:1]
            raise ValueError(
                f"chunk {index} of {name} (rows {start:,} to {stop:,}) holds an array of shape "
                f"{got}, but the dask array declares {shown}: its chunks do not have the "
                "shapes it claims (e.g. a file of another size, or da.from_delayed with a wrong "
                "shape). Rebuild the array with the true shape of every chunk.")


#: Rows a chunk works on at once: both products of a slice of 4096 x 20 (640 kB) stay in the
#: CPU's cache, so each chunk is read from memory once per pass instead of twice.
_SLICE_ROWS = 4096


def _chunk_terms(Xb, yb, theta, spec, block_info=None):
    """One chunk's partial sums at ``theta = (b, w)``, as a row of :func:`_n_terms` numbers.

    ``[1^T g_k, X_k^T g_k, sum of L, sum of L at theta = 0, non-finite count, max |value|]``;
    the last three only on the first pass (they check the values once per fit).
    """
    _check_block(Xb, yb, block_info)
    Xb = np.asarray(Xb, dtype=np.float64)
    yb = np.asarray(yb[:, 0], dtype=np.float64)
    d = Xb.shape[1]
    out = np.zeros((1, _n_terms(d)))
    if spec.first:
        bad = Xb.size - np.count_nonzero(np.isfinite(Xb)) + yb.size - np.count_nonzero(
            np.isfinite(yb))
        out[0, -2] = bad
        if bad:
            return out  # the values are not usable; the caller reports them
        out[0, -1] = max(float(Xb.max(initial=0.0)), -float(Xb.min(initial=0.0)),
                         float(np.abs(yb).max(initial=0.0)))
        spec.loss.check_y(yb)
        out[0, -3] = spec.loss._per_sample(yb, np.zeros_like(yb)).sum()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out[0, : d + 2] = _slice_sums(Xb, yb, theta, spec.loss)
    return out


def _slice_sums(X, y, theta, loss):
    """``[1^T g, X^T g, sum of L]`` over the rows of X, ``_SLICE_ROWS`` at a time.

    A slice is small enough that ``X_s w`` and ``g_s^T X_s`` find it in the CPU cache: X is read
    from memory once. The half squared error is done in place (``g = raw - y``, ``L = g^2/2``).
    """
    b, w = theta[0], theta[1:]
    squared = type(loss) is SquaredError
    g_sum, loss_sum, grad = 0.0, 0.0, np.zeros(w.size)
    buffer = np.empty(min(_SLICE_ROWS, y.shape[0]))
    for s in range(0, y.shape[0], _SLICE_ROWS):
        X_s, y_s = X[s:s + _SLICE_ROWS], y[s:s + _SLICE_ROWS]
        raw = np.dot(X_s, w, out=buffer[: y_s.shape[0]])
        raw += b
        if squared:
            raw -= y_s
            g = raw
            loss_sum += 0.5 * float(g @ g)
        else:
            g = loss._gradient(y_s, raw)
            loss_sum += float(loss._per_sample(y_s, raw).sum())
        g_sum += float(g.sum())
        grad += g @ X_s
    return np.r_[g_sum, grad, loss_sum]


_BLAS = []  # threadpoolctl's controller, made once (finding the BLAS libraries takes a while)


def _one_blas_thread():
    """BLAS on one thread while Dask's threads run the chunks: they are the parallelism.

    (A chunk's small products on several BLAS threads each, beside Dask's threads, oversubscribe
    the cores and ran about twice as slow. Dask's distributed workers set the same limit.)
    """
    if not _BLAS:
        from threadpoolctl import ThreadpoolController

        _BLAS.append(ThreadpoolController())
    return _BLAS[0].limit(limits=1, user_api="blas")


def _sums(data, theta, loss, first):
    """The partial sums of every chunk, added up by the scheduler (a tree reduction)."""
    import dask
    import dask.array as da

    X, y = data.X, data.y
    k = _n_terms(X.shape[1])
    parts = da.map_blocks(_chunk_terms, X, y[:, None], theta=np.array(theta, dtype=float),
                          spec=_Pass(loss, first), chunks=((1,) * X.numblocks[0], (k,)),
                          dtype=float, meta=np.empty((0, 0)))
    if not first:
        with _one_blas_thread():
            return parts.sum(axis=0).compute()
    with _one_blas_thread():
        total, largest = dask.compute(parts.sum(axis=0), parts[:, -1].max())
    _check_values(total, float(largest), X.shape[0])
    return total


def _check_values(total, largest, n):
    """Refuse NaN/inf and values whose squares would overflow (checked on the first pass)."""
    bad = int(total[-2])
    if bad:
        raise ValueError(
            f"X or y contains {bad:,} NaN or infinite values: gradient descent would return "
            "NaN coefficients. Drop or impute them first (e.g. keep the rows where "
            "da.isfinite(X).all(axis=1) & da.isfinite(y)).")
    limit = math.sqrt(_FLOAT_MAX / n)
    if largest > limit:
        raise ValueError(
            f"X or y holds values up to {largest:.3g}: summed over {n:,} samples their squares "
            f"overflow float64 (limit about {limit:.3g}). Rescale the data, e.g. divide it by "
            "a power of ten, or standardise the features.")


# ---- the cores: full batch (a reduction per epoch) and streaming mini-batch -----------------

def _theta(settings, coef, intercept):
    return np.r_[intercept if settings.fit_intercept else 0.0, coef]


class _DaskFullBatch:
    """Full-batch gradient descent on a dask array: one pass over the chunks per epoch.

    The same steps as the in-memory core: the gradient at the current parameters gives both
    that point's loss and the next step, so each epoch reads every chunk exactly once.
    """

    def __init__(self, X, y, settings, coef, intercept):
        self.data, self.settings = X, settings
        self.coef, self.intercept = coef, intercept
        self.n = X.shape[0]
        total = _sums(X, _theta(settings, coef, intercept), settings.loss, first=True)
        self.gradient, self.initial_loss = self._read(total)
        at_zero = not (intercept or coef.any())
        self.reference = self.initial_loss if at_zero else float(total[-3]) / self.n

    def _read(self, total):
        """(1^T g, X^T g) and J from the added-up partial sums."""
        d, alpha = self.coef.size, self.settings.alpha
        value = float(total[1 + d]) / self.n
        if alpha:
            value += 0.5 * alpha * float(self.coef @ self.coef)
        return (float(total[0]), total[1:1 + d]), value

    def current(self):
        return np.r_[self.intercept, self.coef] if self.settings.fit_intercept else self.coef

    def epoch(self, run):
        """One update; returns J after it."""
        settings = self.settings
        g_sum, xtg = self.gradient
        _full_batch_step(self, run, xtg.copy(), g_sum, self.n)
        total = _sums(self.data, _theta(settings, self.coef, self.intercept), settings.loss,
                      first=False)
        self.gradient, value = self._read(total)
        if run.path is not None:
            run.store(self.current())
        return value

    def parameters(self):
        return self.coef, self.intercept


class _DaskMiniBatch:
    """Mini-batch and SGD on a dask array: the blocks stream through memory one at a time.

    Every epoch visits the blocks in a fresh random order and shuffles the rows within each
    block (both drawn from the estimator's random generator); a block's batches are
    consecutive slices of its shuffled ``[1, X_k]``. The loss after the epoch is a reduction
    over all chunks, like the full-batch core's.
    """

    def __init__(self, X, y, settings, start, rng):
        coef, intercept = start
        if settings.per_update:
            raise ValueError(
                "record_path=True stores the parameters after every update, which on chunked "
                "data can be more than memory holds: use record_path='epoch' (one row per "
                "epoch) for a dask array.")
        self.data, self.settings, self.rng = X, settings, rng
        self.theta = np.r_[intercept, coef] if settings.fit_intercept else coef.copy()
        self.weights = self.theta[1:] if settings.fit_intercept else self.theta
        self.n = X.shape[0]
        total = _sums(X, self._full_theta(), settings.loss, first=True)
        self.initial_loss = self._value(total)
        at_zero = not self.theta.any()
        self.reference = self.initial_loss if at_zero else float(total[-3]) / self.n

    def _full_theta(self):
        return self.theta if self.settings.fit_intercept else np.r_[0.0, self.theta]

    def _value(self, total):
        value = float(total[1 + self.weights.size]) / self.n
        if self.settings.alpha:
            value += 0.5 * self.settings.alpha * float(self.weights @ self.weights)
        return value

    def _block(self, index):
        """Block ``index`` as the shuffled design ``[1, X_k]`` and targets, in memory."""
        import dask

        data, fit_intercept = self.data, self.settings.fit_intercept
        Xb, yb = dask.compute(data.X.blocks[index], data.y.blocks[index])
        rows = data.rows[index]
        if Xb.shape != (rows, data.shape[1]) or yb.shape != (rows,):
            raise ValueError(
                f"chunk {index} of X or y holds arrays of shapes {Xb.shape} and {yb.shape}, "
                f"but the dask arrays declare ({rows}, {data.shape[1]}) and ({rows},): rebuild "
                "them with the true shape of every chunk.")
        order = self.rng.permutation(rows) if self.settings.shuffle else slice(None)
        design = np.empty((rows, data.shape[1] + fit_intercept))
        if fit_intercept:
            design[:, 0] = 1.0
        design[:, fit_intercept:] = np.asarray(Xb, dtype=np.float64)[order]
        return design, np.asarray(yb, dtype=np.float64)[order]

    def epoch(self, run):
        """One pass over the blocks (Σ ceil(n_k / m) updates); returns J after it."""
        settings = self.settings
        blocks = len(self.data.rows)
        order = self.rng.permutation(blocks) if settings.shuffle else range(blocks)
        for index in order:
            run.t = self._updates(*self._block(index), run.t)
        if run.path is not None:
            run.store(self.theta)
        total = _sums(self.data, self._full_theta(), settings.loss, first=False)
        return self._value(total)

    def _updates(self, design, target, t):
        """The updates of one block, from update counter ``t``; returns the new counter."""
        settings, theta, weights = self.settings, self.theta, self.weights
        gradient, schedule, alpha, m = (settings.loss._gradient, settings.schedule,
                                        settings.alpha, settings.batch_size)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for s in range(0, target.shape[0], m):
                rows, targets = design[s:s + m], target[s:s + m]
                g = gradient(targets, rows @ theta)
                eta = schedule(t)
                if alpha:
                    weights *= 1.0 - eta * alpha
                step = g @ rows
                step *= eta / g.shape[0]
                theta -= step
                t += 1
        return t

    def current(self):
        return self.theta

    def parameters(self):
        if self.settings.fit_intercept:
            return self.theta[1:].copy(), float(self.theta[0])
        return self.theta, 0.0


# ---- the picture: every chunk's partial gradient ---------------------------------------------

def chunk_gradients(X, y, coef=None, intercept=0.0, *, loss="squared_error"):
    r"""Each chunk's share of the full-batch gradient: rows that add up to :math:`\nabla J`.

    Row :math:`k` is :math:`\frac1n(\mathbf 1^\top g_k,\; X_k^\top g_k)`, chunk :math:`k`'s
    part of :math:`(\partial J/\partial b, \nabla_w J)` at :math:`(b, w)` (no penalty), so the
    rows sum to the gradient that full-batch gradient descent steps along.

    Parameters
    ----------
    X : dask array of shape (n_samples, n_features)
        Its row chunks are the chunks.
    y : dask array of shape (n_samples,), with the same row chunks
    coef : array-like of shape (n_features,), optional
        :math:`w` (default 0).
    intercept : float, default=0.0
    loss : str or Loss, default="squared_error"

    Returns
    -------
    bounds : ndarray of shape (n_chunks, 2)
        First and one-past-last row of each chunk.
    partials : ndarray of shape (n_chunks, 1 + n_features)
        Chunk :math:`k`'s :math:`\frac1n(\mathbf 1^\top g_k, X_k^\top g_k)`.
    """
    import dask.array as da

    data, _ = check_chunked(_NoEstimator(), X, y, reset=True)
    loss = get_loss(loss)
    d, n = data.shape[1], data.shape[0]
    coef = np.zeros(d) if coef is None else np.asarray(coef, dtype=float).ravel()
    if coef.shape != (d,):
        raise ValueError(f"coef must have {d} values (one per feature), got {coef.shape}.")
    parts = da.map_blocks(_chunk_terms, data.X, data.y[:, None], theta=np.r_[intercept, coef],
                          spec=_Pass(loss, True), chunks=((1,) * data.X.numblocks[0],
                                                          (_n_terms(d),)),
                          dtype=float, meta=np.empty((0, 0))).compute()
    _check_values(parts.sum(axis=0), float(parts[:, -1].max()), n)
    edges = np.cumsum((0,) + data.rows)
    return np.c_[edges[:-1], edges[1:]], parts[:, : 1 + d] / n


class _NoEstimator:
    """Stands in for an estimator when :func:`check_chunked` checks a function's input."""


# ---- data that do not fit: a seeded regression data set written chunk by chunk ---------------

def _chunk_generator(base, index):
    return np.random.default_rng(np.random.SeedSequence(base, spawn_key=(index,)))


def _truth(n_features, random_state):
    """The true coefficients and the seed every chunk's generator derives from."""
    rng = check_random_state(random_state)
    base = int(rng.integers(2**63))
    coef = np.round(rng.uniform(-3.0, 3.0, size=n_features), 2)
    return coef, base


def _regression_chunk(base, index, rows, coef, settings):
    """Chunk ``index``: ``rows`` samples of :math:`y = b + Xw + \\varepsilon`, standard X."""
    intercept, noise = settings
    rng = _chunk_generator(base, index)
    X = rng.standard_normal((rows, coef.size))
    y = X @ coef
    y += intercept + noise * rng.standard_normal(rows)
    return X, y


def _check_sizes(owner, n_samples, n_features, chunk_size, noise):
    for name, value in (("n_samples", n_samples), ("n_features", n_features),
                        ("chunk_size", chunk_size)):
        check_param(value, name, [Integer(1)], owner=owner)
    check_param(noise, "noise", [RealNumber(0, None)], owner=owner,
                explain="noise is the standard deviation of the error term.")


def _chunk_rows(n_samples, chunk_size):
    full, rest = divmod(n_samples, chunk_size)
    return (chunk_size,) * full + ((rest,) if rest else ())


def make_chunked_regression(n_samples, n_features, *, chunk_size, intercept=5.0, noise=1.0,
                            random_state=0):
    r"""The data set of :func:`write_chunked_regression`, in memory (for small sizes).

    Returns the same numbers as writing and loading with the same arguments, so a test or a
    lesson can compare the on-disk fit with the in-memory one.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (n_features,)
    """
    _check_sizes("make_chunked_regression", n_samples, n_features, chunk_size, noise)
    coef, base = _truth(n_features, random_state)
    pieces = [_regression_chunk(base, i, rows, coef, (intercept, noise))
              for i, rows in enumerate(_chunk_rows(n_samples, chunk_size))]
    return np.vstack([p[0] for p in pieces]), np.concatenate([p[1] for p in pieces]), coef


def _write_stack(folder, index, block):
    np.save(folder / f"{index}.npy", block, allow_pickle=False)


def _write_info(folder, rows, tail):
    """The ``info`` file of ``dask.array.from_npy_stack``: chunks, dtype, stacking axis."""
    chunks = (rows,) + tuple((s,) for s in tail)
    with open(folder / "info", "wb") as f:
        pickle.dump({"chunks": chunks, "dtype": np.dtype(np.float64), "axis": 0}, f)


def write_chunked_regression(path, n_samples, n_features, *, chunk_size=250_000,
                             intercept=5.0, noise=1.0, random_state=0):
    r"""Write :math:`y = b + Xw + \varepsilon` to disk one chunk at a time, of any size.

    The features are independent standard normals (no scaling needed), the true
    :math:`w_j` are uniform on :math:`[-3, 3]` (rounded to 2 decimals) and
    :math:`\varepsilon \sim N(0, \sigma^2)`. Each chunk is drawn from its own generator
    (derived from ``random_state`` and the chunk's index), generated, written and dropped
    before the next one, so memory never holds more than one chunk. The layout is Dask's
    ``.npy`` stack: ``path/X/0.npy, 1.npy, ...`` and ``path/y/...``, each folder with an
    ``info`` file; :func:`load_chunked_regression` opens it lazily.

    Parameters
    ----------
    path : str or path-like
        A folder to create (it must not exist yet or be empty).
    n_samples, n_features : int
    chunk_size : int, default=250_000
        Rows per chunk (the last one holds the rest): 250,000 rows of 20 features are 40 MB.
    intercept : float, default=5.0
    noise : float, default=1.0
        :math:`\sigma`.
    random_state : int or numpy.random.Generator, default=0

    Returns
    -------
    dict
        ``coef``, ``intercept``, ``n_samples``, ``n_features``, ``chunks`` (rows per chunk)
        and ``nbytes`` (of X and y together).
    """
    _check_sizes("write_chunked_regression", n_samples, n_features, chunk_size, noise)
    root = Path(path)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} exists and is not empty: pick a new folder (the data set "
                              "is written into path/X and path/y).")
    coef, base = _truth(n_features, random_state)
    rows = _chunk_rows(n_samples, chunk_size)
    folders = root / "X", root / "y"
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for i, m in enumerate(rows):
        X, y = _regression_chunk(base, i, m, coef, (intercept, noise))
        _write_stack(folders[0], i, X)
        _write_stack(folders[1], i, y)
        del X, y
    _write_info(folders[0], rows, (n_features,))
    _write_info(folders[1], rows, ())
    return {"coef": coef, "intercept": float(intercept), "n_samples": n_samples,
            "n_features": n_features, "chunks": rows, "nbytes": 8 * n_samples * (n_features + 1)}


def _load_chunk(folder, block_id=None):
    """Chunk ``block_id[0]`` of a ``.npy`` stack, memory-mapped (read when a task touches it)."""
    return np.load(os.path.join(folder, f"{block_id[0]}.npy"), mmap_mode="r")


def _open_stack(folder):
    """A ``.npy`` stack as a dask array whose reading tasks fuse with the tasks that use them.

    (``dask.array.from_npy_stack`` opens the same folders; its reading tasks do not fuse, so a
    cluster would ship chunks between workers.)
    """
    import dask.array as da

    with open(folder / "info", "rb") as f:
        info = pickle.load(f)
    chunks, dtype = info["chunks"], np.dtype(info["dtype"])
    return da.map_blocks(_load_chunk, str(folder), chunks=chunks, dtype=dtype,
                         meta=np.empty((0,) * len(chunks), dtype=dtype),
                         name=f"load-{folder.name}-{_tokenize_path(folder)}")


def _tokenize_path(folder):
    """A key for the folder's contents: its path and the files' sizes and modification times."""
    import dask

    stats = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())]
    return dask.base.tokenize(str(folder.resolve()), stats)


def load_chunked_regression(path):
    """Open a data set of :func:`write_chunked_regression` as lazy dask arrays.

    Nothing is read yet: each chunk is memory-mapped from its file when a task needs it and
    released after, so a pass over the data holds only the chunks being worked on.

    Returns
    -------
    X : dask array of shape (n_samples, n_features), chunked by rows
    y : dask array of shape (n_samples,), with the same chunks
    """
    root = Path(path)
    for part in ("X", "y"):
        if not os.path.exists(root / part / "info"):
            raise FileNotFoundError(f"{root / part} is not a chunked data set (no info file): "
                                    "write one with write_chunked_regression(path, ...).")
    return _open_stack(root / "X"), _open_stack(root / "y")
