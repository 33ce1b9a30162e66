"""course_utils: the from-scratch machinery of *Inside a Model*.

Each lesson has one module; its public names are re-exported here so a notebook needs
only ``from course_utils import ...``.
"""

from ._validation import CourseWarning
from .datasets import load_ill_conditioned, make_collinear, make_linear
from .normal_equation import (
    CollinearityError,
    NormalEquationRegressor,
    add_intercept,
    solve_normal_equation,
)
from .plotting import plot_fit, plot_histograms, plot_lines, setup_notebook

# isort: split
# lesson 04: feature engineering
from .datasets import (
    demand_curve,
    housing_price_formula,
    housing_truth,
    load_housing,
    make_demand,
    make_housing,
)
from .features import PolynomialBasis, SplineBasis, add_interactions, bspline_basis
from .plotting import plot_basis, plot_curve_spread, plot_groups, plot_residuals

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
    # lesson 04
    "PolynomialBasis",
    "SplineBasis",
    "add_interactions",
    "bspline_basis",
    "demand_curve",
    "housing_price_formula",
    "housing_truth",
    "load_housing",
    "make_demand",
    "make_housing",
    "plot_basis",
    "plot_curve_spread",
    "plot_groups",
    "plot_residuals",
]
