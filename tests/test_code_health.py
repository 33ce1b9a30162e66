"""The package stays readable: short parameter lists, warnings at the student's line."""

import ast
import pathlib
import warnings

import numpy as np

from course_utils import GradientDescentRegressor, NormalEquationRegressor

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "course_utils"


def test_no_private_function_takes_more_than_six_parameters():
    long = []
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text())
        private_classes = {node.name for node in ast.walk(tree)
                           if isinstance(node, ast.ClassDef) and node.name.startswith("_")}
        private_methods = {id(item) for node in ast.walk(tree)
                           if isinstance(node, ast.ClassDef) and node.name in private_classes
                           for item in node.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
                    (node.name.startswith("_") and not node.name.startswith("__"))
                    or id(node) in private_methods):
                args = node.args
                count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
                if count > 6:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({count})")
    assert not long, long


def _warnings_of(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return caught


def test_warnings_point_at_the_callers_line():
    X = np.arange(20.0).reshape(-1, 1)
    y = 3.0 * X.ravel()
    caught = _warnings_of(
        lambda: GradientDescentRegressor(learning_rate=1e-4, epochs=2, tol=1e-12).fit(X, y))
    assert caught
    assert all(w.filename == __file__ for w in caught), [(w.filename, w.lineno) for w in caught]


def test_normal_equation_warning_points_at_the_callers_line():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    X = np.column_stack([x, x + 1e-5 * rng.normal(size=50)])
    caught = _warnings_of(lambda: NormalEquationRegressor().fit(X, x))
    assert caught
    assert all(w.filename == __file__ for w in caught), [(w.filename, w.lineno) for w in caught]
