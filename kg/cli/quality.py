"""How well the extraction does: kg eval (against gold) and kg topics check (a scheme of one's own, on a sample)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import fail
from kg.cli.options import ActorsOption, ModelOption
from kg.cli.sources import use_scheme


def eval_command(
    gold: Path = typer.Argument(
        ..., metavar="GOLD", help="Gold positions and meetings, JSON Lines as docs/annotation.md describes.",
        show_default=False,
    ),
    data: list[Path] = typer.Option(..., "-d", "--data", help="The graph (Turtle) to score.", show_default=False),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    show_errors: bool = typer.Option(False, "--errors", help="List false positives (with the rule that read each, docs/rules.md) and misses per article (lenient for positions)."),
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

    known = use_scheme(None, actors, None)
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
            for holder, stance, topic, rule in c.false_positives:
                # The rule that read it (docs/rules.md) says where to look.
                typer.echo(f"{article}\tfalse positive\t{holder}\t{stance}\t{topic}\t{rule}")
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


@topics_app.command("check")
def topics_check_command(
    scheme: Path = typer.Argument(..., help="The SKOS topic scheme (Turtle) to check.", show_default=False),
    sample: list[Path] = typer.Argument(None, help="Article files or folders to try it on.", show_default=False),
    actors: ActorsOption = None,
    model: ModelOption = None,
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
        known = use_scheme(scheme, actors, None)
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
