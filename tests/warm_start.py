"""Run ``python -m MODULE ...`` in a process forked from one that has imported the
libraries every service's suite imports.

Each suite is a pytest process of its own, and each imported pytest, coverage, Django,
DRF's compat (and through it psycopg), Celery, requests and responses again, under
coverage's tracer: about a third of a unit suite's CPU. A forkserver (multiprocessing's)
imports them once, before any coverage runs, and forks a process per suite, which takes its
folder, environment and output from the suite and runs the module as ``python -m`` would.
``python tests/run_layers.py unit``: 6.8 to 7.0 s started cold, 4.6 to 4.9 s warm.

What is preloaded must not tell one suite from another: no module of the services (their
lines are measured from the suite's start), none that reads Django's settings or the
working folder as it is imported. Nor Faker, whose random generator every forked process
would get in the same state, nor Hypothesis, which takes its storage folder from the
working folder it is imported in.
"""

import atexit
import multiprocessing
import os
import runpy
import sys
from pathlib import Path

PRELOADED = (
    "coverage.cmdline",
    "pytest",
    "django.db.models",
    "django.http",
    "django.test",
    "django.urls",
    "rest_framework.compat",
    "celery",
    "celery.app.base",
    "kombu",
    "requests",
    "responses",
    "jwt",
    "yaml",
)

_forkserver = multiprocessing.get_context("forkserver")
# This module too, so that a forked process need not import it; and the runner's __main__,
# which multiprocessing would otherwise import again in every one.
_forkserver.set_forkserver_preload(["__main__", __name__, *PRELOADED])


def run_python(args: list[str], *, cwd: Path, env: dict[str, str], output: Path) -> int:
    """Run ``python *args`` (``args`` starts ``-m MODULE``) in ``cwd`` with ``env``, its
    standard output and error appended to ``output``; return its exit code."""
    if args[0] != "-m":
        raise ValueError(f"only `python -m MODULE ...` starts warm, not {args}")
    process = _forkserver.Process(target=_run_module, args=(args[1], args[2:], str(cwd), env, str(output)))
    process.start()
    process.join()
    return process.exitcode


def _run_module(module: str, args: list[str], cwd: str, env: dict[str, str], output: str) -> None:
    written = os.open(output, os.O_WRONLY | os.O_APPEND)
    os.dup2(written, 1)
    os.dup2(written, 2)
    os.close(written)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    # As `python -m` does: the folder it starts in first on the path, the module's own
    # path as argv[0] (runpy puts it there).
    sys.path[0] = cwd
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        code: int | str | None = 0
    except SystemExit as stop:
        code = stop.code
    finally:
        # multiprocessing ends the process with os._exit, which runs no atexit handler: pytest
        # removes the lock of its temporary folder in one, coverage saves its data in another.
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)
