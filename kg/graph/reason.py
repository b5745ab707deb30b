"""OWL 2 RL reasoning: the triples the ontology implies but the extractor did not write.

    >>> from kg.graph.reason import closure
    >>> inferred = closure(result.triples())      # a set of pyoxigraph Triples

What is kept of the closure is what a user queries (see docs/reasoning.md):

- class membership in skg:, foaf:, schema:, prov: and skos: classes
  (an skg:Person is also an skg:Actor, a foaf:Person, a prov:Agent);
- super-properties (a demand is a support: ``skg:demands`` ⊑ ``skg:supports``
  ⊑ ``skg:hasStanceOn``; ``skg:speaker`` ⊑ ``prov:wasAttributedTo``);
- inverses (``skg:holds``, ``skg:participatedIn``, ``skg:hasPart``);
- the transitive ``skg:partOf``.

Dropped: axiom noise (owl:Thing, rdfs:Resource, reflexive owl:sameAs, typed
literals), anything about the ontology's own terms, and triples whose subject
or object is a literal or a blank node.

owl:sameAs is not reasoned with. The data links actors to Wikidata with it so
that a user can look them up; as an identity it would copy every statement of
an actor onto the Wikidata IRI, and merge two actors the gazetteer happens to
give one Wikidata item (a government and its country). For the same reason
the sameAs that functional properties imply for malformed data (a position
with two holders) is not drawn: ``kg validate`` reports that data instead.

Two engines compute the same kept triples on this ontology (the tests compare
them on the seeds graph):

- ``owlrl``: the full OWL 2 RL closure of ontology + data by owlrl, then the
  filter above. Pure Python, about 0.4 ms per data triple: fine for a few
  thousand articles' worth of triples, hopeless at a million.
- ``rules``: owlrl closes the ontology alone (subclass and sub-property
  chains, inherited domains and ranges, equivalences); from that closed schema
  the instance rules that produce kept triples (cax-sco, prp-dom, prp-rng,
  prp-spo1, prp-inv1/2, prp-symp, prp-trp) become SPARQL updates that
  pyoxigraph runs to a fixpoint. Rules the ontology does not use (restrictions,
  property chains) are not compiled; ``check_rules_cover`` refuses an
  ontology that uses them, so a richer ontology cannot silently lose
  inferences. About 1 s at 10^5 data triples, 13 s at 10^6.

``auto`` (the default) takes the rules when they cover the ontology and owlrl
when they do not, so the answer never depends on the size of the graph.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import rdflib
from pyoxigraph import NamedNode, Quad, Triple

from kg import vocab
from kg.errors import KGError
from kg.resources import ontology_file
from kg.graph.terms import from_rdflib, read_graph, to_rdflib

# The named graph inferred triples are written to (TriG, N-Quads, a store), so
# that what was derived can be told from what was read.
INFERRED_GRAPH = NamedNode(vocab.BASE + "graph/inferred")

ONTOLOGY_FILES = ("stakeholder.ttl", "topics.ttl")
ENGINES = ("auto", "owlrl", "rules")

RDF_TYPE = vocab.RDF + "type"
# Classes a user queries by; membership in others (owl:Thing, rdfs:Resource,
# owl:Class, xsd datatypes) is axiom noise.
CLASS_NAMESPACES = (vocab.SKG, vocab.FOAF, vocab.SCHEMA, vocab.PROV, vocab.SKOS)
# Subjects in these namespaces are terms of a vocabulary, never data.
TERM_NAMESPACES = (vocab.SKG, vocab.RDF, vocab.RDFS, vocab.OWL, vocab.XSD, vocab.SKOS)
# OWL constructs with instance rules that type nodes or relate them, which the
# rules engine does not compile. (Constructs that only ever imply owl:sameAs
# or an inconsistency, such as keys, cardinalities and disjointness, do not
# matter here: neither engine draws those conclusions.)
UNCOMPILED = tuple(
    vocab.OWL + name
    for name in (
        "someValuesFrom", "allValuesFrom", "hasValue", "intersectionOf", "unionOf", "oneOf",
        "propertyChainAxiom",
    )
)
# Declarations whose only conclusion is owl:sameAs between two nodes.
IDENTIFYING = tuple(vocab.OWL + name for name in ("FunctionalProperty", "InverseFunctionalProperty"))


class ReasonError(KGError):
    """A reasoning request that cannot be done as asked."""


@dataclass(frozen=True)
class Schema:
    """The ontology, closed by owlrl, as the pairs the instance rules need."""

    graph: rdflib.Graph
    terms: frozenset[str]
    object_properties: frozenset[str]
    sub_properties: tuple[tuple[str, str], ...]
    inverses: tuple[tuple[str, str], ...]
    transitive: tuple[str, ...]
    domains: tuple[tuple[str, str], ...]
    ranges: tuple[tuple[str, str], ...]
    sub_classes: tuple[tuple[str, str], ...]
    uncompiled: tuple[str, ...]


def default_ontology() -> tuple[Path, ...]:
    return tuple(ontology_file(name) for name in ONTOLOGY_FILES)


@functools.lru_cache(maxsize=4)
def schema(files: tuple[Path, ...] | None = None) -> Schema:
    """Read and close the ontology files (cached: the same files give the same schema)."""
    files = files or default_ontology()
    graph = read_graph(files, ReasonError, "cannot read the ontology")
    closed = rdflib.Graph()
    for triple in graph:
        closed.add(triple)
    _expand(closed)
    R, O = rdflib.RDFS, rdflib.OWL

    def pairs(predicate) -> tuple[tuple[str, str], ...]:
        found = {
            (str(s), str(o))
            for s, o in closed.subject_objects(predicate)
            if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef) and s != o
            # Every class is under owl:Thing: a rule that says so only adds noise.
            and o not in (O.Thing, R.Resource)
        }
        return tuple(sorted(found))

    inverses = set(pairs(O.inverseOf))
    inverses |= {(q, p) for p, q in inverses}
    inverses |= {(str(p), str(p)) for p in closed.subjects(rdflib.RDF.type, O.SymmetricProperty)}
    used = {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, rdflib.RDF.type)}
    return Schema(
        graph=graph,
        terms=frozenset(str(s) for s in graph.subjects() if isinstance(s, rdflib.URIRef)),
        object_properties=frozenset(
            str(p)
            for kind in (O.ObjectProperty, O.TransitiveProperty, O.SymmetricProperty)
            for p in closed.subjects(rdflib.RDF.type, kind)
            if isinstance(p, rdflib.URIRef) and not str(p).startswith((vocab.RDF, vocab.RDFS, vocab.OWL))
        ),
        sub_properties=pairs(R.subPropertyOf),
        inverses=tuple(sorted(inverses)),
        transitive=tuple(sorted(str(p) for p in closed.subjects(rdflib.RDF.type, O.TransitiveProperty))),
        domains=pairs(R.domain),
        ranges=pairs(R.range),
        sub_classes=pairs(R.subClassOf),
        uncompiled=tuple(sorted(name for name in UNCOMPILED if name in used)),
    )


def _expand(graph: rdflib.Graph) -> None:
    # No axiomatic or datatype triples: they are all noise we would drop again.
    import owlrl

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)


# --- the closure ---------------------------------------------------------------------

Data = Iterable[Triple] | Iterable[Quad] | rdflib.Graph | pyoxigraph.Store


def closure(
    data: Data,
    ontology: Sequence[str | Path] | None = None,
    engine: str = "auto",
) -> set[Triple]:
    """The inferred triples worth keeping (see the module doc), none of them in ``data``.

    ``data`` is a set of pyoxigraph Triples (``IngestResult.triples()``), an
    rdflib Graph, or a pyoxigraph Store (all its graphs but INFERRED_GRAPH,
    which holds an earlier closure). ``ontology`` are the ontology files
    (default: the packaged stakeholder.ttl and topics.ttl).
    """
    if engine not in ENGINES:
        raise ReasonError(f"unknown reasoning engine {engine!r}; use one of {', '.join(ENGINES)}")
    closed = schema(tuple(Path(file) for file in ontology) if ontology else None)
    triples = data_triples(data)
    if engine == "auto":
        engine = "owlrl" if closed.uncompiled else "rules"
    if engine == "owlrl":
        return _owlrl_closure(triples, closed)
    check_rules_cover(closed)
    return _rules_closure(triples, closed)


def data_triples(data: Data) -> list[Triple]:
    """The asserted triples of ``data`` as pyoxigraph Triples, an earlier closure left out."""
    if isinstance(data, pyoxigraph.Store):
        return [quad.triple for quad in data if quad.graph_name != INFERRED_GRAPH]
    if isinstance(data, rdflib.Graph):
        return [Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in data]
    triples = []
    for item in data:
        if isinstance(item, Quad):
            if item.graph_name == INFERRED_GRAPH:
                continue
            item = item.triple
        triples.append(item)
    return triples


def kept(triple: Triple, closed: Schema) -> bool:
    """Is an inferred triple one a user asks for, rather than axiom noise?"""
    subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
    if not isinstance(subject, NamedNode) or not isinstance(obj, NamedNode):
        return False
    if subject.value in closed.terms or subject.value.startswith(TERM_NAMESPACES):
        return False
    if predicate == RDF_TYPE:
        return obj.value.startswith(CLASS_NAMESPACES)
    return predicate in closed.object_properties


def check_rules_cover(closed: Schema) -> None:
    """Refuse an ontology whose inferences the rules engine would miss."""
    if closed.uncompiled:
        raise ReasonError(
            "the ontology uses "
            + ", ".join("owl:" + name[len(vocab.OWL):] for name in closed.uncompiled)
            + ", which the rules engine does not compile; use --engine owlrl"
        )


def _owlrl_closure(triples: list[Triple], closed: Schema) -> set[Triple]:
    graph = rdflib.Graph()
    identifying = {rdflib.URIRef(iri) for iri in IDENTIFYING}
    for triple in closed.graph:
        # Without these, owlrl would merge the two holders of a malformed
        # position and copy their triples onto each other (see the module doc).
        if not (triple[1] == rdflib.RDF.type and triple[2] in identifying):
            graph.add(triple)
    same_as = rdflib.OWL.sameAs
    for triple in triples:
        s, p, o = (to_rdflib(term) for term in (triple.subject, triple.predicate, triple.object))
        if p != same_as:
            graph.add((s, p, o))
    before = set(graph)
    _expand(graph)
    asserted = set(triples)
    inferred = set()
    for s, p, o in graph:
        # Literal subjects (owlrl types literals by their datatype) are noise
        # that pyoxigraph cannot even hold.
        if (s, p, o) in before or p == same_as or isinstance(s, rdflib.Literal):
            continue
        triple = Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))
        if triple not in asserted and kept(triple, closed):
            inferred.add(triple)
    return inferred


# The data lives in its own named graph, and the rules read every graph
# (GRAPH ?g), so that a rule sees data and earlier inferences alike while what
# it writes stays apart in INFERRED_GRAPH.
_DATA_GRAPH = NamedNode(vocab.BASE + "graph/asserted")


def _rules_closure(triples: list[Triple], closed: Schema) -> set[Triple]:
    store = pyoxigraph.Store()
    store.bulk_extend(Quad(t.subject, t.predicate, t.object, _DATA_GRAPH) for t in triples)
    property_rules, type_rules = rule_updates(closed)
    # Two strata. No compiled rule derives a property from a type, so the
    # property rules run to their fixpoint first; then, with every property
    # triple in place and the schema's domains, ranges and subclasses already
    # closed, one pass of the type rules is complete. Running them in the
    # fixpoint loop as well would cost a full scan per round for nothing.
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {INFERRED_GRAPH} {{ ?s ?p ?o }} }}"
    size = -1
    while True:
        grown = int(next(iter(store.query(count)))["n"].value)
        if grown == size:
            break
        size = grown
        for update in property_rules:
            store.update(update)
    for update in type_rules:
        store.update(update)
    return {
        quad.triple
        for quad in store.quads_for_pattern(None, None, None, INFERRED_GRAPH)
        if kept(quad.triple, closed)
    }


def rule_updates(closed: Schema) -> tuple[list[str], list[str]]:
    """The instance rules of OWL 2 RL the closed schema needs, as SPARQL updates:
    those that derive property triples, and those that derive types (in the
    order they must run: cax-sco last, over the types the others added)."""
    graph = str(INFERRED_GRAPH)

    def values(names: str, rows) -> str:
        body = " ".join("(" + " ".join(f"<{term}>" for term in row) + ")" for row in rows)
        return f"VALUES ({names}) {{ {body} }}"

    def insert(head: str, body: str, rows, names: str) -> str | None:
        if not rows:
            return None
        return (
            f"INSERT {{ GRAPH {graph} {{ {head} }} }} WHERE {{ {values(names, rows)} {body} "
            f"FILTER NOT EXISTS {{ GRAPH ?seen {{ {head} }} }} }}"
        )

    # DISTINCT before the NOT EXISTS: a subject has many triples of one
    # property, and the type needs checking once.
    typed = "{{ SELECT DISTINCT ?x ?c WHERE {{ {values} GRAPH ?g {{ {pattern} }} {filter} }} }}"
    property_rules = [
        # prp-spo1 (and prp-eqp1/2, which the closed schema turned into sub-properties)
        insert("?s ?q ?o", "GRAPH ?g { ?s ?p ?o }", closed.sub_properties, "?p ?q"),
        # prp-inv1/2, prp-symp
        insert("?o ?q ?s", "GRAPH ?g { ?s ?p ?o } FILTER(!isLiteral(?o))", closed.inverses, "?p ?q"),
        # prp-trp: each round joins paths of the last, so n rounds reach 2^n steps.
        insert("?s ?p ?o", "GRAPH ?g { ?s ?p ?m } GRAPH ?h { ?m ?p ?o }", [(p,) for p in closed.transitive], "?p"),
    ]
    type_rules = []
    for pairs, pattern, extra in (
        (closed.domains, "?x ?p ?o", ""),  # prp-dom
        (closed.ranges, "?s ?p ?x", "FILTER(!isLiteral(?x))"),  # prp-rng
        (closed.sub_classes, "?x a ?p", ""),  # cax-sco (and cax-eqc1/2)
    ):
        if pairs:
            subquery = typed.format(values=values("?p ?c", pairs), pattern=pattern, filter=extra)
            type_rules.append(
                f"INSERT {{ GRAPH {graph} {{ ?x a ?c }} }} WHERE {{ {subquery} "
                f"FILTER NOT EXISTS {{ GRAPH ?seen {{ ?x a ?c }} }} }}"
            )
    return [rule for rule in property_rules if rule], type_rules


# --- writing data + inferences ----------------------------------------------------------

QUAD_SUFFIXES = (".trig", ".nq", ".nquads")
TRIPLE_SUFFIXES = (".ttl", ".turtle", ".nt", ".ntriples")


def output_format(path: str | Path, named_graph: bool = False) -> str:
    """The format written to ``path``: trig, nq, turtle or nt, from its extension.

    With ``named_graph`` only the formats that can hold INFERRED_GRAPH are
    accepted (what `kg ingest --reason` needs: its output must keep the data).
    """
    suffix = Path(path).suffix.lower()
    formats = {".trig": "trig", ".nq": "nq", ".nquads": "nq"}
    if not named_graph:
        formats |= {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt"}
    if suffix in formats:
        return formats[suffix]
    if named_graph:
        raise ReasonError(
            f"{path}: the inferences go to a named graph, which only TriG and N-Quads hold;"
            " write to a .trig or .nq file"
        )
    known = ", ".join(QUAD_SUFFIXES + TRIPLE_SUFFIXES)
    raise ReasonError(f"{path}: cannot tell the format from {suffix or 'no extension'!r}; use one of {known}")


def write(path: str | Path, data: Iterable[Triple], inferred: Iterable[Triple], merge: bool = False) -> None:
    """Write data and inferences so that a reader can tell them apart.

    TriG / N-Quads: the data in the default graph, the inferences in
    INFERRED_GRAPH. Turtle / N-Triples hold one graph: only the inferences
    (load them next to the data file). With ``merge``, data and inferences
    together in one graph, in any format: for stores that ignore named graphs,
    at the price of no longer telling them apart.
    """
    from kg.graph import turtle

    fmt = output_format(path)
    if merge:
        text = turtle.serialize(set(data) | set(inferred), "nt" if fmt in ("nt", "nq") else "turtle")
    elif fmt in ("trig", "nq"):
        text = turtle.serialize_dataset(data, {INFERRED_GRAPH.value: inferred}, fmt)
    else:
        text = turtle.serialize(inferred, fmt)
    turtle.write_atomic(path, text)
