"""A time limit for queries a user writes.

The embedded pyoxigraph store has no query timeout, and a thread running
Rust code cannot be interrupted from Python. So the query runs in a forked
child process, which sees the loaded store without copying or reloading it
(copy-on-write), sends the answer back through a pipe, and is killed when the
time is up: the CPU and memory it used are really given back.

Where fork does not exist (Windows) or the source is not an embedded store
(a remote endpoint, which has its own HTTP timeout), the query runs in a
daemon thread and we stop waiting for it; the command then exits, which ends
the thread.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Mapping

import pyoxigraph

from kg.graph import queries
from kg.errors import KGError, QueryError
from kg.graph.results import Rows, Term

__all__ = ["run"]


def run(
    source: pyoxigraph.Store | queries.Backend,
    text: str,
    bindings: Mapping[str, Term] | None = None,
    seconds: float | None = None,
) -> Rows:
    """queries.run, stopped with a QueryError after ``seconds`` (None: no limit)."""
    if seconds is None:
        return queries.run(source, text, bindings)
    if not seconds > 0:
        raise QueryError(f"the timeout must be more than 0 seconds, not {seconds:g}")
    if isinstance(source, pyoxigraph.Store) and "fork" in multiprocessing.get_all_start_methods():
        return _in_child(source, text, bindings, seconds)
    return _in_thread(source, text, bindings, seconds)


def _too_slow(seconds: float) -> QueryError:
    return QueryError(
        f"query stopped after {seconds:g} s (--timeout); narrow it (LIMIT, more specific patterns) "
        "or allow more time"
    )


def _answer(sender, source, text, bindings) -> None:
    """In the child: run the query and send ("rows", Rows) or ("error", message)."""
    try:
        sender.send(("rows", queries.run(source, text, bindings)))
    except KGError as error:
        sender.send(("error", str(error)))
    except BaseException as error:  # a bug: the parent reports it rather than waiting forever
        sender.send(("bug", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


def _in_child(source: pyoxigraph.Store, text: str, bindings, seconds: float) -> Rows:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(sender, source, text, bindings), daemon=True)
    process.start()
    sender.close()  # so that the child's exit shows as end-of-file here
    try:
        if not receiver.poll(seconds):
            raise _too_slow(seconds)
        try:
            kind, payload = receiver.recv()
        except EOFError:
            process.join(1)
            raise QueryError(
                f"query failed: the worker process ended without an answer (exit code {process.exitcode});"
                " it may have run out of memory"
            ) from None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
    if kind == "rows":
        return payload
    if kind == "error":
        raise QueryError(payload)
    raise RuntimeError(f"query worker failed: {payload}")


def _in_thread(source, text: str, bindings, seconds: float) -> Rows:
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["rows"] = queries.run(source, text, bindings)
        except BaseException as error:
            outcome["error"] = error

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _too_slow(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["rows"]
