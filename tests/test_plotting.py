"""The course's figures: each returns axes with a title, labels and the lines the text names."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

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
