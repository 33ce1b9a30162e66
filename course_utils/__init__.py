"""course_utils: the from-scratch machinery of *Inside a Model*.

Each lesson has one module; its public names are re-exported here so a notebook needs
only ``from course_utils import ...``.
"""

from ._validation import CourseWarning
from .datasets import load_ill_conditioned, make_collinear, make_linear, make_regression_csv
from .gradient_descent import (
    DivergenceError,
    GradientDescentRegressor,
    learning_rate_schedule,
    loss_surface,
    path_loss,
)
from .losses import (
    LOSSES,
    AbsoluteError,
    GammaLoss,
    HuberLoss,
    Loss,
    QuantileLoss,
    SquaredError,
    get_loss,
)
from .normal_equation import (
    CollinearityError,
    NormalEquationRegressor,
    add_intercept,
    solve_normal_equation,
)
from .plotting import (
    plot_fit,
    plot_histograms,
    plot_lines,
    plot_loss_contour,
    plot_loss_curves,
    plot_loss_surface,
    setup_notebook,
)

__version__ = "0.1.0"

__all__ = [
    "LOSSES",
    "AbsoluteError",
    "GammaLoss",
    "HuberLoss",
    "Loss",
    "QuantileLoss",
    "SquaredError",
    "get_loss",
    "CollinearityError",
    "CourseWarning",
    "NormalEquationRegressor",
    "add_intercept",
    "load_ill_conditioned",
    "make_collinear",
    "make_linear",
    "plot_fit",
    "plot_histograms",
    "plot_lines",
    "setup_notebook",
    "solve_normal_equation",
    "DivergenceError",
    "GradientDescentRegressor",
    "learning_rate_schedule",
    "loss_surface",
    "make_regression_csv",
    "path_loss",
    "plot_loss_contour",
    "plot_loss_curves",
    "plot_loss_surface",
]
