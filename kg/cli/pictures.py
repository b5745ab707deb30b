"""Pictures and profiles: kg viz (who stands where, or stances over time) and kg show (one actor or topic)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import fail
from kg.cli.options import DataOption, EndpointOption, StoreOption
from kg.cli.sources import graph_source, writable


def viz_command(
    data: DataOption = None,
    disk: StoreOption = None,
    endpoint: EndpointOption = None,
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

    writable(output)
    source = graph_source(data, True, endpoint, None, 3, disk=disk)
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


def show_command(
    name: str = typer.Argument(
        ..., metavar="NAME", help="An actor (name, alias, surname) or a topic (name or label).", show_default=False
    ),
    data: DataOption = None,
    disk: StoreOption = None,
    endpoint: EndpointOption = None,
) -> None:
    """Show what the graph says about one actor or one topic, with evidence and sources.

    For an actor: role, affiliation, every position with its evidence sentence
    and article, and the meetings attended, hosted or missed. For a topic: who
    demands, supports, accepts or opposes it, with evidence. The name is tried
    as an actor first, then as a topic.

    Example: kg show EndingTheWar -d kg.ttl; kg show SecurityGuarantees -d kg.ttl
    """
    from kg.graph.profile import print_profile, profile

    print_profile(profile(graph_source(data, True, endpoint, None, 3, disk=disk), name))
