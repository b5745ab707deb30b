"""What a cluster ingest's partitions come back as (Part), and where they go:
part files in a folder, one sorted file, an on-disk store, or a SPARQL store
(each worker loads its own partitions there); with the report of the run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg import vocab
from kg.errors import InputError, KGError
from kg.extract.read import Skipped
from kg.graph import turtle

PART_FORMATS = {"nq": "nq", "nquads": "nq", "n-quads": "nq", "trig": "trig"}
_PART_FILE = re.compile(r"^part-\d{5}\.(nq|trig)$")


@dataclass
class Part:
    """What a worker sends back for one partition."""

    index: int
    graphs: dict[str, str] = field(default_factory=dict)  # article IRI -> its triples, sorted N-Triples lines
    skipped: list[Skipped] = field(default_factory=list)
    without_actors: list[str] = field(default_factory=list)
    articles: int = 0
    statements: int = 0
    positions: int = 0

    def triples(self) -> Iterator[pyoxigraph.Triple]:
        for lines in self.graphs.values():
            for quad in pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_TRIPLES):
                yield quad.triple

    def serialize(self, fmt: str) -> str:
        """The partition as sorted N-Quads or TriG, each article in the named graph of its IRI."""
        if fmt == "nq":
            return "".join(sorted(
                f"{line[:-2]} <{graph}> .\n" for graph, lines in self.graphs.items() for line in lines.splitlines(True)
            ))
        graphs = {
            graph: [q.triple for q in pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_TRIPLES)]
            for graph, lines in self.graphs.items()
        }
        return turtle.serialize_dataset([], graphs, "trig")



def prepare_part_folder(folder: Path) -> None:
    """A new or empty folder, or one of an earlier run's part files (which go)."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; -o with --cluster takes a folder for the part files, or a .ttl or .nt file")
    if folder.is_dir():
        others = [p.name for p in folder.iterdir() if not _PART_FILE.match(p.name)]
        if others:
            raise InputError(f"{folder}: holds other files than part files ({others[0]}, ...); give a new or empty folder")
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def part_path(folder: Path, index: int, fmt: str) -> Path:
    return folder / f"part-{index:05d}.{fmt}"


@dataclass
class ClusterIngest:
    articles: int = 0
    statements: int = 0
    positions: int = 0
    parts: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    without_actors: list[str] = field(default_factory=list)
    added: int = 0  # with a store: articles new to it, replaced in it, or there already with the same text
    replaced: int = 0
    unchanged: int = 0
    _by_part: dict[int, Part] = field(default_factory=dict, repr=False)

    def add(self, part: Part) -> None:
        self.articles += part.articles
        self.statements += part.statements
        self.positions += part.positions
        self.parts += 1
        # Kept by partition, to be reported in input order as a single process does.
        self._by_part[part.index] = Part(part.index, skipped=part.skipped, without_actors=part.without_actors)

    def finish(self) -> None:
        for index in sorted(self._by_part):
            self.skipped += self._by_part[index].skipped
            self.without_actors += self._by_part[index].without_actors
        self._by_part.clear()


class Output:
    """Where the partitions go. ``stories``: "planned" (each partition gets its
    articles' stories, found across the corpus before parsing), "end" (the
    sink adds the stories when all is in) or "own" (each article its own
    story, as kg ingest --store keeps them)."""

    stories = "planned"
    options: dict = {}  # for extract_partition

    def add(self, part: Part, report: ClusterIngest) -> None:
        pass

    def add_stories(self, triples) -> None:
        pass

    def commit(self, report: ClusterIngest) -> None:
        pass

    def close(self) -> None:
        pass


class PartFiles(Output):
    def __init__(self, folder: Path, fmt: str | None) -> None:
        self.folder = folder
        self.fmt = PART_FORMATS.get((fmt or "nq").lower())
        if self.fmt is None:
            raise KGError(f"unknown format {fmt!r} for part files; use nq or trig")
        prepare_part_folder(folder)

    def add(self, part: Part, report: ClusterIngest) -> None:
        turtle.write_atomic(part_path(self.folder, part.index, self.fmt), part.serialize(self.fmt))


class OneFile(Output):
    """The whole graph in one file, sorted as the parts come in and spilling
    to disk (kg.graph.turtle.SortedFile): the client's memory does not grow with the corpus."""

    stories = "end"

    def __init__(self, path: Path) -> None:
        fmt = {".ttl": "turtle", ".nt": "nt"}.get(path.suffix.lower())
        if fmt is None:
            raise KGError(f"{path}: write the graph to a .ttl or .nt file, or part files to a folder")
        self.sorted = turtle.SortedFile(path, fmt)

    def add(self, part: Part, report: ClusterIngest) -> None:
        self.sorted.add(part.triples())

    def add_stories(self, triples) -> None:
        self.sorted.add(triples)

    def commit(self, report: ClusterIngest) -> None:
        if report.articles:
            self.sorted.commit()

    def close(self) -> None:
        self.sorted.close()


class StoreOutput(Output):
    """Each article's graph into an on-disk store (kg.graph.diskstore), replacing its old version."""

    stories = "own"

    def __init__(self, disk, stored: dict[str, str]) -> None:
        self.disk = disk
        self.stored = {vocab.article_iri(article_id) for article_id in stored}

    def add(self, part: Part, report: ClusterIngest) -> None:
        for graph, lines in part.graphs.items():
            self.disk.put_graph(graph, (q.triple for q in pyoxigraph.parse(lines, format=pyoxigraph.RdfFormat.N_TRIPLES)))
            if graph in self.stored:
                report.replaced += 1
            else:
                report.added += 1


class EndpointOutput(Output):
    """Each partition loaded by its worker into a SPARQL store (kg.graph.endpoint.load):
    all of a partition or none of it, each article in the named graph of its
    IRI, replacing its old version; the packaged ontology and topic scheme in
    the graph of the ontology's IRI, as kg ingest --store keeps them."""

    def __init__(self, url: str) -> None:
        from kg.graph import endpoint as remote, store as file_store

        self.url = url
        self.endpoint = remote.Endpoint.resolve(url)
        # Here first: a store that cannot be reached or written to fails the command before any parsing.
        remote.load(file_store._ontology_files(), remote.RemoteBackend.from_endpoint(self.endpoint),
                    graph=vocab.BASE + "ontology", replace=True, ontology=False)
        self.options = {"endpoint": self.endpoint}
