"""course_utils: the from-scratch machinery of *Inside a Model*.

Each lesson has one module; its public names are re-exported here so a notebook needs
only ``from course_utils import ...``.
"""

from ._validation import CourseWarning
from .datasets import (
    load_diabetes_raw,
    load_ill_conditioned,
    make_collinear,
    make_correlated_groups,
    make_linear,
    make_sine_curve,
)
from .normal_equation import (
    CollinearityError,
    NormalEquationRegressor,
    add_intercept,
    solve_normal_equation,
)
from .plotting import (
    plot_coef_bars,
    plot_coef_paths,
    plot_fit,
    plot_histograms,
    plot_lines,
    plot_penalty_geometry,
    plot_validation_curve,
    setup_notebook,
)
from .regularization import (
    ElasticNetCD,
    LassoCD,
    NotConvergedWarning,
    enet_path,
    lasso_path,
    ridge_path,
    soft_threshold,
)

__version__ = "0.1.0"

__all__ = [
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
    # lesson 05: regularization
    "ElasticNetCD",
    "LassoCD",
    "NotConvergedWarning",
    "enet_path",
    "lasso_path",
    "ridge_path",
    "soft_threshold",
    "load_diabetes_raw",
    "make_correlated_groups",
    "make_sine_curve",
    "plot_coef_bars",
    "plot_coef_paths",
    "plot_penalty_geometry",
    "plot_validation_curve",
]
