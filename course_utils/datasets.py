"""Seeded synthetic data and loaders for the course's datasets.

Every generator takes ``random_state`` (an int seed or a ``numpy.random.Generator``), so a
lesson draws the same numbers on every machine.
"""

from __future__ import annotations

import numpy as np

from ._validation import Integer, RealNumber, check_param, check_random_state

__all__ = [
    "make_linear",
    "make_collinear",
    "load_ill_conditioned",
    "make_outliers",
    "make_noisy_line",
    "make_gamma_regression",
]


def _rng(random_state):
    """A ``numpy.random.Generator``; a seed given as a string or a float gets a clear error."""
    return check_random_state(random_state)


def _counts(owner, minimum=1, **counts):
    """Check that sample and feature counts are integers (not "100", 100.0 or True)."""
    for name, value in counts.items():
        check_param(value, name, [Integer(minimum)], owner=owner)


def _noise(owner, **values):
    for name, value in values.items():
        check_param(value, name, [RealNumber(0, None)], owner=owner,
                    explain=f"{name} is a standard deviation.")


def make_linear(n_samples=100, n_features=1, *, coef=None, intercept=0.0, noise=1.0,
                x_range=(0.0, 10.0), random_state=0):
    r"""Draw :math:`y = b + Xw + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma^2)`.

    Parameters
    ----------
    n_samples, n_features : int
    coef : array-like of shape (n_features,), optional
        True weights :math:`w`; default ``1, 2, ..., n_features``.
    intercept : float
        True intercept :math:`b`.
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
    _counts("make_linear", n_samples=n_samples, n_features=n_features)
    _noise("make_linear", noise=noise)
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
    :math:`w_1 + w_2 = 3` fits equally well (with noise: their fitted sum, near 3), and the
    minimum-norm answer splits it evenly, :math:`w_1 = w_2`.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    """
    _counts("make_collinear", minimum=2, n_samples=n_samples)
    _noise("make_collinear", noise=noise)
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

    :math:`y = b + w x + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma^2)`;
    then ``n_outliers`` points, drawn among the third of the samples with the largest x,
    get ``shift`` added to y (think data-entry errors). Placed at large x they have leverage,
    so they tilt a least-squares line.

    Returns
    -------
    X : ndarray of shape (n_samples, 1)
    y : ndarray of shape (n_samples,)
    is_outlier : ndarray of bool, shape (n_samples,)
    """
    _counts("make_outliers", minimum=3, n_samples=n_samples)
    _counts("make_outliers", minimum=0, n_outliers=n_outliers)
    if not 0 <= n_outliers <= n_samples // 3:
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

    :math:`y = b + w x + \varepsilon` with :math:`\varepsilon` (scaled by
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
    _counts("make_noisy_line", n_samples=n_samples)
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
    _counts("make_gamma_regression", n_samples=n_samples)
    if not shape > 0:
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

    _counts("make_regression_csv", n_samples=n_samples, n_features=n_features,
            chunk_size=chunk_size)
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


# ---- lesson 04: curved data and the housing dataset ----------------------------------------

__all__ += [
    "demand_curve",
    "housing_price_formula",
    "housing_truth",
    "load_housing",
    "make_demand",
    "make_housing",
]


def demand_curve(temperature):
    r"""True daily electricity demand (GW) at a mean daily temperature (°C).

    Heating below about 14 °C, cooling above about 21 °C, flat in between, with the two
    kinks smoothed by a softplus :math:`\operatorname{sp}(z) = \log(1 + e^z)`:

    .. math::

        f(T) = 30 + 2.0\,s\,\operatorname{sp}\!\Big(\frac{14 - T}{s}\Big)
                  + 1.4\,s\,\operatorname{sp}\!\Big(\frac{T - 21}{s}\Big), \qquad s = 2.5 .

    Far below 14 °C demand rises by 2.0 GW per degree colder, far above 21 °C by 1.4 GW per
    degree warmer. No polynomial of finite degree equals this curve.

    Parameters
    ----------
    temperature : array-like
        Mean daily temperature in °C.

    Returns
    -------
    ndarray of the same shape, in GW
    """
    T = np.asarray(temperature, dtype=float)
    s = 2.5
    return 30.0 + 2.0 * s * np.logaddexp(0.0, (14.0 - T) / s) + 1.4 * s * np.logaddexp(
        0.0, (T - 21.0) / s)


def make_demand(n_samples=365, *, noise=2.5, random_state=0):
    r"""Daily temperature and electricity demand: a curved 1-D regression problem.

    Day :math:`d` of the year has mean daily temperature
    :math:`T = 12 - 10\cos(2\pi (d - 15) / 365) + N(0, 3.5^2)` °C (cold in January, warm
    in July; the extremes are rare), and demand :math:`y = f(T) + N(0, \sigma^2)` GW with
    :math:`f` = :func:`demand_curve`. Days cycle through the year, so any ``n_samples``
    covers all seasons.

    Parameters
    ----------
    n_samples : int
        Number of days.
    noise : float
        Standard deviation :math:`\sigma` of the demand noise, in GW.
    random_state : int or numpy.random.Generator

    Returns
    -------
    temperature : ndarray of shape (n_samples,)
        °C, rounded to 0.1.
    demand : ndarray of shape (n_samples,)
        GW.
    """
    _counts("make_demand", n_samples=n_samples)
    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}.")
    rng = _rng(random_state)
    day = rng.permutation(np.arange(n_samples) * 365.0 / n_samples)
    temperature = np.round(12.0 - 10.0 * np.cos(2 * np.pi * (day - 15.0) / 365.0)
                           + rng.normal(0.0, 3.5, size=n_samples), 1)
    demand = demand_curve(temperature) + rng.normal(0.0, noise, size=n_samples)
    return temperature, demand


# The housing dataset of data/housing.csv. Everything the generator uses is here, so that the
# notebook can compare what a model recovers with the truth.
_NEIGHBOURHOODS = ("Centre", "Riverside", "University", "Suburbs", "Outskirts")
_HOUSING = {
    "neighbourhood_share": (0.15, 0.20, 0.15, 0.30, 0.20),
    "dist_range_km": ((0.2, 2.5), (1.0, 6.0), (2.0, 7.0), (4.0, 14.0), (9.0, 25.0)),
    "median_size_m2": (70.0, 90.0, 80.0, 125.0, 140.0),
    "age_range_years": ((20, 120), (0, 100), (10, 90), (0, 50), (0, 40)),
    "garden_share": (0.10, 0.35, 0.30, 0.70, 0.85),
    # the price formula (k€)
    "intercept": 60.0,
    "rate_keur_per_m2": {"Centre": 4.5, "Riverside": 3.6, "University": 3.2,
                         "Suburbs": 2.6, "Outskirts": 2.1},
    "rate_drop_per_km": 0.04,
    "centre_premium": 150.0,
    "centre_scale_km": 2.0,
    "age": -2.5,
    "age_squared": 0.025,
    "garden": 35.0,
    "noise_sd": 30.0,
}
_HOUSING_COLUMNS = ("size_m2", "rooms", "age_years", "dist_centre_km", "neighbourhood",
                    "garden", "month_sold", "price_keur")


def _data_dir():
    """The repository's ``data/`` folder, found from this file (not the working directory)."""
    from pathlib import Path

    return Path(__file__).resolve().parents[1] / "data"


def housing_truth():
    r"""The constants of the housing price formula (a fresh copy; see :func:`make_housing`).

    Returns
    -------
    dict
        ``intercept``, ``rate_keur_per_m2`` (per neighbourhood), ``rate_drop_per_km``,
        ``centre_premium``, ``centre_scale_km``, ``age``, ``age_squared``, ``garden``,
        ``noise_sd``, plus the parameters that draw the features.
    """
    import copy

    return copy.deepcopy(_HOUSING)


def housing_price_formula(df):
    r"""Expected price (k€) of each house in ``df`` under the true generating formula.

    .. math::

        \mathbb E[\text{price}] = 60
          + \text{size}\,\big(r_\text{neighbourhood} - 0.04\,\text{dist}\big)
          + 150\,e^{-\text{dist}/2}
          - 2.5\,\text{age} + 0.025\,\text{age}^2
          + 35\,\text{garden}

    with the price per m² :math:`r` = 4.5 (Centre), 3.6 (Riverside), 3.2 (University),
    2.6 (Suburbs), 2.1 (Outskirts) k€/m². ``rooms`` and ``month_sold`` have no effect.

    Parameters
    ----------
    df : pandas.DataFrame
        With the columns ``size_m2``, ``age_years``, ``dist_centre_km``, ``neighbourhood``,
        ``garden`` (as :func:`load_housing` returns them).

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    h = _HOUSING
    missing = [c for c in ("size_m2", "age_years", "dist_centre_km", "neighbourhood", "garden")
               if c not in df.columns]
    if missing:
        raise KeyError(f"housing_price_formula needs the columns {missing} of load_housing().")
    unknown = sorted(set(df["neighbourhood"].astype(str)) - set(_NEIGHBOURHOODS))
    if unknown:
        raise ValueError(f"Unknown neighbourhood(s) {unknown}; expected {list(_NEIGHBOURHOODS)}.")
    size = df["size_m2"].to_numpy(dtype=float)
    dist = df["dist_centre_km"].to_numpy(dtype=float)
    age = df["age_years"].to_numpy(dtype=float)
    rate = df["neighbourhood"].astype(str).map(h["rate_keur_per_m2"]).to_numpy(dtype=float)
    return (h["intercept"]
            + size * (rate - h["rate_drop_per_km"] * dist)
            + h["centre_premium"] * np.exp(-dist / h["centre_scale_km"])
            + h["age"] * age + h["age_squared"] * age ** 2
            + h["garden"] * df["garden"].to_numpy(dtype=float))


def make_housing(n_samples=1500, *, random_state=2024):
    r"""Draw the synthetic housing dataset (``data/housing.csv`` is ``make_housing()``).

    One row per house sold in a mid-sized European city:

    - ``neighbourhood``: Centre, Riverside, University, Suburbs, Outskirts (15/20/15/30/20 %);
    - ``dist_centre_km``: uniform on a range that depends on the neighbourhood, 0.1 km steps;
    - ``size_m2``: log-normal around a neighbourhood median (70 to 140 m²), whole m²;
    - ``rooms``: about one per 28 m²; no effect on the price once the size is known;
    - ``age_years``: uniform on a neighbourhood range (the Centre is old, the Outskirts new);
    - ``garden``: 0/1, more likely further out;
    - ``month_sold``: 1 to 12, no effect on the price;
    - ``price_keur``: :func:`housing_price_formula` plus Gaussian noise (sd 30 k€), 0.1 k€ steps.

    Features are rounded first and the price is computed from the rounded values, so the
    formula holds exactly for the numbers in the file.

    Parameters
    ----------
    n_samples : int, default=1500
    random_state : int or numpy.random.Generator, default=2024
        The seed of ``data/housing.csv``; another seed gives a fresh sample of the same
        population (e.g. a second test set).

    Returns
    -------
    pandas.DataFrame
        Columns as above; ``neighbourhood`` is categorical in the order listed.
    """
    _counts("make_housing", n_samples=n_samples)
    import pandas as pd

    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}.")
    h = _HOUSING
    rng = _rng(random_state)
    nb = rng.choice(len(_NEIGHBOURHOODS), size=n_samples, p=h["neighbourhood_share"])
    lo, hi = np.array(h["dist_range_km"]).T
    dist = np.round(lo[nb] + (hi[nb] - lo[nb]) * rng.random(n_samples), 1)
    median = np.array(h["median_size_m2"])
    size = np.clip(np.round(median[nb] * np.exp(0.3 * rng.standard_normal(n_samples))), 25, 400)
    rooms = np.clip(np.round(size / 28.0 + rng.normal(0.0, 0.6, size=n_samples)), 1, 10)
    age_lo, age_hi = np.array(h["age_range_years"]).T
    age = rng.integers(age_lo[nb], age_hi[nb] + 1)
    garden = (rng.random(n_samples) < np.array(h["garden_share"])[nb]).astype(np.int64)
    month = rng.integers(1, 13, size=n_samples)
    df = pd.DataFrame({
        "size_m2": size.astype(np.int64),
        "rooms": rooms.astype(np.int64),
        "age_years": age.astype(np.int64),
        "dist_centre_km": dist,
        "neighbourhood": pd.Categorical.from_codes(nb, categories=list(_NEIGHBOURHOODS)),
        "garden": garden,
        "month_sold": month.astype(np.int64),
    })
    noise = rng.normal(0.0, h["noise_sd"], size=n_samples)
    df["price_keur"] = np.round(housing_price_formula(df) + noise, 1)
    return df


def housing_to_csv_text(df):
    """The exact text of ``data/housing.csv`` for a frame from :func:`make_housing`.

    Fixed formats (integers, distances with 1 decimal, prices with 1 decimal) and ``\\n``
    line ends, so the same rows always give the same bytes and the same checksum.
    """
    lines = [",".join(_HOUSING_COLUMNS)]
    for row in zip(*(df[c].tolist() for c in _HOUSING_COLUMNS), strict=True):
        size, rooms, age, dist, nb, garden, month, price = row
        lines.append(f"{size:d},{rooms:d},{age:d},{dist:.1f},{nb},{garden:d},{month:d},"
                     f"{price:.1f}")
    return "\n".join(lines) + "\n"


def _expected_sha256(name, data_dir):
    sums = data_dir / "SHA256SUMS"
    if not sums.exists():
        raise FileNotFoundError(
            f"{sums} is missing, so {name} cannot be verified. Restore it with "
            "`git checkout data/SHA256SUMS`."
        )
    for line in sums.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == name:
            return parts[0].lower()
    raise ValueError(
        f"{sums} has no line for {name}. Restore it with `git checkout data/SHA256SUMS`."
    )


def _verified_path(name, data_dir=None, *, regenerate=None):
    """Path of ``data/<name>`` after checking its SHA-256 against ``data/SHA256SUMS``."""
    import hashlib
    from pathlib import Path

    data_dir = _data_dir() if data_dir is None else Path(data_dir)
    path = data_dir / name
    how = f"regenerate it with `python data/{regenerate}` from the repository root" if (
        regenerate) else "download the course again"
    if not path.exists():
        raise FileNotFoundError(
            f"The dataset file {path} is missing. Restore it with `git checkout data/{name}`, "
            f"or {how}."
        )
    expected = _expected_sha256(name, data_dir)
    raw = path.read_bytes()
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected and b"\r\n" in raw:
        # git on Windows (core.autocrlf) may check text files out with \r\n line ends:
        # the same data, so compare the bytes with \n line ends
        actual = hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()
    if actual != expected:
        raise ValueError(
            f"The dataset file {path} has been altered: its SHA-256 checksum is {actual[:12]}... "
            f"but data/SHA256SUMS expects {expected[:12]}... . The numbers in the lessons assume "
            f"the original file: restore it with `git checkout data/{name}`, or {how}."
        )
    return path


def load_housing(*, data_dir=None):
    r"""The housing-price dataset ``data/housing.csv`` (1500 houses, 8 columns), verified.

    Synthetic data drawn by :func:`make_housing` (seed 2024) and written by
    ``data/make_housing.py``; the columns and the true price formula are documented in
    :func:`make_housing`, :func:`housing_price_formula` and ``data/README.md``. The price
    depends on the size through the neighbourhood and the distance (interactions), on the
    distance and the age nonlinearly, and not at all on ``rooms`` or ``month_sold``.

    The file's SHA-256 checksum is checked against ``data/SHA256SUMS`` first, so an edited
    or truncated file is reported instead of silently changing every result.

    Parameters
    ----------
    data_dir : path-like, optional
        Folder holding ``housing.csv`` and ``SHA256SUMS``; defaults to the repository's
        ``data/``.

    Returns
    -------
    pandas.DataFrame of shape (1500, 8)
        ``neighbourhood`` is categorical (Centre, Riverside, University, Suburbs, Outskirts);
        every other column is numeric.

    Raises
    ------
    FileNotFoundError
        The file is missing (says how to restore or regenerate it).
    ValueError
        The checksum differs (the file was altered; says how to restore it).
    """
    import pandas as pd

    path = _verified_path("housing.csv", data_dir, regenerate="make_housing.py")
    df = pd.read_csv(path, dtype={"dist_centre_km": float, "price_keur": float})
    df["neighbourhood"] = pd.Categorical(df["neighbourhood"], categories=list(_NEIGHBOURHOODS))
    return df


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
    _counts("make_sine_curve", n_samples=n_samples)
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
    _counts("make_correlated_groups", n_samples=n_samples, group_size=group_size)
    _counts("make_correlated_groups", minimum=0, n_independent=n_independent)
    check_param(correlation, "correlation", [RealNumber(0, 1, "neither")],
                owner="make_correlated_groups")
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


# ---- NIST StRD: the Longley data, with certified least-squares results ------------------------

__all__ += ["load_longley", "longley_certified"]

_LONGLEY_COLUMNS = ("employed", "gnp_deflator", "gnp", "unemployed", "armed_forces",
                    "population", "year")


def longley_certified():
    r"""The NIST certified results of the linear regression of ``employed`` on the six
    predictors of :func:`load_longley`, with an intercept.

    From the NIST Statistical Reference Datasets (StRD), linear regression, "Longley"
    (higher level of difficulty), computed by NIST in 500-digit arithmetic; quoted to the
    15 significant digits NIST publishes.

    Returns
    -------
    dict
        ``coef``: ndarray of shape (7,), :math:`(\beta_0, \dots, \beta_6)`, intercept first,
        in the column order of :func:`load_longley`; ``std_errors``: their standard
        deviations; ``residual_sd``; ``r_squared``.
    """
    return {
        "coef": np.array([-3482258.63459582, 15.0618722713733, -0.358191792925910e-01,
                          -2.02022980381683, -1.03322686717359, -0.511041056535807e-01,
                          1829.15146461355]),
        "std_errors": np.array([890420.383607373, 84.9149257747669, 0.334910077722432e-01,
                                0.488399681651699, 0.214274163161675, 0.226073200069370,
                                455.478499142212]),
        "residual_sd": 304.854073561965,
        "r_squared": 0.995479004577296,
    }


def load_longley(*, data_dir=None):
    r"""Longley's (1967) macro-economic data, ``data/longley.csv``, verified by checksum.

    16 yearly observations (1947 to 1962) of US total employment and six predictors, as
    published by NIST in its Statistical Reference Datasets to test least-squares software:
    the columns live on scales from 1e2 (``gnp_deflator``) to 1e5 (``gnp``), and next to an
    intercept ``year`` is almost constant, so :math:`X^\top X` of the raw design
    :math:`[1, X]` has a condition number near 1e19, yet X has full rank: on a common scale
    (unit-length columns) :math:`\kappa([1, X]) \approx 4\times10^4`. The certified
    coefficients are in :func:`longley_certified`.

    ==================  =====================================================
    ``employed``        total derived employment (thousands) -- the target y
    ``gnp_deflator``    GNP implicit price deflator (1954 = 100)
    ``gnp``             gross national product (millions of dollars)
    ``unemployed``      unemployment (thousands)
    ``armed_forces``    size of the armed forces (thousands)
    ``population``      non-institutional population aged 14 and over (thousands)
    ``year``            1947 ... 1962
    ==================  =====================================================

    Parameters
    ----------
    data_dir : path-like, optional
        Folder holding ``longley.csv`` and ``SHA256SUMS``; defaults to the repository's
        ``data/``.

    Returns
    -------
    X : pandas.DataFrame of shape (16, 6)
    y : pandas.Series of shape (16,), named ``employed``
    """
    import pandas as pd

    path = _verified_path("longley.csv", data_dir)
    df = pd.read_csv(path, dtype=float)
    if tuple(df.columns) != _LONGLEY_COLUMNS:  # pragma: no cover - the checksum guards this
        raise ValueError(f"{path} does not have the columns {_LONGLEY_COLUMNS}.")
    return df.drop(columns="employed"), df["employed"]
