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


def test_no_function_is_above_complexity_c():
    """radon's grades: A-B simple, C moderate, D and worse (complexity > 20) split it up."""
    from radon.complexity import cc_rank, cc_visit

    complex_ = []
    for path in sorted(PACKAGE.glob("*.py")):
        for block in cc_visit(path.read_text()):
            if cc_rank(block.complexity) > "C":
                complex_.append(f"{path.name}:{block.lineno} {block.fullname} "
                                f"({cc_rank(block.complexity)}, {block.complexity})")
    assert not complex_, complex_


def test_the_complexity_gate_can_fail():
    from radon.complexity import cc_rank, cc_visit

    branches = "\n".join(f"    if x == {k}:\n        return {k}" for k in range(25))
    (block,) = cc_visit(f"def f(x):\n{branches}\n    return -1\n")
    assert cc_rank(block.complexity) > "C"


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
