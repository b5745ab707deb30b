"""SHACL validation of a stakeholder graph with pySHACL and ontology/shapes.ttl.

    >>> from kg.validate import validate
    >>> report = validate(result.triples())
    >>> report.conforms, [str(v) for v in report.results]

The shapes run with the ontology and the topic scheme as pySHACL's ontology
graph (so that a topic's skos:inScheme is found), no inference (the shapes
check each actor class themselves, see shapes.ttl), and the SPARQL-based
constraints on (offsets inside the article, quote equal to the text between
them). Warnings (sh:Warning, sh:Info) are reported but do not make the graph
fail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.namespace import SH

from kg import vocab
from kg.errors import KGError
from kg.resources import ontology_file
from kg.terms import from_rdflib, rdflib_graph, read_graph
from kg.turtle import Writer

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


def validate(
    data: Data,
    shapes: str | Path | None = None,
    ontology: Sequence[str | Path] | None = None,
) -> Report:
    """Check ``data`` (all graphs of it, inferences included) against the shapes."""
    import pyshacl

    if isinstance(data, rdflib.Graph):
        graph = data
    else:
        graph = rdflib_graph(item.triple if isinstance(item, pyoxigraph.Quad) else item for item in data)
    shapes_graph = _read([shapes or ontology_file(SHAPES_FILE)])
    ontology_graph = _read(ontology or [ontology_file(name) for name in ONTOLOGY_FILES])
    _, results_graph, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph,
        ont_graph=ontology_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    results = sorted(
        (_result(results_graph, shapes_graph, node) for node in results_graph.subjects(rdflib.RDF.type, SH.ValidationResult)),
        key=lambda r: (r.severity != "violation", r.focus, r.shape, r.path, r.message),
    )
    return Report(results=results, triples=len(graph))


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
