"""SPARQL stores: kg load (files into any SPARQL 1.1 store) and kg serve (a local Oxigraph server)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import fail
from kg.cli.options import EndpointOption, OntologyOption, QueryUrlOption, RetriesOption
from kg.cli.progress import counting_triples
from kg.cli.sources import remote_backend


def load_command(
    files: list[Path] = typer.Argument(
        ..., help="RDF files (.ttl, .nt; .trig, .nq with named graphs, e.g. inferences).", metavar="FILE...",
        show_default=False,
    ),
    endpoint: EndpointOption = None,
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
    query_url: QueryUrlOption = None,
    update_url: str = typer.Option(
        None, "--update-url", metavar="URL", show_default=False,
        help="The store's SPARQL Update URL, if not the one guessed from --endpoint.",
    ),
    store_url: str = typer.Option(
        None, "--store-url", metavar="URL", show_default=False,
        help="The store's Graph Store Protocol URL, if not the one guessed from --endpoint.",
    ),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS", help="How long to wait for each request."),
    retries: RetriesOption = 3,
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
    backend = remote_backend(endpoint, query_url, update_url, store_url, retries, timeout)
    with counting_triples() as on_batch:
        report = load(files, backend, graph=graph, replace=replace, batch_size=batch_size,
                      ontology=ontology, on_batch=on_batch)
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
    ontology: OntologyOption = True,
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
