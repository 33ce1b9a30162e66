"""Seeded synthetic data and loaders for the course's datasets.

Every generator takes ``random_state`` (an int seed or a ``numpy.random.Generator``), so a
lesson draws the same numbers on every machine.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "make_linear",
    "make_collinear",
    "load_ill_conditioned",
    "make_outliers",
    "make_noisy_line",
    "make_gamma_regression",
]


def _rng(random_state):
    if isinstance(random_state, np.random.Generator):
        return random_state
    return np.random.default_rng(random_state)


def make_linear(n_samples=100, n_features=1, *, coef=None, intercept=0.0, noise=1.0,
                x_range=(0.0, 10.0), random_state=0):
    r"""Draw :math:`y = \beta_0 + X\beta + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma^2)`.

    Parameters
    ----------
    n_samples, n_features : int
    coef : array-like of shape (n_features,), optional
        True slopes :math:`\beta`; default ``1, 2, ..., n_features``.
    intercept : float
        True :math:`\beta_0`.
    noise : float
        Standard deviation :math:`\sigma` of the Gaussian noise.
    x_range : (float, float)
        Features are uniform on this interval.
    random_state : int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (n_features,)
    """
    if n_samples < 1 or n_features < 1:
        raise ValueError("n_samples and n_features must both be at least 1.")
    rng = _rng(random_state)
    coef = np.arange(1.0, n_features + 1) if coef is None else np.asarray(coef, dtype=float)
    if coef.shape != (n_features,):
        raise ValueError(f"coef must have shape ({n_features},), got {coef.shape}.")
    X = rng.uniform(*x_range, size=(n_samples, n_features))
    y = intercept + X @ coef + rng.normal(0.0, noise, size=n_samples)
    return X, y, coef


def make_collinear(n_samples=100, *, noise=0.5, random_state=0):
    r"""Two features where the second is an exact copy of the first (rank-deficient X).

    The data follow :math:`y = 1 + 3x + \varepsilon`; with the column duplicated any split
    :math:`\beta_1 + \beta_2 = 3` fits equally well, and the minimum-norm answer is
    :math:`\beta_1 = \beta_2 = 1.5`.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    """
    rng = _rng(random_state)
    x = rng.uniform(0.0, 10.0, size=n_samples)
    y = 1.0 + 3.0 * x + rng.normal(0.0, noise, size=n_samples)
    return np.column_stack([x, x]), y


def load_ill_conditioned():
    """A real, ill-conditioned regression problem that ships offline with scikit-learn.

    The Wisconsin breast-cancer measurements (scikit-learn's ``load_breast_cancer``;
    569 tumours, 30 features; UCI ML repository, CC BY 4.0). Radius, perimeter and area are
    near-deterministic functions of each other, so the columns are almost collinear and
    the condition number of the design matrix is about 10^6. The target here is the
    ``worst area`` column and the features are the 10 ``mean ...`` columns.

    Returns
    -------
    X : pandas.DataFrame of shape (569, 10)
    y : pandas.Series of shape (569,)
    """
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    features = [c for c in frame.columns if c.startswith("mean ")]
    return frame[features].copy(), frame["worst area"].copy()


# ---- lesson 02: loss functions ----------------------------------------------------------------

def make_outliers(n_samples=61, n_outliers=6, *, intercept=1.0, slope=2.0, noise=1.0,
                  shift=25.0, x_range=(0.0, 10.0), random_state=0):
    r"""A line with Gaussian noise and a few gross outliers at large x.

    :math:`y = \beta_0 + \beta_1 x + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma^2)`;
    then ``n_outliers`` points, drawn among the third of the samples with the largest x,
    get ``shift`` added to y (think data-entry errors). Placed at large x they have leverage,
    so they tilt a least-squares line.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,)
    is_outlier : ndarray of bool, shape (n_samples,)
    """
    if n_samples < 3 or not 0 <= n_outliers <= n_samples // 3:
        raise ValueError(
            f"Need n_samples >= 3 and 0 <= n_outliers <= n_samples // 3, got n_samples="
            f"{n_samples}, n_outliers={n_outliers}."
        )
    rng = _rng(random_state)
    x = rng.uniform(*x_range, size=n_samples)
    y = intercept + slope * x + rng.normal(0.0, noise, size=n_samples)
    top = np.argsort(x)[-(n_samples // 3):]
    idx = rng.choice(top, size=n_outliers, replace=False)
    is_outlier = np.zeros(n_samples, dtype=bool)
    is_outlier[idx] = True
    y[is_outlier] += shift
    return x.reshape(-1, 1), y, is_outlier


_NOISE_KINDS = ("normal", "student_t", "skewed", "heteroscedastic")


def make_noisy_line(n_samples=301, *, noise="normal", intercept=1.0, slope=2.0, scale=1.0,
                    df=2.0, x_range=(0.0, 10.0), random_state=0):
    r"""A straight line plus zero-mean noise of a chosen shape.

    :math:`y = \beta_0 + \beta_1 x + \varepsilon` with :math:`\varepsilon` (scaled by
    ``scale``):

    - ``"normal"``: :math:`N(0, 1)`;
    - ``"student_t"``: Student's t with ``df`` degrees of freedom (heavy tails; infinite
      variance when ``df <= 2``);
    - ``"skewed"``: :math:`\mathrm{Exp}(1) - 1` (right-skewed: mean 0, median
      :math:`\ln 2 - 1 \approx -0.31`);
    - ``"heteroscedastic"``: :math:`N(0, s(x)^2)` with a spread growing linearly from
      0.2 at the left end of ``x_range`` to 2.2 at the right end.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,)
    """
    if noise not in _NOISE_KINDS:
        raise ValueError(f"noise must be one of {_NOISE_KINDS}, got {noise!r}.")
    if n_samples < 1:
        raise ValueError("n_samples must be at least 1.")
    rng = _rng(random_state)
    x = rng.uniform(*x_range, size=n_samples)
    if noise == "normal":
        eps = rng.normal(size=n_samples)
    elif noise == "student_t":
        eps = rng.standard_t(df, size=n_samples)
    elif noise == "skewed":
        eps = rng.exponential(size=n_samples) - 1.0
    else:
        lo, hi = x_range
        eps = rng.normal(size=n_samples) * (0.2 + 2.0 * (x - lo) / (hi - lo))
    y = intercept + slope * x + scale * eps
    return x.reshape(-1, 1), y


def make_gamma_regression(n_samples=301, *, intercept=0.5, slope=0.25, shape=2.0,
                          x_range=(0.0, 10.0), random_state=0):
    r"""A positive, right-skewed target whose mean grows exponentially with x.

    :math:`y \sim \mathrm{Gamma}` with shape :math:`k` and mean
    :math:`\mu(x) = e^{\beta_0 + \beta_1 x}`, so :math:`\log \mu` is linear in x (a log link)
    and the standard deviation :math:`\mu/\sqrt k` grows with the mean: think claim sizes,
    repair times or prices.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,), all > 0
    mean : ndarray of shape (n_samples,)
        The true :math:`\mu(x_i)`.
    """
    if n_samples < 1 or not shape > 0:
        raise ValueError("n_samples must be at least 1 and shape must be > 0.")
    rng = _rng(random_state)
    x = rng.uniform(*x_range, size=n_samples)
    mean = np.exp(intercept + slope * x)
    y = rng.gamma(shape, mean / shape)
    return x.reshape(-1, 1), y, mean


# ---- lesson 03: data on disk, written and read in chunks ----

__all__ += ["make_regression_csv"]


def make_regression_csv(path, n_samples=100_000, n_features=5, *, chunk_size=10_000,
                        noise=1.0, random_state=0):
    r"""Write a linear-regression data set to a CSV file, one chunk at a time.

    The file stands in for data too large for memory: it is generated and written
    ``chunk_size`` rows at a time, so writing it never holds more than one chunk either.
    Features have very different means and spreads (feature :math:`j` is
    :math:`N(\mu_j, s_j^2)` with :math:`s_j = 10^{j-2}`), so they must be standardised
    before gradient descent; the target is
    :math:`y = \beta_0 + \sum_j \beta_j (x_j - \mu_j)/s_j + \varepsilon`, i.e. the true
    coefficients refer to the *standardised* features.

    Parameters
    ----------
    path : str or path-like
        Where to write (columns ``x1..xd`` and ``y``, with a header row).
    n_samples, n_features, chunk_size : int
    noise : float
        Standard deviation of :math:`\varepsilon`.
    random_state : int or numpy.random.Generator

    Returns
    -------
    dict
        ``coef`` (on the standardised scale), ``intercept``, ``means``, ``scales``,
        ``columns`` (feature names), ``n_samples``.
    """
    import pandas as pd

    if n_samples < 1 or n_features < 1 or chunk_size < 1:
        raise ValueError("n_samples, n_features and chunk_size must all be at least 1.")
    rng = _rng(random_state)
    means = rng.uniform(-50.0, 50.0, size=n_features)
    scales = 10.0 ** (np.arange(n_features) % 5 - 2.0)
    coef = rng.uniform(-3.0, 3.0, size=n_features)
    intercept = 5.0
    columns = [f"x{j + 1}" for j in range(n_features)]
    for start in range(0, n_samples, chunk_size):
        m = min(chunk_size, n_samples - start)
        Z = rng.normal(size=(m, n_features))
        frame = pd.DataFrame(means + scales * Z, columns=columns)
        frame["y"] = intercept + Z @ coef + rng.normal(0.0, noise, size=m)
        frame.to_csv(path, mode="w" if start == 0 else "a", header=start == 0, index=False,
                     float_format="%.8g")
    return {"coef": coef, "intercept": intercept, "means": means, "scales": scales,
            "columns": columns, "n_samples": n_samples}
