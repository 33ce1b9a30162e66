"""check() verdicts and the environment check: never raise, always say what is wrong."""

import sys
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from course_utils.checks import (
    CORRECT,
    NOT_DONE,
    NOT_YET,
    check,
    check_env,
    diagnose,
    environment_problems,
    environment_report,
    expect,
    needs,
    read_lock,
    verdict,
)

EVEN = expect(lambda a: a % 2 == 0, "the answer must be even")
POSITIVE = expect(lambda a: a > 0, "the answer must be positive")


def test_correct_when_every_condition_holds(capsys):
    assert verdict(4, EVEN, POSITIVE) == (CORRECT, "")
    check("Ex 1", 4, EVEN, POSITIVE)
    assert capsys.readouterr().out == "Ex 1: correct\n"


def test_first_failing_condition_gives_its_hint(capsys):
    assert verdict(-3, EVEN, POSITIVE) == (NOT_YET, "the answer must be even")
    assert verdict(-2, EVEN, POSITIVE) == (NOT_YET, "the answer must be positive")
    check("Ex 1", -2, EVEN, POSITIVE)
    assert capsys.readouterr().out == "Ex 1: not yet: the answer must be positive\n"


@pytest.mark.parametrize("placeholder", [..., (..., ...), [1, ...]])
def test_placeholder_is_not_done(placeholder, capsys):
    assert verdict(placeholder, EVEN)[0] == NOT_DONE
    check("Ex 2", placeholder, EVEN)
    assert "Ex 2: not done yet" in capsys.readouterr().out


def test_unimplemented_function_is_not_done():
    def student_function(x):
        raise NotImplementedError

    status, _ = verdict(student_function, expect(lambda f: f(1) == 2, "f(1) should be 2"))
    assert status == NOT_DONE


def test_errors_in_student_code_are_reported_not_raised(capsys):
    def broken(x):
        return x @ np.ones(3)  # shape mismatch

    check("Ex 3", broken, expect(lambda f: f(np.ones(2)) == 2, "f should sum its input"))
    out = capsys.readouterr().out
    # the hint names the error (a product whose shapes do not fit), not the property
    assert out.startswith("Ex 3: not yet: the shapes in a matrix product @ do not fit")
    assert "(checking it raised ValueError" in out
    cond = expect(lambda f: f(np.ones(2)) == 2, "f should sum its input", on_error="use sum")
    assert verdict(broken, cond)[1].startswith("use sum (checking it raised ValueError")
    assert verdict(lambda x: x.foo, expect(lambda f: f(1), "hint"))[1].startswith(
        "hint (checking it raised AttributeError")


def test_read_only_inputs_name_in_place_mutation():
    def mutating(w):
        w[0] = 1.0
        return w

    ro = np.zeros(3)
    ro.setflags(write=False)
    _, message = verdict(mutating, expect(lambda f: f(ro) is not None, "return w"))
    assert message.startswith("your code writes into one of its input arrays")


def test_diagnose_names_a_recognised_mistake_and_steps_aside_otherwise():
    twice = diagnose(lambda a: "twice the right answer" if a == 4 else None)
    assert verdict(4, twice, EVEN) == (NOT_YET, "twice the right answer")
    assert verdict(2, twice, EVEN) == (CORRECT, "")
    assert verdict(3, twice, EVEN) == (NOT_YET, "the answer must be even")
    boom = diagnose(lambda a: a.missing)
    assert verdict(2, boom, EVEN) == (CORRECT, "")

    def unfinished(x):
        raise NotImplementedError

    assert verdict(unfinished, diagnose(lambda f: f(1)))[0] == NOT_DONE
    with pytest.raises(TypeError):
        diagnose("not a function")


def test_needs_names_the_earlier_exercise_unless_the_answer_is_unfinished():
    earlier = {"ok": False}
    cond = needs(lambda a: earlier["ok"], "this check needs Exercise 1's answer")
    works = expect(lambda f: f(1) == 2, "f(1) should be 2")
    assert verdict(lambda x: 2 * x, cond, works) == (NOT_YET,
                                                     "this check needs Exercise 1's answer")

    def unfinished(x):
        raise NotImplementedError

    assert verdict(unfinished, cond, works)[0] == NOT_DONE
    raising = needs(lambda a: 1 / 0, "needs Exercise 1")
    assert verdict(lambda x: 2 * x, raising, works) == (NOT_YET, "needs Exercise 1")
    earlier["ok"] = True
    assert verdict(lambda x: 2 * x, cond, works) == (CORRECT, "")


def test_array_conditions_are_reduced_with_all():
    cond = expect(lambda a: a > 0, "all entries must be positive")
    assert verdict(np.array([1.0, 2.0]), cond)[0] == CORRECT
    assert verdict(np.array([1.0, -2.0]), cond)[0] == NOT_YET


def test_expect_needs_a_callable():
    with pytest.raises(TypeError, match="function of the answer"):
        expect(3, "hint")


def test_read_lock_and_environment_problems(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# comment\nnumpy==0.0.1\nnot-a-real-package-xyz==1.0\nPyYAML==6.0\n")
    pins = read_lock(lock)
    assert pins == {"numpy": "0.0.1", "not-a-real-package-xyz": "1.0", "pyyaml": "6.0"}
    problems = environment_problems(lock, prefix=tmp_path / "some-conda-env")
    text = "\n".join(problems)
    assert "not the course's .venv" in text and "Inside a Model" in text
    assert f"numpy {np.__version__} is installed but the course pins 0.0.1" in text
    # An unknown tool package is only a note: it cannot change a number.
    assert "not-a-real-package-xyz" not in text
    _, notes = environment_report(lock, prefix=tmp_path / "some-conda-env")
    assert "not-a-real-package-xyz is not installed" in "\n".join(notes)


def test_check_env_reports_in_plain_words_without_raising(tmp_path, capsys):
    lock = tmp_path / "requirements.lock"
    lock.write_text(f"numpy=={np.__version__}\n")
    check_env(lock)
    out = capsys.readouterr().out
    # The test process may or may not run inside .venv; either way the verdict is printed.
    assert out.startswith("Environment OK") or "not the course's .venv" in out
    lock.write_text("numpy==0.0.1\n")
    check_env(lock)
    out = capsys.readouterr().out
    assert "Environment problem" in out and "make lab" in out


def test_check_env_calls_only_number_changing_packages_a_problem(tmp_path, capsys):
    import sklearn

    lock = tmp_path / "requirements.lock"
    # A tool package at another version is a note, not a problem.
    lock.write_text(f"numpy=={np.__version__}\nscikit-learn=={sklearn.__version__}\n"
                    "jupyterlab==0.0.1\nnot-a-real-package-xyz==1.0\n")
    problems, notes = environment_report(lock, prefix=tmp_path / ".venv")
    assert problems == []
    assert any("jupyterlab" in n and "0.0.1" in n for n in notes)
    assert any("not-a-real-package-xyz is not installed" in n for n in notes)
    check_env_out = _run_check_env(lock, capsys, prefix=tmp_path / ".venv")
    assert check_env_out.startswith("Environment OK")
    assert "Note: 2 other package(s)" in check_env_out and "do not change numbers" in check_env_out
    # A numeric package at another version is a problem.
    lock.write_text("scipy==0.0.1\nbabel==0.0.1\n")
    problems, notes = environment_report(lock, prefix=tmp_path / ".venv")
    scipy_version = metadata.version("scipy")
    assert problems == [f"scipy {scipy_version} is installed but the course pins 0.0.1."]
    assert len(notes) == 1 and "babel" in notes[0]


def test_check_env_compares_the_python_minor_version_of_the_lock(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text(f"# python: {sys.version_info[0]}.{sys.version_info[1]}\n")
    assert environment_report(lock, prefix=tmp_path / ".venv") == ([], [])
    lock.write_text(f"# python: {sys.version_info[0]}.{sys.version_info[1] + 1}\n")
    problems, _ = environment_report(lock, prefix=tmp_path / ".venv")
    assert len(problems) == 1 and "outputs were made with Python" in problems[0]


def test_the_course_lock_names_its_python():
    from course_utils.checks import _locked_python

    root = Path(__file__).resolve().parents[1]
    assert _locked_python(root / "requirements.lock") is not None


def _run_check_env(lock, capsys, prefix):
    from unittest import mock

    with mock.patch("course_utils.checks.sys.prefix", str(prefix)):
        check_env(lock)
    return capsys.readouterr().out
