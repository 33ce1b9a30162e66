r"""Live demos for the classroom: drag a slider, watch the model change (lessons 03, 04, 05).

Each demo has two halves:

- a **compute** function (``*_numbers``) that returns the numbers for one slider value, calling
  the tested estimators of course_utils; tests/test_demos.py checks them against the closed
  forms and scikit-learn;
- a **draw** function (``draw_*``) that turns those numbers into the course's figures
  (course_utils.plotting style), and ``show_*`` draws it for one value: the static figure
  that the website, nbval and a reader without a kernel see.

``live_*`` wraps the draw function in ipywidgets sliders. ipywidgets is imported only there,
so nothing else in course_utils needs it.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ._validation import CourseWarning
from .features import PolynomialBasis, SplineBasis, polynomial_regression
from .gradient_descent import DivergenceError, GradientDescentRegressor, loss_surface, path_loss
from .losses import root_mean_squared_error
from .normal_equation import NormalEquationRegressor, add_intercept
from .plotting import (
    PALETTE,
    _finish,
    _pyplot,
    plot_coef_bars,
    plot_fit,
    plot_lines,
    plot_loss_contour,
    plot_loss_curves,
    plot_penalty_geometry,
)
from .regularization import LassoCD, ridge_path

__all__ = [
    "alpha_numbers",
    "degree_knots_numbers",
    "draw_alpha",
    "draw_degree_knots",
    "draw_learning_rate",
    "learning_rate_numbers",
    "live_alpha",
    "live_degree_knots",
    "live_learning_rate",
    "show_alpha",
    "show_degree_knots",
    "show_learning_rate",
]

UNITS = "(units of y)"


def _check_1d_x(X, name="X"):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 1:
        raise ValueError(f"{name} must have shape (n_samples, 1): one feature, got shape "
                         f"{X.shape}. Fix: pass x.reshape(-1, 1).")
    return X


# ---- lesson 03: the learning rate ----------------------------------------------------------

def learning_rate_numbers(X, y, eta, *, epochs=30, start=(-1.0, -3.0)):
    r"""Gradient descent with learning rate ``eta`` on one feature: path, loss, stability marks.

    The Hessian of :math:`J(b, w) = \frac1{2n}\lVert y - \tilde X\theta\rVert^2` is
    :math:`H = \tilde X^\top\tilde X / n`; descent converges for
    :math:`\eta < 2/\lambda_{\max}` and slides without overshooting for
    :math:`\eta \le 1/\lambda_{\max}`.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    y : array-like of shape (n_samples,)
    eta : float
        The learning rate :math:`\eta`, > 0.
    epochs : int, default=30
    start : (float, float), default=(-1, -3)
        Starting point :math:`(b, w)`.

    Returns
    -------
    dict
        ``path`` (k, 2) points :math:`(b, w)`, ``loss`` :math:`J` at each of them (epoch 0 =
        start), ``diverged`` (bool), ``lam_max``, ``theta_star`` (normal equation),
        ``J_star``, and the contour grid ``b_grid``, ``w_grid``, ``J``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(-3, 3, 50)
    >>> out = learning_rate_numbers(x.reshape(-1, 1), 4 + 2 * x, eta=0.3)
    >>> print(out["diverged"], np.round(out["path"][-1], 3))
    False [4. 2.]
    """
    X = _check_1d_x(X)
    y = np.asarray(y, dtype=float)
    if not np.isfinite(eta) or eta <= 0:
        raise ValueError(f"eta must be a positive learning rate, got {eta!r}. Fix: pick e.g. "
                         "eta=0.1.")
    Xt = add_intercept(X)
    lam_max = float(np.linalg.eigvalsh(Xt.T @ Xt / len(y)).max())
    ne = NormalEquationRegressor().fit(X, y)
    theta_star = np.array([ne.intercept_, ne.coef_[0]])
    model = GradientDescentRegressor(learning_rate=eta, epochs=epochs, record_path=True)
    try:
        with warnings.catch_warnings():  # a loss that grew is what the figure shows
            warnings.simplefilter("ignore", CourseWarning)
            model.fit(X, y, coef_init=[start[1]], intercept_init=start[0])
        path = np.asarray(model.path_)
        diverged = bool(path_loss(X, y, path[-1:])[0] > path_loss(X, y, path[:1])[0])
    except DivergenceError as err:
        path, diverged = np.asarray(err.path), True
    half_width = np.maximum(np.abs(np.asarray(start) - theta_star) * 1.6, 1.0)
    b_grid = np.linspace(theta_star[0] - half_width[0], theta_star[0] + half_width[0], 101)
    w_grid = np.linspace(theta_star[1] - half_width[1], theta_star[1] + half_width[1], 101)
    return {"eta": float(eta), "path": path, "loss": path_loss(X, y, path), "diverged": diverged,
            "lam_max": lam_max, "theta_star": theta_star,
            "J_star": float(path_loss(X, y, theta_star[None, :])[0]),
            "b_grid": b_grid, "w_grid": w_grid, "J": loss_surface(X[:, 0], y, b_grid, w_grid)}


def _eta_scale(ax, eta, lam_max):
    """The learning rate on the scale of the bowl: 1/lambda_max and 2/lambda_max marked."""
    one, two = 1 / lam_max, 2 / lam_max
    top = max(2.5 * one, 1.15 * eta)
    ax.axvspan(0, one, color=PALETTE[2], alpha=0.25, label="slides smoothly")
    ax.axvspan(one, two, color=PALETTE[1], alpha=0.25, label="zig-zags, converges")
    ax.axvspan(two, top, color=PALETTE[3], alpha=0.25, label="diverges")
    ax.axvline(one, color="k", ls="--", lw=1.2)
    ax.axvline(two, color="k", ls="-", lw=1.2)
    for where, text in ((one, r"$1/\lambda_{\max}$"), (two, r"$2/\lambda_{\max}$")):
        ax.text(where, 0.04, text, ha="center", va="bottom", fontsize="large",
                transform=ax.get_xaxis_transform(), bbox={"fc": "white", "ec": "none"})
    ax.plot([eta, eta], [0.15, 0.85], color="k", lw=4, solid_capstyle="round",
            label=f"eta = {eta:.3g}")
    ax.set_xlim(0, top)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    return _finish(ax, "The learning rate on the bowl's scale", "learning rate eta", "",
                   legend=True)


def draw_learning_rate(out, *, fig=None):
    """Contour map with the path, loss per epoch, and eta against 1/λ_max and 2/λ_max."""
    plt = _pyplot()
    fig = fig or plt.figure(figsize=(19, 6.2))
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.25, 1, 0.8]})
    label = f"eta = {out['eta']:.3g}" + (" (diverges)" if out["diverged"] else "")
    plot_loss_contour(out["b_grid"], out["w_grid"], out["J"], paths={label: out["path"]},
                      optimum=out["theta_star"], optimum_label="normal equation",
                      colorbar_label="J (units of y squared)",
                      title=f"{len(out['path']) - 1} steps on the contour map",
                      xlabel=f"intercept b {UNITS}", ylabel="slope w (units of y per x)",
                      ax=ax1)
    epochs = np.arange(len(out["loss"]))
    plot_loss_curves({label: (epochs, out["loss"])}, title="Training loss per epoch",
                     ylabel="J (units of y squared, log scale)", ax=ax2)
    ax2.axhline(out["J_star"], color="k", ls=":", label="minimum J*")
    ax2.legend()
    _eta_scale(ax3, out["eta"], out["lam_max"])
    return fig


def show_learning_rate(X, y, eta=0.3, **kwargs):
    """The static figure for one learning rate (what a reader without a kernel sees)."""
    draw_learning_rate(learning_rate_numbers(X, y, eta, **kwargs))
    _pyplot().show()


# ---- lesson 04: polynomial degree and number of knots --------------------------------------

def _spline_model(n_knots):
    return make_pipeline(SplineBasis(n_knots=n_knots, include_bias=False,
                                     extrapolation="linear"),
                         NormalEquationRegressor(method="lstsq"))


def degree_knots_numbers(train, valid, degree, n_knots, *, degrees=range(1, 13),
                         knots=range(2, 11)):
    """Polynomial of ``degree`` and cubic spline with ``n_knots``: fits and train/val RMSE.

    Parameters
    ----------
    train, valid : tuple (X, y)
        Training and validation data, ``X`` of shape (n, 1).
    degree, n_knots : int
        The slider values (``degree`` in ``degrees``, ``n_knots`` in ``knots``).
    degrees, knots : iterable of int
        The values drawn on the error curves.

    Returns
    -------
    dict
        ``grid``, ``poly_curve``, ``spline_curve`` (predictions on the grid), ``degrees``,
        ``poly_train``, ``poly_valid``, ``knots``, ``spline_train``, ``spline_valid``
        (RMSE at each value), and the chosen ``degree`` and ``n_knots``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0, 1, 30).reshape(-1, 1); y = 1 + 3 * x.ravel() ** 2
    >>> out = degree_knots_numbers((x, y), (x, y), 2, 4, degrees=[1, 2], knots=[3, 4])
    >>> print(round(out["poly_valid"][1], 8))
    0.0
    """
    (Xt, yt), (Xv, yv) = train, valid
    Xt, Xv = _check_1d_x(Xt, "train X"), _check_1d_x(Xv, "valid X")
    degrees, knots = list(degrees), list(knots)
    if degree not in degrees or n_knots not in knots:
        raise ValueError(f"degree {degree!r} must be one of {degrees} and n_knots {n_knots!r} "
                         f"one of {knots}. Fix: move the slider inside its range.")
    polys = [polynomial_regression(k).fit(Xt, yt) for k in degrees]
    splines = [_spline_model(k).fit(Xt, yt) for k in knots]
    grid = np.linspace(Xt.min(), Xt.max(), 300)
    return {
        "degree": degree, "n_knots": n_knots, "grid": grid,
        "poly_curve": polys[degrees.index(degree)].predict(grid[:, None]),
        "spline_curve": splines[knots.index(n_knots)].predict(grid[:, None]),
        "degrees": np.array(degrees), "knots": np.array(knots),
        "poly_train": np.array([root_mean_squared_error(yt, m.predict(Xt)) for m in polys]),
        "poly_valid": np.array([root_mean_squared_error(yv, m.predict(Xv)) for m in polys]),
        "spline_train": np.array([root_mean_squared_error(yt, m.predict(Xt)) for m in splines]),
        "spline_valid": np.array([root_mean_squared_error(yv, m.predict(Xv)) for m in splines]),
        "train": (Xt[:, 0], np.asarray(yt, dtype=float)),
    }


def _error_panel(ax, xs, errors, chosen, *, what, units):
    train, valid = errors
    plot_lines(xs, {"training RMSE": train, "validation RMSE": valid}, ax=ax,
               title=f"Error against the {what}", xlabel=what, ylabel=f"RMSE {units}")
    k = list(xs).index(chosen)
    ax.plot([chosen, chosen], [train[k], valid[k]], "ko", ms=9, mfc="none", mew=2,
            label=f"{what} = {chosen}")
    ax.legend()


def draw_degree_knots(out, *, xlabel="x", ylabel="y", units="(units of y)", fig=None):
    """The two fits on the training data, and train/validation error for degree and knots."""
    plt = _pyplot()
    fig = fig or plt.figure(figsize=(20, 6.2))
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.3, 1, 1]})
    x, y = out["train"]
    span = y.max() - y.min()
    plot_fit(x, y, {f"polynomial, degree {out['degree']}": (out["grid"], out["poly_curve"]),
                    f"cubic spline, {out['n_knots']} knots": (out["grid"], out["spline_curve"])},
             title="The fits to the training data", xlabel=xlabel, ylabel=ylabel, ax=ax1,
             data_label="training data", ylim=(y.min() - 0.4 * span, y.max() + 0.4 * span))
    _error_panel(ax2, out["degrees"], (out["poly_train"], out["poly_valid"]), out["degree"],
                 what="polynomial degree", units=units)
    _error_panel(ax3, out["knots"], (out["spline_train"], out["spline_valid"]), out["n_knots"],
                 what="number of knots", units=units)
    for ax in (ax2, ax3):
        ax.set_yscale("log")
    return fig


def show_degree_knots(train, valid, degree=3, n_knots=6, *, labels=None):
    """The static figure for one degree and one number of knots."""
    draw_degree_knots(degree_knots_numbers(train, valid, degree, n_knots), **(labels or {}))
    _pyplot().show()


# ---- lesson 05: the penalty strength alpha ---------------------------------------------------

def _poly_features(degree):
    return make_pipeline(PolynomialBasis(degree, include_bias=False), StandardScaler())


def alpha_numbers(train, plane, alpha, *, penalty="ridge", degree=9):
    r"""Ridge or Lasso at strength ``alpha``: the 1-D fit, its coefficients, the 2-D picture.

    ``train`` is fitted with polynomial features of ``degree`` (standardised, y centred);
    ``plane`` is a centred two-feature problem whose coefficients :math:`(w_1, w_2)` at
    ``alpha`` are drawn on the loss contours with their penalty ball: the L2 ball
    :math:`\lVert w\rVert_2 \le t` or the L1 diamond :math:`\lVert w\rVert_1 \le t`, of the
    budget :math:`t` that the fit spends. Ridge minimises
    :math:`\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert^2` (``ridge_path``), Lasso
    :math:`\frac1{2n}\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert_1` (``LassoCD``), as in
    scikit-learn.

    Returns
    -------
    dict
        ``grid``, ``curve``, ``coef`` (1-D fit), ``w`` and ``w_ols`` (plane), ``budget``,
        ``boundary`` (2, k) of the ball, ``penalty``, ``alpha``.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = np.linspace(0, 1, 20); X2 = rng.normal(size=(50, 2)); X2 -= X2.mean(axis=0)
    >>> out = alpha_numbers((x[:, None], np.sin(6 * x)), (X2, X2 @ [1.0, 0.5]), 1e-3)
    >>> print(out["coef"].shape, bool(out["budget"] < np.linalg.norm([1.0, 0.5])))
    (9,) True
    """
    if penalty not in ("ridge", "lasso"):
        raise ValueError(f"penalty must be 'ridge' or 'lasso', got {penalty!r}.")
    if not np.isfinite(alpha) or alpha <= 0:
        raise ValueError(f"alpha must be a positive penalty strength, got {alpha!r}. Fix: pick "
                         "e.g. alpha=0.1.")
    (Xt, yt), (X2, y2) = train, plane
    Xt = _check_1d_x(Xt, "train X")
    feats = _poly_features(degree).fit(Xt)
    Phi, y_mean = feats.transform(Xt), float(np.mean(yt))
    coef = _penalised(Phi, np.asarray(yt) - y_mean, alpha, penalty)
    grid = np.linspace(Xt.min(), Xt.max(), 300)[:, None]
    w = _penalised(np.asarray(X2, float), np.asarray(y2, float), alpha, penalty)
    order = 2 if penalty == "ridge" else 1
    budget = float(np.linalg.norm(w, ord=order))
    angle = np.linspace(0, 2 * np.pi, 2001)
    direction = np.vstack([np.cos(angle), np.sin(angle)])
    boundary = budget * direction / np.linalg.norm(direction, ord=order, axis=0)
    return {"alpha": float(alpha), "penalty": penalty, "grid": grid[:, 0],
            "curve": feats.transform(grid) @ coef + y_mean, "coef": coef,
            "w": w, "w_ols": np.linalg.lstsq(X2, y2, rcond=None)[0], "budget": budget,
            "boundary": boundary, "train": (Xt[:, 0], np.asarray(yt, float)), "plane": (X2, y2)}


def _penalised(X, y, alpha, penalty):
    if penalty == "ridge":
        return ridge_path(X, y, [alpha])[1][:, 0]
    return LassoCD(alpha=alpha, fit_intercept=False, tol=1e-6, max_iter=20_000).fit(X, y).coef_


def _plane_loss(out):
    X2, y2 = out["plane"]
    reach = max(out["budget"], float(np.abs(out["w_ols"]).max())) * 1.15 + 0.2
    w1, w2 = np.meshgrid(np.linspace(-reach, reach, 161), np.linspace(-reach, reach, 161))
    W = np.vstack([w1.ravel(), w2.ravel()])
    loss = ((y2[:, None] - X2 @ W) ** 2).sum(axis=0) / (2 * len(y2))
    at_w = float(((y2 - X2 @ out["w"]) ** 2).sum() / (2 * len(y2)))
    return w1, w2, loss.reshape(w1.shape), at_w


def draw_alpha(out, *, xlabel="x", ylabel="y", fig=None):
    """The penalised fit, its coefficients, and the coefficients of the plane on their ball."""
    plt = _pyplot()
    fig = fig or plt.figure(figsize=(20, 6.4))
    ax1, ax2, ax3 = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.2, 1, 1]})
    name = "Ridge" if out["penalty"] == "ridge" else "Lasso"
    x, y = out["train"]
    plot_fit(x, y, {f"{name}, alpha = {out['alpha']:.3g}": (out["grid"], out["curve"])},
             title=f"{name} fit, degree-{len(out['coef'])} polynomial", xlabel=xlabel,
             ylabel=ylabel, ax=ax1, data_label="training data",
             ylim=(y.min() - 0.6 * np.ptp(y), y.max() + 0.6 * np.ptp(y)))
    plot_coef_bars({name: out["coef"]}, [f"x^{k}" for k in range(1, len(out["coef"]) + 1)],
                   title=f"Its coefficients ({int(np.sum(out['coef'] != 0))} non-zero)",
                   ylabel="coefficient (standardised features)", ax=ax2)
    w1, w2, loss, at_w = _plane_loss(out)
    ball = "L2 ball" if out["penalty"] == "ridge" else "L1 ball"
    plot_penalty_geometry(w1, w2, loss, {f"{ball} ({name})": (*out["boundary"], out["w"], at_w)},
                          ols=out["w_ols"], ax=ax3,
                          title=f"Two features: budget t = {out['budget']:.2f}",
                          xlabel=r"$w_1$ (y units per x unit)",
                          ylabel=r"$w_2$ (y units per x unit)")
    return fig


def show_alpha(train, plane, alpha=1e-3, *, penalty="ridge", labels=None):
    """The static figure for one alpha."""
    draw_alpha(alpha_numbers(train, plane, alpha, penalty=penalty), **(labels or {}))
    _pyplot().show()


# ---- the live versions (ipywidgets) -----------------------------------------------------------

def _live(draw, controls):
    """Sliders ``controls`` (name -> widget) redrawing ``draw(**values)`` below them."""
    import ipywidgets as widgets
    from IPython.display import display

    plt = _pyplot()
    out = widgets.Output()

    def redraw(**values):
        with out:
            out.clear_output(wait=True)
            draw(**values)
            plt.show()

    box = widgets.VBox([widgets.HBox(list(controls.values())), out])
    widgets.interactive_output(redraw, controls)
    display(box)
    return box


def live_learning_rate(X, y, eta=0.3, **kwargs):
    """A slider for eta (log scale) redrawing :func:`draw_learning_rate`."""
    import ipywidgets as widgets

    lam = learning_rate_numbers(X, y, eta, **kwargs)["lam_max"]
    slider = widgets.FloatLogSlider(value=eta, base=10, min=np.log10(0.05 / lam),
                                    max=np.log10(3 / lam), step=0.02, description="eta",
                                    continuous_update=False, readout_format=".3f",
                                    layout=widgets.Layout(width="600px"))
    return _live(lambda eta: draw_learning_rate(learning_rate_numbers(X, y, eta, **kwargs)),
                 {"eta": slider})


def live_degree_knots(train, valid, degree=3, n_knots=6, *, labels=None):
    """Sliders for the polynomial degree and the number of knots."""
    import ipywidgets as widgets

    layout = widgets.Layout(width="420px")
    controls = {"degree": widgets.IntSlider(value=degree, min=1, max=12, description="degree",
                                            continuous_update=False, layout=layout),
                "n_knots": widgets.IntSlider(value=n_knots, min=2, max=10, description="knots",
                                             continuous_update=False, layout=layout)}
    return _live(lambda degree, n_knots: draw_degree_knots(
        degree_knots_numbers(train, valid, degree, n_knots), **(labels or {})), controls)


def live_alpha(train, plane, alpha=1e-3, *, labels=None):
    """A slider for alpha (log scale) and a choice of penalty."""
    import ipywidgets as widgets

    controls = {"alpha": widgets.FloatLogSlider(value=alpha, base=10, min=-6, max=2, step=0.1,
                                                description="alpha", continuous_update=False,
                                                readout_format=".2e",
                                                layout=widgets.Layout(width="520px")),
                "penalty": widgets.ToggleButtons(options=["ridge", "lasso"], value="ridge")}
    return _live(lambda alpha, penalty: draw_alpha(
        alpha_numbers(train, plane, alpha, penalty=penalty), **(labels or {})), controls)
