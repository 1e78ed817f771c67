"""The console script. ``finews-lint check FILE...`` (what pre-commit runs) starts without typer.

Importing typer costs a one-file run 50-85 ms of its 250 ms budget. A ``check`` with
nothing but paths has no option to parse, so it is run directly with the command's
defaults; anything else (an option, ``-`` for standard input, ``--help``) goes to the
full command line in :mod:`finews_lint.cli`. The two give the same output and exit code
(tests/test_quick_replay.py runs both). Nothing but ``os``, ``sys`` and ``time`` is imported
before the quick replay (:mod:`finews_lint.quick`) has had its chance.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import time


def plain_check_paths(args: list[str]) -> list[str] | None:
    """The paths of ``check PATH...`` with no option; None for any other command line."""
    if not args or args[0] != "check" or any(arg.startswith("-") for arg in args[1:]):
        return None
    return args[1:]


def _plain_check(arguments: list[str], quick_key: str | None, started_ns: int) -> int:
    from pathlib import Path

    from .app import EXIT_FAILURE, RunRequest, WorkflowOptions, run_check
    from .config import ConfigError

    paths = [Path(argument) for argument in arguments]
    request = RunRequest(quick_key=quick_key, started_ns=started_ns)
    request.progress = True  # as without --no-progress: a bar only on a terminal, for long runs
    try:
        code, notes = run_check(paths, request, WorkflowOptions())
    except (ConfigError, ValueError) as exc:
        sys.stderr.write(f"finews-lint: {exc}\n")
        return EXIT_FAILURE
    for note in notes:
        sys.stderr.write(f"finews-lint: {note}\n")
    return code


def _quick_key(args: list[str], cwd: str) -> str | None:
    """The key of the quick replay, when the report can be written as stored bytes."""
    from .quick import key, takes_utf8_bytes

    return key(args, cwd, sys.stdout.isatty()) if takes_utf8_bytes(sys.stdout) else None


def main() -> None:
    started_ns = time.time_ns()
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with it closed (`>&-`): the report goes nowhere
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    try:
        cwd = os.getcwd()
    except OSError as exc:  # the folder was removed under the shell
        sys.stderr.write(f"finews-lint: the current folder cannot be used: {exc.strerror}\n")
        sys.exit(2)
    paths = plain_check_paths(sys.argv[1:])
    if paths is None:
        from .cli import main as full_command_line

        full_command_line()
        return
    from . import statall

    try:
        quick_key = _quick_key(sys.argv[1:], cwd)
        if quick_key is not None:
            from .quick import replay

            replayed = replay(quick_key, cwd, sys.stdout.buffer)
            if replayed is not None:
                sys.exit(replayed)
        # The posts are stat-ed on the other core while this one imports the linter.
        statall.prefetch(os.path.join(cwd, statall.DEFAULT_CACHE_FOLDER))
        code = _plain_check(paths, quick_key, started_ns)
        sys.stdout.flush()
    except KeyboardInterrupt:  # as typer ends on Ctrl-C
        code = 130
    except OSError as exc:  # a closed pipe (`| head`): stop quietly, as typer does
        if exc.errno != errno.EPIPE:
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    finally:
        statall.end_prefetch()
    sys.exit(code)


def console() -> None:
    """The console script: :func:`main`, then out without the interpreter's teardown.

    Freeing a 40,000-post site model object by object at exit cost a one-file run 35-60 ms
    (of its 250 ms budget). By the time :func:`main` returns, every file the run wrote is
    closed (cache, fixed posts, reports: each written in a ``with`` block), the workers and
    helpers are reaped, and the standard streams are flushed here.

    The cyclic garbage collector is off in this process from the start: what the run keeps
    (the site model, the findings) lives until the exit, which frees nothing. The linting
    itself turns it back on (forked workers, and :func:`finews_lint.parallel._serially` for
    a run on one core). Left on, a cold check over 20,000 posts ran one collection over its
    70,000 findings after the workers had finished (~40 ms, with one core idle).
    """
    gc.disable()
    try:
        main()
        code = 0
    except OSError as exc:  # the report could not be written (a full disk, a closed pipe)
        code = 1 if exc.errno == errno.EPIPE else 2
        if code == 2:
            where = f" ({exc.filename})" if exc.filename else ""
            sys.stderr.write(f"finews-lint: stopped: {exc.strerror or exc}{where}\n")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message"), as the interpreter handles it
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: what could be written was
        pass
    os._exit(code)
