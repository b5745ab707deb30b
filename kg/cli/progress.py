"""Progress bars on stderr when it is a terminal; nothing in scripts and CI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


def _bar(*columns):
    """A transient progress bar on stderr made of ``columns``, or None when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    return Progress(*columns, console=console, transient=True)


@contextmanager
def counting_articles(paths) -> Iterator[Callable[[object], None]]:
    """A bar over the articles of ``paths``, and the callback that advances it
    (it counts articles, it does not keep them)."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    progress = _bar(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                    TimeElapsedColumn())
    if progress is None:
        yield lambda item: None
        return
    from kg.extract.read import count_articles

    done = [0]
    progress.start()
    task = progress.add_task("ingest", total=count_articles(paths))

    def on_article(item) -> None:
        done[0] += 1
        progress.update(task, completed=done[0])

    try:
        yield on_article
    finally:
        progress.stop()


@contextmanager
def counting_triples() -> Iterator[Callable[[object], None]]:
    """Triples and batches sent so far, and the callback that takes each batch's load report."""
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = _bar(SpinnerColumn(), TextColumn("loading: {task.completed} triples, {task.fields[batch]} batches"),
                    TimeElapsedColumn())
    if progress is None:
        yield lambda report: None
        return
    task = progress.add_task("load", total=None, batch=0)

    def on_batch(report) -> None:
        progress.update(task, completed=report.triples, batch=report.batches)

    progress.start()
    try:
        yield on_batch
    finally:
        progress.stop()
