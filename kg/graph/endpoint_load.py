"""kg load: RDF files into a SPARQL store, all of them or nothing.

Triples go into a temporary named graph first, batch by batch (Graph Store
Protocol, else SPARQL Update), and reach their target graph in one SPARQL
Update request (``ADD`` or, with ``replace``, ``MOVE``), which stores run as
one transaction; on a store that does not (``Dialect.atomic_request``), one
request per target graph, so that a failure can say which targets changed.
Temporary graphs carry the start, machine and process of their load, so that
the next load can drop those of one that was killed.
"""

from __future__ import annotations

import calendar
import hashlib
import os
import re
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph

from kg.errors import EndpointError, InputError, KGError
from kg.graph import store
from kg.graph.endpoint_wire import NoGraphStore, Unanswered
from kg.graph.turtle import process_alive
from kg.resources import ontology_file

if TYPE_CHECKING:
    from kg.graph.endpoint import RemoteBackend

DEFAULT_BATCH_SIZE = 10_000
T = TypeVar("T")


DEFAULT = None  # the target "default graph", as opposed to a named graph's IRI


@dataclass
class LoadReport:
    """What a load sent: triples (counted as sent; the store keeps a set), batches, graphs."""

    triples: int = 0
    batches: int = 0
    graphs: list[str | None] = field(default_factory=list)
    method: str = "Graph Store Protocol"
    url: str = ""  # where the triples went: the Graph Store or the Update URL
    # Temporary graphs a store would not drop after the load went through.
    leftover: list[str] = field(default_factory=list)
    # Temporary graphs of earlier loads that were interrupted (killed, or the
    # store went down), dropped before this one began.
    stale: list[str] = field(default_factory=list)


def load(
    paths: Sequence[Path | str],
    backend: RemoteBackend,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    ontology: bool = True,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Upload RDF files to a store; all of it arrives, or none of it.

    Triples of a file's default graph (all of a Turtle or N-Triples file) go
    to ``graph``, or to the store's default graph; the named graphs of TriG
    and N-Quads files keep their names. With ``replace``, every graph the
    files write to is emptied first, in the same request that fills it
    (the target of a Turtle or N-Triples file even if the file is empty).
    With ``ontology``, the packaged ontology and topic scheme go along into
    the same graph as the data, as ``kg query -d`` loads them too. Blank
    nodes are refused: the store would make new ones on every load, so
    loading twice would duplicate them. Temporary graphs that interrupted
    loads left in the store are dropped first (``LoadReport.stale``).
    """
    if batch_size < 1:
        raise InputError("the batch size must be at least 1")
    files = [Path(path) for path in paths]
    ontology_files = [ontology_file(name) for name in store.ONTOLOGY_FILES] if ontology else []
    for file in files + ontology_files:
        _check_file(file)
    if not backend.update_url:
        raise EndpointError("kg load needs the store's SPARQL Update URL; give it with --update-url")
    if graph is None:
        # A store without a default graph to write to gets a named graph,
        # which its queries see as they see the rest.
        graph = backend.dialect.default_graph

    prefix = _staging_prefix()
    staging: dict[str | None, str] = {}  # target graph -> its temporary graph

    def temporary(target: str | None) -> str:
        if target not in staging:
            staging[target] = f"{prefix}:{len(staging)}"
        return staging[target]

    # A Turtle or N-Triples file names the main target even when it is empty
    # (so that --replace with it empties the graph); a TriG or N-Quads file
    # only the graphs it has triples in, so that replacing the inferences
    # leaves the data alone.
    if any(not _is_dataset(file) for file in files):
        temporary(graph)

    def triples() -> Iterator[tuple[str | None, pyoxigraph.Triple]]:
        for target, triple in _triples(files, graph):
            temporary(target)
            yield target, triple
        # The ontology goes with the data, into its graph; not into a store
        # that only gets a named graph of inferences.
        if graph in staging:
            yield from _triples(ontology_files, graph)

    report = LoadReport(stale=_drop_stale(backend))
    filled: set[str] = set()  # temporary graphs that got triples (MOVE and ADD fail on a missing graph)
    use_gsp = backend.gsp_url is not None
    if not use_gsp:
        report.method = "SPARQL Update"
    try:
        for batch in _batches(triples(), batch_size):
            by_graph: dict[str, list[pyoxigraph.Triple]] = {}
            for target, triple in batch:
                by_graph.setdefault(temporary(target), []).append(triple)
            for temp, triples in by_graph.items():
                filled.add(temp)
                ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
                if use_gsp:
                    try:
                        backend.post_graph(temp, ntriples)
                        continue
                    except NoGraphStore:
                        use_gsp = False
                        report.method = "SPARQL Update"
                backend.update(f"INSERT DATA {{ GRAPH <{temp}> {{\n{ntriples.decode('utf-8')}}} }}", safe=True)
            report.triples += len(batch)
            report.batches += 1
            if on_batch:
                on_batch(report)
        _finish(backend, _final_steps(staging, filled, replace))
    except BaseException as error:
        _drop(backend, list(staging.values()), error, stored=report.batches > 0)
        raise
    report.graphs = list(staging)
    report.url = backend.gsp_url if use_gsp else backend.update_url
    try:
        # ADD leaves its source; MOVE took it already, and SILENT spares it.
        backend.update(_drop_all(staging.values()), safe=True)
    except EndpointError:
        report.leftover = list(staging.values())
    return report


def _is_dataset(path: Path) -> bool:
    return store.format_of(path).supports_datasets


def _check_file(path: Path) -> None:
    store.format_of(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")


def _triples(files: Iterable[Path], graph: str | None) -> Iterator[tuple[str | None, pyoxigraph.Triple]]:
    """(target graph, triple) for every triple of the files, read as a stream."""
    for path in files:
        try:
            # Streamed, so that a large file is never all in memory; a syntax
            # error late in it surfaces after earlier batches went out, which
            # the temporary graph makes harmless.
            for quad in pyoxigraph.parse(path=path, format=store.format_of(path)):
                for term in (quad.subject, quad.object, quad.graph_name):
                    if isinstance(term, pyoxigraph.BlankNode):
                        raise InputError(
                            f"{path}: has blank nodes ({term}); kg load needs IRIs, so that loading twice"
                            " changes nothing"
                        )
                target = graph if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
                yield target, quad.triple
        except SyntaxError as error:
            raise InputError(store._syntax_message(path, error)) from None
        except OSError as error:
            raise InputError(f"{path}: {error.strerror or error}") from None


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _Step:
    """One final operation of a load: its target as shown, the update, and the temporary graph a MOVE empties."""

    target: str
    operation: str
    moves: str | None = None


def _final_steps(staging: Mapping[str | None, str], filled: set[str], replace: bool) -> list[_Step]:
    """What puts every temporary graph into its target: ADD, or MOVE to replace."""
    steps = []
    for target, temp in staging.items():
        name = "DEFAULT" if target is DEFAULT else f"<{target}>"
        shown = "the default graph" if target is DEFAULT else name
        if temp in filled:
            if replace:
                steps.append(_Step(shown, f"MOVE <{temp}> TO {name}", moves=temp))
            else:
                steps.append(_Step(shown, f"ADD <{temp}> TO {name}"))
        elif replace:
            # An empty file replaces with nothing.
            steps.append(_Step(shown, f"DROP SILENT {'DEFAULT' if target is DEFAULT else 'GRAPH ' + name}"))
    return steps


def _finish(backend: RemoteBackend, steps: list[_Step]) -> None:
    """The final step of a load: one request where the store runs it as one transaction, else one per target.

    Not retried unless the connection was refused (a MOVE that arrived has
    consumed its source). A failure says which targets changed: none when
    the store refused the request. When the answer was lost on the way, a
    MOVE is checked: its temporary graph gone means the store ran it (the
    load went through), still there means it did not. An ADD cannot be told
    apart from what the target held before, so it stays "may or may not".
    """
    if not steps:
        return
    if backend.dialect.atomic_request:
        requests = [steps]
    else:
        requests = [[step] for step in steps]
    done: list[str] = []
    for request in requests:
        targets = [step.target for step in request]
        try:
            backend.update(" ;\n".join(step.operation for step in request), safe=False)
        except EndpointError as error:
            ran = _ran(backend, request) if isinstance(error, Unanswered) else False
            if ran:
                done.extend(targets)
                continue
            left = [step.target for step in steps if step.target not in done and step.target not in targets]
            if ran is None:
                state = f"{' and '.join(targets)} may or may not have changed (no answer)"
            else:
                checked = " (checked after the answer was lost)" if isinstance(error, Unanswered) else ""
                state = f"{' and '.join(targets)} {'is' if len(targets) == 1 else 'are'} as before{checked}"
            if done:
                state = f"{', '.join(done)} already changed; " + state
            if left:
                state += f"; {', '.join(left)} as before"
            error.args = (f"{error.args[0]}; the load's final step failed: {state}",)
            raise
        done.extend(targets)


def _ran(backend: RemoteBackend, request: list[_Step]) -> bool | None:
    """Whether a final request whose answer was lost ran: True, False, or None when that cannot be told.

    A request is one transaction (or one step), so one MOVE tells for all of
    it: its temporary graph is empty once it ran, and still full if not.
    (A store still running the request when the answer was given up on
    would be seen as not having run it; a lost connection is the usual cause.)
    """
    moved = next((step.moves for step in request if step.moves), None)
    if moved is None:
        return None
    try:
        answer = backend.select(f"ASK {{ GRAPH <{moved}> {{ ?s ?p ?o }} }}", {})
    except KGError:
        return None
    return answer.rows[0][0].value == "false"


# Temporary graphs are named urn:kg-load:START:HOST:PID:TOKEN:N, so that the
# next load can tell those of an interrupted load (its process gone, or a day
# old) from those of a load still running elsewhere.
STAGING = "urn:kg-load:"
_STAGING_NAME = re.compile(r"^urn:kg-load:(\d{8}T\d{6}Z):([0-9a-f]{8}):(\d+):")
_STALE_AFTER = 24 * 3600  # seconds: no load of a real graph takes a day


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _staging_prefix() -> str:
    started = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return f"{STAGING}{started}:{_host()}:{os.getpid()}:{uuid.uuid4().hex}"


def _stale(name: str, now: float) -> bool:
    """A temporary graph no running load will finish: its process is gone, or it is a day old."""
    found = _STAGING_NAME.match(name)
    if not found:
        return True  # an older kg's name, without the process that made it
    started = calendar.timegm(time.strptime(found[1], "%Y%m%dT%H%M%SZ"))
    if now - started > _STALE_AFTER:
        return True
    if found[2] != _host():
        return False  # another machine's load, perhaps still running
    return not process_alive(int(found[3]))


def _drop_stale(backend: RemoteBackend) -> list[str]:
    """Drop the temporary graphs of interrupted loads (see _stale); their names, sorted."""
    answer = backend.select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}', {}
    )
    now = time.time()
    stale = sorted(row[0].value for row in answer.rows if row[0] is not None and _stale(row[0].value, now))
    if stale:
        backend.update(_drop_all(stale), safe=True)
    return stale


def _drop_all(graphs: Iterable[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in graphs)


def _drop(backend: RemoteBackend, graphs: list[str], cause: BaseException, stored: bool) -> None:
    """Remove the temporary graphs of a failed load; say so if that fails and some were filled."""
    try:
        # Once: the store just failed, and the user is waiting for the reason.
        backend.update(_drop_all(graphs), safe=True, retries=0)
    except Exception:  # noqa: BLE001 - the first failure is the one to report
        if stored and isinstance(cause, EndpointError | InputError):
            leftover = ", ".join(f"<{iri}>" for iri in graphs)
            cause.args = (f"{cause.args[0]}; temporary graphs may remain: {leftover}",)
