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


# ---- lesson 04: feature engineering ----

__all__ += ["plot_residuals", "plot_basis", "plot_curve_spread", "plot_groups"]


def plot_residuals(x, residuals, *, title, xlabel, ylabel, ax=None):
    """Residuals against one input, with the zero line: a pattern means a missed shape.

    Parameters
    ----------
    x, residuals : array-like of shape (n_samples,)
        ``residuals = y - y_hat`` of a fitted model.
    """
    if ax is None:
        _, ax = plt.subplots()
    ax.scatter(x, residuals, s=12, alpha=0.5, color="0.35", label="residual y − ŷ")
    ax.axhline(0.0, color="C3", ls="--", label="zero")
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_basis(x, basis, *, title, xlabel, ylabel="basis function value", knots=None,
               ax=None, label="B", total=None, data=None):
    """Draw every column of a basis matrix against x (e.g. B-splines), knots marked.

    Parameters
    ----------
    x : array-like of shape (n_points,)
        Sorted grid.
    basis : array-like of shape (n_points, n_functions)
        ``basis[:, j]`` is drawn as :math:`\\varphi_j(x)`; pass ``Phi * theta`` to draw the
        weighted functions :math:`\\theta_j\\varphi_j(x)` of a fitted model.
    knots : array-like, optional
        Drawn as dotted vertical lines.
    label : str
        Legend prefix: functions are named ``label_0, label_1, ...``.
    total : array-like of shape (n_points,), optional
        Drawn thick in black (e.g. the fitted curve, the sum of the weighted functions).
    data : (array-like, array-like), optional
        ``(x, y)`` points to scatter behind the curves.
    """
    if ax is None:
        _, ax = plt.subplots()
    basis = np.asarray(basis)
    if data is not None:
        ax.scatter(*data, s=14, alpha=0.45, color="0.45", label="data", zorder=1)
    for j in range(basis.shape[1]):
        ax.plot(x, basis[:, j], lw=1.8, color=plt.cm.viridis(j / max(basis.shape[1] - 1, 1)),
                label=f"${label}_{{{j}}}$")
    if total is not None:
        ax.plot(x, total, color="k", lw=3, label="sum = fitted curve")
    if knots is not None:
        for i, t in enumerate(np.unique(knots)):
            ax.axvline(t, color="0.5", ls=":", lw=1, label="knots" if i == 0 else None)
    _finish(ax, title, xlabel, ylabel, legend=False)
    # outside the axes, on the right: the functions fill the whole frame
    ax.legend(fontsize=9, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


def plot_curve_spread(x, curves, *, title, xlabel, ylabel, truth=None, ax=None, ylim=None,
                      label="fit", legend_loc="lower center"):
    """Many fitted curves of the same model on resampled data, to see where it is unstable.

    Parameters
    ----------
    x : array-like of shape (n_points,)
    curves : array-like of shape (n_fits, n_points)
        One fitted curve per row, drawn thin and transparent.
    truth : array-like of shape (n_points,), optional
        The true curve, drawn thick and dashed.
    ylim : (float, float), optional
        Fix the y-range so that wild curves do not squash the rest (they leave the frame).
    legend_loc : str
        Where the legend goes (pick the emptiest part of the frame).
    """
    if ax is None:
        _, ax = plt.subplots()
    curves = np.asarray(curves)
    for i, c in enumerate(curves):
        ax.plot(x, c, color="C0", lw=1, alpha=0.35,
                label=f"{label} on {len(curves)} resampled data sets" if i == 0 else None)
    if truth is not None:
        ax.plot(x, truth, "k--", lw=2.5, label="true curve")
    if ylim is not None:
        ax.set_ylim(*ylim)
    _finish(ax, title, xlabel, ylabel, legend=False)
    ax.legend(loc=legend_loc)
    return ax


def plot_groups(x, y, groups, *, title, xlabel, ylabel, lines=None, ax=None):
    """Scatter coloured by group, with an optional line per group in the same colour.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,)
    groups : array-like of shape (n_samples,)
        Group label of each point (e.g. a neighbourhood).
    lines : dict[label, (x_line, y_line)], optional
        A line per group, e.g. its least-squares fit.
    """
    if ax is None:
        _, ax = plt.subplots()
    x, y, groups = np.asarray(x), np.asarray(y), np.asarray(groups)
    order = list(dict.fromkeys(lines)) if lines else list(dict.fromkeys(groups.tolist()))
    for i, g in enumerate(order):
        mask = groups == g
        ax.scatter(x[mask], y[mask], s=10, alpha=0.35, color=f"C{i}", label=str(g))
        if lines and g in lines:
            xl, yl = lines[g]
            ax.plot(xl, yl, color=f"C{i}", lw=2.5)
    return _finish(ax, title, xlabel, ylabel, legend=True)
