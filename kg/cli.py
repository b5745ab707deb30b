"""The `kg` command: parses options, calls the library, prints.

Everything a command does is a function in the library (kg.pipeline, kg.queries,
...) that a notebook can call too; this module only translates between the shell
and those functions. Exit codes: 0 ok, 1 done but something was skipped or
failed a check, 2 usage or input error, 3 endpoint error.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Turn news articles into an RDF knowledge graph of stakeholder positions, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit: the way every user error ends."""
    typer.echo(f"kg: error: {message}", err=True)
    raise typer.Exit(code)


F = TypeVar("F", bound=Callable)


def command(*args, **kwargs) -> Callable[[F], F]:
    """Register a command whose KGError becomes one line on stderr and an exit code.

    Use instead of ``@app.command``: the conversion then also happens under
    typer's CliRunner, which calls ``app`` and not ``main``.
    """

    def register(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*a, **kw):
            try:
                return function(*a, **kw)
            except KGError as error:
                fail(str(error), error.exit_code)

        app.command(*args, **kwargs)(wrapper)
        return function

    return register


def main() -> None:
    try:
        app()
    except KGError as error:
        typer.echo(f"kg: error: {error}", err=True)
        sys.exit(error.exit_code)
