# Inside a Model: the only entry points people need.
#   make lab        open the course in JupyterLab (creates .venv from requirements.lock if missing)
#   make test       lint, pairing guard, unit tests, doctests, nbval over every notebook, portability
#   make notebooks  after editing a lesson: carry the edited side over, re-execute (NB=one file)
#   make homework   after editing a homework solution: regenerate the student version, re-execute
#                   both (HW=hw02 for one)
#   make new-lesson NAME=06_topic, make new-homework NAME=hw06_topic: start one from the skeleton
#   make lock       regenerate requirements.lock from pyproject.toml (UPGRADE=1: newest of all)
#   make portability  nbval again under other OpenBLAS kernels (part of make test)
#   make test-browser JupyterLab in a real browser (Debian's chromium + chromium-driver)
#   make site       the course as an offline static website in build/site (stored outputs)
#   make slides     each lesson as reveal.js slides in build/slides (offline, own reveal.js)
#   make test-site  site, slides and live demos in a real browser with the network cut off
#   make bench      speed comparisons against scikit-learn (not part of make test)
#   make grade      instructors: HW=hw03 SUBMISSIONS=folder OUT=folder -> gradebook.csv, feedback/

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.course-installed

# Figures must reach the notebook: a non-interactive backend exported by the shell hides them.
unexport MPLBACKEND
# The course kernel lives inside .venv; put it ahead of any user-wide "python3" kernelspec.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export JUPYTER_PLATFORM_DIRS := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb homework/solutions/*.ipynb homework/student/*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg -p no:cacheprovider

.PHONY: lab test lint guard unit doctest nbval portability test-browser notebooks homework \
        new-lesson new-homework lock bench env clean

.PHONY: grade bench-grade site slides test-site

env: $(STAMP)

$(STAMP): requirements.lock pyproject.toml tools/jupyter/jupyter_lab_config.json tools/jupyter/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Inside a Model)" >/dev/null
	@# The course's own JupyterLab settings live in .venv, never in the user's home.
	mkdir -p $(VENV)/etc/jupyter $(VENV)/share/jupyter/lab/settings
	cp tools/jupyter/jupyter_lab_config.json $(VENV)/etc/jupyter/jupyter_lab_config.json
	cp tools/jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

# Bound to localhost, with the login token kept; the printed URL opens notebooks/ (homework/ is
# beside it). Settings: tools/jupyter/ (installed into .venv by `make env`).
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) $(LAB_ROOT)

test: $(STAMP)
	$(MAKE) --no-print-directory lint guard unit doctest nbval portability

# Every notebook again under other OpenBLAS kernels (Haswell; pre-AVX Prescott on one thread):
# stored outputs must not depend on the CPU. See tools/portability.py.
portability: $(STAMP)
	$(BIN)/python tools/portability.py

# A real browser: JupyterLab opens the course, runs lesson 01, and saving changes nothing.
test-browser: $(STAMP)
	$(BIN)/python tools/browser_test.py

# The whole course as a static website (home = README's course map, a page per lesson and student
# homework with its stored outputs, notation, downloads). Copy build/site anywhere; no network.
site: $(STAMP)
	$(BIN)/python tools/build_site.py

# Each lesson as a reveal.js deck (marks from its headings: tools/slides.py --mark).
slides: $(STAMP)
	$(BIN)/python tools/slides.py

# The site and the slides served from localhost to a browser that can reach nothing else, and a
# live demo's slider moved in JupyterLab. Screenshots in build/screenshots.
test-site: site slides
	$(BIN)/python tools/site_browser_test.py

lint: $(STAMP)
	$(BIN)/ruff check .

guard: $(STAMP)
	$(BIN)/python tools/make_homework.py --check
	$(BIN)/python tools/check_notebooks.py

unit: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 tests

# The Examples sections of course_utils' docstrings run as tests.
doctest: $(STAMP)
	$(BIN)/python -m pytest -q --doctest-modules -p no:cacheprovider course_utils

nbval: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile $(NBVAL) $(NOTEBOOKS)

# NB=notebooks/02_loss_functions.py for one (default: every lesson; homework: `make homework`).
# KEEP=py or KEEP=ipynb when both sides of a pair were edited; FRESH=1 stores every output as
# computed (also figures within pixel noise of the stored ones and NBVAL_IGNORE_OUTPUT cells).
notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py $(if $(KEEP),--keep $(KEEP)) $(if $(FRESH),--fresh) $(NB)

# HW=hw02 for one homework (default: all).
homework: $(STAMP)
	$(BIN)/python tools/make_homework.py $(HW)

new-lesson: $(STAMP)
	$(BIN)/python tools/new_notebook.py lesson $(NAME)
	$(BIN)/python tools/run_notebooks.py notebooks/$(NAME).py

new-homework: $(STAMP)
	$(BIN)/python tools/new_notebook.py homework $(NAME)
	$(BIN)/python tools/make_homework.py $(NAME)

# Keeps every existing pin (so stored outputs do not drift) and pins only what is new;
# `make lock UPGRADE=1` re-resolves everything from scratch.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check \
	  $(if $(UPGRADE),,$(if $(wildcard requirements.lock),-c requirements.lock)) ".[dev]"
	{ echo "# Exact pins of the course environment. Generated by 'make lock' from pyproject.toml;"; \
	  echo "# do not edit by hand. Every Makefile target and CI install from this file."; \
	  .lock-venv/bin/python -c 'import sys; print("# python: %d.%d (the stored outputs were made with it)" % sys.version_info[:2])'; \
	  .lock-venv/bin/python -m pip freeze --disable-pip-version-check --exclude inside-a-model; } > requirements.lock
	rm -rf .lock-venv

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Instructors: grade a folder of submitted notebooks of one homework (see README, Homework).
# TIMEOUT (s per submission, default 60) and JOBS (parallel kernels, default: the cores) are optional.
grade: $(STAMP)
	@test -n "$(HW)" -a -n "$(SUBMISSIONS)" -a -n "$(OUT)" || { echo "usage: make grade HW=hw03 SUBMISSIONS=folder OUT=folder"; exit 2; }
	$(BIN)/python tools/grade.py --hw $(HW) --submissions $(SUBMISSIONS) --out $(OUT) $(if $(TIMEOUT),--timeout $(TIMEOUT)) $(if $(JOBS),--jobs $(JOBS))

# 100 generated hw03 submissions graded on the cores of this machine; writes benchmarks/grade.md.
bench-grade: $(STAMP)
	$(BIN)/python tools/bench_grade.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
