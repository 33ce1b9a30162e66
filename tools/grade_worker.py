"""The worker that runs submissions for `make grade`; tools/grade.py starts one per core.

A worker is a fork server (a "zygote"). It starts once per batch, imports what every homework
imports (numpy, scipy, pandas, scikit-learn, matplotlib with the Agg backend, course_utils and
IPython), records the pristine state of the modules a submission may patch, and then FORKS a fresh
child for every submission. The worker itself never runs a line of a submission: each child
starts from the same pristine copy-on-write memory, and exits when its submission is graded, so
nothing one submission does (a patched function, a changed global, a filled-in registry, a
thread left running) can reach the next one.

A child, right after the fork:

1. detaches: a process group of its own; stdin, stdout and stderr on /dev/null; every other
   inherited descriptor closed; it moves into the submission's temporary folder and points HOME,
   TMPDIR, IPYTHONDIR and the caches there;
2. confines itself (`confine`): a memory limit (RLIMIT_AS), a CPU limit (RLIMIT_CPU) and a Python
   audit hook (PEP 578, cannot be removed) that refuses writes outside that folder, the network,
   starting programs, signalling other processes, changing the limits and adding audit hooks;
3. reads the notebook (not JSON, not a notebook, another homework: a status and nothing run) and
   executes its code cells, stored outputs ignored, in an IPython InteractiveShell (magics,
   display, `Out` and errors as in a Jupyter kernel), under one time limit for all the cells (a
   SIGALRM interrupts the running cell like a kernel interrupt); output is counted, never kept;
4. if the notebook left threads running, forks once more so that the checks run in a process
   with no thread of the notebook's (one that keeps re-patching cannot touch them); puts back
   what the submission changed in numpy, math, json, importlib, signal, builtins, scipy,
   scikit-learn and course_utils (module attributes, class attributes, function code, gc
   callbacks), then runs the cells of the solution source that are not exercises in a namespace
   of their own, each exercise replaced by the student's values of the names it defines, with
   `check` recording the verdicts of a freshly loaded copy of course_utils/checks.py;
5. writes one report into a file outside the submission's folder, which the notebook cannot
   write: the file must not exist yet, and the sandbox lets the grader open it once.

The worker waits for the child under a hard wall-clock limit (SIGKILL to its process group past
it) and sends the report, or how the child ended, back to tools/grade.py. Protocol: one JSON
object per line, requests on stdin, replies on stdout; the first line out is {"ready": ...}.

Instructor tools are not lesson machinery: lessons never import this module.
"""

from __future__ import annotations

import json
import os
import sys

# Before numpy is imported: one BLAS thread per worker (the batch already runs one worker per
# core), and no threads at all in the process that forks.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ["MPLBACKEND"] = "Agg"

# Builtins (C functions: a submission cannot change their code), bound before any submission runs.
_OPEN, _WRITE, _CLOSE, _FORK, _WAITPID, _EXIT = (os.open, os.write, os.close, os.fork,
                                                  os.waitpid, os._exit)
_LISTDIR = os.listdir
import signal as _signal_module  # noqa: E402
import time as _time_module  # noqa: E402

_MONOTONIC, _SIGNAL, _SETITIMER = (_time_module.monotonic, _signal_module.signal,
                                   _signal_module.setitimer)
_SIGALRM, _ITIMER_REAL = _signal_module.SIGALRM, _signal_module.ITIMER_REAL


# ---- the sandbox -----------------------------------------------------------------------------

def confine(root, mem_bytes=0, cpu_seconds=0):
    """Limit this process to `root`: memory, CPU time, writes, network, programs, signals.

    Everything done through Python obeys the audit hook, which cannot be removed (and no other
    audit hook can be added after it); native code (ctypes, a compiled extension) is not confined.
    Returns `permit(kind, value)`, with which the grader, and only once each, opens its report
    file outside `root` (`"report", path`) or forks to grade without the notebook's threads
    (`"fork", True`).
    """
    import resource

    for limit, value in ((resource.RLIMIT_AS, mem_bytes), (resource.RLIMIT_CPU, cpu_seconds)):
        if value:
            resource.setrlimit(limit, (int(value), int(value)))

    root = os.path.realpath(root)
    own_pid = os.getpid()
    devices = ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty")
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    # event -> positions of the arguments that are paths it changes
    path_events = {"os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.rename": (0, 1),
                   "os.replace": (0, 1), "os.link": (1,), "os.symlink": (1,),
                   "os.truncate": (0,), "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,),
                   "shutil.rmtree": (0,), "shutil.copyfile": (1,), "shutil.copytree": (1,),
                   "shutil.move": (0, 1)}
    process_events = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
                      "os.spawn", "pty.spawn", "os.fork", "os.forkpty")
    local_hosts = ("localhost", "127.0.0.1", "::1", "", None)
    permits = {"report": None, "fork": False}

    def permit(kind, value):
        permits[kind] = value

    def inside(path):
        if isinstance(path, int) or path is None:
            return True
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real == root or real.startswith(root + os.sep) or real in devices

    def blocked(what):
        raise PermissionError(f"grading sandbox: {what} is not allowed while grading")

    def hook(event, args):
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & write_flags)
            if writing and not inside(path):
                if permits["report"] is not None and path == permits["report"]:
                    permits["report"] = None
                    return
                blocked(f"writing outside the submission's folder ({os.fsdecode(path)})")
        elif event in path_events:
            for position in path_events[event]:
                path = args[position] if len(args) > position else None
                if not inside(path):
                    blocked(f"{event} outside the submission's folder ({path})")
        elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
            sock, address = args[0], args[1] if len(args) > 1 else None
            import socket
            if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
                host = address[0] if isinstance(address, tuple) and address else None
                if host not in ("127.0.0.1", "::1"):
                    blocked("network access")
        elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                       "socket.gethostbyaddr"):
            if args and args[0] not in local_hosts:
                blocked("network access")
        elif event.startswith(process_events):
            if event == "os.fork" and permits["fork"]:
                permits["fork"] = False
                return
            blocked("starting another process")
        elif event in ("os.kill", "os.killpg"):
            if args and args[0] not in (own_pid, 0, -own_pid):
                blocked("signalling another process")
        elif event in ("resource.setrlimit", "resource.prlimit"):
            blocked("changing the resource limits")
        elif event == "sys.addaudithook":
            raise RuntimeError("grading sandbox: no other audit hook")  # the new one is dropped

    sys.addaudithook(hook)
    return permit


# ---- the pristine state and its restoration ----------------------------------------------------

# Modules whose attributes are put back; in CODE_ROOTS also the code of their functions, and the
# members of course_utils' classes. json, importlib and signal are what the grader itself uses.
ROOTS = ("numpy", "math", "builtins", "json", "importlib", "signal", "course_utils", "scipy",
         "sklearn")
CODE_ROOTS = ("course_utils", "numpy", "math", "builtins", "json", "importlib", "signal")


class State:
    """What the modules looked like before any submission ran (taken once, in the worker)."""

    def __init__(self):
        self.modules, self.attrs, self.funcs, self.classes = {}, {}, {}, {}
        import gc
        import types

        self.gc_callbacks = list(gc.callbacks)

        def remember_function(f):
            if isinstance(f, types.FunctionType) and id(f) not in self.funcs:
                self.funcs[id(f)] = (f, f.__code__, f.__defaults__, f.__kwdefaults__)

        for name, mod in list(sys.modules.items()):
            if mod is None or name.split(".")[0] not in ROOTS:
                continue
            self.modules[name] = mod
            self.attrs[name] = dict(vars(mod))
            if name.split(".")[0] not in CODE_ROOTS:
                continue
            for value in list(vars(mod).values()):
                remember_function(value)
                if isinstance(value, type) and value.__module__.startswith("course_utils"):
                    self.classes[id(value)] = (value, dict(vars(value)))
                    for member in list(vars(value).values()):
                        remember_function(getattr(member, "__func__", member))
                        if isinstance(member, property):
                            for f in (member.fget, member.fset, member.fdel):
                                remember_function(f)

    def restore(self):
        """Undo what a submission changed: module and class attributes, function code."""
        missing = object()
        for name, mod in self.modules.items():
            sys.modules[name] = mod
            d = mod.__dict__
            for key, value in self.attrs[name].items():
                if d.get(key, missing) is not value:
                    d[key] = value
        for f, code, defaults, kwdefaults in self.funcs.values():
            if f.__code__ is not code:
                f.__code__ = code
            if f.__defaults__ is not defaults:
                f.__defaults__ = defaults
            if f.__kwdefaults__ is not kwdefaults:
                f.__kwdefaults__ = kwdefaults
        for cls, members in self.classes.values():
            for key in [k for k in list(vars(cls)) if k not in members]:
                try:
                    delattr(cls, key)
                except (AttributeError, TypeError):
                    pass
            for key, value in members.items():
                if vars(cls).get(key, missing) is not value:
                    try:
                        setattr(cls, key, value)
                    except (AttributeError, TypeError):
                        pass
        sys.settrace(None)
        sys.setprofile(None)
        import gc
        import threading

        gc.callbacks[:] = self.gc_callbacks
        threading.settrace(None)
        threading.setprofile(None)


# ---- output: counted, never kept ---------------------------------------------------------------

class Sink:
    """A text stream that counts what is written to it and drops it."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, fd, counter):
        self._fd, self._counter = fd, counter

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._counter[0] += len(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def fileno(self):
        return self._fd  # /dev/null in the child

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False

    @property
    def closed(self):
        return False


# ---- one submission, in the child --------------------------------------------------------------

def _cells(data):
    """[(cell_type, source)] of a notebook's JSON, or None when it is not a notebook.

    Version 4 (what Jupyter has saved since 2015) is read directly; older versions go through
    nbformat's converter (imported only then: it costs the worker two seconds to import).
    """
    if data.get("nbformat") != 4:
        import nbformat

        nb = nbformat.convert(nbformat.from_dict(data), 4)
        data = {"cells": [dict(c) for c in nb.cells]}
    cells = []
    for cell in data["cells"]:
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            return None
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            return None
        cells.append((cell["cell_type"], source))
    return cells


def identify(path, plan):
    """([(cell_type, source)], None) or (None, [status, detail]) for a submission file."""
    import re

    try:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    except UnicodeDecodeError:
        return None, ["invalid-json", "the file is not text (not a saved .ipynb notebook)"]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, ["invalid-json", f"the file is not valid JSON ({exc.msg}, line {exc.lineno}): "
                                      "was it saved from Jupyter as .ipynb?"]
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, ["not-a-notebook", "the file is JSON but not a Jupyter notebook (no cells)"]
    try:
        cells = _cells(data)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        return None, ["not-a-notebook", f"the file is not a readable notebook: {exc}"]
    if cells is None:
        return None, ["not-a-notebook", "the file is not a readable notebook: a cell without "
                                        "a type or with a source that is not text"]
    title = None
    for kind, source in cells:
        m = kind == "markdown" and re.search(r"^#\s+(Homework\s+\d+)", source, re.MULTILINE)
        if m:
            title = m.group(1)
            break
    text = "\n".join(source for _, source in cells)
    if plan["title"] and title and title != plan["title"]:
        return None, ["wrong-homework", f"this notebook is {title}, not {plan['title']}"]
    if not any(name in text for name in plan["checks"]) and title != plan["title"]:
        return None, ["wrong-homework", f"none of the exercises of {plan['title']} is in it"]
    return cells, None


def _plain(text, limit=5000):
    """An exact str copy of `text` (a str subclass cannot bring its own methods along)."""
    if not isinstance(text, str):
        return ""
    return str.encode(text, "utf-8", "replace").decode("utf-8")[:limit]


def _describe(exc):
    """[name, message] of a submission's exception, whatever its __str__ does."""
    try:
        name = _plain(type(exc).__name__, 200) or "Exception"
    except BaseException:  # noqa: BLE001
        name = "Exception"
    try:
        text = _plain(str(exc), 2000)
    except BaseException:  # noqa: BLE001
        text = "(its message could not be shown)"
    return [name, text]


def _make_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class GradingShell(InteractiveShell):
        """A kernel's shell without the kernel: errors are read from the result, not shown."""

        def ask_exit(self):  # exit() / quit(): the kernel would shut down
            self.exit_now = True

        def enable_gui(self, gui=None):  # %matplotlib inline: no event loop, as in a kernel
            pass

        def showtraceback(self, *args, **kwargs):
            pass

        def showsyntaxerror(self, *args, **kwargs):
            pass

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    return GradingShell.instance(config=config)


class _Overtime(BaseException):
    pass


def run_submission(path, plan, state, timeout, output_cap, permit, write_report):
    """Execute one notebook and grade it; return the report (plain data), or None when a fork
    of this process already wrote it."""
    report = {"problem": None, "errors": [], "stopped_at": None, "capped": False,
              "exited": False, "graded": None}
    cells, problem = identify(path, plan)
    if problem:
        report["problem"] = problem
        return report
    sources = [source for kind, source in cells if kind == "code" and source.strip()]
    counter = [0]
    sys.stdout, sys.stderr = Sink(1, counter), Sink(2, counter)
    shell = _make_shell()

    def interrupt(signum, frame):
        raise KeyboardInterrupt()  # what interrupting a kernel raises

    deadline = _MONOTONIC() + timeout
    for i, source in enumerate(sources, start=1):
        left = deadline - _MONOTONIC()
        if left <= 0:
            report["stopped_at"] = i
            break
        _SIGNAL(_SIGALRM, interrupt)
        _SETITIMER(_ITIMER_REAL, left)
        try:
            result = shell.run_cell(source, store_history=True)
            exc = result.error_before_exec or result.error_in_exec
        except BaseException as caught:  # noqa: BLE001 - interrupted outside the cell's code
            exc = caught
        finally:
            _SETITIMER(_ITIMER_REAL, 0)
        if exc is not None:
            report["errors"].append([i, *_describe(exc)])
        if shell.exit_now:
            report["exited"] = True
            break
        if _MONOTONIC() >= deadline:
            report["stopped_at"] = i
            break
    report["capped"] = counter[0] > output_cap
    if report["exited"]:
        return report
    if len(_LISTDIR("/proc/self/task")) > 1:
        # Threads the notebook started would go on running during the checks (re-patching what
        # was put back): grade in a fork of this process, which has this thread alone.
        permit("fork", True)
        try:
            pid = _FORK()
        except OSError:
            return report  # graded stays None: "the checks could not run"
        if pid:
            _WAITPID(pid, 0)
            return None  # the fork wrote the report
        try:
            _grade_into(report, plan, shell.user_ns, state, timeout, counter)
            write_report(report)
        finally:
            _EXIT(0)
    _grade_into(report, plan, shell.user_ns, state, timeout, counter)
    return report


def _grade_into(report, plan, student, state, timeout, counter):
    state.restore()
    sys.stdout, sys.stderr = Sink(1, counter), Sink(2, counter)
    report["graded"] = grade_namespace(plan, student, max(5.0, timeout / 4))


def grade_namespace(plan, student, cell_seconds):
    """Run the solution's non-exercise cells on the student's values; {check: [status, msg]}."""
    import builtins
    import importlib.util
    import signal

    results = {}
    cu_checks = sys.modules["course_utils.checks"]
    spec = importlib.util.spec_from_file_location("_course_grade_checks", cu_checks.__file__)
    fresh = importlib.util.module_from_spec(spec)
    sys.modules["_course_grade_checks"] = fresh
    spec.loader.exec_module(fresh)

    def check(exercise, answer, *conditions):
        if not isinstance(exercise, str) or exercise in results:
            return
        try:
            status, message = fresh.verdict(answer, *conditions)
        except Exception as exc:  # noqa: BLE001
            status, message = "error", f"the check failed: {type(exc).__name__}: {exc}"
        results[exercise] = [status, message]

    # Every name of the fresh copy replaces the old one wherever course_utils bound it (e.g.
    # homework_checks builds its conditions with checks.expect and checks.Diagnose), so the
    # conditions a check cell builds are of the classes the fresh verdict knows.
    replace = {id(value): getattr(fresh, key) for key, value in vars(cu_checks).items()
               if not key.startswith("__") and hasattr(fresh, key)
               and getattr(value, "__module__", "course_utils.checks") == "course_utils.checks"}
    for modname, mod in list(sys.modules.items()):
        if mod is None or not (modname == "course_utils" or modname.startswith("course_utils.")):
            continue
        for key, value in list(vars(mod).items()):
            if not key.startswith("__") and id(value) in replace:
                setattr(mod, key, replace[id(value)])
    cu_checks.check = check
    ns = {"__name__": "__main__", "__builtins__": builtins}
    exercise_names = set(plan["exercise_names"])

    def overtime(signum, frame):
        raise _Overtime()

    signal.signal(signal.SIGALRM, overtime)
    for cell in plan["cells"]:
        if cell["kind"] == "exercise":
            for name in cell["names"]:
                if name in student:
                    ns[name] = student[name]
            continue
        failure = None
        signal.setitimer(signal.ITIMER_REAL, cell_seconds)
        try:
            exec(compile(cell["source"], "<solution check cell>", "exec"), ns)
        except _Overtime:
            failure = ["error", f"the check did not finish within {cell_seconds:g} s "
                                "(does your code loop forever?)"]
        except NameError as exc:
            name = getattr(exc, "name", None)
            if name in exercise_names:
                failure = ["missing", name]
            else:
                failure = ["error", "{}: {}".format(*_describe(exc))]
        except BaseException as exc:  # noqa: BLE001 - a student's answer may raise anything
            failure = ["error", "{}: {}".format(*_describe(exc))]
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        for name in cell["checks"]:
            if name not in results:
                results[name] = failure or ["error", "the check was not reached"]
    return {_plain(name, 500): [_plain(status, 100) or "error", _plain(message)]
            for name, (status, message) in results.items()}


def _child(request, plan, state):
    """In the forked child: detach, confine, run, report."""
    import tempfile

    os.setpgid(0, 0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    for fd in [int(n) for n in os.listdir("/proc/self/fd")]:
        if fd > 2:
            try:
                os.close(fd)
            except OSError:
                pass  # the descriptor that listed the folder
    work = request["workdir"]
    os.chdir(work)
    for var, sub in (("HOME", ""), ("IPYTHONDIR", ".ipython"), ("TMPDIR", "tmp"),
                     ("XDG_CACHE_HOME", ".cache"), ("MPLCONFIGDIR", ".mpl")):
        os.environ[var] = os.path.join(work, sub) if sub else work
        os.makedirs(os.environ[var], exist_ok=True)
    tempfile.tempdir = None
    sys.argv = ["grade"]
    sys.path.insert(0, "")  # the notebook's folder, as in a kernel
    import numpy

    # The legacy global generator draws fresh entropy, as in a new kernel.
    numpy.random.seed()  # noqa: NPY002
    report_path = request["report"]
    permit = confine(work, request["memory_bytes"], request["cpu_seconds"])

    def write_report(report):
        # Outside the submission's folder, so the notebook could not have written it; the file
        # must not exist yet and is opened once, with the grader's one-time permit.
        data = json.dumps(report).encode()
        permit("report", report_path)
        fd = _OPEN(report_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        while data:
            data = data[_WRITE(fd, data):]
        _CLOSE(fd)

    report = run_submission(request["path"], plan, state, request["timeout"],
                            request["output_cap"], permit, write_report)
    if report is not None:
        write_report(report)


def _serve_one(request, plan, state, reports):
    """Fork a child for one submission, wait for it under the hard limit, return the reply."""
    import select
    import signal
    import time

    report_path = os.path.join(reports, f"{os.getpid()}-{time.monotonic_ns()}.json")
    request = {**request, "report": report_path}
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            _child(request, plan, state)
        finally:
            os._exit(0)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # the child already did it (or is gone)
    killed = None
    pidfd = os.pidfd_open(pid)
    left = started + request["hard_seconds"] - time.monotonic()
    if not select.select([pidfd], [], [], max(0.0, left))[0]:
        killed = "time"
    os.close(pidfd)
    for kill in (os.killpg, os.kill):  # the child and anything it left behind
        try:
            kill(pid, signal.SIGKILL)
            break
        except (ProcessLookupError, PermissionError):
            continue
    _, status, usage = os.wait4(pid, 0)
    reply = {"seconds": round(time.monotonic() - started, 2), "killed": killed,
             "cpu": round(usage.ru_utime + usage.ru_stime, 3), "report": None, "exit": None}
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            reply["exit"] = f"killed by signal {signal.Signals(sig).name}"
        except ValueError:
            reply["exit"] = f"killed by signal {sig}"
    elif os.WIFEXITED(status):
        reply["exit"] = f"exit code {os.WEXITSTATUS(status)}"
    try:
        if not killed and os.path.getsize(report_path) <= 16 * 2**20:
            with open(report_path, "rb") as fh:
                reply["report"] = json.loads(fh.read())
    except (OSError, ValueError):
        reply["report"] = None
    try:
        os.remove(report_path)
    except OSError:
        pass
    return reply


def warm():
    """Import, once, what every homework imports (the reason this worker exists)."""
    import importlib
    import pkgutil

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import scipy  # noqa: F401
    import sklearn  # noqa: F401
    from IPython.core import interactiveshell  # noqa: F401

    import course_utils

    for sub in ("base", "compose", "linear_model", "metrics", "model_selection", "pipeline",
                "preprocessing"):
        importlib.import_module(f"sklearn.{sub}")
    for info in pkgutil.iter_modules(course_utils.__path__):
        importlib.import_module(f"course_utils.{info.name}")
    # The compiled mini-batch loop (numba, when installed): compiled or loaded from its cache
    # here, once, rather than inside every submission's time limit.
    from course_utils._compiled import compiled_epoch

    kernel = compiled_epoch()
    if kernel is not None:
        import numpy as np

        kernel((np.zeros((2, 1)), np.zeros(2)), np.arange(2), np.zeros(2), np.ones((1, 2)), 2,
               True)


def serve(plan_path):
    import threading

    warm()
    state = State()
    with open(plan_path) as fh:
        plan = json.load(fh)
    reports = os.path.join(os.getcwd(), "reports")
    os.makedirs(reports, exist_ok=True)
    out = sys.stdout
    out.write(json.dumps({"ready": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        if threading.active_count() != 1:  # never fork a threaded process
            reply = {"report": None, "killed": None, "exit": "the worker has threads",
                     "seconds": 0, "cpu": 0}
        else:
            reply = _serve_one(request, plan, state, reports)
        out.write(json.dumps(reply) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.path[0:1] = []  # tools/ is not importable from a submission
    sys.exit(serve(sys.argv[1]))
