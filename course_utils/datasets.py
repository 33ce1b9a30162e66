"""Seeded synthetic data and loaders for the course's datasets.

Every generator takes ``random_state`` (an int seed or a ``numpy.random.Generator``), so a
lesson draws the same numbers on every machine.
"""

from __future__ import annotations

import numpy as np

__all__ = ["make_linear", "make_collinear", "load_ill_conditioned"]


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


# ---- lesson 05: regularization ----------------------------------------------------------------

__all__ += ["make_sine_curve", "make_correlated_groups", "load_diabetes_raw"]


def make_sine_curve(n_samples=20, *, noise=0.25, random_state=0):
    r"""Noisy samples of one period of a sine: :math:`y = \sin(2\pi x) + \varepsilon`.

    The classic over-fitting example: a polynomial of high degree threads every training
    point and swings wildly between them.

    Parameters
    ----------
    n_samples : int
    noise : float
        Standard deviation :math:`\sigma` of the Gaussian noise :math:`\varepsilon`.
    random_state : int or numpy.random.Generator

    Returns
    -------
    x : ndarray of shape (n_samples,)
        Uniform on [0, 1] (unsorted).
    y : ndarray of shape (n_samples,)
    """
    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}.")
    rng = _rng(random_state)
    x = rng.uniform(0.0, 1.0, size=n_samples)
    return x, np.sin(2 * np.pi * x) + rng.normal(0.0, noise, size=n_samples)


def make_correlated_groups(n_samples=100, *, group_size=3, n_independent=3, correlation=0.999,
                           group_signal=3.0, independent_coef=(2.0, -1.5, 0.0), noise=1.0,
                           random_state=0):
    r"""A group of near-duplicate features that measure one signal, plus independent features.

    Think of three sensors reading the same quantity :math:`z \sim N(0, 1)`, each with its
    own small error: :math:`x_k = z + \sqrt{1/c - 1}\,e_k`, :math:`e_k \sim N(0, 1)`, so any
    two of them have correlation :math:`c`. The target depends on the group only through
    :math:`z`:

    .. math:: y = s\,z + \sum_m \gamma_m u_m + \varepsilon

    with independent standard-normal features :math:`u_m`. Any split of the weight :math:`s`
    among the group's features fits almost equally well; the returned ``coef`` shows the
    equal split :math:`s / \text{group\_size}`.

    Parameters
    ----------
    n_samples, group_size, n_independent : int
    correlation : float in (0, 1)
        Correlation :math:`c` between any two features of the group.
    group_signal : float
        Weight :math:`s` of the common signal.
    independent_coef : sequence of float, length ``n_independent``
        True coefficients :math:`\gamma_m` of the independent features.
    noise : float
        Standard deviation of :math:`\varepsilon`.
    random_state : int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, group_size + n_independent)
        Group features first (named ``g1, g2, ...``), then the independent ones (``u1, ...``).
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (group_size + n_independent,)
    names : list of str
    """
    if not 0.0 < correlation < 1.0:
        raise ValueError(f"correlation must be strictly between 0 and 1, got {correlation}.")
    independent_coef = np.asarray(independent_coef, dtype=float)
    if independent_coef.shape != (n_independent,):
        raise ValueError(
            f"independent_coef must have {n_independent} values, got {independent_coef.shape}."
        )
    rng = _rng(random_state)
    z = rng.normal(size=n_samples)
    group = z[:, None] + np.sqrt(1.0 / correlation - 1.0) * rng.normal(
        size=(n_samples, group_size))
    indep = rng.normal(size=(n_samples, n_independent))
    X = np.hstack([group, indep])
    y = group_signal * z + indep @ independent_coef + rng.normal(0.0, noise, size=n_samples)
    coef = np.r_[np.full(group_size, group_signal / group_size), independent_coef]
    names = [f"g{k + 1}" for k in range(group_size)] + [f"u{m + 1}" for m in range(n_independent)]
    return X, y, coef, names


def load_diabetes_raw():
    """The diabetes data of Efron et al. (2004), in the original units, offline.

    442 patients, 10 baseline measurements and a quantitative measure of disease
    progression one year later. Shipped with scikit-learn
    (``sklearn.datasets.load_diabetes(scaled=False)``; original source
    https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html; Efron, Hastie, Johnstone and
    Tibshirani, "Least Angle Regression", Annals of Statistics 32, 2004). scikit-learn's
    default copy is already standardised; this one is not, so a lesson can show why
    standardising matters.

    The columns are renamed from scikit-learn's ``s1 ... s6`` to what they measure:

    ==========  ====================================================
    ``age``     age (years)
    ``sex``     sex (coded 1 / 2)
    ``bmi``     body-mass index (kg/m²)
    ``bp``      average blood pressure (mm Hg)
    ``tc``      total serum cholesterol (mg/dL)
    ``ldl``     low-density lipoproteins (mg/dL)
    ``hdl``     high-density lipoproteins (mg/dL)
    ``tch``     total cholesterol / HDL (ratio)
    ``ltg``     log of serum triglycerides level (log mg/dL)
    ``glu``     blood sugar level (mg/dL)
    ==========  ====================================================

    Returns
    -------
    X : pandas.DataFrame of shape (442, 10)
    y : pandas.Series of shape (442,), named ``progression``
    """
    from sklearn.datasets import load_diabetes

    data = load_diabetes(scaled=False, as_frame=True)
    names = {"s1": "tc", "s2": "ldl", "s3": "hdl", "s4": "tch", "s5": "ltg", "s6": "glu"}
    X = data.data.rename(columns=names)
    return X, data.target.rename("progression")
