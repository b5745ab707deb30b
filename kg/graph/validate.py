"""SHACL validation of a stakeholder graph with pySHACL and ontology/shapes.ttl.

    >>> from kg.graph.validate import validate
    >>> report = validate(result.triples())
    >>> report.conforms, [str(v) for v in report.results]

The shapes run with the ontology and the topic scheme as pySHACL's ontology
graph (so that a topic's skos:inScheme is found), no inference (the shapes
check each actor class themselves, see shapes.ttl), and the SPARQL-based
constraints on (offsets inside the article, quote equal to the text between
them). Warnings (sh:Warning, sh:Info) are reported but do not make the graph
fail.

Two engines give the same results. The default, ``engine="oxigraph"``,
compiles each constraint to one SPARQL query over the whole graph
(kg/graph/shacl_sparql.py) and runs it on pyoxigraph: seconds at a million
triples. Shapes it cannot compile are left to pySHACL. ``engine="pyshacl"``
runs pySHACL alone, the reference: it checks focus node by focus node
through rdflib, minutes at 10^4 triples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.namespace import SH

from kg import vocab
from kg.errors import KGError
from kg.resources import ontology_file
from kg.graph.terms import from_rdflib, rdflib_graph, read_graph
from kg.graph.turtle import Writer

SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILES = ("stakeholder.ttl", "topics.ttl")
SHAPES = vocab.BASE + "shapes#"
SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}

# Focus nodes, shapes and paths are shown as prefixed names, as in the data.
_writer = Writer({**vocab.PREFIXES, "shape": SHAPES, "sh": str(SH)})


class ValidationError(KGError):
    """Shapes or ontology that cannot be read."""


@dataclass(frozen=True, order=True)
class Result:
    """One SHACL result, its terms written as prefixed names."""

    severity: str
    focus: str
    shape: str
    path: str
    message: str
    component: str = ""
    value: str = ""
    focus_iri: str = ""  # the focus node in full, for scripts

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.severity}: {self.focus}: {self.shape} {self.path or '-'}: {self.message}{value}"


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    triples: int = 0

    @property
    def violations(self) -> list[Result]:
        return [result for result in self.results if result.severity == "violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        warnings = len(self.results) - len(self.violations)
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{verdict}: {_count(len(self.violations), 'violation')}, {_count(warnings, 'warning')}"
            f" in {_count(self.triples, 'triple')}"
        )

    def as_dict(self) -> dict:
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "violations": len(self.violations),
            "warnings": len(self.results) - len(self.violations),
            "results": [asdict(result) for result in self.results],
        }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


Data = Iterable[pyoxigraph.Triple] | Iterable[pyoxigraph.Quad] | rdflib.Graph | pyoxigraph.Store


ENGINES = ("oxigraph", "pyshacl")
# The ontology's triples go into this graph of a store with named graphs while it is checked.
_ONTOLOGY_GRAPH = pyoxigraph.NamedNode("urn:x-stakeholder-kg:validate:ontology")


def validate(
    data: Data,
    shapes: str | Path | None = None,
    ontology: Sequence[str | Path] | None = None,
    engine: str = "oxigraph",
) -> Report:
    """Check ``data`` (all graphs of it, inferences included) against the shapes."""
    if engine not in ENGINES:
        raise ValidationError(f"unknown validation engine {engine!r}; use {' or '.join(ENGINES)}")
    shapes_graph = _read([shapes or ontology_file(SHAPES_FILE)])
    ontology_files = list(ontology or [ontology_file(name) for name in ONTOLOGY_FILES])
    if engine == "pyshacl":
        graph = _rdflib(data)
        return Report(results=_pyshacl(graph, shapes_graph, ontology_files), triples=len(graph))
    from kg.graph.shacl_sparql import compile_shapes

    store = data if isinstance(data, pyoxigraph.Store) else _store(data)
    # Named graphs are checked as one graph, their union; a graph that is all
    # in the default graph is queried as it is, which is faster.
    union = any(True for _ in store.named_graphs())
    triples = _triple_count(store, union)
    added = _add_ontology(store, ontology_files, union)
    try:
        subclasses = _subclasses(store, union)
        compiled = compile_shapes(shapes_graph, subclasses)
        results = _run_checks(compiled.checks, store, shapes_graph, union, subclasses)
    finally:
        for quad in added:
            store.remove(quad)
    if compiled.rest:
        # Only the shapes left over keep their targets, so pySHACL checks those alone.
        rest = set(compiled.rest)
        leftover = rdflib.Graph()
        for triple in shapes_graph:
            if triple[1] in _TARGETS and triple[0] not in rest:
                continue
            leftover.add(triple)
        results += _pyshacl(_rdflib(store), leftover, ontology_files)
    return Report(results=_sorted(results), triples=triples)


_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}


def _sorted(results: list[Result]) -> list[Result]:
    return sorted(results, key=lambda r: (r.severity != "violation", r.focus, r.shape, r.path, r.message, r.component, r.value))


def _rdflib(data: Data) -> rdflib.Graph:
    if isinstance(data, rdflib.Graph):
        return data
    return rdflib_graph(item.triple if isinstance(item, pyoxigraph.Quad) else item for item in data)


def _store(data: Data) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    if isinstance(data, rdflib.Graph):
        data = (pyoxigraph.Triple(*(from_rdflib(term) for term in triple)) for triple in data)
    store.bulk_extend(
        item if isinstance(item, pyoxigraph.Quad) else pyoxigraph.Quad(item.subject, item.predicate, item.object)
        for item in data
    )
    return store


def _triple_count(store: pyoxigraph.Store, union: bool) -> int:
    """Distinct triples over all graphs, as pySHACL's one graph of them counts."""
    if not union:
        return len(store)
    query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)


def _add_ontology(store: pyoxigraph.Store, files: Sequence[str | Path], union: bool) -> list[pyoxigraph.Quad]:
    """Add the ontology's triples the store lacks (pySHACL mixes it into the data); the quads added."""
    from kg.graph.store import format_of

    graph = _ONTOLOGY_GRAPH if union else pyoxigraph.DefaultGraph()
    added: dict[pyoxigraph.Quad, None] = {}
    for file in files:
        try:
            for quad in pyoxigraph.parse(path=file, format=format_of(Path(file))):
                quad = pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, graph)
                if quad not in store:
                    added[quad] = None
        except (OSError, SyntaxError, ValueError) as problem:
            raise ValidationError(f"{file}: cannot read: {' '.join(str(problem).split())}") from None
    store.extend(added)
    return list(added)


def _subclasses(store: pyoxigraph.Store, union: bool):
    """A class and its subclasses in the store (ontology included), asked once per class."""
    known: dict[str, list[str]] = {}

    def subclasses(iri: str) -> list[str]:
        if iri not in known:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{rdflib.RDFS.subClassOf}>* <{iri}> FILTER (isIRI(?c)) }}"
            found = {row["c"].value for row in store.query(query, use_default_graph_as_union=union)}
            known[iri] = sorted(found | {iri})
        return known[iri]

    return subclasses


def _run_checks(checks, store: pyoxigraph.Store, shapes: rdflib.Graph, union: bool, subclasses=None) -> list[Result]:
    from kg.graph.shacl_sparql import detail_checks

    results: list[Result] = []
    # Each round: checks, and how many times each of their focus nodes is to
    # be reported (pySHACL repeats a value's details under every result that
    # has it as value); None for the targeted shapes themselves.
    rounds: list[tuple[list, Counter | None, int]] = [(checks, None, 0)]
    while rounds:
        checks, weights, depth = rounds.pop(0)
        failing: dict = {}
        for check in checks:
            for result, this, value, detail in _check_results(check, store, shapes, union):
                weight = weights[this] if weights is not None else 1
                results += [result] * weight
                if detail is not None:
                    failing.setdefault(detail, Counter())[value] += weight
        if depth < _MAX_DEPTH:
            for shape, counter in failing.items():
                checks = detail_checks(shapes, shape, sorted(counter, key=str), subclasses)
                rounds.append((checks, counter, depth + 1))
    return results


# sh:node chains deeper than this are recursive shapes, which pySHACL also stops following.
_MAX_DEPTH = 16


def _check_results(check, store: pyoxigraph.Store, shapes: rdflib.Graph, union: bool) -> Iterator[tuple[Result, object, object, object]]:
    from kg.graph.shacl_sparql import format_message, run

    shape = check.shape
    if isinstance(shape, rdflib.BNode):
        shape = shapes.value(predicate=SH.property, object=shape) or shape
    solutions = run(check, store, union)
    variables = [v.value for v in solutions.variables]
    for row in solutions:
        this = row["this"]
        value = row["value"] if "value" in variables else None
        if value is None and check.focus_is_value:
            value = this
        path = row["path"] if "path" in variables else None
        messages = check.messages
        if check.substitute:
            messages = tuple(format_message(m, row, variables) for m in messages)
        flagged = [(f.component, f.detail) for f in check.flags if row[f.variable[1:]].value == "true"]
        for component, detail in flagged or [(check.component, check.detail)]:
            result = Result(
                severity=SEVERITIES.get(check.severity, str(check.severity)),
                focus=_term(this),
                shape=_show(shape),
                path=_term(path) if path is not None else (_show(check.path) if check.path is not None else ""),
                message="; ".join(sorted(messages)) or component + "ConstraintComponent",
                component=component,
                value=_term(value),
                focus_iri=this.value,
            )
            yield result, this, value, detail


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return "[]"
    return _writer.term(term)


def _pyshacl(graph: rdflib.Graph, shapes_graph: rdflib.Graph, ontology_files) -> list[Result]:
    import pyshacl

    _, results_graph, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph,
        ont_graph=_read(ontology_files),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return _sorted([
        _result(results_graph, shapes_graph, node) for node in results_graph.subjects(rdflib.RDF.type, SH.ValidationResult)
    ])


def _read(files: Sequence[str | Path]) -> rdflib.Graph:
    return read_graph(files, ValidationError)


def _result(report: rdflib.Graph, shapes: rdflib.Graph, node) -> Result:
    def one(predicate):
        return report.value(node, predicate)

    shape = one(SH.sourceShape)
    path = one(SH.resultPath)
    if isinstance(shape, rdflib.BNode):
        # A property shape is a blank node inside a node shape: name the node
        # shape, the path says which property.
        path = path if path is not None else shapes.value(shape, SH.path)
        shape = shapes.value(predicate=SH.property, object=shape) or shape
    component = one(SH.sourceConstraintComponent)
    value = one(SH.value)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    return Result(
        severity=SEVERITIES.get(one(SH.resultSeverity), str(one(SH.resultSeverity))),
        focus=_show(one(SH.focusNode)),
        shape=_show(shape),
        path=_show(path) if path is not None else "",
        message="; ".join(messages) or _local(component),
        component=_local(component).removesuffix("ConstraintComponent"),
        value=_show(value) if value is not None else "",
        focus_iri=str(one(SH.focusNode)),
    )


def _show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return "[]"  # a blank node's label means nothing to the reader
    return _writer.term(from_rdflib(term))


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1] if term is not None else ""
