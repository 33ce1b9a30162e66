"""The benchmark cases. Each one says what it compares and why the target is what it is."""

from __future__ import annotations

import numpy as np

from .runner import Case

#: Extra epochs of the full-batch case: an epoch costs (fit(1 + E) - fit(1)) / E.
_GD_EXTRA_EPOCHS = 4
_GD_LR = 0.01


def _regression(n, d, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.5 * rng.normal(size=n)
    return X, y


# ---- lesson 01: normal equation (Cholesky solve) vs LinearRegression (SVD-based lstsq) ------

def _ne_ours(data):
    from course_utils import NormalEquationRegressor

    X, y = data
    m = NormalEquationRegressor(method="solve").fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _ne_theirs(data):
    from sklearn.linear_model import LinearRegression

    X, y = data
    m = LinearRegression().fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _ne_floor(data):
    """The least a Cholesky normal-equation fit must do, in numpy: centre, X^T X, Cholesky.

    Centre X and y (the intercept), form the Gram matrix and X^T y, factor and solve the two
    triangular systems; no input validation and no conditioning checks.
    """
    import scipy.linalg

    X, y = data
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    gram = Xc.T @ Xc
    rhs = Xc.T @ (y - y_mean)
    coef = scipy.linalg.cho_solve(scipy.linalg.cho_factor(gram), rhs)
    return np.r_[y_mean - x_mean @ coef, coef]


# ---- lesson 03: one full-batch epoch vs the two products it cannot avoid --------------------

def _gd_full(data, epochs):
    from course_utils import GradientDescentRegressor

    X, y = data
    m = GradientDescentRegressor(learning_rate=_GD_LR, epochs=epochs).fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _gd_full_time(data, median):
    """Seconds of one epoch: (fit with 1 + E epochs - fit with 1 epoch) / E.

    The difference removes what a fit does once (input validation, the loss at the start),
    leaving E epochs of training. The output is the coefficients after one epoch.
    """
    one_s, out = median(lambda d: _gd_full(d, 1))
    many_s, _ = median(lambda d: _gd_full(d, 1 + _GD_EXTRA_EPOCHS))
    return max(many_s - one_s, 1e-9) / _GD_EXTRA_EPOCHS, out


def _gd_full_numpy(data):
    """One full-batch step from theta = 0 written with numpy: X @ w and r @ X, once each."""
    X, y = data
    n, d = X.shape
    w = np.zeros(d)
    r = X @ w  # a full product even at w = 0 (numpy takes no shortcut)
    r -= y  # residual of the half squared error at b = 0
    grad = r @ X
    return np.r_[-_GD_LR * r.sum() / n, -_GD_LR * grad / n]


def _gd_fit_numpy(data):
    """The floor of a one-epoch fit from zero: the two products X @ w and r @ X, once each.

    What the estimator also does (input validation, the loss after the epoch, the intercept)
    is overhead on top of this floor.
    """
    return _gd_full_numpy(data)


# ---- lesson 03: mini-batch gradient descent vs scikit-learn's SGD, one epoch each ------------

def _mb_ours(data):
    from course_utils import GradientDescentRegressor

    X, y = data
    m = GradientDescentRegressor(learning_rate=_GD_LR, epochs=1, batch_size=64,
                                 random_state=0).fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _mb_theirs(data):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDRegressor

    X, y = data
    with warnings.catch_warnings():  # max_iter=1 is a deliberate single epoch
        warnings.simplefilter("ignore", ConvergenceWarning)
        m = SGDRegressor(max_iter=1, tol=None, penalty=None, learning_rate="constant",
                         eta0=_GD_LR, random_state=0).fit(X, y)
    return np.r_[m.intercept_, m.coef_]


# ---- lesson 05: Lasso by coordinate descent ---------------------------------------------------

_LASSO_ALPHA = 0.05
_LASSO_TOL = 1e-8


def _sparse_regression(n, d, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    coef = np.where(rng.random(d) < 0.3, rng.normal(size=d), 0.0)  # ~70% of features unused
    y = X @ coef + 1.0 + 0.5 * rng.normal(size=n)
    return X, y


def _lasso_ours(data):
    from course_utils import LassoCD

    X, y = data
    m = LassoCD(alpha=_LASSO_ALPHA, tol=_LASSO_TOL, max_iter=10_000).fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _lasso_sklearn(data, precompute):
    from sklearn.linear_model import Lasso

    X, y = data
    m = Lasso(alpha=_LASSO_ALPHA, tol=_LASSO_TOL, max_iter=10_000,
              precompute=precompute).fit(X, y)
    return np.r_[m.intercept_, m.coef_]


def _lasso_theirs_time(data, median):
    """The faster of scikit-learn's two ways: residual updates (precompute=False), Gram matrix
    (precompute=True)."""
    residual = median(lambda d: _lasso_sklearn(d, False))
    gram = median(lambda d: _lasso_sklearn(d, True))
    return min(residual, gram, key=lambda timed: timed[0])


# ---- lesson 04: polynomial and spline features ------------------------------------------------

_POLY_DEGREE = 3
_SPLINE_KNOTS = 8
_SPLINE_DEGREE = 3


def _features(n, d, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(-2.0, 2.0, size=(n, d))


def _poly_ours(X):
    from course_utils import PolynomialBasis

    return PolynomialBasis(degree=_POLY_DEGREE).fit(X).transform(X)


def _poly_theirs(X):
    from sklearn.preprocessing import PolynomialFeatures

    return PolynomialFeatures(degree=_POLY_DEGREE).fit(X).transform(X)


def _spline_ours(X):
    from course_utils import SplineBasis

    return SplineBasis(n_knots=_SPLINE_KNOTS, degree=_SPLINE_DEGREE).fit(X).transform(X)


def _spline_theirs(X):
    from sklearn.preprocessing import SplineTransformer

    return SplineTransformer(n_knots=_SPLINE_KNOTS, degree=_SPLINE_DEGREE).fit(X).transform(X)


CASES = [
    Case(
        name="normal equation",
        ours_label="NormalEquationRegressor(method='solve').fit",
        theirs_label="LinearRegression.fit",
        sizes={"n": 200_000, "d": 50},
        quick_sizes={"n": 500, "d": 5},
        make=lambda n, d: _regression(n, d),
        ours=_ne_ours,
        theirs=_ne_theirs,
        target=0.5,
        agree_tol=1e-8,
        notes="Cholesky on the d x d Gram matrix vs an SVD-based least squares on n x d.",
    ),
    Case(
        name="normal equation floor",
        ours_label="NormalEquationRegressor(method='solve').fit",
        theirs_label="numpy centring + X^T X + Cholesky",
        sizes={"n": 200_000, "d": 50},
        quick_sizes={"n": 500, "d": 5},
        make=lambda n, d: _regression(n, d),
        ours=_ne_ours,
        theirs=_ne_floor,
        target=1.15,
        agree_tol=1e-8,
        notes=(
            "The same fit as the row above, against the least any Cholesky normal-equation "
            "fit must do, written in numpy with no checks: the column means, the centred copy "
            "of X, X^T X, X^T y and a Cholesky solve. Target 1.15: the course's checks may "
            "cost 15%. Profiled, the fit used to spend as much again on checks as on the "
            "floor: four passes over X for NaN, inf and overflow (a sum, scikit-learn's "
            "finiteness check, a max and a min per column), an n x d boolean temporary for "
            "the column-of-ones test, the column lengths before centring (another pass) and "
            "a second overflow check of the centred X. Now one pass checks NaN, inf and "
            "overflow together (the sum of squares of all entries is finite exactly when "
            "there is none, and its square root bounds every magnitude; the element-wise "
            "diagnosis runs only when that bound fails), the column-of-ones test looks at "
            "the columns whose first entry is 1, and the lengths before centring come from "
            "the diagonal of X_c^T X_c plus n times the squared means. What remains beyond "
            "the floor is that one pass and the O(d^3) conditioning diagnosis (eigenvalues "
            "of the equilibrated d x d matrix)."
        ),
    ),
    Case(
        name="full-batch epoch",
        ours_label="GradientDescentRegressor one epoch",
        theirs_label="numpy X @ w and r @ X",
        sizes={"n": 1_000_000, "d": 20},
        quick_sizes={"n": 500, "d": 5},
        make=lambda n, d: _regression(n, d),
        ours=lambda data: _gd_full(data, 1),
        time_ours=_gd_full_time,
        theirs=_gd_full_numpy,
        target=1.3,
        agree_tol=1e-10,
        notes=(
            "One epoch of full-batch gradient descent, timed as (fit(epochs=5) - fit(epochs=1)) "
            "/ 4 so that fit's one-off input validation is left out, against the two "
            "matrix-vector products any full-batch step must make (X @ w and r @ X, plus the "
            "residual r = Xw - y). Both read X (160 MB) twice, so the ratio shows the "
            "overhead of our epoch (loss, intercept, O(n) vector work); 1.3 leaves room for "
            "it. Agreement: (b, w) after one epoch from zero vs the same step written in numpy "
            "(learning_rate 0.01)."
        ),
    ),
    Case(
        name="full-batch fit",
        ours_label="GradientDescentRegressor(epochs=1).fit",
        theirs_label="numpy X @ w and r @ X",
        sizes={"n": 1_000_000, "d": 20},
        quick_sizes={"n": 500, "d": 5},
        make=lambda n, d: _regression(n, d),
        ours=lambda data: _gd_full(data, 1),
        theirs=_gd_fit_numpy,
        target=1.5,
        agree_tol=1e-10,
        notes=(
            "The whole fit(epochs=1) from zero, input validation included, against the two "
            "matrix-vector products of one step (X @ w and r @ X). Ours makes the same two "
            "products (the gradient at w = 0 needs none: r = -y; then r @ X for the step and "
            "X @ w for the loss after it) plus input validation; target 1.5 leaves one pass "
            "over X for the checks. Profiled, the checks used to read X four times (a sum for "
            "NaN, scikit-learn's finiteness check, a max and a min per column for overflow), "
            "more than the epoch itself; now one BLAS dot product of X with itself settles "
            "NaN, inf and overflow at once (see the normal-equation floor row)."
        ),
    ),
    Case(
        name="mini-batch epoch",
        ours_label="GradientDescentRegressor(batch_size=64, epochs=1).fit",
        theirs_label="SGDRegressor(max_iter=1, tol=None).fit",
        sizes={"n": 200_000, "d": 20},
        quick_sizes={"n": 50_000, "d": 5},
        make=lambda n, d: _regression(n, d),
        ours=_mb_ours,
        theirs=_mb_theirs,
        target=0.6,
        agree_tol=0.2,
        repeats=15,  # ~50 ms runs: more repeats steady the median on a loaded machine
        blas_threads=1,
        notes=(
            "One epoch each (input validation included on both sides), constant step 0.01, "
            "no penalty, shuffled. scikit-learn's per-sample SGD is a compiled loop over n "
            "samples; ours is a Python loop over n / 64 batches of vectorised numpy, so it "
            "should be no slower (target 1.0). The two are different algorithms, so their "
            "coefficients are not equal: both end one epoch inside the SGD noise around the "
            "least-squares solution (per-sample SGD at step 0.01 with noise sd 0.5 wanders "
            "by about sqrt(0.01 * 0.25 / 2) = 0.035 per coefficient; mini-batches 8 times "
            "less), so the agreement is the largest difference between the two fits' "
            "(b, w), with tolerance 0.2 (about 6 standard deviations of that difference). "
            'Profiled before the rewrite: gathering X in a fresh random order into an n x (d + '
            '1) design matrix (~15-20 ms, a strided copy of 32 MB), the Python loop over 3,125 '
            'batches of about 8 numpy calls each (~14 ms), the loss after the epoch (~5 ms) and'
            ' four passes of input validation. Now [1, X] is built once (~7 ms, reused by every'
            ' epoch), each batch gathers its 64 rows into a small buffer that stays in cache '
            '(one take call), an update is two BLAS matrix-vector calls on it with positional '
            'arguments (dgemv computes X_B theta - y_B in one call and theta - eta/m X_B^T g in'
            ' place in the other), and validation is one pass. Profiled then, per fit: the '
            '3,125 gathers of 64 random rows ~11 ms (about 3.6 us each: 64 cache misses on a '
            "33 MB matrix, bound by memory latency, as scikit-learn's shuffled reads are), the "
            'two BLAS calls ~11 ms, the Python of the loop ~10 ms, building [1, X] ~7 ms, the '
            'two losses ~4 ms: ratio 0.91. The target 0.6 (about 35 ms) needs under ~6 us per '
            'batch, gather included, below what three C calls from a Python loop cost. So the '
            'squared-error epoch is now the same loop compiled by numba (course_utils/'
            '_compiled.py, the fast extra; without numba the numpy version runs, and the two '
            'agree to 1e-11 in tests/test_compiled.py): per batch it gathers the 64 rows into a '
            'small buffer, computes their residuals and the gradient, and updates theta, reading '
            'X in place (no [1, X] copy). Profiled now: ~13 ms for the loop (mostly the gathers'
            "' cache misses), ~4 ms for the epoch's permutation, ~4 ms for the two losses, ~3 ms "
            'of validation. BLAS is limited to one thread on both sides (it only matters for '
            'the losses and the validation now).'
        ),
    ),
    Case(
        name="lasso",
        ours_label=f"LassoCD(alpha={_LASSO_ALPHA}, tol={_LASSO_TOL:g}).fit",
        theirs_label=(f"the faster of Lasso(alpha={_LASSO_ALPHA}, tol={_LASSO_TOL:g}, "
                      "precompute=False / True).fit"),
        sizes={"n": 50_000, "d": 100},
        quick_sizes={"n": 500, "d": 10},
        make=lambda n, d: _sparse_regression(n, d),
        ours=_lasso_ours,
        theirs=lambda data: _lasso_sklearn(data, False),
        time_theirs=_lasso_theirs_time,
        target=0.6,
        agree_tol=1e-6,
        blas_threads=1,
        notes=(
            "Cyclic coordinate descent on the Gram matrix (Python loop over coordinates, O(d) "
            "each) vs scikit-learn's compiled coordinate descent in whichever of its two forms "
            "is faster here (residual updates, precompute=False, its default; or the Gram "
            "matrix, precompute=True), alpha = 0.05, same objective, same duality-gap "
            "stopping rule, tol = 1e-8 (tight, so the coefficients agree to 1e-6). About 30% "
            "of the true coefficients are nonzero; both stop after 6 epochs with the same 30 "
            "nonzero coefficients. Profiled, ours spent its time reading X: four passes of "
            "input validation, one for the means and X^T y, one for X^T X. Now one pass, "
            "block by block while each block is in cache, forms X^T X (symmetric: BLAS "
            "syrk, half the flops of a general product), X^T y and the column sums; the Gram "
            "matrix is centred afterwards (X_c^T X_c = X^T X - n mean mean^T, with a second, "
            "centring pass only when a column's mean is so large against its spread that the "
            "subtraction would cost digits), and its diagonal doubles as the NaN / overflow "
            "check, so validation reads X no more. scikit-learn's Gram form copies the "
            "centred X first. Target 0.6: one read of X against a copy and a read."
        ),
    ),
    Case(
        name="polynomial features",
        ours_label=f"PolynomialBasis(degree={_POLY_DEGREE}).transform",
        theirs_label=f"PolynomialFeatures(degree={_POLY_DEGREE}).transform",
        sizes={"n": 1_000_000, "d": 3},
        quick_sizes={"n": 500, "d": 3},
        make=lambda n, d: _features(n, d),
        ours=_poly_ours,
        theirs=_poly_theirs,
        target=1.5,
        agree_tol=1e-10,
        notes=(
            f"3 input columns, degree {_POLY_DEGREE} with bias: 20 output columns "
            "(fit + transform, fit is negligible). Both build each column as one product of "
            "an earlier column and an input column; the time is writing the output "
            "(160 MB), so ours should be close (target 1.5)."
        ),
    ),
    Case(
        name="spline features",
        ours_label=f"SplineBasis(n_knots={_SPLINE_KNOTS}, degree={_SPLINE_DEGREE}).transform",
        theirs_label=(f"SplineTransformer(n_knots={_SPLINE_KNOTS}, "
                      f"degree={_SPLINE_DEGREE}).transform"),
        sizes={"n": 1_000_000, "d": 2},
        quick_sizes={"n": 500, "d": 2},
        make=lambda n, d: _features(n, d),
        ours=_spline_ours,
        theirs=_spline_theirs,
        target=0.6,
        agree_tol=1e-10,
        notes=(
            f"2 input columns, {_SPLINE_KNOTS} uniform knots, cubic: {_SPLINE_KNOTS + 2} "
            "B-splines per column, 20 output columns (fit + transform). Ours runs the "
            "Cox-de Boor recursion in numpy on the k + 1 nonzero functions of every sample "
            "(on a knot lattice in the local coordinate, with no knot look-ups); "
            "scikit-learn calls scipy's compiled B-spline evaluation with an identity matrix "
            "of coefficients, which writes all n_splines values of every sample (the zeros as "
            "products). Profiled before: the recursion on whole columns of "
            "10^6 (its dozens of temporaries of 8 MB each spill out of cache), the scatter of "
            "the k + 1 values per row into the output, and fit's min and max along axis 0 "
            "of a C-ordered X with two columns (~30 ms each, several times slower than one "
            "reduction per strided column). Now transform runs block by block (16,384 rows: "
            "the recursion's arrays and the block of output stay in cache) and fit reduces "
            "column by column. Target 0.6: both write the same output; ours computes only the "
            "k + 1 nonzero values per sample, in cache."
        ),
    ),
]
