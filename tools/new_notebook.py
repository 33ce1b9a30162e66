"""`make new-lesson NAME=06_topic` and `make new-homework NAME=hw06_topic`: start from the skeleton.

Usage:
    python tools/new_notebook.py lesson 06_topic       writes notebooks/06_topic.py
    python tools/new_notebook.py homework hw06_topic   writes homework/solutions/hw06_topic.py

Writes the jupytext header (the course kernel), the skeleton every lesson follows (title, what
you will learn, prerequisites, the setup cell calling ``setup_notebook``, one section, summary,
exercises) or every homework follows (``check_env()``, three exercises with their checks), and
registers it in README.md: a row in the course map, or in the homework table. The Makefile
target then executes it, so the pair exists and the guard passes from the start.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
HEADER = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (Inside a Model)
#     language: python
#     name: python3
# ---
"""
LESSON_NAME = re.compile(r"^(\d\d)_([a-z][a-z0-9_]*)$")
HOMEWORK_NAME = re.compile(r"^hw(\d\d)_([a-z][a-z0-9_]*)$")

LESSON = HEADER + '''
# %% [markdown]
# # Lesson {nn} — {title}
#
# **You will learn**
# - the first idea of the lesson, in one line;
# - the second one.
#
# **Prerequisites:** lesson {prev} (name what it gave the student).
#
# **Class time:** about 5 minutes for the main path; "Going further" at the end is optional.
#
# **Run time:** about 10 seconds on a laptop.

# %%
import numpy as np

from course_utils.plotting import setup_notebook

rng = setup_notebook(seed={seed})

# %% [markdown]
# ## 1. The first idea
#
# Say what the next cell shows, then show it. A result compared with scikit-learn is asserted
# (`np.testing.assert_allclose`) and the cell prints a short "matches" line.

# %%
draws = rng.normal(size=1000)
print(f"mean of 1000 standard normal draws: {{draws.mean():.3f}}")

# %% [markdown]
# ## Summary
#
# - What the lesson showed, one line per idea.
#
# ## Exercises
#
# 1. A first exercise.
# 2. A second one (the homework, `homework/solutions/hw{nn}_{topic}.py`, holds the checked ones).

# %% [markdown]
# ## Going further
#
# Optional depth after the main path: verification detail and instructor-level deep dives
# (every assertion moved here stays an assertion).
'''

HOMEWORK = HEADER + '''
# %% [markdown]
# # Homework {nn} — {title}
#
# Goes with lesson {nn}. Write your code where it says `# YOUR CODE HERE` (replace the `...`
# or the `raise NotImplementedError`), then run the check cell below it. A check prints
# **correct**, **not yet** with a hint, or **not done yet**. It never stops the notebook.
#
# **To submit:** *Kernel → Restart Kernel and Run All Cells*, check that every exercise
# says *correct*, then save the notebook and hand in the `.ipynb`.

# %%
import numpy as np

from course_utils.checks import check, check_env, expect
from course_utils.plotting import setup_notebook

check_env()
rng = setup_notebook(seed={seed})

# %% [markdown]
# ## Exercise 1 — a one-line answer
#
# What is the mean of `values`?

# %% tags=["exercise"]
values = np.array([1.0, 2.0, 6.0])
mean_value = values.mean()  # SOLUTION

# %%
check("Exercise 1 (the mean)", mean_value,
      expect(lambda a: np.isclose(a, 3.0), "add the values and divide by how many there are"))

# %% [markdown]
# ## Exercise 2 — a function
#
# Complete `centre(x)`: return `x` minus its mean.

# %% tags=["exercise"]
def centre(x):
    """x minus its mean."""
    # BEGIN SOLUTION
    return x - x.mean()
    # END SOLUTION


# %%
check("Exercise 2 (centre)", centre,
      expect(lambda f: np.isclose(f(rng.normal(size=20)).mean(), 0.0),
             "the result must have mean 0: subtract x.mean()"))

# %% [markdown]
# ## Exercise 3 — a block of code
#
# Standardise `values`: subtract the mean, divide by the standard deviation.

# %% tags=["exercise"]
# BEGIN SOLUTION
standardised = (values - values.mean()) / values.std()
# END SOLUTION

# %%
check("Exercise 3 (standardise)", standardised,
      expect(lambda a: np.isclose(a.std(), 1.0) and np.isclose(a.mean(), 0.0),
             "the result must have mean 0 and standard deviation 1"))
'''


class BadName(ValueError):
    pass


def _title(topic):
    return topic.replace("_", " ")


def register_lesson(readme_text, name):
    """README text with a course-map row for ``notebooks/<name>.py`` after the last lesson row."""
    nn, topic = LESSON_NAME.match(name).groups()
    row = (f"| [{nn} — {_title(topic)}](notebooks/{name}.py) | what a student learns "
           "(fill in) | ~5 min | ~10 s |")
    lines = readme_text.splitlines()
    rows = [i for i, line in enumerate(lines) if re.match(r"^\| \[\d\d — .*\]\(notebooks/", line)]
    if not rows:
        raise BadName("README.md has no course map table to add the lesson to")
    lines.insert(rows[-1] + 1, row)
    return "\n".join(lines) + "\n"


def register_homework(readme_text, name):
    """README text with a homework-table row for ``<name>`` after the last hwNN row."""
    nn, topic = HOMEWORK_NAME.match(name).groups()
    row = (f"| [hw{nn} — {_title(topic)}](homework/student/{name}.py) | lesson {nn} | 3 |")
    lines = readme_text.splitlines()
    rows = [i for i, line in enumerate(lines)
            if re.match(r"^\| \[hw\d\d — .*\]\(homework/student/", line)]
    if not rows:
        raise BadName("README.md has no homework table to add the homework to")
    lines.insert(rows[-1] + 1, row)
    return "\n".join(lines) + "\n"


def new_lesson(name, root=ROOT):
    m = LESSON_NAME.match(name or "")
    if not m:
        raise BadName(f"NAME={name!r}: a lesson is named NN_topic, two digits, an underscore, "
                         "lower-case words joined by _, e.g. `make new-lesson "
                         "NAME=06_classification`")
    nn, topic = m.groups()
    taken = sorted((root / "notebooks").glob(f"{nn}_*.py"))
    if taken:
        raise BadName(f"lesson {nn} exists already: {taken[0].relative_to(root)}")
    path = root / "notebooks" / f"{name}.py"
    path.write_text(LESSON.format(nn=nn, title=_title(topic), topic=topic,
                                  prev=f"{int(nn) - 1:02d}", seed=int(nn)))
    readme = root / "README.md"
    readme.write_text(register_lesson(readme.read_text(), name))
    return path


def new_homework(name, root=ROOT):
    m = HOMEWORK_NAME.match(name or "")
    if not m:
        raise BadName(f"NAME={name!r}: a homework is named hwNN_topic, where NN is the number "
                         "of the lesson it goes with, e.g. `make new-homework "
                         "NAME=hw06_classification`")
    nn, topic = m.groups()
    taken = sorted((root / "homework" / "solutions").glob(f"hw{nn}_*.py"))
    if taken:
        raise BadName(f"homework {nn} exists already: {taken[0].relative_to(root)}")
    path = root / "homework" / "solutions" / f"{name}.py"
    path.write_text(HOMEWORK.format(nn=nn, title=_title(topic), seed=int(nn)))
    readme = root / "README.md"
    readme.write_text(register_homework(readme.read_text(), name))
    return path


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("lesson", "homework"):
        print("usage: new_notebook.py lesson NN_topic | homework hwNN_topic "
              "(make new-lesson NAME=06_topic, make new-homework NAME=hw06_topic)")
        return 2
    kind, name = args
    try:
        path = (new_lesson if kind == "lesson" else new_homework)(name)
    except BadName as exc:
        print(f"new_notebook: {exc}")
        return 1
    rel = path.relative_to(ROOT)
    print(f"wrote {rel} and added it to README.md; next: edit it (keep the header), then "
          + (f"`make notebooks NB={rel}`" if kind == "lesson"
             else f"`make homework HW=hw{name[2:4]}`") + ", and commit both files.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
