"""RDF terms between pyoxigraph (the project's store and writer) and rdflib (what owlrl and pySHACL take)."""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Triple


def to_rdflib(term):
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def from_rdflib(term):
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if term.language:
        return Literal(str(term), language=term.language)
    if term.datatype:
        return Literal(str(term), datatype=NamedNode(str(term.datatype)))
    return Literal(str(term))


def rdflib_graph(triples: Iterable[Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def read_graph(files: Iterable, error: type[Exception], what: str = "cannot read") -> rdflib.Graph:
    """Parse RDF files into one rdflib graph; a bad file raises ``error`` with one line."""
    graph = rdflib.Graph()
    for file in files:
        try:
            graph.parse(file)
        except (OSError, SyntaxError, ValueError) as problem:
            raise error(f"{file}: {what}: {' '.join(str(problem).split())}") from None
    return graph
