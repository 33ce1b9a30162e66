"""Code-health rules of course_utils that a reader relies on, checked on the source itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "course_utils"
MAX_PRIVATE_PARAMETERS = 6


def _functions(tree):
    """``(qualified name, node, private)`` of every function and method in a module."""
    def walk(node, prefix, private_owner):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.",
                                private_owner or child.name.startswith("_"))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                private = private_owner or (child.name.startswith("_")
                                            and not child.name.startswith("__"))
                yield f"{prefix}{child.name}", child, private
                yield from walk(child, f"{prefix}{child.name}.", private_owner)
    yield from walk(tree, "", False)


def _parameters(node):
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return names + [a.arg for a in (args.vararg, args.kwarg) if a is not None]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_private_functions_take_few_parameters(path):
    """State travels in named objects, not in long positional lists."""
    tree = ast.parse(path.read_text())
    long = [f"{name}({', '.join(_parameters(node))})"
            for name, node, private in _functions(tree)
            if private and len(_parameters(node)) > MAX_PRIVATE_PARAMETERS]
    assert not long, (f"{path.name}: private functions with more than "
                      f"{MAX_PRIVATE_PARAMETERS} parameters: {long}")


def test_the_rule_sees_a_long_private_function():
    tree = ast.parse("class _Core:\n    def __init__(self, a, b, c, d, e, f, g):\n        pass\n"
                     "def public(a, b, c, d, e, f, g, h):\n    pass\n")
    found = {name: (private, len(_parameters(node))) for name, node, private in _functions(tree)}
    assert found["_Core.__init__"] == (True, 7)
    assert found["public"] == (False, 8)
