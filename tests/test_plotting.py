"""The course's figures: each returns axes with a title, labels and the lines the text names."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.axes  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.plotting import plot_solver_accuracy  # noqa: E402


def _labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_solver_accuracy_draws_a_refusal_as_a_labelled_cross_on_top():
    conds = np.array([1e1, 1e4, 1e8])
    errors = {"inv": [1e-15, 1e-8, np.inf], "solve": [1e-15, 1e-9, np.inf],
              "lstsq": [1e-16, 1e-12, 1e-8]}
    ax = plot_solver_accuracy(conds, errors, references={"k": 1e-16 * conds},
                              title="t", xlabel="x (unit)", ylabel="y (unit)")
    assert ax.get_title() == "t" and ax.get_xlabel() == "x (unit)"
    assert any("LinAlgError" in label for label in _labels(ax))
    crosses = [line for line in ax.get_lines()
               if line.get_marker() == "X" and line.get_xdata().size]
    assert len(crosses) == 2  # one per refusing solver, both at the degree that refused
    heights = sorted(float(line.get_ydata()[0]) for line in crosses)
    assert heights[0] < heights[1] <= ax.get_ylim()[1]  # stacked: neither hides the other
    plt.close("all")


def test_solver_accuracy_without_refusals_has_no_refusal_entry():
    ax = plot_solver_accuracy([1, 10], {"inv": [1e-16, 0.0], "pinv": [1e-16, 1e-15]},
                              title="t", xlabel="x", ylabel="y")
    assert not any("LinAlgError" in label for label in _labels(ax))
    assert min(ax.get_lines()[0].get_ydata()) > 0  # an exact 0 is drawn at the floor
    plt.close("all")


# ---- every plotting function: it returns axes with a title and labelled axes --------------

_x = np.linspace(-2.0, 2.0, 30)
_y = 1.0 + 2.0 * _x + np.sin(3 * _x)
_grid_b, _grid_w = np.linspace(-1, 3, 12), np.linspace(0, 4, 10)
_J = (_grid_w[:, None] - 2) ** 2 + (_grid_b[None, :] - 1) ** 2 + 0.1
_W1, _W2 = np.meshgrid(np.linspace(-2, 2, 25), np.linspace(-2, 2, 25))
_alphas = np.logspace(-3, 1, 8)
_coefs = np.vstack([np.linspace(1, 0, 8), np.linspace(-0.5, 0, 8)])
_ring = np.linspace(0, 2 * np.pi, 50)
_labels_kw = dict(title="the title", xlabel="x (unit)", ylabel="y (unit)")
_path = np.array([[0.0, 0.0], [0.5, 1.0], [0.9, 1.8]])

# name -> (positional arguments, keyword arguments); title/xlabel/ylabel added where accepted
CASES = {
    "plot_fit": ((_x, _y, {"line": (_x, 1 + 2 * _x)}), {}),
    "plot_lines": ((_x, {"a": _y, "b": 2 * _y}), {}),
    "plot_intervals": ((_y[:5], _y[:5] - 0.5, _y[:5] + 0.5), {"truth": float(_y[0])}),
    "plot_histograms": (({"a": _y, "b": _y + 1},), {"truth": 1.0}),
    "plot_solver_accuracy": (([1, 10], {"inv": [1e-16, 1e-15]}), {}),
    "plot_loss_curves": (({"run": np.geomspace(1, 1e-3, 10)},), {}),
    "plot_loss_contour": ((_grid_b, _grid_w, _J), {"paths": {"GD": _path},
                                                   "optimum": (1.0, 2.0)}),
    "plot_loss_surface": ((_grid_b, _grid_w, _J),
                          {"paths": {"GD": np.c_[_path, [5.0, 1.0, 0.2]]}}),
    "plot_residuals": ((_x, _y, 1 + 2 * _x), {}),
    "plot_loss_shapes": ((_x, {"squared": 0.5 * _x**2, "absolute": np.abs(_x)}), {}),
    "plot_objective_1d": ((_x, _x**2), {"marks": {"minimum": 0.0}, "label": "J"}),
    "plot_quantile_bands": ((_x, _y, _x, {0.1: _y - 1, 0.9: _y + 1}),
                            {"extra": {"least squares": _y}}),
    "plot_objective_contour": ((_grid_b, _grid_w, _J, {"exact": (1.0, 2.0), "ours": (1.1, 2.0)}),
                               {}),
    "plot_residual_scatter": ((_x, _y - 1 - 2 * _x), {}),
    "plot_basis": ((_x, np.c_[np.maximum(_x, 0), np.maximum(-_x, 0)]),
                   {"knots": [0.0], "total": np.abs(_x), "data": (_x, np.abs(_x))}),
    "plot_curve_spread": ((_x, np.vstack([_y, _y + 0.5])), {"truth": _y}),
    "plot_groups": ((_x, _y, np.repeat(["a", "b"], 15)), {"lines": {"a": (_x, _y)}}),
    "plot_penalty_geometry": ((_W1, _W2, (_W1 - 1) ** 2 + (_W2 - 1.5) ** 2 + 0.1,
                               {"L2": (np.cos(_ring), np.sin(_ring), np.array([0.6, 0.8]),
                                       0.36)}),
                              {"ols": (1.0, 1.5)}),
    "plot_coef_paths": ((_alphas, _coefs), {"labels": ["a", "b"]}),
    "plot_coef_bars": (({"ours": [1.0, -0.5], "sklearn": [1.0, -0.5]}, ["a", "b"]),
                       {"truth": [1.0, -0.4]}),
    "plot_validation_curve": ((_alphas, np.linspace(1, 2, 8), np.linspace(2, 1.5, 8)),
                              {"best_alpha": _alphas[4], "valid_std": np.full(8, 0.1)}),
    "plot_flat_valley": ((_W1, _W2, (_W1 + _W2 - 1) ** 2 + 0.01),
                         {"line": ([-2, 2], [3, -1]), "point": (0.5, 0.5),
                          "line_label": "w1 + w2 = 1", "point_label": "minimum norm"}),
    "plot_cost_scaling": (([{"x": [10, 20, 40], "measured": [1.0, 2.1, 3.9], "power": 1,
                             "reference": "∝ n", "title": "the title", "xlabel": "n (rows)"}],),
                          {}),
    "plot_score_table": (([[1.0, 2.0], [1.5, 1.0]], ["m1", "m2"], ["MSE", "MAE"]), {}),
    "plot_z_scores": (([0.5, -2.4, 1.0], ["a", "b", "c"]), {}),
    "plot_coef_path_panels": ((_alphas, {"the title": _coefs, "Lasso": _coefs}),
                              {"labels": ["a", "b"], "marks": {"Lasso": [0.01, np.nan]}}),
    "plot_chunk_gradients": (([[0, 300], [300, 600], [600, 700]],
                              [[-0.4, 0.2, -0.1], [-0.4, 0.1, 0.05], [-0.1, 0.05, 0.0]]), {}),
    # lessons 04-05: choosing flexibility (helpers at the end of this file)
    "plot_bias_variance": (([1, 2, 3, 4], "_parts"), {}),
    "plot_cv_scores": (([1, 2, 3], [[3.0, 4.0], [1.0, 2.0], [6.0, 7.0]]), {"best": 2}),
    "plot_learning_curve": (([10, 20], {"m": ([1.0, 2.0], [5.0, 3.0])}), {}),
}


def test_every_plotting_function_has_a_case():
    from course_utils import plotting

    drawn = {name for name in plotting.__all__ if name.startswith("plot_")}
    assert drawn == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_plotting_function_returns_titled_labelled_axes(name):
    import inspect

    from course_utils import plotting

    function = getattr(plotting, name)
    args, kwargs = CASES[name]
    args = tuple(_parts() if isinstance(a, str) and a == "_parts" else a for a in args)
    accepted = inspect.signature(function).parameters
    kwargs = {**{k: v for k, v in _labels_kw.items() if k in accepted}, **kwargs}
    try:
        result = function(*args, **kwargs)
        axes = result if isinstance(result, matplotlib.axes.Axes) else np.ravel(result)[0]
        assert isinstance(axes, matplotlib.axes.Axes), type(result)
        assert axes.get_title() == "the title"
        assert axes.get_xlabel()
        if "ylabel" in accepted:
            assert axes.get_ylabel() == "y (unit)"
        # drawn, not empty: lines, collections, patches or images
        assert axes.get_lines() or axes.collections or axes.patches or axes.images
        # readable from the back row: every legend (of an axes or of the figure) >= 12 pt
        legends = [a.get_legend() for a in axes.figure.axes] + axes.figure.legends
        for legend in filter(None, legends):
            assert all(t.get_fontsize() >= 12 for t in legend.get_texts()), name
    finally:
        plt.close("all")


@pytest.fixture(autouse=True)
def _course_style():
    """Every figure here is drawn in the style the lessons use."""
    from course_utils.plotting import use_course_style

    with matplotlib.rc_context():
        use_course_style()
        yield


def test_course_style_is_for_a_projector():
    from course_utils.plotting import PALETTE

    rc = matplotlib.rcParams
    assert rc["figure.dpi"] >= 120 and rc["savefig.dpi"] >= 120
    assert matplotlib.font_manager.FontProperties(size=rc["legend.fontsize"]).get_size() >= 12
    from course_utils.plotting import LINESTYLES, MARKERS

    cycle = rc["axes.prop_cycle"].by_key()
    # Okabe-Ito; each colour has a dash and a marker of its own for lines told apart
    assert [c.lower() for c in cycle["color"]] == [c.lower() for c in PALETTE]
    assert len({str(ls) for ls in LINESTYLES}) == len(set(MARKERS)) == len(PALETTE)


def test_lines_of_one_figure_differ_by_more_than_colour():
    from course_utils.plotting import plot_lines

    ax = plot_lines(_x, {"a": _y, "b": 2 * _y, "c": 3 * _y}, title="t", xlabel="x", ylabel="y")
    styles = {(str(line.get_linestyle()), line.get_marker()) for line in ax.get_lines()}
    assert len(styles) == 3
    plt.close("all")


def test_quantile_band_marks_points_beyond_the_frame_instead_of_dropping_them():
    from course_utils.plotting import plot_quantile_bands

    y = _y.copy()
    y[[3, 7]] = [50.0, -40.0]
    ax = plot_quantile_bands(_x, y, _x, {0.1: _y - 1, 0.9: _y + 1}, ylim=(-10, 10),
                             title="t", xlabel="x", ylabel="y")
    labels = _labels(ax)
    assert any("1 beyond the frame, up to y = 50" in t for t in labels)
    assert any("1 beyond the frame, down to y = -40" in t for t in labels)
    plt.close("all")


def test_coef_paths_run_the_way_the_validation_curve_does():
    from course_utils.plotting import plot_coef_paths

    ax = plot_coef_paths(_alphas, _coefs, labels=["a", "b"], title="t", xlabel="x", ylabel="y")
    left, right = ax.get_xlim()
    assert left < right  # penalty grows to the right, as in plot_validation_curve
    plt.close("all")


def test_import_course_utils_leaves_pyplot_unloaded():
    import subprocess
    import sys

    code = "import sys, course_utils; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False", "import course_utils should not import pyplot"


def test_plotting_all_is_one_literal_list():
    import ast
    import inspect

    from course_utils import plotting

    tree = ast.parse(inspect.getsource(plotting))
    assigns = [node for node in tree.body if isinstance(node, ast.Assign | ast.AugAssign)
               and any(getattr(t, "id", None) == "__all__"
                       for t in getattr(node, "targets", [getattr(node, "target", None)]))]
    assert len(assigns) == 1 and isinstance(assigns[0].value, ast.List)


def test_chunk_gradients_figure_stacks_the_shares_and_marks_their_sum():
    from course_utils.plotting import plot_chunk_gradients

    partials = np.array([[-0.4, 0.2, -0.1], [-0.4, 0.1, 0.05], [-0.1, 0.05, 0.0]])
    left, right = plot_chunk_gradients([[0, 300], [300, 600], [600, 700]], partials,
                                       title="t")
    assert left.get_title() == "t" and right.get_title() and right.get_ylabel()
    assert sorted(_labels(right)) == ["chunk 1", "chunk 2", "chunk 3", "sum = full gradient"]
    total = [line for line in right.get_lines() if line.get_marker() == "D"][0]
    np.testing.assert_allclose(total.get_ydata(), partials.sum(axis=0))
    ends = [(p.get_y(), p.get_y() + p.get_height()) for p in right.patches]
    np.testing.assert_allclose(min(min(e) for e in ends), -0.9)  # negative shares stack down
    np.testing.assert_allclose(max(max(e) for e in ends), 0.35)  # positive ones up
    assert [t.get_text() for t in right.get_xticklabels()] == ["b", "$w_1$", "$w_2$"]
    plt.close("all")


def test_margin_losses_figure_draws_each_loss_and_shades_the_wrong_side():
    from course_utils import margin_losses
    from course_utils.plotting import plot_margin_losses

    m = np.linspace(-3, 3, 121)
    curves = margin_losses(m)
    ax = plot_margin_losses(m, curves, title="losses against the margin")
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    assert sorted(_labels(ax)) == sorted([*curves, "misclassified (margin < 0)"])
    log_line = [line for line in ax.get_lines() if line.get_label() == "log loss"][0]
    np.testing.assert_allclose(log_line.get_ydata(), np.log1p(np.exp(-m)))
    assert ax.get_ylim() == (-0.05, 4.0)  # the 0-1 loss at 0 stays visible above the axis
    plt.close("all")


def test_train_validation_figure_marks_the_best_epoch():
    from course_utils.plotting import plot_train_validation

    train = np.geomspace(1.0, 0.01, 50)
    valid = np.r_[np.geomspace(1.2, 0.1, 20), np.linspace(0.1, 0.5, 30)]
    ax = plot_train_validation(train, valid, best_epoch=20, title="t",
                               extra={"unstopped": valid * 1.1})
    assert ax.get_title() == "t" and ax.get_xlabel() == "epoch" and ax.get_ylabel()
    assert _labels(ax) == ["training loss", "validation loss", "unstopped",
                           "best validation epoch 20"]
    marker = [line for line in ax.get_lines() if line.get_marker() == "o"][0]
    np.testing.assert_allclose(marker.get_ydata(), [valid[19]])
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"
    assert plot_train_validation(train, valid, title="t", logx=True).get_xscale() == "log"
    plt.close("all")


# the generic checks (title, labels, legend size) for the lesson 02/03 figures added above
_CASES_02_03 = {
    "plot_margin_losses": ((_x, {"0-1 loss": (_x <= 0) * 1.0, "log loss": np.log1p(np.exp(-_x))}),
                           {}),
    "plot_train_validation": ((np.geomspace(1, 0.1, 10), np.linspace(1, 0.5, 10)),
                              {"best_epoch": 4}),
}
CASES.update(_CASES_02_03)


@pytest.mark.parametrize("name", sorted(_CASES_02_03))
def test_lesson_02_03_figures_are_titled_and_labelled(name):
    test_plotting_function_returns_titled_labelled_axes(name)


def _parts(n=4):
    from course_utils import BiasVariance

    return [BiasVariance(bias2=1.0 / (k + 1) if k < n - 1 else -0.01, variance=0.1 * 2**k,
                         noise=0.25, error=1.0 / (k + 1) + 0.1 * 2**k + 0.25, error_se=0.01,
                         predictions=np.zeros((2, 1))) for k in range(n)]


def test_bias_variance_figure_draws_the_parts_their_sum_and_the_measurement():
    from course_utils.plotting import plot_bias_variance

    parts = _parts()
    ax = plot_bias_variance([1, 2, 3, 4], parts, title="t", xlabel="degree D")
    assert ax.get_title() == "t" and ax.get_xlabel() == "degree D" and ax.get_ylabel()
    assert _labels(ax) == ["bias²", "variance", "noise σ²", "bias² + variance + noise",
                           "bias² ≤ 0 (zero within Monte Carlo error)",
                           "measured test error (± 2 s.e.)"]
    hollow = ax.get_lines()[4]
    np.testing.assert_allclose(hollow.get_xdata(), [4.0])  # only the negative estimate
    total = ax.get_lines()[3]
    np.testing.assert_allclose(total.get_ydata(), [p.total for p in parts])
    assert min(ax.get_lines()[0].get_ydata()) > 0  # a slightly negative bias² stays on a log axis
    assert ax.get_yscale() == "log"
    plt.close("all")


def test_cv_scores_figure_shows_folds_mean_and_choice():
    from course_utils.plotting import plot_cv_scores

    scores = np.array([[3.0, 4.0, 5.0], [1.0, 2.0, 3.0], [6.0, 7.0, 8.0]])
    ax = plot_cv_scores([1, 2, 3], scores, best=2, title="t", xlabel="degree D",
                        ylabel="MSE (GW²)", reference=(1.5, "noise"))
    assert ax.get_title() == "t" and ax.get_ylabel() == "MSE (GW²)"
    assert _labels(ax) == ["each fold", "mean of 3 folds", "chosen: 2", "noise"]
    np.testing.assert_allclose(ax.get_lines()[3].get_ydata(), [4.0, 2.0, 7.0])
    plt.close("all")


def test_learning_curve_figure_has_a_training_and_a_validation_line_per_model():
    from course_utils.plotting import plot_learning_curve

    sizes = np.array([10, 20, 40])
    ax = plot_learning_curve(sizes, {"D = 2": ([1.0, 2.0, 2.5], [9.0, 4.0, 3.0]),
                                     "D = 8": ([0.1, 1.0, 2.0], [99.0, 9.0, 4.0])},
                             title="t", ylabel="MSE (GW²)", reference=(2.5, "σ²"))
    assert ax.get_title() == "t" and ax.get_xlabel() and ax.get_ylabel() == "MSE (GW²)"
    assert _labels(ax) == ["D = 2: training", "D = 2: validation", "D = 8: training",
                           "D = 8: validation", "σ²"]
    assert ax.get_lines()[1].get_linestyle() == "--"
    plt.close("all")


def test_intervals_figure_tells_covering_and_missing_intervals_apart():
    from course_utils.plotting import plot_intervals

    est = np.array([0.5, 0.7, 0.45, 0.2])
    low, high = est - 0.1, est + 0.1
    ax = plot_intervals(est, low, high, truth=0.5, title="t", xlabel="slope (unit)")
    assert ax.get_title() == "t" and ax.get_xlabel() == "slope (unit)" and ax.get_ylabel()
    assert _labels(ax) == ["interval covers the truth (2 of 4)",
                           "interval misses the truth (2 of 4)", "true value = 0.5"]
    covered, missed = ax.collections  # one set of segments each
    assert covered.get_linestyle() != missed.get_linestyle()
    np.testing.assert_allclose([seg[:, 0] for seg in missed.get_segments()],
                               [[0.6, 0.8], [0.1, 0.3]])
    assert ax.get_ylim() == (0, 5)
    plt.close("all")
