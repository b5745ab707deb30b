"""An on-disk store (pyoxigraph on RocksDB) that grows article by article.

Layout, so that an article can be replaced without a trace of its old version:

- each article's triples, exactly as ``kg ingest`` emits them for it, form
  the named graph of the article's IRI (``article:{id}``);
- the packaged ontology and topic scheme form the named graph of the
  ontology's IRI, so queries see class hierarchy and topic labels;
- the default graph is the set union of all those graphs. Queries read only
  the default graph: a triple several articles share (an actor's label, a
  meeting's place) appears there once, where a union over the named graphs
  would return it once per article.

Ingesting an article whose id is stored with the same skg:contentHash does
nothing, and is decided before parsing. A changed article replaces its named
graph and, in the default graph, exactly the triples no other graph still
supports, in one transaction: the store then holds what a fresh ingest of
the current articles would give, triple for triple.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
import os
from pathlib import Path

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, Triple

from kg import vocab

from kg.graph import emit, queries, store as file_store, turtle
from kg.errors import InputError, KGError
from kg.extract.knowledge import Knowledge
from kg.model import Extraction


ONTOLOGY_GRAPH = NamedNode(vocab.BASE + "ontology")
HOLDER = "kg-writer.pid"  # the process id of the kg that has the store open for writing

EXPORT_FORMATS = {
    "turtle": "turtle", "ttl": "turtle",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "trig": "trig",
}
SUFFIX_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".trig": "trig"}

_HASHES = """
SELECT ?id ?hash WHERE {
  GRAPH ?article { ?node skg:contentHash ?hash ; dcterms:identifier ?id }
}
"""

# The ontology's triples that no article also contributes: left out of exports,
# which hold the articles' graph only (what `kg ingest -o` writes).
_ONTOLOGY_ONLY = f"""
SELECT ?s ?p ?o WHERE {{
  GRAPH {ONTOLOGY_GRAPH} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {ONTOLOGY_GRAPH}) }}
}}
"""


class DiskStore:
    """A store folder opened for reading and writing, or for reading only."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            if not (self.path / "CURRENT").is_file():
                raise InputError(f"{self.path}: no store here; make one with: kg ingest FILES --store {self.path}")
        elif self.path.exists() and (not self.path.is_dir() or (any(self.path.iterdir()) and not (self.path / "CURRENT").is_file())):
            # RocksDB would happily scatter its files among someone's documents.
            raise InputError(f"{self.path}: exists and is not a store; give a new or empty folder")
        try:
            if not read_only:
                self.path.mkdir(parents=True, exist_ok=True)
            self.store = pyoxigraph.Store.read_only(str(self.path)) if read_only else pyoxigraph.Store(str(self.path))
        except OSError as error:
            reason = " ".join(str(error).split())
            if "lock" in reason.lower():
                raise KGError(f"{self.path}: the store is in use by {self._holder()} (lock {self.path / 'LOCK'}); "
                              "wait for it to finish") from None
            raise InputError(f"{self.path}: cannot open the store: {reason}") from None
        if not read_only:
            # RocksDB's lock says only that the folder is taken; this says by whom.
            # Left behind by a killed writer, it is harmless: the lock went with it.
            (self.path / HOLDER).write_text(f"{os.getpid()}\n")

    def _holder(self) -> str:
        try:
            return f"kg process {int((self.path / HOLDER).read_text())}"
        except (OSError, ValueError):
            return "another kg process"

    def close(self) -> None:
        """Release the folder (RocksDB closes when the last reference goes)."""
        if self.store is not None and not self.read_only:
            self.store.flush()
            # RocksDB's write-ahead log of an ingest stays in the folder (three
            # quarters of it) until the store is opened again, which folds the
            # log into the tables; compacting them then leaves about a third.
            self.store = None
            reopened = pyoxigraph.Store(str(self.path))
            reopened.optimize()
            del reopened
        self.store = None

    def __enter__(self) -> DiskStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------

    def __len__(self) -> int:
        """Triples in the default graph: the articles' and the ontology's."""
        answer = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(next(iter(answer))["n"].value)

    def article_count(self) -> int:
        return sum(1 for graph in self.store.named_graphs() if graph != ONTOLOGY_GRAPH)

    def content_hashes(self) -> dict[str, str]:
        """Article id -> skg:contentHash of every stored article."""
        answer = self.store.query(_HASHES, prefixes=vocab.PREFIXES)
        return {solution["id"].value: solution["hash"].value for solution in answer}

    def triples(self) -> Iterator[Quad]:
        """The articles' graph: the union of the article graphs, without the ontology.

        As Quads of the default graph, which have the subject, predicate and
        object a writer reads: making a Triple of each of a million costs a
        second.
        """
        ontology_only = {Triple(s["s"], s["p"], s["o"]) for s in self.store.query(_ONTOLOGY_ONLY)}
        subjects = {triple.subject for triple in ontology_only}
        for quad in self.store.quads_for_pattern(None, None, None, DefaultGraph()):
            if quad.subject in subjects and quad.triple in ontology_only:
                continue
            yield quad

    def backend(self) -> queries.Backend:
        """What kg.graph.queries runs against: the default graph, which is already the union."""
        return queries.LocalBackend(self.store, union=False)

    def export(self, path: str | Path, fmt: str | None = None) -> int:
        """Write the articles' graph as sorted Turtle, N-Triples or TriG; return the triple count."""
        path = Path(path)
        text, count = self.serialize(export_format(path, fmt))
        turtle.write_atomic(path, text)
        return count

    def serialize(self, fmt: str) -> tuple[str, int]:
        """The articles' graph as sorted text (turtle, nt or trig), and its triple count."""
        count = 0

        def counted():
            nonlocal count
            for quad in self.triples():
                count += 1
                yield quad

        if fmt == "trig":
            text = turtle.serialize_dataset(counted(), {}, "trig")
        else:
            text = turtle.serialize(counted(), fmt)
        return text, count

    # -- writing ----------------------------------------------------------------

    def put(self, extraction: Extraction, knowledge: Knowledge) -> None:
        """Store one article's triples, replacing any earlier version of it."""
        self.put_graph(vocab.article_iri(extraction.article.id), emit.triples([extraction], knowledge))

    def put_graph(self, article_iri: str, triples: Iterable[Triple]) -> None:
        """Store an article's triples made elsewhere (by a cluster's worker), replacing any earlier version."""
        self._replace_graph(NamedNode(article_iri), list(triples))

    def refresh_ontology(self) -> None:
        """Make the ontology graph what the installed package ships (queries need it)."""
        files = [path for path in file_store._ontology_files() if path.is_file()]
        wanted: set[Triple] = set()
        for path in files:
            wanted.update(quad.triple for quad in pyoxigraph.parse(path=path, format=file_store.format_of(path)))
        stored = {quad.triple for quad in self.store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)}
        if stored != wanted:
            self._replace_graph(ONTOLOGY_GRAPH, wanted)

    def _replace_graph(self, graph: NamedNode, triples: Iterable[Triple]) -> None:
        if not self.store.contains_named_graph(graph):
            # A new article: one transactional extend, cheaper than an update to parse.
            self.store.extend(
                quad for t in triples for quad in (Quad(t.subject, t.predicate, t.object), Quad(t.subject, t.predicate, t.object, graph))
            )
            return
        # One SPARQL update is one transaction: a crash or a full disk leaves
        # the old version whole. The DELETE keeps in the default graph every
        # triple that some other graph (another article, the ontology) has.
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        self.store.update(
            f"""
            DELETE {{ ?s ?p ?o }} WHERE {{
              GRAPH {graph} {{ ?s ?p ?o }}
              FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }}
            }} ;
            DROP SILENT GRAPH {graph} ;
            INSERT DATA {{
            {body}
            GRAPH {graph} {{
            {body}
            }} }}
            """
        )


def export_format(path: Path, fmt: str | None) -> str:
    """turtle, nt or trig: from --format, else from the file's extension."""
    if fmt:
        if fmt.lower() not in EXPORT_FORMATS:
            raise KGError(f"unknown format {fmt!r}; use turtle, nt or trig")
        return EXPORT_FORMATS[fmt.lower()]
    found = SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        raise KGError(f"{path}: cannot tell the format from {path.suffix or 'no extension'!r}; use .ttl, .nt or .trig, or --format")
    return found
