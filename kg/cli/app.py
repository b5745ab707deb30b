"""The typer application, the one way a user error ends, and ``main``."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable

import typer

from kg.errors import KGError

app = typer.Typer(
    name="kg",
    help="Turn news articles into an RDF knowledge graph of stakeholder positions, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: rich markup would eat text in square brackets
    # ("[default: ...]", "pip install 'stakeholder-kg[docs]'") and show
    # flags as "<bool>".
    rich_markup_mode=None,
)


def fail(message: str, code: int = 2) -> None:
    """Print one line on stderr and exit: the way every user error ends."""
    typer.echo(f"kg: error: {message}", err=True)
    raise typer.Exit(code)


def register(typer_app: typer.Typer, name: str, function: Callable) -> None:
    """Add a command whose KGError becomes one line on stderr and an exit code.

    The conversion happens here, not only in ``main``, so that it also happens
    under typer's CliRunner, which calls ``app`` and not ``main``.
    """

    @functools.wraps(function)
    def wrapper(*a, **kw):
        try:
            return function(*a, **kw)
        except KGError as error:
            fail(str(error), error.exit_code)

    if wrapper.__doc__:
        # click rewraps paragraphs to the terminal's width; "\b" keeps an
        # example on one line, so that it can be copied as it is.
        wrapper.__doc__ = re.sub(r"(?m)^([ \t]*)Example:", "\\1\b\n\\1Example:", wrapper.__doc__)
    typer_app.command(name)(wrapper)


def main() -> None:
    try:
        app()
    except KGError as error:
        typer.echo(f"kg: error: {error}", err=True)
        sys.exit(error.exit_code)
