"""The course's figures. Functions here draw; the numbers come from compute functions.

Every figure has a title, labelled axes with units and a legend when it shows more than
one line, and is sized to read on a projector.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["setup_notebook", "plot_fit", "plot_lines", "plot_histograms"]

FIGSIZE = (9.0, 5.0)
WIDE = (13.0, 5.0)


def setup_notebook(seed=0):
    """Set the course's print precision and plot style; return a seeded random generator.

    Call it in the first code cell of every lesson::

        rng = setup_notebook(seed=0)

    Prints one line naming the library versions, so a run on a different environment
    is visible at a glance.
    """
    import pandas as pd
    import sklearn

    from . import __version__

    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    pd.set_option("display.precision", 4)
    pd.set_option("display.width", 100)
    mpl.rcParams.update({
        "figure.figsize": FIGSIZE,
        "figure.dpi": 90,
        "font.size": 13,
        "axes.titlesize": 15,
        "axes.labelsize": 13,
        "legend.fontsize": 11,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "lines.linewidth": 2.0,
        "figure.constrained_layout.use": True,
    })
    print(
        f"course_utils {__version__} | numpy {np.__version__} | pandas {pd.__version__} | "
        f"scikit-learn {sklearn.__version__} | matplotlib {mpl.__version__} | seed {seed}"
    )
    return np.random.default_rng(seed)


def _finish(ax, title, xlabel, ylabel, legend):
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if legend:
        ax.legend()
    return ax


def plot_fit(x, y, curves, *, title, xlabel, ylabel, ax=None, data_label="data"):
    """Scatter the data and draw one or more fitted curves.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,)
    curves : dict[str, tuple[array, array]]
        ``label -> (x_grid, y_hat)`` for each line to draw.
    """
    if ax is None:
        _, ax = plt.subplots()
    ax.scatter(x, y, s=12, alpha=0.45, color="0.35", label=data_label)
    styles = ["-", "--", "-.", ":"]
    for i, (label, (xg, yg)) in enumerate(curves.items()):
        order = np.argsort(xg)
        ax.plot(np.asarray(xg)[order], np.asarray(yg)[order], styles[i % 4], color=f"C{i}",
                label=label)
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_lines(x, series, *, title, xlabel, ylabel, ax=None, logx=False, logy=False,
               marker="o"):
    """Several y-series against a common x (timings, loss curves, errors against a parameter).

    Parameters
    ----------
    x : array-like
    series : dict[str, array-like]
        ``label -> y values``.
    """
    if ax is None:
        _, ax = plt.subplots()
    for label, values in series.items():
        ax.plot(x, values, marker=marker, label=label)
    if logx:
        ax.set_xscale("log")
        ax.set_xticks(list(x), [f"{v:,}" for v in x])
        ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
    if logy:
        ax.set_yscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=len(series) > 1)


def plot_histograms(samples, *, truth=None, title, xlabel, ax=None, bins=40):
    """Overlaid density histograms of several samples, with the true value marked.

    Parameters
    ----------
    samples : dict[str, array-like]
        ``label -> draws`` (e.g. estimates from a Monte Carlo study).
    truth : float, optional
        Drawn as a vertical dashed line.

    The x-axis shows the central 99.8 % of the pooled draws, so a heavy tail does not
    squash the picture; the densities still count every draw.
    """
    if ax is None:
        _, ax = plt.subplots()
    pooled = np.concatenate([np.ravel(d) for d in samples.values()])
    lo, hi = np.quantile(pooled, [0.001, 0.999])  # a few extreme draws would squash the rest
    edges = np.linspace(lo, hi, bins + 1)
    for label, draws in samples.items():
        ax.hist(draws, bins=edges, density=True, histtype="step", linewidth=2, label=label)
    ax.set_xlim(lo, hi)
    if truth is not None:
        ax.axvline(truth, color="k", ls="--", label=f"true value = {truth:g}")
    return _finish(ax, title, xlabel, "density", legend=True)


# ---- lesson 05: regularization ----------------------------------------------------------------

__all__ += ["plot_coef_paths", "plot_coef_bars", "plot_penalty_geometry",
            "plot_validation_curve"]


def plot_penalty_geometry(w1, w2, loss, regions, *, ols, title, xlabel, ylabel, ax=None,
                          levels=12):
    """Contours of a two-coefficient loss, the penalty balls and where they first touch.

    Parameters
    ----------
    w1, w2 : ndarray of shape (m, k)
        Meshgrid of the two coefficients.
    loss : ndarray of shape (m, k)
        Loss at each grid point (drawn on a log scale of levels above its minimum).
    regions : dict[str, tuple[array, array, array, float]]
        ``label -> (boundary_w1, boundary_w2, touch_point, touch_loss)``: the boundary of a
        penalty ball (e.g. the L1 diamond, the L2 circle), the constrained minimiser on it and
        the loss there; the contour at that loss is drawn dashed in the ball's colour.
    ols : array-like of shape (2,)
        Unpenalised minimiser, marked with a star.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8.0, 7.0))
    lo = loss.min()
    lv = lo + (loss.max() - lo) * np.geomspace(1e-3, 1.0, levels)
    ax.contour(w1, w2, loss, levels=lv, colors="0.55", linewidths=1.0)
    ax.plot(*ols, "k*", ms=16, label=f"no penalty ({ols[0]:.2f}, {ols[1]:.2f})")
    for i, (label, (bx, by, point, level)) in enumerate(regions.items()):
        color = f"C{i}"
        ax.fill(bx, by, color=color, alpha=0.15)
        ax.plot(bx, by, color=color, lw=2)
        ax.contour(w1, w2, loss, levels=[level], colors=[color], linewidths=1.8,
                   linestyles="--")
        ax.plot(*point, "o", color=color, ms=11, mec="k",
                label=f"{label}: ({point[0]:.2f}, {point[1]:.2f})")
    ax.axhline(0, color="k", lw=0.8)
    ax.axvline(0, color="k", lw=0.8)
    ax.set_aspect("equal")
    ax.legend(loc="lower right")
    return _finish(ax, title, xlabel, ylabel, legend=False)


def plot_coef_paths(alphas, coefs, *, labels, title, xlabel, ylabel, ax=None, marks=None,
                    legend=True):
    """Coefficients against the penalty strength, one line per feature, alpha decreasing.

    Parameters
    ----------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    labels : list of str
        Feature names, shown in the legend.
    marks : ndarray of shape (n_features,), optional
        An alpha per feature (e.g. where it enters the Lasso path), drawn as a dot at
        ``coef = 0``; NaN for none.
    legend : bool
        Draw the legend of feature names (leave it to one panel of a multi-panel figure).
    """
    if ax is None:
        _, ax = plt.subplots()
    cmap = plt.get_cmap("tab10")
    for k, label in enumerate(labels):
        ax.plot(alphas, coefs[k], color=cmap(k % 10), lw=1.8, label=label)
        if marks is not None and np.isfinite(marks[k]):
            ax.plot(marks[k], 0.0, "o", color=cmap(k % 10), ms=7, mec="k")
    ax.set_xscale("log")
    ax.invert_xaxis()  # strong penalty on the left, weak on the right
    ax.axhline(0, color="k", lw=0.8)
    if legend:
        ax.legend(ncol=2, fontsize=10, loc="upper left")
    return _finish(ax, title, xlabel, ylabel, legend=False)


def plot_coef_bars(coefs, feature_names, *, title, ylabel, ax=None, truth=None):
    """Grouped bars: the coefficients of several models side by side for each feature.

    Parameters
    ----------
    coefs : dict[str, array-like of shape (n_features,)]
        ``model label -> coefficients``.
    feature_names : list of str
    truth : array-like of shape (n_features,), optional
        True coefficients, drawn as black horizontal ticks.
    """
    if ax is None:
        _, ax = plt.subplots()
    n_models = len(coefs)
    x = np.arange(len(feature_names))
    width = 0.8 / n_models
    for i, (label, values) in enumerate(coefs.items()):
        ax.bar(x + (i - (n_models - 1) / 2) * width, values, width=width, label=label,
               color=f"C{i}")
    if truth is not None:
        ax.plot(x, truth, "_", color="k", ms=30, mew=3, label="true coefficient")
    ax.axhline(0, color="k", lw=0.8)
    ax.set_xticks(x, feature_names)
    return _finish(ax, title, "feature", ylabel, legend=True)


def plot_validation_curve(alphas, train, valid, *, best_alpha, title, xlabel, ylabel, ax=None,
                          valid_std=None):
    """Training and cross-validated error against the penalty, with the chosen alpha marked.

    Parameters
    ----------
    alphas : ndarray of shape (n_alphas,)
    train, valid : ndarray of shape (n_alphas,)
        Mean training and validation error for each alpha.
    best_alpha : float
        Drawn as a vertical dashed line.
    valid_std : ndarray of shape (n_alphas,), optional
        Spread of the validation error across folds, drawn as a band.
    """
    if ax is None:
        _, ax = plt.subplots()
    ax.plot(alphas, train, "o-", ms=4, label="training error")
    ax.plot(alphas, valid, "o-", ms=4, label="cross-validation error")
    if valid_std is not None:
        ax.fill_between(alphas, valid - valid_std, valid + valid_std, color="C1", alpha=0.15,
                        label="± 1 sd across folds")
    ax.axvline(best_alpha, color="k", ls="--", label=f"minimum at alpha = {best_alpha:.3g}")
    ax.set_xscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=True)
