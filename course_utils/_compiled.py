r"""The squared-error mini-batch epoch as one compiled loop, when numba is installed.

Mini-batch gradient descent is a loop over batches, and each batch is a few dozen rows: in
numpy the cost of an epoch is the cost of a few numpy calls per batch, not of the arithmetic.
This module writes the same epoch as the plain loop the lesson describes,

.. math::

    g = \frac{1}{m}\sum_{i \in B_t} (\tilde x_i^\top \theta - y_i)\,\tilde x_i, \qquad
    w \leftarrow (1 - \eta_t \alpha)\, w, \qquad \theta \leftarrow \theta - \eta_t\, g,

and has numba compile it (the ``fast`` extra; ``pip install numba``). Without numba,
:class:`course_utils.GradientDescentRegressor` runs the numpy version of the same updates
(BLAS matrix-vector products on each batch); the two agree to rounding (tests/test_compiled.py).
numba is imported on the first mini-batch fit, never by ``import course_utils``.
"""

import numpy as np

_KERNEL = None  # the compiled epoch, once built; False when numba is not installed


def _squared_error_epoch(data, order, theta, steps, batch_size, intercept):
    r"""One epoch of mini-batch updates of the half squared error, in place on ``theta``.

    Parameters
    ----------
    data : tuple (X, y)
        X is n x d, y has n entries (float64).
    order : ndarray of int, shape (n,)
        The epoch's order of the samples; batch t is ``order[t m : (t + 1) m]``.
    theta : ndarray, shape (d + 1,)
        :math:`(b, w)`, updated in place; b stays as it is when ``intercept`` is False.
    steps : ndarray, shape (n_batches, 2)
        Per update t: :math:`\eta_t` and the weight decay :math:`1 - \eta_t \alpha`.
    batch_size : int
        m; the last batch holds what is left.
    intercept : bool
        Whether b is trained.
    """
    X, y = data
    n, d = X.shape
    rows = np.empty((min(batch_size, n), d))  # the batch's rows, gathered: they stay in cache
    r = np.empty(rows.shape[0])
    g = np.empty(d + 1)
    t = 0
    for start in range(0, n, batch_size):
        m = min(batch_size, n - start)
        for k in range(m):
            i = order[start + k]
            for j in range(d):
                rows[k, j] = X[i, j]
        for k in range(m):  # residuals r_k = b + x_k . w - y_k at the same theta
            s = theta[0] - y[order[start + k]]
            for j in range(d):
                s += rows[k, j] * theta[j + 1]
            r[k] = s
        g[:] = 0.0
        for k in range(m):  # g = sum_k r_k [1, x_k]
            g[0] += r[k]
            for j in range(d):
                g[j + 1] += r[k] * rows[k, j]
        eta, decay = steps[t, 0], steps[t, 1]
        if intercept:
            theta[0] -= eta / m * g[0]
        for j in range(1, d + 1):
            theta[j] = decay * theta[j] - eta / m * g[j]
        t += 1


def compiled_epoch():
    """The compiled :func:`_squared_error_epoch`, or None when numba is not installed."""
    global _KERNEL
    if _KERNEL is None:
        try:
            import numba
        except ImportError:
            _KERNEL = False
        else:
            # cache=True: compiled once per machine, then loaded from __pycache__
            _KERNEL = numba.njit(cache=True, nogil=True)(_squared_error_epoch)
    return _KERNEL or None
