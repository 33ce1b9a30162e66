"""course_utils: the from-scratch machinery of *Inside a Model*.

Each lesson has one module; the public names of every module (its ``__all__``) are
re-exported here, so a notebook needs only ``from course_utils import ...``.

======================  ===========================================================
module                  holds
======================  ===========================================================
``normal_equation``     lesson 01: ``add_intercept``, ``NormalEquationRegressor``
``inference``           lesson 01: ``ols_summary`` (standard errors, intervals, R²)
``losses``              lesson 02: loss objects, their registry, metrics
``loss_fit``            lesson 02: ``LossRegressor`` (any loss, general optimiser)
``gradient_descent``    lesson 03: ``GradientDescentRegressor``
``model_selection``     lessons 04-05: k-fold CV, learning curves, bias–variance
``features``            lesson 04: ``PolynomialBasis``, ``SplineBasis``, interactions
``regularization``      lesson 05: ``soft_threshold``, ``LassoCD``, ``ElasticNetCD``, paths
``scaling``             lesson 06: gradient descent on dask arrays, chunked data on disk
``datasets``            seeded generators and loaders for ``data/``
``plotting``            the course's figures
``timing``              ``time_call``, the one wall-clock timer of lessons and benchmarks
``checks``              homework self-checks and the environment check
``demos``               live classroom demos (lessons 03-05): sliders over tested numbers
======================  ===========================================================
"""

# ruff: noqa: F403
from . import (
    datasets,
    demos,
    features,
    gradient_descent,
    inference,
    loss_fit,
    losses,
    model_selection,
    normal_equation,
    plotting,
    regularization,
    scaling,
    timing,
)
from ._validation import CourseWarning as CourseWarning
from .datasets import *
from .demos import *
from .features import *
from .gradient_descent import *
from .inference import *
from .loss_fit import *
from .losses import *
from .model_selection import *
from .normal_equation import *
from .plotting import *
from .regularization import *
from .scaling import *
from .timing import *

__version__ = "0.1.0"

__all__ = sorted({
    "CourseWarning",
    *datasets.__all__,
    *demos.__all__,
    *features.__all__,
    *gradient_descent.__all__,
    *inference.__all__,
    *loss_fit.__all__,
    *losses.__all__,
    *model_selection.__all__,
    *normal_equation.__all__,
    *plotting.__all__,
    *regularization.__all__,
    *scaling.__all__,
    *timing.__all__,
})
