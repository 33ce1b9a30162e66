"""course_utils: the from-scratch machinery of *Inside a Model*.

Each lesson has one module; its public names are re-exported here so a notebook needs
only ``from course_utils import ...``.
"""

from ._validation import CourseWarning
from .datasets import load_ill_conditioned, make_collinear, make_linear
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
from .plotting import plot_fit, plot_histograms, plot_lines, setup_notebook

# ---- lesson 02: loss functions ----
# isort: split
from .datasets import make_gamma_regression, make_noisy_line, make_outliers
from .loss_fit import LossRegressor, huber_regressor_objective
from .losses import (
    mean_absolute_error,
    mean_gamma_deviance,
    mean_pinball_loss,
    mean_squared_error,
    root_mean_squared_error,
)
from .plotting import (
    plot_loss_contour,
    plot_loss_curves,
    plot_objective_1d,
    plot_quantile_bands,
    plot_residuals,
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
    # lesson 02: loss functions
    "LossRegressor",
    "huber_regressor_objective",
    "make_gamma_regression",
    "make_noisy_line",
    "make_outliers",
    "mean_absolute_error",
    "mean_gamma_deviance",
    "mean_pinball_loss",
    "mean_squared_error",
    "root_mean_squared_error",
    "plot_loss_contour",
    "plot_loss_curves",
    "plot_objective_1d",
    "plot_quantile_bands",
    "plot_residuals",
]
