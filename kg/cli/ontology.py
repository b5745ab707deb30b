"""What the ontology says of the graph: kg reason (its inferences), kg validate (its shapes), kg docs (its page)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import fail
from kg.cli.sources import writable


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
    writable(output)
    data = reason.data_triples(store.load(paths, ontology=False))
    inferred = reason.closure(data, engine=engine)
    reason.write(output, data, inferred, merge=merge)
    typer.echo(f"{len(data)} triples, {len(inferred)} inferred -> {output}", err=True)


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

    writable(output)
    write_atomic(output, ontology_html())
    typer.echo(f"ontology documentation -> {output}", err=True)
