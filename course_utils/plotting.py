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
