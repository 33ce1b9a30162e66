"""The course's figures. Functions here draw; the numbers come from compute functions.

Every figure has a title, labelled axes with units and a legend when it shows more than
one line, and is sized to read on a projector.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.patches
import matplotlib.ticker
import numpy as np

__all__ = [
    "setup_notebook",
    "use_course_style",
    # lesson 01
    "plot_fit",
    "plot_lines",
    "plot_histograms",
    "plot_solver_accuracy",
    "plot_flat_valley",
    "plot_cost_scaling",
    "plot_intervals",
    # lesson 02
    "plot_residuals",
    "plot_loss_shapes",
    "plot_objective_1d",
    "plot_quantile_bands",
    "plot_objective_contour",
    "plot_score_table",
    # lesson 03
    "plot_loss_curves",
    "plot_loss_contour",
    "plot_loss_surface",
    # lesson 04
    "plot_residual_scatter",
    "plot_basis",
    "plot_curve_spread",
    "plot_groups",
    "plot_z_scores",
    # lesson 05
    "plot_coef_paths",
    "plot_coef_path_panels",
    "plot_coef_bars",
    "plot_penalty_geometry",
    "plot_validation_curve",
    # lesson 06
    "plot_chunk_gradients",
    # lesson 02: classification; lesson 03: early stopping
    "plot_margin_losses",
    "plot_train_validation",
    # lessons 04-05: choosing flexibility
    "plot_bias_variance",
    "plot_cv_scores",
    "plot_learning_curve",
]

FIGSIZE = (9.0, 5.0)
WIDE = (13.0, 5.0)

#: Okabe and Ito's colour-blind-safe palette (yellow last: it is faint on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
#: One dash pattern per palette colour, so that lines told apart by colour differ in style too.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1))]
#: One marker per palette colour, for points and for lines that carry markers.
MARKERS = ["o", "s", "D", "^", "v", "P", "X"]

#: The projector style every lesson uses (``setup_notebook`` applies it).
STYLE = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": 120,
    "savefig.dpi": 120,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2.0,
    "lines.markersize": 7,
    "figure.constrained_layout.use": True,
    "image.cmap": "viridis",
}


def _pyplot():
    """pyplot, imported on first use: ``import course_utils`` stays free of a GUI backend."""
    import matplotlib.pyplot as plt

    return plt


def use_course_style():
    """Apply the projector style: 120 dpi, 12 pt legends, the colour-blind-safe palette.

    ``C0``, ``C1``, ... are the palette's colours. The plotting functions pair colour ``Ci``
    with dash ``LINESTYLES[i]`` and marker ``MARKERS[i]`` wherever lines are told apart, so
    they stay apart in greyscale and for colour-blind readers; a single line stays solid.
    """
    from cycler import cycler

    mpl.rcParams.update(STYLE)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)


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
    use_course_style()
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


def plot_fit(x, y, curves, *, title, xlabel, ylabel, ax=None, data_label="data", ylim=None,
             data_size=12):
    """Scatter the data and draw one or more fitted curves.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,)
    curves : dict[str, tuple[array, array]]
        ``label -> (x_grid, y_hat)`` for each line to draw.
    ylim : (float, float), optional
        Fix the y range (wild curves then leave the frame instead of squashing the data).
    data_size : float
        Marker area of the data points (larger for a handful of points).
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    ax.scatter(x, y, s=data_size, alpha=0.45 if data_size < 30 else 0.8, color="0.35",
               label=data_label)
    if ylim is not None:
        ax.set_ylim(*ylim)
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
        ``label -> y values``; each series has its own colour, dash pattern and marker.
    marker : str or None
        ``None`` draws plain lines; anything else gives each series its own marker.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    for i, (label, values) in enumerate(series.items()):
        ax.plot(x, values, marker=MARKERS[i % len(MARKERS)] if marker else None,
                linestyle=LINESTYLES[i % len(LINESTYLES)], color=f"C{i}", label=label)
    if logx:
        ax.set_xscale("log")
        ax.set_xticks(list(x), [f"{v:,}" for v in x])
        ax.xaxis.set_minor_formatter(mpl.ticker.NullFormatter())
    if logy:
        ax.set_yscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=len(series) > 1)


def plot_solver_accuracy(conds, errors, *, references=None, title, xlabel, ylabel, ax=None,
                         floor=1e-17, ceiling=1e3):
    """Relative error of several solvers against the condition number, failures included.

    A solver can break down in two ways, and which one you see depends on the CPU's linear
    algebra kernels: it returns digits that are garbage (a large error), or the library
    refuses (``LinAlgError``: singular to working precision). Both are a breakdown, so both
    are drawn: a refusal (an error of ``inf`` or ``nan``) as a cross in the solver's colour at
    the top of the axis (one row per refusing solver), labelled in the legend.

    Parameters
    ----------
    conds : array-like of shape (k,)
        Condition numbers :math:`\\kappa(X)` of the k problems (x axis, log scale).
    errors : dict[str, array-like of shape (k,)]
        ``solver name -> relative errors``; ``inf`` (or ``nan``) marks a refusal.
    references : dict[str, array-like of shape (k,)], optional
        Reference lines such as :math:`10^{-16}\\kappa` (drawn black, dotted then dashed).
    floor, ceiling : float
        The y range; exact answers (error 0) are drawn at ``floor``.
    """
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(9.5, 5.8))
    conds = np.asarray(conds, dtype=float)
    # inv/solve and lstsq/pinv often coincide: a small filled marker sits inside a large
    # hollow one, so both stay visible
    markers, styles = "soDo^", ["-", "--", "-.", ":", "-"]
    sizes = [7, 15, 7, 15, 7]
    n_refusing = 0
    for i, (name, err) in enumerate(errors.items()):
        err = np.asarray(err, dtype=float)
        ok = np.isfinite(err)
        ax.loglog(conds[ok], np.maximum(err[ok], floor), marker=markers[i % 5],
                  linestyle=styles[i % 5], ms=sizes[i % 5], color=f"C{i}", label=name,
                  mfc="none" if i % 2 else None, mew=2 if i % 2 else 1, zorder=3 - i % 2)
        if (~ok).any():  # stacked down from the top edge, so two refusals never hide each other
            height = ceiling / 10 ** (0.8 * n_refusing)
            ax.plot(conds[~ok], np.full((~ok).sum(), height), "X", ms=13, color=f"C{i}",
                    mec="black", clip_on=False, zorder=5)
            n_refusing += 1
    for (label, values), style in zip((references or {}).items(), [":", "--", "-."],
                                      strict=False):
        ax.loglog(conds, values, color="black", linestyle=style, linewidth=1.5, label=label)
    if n_refusing:
        ax.plot([], [], "X", ms=13, color="0.6", mec="black",
                label="refused (raised LinAlgError),\ndrawn at the top in its colour")
    ax.set_ylim(floor, ceiling)
    _finish(ax, title, xlabel, ylabel, legend=False)
    ax.legend(loc="upper left", ncols=2)
    return ax


def plot_flat_valley(grid_1, grid_2, rss, *, line, point, title, xlabel, ylabel,
                     line_label, point_label, ax=None, levels=15):
    r"""Contours of :math:`\log_{10}` RSS over two coefficients, a line of minimisers and a point.

    For two identical columns the RSS is not a bowl but a valley, flat along every split of
    the weight: this draws it, the valley floor and one chosen minimiser (e.g. the one of
    minimum norm).

    Parameters
    ----------
    grid_1, grid_2 : ndarray of shape (k, m)
        Meshgrid of the two coefficients.
    rss : ndarray of shape (k, m)
        The residual sum of squares at each grid point (drawn on a log scale).
    line : (array-like, array-like)
        Two or more points ``(w_1 values, w_2 values)`` of the valley floor.
    point : array-like of shape (2,)
        Marked with a star.
    """
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(8.0, 6.8))
    cs = ax.contour(grid_1, grid_2, np.log10(rss), levels=levels, cmap="viridis")
    ax.figure.colorbar(cs, ax=ax, label=r"$\log_{10}$ RSS (log of units of y squared)",
                       format="%.2g")
    ax.plot(*line, color="C3", linestyle="--", lw=2.5, label=line_label)
    ax.plot(*point, "*", color="k", ms=18, label=point_label, linestyle="none")
    ax.set_aspect("equal")
    _finish(ax, title, xlabel, ylabel, legend=False)
    ax.legend(loc="upper right")
    return ax


def plot_cost_scaling(panels, *, ylabel, figsize=WIDE):
    """Measured cost against a size, beside a reference power law, one panel per size.

    Parameters
    ----------
    panels : list of dict
        One per panel, with keys ``x`` (sizes), ``measured`` (e.g. seconds), ``power`` (the
        exponent of the reference line, drawn through the first measurement), ``reference``
        (its legend label), ``title`` and ``xlabel``. Both axes are logarithmic, so a power
        law is a straight line.

    Returns
    -------
    ndarray of matplotlib.axes.Axes
    """
    _, axes = _pyplot().subplots(1, len(panels), figsize=figsize)
    axes = np.atleast_1d(axes)
    for ax, panel in zip(axes, panels, strict=True):
        x = np.asarray(panel["x"], dtype=float)
        measured = np.asarray(panel["measured"], dtype=float)
        reference = measured[0] * (x / x[0]) ** panel["power"]
        plot_lines(panel["x"], {"measured": measured, panel["reference"]: reference},
                   title=panel["title"], xlabel=panel["xlabel"], ylabel=ylabel, ax=ax,
                   logx=True, logy=True)
    return axes


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
        _, ax = _pyplot().subplots()
    pooled = np.concatenate([np.ravel(d) for d in samples.values()])
    lo, hi = np.quantile(pooled, [0.001, 0.999])  # a few extreme draws would squash the rest
    edges = np.linspace(lo, hi, bins + 1)
    for i, (label, draws) in enumerate(samples.items()):
        ax.hist(draws, bins=edges, density=True, histtype="step", linewidth=2.2, label=label,
                color=f"C{i}", linestyle=LINESTYLES[i % len(LINESTYLES)])
    ax.set_xlim(lo, hi)
    if truth is not None:
        ax.axvline(truth, color="k", ls="--", label=f"true value = {truth:g}")
    return _finish(ax, title, xlabel, "density", legend=True)


def plot_score_table(scores, models, metrics, *, title, xlabel="metric", ylabel="model",
                     ax=None):
    """Every model scored on every metric, as a picture: how far each is above the best.

    Each cell shows the score as a percentage above the best (lowest) score in its column,
    coloured from white (the best) to dark; the best of each column is framed. A model that
    minimises a metric shows up as the framed 0 % in that column.

    Parameters
    ----------
    scores : array-like of shape (n_models, n_metrics)
        Lower is better in every column (losses, errors).
    models, metrics : list of str
        Row and column labels.
    """
    scores = np.asarray(scores, dtype=float)
    best = scores.min(axis=0)
    excess = 100.0 * (scores - best) / np.where(best > 0, best, 1.0)
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(1.9 * len(metrics) + 3.5, 0.8 * len(models) + 2.2))
    shown = np.log10(1.0 + excess)  # 0 % white; 1 %, 10 % and 100 % evenly apart
    image = ax.imshow(shown, cmap="Blues", aspect="auto", vmin=0.0,
                      vmax=max(float(shown.max()), 1e-9))
    winners = scores.argmin(axis=0)
    for i in range(len(models)):
        for j in range(len(metrics)):
            dark = shown[i, j] > 0.6 * shown.max()
            text = f"{excess[i, j]:.1f} %" if excess[i, j] < 10 else f"{excess[i, j]:.0f} %"
            ax.text(j, i, "best" if winners[j] == i else text, ha="center", va="center",
                    fontsize=12, color="white" if dark else "black",
                    fontweight="bold" if winners[j] == i else "normal")
            if winners[j] == i:
                ax.add_patch(mpl.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False,
                                                   edgecolor="C3", linewidth=3))
    ax.set_xticks(range(len(metrics)), metrics, rotation=20, ha="right")
    ax.set_yticks(range(len(models)), models)
    ax.grid(False)
    colorbar = ax.figure.colorbar(image, ax=ax, label="above the column's best (%)")
    ticks = [t for t in (0, 1, 10, 100, 1000) if np.log10(1 + t) <= shown.max() + 1e-12]
    colorbar.set_ticks(np.log10(1.0 + np.array(ticks, dtype=float)),
                       labels=[f"{t} %" for t in ticks])
    return _finish(ax, title, xlabel, ylabel, legend=False)


# ---- lesson 03 -------------------------------------------------------------------------------


def plot_loss_curves(curves, *, title, xlabel="epoch", ylabel="training loss J", ax=None,
                     logy=True, linewidth=2.0, alpha=1.0):
    """Training-loss curves, one line per run (colours C0, C1, ... in order).

    Parameters
    ----------
    curves : dict[str, array-like or tuple[array-like, array-like]]
        ``label -> losses`` (plotted against 1, 2, ...) or ``label -> (x, losses)`` (e.g.
        epochs as fractions for per-update curves). Non-finite values (a diverged run) are
        dropped, so the line simply stops where the run blew up.
    logy : bool, default=True
        Log scale for the loss: gradient descent on a bowl converges geometrically, which
        is a straight line on a log axis.
    linewidth, alpha : float
        Thin, translucent lines keep thousands of noisy SGD updates readable.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    for i, (label, values) in enumerate(curves.items()):
        if isinstance(values, tuple):
            x, v = np.asarray(values[0], dtype=float), np.asarray(values[1], dtype=float)
        else:
            v = np.asarray(values, dtype=float)
            x = np.arange(1, v.size + 1)
        keep = np.isfinite(v)
        ax.plot(x[keep], v[keep], label=label, linewidth=linewidth, alpha=alpha, color=f"C{i}",
                linestyle=LINESTYLES[i % len(LINESTYLES)])
    if logy:
        ax.set_yscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=len(curves) > 1)


def _geometric_levels(J, n_levels):
    """Contour levels spaced geometrically above the minimum, so the bowl's floor is resolved."""
    lo, hi = float(np.min(J)), float(np.max(J))
    span = max(hi - lo, 1e-12)
    return lo + span * np.geomspace(1e-3, 1.0, n_levels)


def plot_loss_contour(intercepts, slopes, J, *, paths=None, optimum=None, title,
                      xlabel="intercept b", ylabel="slope w", ax=None, n_levels=18,
                      optimum_label="minimum", colorbar_label="loss J", mark_start=True,
                      equal_aspect=False, levels=None, style_offset=0):
    r"""Contour lines of a loss surface :math:`J(b, w)` with descent paths drawn on it.

    The contours are grey (dark at the bottom of the bowl) so that the paths, in the colours
    C0, C1, ... of :func:`plot_loss_curves`, stand out and match a loss-curve panel.

    Parameters
    ----------
    intercepts, slopes : array-like of shape (n_b,), (n_w,)
        The grid; ``J`` has shape (n_w, n_b), as returned by
        :func:`course_utils.loss_surface`.
    paths : dict[str, array-like of shape (k, 2)], optional
        ``label -> points (b, w)`` visited by an optimiser, first row the start (marked with
        a circle unless ``mark_start=False``). The axes stay on the grid, so a diverging path
        runs off the picture instead of squashing it. Paths of up to 400 points show a dot
        at every step.
    optimum : (float, float), optional
        Marked with a hollow black star on top of the paths: a path that ends there stays
        visible inside it.
    equal_aspect : bool, default=False
        Same scale on both axes, so a round bowl looks round.
    levels : array-like, optional
        Contour levels (default: ``n_levels`` spaced geometrically above the minimum). Pass
        levels up to the largest closed contour to keep cut-off rings out of the picture.
    style_offset : int, default=0
        The first path takes colour, dash and marker number ``style_offset``: a panel that
        shows only the third path of another panel draws it as it looks there.
    """
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(8.5, 6.5))
    b = np.asarray(intercepts, dtype=float)
    w = np.asarray(slopes, dtype=float)
    if levels is None:
        levels = _geometric_levels(J, n_levels)
    greys = mpl.colormaps["Greys"](np.linspace(0.85, 0.35, len(levels)))
    cs = ax.contour(b, w, J, levels=levels, colors=greys, linewidths=1.0)
    if colorbar_label:
        ax.figure.colorbar(cs, ax=ax, label=colorbar_label, format="%.3g")
    for i, (label, pts) in enumerate((paths or {}).items(), start=style_offset):
        pts = np.asarray(pts, dtype=float)[:, :2]
        pts = pts[np.isfinite(pts).all(axis=1)]
        few = len(pts) <= 400
        ax.plot(pts[:, 0], pts[:, 1], linestyle=LINESTYLES[i % len(LINESTYLES)],
                marker=MARKERS[i % len(MARKERS)] if few else None,
                ms=5 if len(pts) <= 60 else 3, lw=1.8 if few else 1.2, color=f"C{i}",
                label=label, alpha=0.9)
        if mark_start:
            ax.plot(*pts[0], MARKERS[i % len(MARKERS)], color=f"C{i}", ms=11, mec="k")
    if optimum is not None:
        ax.plot(*optimum, "*", mfc="none", mec="k", mew=2, ms=22, label=optimum_label,
                zorder=10)
    ax.set_xlim(b.min(), b.max())
    ax.set_ylim(w.min(), w.max())
    if equal_aspect:
        ax.set_aspect("equal")
    return _finish(ax, title, xlabel, ylabel, legend=bool(paths) or optimum is not None)


def plot_loss_surface(intercepts, slopes, J, *, paths=None, title, xlabel="intercept b",
                      ylabel="slope w", zlabel="loss J", ax=None, elev=35, azim=30):
    r"""The loss surface :math:`J(b, w)` in 3-D, with descent paths lying on it.

    Parameters
    ----------
    intercepts, slopes, J
        As for :func:`plot_loss_contour`.
    paths : dict[str, array-like of shape (k, 3)], optional
        ``label -> rows (b, w, J)``: the points visited and the loss there (e.g. from
        :func:`course_utils.path_loss`). Drawn in front of the surface.
    """
    if ax is None:
        fig = _pyplot().figure(figsize=(9.5, 7))
        ax = fig.add_subplot(projection="3d")
    ax.computed_zorder = False  # keep the paths in front of the translucent surface
    B, W = np.meshgrid(np.asarray(intercepts, dtype=float), np.asarray(slopes, dtype=float))
    ax.plot_surface(B, W, J, cmap="viridis", alpha=0.5, linewidth=0, antialiased=True,
                    rcount=50, ccount=50, zorder=1)
    for i, (label, pts) in enumerate((paths or {}).items()):
        pts = np.asarray(pts, dtype=float)
        ax.plot(pts[:, 0], pts[:, 1], pts[:, 2], "o-", ms=3.5, lw=2, color=f"C{i}",
                label=label, zorder=10)
    ax.view_init(elev=elev, azim=azim)
    ax.set_zlabel(zlabel)
    return _finish(ax, title, xlabel, ylabel, legend=bool(paths))


# ---- lesson 02 -------------------------------------------------------------------------------

_LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1))]


def plot_residuals(x, y, y_hat, *, title, xlabel, ylabel, ax=None, label="model"):
    """Data, a model's predictions as a line, and each residual as a vertical segment.

    Parameters
    ----------
    x, y, y_hat : array-like of shape (n_samples,)
        Feature, target and the model's prediction at each sample.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    x, y, y_hat = (np.ravel(a) for a in (x, y, y_hat))
    ax.vlines(x, y, y_hat, color="C3", alpha=0.6, linewidth=1.2, label="residuals y - ŷ")
    ax.scatter(x, y, s=18, color="0.25", zorder=3, label="data")
    order = np.argsort(x)
    ax.plot(x[order], y_hat[order], color="C0", label=label)
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_loss_shapes(r, curves, *, title, xlabel, ylabel, ax=None, ylim=None):
    """Several per-sample losses against the residual, each in its own colour and dash.

    Parameters
    ----------
    r : array-like
        Residuals (the x-axis).
    curves : dict[str, array-like]
        ``label -> loss values at r``.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    for i, (label, values) in enumerate(curves.items()):
        ax.plot(r, values, linestyle=_LINESTYLES[i % len(_LINESTYLES)], color=f"C{i}",
                label=label)
    ax.axvline(0.0, color="0.5", linewidth=0.8)
    if ylim is not None:
        ax.set_ylim(*ylim)
    return _finish(ax, title, xlabel, ylabel, legend=len(curves) > 1)


def plot_objective_1d(grid, values, *, marks=None, title, xlabel, ylabel, ax=None,
                      label=None, color="C0"):
    """One objective against one parameter, with chosen points marked by dashed lines.

    Parameters
    ----------
    grid, values : array-like
        Parameter values and the objective there.
    marks : dict[str, float], optional
        ``label -> parameter value`` (e.g. the minimiser), drawn as vertical lines.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    ax.plot(grid, values, color=color, label=label)
    for i, (mark_label, value) in enumerate((marks or {}).items()):
        ax.axvline(value, color=f"C{3 + i}", linestyle=_LINESTYLES[1 + i % 3], label=mark_label)
    n_labels = (label is not None) + len(marks or {})
    return _finish(ax, title, xlabel, ylabel, legend=n_labels > 0)


def plot_quantile_bands(x, y, x_grid, bands, *, title, xlabel, ylabel, ax=None,
                        extra=None, ylim=None):
    """Data with quantile-regression lines and the band between the outer two shaded.

    Parameters
    ----------
    x, y : array-like of shape (n_samples,)
    x_grid : array-like
        Where the lines are evaluated.
    bands : dict[float, array-like]
        ``quantile q -> predicted q-th quantile on x_grid``, at least two entries.
    extra : dict[str, array-like], optional
        Further lines on ``x_grid`` (e.g. the least-squares line), drawn dotted.
    ylim : (float, float), optional
        The y range. Points beyond it are not dropped: each is drawn as a triangle on the
        edge it lies beyond, and the legend counts them.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    x, y = np.ravel(x), np.ravel(y)
    inside = np.ones(y.shape, dtype=bool) if ylim is None else (y >= ylim[0]) & (y <= ylim[1])
    ax.scatter(x[inside], y[inside], s=10, alpha=0.4, color="0.35", label="data")
    if not inside.all():
        lo, hi = ylim
        for mask, edge, marker in [(y > hi, hi, "^"), (y < lo, lo, "v")]:
            if mask.any():
                ax.plot(x[mask], np.full(mask.sum(), edge), marker, color="0.2", ms=10,
                        clip_on=False, zorder=5, linestyle="none",
                        label=f"{mask.sum()} beyond the frame, "
                              f"{'up' if marker == '^' else 'down'} to y = "
                              f"{(y[mask].max() if marker == '^' else y[mask].min()):.0f}")
        ax.set_ylim(*ylim)
    qs = sorted(bands)
    xg = np.ravel(x_grid)
    order = np.argsort(xg)
    ax.fill_between(xg[order], np.asarray(bands[qs[0]])[order], np.asarray(bands[qs[-1]])[order],
                    color="C0", alpha=0.15, label=f"band q = {qs[0]:g} to {qs[-1]:g}")
    for i, q in enumerate(qs):
        ax.plot(xg[order], np.asarray(bands[q])[order], color=f"C{i}",
                linestyle="-" if abs(q - 0.5) < 1e-12 else "--", label=f"quantile q = {q:g}")
    for i, (label, values) in enumerate((extra or {}).items()):
        ax.plot(xg[order], np.asarray(values)[order], color=f"C{3 + i}", linestyle=":",
                label=label)
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_objective_contour(a_grid, b_grid, J, points, *, title, xlabel, ylabel, ax=None, levels=20):
    """Contours of an objective over two parameters, with marked points.

    Parameters
    ----------
    a_grid, b_grid : array-like
        1-D grids of the parameters on the x- and y-axis.
    J : ndarray of shape (len(b_grid), len(a_grid))
        The objective at every grid point (``J[j, i]`` at ``(a_grid[i], b_grid[j])``).
    points : dict[str, tuple[float, float]]
        ``label -> (a, b)`` drawn as markers; the first (the reference, e.g. the exact
        minimum) is drawn largest, so points that coincide with it stay visible.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    cs = ax.contour(a_grid, b_grid, J, levels=levels, cmap="viridis", linewidths=1.2)
    # five round ticks, with just enough decimals to tell them apart (never a run of digits)
    lo, hi = float(np.min(cs.levels)), float(np.max(cs.levels))
    decimals = max(0, int(np.ceil(-np.log10(max(hi - lo, 1e-12) / 5))))
    colorbar = ax.figure.colorbar(cs, ax=ax, label="objective J")
    colorbar.set_ticks(np.round(np.linspace(lo, hi, 5), decimals))
    colorbar.ax.yaxis.set_major_formatter(mpl.ticker.FormatStrFormatter(f"%.{decimals}f"))
    markers = ["*", "X", "o", "s", "D"]
    for i, (label, (a, b)) in enumerate(points.items()):
        ax.plot(a, b, markers[i % len(markers)], color=f"C{3 + i}", markersize=24 if i == 0 else 12,
                markeredgecolor="k", linestyle="none", label=label)
    return _finish(ax, title, xlabel, ylabel, legend=True)


# ---- lesson 04 -------------------------------------------------------------------------------


def plot_residual_scatter(x, residuals, *, title, xlabel, ylabel, ax=None):
    """Residuals against one input, with the zero line: a pattern means a missed shape.

    Parameters
    ----------
    x, residuals : array-like of shape (n_samples,)
        ``residuals = y - y_hat`` of a fitted model.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
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
        _, ax = _pyplot().subplots()
    basis = np.asarray(basis)
    if data is not None:
        ax.scatter(*data, s=14, alpha=0.45, color="0.45", label="data", zorder=1)
    shades = mpl.colormaps["viridis"](np.linspace(0.0, 0.9, basis.shape[1]))
    for j in range(basis.shape[1]):  # neighbours differ in shade and dash
        ax.plot(x, basis[:, j], lw=2.0, color=shades[j], linestyle=LINESTYLES[j % 3],
                label=f"${label}_{{{j}}}$")
    if total is not None:
        ax.plot(x, total, color="k", lw=3, label="sum = fitted curve")
    if knots is not None:
        for i, t in enumerate(np.unique(knots)):
            ax.axvline(t, color="0.5", ls=":", lw=1, label="knots" if i == 0 else None)
    _finish(ax, title, xlabel, ylabel, legend=False)
    # outside the axes, on the right: the functions fill the whole frame
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
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
        _, ax = _pyplot().subplots()
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
        _, ax = _pyplot().subplots()
    x, y, groups = np.asarray(x), np.asarray(y), np.asarray(groups)
    order = list(dict.fromkeys(lines)) if lines else list(dict.fromkeys(groups.tolist()))
    for i, g in enumerate(order):
        mask = groups == g
        ax.scatter(x[mask], y[mask], s=14, alpha=0.4, color=f"C{i}",
                   marker=MARKERS[i % len(MARKERS)], label=str(g))
        if lines and g in lines:
            xl, yl = lines[g]
            ax.plot(xl, yl, color=f"C{i}", lw=2.5, linestyle=LINESTYLES[i % len(LINESTYLES)])
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_z_scores(z, labels, *, title, xlabel="estimate − truth (standard errors)",
                  ylabel="coefficient", ax=None, bound=3.0):
    """How far each estimate lies from the truth in standard errors, against the ±bound band.

    Parameters
    ----------
    z : array-like of shape (k,)
        ``(estimate - truth) / standard error`` for each coefficient.
    labels : list of str
        Coefficient names, one row each.
    bound : float
        Drawn as a shaded band (and ±2 as dotted lines): sampling noise stays inside it.
    """
    z = np.asarray(z, dtype=float)
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(10.0, 0.55 * len(z) + 1.8))
    rows = np.arange(len(z))[::-1]
    ax.axvspan(-bound, bound, color="C2", alpha=0.12, label=f"within ±{bound:g} standard errors")
    for edge in (-2.0, 2.0):
        ax.axvline(edge, color="0.4", ls=":", lw=1.2, label="±2" if edge < 0 else None)
    ax.axvline(0.0, color="k", lw=1.0)
    ax.hlines(rows, 0.0, z, color="C0", lw=2)
    ax.plot(z, rows, "o", color="C0", ms=10, linestyle="none", label="estimate − truth")
    ax.set_yticks(rows, labels)
    lim = max(bound + 0.5, float(np.abs(z).max()) + 0.5)
    ax.set_xlim(-lim, lim)
    ax.grid(axis="y", visible=False)
    _finish(ax, title, xlabel, ylabel, legend=False)
    ax.legend(loc="lower right", fontsize=12)
    return ax


# ---- lesson 05 -------------------------------------------------------------------------------


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
        _, ax = _pyplot().subplots(figsize=(8.0, 7.0))
    lo = loss.min()
    lv = lo + (loss.max() - lo) * np.geomspace(1e-3, 1.0, levels)
    ax.contour(w1, w2, loss, levels=lv, colors="0.55", linewidths=1.0)
    ax.plot(*ols, "k*", ms=16, label=f"no penalty ({ols[0]:.2f}, {ols[1]:.2f})")
    for i, (label, (bx, by, point, level)) in enumerate(regions.items()):
        color = f"C{i}"
        ax.fill(bx, by, color=color, alpha=0.15)
        ax.plot(bx, by, color=color, lw=2, linestyle="-")
        ax.contour(w1, w2, loss, levels=[level], colors=[color], linewidths=1.8,
                   linestyles="--")
        ax.plot(*point, "o", color=color, ms=11, mec="k",
                label=f"{label}: ({point[0]:.2f}, {point[1]:.2f})")
    ax.axhline(0, color="k", lw=0.8)
    ax.axvline(0, color="k", lw=0.8)
    ax.set_aspect("equal")
    ax.legend(loc="lower right")
    return _finish(ax, title, xlabel, ylabel, legend=False)


def _feature_style(k):
    """Colour, dash and marker of feature k: 7 colours x 3 dashes keep 21 features apart."""
    dashes = ["-", "--", ":"]
    lap = k // len(PALETTE)  # each lap round the colours changes the dash and shifts the marker
    return dict(color=f"C{k % len(PALETTE)}", linestyle=dashes[lap % 3],
                marker=MARKERS[(k + lap) % len(MARKERS)])


def plot_coef_paths(alphas, coefs, *, labels, title, xlabel, ylabel, ax=None, marks=None,
                    legend=True):
    """Coefficients against the penalty strength, one line per feature.

    The penalty grows from left to right, as on :func:`plot_validation_curve`: weak (close to
    least squares) on the left, strong (every coefficient zero) on the right. Each feature
    has its own colour, dash and marker (the markers every few points), so ten features stay
    apart on a projector and in greyscale.

    Parameters
    ----------
    alphas : ndarray of shape (n_alphas,)
    coefs : ndarray of shape (n_features, n_alphas)
    labels : list of str
        Feature names, shown in the legend.
    marks : ndarray of shape (n_features,), optional
        An alpha per feature (e.g. where it enters the Lasso path), drawn as a large marker at
        ``coef = 0``; NaN for none.
    legend : bool
        Draw the legend of feature names in this panel (see :func:`plot_coef_path_panels`
        for one legend shared by several panels).
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    every = max(len(alphas) // 8, 1)
    for k, label in enumerate(labels):
        style = _feature_style(k)
        ax.plot(alphas, coefs[k], lw=1.8, label=label, markevery=(k % every, every), ms=6,
                **style)
        if marks is not None and np.isfinite(marks[k]):
            ax.plot(marks[k], 0.0, style["marker"], color=style["color"], ms=10, mec="k",
                    zorder=5)
    ax.set_xscale("log")
    ax.axhline(0, color="k", lw=0.8)
    if legend:
        ax.legend(ncol=2, loc="best")
    return _finish(ax, title, xlabel, ylabel, legend=False)


def plot_coef_path_panels(alphas, panels, *, labels, xlabel, ylabel, marks=None,
                          figsize=(17, 6.5)):
    """Several coefficient paths side by side (one per penalty), sharing one legend below.

    Parameters
    ----------
    alphas : ndarray of shape (n_alphas,)
    panels : dict[str, ndarray of shape (n_features, n_alphas)]
        ``panel title -> coefficients``, drawn left to right with a shared y-axis.
    labels : list of str
        Feature names: one legend for all panels, since a feature keeps its style in each.
    marks : dict[str, ndarray of shape (n_features,)], optional
        ``panel title -> alpha per feature`` to mark (see :func:`plot_coef_paths`).

    Returns
    -------
    ndarray of matplotlib.axes.Axes
    """
    fig, axes = _pyplot().subplots(1, len(panels), figsize=figsize, sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (title, coefs) in zip(axes, panels.items(), strict=True):
        plot_coef_paths(alphas, coefs, labels=labels, title=title, xlabel=xlabel,
                        ylabel=ylabel if ax is axes[0] else "", ax=ax, legend=False,
                        marks=(marks or {}).get(title))
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=min(len(labels), 10),
               title="feature")
    return axes


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
        _, ax = _pyplot().subplots()
    n_models = len(coefs)
    x = np.arange(len(feature_names))
    width = 0.8 / n_models
    hatches = [None, "//", "..", "xx", "\\\\", "++"]
    for i, (label, values) in enumerate(coefs.items()):
        ax.bar(x + (i - (n_models - 1) / 2) * width, values, width=width, label=label,
               color=f"C{i}", hatch=hatches[i % len(hatches)], edgecolor="white")
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
        _, ax = _pyplot().subplots()
    ax.plot(alphas, train, "o-", ms=5, color="C0", label="training error")
    ax.plot(alphas, valid, "s--", ms=5, color="C1", label="cross-validation error")
    if valid_std is not None:
        ax.fill_between(alphas, valid - valid_std, valid + valid_std, color="C1", alpha=0.15,
                        label="± 1 sd across folds")
    ax.axvline(best_alpha, color="k", ls="--", label=f"minimum at alpha = {best_alpha:.3g}")
    ax.set_xscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=True)


# ---- lesson 06: scaling out -------------------------------------------------------------------

_HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo", "--"]


def plot_chunk_gradients(bounds, partials, *, title, xlabel="sample index i (rows of X)",
                         names=None, gradient_label="gradient component (share of each chunk)",
                         sum_title="The chunks' shares add up to the full gradient", axes=None):
    r"""Chunks sending their partial gradients: where each lies, and how the shares add up.

    Left: the rows of X split into chunks, each sending its
    :math:`\frac1n(\mathbf 1^\top g_k, X_k^\top g_k)` to one sum. Right: for every parameter,
    the chunks' shares stacked (positive ones up, negative ones down) with their sum marked,
    the gradient that full-batch gradient descent steps along.

    Parameters
    ----------
    bounds : array-like of shape (n_chunks, 2)
        First and one-past-last row of each chunk (from
        :func:`course_utils.scaling.chunk_gradients`).
    partials : array-like of shape (n_chunks, n_params)
        Each chunk's share of every gradient component.
    names : list of str, optional
        The parameters (default ``b, w_1, ..., w_d``).
    axes : pair of Axes, optional

    Returns
    -------
    ndarray of two Axes
    """
    bounds = np.asarray(bounds, dtype=float)
    partials = np.asarray(partials, dtype=float)
    k, p = partials.shape
    names = names or ["b"] + [f"$w_{j}$" for j in range(1, p)]
    if axes is None:
        _, axes = _pyplot().subplots(1, 2, figsize=WIDE, width_ratios=[1.1, 1.0])
    left, right = axes
    n = bounds[-1, 1]
    for i, (start, stop) in enumerate(bounds):
        left.barh(0.0, stop - start, left=start, height=0.35, color=f"C{i % 10}",
                  hatch=_HATCHES[i % len(_HATCHES)], edgecolor="black")
        middle = 0.5 * (start + stop)
        left.annotate("", xy=(0.5 * n, 0.82), xytext=(middle, 0.2),
                      arrowprops=dict(arrowstyle="->", color=f"C{i % 10}", lw=2.2))
        left.text(middle, -0.3, f"chunk {i + 1}\n{int(stop - start):,} rows", ha="center",
                  va="top", fontsize=12)
    left.text(0.5 * n, 0.92, r"$\Sigma_k$", ha="center", va="center", fontsize=20,
              bbox=dict(boxstyle="circle", facecolor="white", edgecolor="black"))
    left.text(0.5 * n, 1.12, r"$\nabla J = \frac{1}{n}\sum_k (\mathbf{1}^\top g_k,\ "
              r"X_k^\top g_k)$", ha="center", va="bottom", fontsize=14)
    left.text(0.5 * n, -0.95, r"each chunk sends $d+1$ numbers: $(\mathbf{1}^\top g_k,\ "
              r"X_k^\top g_k)$ of its own rows", ha="center", va="top", fontsize=12, color="0.25")
    left.set_xlim(-0.02 * n, 1.02 * n)
    left.set_ylim(-1.3, 1.6)
    left.set_yticks([])
    left.grid(False)
    left.set_title(title)
    left.set_xlabel(xlabel)
    x = np.arange(p)
    up, down = np.zeros(p), np.zeros(p)
    for i in range(k):
        share = partials[i]
        base = np.where(share >= 0, up, down)
        right.bar(x, share, bottom=base, width=0.6, color=f"C{i % 10}",
                  hatch=_HATCHES[i % len(_HATCHES)], edgecolor="black", label=f"chunk {i + 1}")
        up, down = np.where(share >= 0, up + share, up), np.where(share < 0, down + share, down)
    right.plot(x, partials.sum(axis=0), "D", color="black", ms=10, zorder=5,
               label="sum = full gradient")
    right.axhline(0.0, color="black", lw=0.8)
    right.set_xticks(x, names)
    _finish(right, sum_title, "parameter", gradient_label, legend=True)
    return np.asarray(axes)


# ---- lesson 02: losses of a classifier; lesson 03: early stopping -----------------------------

def plot_margin_losses(margin, curves, *, title,
                       xlabel="margin ỹ·z (label ±1 times raw prediction)",
                       ylabel="loss L (no units)", ax=None, ylim=(-0.05, 4.0)):
    """Classification losses against the margin, the misclassified side (margin < 0) shaded.

    Parameters
    ----------
    margin : array-like of shape (n_points,)
        Margins :math:`\tilde y z` with :math:`\tilde y = \\pm 1` (the x-axis), e.g. from
        :func:`course_utils.margin_losses`.
    curves : dict[str, array-like]
        ``label -> loss at each margin``; a label starting with "0-1" is drawn as a step.
    ylim : (float, float), default=(-0.05, 4)
        The squared error grows on both sides; the range keeps the region near 0 readable.
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    margin = np.asarray(margin, dtype=float)
    ax.axvspan(margin.min(), 0.0, color="0.85", alpha=0.6, label="misclassified (margin < 0)")
    for i, (label, values) in enumerate(curves.items()):
        kw = dict(color=f"C{i}", label=label, linestyle=LINESTYLES[i % len(LINESTYLES)],
                  linewidth=2.5)
        if label.startswith("0-1"):
            ax.step(margin, values, where="mid", **kw)
        else:
            ax.plot(margin, values, **kw)
    ax.axvline(0.0, color="0.4", linewidth=0.8)
    ax.set_xlim(margin.min(), margin.max())
    if ylim is not None:
        ax.set_ylim(*ylim)
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_train_validation(train, valid, *, title, best_epoch=None, xlabel="epoch",
                          ylabel="mean loss", ax=None, logy=True, logx=False, extra=None):
    """Training and validation loss per epoch on one axis, the best validation epoch marked.

    Parameters
    ----------
    train, valid : array-like of shape (n_epochs,)
        Loss after epochs 1, 2, ... (e.g. ``loss_curve_`` and ``validation_loss_curve_``).
    best_epoch : int, optional
        Drawn as a vertical dashed line with a marker on the validation curve (1-based).
    extra : dict[str, array-like], optional
        More curves against the same epochs (e.g. the validation loss of an unstopped run).
    logy, logx : bool, default=True, False
        Log scales; ``logx`` spreads out the early epochs of a long run.
    """
    if ax is None:
        _, ax = _pyplot().subplots(figsize=FIGSIZE)
    series = {"training loss": train, "validation loss": valid, **(extra or {})}
    for i, (label, values) in enumerate(series.items()):
        v = np.asarray(values, dtype=float)
        ax.plot(np.arange(1, v.size + 1), v, color=f"C{i}", linestyle=LINESTYLES[i % 7],
                linewidth=2.2, label=label)
    if best_epoch is not None:
        v = np.asarray(valid, dtype=float)
        ax.axvline(best_epoch, color="k", linestyle="--", linewidth=1.2,
                   label=f"best validation epoch {best_epoch}")
        ax.plot([best_epoch], [v[best_epoch - 1]], "o", color="C1", markersize=9)
    if logy:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=True)


# ---- lessons 04-05: choosing flexibility honestly ---------------------------------------------


def plot_bias_variance(x, parts, *, title, xlabel, ylabel="expected squared test error",
                       ax=None, logx=False, logy=True):
    r"""Bias², variance, noise, their sum and the measured test error against flexibility.

    Parameters
    ----------
    x : array-like of shape (n_settings,)
        The flexibility setting of each point: a degree, a number of knots, an alpha.
    parts : sequence of :class:`course_utils.BiasVariance`
        One decomposition per setting (from :func:`course_utils.bias_variance`).
    logx, logy : bool
        Log axes (a log y axis shows the small bias² beside the large variance).

    Returns
    -------
    Axes
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    x = np.asarray(x, dtype=float)
    floor = 1e-3 * min(p.noise for p in parts) if logy else -np.inf
    series = {
        "bias²": [max(p.bias2, floor) for p in parts],
        "variance": [p.variance for p in parts],
        "noise σ²": [p.noise for p in parts],
        "bias² + variance + noise": [p.total for p in parts],
    }
    for i, (label, values) in enumerate(series.items()):
        ax.plot(x, values, marker=MARKERS[i], linestyle=LINESTYLES[i], color=f"C{i}",
                label=label, lw=3.0 if i == 3 else 2.0, alpha=0.85)
    clamped = np.array([p.bias2 <= floor for p in parts])
    if clamped.any():  # an unbiased estimate of a zero bias² comes out <= 0 half the time
        ax.plot(x[clamped], np.full(clamped.sum(), floor), "o", ms=11, mfc="white", color="C0",
                label="bias² ≤ 0 (zero within Monte Carlo error)")
    ax.errorbar(x, [p.error for p in parts], yerr=[2 * p.error_se for p in parts], fmt="x",
                color="black", ms=10, mew=2, capsize=4, zorder=5,
                label="measured test error (± 2 s.e.)")
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_cv_scores(x, fold_scores, *, best, title, xlabel, ylabel, ax=None, logy=False,
                   reference=None):
    r"""The cross-validated error against a setting: each fold faint, their mean bold.

    Parameters
    ----------
    x : array-like of shape (n_settings,)
    fold_scores : array-like of shape (n_settings, n_splits)
        The error of each fold at each setting (lower is better).
    best : float
        The chosen setting, drawn as a vertical dashed line.
    reference : (float, str), optional
        A horizontal line (value, label), e.g. the noise level.

    Returns
    -------
    Axes
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    x = np.asarray(x, dtype=float)
    fold_scores = np.asarray(fold_scores, dtype=float)
    for k in range(fold_scores.shape[1]):
        ax.plot(x, fold_scores[:, k], "-", color="0.6", lw=1.0,
                label="each fold" if k == 0 else None)
    ax.plot(x, fold_scores.mean(axis=1), "o-", color="C0", lw=2.5, ms=7,
            label=f"mean of {fold_scores.shape[1]} folds")
    ax.axvline(best, color="C3", ls="--", label=f"chosen: {best:g}")
    if reference is not None:
        ax.axhline(reference[0], color="k", ls=":", label=reference[1])
    if logy:
        ax.set_yscale("log")
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_learning_curve(sizes, curves, *, title, xlabel="number of training samples n",
                        ylabel, ax=None, reference=None):
    r"""Training and validation error against the number of training samples.

    Parameters
    ----------
    sizes : array-like of shape (n_sizes,)
    curves : dict[str, (array, array)]
        ``model label -> (training error, validation error)``, each of shape (n_sizes,)
        (already averaged over folds); training solid, validation dashed, one colour per model.
    reference : (float, str), optional
        A horizontal line (value, label), e.g. the noise level.

    Returns
    -------
    Axes
    """
    if ax is None:
        _, ax = _pyplot().subplots()
    for i, (label, (train, valid)) in enumerate(curves.items()):
        ax.plot(sizes, train, marker=MARKERS[i], linestyle="-", color=f"C{i}",
                label=f"{label}: training")
        ax.plot(sizes, valid, marker=MARKERS[i], linestyle="--", color=f"C{i}",
                label=f"{label}: validation", mfc="white")
    if reference is not None:
        ax.axhline(reference[0], color="k", ls=":", label=reference[1])
    return _finish(ax, title, xlabel, ylabel, legend=True)


def plot_intervals(estimates, low, high, *, truth, title, xlabel, ylabel="data set", ax=None):
    """Confidence intervals of many data sets, one row each: which ones cover the truth.

    Intervals that contain ``truth`` are solid, the ones that miss it dashed, in another
    colour and with the estimate marked by a cross, so the two kinds differ without colour.

    Parameters
    ----------
    estimates, low, high : array-like of shape (m,)
        The estimate and the ends of its interval, for each of m data sets.
    truth : float
        The true value, drawn as a vertical line.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(FIGSIZE[0], 7.0))
    estimates, low, high = (np.asarray(a, dtype=float) for a in (estimates, low, high))
    covers = (low <= truth) & (truth <= high)
    rows = np.arange(1, len(estimates) + 1)
    for mask, i, style, marker, what in [(covers, 0, "-", "o", "covers"),
                                         (~covers, 3, "--", "X", "misses")]:
        if not mask.any():
            continue
        ax.hlines(rows[mask], low[mask], high[mask], colors=f"C{i}", linestyles=style,
                  linewidth=2.2)
        ax.plot(estimates[mask], rows[mask], marker, color=f"C{i}", ls="none", ms=6,
                label=f"interval {what} the truth ({int(mask.sum())} of {len(rows)})")
    ax.axvline(truth, color="k", ls=":", lw=2, label=f"true value = {truth:g}")
    ax.set_ylim(0, len(rows) + 1)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2)
    return _finish(ax, title, xlabel, ylabel, legend=False)
