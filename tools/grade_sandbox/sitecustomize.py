"""Loaded by the kernel that runs one submission for `make grade` (tools/grade.py puts this folder
on the kernel's PYTHONPATH). Does nothing unless GRADE_WORKDIR is set.

- memory: RLIMIT_AS (soft = hard) of GRADE_MEM_BYTES; CPU time: RLIMIT_CPU of GRADE_CPU_SECONDS;
- writes: any file opened for writing, created, removed or renamed outside GRADE_WORKDIR (the
  submission's temporary copy) raises PermissionError;
- network: connecting or sending to an internet address and resolving a host name raise
  PermissionError; starting a subprocess (shell commands, ``!cmd``) raises PermissionError.

An audit hook (PEP 578) cannot be removed from Python code, so this holds for everything a
submission does through Python; it is no guard against native code (ctypes, a C extension).
"""

import os
import sys

_ROOT = os.environ.get("GRADE_WORKDIR")

if _ROOT:
    import resource

    for _limit, _var in ((resource.RLIMIT_AS, "GRADE_MEM_BYTES"),
                         (resource.RLIMIT_CPU, "GRADE_CPU_SECONDS")):
        _value = int(os.environ.get(_var, "0") or 0)
        if _value:
            resource.setrlimit(_limit, (_value, _value))

    _ROOT = os.path.realpath(_ROOT)
    _DEVICES = ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty")
    _WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    # event -> positions of the arguments that are paths it changes
    _PATH_EVENTS = {"os.remove": (0,), "os.rmdir": (0,), "os.mkdir": (0,), "os.rename": (0, 1),
                    "os.replace": (0, 1), "os.link": (1,), "os.symlink": (1,),
                    "os.truncate": (0,), "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,),
                    "shutil.rmtree": (0,), "shutil.copyfile": (1,), "shutil.copytree": (1,),
                    "shutil.move": (0, 1)}
    _PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
                       "os.spawn", "pty.spawn", "os.fork", "os.forkpty")
    _LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "", None)

    def _inside(path):
        if isinstance(path, int) or path is None:
            return True
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real == _ROOT or real.startswith(_ROOT + os.sep) or real in _DEVICES

    def _blocked(what):
        raise PermissionError(f"grading sandbox: {what} is not allowed while grading")

    def _hook(event, args):
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None, None))[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS)
            if writing and not _inside(path):
                _blocked(f"writing outside the submission's folder ({os.fsdecode(path)})")
        elif event in _PATH_EVENTS:
            for position in _PATH_EVENTS[event]:
                path = args[position] if len(args) > position else None
                if not _inside(path):
                    _blocked(f"{event} outside the submission's folder ({path})")
        elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
            sock, address = args[0], args[1] if len(args) > 1 else None
            import socket
            if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
                host = address[0] if isinstance(address, tuple) and address else None
                if host not in ("127.0.0.1", "::1"):
                    _blocked("network access")
        elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                       "socket.gethostbyaddr"):
            if args and args[0] not in _LOCAL_HOSTS:
                _blocked("network access")
        elif event.startswith(_PROCESS_EVENTS):
            _blocked("starting another process")

    sys.addaudithook(_hook)
