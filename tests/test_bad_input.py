"""Bad input, tried as a struggling student would: every mistake gets a true diagnosis.

Each case asserts the type of the error (or warning) and that its message names the problem
*and* the fix. Badly scaled is not collinear, an overflow is not a learning rate, a check with
nothing to check is not "correct", and a parameter is called by the name the student typed.
"""

import json
import os
import re
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from course_utils import (
    CollinearityError,
    CourseWarning,
    ElasticNetCD,
    GradientDescentRegressor,
    HuberLoss,
    IllConditionedError,
    LassoCD,
    LossRegressor,
    NormalEquationRegressor,
    PolynomialBasis,
    QuantileLoss,
    SplineBasis,
    add_intercept,
    enet_path,
    get_loss,
    lasso_path,
    load_longley,
    longley_certified,
    make_collinear,
    make_correlated_groups,
    make_linear,
    make_outliers,
    mean_absolute_error,
    mean_pinball_loss,
    mean_squared_error,
    ridge_path,
    solve_normal_equation,
)
from course_utils._validation import InvalidParameterError, NotConvergedWarning
from course_utils.checks import NOT_YET, check, expect, verdict

RNG = np.random.default_rng(0)
X3 = RNG.normal(size=(30, 3))
Y3 = X3 @ [1.0, -2.0, 0.5] + 0.1 * RNG.normal(size=30)
X_DUP, Y_DUP = make_collinear(40, random_state=0)
LONGLEY_X, LONGLEY_Y = load_longley()
LX, LY = LONGLEY_X.to_numpy(), LONGLEY_Y.to_numpy()
VANDER12 = np.vander(np.linspace(0, 1, 200), 13, increasing=True)
CONSTANT_COL = np.column_stack([X3[:, 0], np.full(30, 3.7), X3[:, 1]])
ZERO_COL = np.column_stack([X3[:, 0], np.zeros(30)])
ONES_COL = add_intercept(X3)


def _fit(est, X=X3, y=Y3):
    return lambda: est.fit(X, y)


# (id, action, expected type, regex naming the problem, regex naming the fix)
CASES = [
    # ---- normal equation: scaling is not collinearity ------------------------------------
    ("longley-inv-ill-conditioned",
     _fit(NormalEquationRegressor(fit_intercept=False, method="inv"), add_intercept(LX), LY),
     CourseWarning, r"ill-conditioned.*condition number is about 1e\+09.*9 of the 16.*not "
     r"collinearity", r"standardise the features.*lstsq"),
    ("longley-solve-ill-conditioned",
     _fit(NormalEquationRegressor(fit_intercept=False, method="solve"), add_intercept(LX), LY),
     CourseWarning, r"ill-conditioned.*about 1e\+09", r"StandardScaler.*'pinv'"),
    ("duplicate-column-inv", _fit(NormalEquationRegressor(method="inv"), X_DUP, Y_DUP),
     CollinearityError, r"columns 0 and 1 of X are collinear", r"Drop the redundant column.*lstsq"),
    ("duplicate-column-solve", _fit(NormalEquationRegressor(method="solve"), X_DUP, Y_DUP),
     CollinearityError, r"collinear.*up to rounding", r"method='pinv'"),
    ("constant-column-with-intercept", _fit(NormalEquationRegressor(), CONSTANT_COL),
     CollinearityError, r"column 1 of X is constant.*intercept", r"Drop the redundant column"),
    ("zero-column-without-intercept",
     _fit(NormalEquationRegressor(fit_intercept=False), ZERO_COL),
     CollinearityError, r"column 1 of X is all zeros", r"Drop the redundant column|lstsq"),
    ("ones-column-with-intercept", _fit(NormalEquationRegressor(), ONES_COL),
     CollinearityError, r"column 0 of X is constant", r"Drop the redundant column"),
    ("vandermonde-12-solve",
     _fit(NormalEquationRegressor(fit_intercept=False), VANDER12, VANDER12.sum(axis=1)),
     IllConditionedError, r"numerically singular.*full rank.*nearly collinear",
     r"method='lstsq'.*StandardScaler"),
    ("vandermonde-12-inv",
     _fit(NormalEquationRegressor(fit_intercept=False, method="inv"), VANDER12,
          VANDER12.sum(axis=1)),
     IllConditionedError, r"numerically singular for method='inv'", r"'pinv'"),
    ("too-few-samples", _fit(NormalEquationRegressor(), X3[:2], Y3[:2]), ValueError,
     r"Too few samples.*n_samples = 2", r"Collect more data|lstsq"),
    ("normal-equation-X-overflow", _fit(NormalEquationRegressor(), X3 * 1e300), ValueError,
     r"X column \d has values as large as 1e\+300.*overflow", r"rescale the data"),
    ("normal-equation-y-overflow", _fit(NormalEquationRegressor(), X3, Y3 * 1e200), ValueError,
     r"y has values as large as 1e\+200.*overflow", r"rescale"),
    ("normal-equation-fit-intercept-string", _fit(NormalEquationRegressor(fit_intercept="False")),
     InvalidParameterError, r"fit_intercept must be True or False.*the string 'False'",
     r"Write fit_intercept=False, without quotes"),
    ("normal-equation-fit-intercept-int", _fit(NormalEquationRegressor(fit_intercept=1)),
     InvalidParameterError, r"fit_intercept must be True or False.*the integer 1",
     r"Write fit_intercept=True"),
    ("normal-equation-unknown-method", _fit(NormalEquationRegressor(method="svd")),
     InvalidParameterError, r"method must be one of 'inv', 'solve', 'lstsq', 'pinv'.*'svd'",
     r"'solve' is the sensible default"),
    ("normal-equation-negative-alpha", _fit(NormalEquationRegressor(alpha=-1.0)),
     InvalidParameterError, r"alpha must be a finite number >= 0, got the float -1.0",
     r"0 means ordinary least squares"),
    ("normal-equation-alpha-string", _fit(NormalEquationRegressor(alpha="0.1")),
     InvalidParameterError, r"alpha must be .*the string '0.1'", r"Write alpha=0.1, without"),
    ("normal-equation-complex-X", _fit(NormalEquationRegressor(), X3 + 1j), ValueError,
     r"X contains complex numbers", r"X\.real|column_stack"),
    ("normal-equation-complex-y", _fit(NormalEquationRegressor(), X3, Y3 + 0.5j), ValueError,
     r"y contains complex numbers", r"y\.real"),
    ("solve-normal-equation-bad-method", lambda: solve_normal_equation(X3, Y3, method="chol"),
     InvalidParameterError, r"method must be one of", r"'solve'"),
    # ---- gradient descent ----------------------------------------------------------------
    ("gd-y-overflow-is-not-a-learning-rate", _fit(GradientDescentRegressor(), X3, Y3 * 1e200),
     ValueError, r"y has values as large as 1e\+200.*not a collinearity or learning-rate",
     r"rescale the data"),
    ("gd-X-overflow", _fit(GradientDescentRegressor(), X3 * 1e300), ValueError,
     r"X column \d has values as large as", r"StandardScaler"),
    ("gd-fit-intercept-string", _fit(GradientDescentRegressor(fit_intercept="False")),
     InvalidParameterError, r"GradientDescentRegressor: fit_intercept must be True or False",
     r"would count as True"),
    ("gd-shuffle-no", _fit(GradientDescentRegressor(shuffle="no", batch_size=5)),
     InvalidParameterError, r"shuffle must be True or False.*the string 'no'",
     r"Write shuffle=False, without quotes"),
    ("gd-epochs-string", _fit(GradientDescentRegressor(epochs="3")), InvalidParameterError,
     r"epochs must be an integer >= 1, got the string '3'", r"Write epochs=3, without quotes"),
    ("gd-epochs-float", _fit(GradientDescentRegressor(epochs=3.0)), InvalidParameterError,
     r"epochs must be an integer >= 1, got the float 3.0", r"Write epochs=3 \(an int"),
    ("gd-epochs-bool", _fit(GradientDescentRegressor(epochs=True)), InvalidParameterError,
     r"epochs must be an integer >= 1, got True \(a bool\)", r"write a number such as"),
    ("gd-batch-size-zero", _fit(GradientDescentRegressor(batch_size=0)), InvalidParameterError,
     r"batch_size must be an integer >= 1, got the integer 0", r"1 is SGD"),
    ("gd-random-state-string", _fit(GradientDescentRegressor(random_state="42", batch_size=5)),
     InvalidParameterError, r"random_state must be None, an integer seed.*the string '42'",
     r"Write random_state=42, without quotes"),
    ("gd-random-state-negative", _fit(GradientDescentRegressor(random_state=-1)),
     InvalidParameterError, r"random_state must be .*integer seed >= 0.*-1", r"such as 42"),
    ("gd-learning-rate-zero", _fit(GradientDescentRegressor(learning_rate=0.0)),
     InvalidParameterError, r"learning_rate must be a finite number > 0, got the float 0.0",
     r"step size"),
    ("gd-unknown-schedule", _fit(GradientDescentRegressor(schedule="exponential")),
     InvalidParameterError, r"schedule must be one of 'constant', 'inverse_time' or a function",
     r"one of|function"),
    ("gd-record-path", _fit(GradientDescentRegressor(record_path="update")),
     InvalidParameterError, r"record_path must be True or False .* or 'epoch'", r"Write"),
    ("gd-unknown-loss", _fit(GradientDescentRegressor(loss="hinge")), InvalidParameterError,
     r"loss must be one of 'squared_error'.*the string 'hinge'", r"Loss object such as"),
    # ---- LossRegressor ------------------------------------------------------------------
    ("loss-regressor-X-overflow", _fit(LossRegressor(), X3 * 1e300), ValueError,
     r"X column \d has values as large as.*overflow", r"rescale"),
    ("loss-regressor-fit-intercept-string", _fit(LossRegressor(fit_intercept="False")),
     InvalidParameterError, r"LossRegressor: fit_intercept must be True or False",
     r"without quotes"),
    ("loss-regressor-max-iter-float", _fit(LossRegressor(max_iter=10.0)),
     InvalidParameterError, r"max_iter must be an integer >= 1, got the float 10.0",
     r"Write max_iter=10"),
    ("loss-regressor-delta-without-huber", _fit(LossRegressor(delta=1.0)), ValueError,
     r"delta=1.0 only applies to loss='huber'", r"Remove delta, or set loss='huber'"),
    ("loss-regressor-quantile-range", _fit(LossRegressor("quantile", quantile=1.5)),
     InvalidParameterError, r"quantile must be None or a number strictly between 0 and 1|"
     r"quantile must be a number strictly between 0 and 1", r"90th percentile"),
    ("loss-regressor-unknown-solver", _fit(LossRegressor(solver="newton")),
     InvalidParameterError, r"solver must be one of 'auto', 'lbfgs'", r"one of"),
    ("loss-regressor-out-of-iterations", _fit(LossRegressor(max_iter=2), LX, LY),
     NotConvergedWarning, r"did not converge in max_iter=2.*not yet the minimiser",
     r"Increase max_iter"),
    ("loss-regressor-gamma-nonpositive", _fit(LossRegressor("gamma"), X3, Y3), ValueError,
     r"gamma loss needs a strictly positive target", r"choose another loss"),
    # ---- Lasso / Elastic Net -------------------------------------------------------------
    ("lasso-X-overflow-not-a-nan-gap", _fit(LassoCD(alpha=0.1), X3 * 1e300), ValueError,
     r"X column \d has values as large as.*overflow", r"rescale"),
    ("lasso-fit-intercept-string", _fit(LassoCD(fit_intercept="False")),
     InvalidParameterError, r"LassoCD: fit_intercept must be True or False", r"without quotes"),
    ("lasso-max-iter-string", _fit(LassoCD(max_iter="100")), InvalidParameterError,
     r"max_iter must be an integer >= 1, got the string '100'", r"Write max_iter=100"),
    ("enet-l1-ratio-range", _fit(ElasticNetCD(l1_ratio=1.5)), InvalidParameterError,
     r"l1_ratio must be a number between 0 and 1 \(inclusive\), got the float 1.5",
     r"1 is the Lasso, 0 is Ridge"),
    ("enet-negative-alpha", _fit(ElasticNetCD(alpha=-1)), InvalidParameterError,
     r"alpha must be a finite number >= 0", r"0 means no penalty"),
    ("lasso-tol-word", _fit(LassoCD(tol="small")), InvalidParameterError,
     r"tol must be a finite number >= 0, got the string 'small'", r"1e-4 is the default"),
    ("lasso-path-overflow", lambda: lasso_path(X3 * 1e300, Y3), ValueError,
     r"X column \d has values as large as", r"rescale"),
    ("enet-path-l1-ratio-string", lambda: enet_path(X3, Y3, l1_ratio="0.5"),
     InvalidParameterError, r"l1_ratio must be .*the string '0.5'", r"Write l1_ratio=0.5"),
    ("ridge-path-overflow", lambda: ridge_path(X3, Y3 * 1e200, [1.0]), ValueError,
     r"y has values as large as 1e\+200", r"rescale"),
    # ---- PolynomialBasis / SplineBasis ---------------------------------------------------
    ("polynomial-too-big", lambda: PolynomialBasis(3).fit(RNG.normal(size=(1000, 400))),
     ValueError, r"would make 10,827,401 columns: for the 1,000 samples.*80.7 GiB.*1.0 GiB",
     r"interaction_only=True \(10,667,001 columns\).*degree=2: 80,601 columns.*fewer features"),
    ("polynomial-output-overflow", lambda: PolynomialBasis(3).fit([[1e150], [1.0]]),
     ValueError, r"X column 0 has values as large as 1e\+150.*degree-3 products.*overflow",
     r"rescale the data"),
    ("polynomial-transform-too-big",
     lambda: PolynomialBasis(3).fit(np.ones((3, 300))).transform(np.ones((1000, 300))),
     ValueError, r"would make 4,590,551 columns: for the 1,000 samples", r"lower degree"),
    ("polynomial-degree-string", lambda: PolynomialBasis("3").fit(X3), InvalidParameterError,
     r"degree must be an integer >= 0 or a tuple.*the string '3'", r"Write degree=3"),
    ("polynomial-degree-float", lambda: PolynomialBasis(2.0).fit(X3), InvalidParameterError,
     r"degree must be .*the float 2.0", r"Write degree=2 \(an int"),
    ("polynomial-interaction-only-yes",
     lambda: PolynomialBasis(interaction_only="yes").fit(X3), InvalidParameterError,
     r"interaction_only must be True or False.*the string 'yes'", r"Write interaction_only=True"),
    ("polynomial-include-bias-zero", lambda: PolynomialBasis(include_bias=0).fit(X3),
     InvalidParameterError, r"include_bias must be True or False.*the integer 0",
     r"Write include_bias=False"),
    ("polynomial-degree-range", lambda: PolynomialBasis((3, 2)).fit(X3), InvalidParameterError,
     r"needs min_degree <= max_degree, got \(3, 2\)", r"degree=\(2, 3\)"),
    ("spline-n-knots-float", lambda: SplineBasis(n_knots=4.0).fit(X3), InvalidParameterError,
     r"n_knots must be an integer >= 2, got the float 4.0", r"Write n_knots=4"),
    ("spline-extrapolation", lambda: SplineBasis(extrapolation="clip").fit(X3),
     InvalidParameterError, r"extrapolation must be one of 'error', 'constant'", r"one of"),
    ("spline-include-bias-string", lambda: SplineBasis(include_bias="False").fit(X3),
     InvalidParameterError, r"include_bias must be True or False", r"without quotes"),
    ("spline-overflow", lambda: SplineBasis().fit(X3 * 1e300), ValueError,
     r"X column \d has values as large as", r"rescale"),
    # ---- losses and metrics: the parameter's own name --------------------------------------
    ("huber-epsilon-is-delta-here", lambda: get_loss("huber", epsilon=1.35),
     InvalidParameterError, r"'huber' loss has no parameter 'epsilon'.*HuberRegressor",
     r"get_loss\('huber', delta=1.35\)"),
    ("quantile-alpha-is-quantile-here", lambda: get_loss("quantile", alpha=0.9),
     InvalidParameterError, r"no parameter 'alpha'.*mean_pinball_loss",
     r"get_loss\('quantile', quantile=0.9\)"),
    ("squared-error-has-no-parameters", lambda: get_loss("squared_error", delta=2.0),
     InvalidParameterError, r"no parameter 'delta': it takes no parameters", r"Check the spelling"),
    ("pinball-alpha-named-alpha", lambda: mean_pinball_loss([1.0, 2.0], [1.0, 2.0], alpha=2),
     InvalidParameterError, r"mean_pinball_loss: alpha must be a number strictly between 0 and "
     r"1, got the integer 2", r"alpha=0.9 for the 90th percentile"),
    ("metric-complex-y", lambda: mean_squared_error(np.array([1 + 1j, 2.0]), [1.0, 2.0]),
     ValueError, r"y contains complex numbers.*silently drop", r"\.real"),
    ("metric-complex-prediction", lambda: mean_absolute_error([1.0, 2.0], [1.0, 2 + 0j]),
     ValueError, r"the prediction contains complex numbers", r"np\.abs"),
    ("metric-overflow", lambda: mean_squared_error([1e200, 1.0], [0.0, 0.0]), ValueError,
     r"y has values as large as 1e\+200", r"rescale"),
    ("huber-delta-string", lambda: HuberLoss("1"), InvalidParameterError,
     r"delta must be a finite number > 0, got the string '1'", r"Write delta=1, without quotes"),
    ("quantile-zero", lambda: QuantileLoss(0), InvalidParameterError,
     r"quantile must be a number strictly between 0 and 1, got the integer 0", r"the median"),
    ("unknown-loss-name", lambda: get_loss("mse"), ValueError, r"Unknown loss 'mse'",
     r"Choose one of"),
    # ---- datasets ---------------------------------------------------------------------------
    ("dataset-random-state-string", lambda: make_linear(random_state="42"),
     InvalidParameterError, r"random_state must be None, an integer seed >= 0.*the string '42'",
     r"Write random_state=42, without quotes"),
    ("dataset-random-state-float", lambda: make_outliers(random_state=3.0),
     InvalidParameterError, r"random_state must be .*the float 3.0", r"Write random_state=3"),
    ("dataset-n-samples-string", lambda: make_linear(n_samples="100"), InvalidParameterError,
     r"make_linear: n_samples must be an integer >= 1, got the string '100'",
     r"Write n_samples=100"),
    ("dataset-n-samples-float", lambda: make_linear(n_samples=10.0), InvalidParameterError,
     r"n_samples must be an integer >= 1, got the float 10.0", r"an int, not the float"),
    ("dataset-correlation-one", lambda: make_correlated_groups(correlation=1.0),
     InvalidParameterError, r"correlation must be a number strictly between 0 and 1",
     r"got the float 1.0"),
    # ---- checks: authoring errors raise --------------------------------------------------
    ("check-without-condition", lambda: check("Exercise 5", "anything"), TypeError,
     r"has no condition, so it has nothing to test", r"Pass at least one, e.g."),
    ("check-swapped-name-and-answer",
     lambda: check(4, "Exercise 1", expect(lambda a: a == 4, "four")), TypeError,
     r"exercise must be the exercise's name.*are the name and the answer swapped",
     r"'Exercise 1'"),
    ("check-condition-in-answer-slot",
     lambda: check("Exercise 1", expect(lambda a: a == 4, "four"), 4), TypeError,
     r"a condition was passed where the answer goes", r"the order is check\('Exercise 1'"),
    ("check-hint-as-condition", lambda: check("Exercise 1", 4, "should be four"), TypeError,
     r"argument 3 is 'should be four', not a condition", r"expect\(test, hint\)"),
    ("expect-swapped", lambda: expect("should be four", lambda a: a == 4), TypeError,
     r"the arguments are swapped", r"the function comes first"),
    ("expect-empty-hint", lambda: expect(lambda a: a == 4, ""), TypeError,
     r"hint must be a non-empty string", r"what is wrong and how to fix it"),
    ("check-test-without-return", lambda: check("Exercise 1", 4, expect(lambda a: None, "x")),
     TypeError, r"test returned None", r"forget its return"),
]


@pytest.mark.parametrize("action, kind, problem, fix",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_gets_a_true_diagnosis(action, kind, problem, fix):
    if issubclass(kind, Warning):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            action()
        messages = [str(w.message) for w in caught if issubclass(w.category, kind)]
        assert messages, f"no {kind.__name__} was emitted"
        message = messages[0]
    else:
        with pytest.raises(kind) as info:
            action()
        message = str(info.value)
    assert re.search(problem, message, re.S), message
    assert re.search(fix, message, re.S), message
    # overflow and scaling are never blamed on collinearity or on the learning rate
    if "values as large as" in message or "ill-conditioned" in message:
        assert "smaller learning rate" not in message
        assert "alpha > 0" not in message and "penalty" not in message


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES)


# ---- the diagnosis, in detail ---------------------------------------------------------------

@pytest.mark.parametrize("method", ["inv", "solve"])
def test_longley_with_add_intercept_matches_nist(method):
    certified = longley_certified()["coef"]
    with pytest.warns(CourseWarning, match="ill-conditioned"):
        model = NormalEquationRegressor(fit_intercept=False, method=method).fit(
            add_intercept(LX), LY)
    np.testing.assert_allclose(model.coef_, certified, rtol=1e-5)


@pytest.mark.parametrize("method", ["inv", "solve", "lstsq", "pinv"])
def test_longley_with_intercept_matches_nist_without_a_warning(method):
    certified = longley_certified()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = NormalEquationRegressor(method=method).fit(LONGLEY_X, LONGLEY_Y)
    np.testing.assert_allclose(np.r_[model.intercept_, model.coef_], certified["coef"],
                               rtol=1e-7)
    resid = LY - model.predict(LONGLEY_X)
    np.testing.assert_allclose(np.sqrt(resid @ resid / (16 - 7)), certified["residual_sd"],
                               rtol=1e-9)


@pytest.mark.parametrize("method", ["inv", "solve"])
def test_independent_columns_on_different_scales_are_not_collinear(method):
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.normal(size=50) * 1e6, rng.normal(size=50) * 1e-3])
    y = X @ [1e-6, 1000.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = NormalEquationRegressor(method=method).fit(X, y)
    np.testing.assert_allclose(model.coef_, [1e-6, 1000.0], rtol=1e-8)


def test_collinearity_names_dataframe_columns():
    df = pd.DataFrame({"a": X3[:, 0], "b": X3[:, 1], "a_again": X3[:, 0]})
    with pytest.raises(CollinearityError, match=r"columns 0 \('a'\) and 2 \('a_again'\)"):
        NormalEquationRegressor().fit(df, Y3)


def test_ridge_still_solves_collinear_columns_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        NormalEquationRegressor(alpha=0.01).fit(X_DUP, Y_DUP)


def test_loss_regressor_converges_on_raw_longley():
    ref = NormalEquationRegressor(method="lstsq").fit(LONGLEY_X, LONGLEY_Y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LossRegressor().fit(LONGLEY_X, LONGLEY_Y)
        through_ones = LossRegressor(fit_intercept=False).fit(add_intercept(LX), LY)
    np.testing.assert_allclose(np.r_[model.intercept_, model.coef_],
                               np.r_[ref.intercept_, ref.coef_], rtol=1e-6)
    np.testing.assert_allclose(through_ones.coef_, np.r_[ref.intercept_, ref.coef_], rtol=1e-5)
    assert model.objective_ == pytest.approx(26138.25173, rel=1e-8)


def test_numpy_bools_are_booleans_and_numpy_ints_are_integers():
    NormalEquationRegressor(fit_intercept=np.bool_(True)).fit(X3, Y3)
    GradientDescentRegressor(epochs=np.int64(5), shuffle=np.bool_(False), batch_size=np.int32(5),
                             random_state=np.int64(3)).fit(X3, Y3)


@pytest.mark.parametrize("est", [NormalEquationRegressor, GradientDescentRegressor,
                                 LossRegressor, LassoCD, ElasticNetCD])
def test_the_same_mistake_gets_the_same_error_everywhere(est):
    with pytest.raises(InvalidParameterError,
                       match=rf"^{est.__name__}: fit_intercept must be True or False \(a bool\), "
                             r"got the string 'False'\. Write fit_intercept=False, without"):
        est(fit_intercept="False").fit(X3, Y3)


def test_polynomial_fit_costs_nothing_in_the_number_of_columns():
    X = np.random.default_rng(0).normal(size=(10, 400))
    start = time.perf_counter()
    with pytest.warns(CourseWarning, match="over-fitting"):
        basis = PolynomialBasis(degree=3).fit(X)
    assert time.perf_counter() - start < 1.0
    assert basis.n_output_features_ == 10_827_401  # C(403, 3), as PolynomialFeatures counts


# ---- checks: never vacuously correct ---------------------------------------------------------

def test_empty_answer_never_passes_an_elementwise_condition(capsys):
    cond = expect(lambda r: np.abs(r) < 1e-8, "the residuals should be zero")
    check("Exercise 2", np.array([]), cond)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 2: not yet: your answer is empty")
    assert "check the code that computes it" in out


def test_a_test_that_finds_nothing_to_test_does_not_pass():
    def residuals(X):
        return X[X > 10]  # selects nothing

    status, message = verdict(residuals, expect(lambda f: np.abs(f(np.ones(3))) < 1e-8,
                                                "f should return the residuals"))
    assert status == NOT_YET
    assert "the check found nothing to test" in message


def test_a_plain_callable_is_a_condition(capsys):
    check("Exercise 3", 4, lambda a: a == 4)
    assert capsys.readouterr().out == "Exercise 3: correct\n"

    def is_four(a):
        return a == 4

    check("Exercise 3", 5, is_four)
    out = capsys.readouterr().out
    assert out.startswith("Exercise 3: not yet: the answer does not have the property")
    assert "(is_four)" in out


# ---- portability: the same diagnosis on every BLAS kernel ------------------------------------

_PROBE = r"""
import json, warnings
import numpy as np
from course_utils import NormalEquationRegressor, add_intercept, load_longley, make_collinear
X, y = load_longley(); X = X.to_numpy(); y = y.to_numpy()
V = np.vander(np.linspace(0, 1, 200), 13, increasing=True)
V6 = np.vander(np.linspace(0, 1, 200), 7, increasing=True)
D, yd = make_collinear(100, random_state=0)
problems = {"longley": (add_intercept(X), y, False), "vander12": (V, V.sum(1), False),
            "vander6": (V6, V6.sum(1), False), "duplicate": (D, yd, True),
            "vander12-centred": (V[:, 1:], V.sum(1), True)}
out = {}
for name, (A, b, fi) in problems.items():
    for method in ("inv", "solve"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                NormalEquationRegressor(fit_intercept=fi, method=method).fit(A, b)
                result = "ok"
            except Exception as exc:
                result = type(exc).__name__ + ": " + str(exc)
        out[name + "/" + method] = [result, [str(w.message) for w in caught]]
print(json.dumps(out, sort_keys=True))
"""


def _probe(coretype):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    done = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("coretype", ["Haswell", "Prescott", "Zen"])
def test_diagnosis_does_not_depend_on_the_blas_kernel(coretype):
    reference = _probe(None)
    assert reference["duplicate/solve"][0].startswith("CollinearityError")
    assert reference["vander12/inv"][0].startswith("IllConditionedError")
    assert reference["longley/inv"][0] == "ok" and reference["longley/inv"][1]
    assert _probe(coretype) == reference


# ---- one pass of validation: the same verdicts as the element-wise checks -------------------

_LIMIT_SCALE = np.sqrt(np.finfo(np.float64).max)


@pytest.mark.parametrize("est", [NormalEquationRegressor, GradientDescentRegressor, LassoCD])
@pytest.mark.parametrize("layout", ["C", "F", "strided"])
def test_nan_inf_and_overflow_found_whatever_the_layout(est, layout):
    """The one-pass check (a sum of squares) and its element-wise fallback agree."""
    base = np.random.default_rng(0).normal(size=(40, 6))

    def arrange(X):
        if layout == "F":
            return np.asfortranarray(X)
        if layout == "strided":
            wide = np.zeros((X.shape[0], 2 * X.shape[1]))
            wide[:, ::2] = X
            return wide[:, ::2]
        return X

    y = base[:, 0] + 1.0
    for value, match in [(np.nan, r"X contains NaN \(1 values\) or inf \(0 values\)"),
                         (np.inf, r"X contains NaN \(0 values\) or inf \(1 values\)"),
                         (1e300, r"X column 3 has values as large as 1e\+300")]:
        X = base.copy()
        X[7, 3] = value
        with pytest.raises(ValueError, match=match):
            est().fit(arrange(X), y)


@pytest.mark.parametrize("est", [NormalEquationRegressor, LassoCD])
def test_overflow_limit_is_the_documented_one(est):
    """Just below (max / n)^(1/2) is accepted, just above is refused, as check_magnitude says."""
    n = 50
    rng = np.random.default_rng(1)
    limit = _LIMIT_SCALE / np.sqrt(n)
    X = rng.normal(size=(n, 3))
    y = rng.normal(size=n)
    X[0, 1] = 1.01 * limit
    with pytest.raises(ValueError, match="would overflow float64"):
        est().fit(X, y)
    X[0, 1] = 0.5 * limit  # large, but its square summed over n samples stays finite
    try:
        est().fit(X, y)
    except ValueError as exc:  # only the magnitude guard is under test here
        assert "would overflow" not in str(exc)
    except Exception:  # noqa: BLE001 - e.g. an ill-conditioned system: not a magnitude error
        pass
