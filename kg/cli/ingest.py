"""kg ingest (articles -> a graph file, an on-disk store, a cluster's outputs) and kg export (a store -> a file)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kg.cli.app import fail
from kg.cli.options import ActorsOption, LexiconOption, ModelOption, TopicsOption
from kg.cli.progress import counting_articles
from kg.cli.sources import scheme_files, use_scheme, writable


def ingest_command(
    # readable=False: an unreadable path is one skipped line from kg.extract.read, not a usage error that stops the batch.
    paths: list[Path] = typer.Argument(..., help="Article files or folders (.txt, .html, .jsonl).", show_default=False, readable=False),
    output: Path = typer.Option(None, "-o", "--output", help="Where to write the graph (default: kg.ttl).", show_default=False),
    fmt: str = typer.Option("turtle", "--format", help="turtle or nt (N-Triples)."),
    model: ModelOption = None,
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
    from kg.pipeline import parse_shard

    defaults = read.defaults(Defaults.parse(published, outlet))
    if endpoint is not None and cluster is None:
        fail("--endpoint needs --cluster; without one: kg ingest FILES -o kg.ttl, then kg load kg.ttl --endpoint URL")
    if cluster is not None:
        if reason or shard or [output, disk, endpoint].count(None) != 2:
            fail("--cluster writes part files to -o FOLDER, one file (-o kg.ttl), a --store DIR or an --endpoint URL;"
                 " not with --reason or --shard")
        scheme = scheme_files(topics, actors, lexicon)
        with defaults:
            _ingest_on_cluster(paths, cluster, output, fmt, model, disk, force, endpoint, scheme)
        return
    if fmt not in ("turtle", "ttl", "nt", "ntriples"):
        fail(f"unknown format {fmt!r}; use turtle or nt")
    known = use_scheme(topics, actors, lexicon)
    shard_of = parse_shard(shard) if shard else None
    if disk is not None:
        if output is not None or reason:
            fail("--store writes to the store; write a file from it with: kg export --store DIR -o FILE")
        with defaults:
            _ingest_into_store(paths, disk, model, jobs, shard_of, force, known)
        return
    output = output or Path("kg.ttl")
    if reason:
        _ingest_with_inferences(paths, output, model, known, jobs, shard, shard_of, defaults)
    else:
        _ingest_to_file(paths, output, fmt, model, known, jobs, shard, shard_of, defaults)


def _ingest_to_file(paths, output: Path, fmt: str, model, known, jobs: int, shard, shard_of, defaults) -> None:
    from kg.graph.turtle import check_writable
    from kg.pipeline import ingest_to_file

    check_writable(output)  # a bad -o fails now, not after the whole parse
    with counting_articles(paths) as on_article, defaults:
        # Written article by article as they are extracted: memory stays flat in the corpus size.
        result = ingest_to_file(paths, output, fmt, model=model, knowledge=known, jobs=jobs,
                                on_article=on_article, shard=shard_of)
    _say_problems(result.skipped, result.without_actors)
    if not result.articles and not (shard_of and result.elsewhere and not result.skipped):
        fail("no article could be read; nothing written", 2)
    _say_written(result.articles, result.statements, result.positions, output, shard, result.elsewhere, result.skipped)


def _ingest_with_inferences(paths, output: Path, model, known, jobs: int, shard, shard_of, defaults) -> None:
    """--reason: every extraction kept in memory, since the closure needs the whole graph."""
    from kg.graph import reason as reasoning
    from kg.graph.turtle import check_writable
    from kg.pipeline import distinct_positions, ingest

    check_writable(output)  # a bad -o fails now, not after the whole parse
    reasoning.output_format(output, named_graph=True)  # refused before the long part, not after
    with counting_articles(paths) as on_article, defaults:
        result = ingest(paths, model=model, knowledge=known, jobs=jobs, on_article=on_article, shard=shard_of)
    _say_problems(result.skipped, [e.article.source or e.article.id for e in result.extractions if not e.actors])
    if not result.extractions and not (shard_of and result.elsewhere and not result.skipped):
        fail("no article could be read; nothing written", 2)
    try:
        triples = result.triples()
        reasoning.write(output, triples, reasoning.closure(triples))
    except OSError as error:  # a disk that filled or went away during the parse
        fail(f"{output}: cannot write: {error.strerror or error}")
    positions = sum(distinct_positions(e) for e in result.extractions)
    statements = sum(len(e.statements) for e in result.extractions)
    _say_written(len(result.extractions), statements, positions, output, shard, result.elsewhere, result.skipped)


def _say_problems(skipped, without_actors) -> None:
    for problem in skipped:
        typer.echo(f"kg: skipped {problem}", err=True)
    for source in without_actors:
        # Kept (it is still a source someone may look for), but said, since
        # an article with nobody in it usually means the wrong file.
        typer.echo(f"kg: warning {source}: no actors found; kept as an article with no positions", err=True)


def _say_written(articles: int, statements: int, positions: int, output: Path, shard, elsewhere: int, skipped) -> None:
    """The one-line summary of an ingest into a file; exit 1 if anything was skipped."""
    typer.echo(
        f"{articles} articles, {statements} statements, {positions} positions -> {output}"
        + (f" (shard {shard}; {elsewhere} articles in other shards)" if shard else "")
        + (f" ({len(skipped)} skipped)" if skipped else ""),
        err=True,
    )
    if skipped:
        raise typer.Exit(1)


def _say_stored(report, disk: Path, total: int, shard=None) -> None:
    """The one-line summary of an ingest into a store."""
    typer.echo(
        f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged"
        f" ({report.statements} statements, {report.positions} positions parsed)"
        + (f", {report.elsewhere} in other shards" if shard else "")
        + (f", {len(report.skipped)} skipped" if report.skipped else "")
        + f" -> {disk} ({total} articles)",
        err=True,
    )


def _ingest_on_cluster(paths: list[Path], address: str, output, fmt: str, model, disk, force: bool, endpoint, scheme) -> None:
    from contextlib import nullcontext

    from kg import cluster

    if disk is not None:
        from kg.graph.diskstore import DiskStore

        opened = DiskStore(disk)
    else:
        opened = nullcontext()
    with opened as store:
        with counting_articles(paths) as on_article:
            report = cluster.ingest(
                paths, address, output, None if fmt == "turtle" else fmt, model, on_article=on_article,
                say=lambda message: typer.echo(f"kg: {message}", err=True), store=store, force=force,
                endpoint=endpoint, scheme=scheme,
            )
        total = store.article_count() if store is not None else 0
    _say_problems(report.skipped, report.without_actors)
    if disk is not None:
        _say_stored(report, disk, total)
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
    from kg.graph.diskstore import DiskStore
    from kg.pipeline import ingest_into_store

    with DiskStore(disk) as store:
        with counting_articles(paths) as on_article:
            report = ingest_into_store(store, paths, model=model, knowledge=known, jobs=jobs, on_article=on_article,
                                 shard=shard, force=force)
        total = store.article_count()
    _say_problems(report.skipped, report.without_actors)
    _say_stored(report, disk, total, shard)
    if report.skipped:
        raise typer.Exit(1)


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
    writable(output)
    with DiskStore(disk, read_only=True) as store:
        if to_stdout:
            text, count = store.serialize(chosen)
            sys.stdout.write(text)
        else:
            count = store.export(output, fmt)
    typer.echo(f"{count} triples -> {output}", err=True)
