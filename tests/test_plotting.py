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
    "plot_chunk_gradients": (([[0, 300], [300, 600], [600, 700]],
                              [[-0.4, 0.2, -0.1], [-0.4, 0.1, 0.05], [-0.1, 0.05, 0.0]]), {}),
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
    finally:
        plt.close("all")


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
