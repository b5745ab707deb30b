"""Questions to the graph: kg queries (the canned ones), kg query (answer one, or all) and kg sparql (your own)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli.app import fail
from kg.cli.options import (
    ANSWER_HELP, DataOption, EndpointOption, FormatOption, OntologyOption, QueryUrlOption, RetriesOption, StoreOption,
)
from kg.cli.sources import check_answer_format, graph_source, writable


def _write_rows(rows, fmt: str, output: Path | None) -> None:
    """Rows to stdout, or to a file that appears only once it is complete."""
    import io

    from kg.graph.results import write
    from kg.graph.turtle import write_atomic

    if output is None:
        write(rows, fmt, sys.stdout)
        return
    folder = output.resolve().parent
    if not folder.is_dir():
        fail(f"{output}: folder {folder} does not exist")
    # newline="": the CSV format's CRLF line ends are kept as they are.
    answer = io.StringIO(newline="")
    write(rows, fmt, answer)
    write_atomic(output, answer.getvalue())


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            fail(f"--param takes NAME=VALUE, not {pair!r}")
        params[name.strip()] = value.strip()
    return params


def queries_command(
    fmt: FormatOption = "table",
) -> None:
    """List the canned queries: name, title, parameters, and whether they need reasoning.

    Run one with: kg query NAME -d kg.ttl [--param NAME=VALUE].

    Example: kg queries
    """
    from pyoxigraph import Literal

    from kg.graph.queries import list_queries
    from kg.graph.results import Rows

    check_answer_format(fmt)
    rows = Rows(["name", "title", "params", "inference"])
    for canned in list_queries():
        params = ", ".join(
            f"{param.name} ({param.kind}{'' if param.required else ', optional'})" for param in canned.params
        )
        inference = canned.inference.split(" ", 1)[0]
        rows.rows.append((Literal(canned.name), Literal(canned.title), Literal(params), Literal(inference)))
    _write_rows(rows, fmt, None)


def query_command(
    name: str = typer.Argument(
        None, help="The canned query; list them with: kg queries.", metavar="NAME", show_default=False
    ),
    data: DataOption = None,
    endpoint: EndpointOption = None,
    query_url: QueryUrlOption = None,
    retries: RetriesOption = 3,
    param: list[str] = typer.Option(
        [], "-p", "--param", help="A parameter as NAME=VALUE, e.g. topic=Ceasefire; repeat for several.",
        metavar="NAME=VALUE", show_default=False,
    ),
    fmt: FormatOption = "table",
    output: Path = typer.Option(
        None, "-o", "--output", metavar="FILE", help=ANSWER_HELP + " With --all: a folder, one file per query."
    ),
    ontology: OntologyOption = True,
    every: bool = typer.Option(
        False, "--all", help="Answer every canned question, with its example parameters: as tables on stdout,"
        " or one file per query (NAME.csv, ...) into the folder -o DIR."
    ),
    disk: StoreOption = None,
) -> None:
    """Answer a canned question about the graph.

    Topic parameters take a topic's local name or label (kg query topics lists
    them); actor parameters a name, an alias or a surname (kg query actors).

    Example: kg query who-supports -d kg.ttl --param topic=EndingTheWar --format csv

    Or ask a SPARQL store the graph was loaded into (kg load): --endpoint URL.
    """
    from kg.graph import queries

    check_answer_format(fmt)
    if every:
        if name is not None:
            fail(f"give a query name or --all, not both ({name!r} and --all)")
        _answer_all(fmt, output, lambda: graph_source(data, ontology, endpoint, query_url, retries, disk=disk))
        return
    if name is None:
        fail("name a canned query (see: kg queries), or pass --all")
    canned = queries.get(name)
    writable(output)
    params = _parse_params(param)
    for key in params:
        canned.param(key)  # an unknown name fails before the data is loaded
    rows = queries.query(canned.name, graph_source(data, ontology, endpoint, query_url, retries, disk=disk), **params)
    _write_rows(rows, fmt, output)


# --all -o DIR: one file per query, named after it.
_EXTENSIONS = {"table": "txt", "csv": "csv", "tsv": "tsv", "json": "json", "srj": "srj"}


def _answer_all(fmt: str, folder: Path | None, open_source) -> None:
    from kg.graph import queries

    if folder is None and fmt != "table":
        # Several documents in a row are no longer one CSV or JSON document.
        fail(f"--all --format {fmt} writes one file per query: give a folder with -o DIR")
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            fail(f"{folder}: is a file; --all writes one file per query into the folder -o DIR")
        folder.mkdir(parents=True, exist_ok=True)
    source = open_source()  # after the checks: loading a large graph takes a while
    written = 0
    for canned in queries.list_queries():
        if any(p.required and p.name not in canned.example for p in canned.params):
            continue
        rows = queries.query(canned.name, source, **canned.example)
        if folder is not None:
            _write_rows(rows, fmt, folder / f"{canned.name}.{_EXTENSIONS[fmt]}")
            written += 1
            continue
        shown = ", ".join(f"{k}={v}" for k, v in canned.example.items())
        typer.echo(f"\n## {canned.title}  (kg query {canned.name}{' --param ' + shown if shown else ''})\n")
        _write_rows(rows, fmt, None)
    if folder is not None:
        typer.echo(f"{written} answers -> {folder}/", err=True)


def sparql_command(
    text: str = typer.Argument(
        ..., metavar="QUERY_OR_FILE", help="A SPARQL query, a .rq file, or - to read it from stdin.", show_default=False
    ),
    data: DataOption = None,
    endpoint: EndpointOption = None,
    query_url: QueryUrlOption = None,
    retries: RetriesOption = 3,
    fmt: FormatOption = "table",
    output: Path = typer.Option(None, "-o", "--output", help=ANSWER_HELP, metavar="FILE"),
    ontology: OntologyOption = True,
    timeout: float = typer.Option(
        None, "--timeout", metavar="SECONDS", help="Stop the query after this many seconds.", show_default=False
    ),
    disk: StoreOption = None,
) -> None:
    """Run your own SPARQL query against the graph.

    The project prefixes (skg:, topic:, actor:, article:, rdfs:, skos:, ...) are
    declared for you. Named graphs of TriG files are queried as one graph.

    Example: kg sparql 'SELECT ?name WHERE { ?a a skg:Person ; rdfs:label ?name } ORDER BY ?name' -d kg.ttl

    Or ask a SPARQL store the graph was loaded into (kg load): --endpoint URL.
    """
    from kg.graph.timeout import run as run_with_timeout

    check_answer_format(fmt)
    writable(output)
    query_text = _query_text(text)
    source = graph_source(data, ontology, endpoint, query_url, retries, timeout, disk=disk)
    # A store gets the time limit as its HTTP timeout instead.
    rows = run_with_timeout(source, query_text, seconds=None if endpoint or query_url else timeout)
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
