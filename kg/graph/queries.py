"""Canned and ad hoc SPARQL queries over the graph.

A canned query is a file ``queries/NAME.rq`` whose header comments say what it
answers and which parameters it takes::

    # title: Who opposes a topic
    # description: Every actor reported to oppose TOPIC, with evidence and article.
    # param: topic (topic, required) a topic's local name or one of its labels
    # inference: none

A parameter ``topic`` is the query variable ``?topic``. Its value is resolved
to an RDF term (a topic or actor IRI, a literal) and bound to the variable,
never pasted into the query text. The query must project that variable
(pyoxigraph refuses to substitute a variable the SELECT clause does not
name), so parameter columns hold the resolved term.

Where the answers come from is a Backend: the embedded pyoxigraph store here;
a remote SPARQL endpoint can implement the same ``select`` and turn the
bindings into a VALUES block with ``inline_bindings``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph

from kg.errors import QueryError
from kg.resources import queries_dir
from kg.graph.results import Rows, Term
from kg.graph.sparql_text import inline_bindings, one_line, syntax_message
from kg.vocab import ACTOR, PREFIXES, TOPIC, XSD, slug

__all__ = [
    "Backend",
    "CannedQuery",
    "LocalBackend",
    "Param",
    "Rows",
    "backend_for",
    "get",
    "inline_bindings",
    "list_queries",
    "query",
    "resolve_param",
    "run",
]

PARAM_KINDS = ("topic", "actor", "string", "integer")
INFERENCE = ("none", "optional", "required")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    required: bool
    description: str


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    inference: str = "none"
    text: str = ""
    # Parameter values that make a good first question ("topic=Ceasefire"),
    # used by `kg query --all` and shown by `kg queries`.
    example: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Param:
        for param in self.params:
            if param.name == name:
                return param
        names = ", ".join(param.name for param in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r}; its parameters: {names}")


# --- backends --------------------------------------------------------------------


@runtime_checkable
class Backend(Protocol):
    """Something that answers SELECT queries, with variables bound to terms."""

    def select(self, text: str, bindings: Mapping[str, Term]) -> Rows: ...


class LocalBackend:
    """The embedded pyoxigraph store.

    Queries see the union of all graphs, and the project prefixes are declared
    for them (a query may still declare its own). With ``union=False`` they
    see the default graph only: for a store whose default graph already holds
    the union (kg.graph.diskstore), where the union would repeat shared triples.
    """

    def __init__(self, store: pyoxigraph.Store, union: bool = True):
        self.store = store
        self.union = union

    def select(self, text: str, bindings: Mapping[str, Term]) -> Rows:
        substitutions = {pyoxigraph.Variable(name): term for name, term in bindings.items()}
        try:
            answer = self.store.query(
                text,
                prefixes=PREFIXES,
                use_default_graph_as_union=self.union,
                substitutions=substitutions or None,
            )
            return _rows(answer)
        except SyntaxError as error:
            raise QueryError(syntax_message(text, str(error))) from None
        except (RuntimeError, ValueError) as error:
            message = one_line(str(error))
            if "SELECT projection" in message:
                # pyoxigraph binds only variables the query returns.
                message += "; a parameter must also be a column of the query (SELECT ?name ...)"
            raise QueryError(f"query failed: {message}") from None


def _rows(answer) -> Rows:
    if isinstance(answer, pyoxigraph.QuerySolutions):
        columns = [variable.value for variable in answer.variables]
        # A solution iterates its values in column order: a third faster than
        # looking each up by name, which shows on answers of 10^4 rows and more.
        return Rows(columns, [tuple(solution) for solution in answer])
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return Rows(["ask"], [(pyoxigraph.Literal(bool(answer)),)])
    # CONSTRUCT and DESCRIBE: one row per triple.
    return Rows(["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in answer])


def backend_for(source: pyoxigraph.Store | Backend) -> Backend:
    if isinstance(source, pyoxigraph.Store):
        return LocalBackend(source)
    if isinstance(source, Backend):
        return source
    raise TypeError(f"expected a pyoxigraph.Store or a Backend, got {type(source).__name__}")


def run(source: pyoxigraph.Store | Backend, text: str, bindings: Mapping[str, Term] | None = None) -> Rows:
    """Run a query, its variables bound to the given terms (``{"topic": NamedNode(...)}``)."""
    bindings = dict(bindings or {})
    for name in bindings:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"{name!r} is not a query variable name")
    return backend_for(source).select(text, bindings)


# --- canned queries ---------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|description|param|inference|example)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(?:,\s*(required|optional)\s*)?\)\s*(.*)$")


def list_queries() -> list[CannedQuery]:
    """Every canned query, by name."""
    return [_read(path) for path in sorted(queries_dir().glob("*.rq"))]


def get(name: str) -> CannedQuery:
    """The canned query ``name``; an unknown name lists the closest ones."""
    path = queries_dir() / f"{name}.rq"
    if "/" not in name and path.is_file():
        return _read(path)
    names = [path.stem for path in sorted(queries_dir().glob("*.rq"))]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "see: kg queries"
    raise QueryError(f"unknown query {name!r}; {hint}")


def _read(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    key = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        header = _HEADER.match(line)
        if header:
            key, value = header.groups()
            if key == "param":
                params.append(_param(path, number, value))
            else:
                fields[key] = value.strip()
        elif key and line.strip("# \t"):
            # An indented comment line continues the previous field.
            continued = line.lstrip("#").strip()
            if key == "param":
                last = params[-1]
                params[-1] = Param(last.name, last.kind, last.required, f"{last.description} {continued}".strip())
            else:
                fields[key] = f"{fields[key]} {continued}".strip()
        else:
            key = None
    if "title" not in fields:
        raise QueryError(f"{path}: the header has no '# title:' line")
    inference = fields.get("inference", "none")
    if inference.split(" ", 1)[0] not in INFERENCE:
        raise QueryError(f"{path}: inference must start with one of {', '.join(INFERENCE)}, not {inference!r}")
    return CannedQuery(
        name=path.stem,
        title=fields["title"],
        description=fields.get("description", ""),
        params=params,
        inference=inference,
        text=text,
        example=dict(
            pair.split("=", 1) for pair in fields.get("example", "").split(";") if "=" in pair
        ),
    )


def _param(path: Path, number: int, value: str) -> Param:
    match = _PARAM.match(value.strip())
    if not match or match[2] not in PARAM_KINDS:
        raise QueryError(
            f"{path}:{number}: expected '# param: NAME (KIND, required|optional) description'"
            f" with KIND one of {', '.join(PARAM_KINDS)}"
        )
    name, kind, necessity, description = match.groups()
    return Param(name, kind, necessity != "optional", description.strip())


def query(name: str, source: pyoxigraph.Store | Backend, /, **params: str | Term) -> Rows:
    """Run the canned query ``name`` with parameter values as strings or terms.

    ``query("who-opposes", store, topic="Ceasefire")``
    """
    canned = get(name)
    bindings = {}
    for key, value in params.items():
        if value is None:
            continue
        bindings[key] = resolve_param(source, canned.param(key), value)
    missing = [param for param in canned.params if param.required and param.name not in bindings]
    if missing:
        param = missing[0]
        raise QueryError(f"query {name!r} needs the parameter {param.name}: {param.description}")
    return run(source, canned.text, bindings)


# --- parameter values ---------------------------------------------------------------


def resolve_param(source: pyoxigraph.Store | Backend, param: Param, value: str | Term) -> Term:
    """The RDF term a parameter value names.

    topic: local name, skos:prefLabel or skos:altLabel; actor: rdfs:label,
    skos:altLabel, IRI slug or surname; all case-insensitive. A term passes
    as it is.
    """
    if not isinstance(value, str):
        return value
    if param.kind == "string":
        return pyoxigraph.Literal(value)
    if param.kind == "integer":
        try:
            return pyoxigraph.Literal(str(int(value.strip())), datatype=pyoxigraph.NamedNode(XSD + "integer"))
        except ValueError:
            raise QueryError(f"parameter {param.name} must be an integer, not {value!r}") from None
    backend = backend_for(source)
    if param.kind == "topic":
        return _resolve(value, "topic", _topic_names(backend), "kg query topics")
    if param.kind == "actor":
        return _resolve(value, "actor", _actor_names(backend), "kg query actors")
    raise QueryError(f"parameter {param.name} has an unknown kind {param.kind!r}")


# Names a term goes by, in order of precedence: a value that matches at an
# earlier tier wins over matches at later tiers ("Roe" the label of one
# actor beats "Roe" the surname of another).
Names = dict[str, list[set[str]]]

_TOPIC_NAMES = """
SELECT DISTINCT ?node ?kind ?name WHERE {
  { ?node skos:inScheme topic:scheme } UNION { ?node a skg:Topic } UNION { [] skg:topic ?node }
  OPTIONAL {
    { ?node skos:prefLabel ?name BIND("pref" AS ?kind) }
    UNION
    { ?node skos:altLabel ?name BIND("alt" AS ?kind) }
  }
  FILTER(isIRI(?node))
}
"""

# The actors are made distinct before their names are joined: joining names
# to every statement and position first, and testing the class of every typed
# node, took a second on a graph of a million triples (0.15 s this way).
_ACTOR_NAMES = """
SELECT DISTINCT ?node ?kind ?name WHERE {
  {
    SELECT DISTINCT ?node WHERE {
      { VALUES ?class { skg:Actor skg:Person skg:Organization skg:Country skg:Group } ?node a ?class }
      UNION { ?class rdfs:subClassOf+ skg:Actor . ?node a ?class }
      UNION { [] skg:holder|skg:speaker|skg:participant|skg:host|skg:absent ?node }
      FILTER(isIRI(?node))
    }
  }
  OPTIONAL {
    { ?node rdfs:label ?name BIND("label" AS ?kind) }
    UNION
    { ?node skos:altLabel ?name BIND("alt" AS ?kind) }
  }
}
"""


def _topic_names(backend: Backend) -> Names:
    names: Names = {}
    for node, kind, name in backend.select(_TOPIC_NAMES, {}):
        iri = node.value
        tiers = names.setdefault(iri, [{iri, _local(iri), _prefixed(iri)}, set(), set()])
        if name is not None:
            tiers[1 if kind.value == "pref" else 2].add(name.value)
    return names


def _actor_names(backend: Backend) -> Names:
    names: Names = {}
    for node, kind, name in backend.select(_ACTOR_NAMES, {}):
        iri = node.value
        tiers = names.setdefault(iri, [{iri, _local(iri), _prefixed(iri)}, set(), set(), set()])
        if name is None:
            continue
        if kind.value == "label":
            tiers[1].add(name.value)
            words = name.value.split()
            if len(words) > 1:
                tiers[3].add(words[-1])
        else:
            tiers[2].add(name.value)
    for tiers in names.values():
        # The slug of a label names the actor as well as its IRI does.
        tiers[0] |= {slug(label) for label in tiers[1]}
    return names


def _resolve(value: str, what: str, names: Names, listing: str) -> pyoxigraph.NamedNode:
    wanted = _fold(value.strip().strip("<>"))
    depth = max((len(tiers) for tiers in names.values()), default=0)
    for tier in range(depth):
        found = sorted(iri for iri, tiers in names.items() if wanted in {_fold(name) for name in tiers[tier]})
        if len(found) == 1:
            return pyoxigraph.NamedNode(found[0])
        if found:
            candidates = ", ".join(_describe(iri, names[iri]) for iri in found)
            raise QueryError(f"{what} {value!r} is ambiguous: {candidates}; give the full name")
    labels = {name: iri for iri, tiers in names.items() for tier in tiers[1:3] for name in tier}
    labels.update({_local(iri): iri for iri in names})
    close = sorted(label for label in labels if len(wanted) >= 3 and wanted in _fold(label))[:3]
    if not close:
        close = difflib.get_close_matches(value, sorted(labels), n=3, cutoff=0.6)
    if not close:
        folded = {_fold(label): label for label in labels}
        close = [folded[f] for f in difflib.get_close_matches(wanted, sorted(folded), n=3, cutoff=0.6)]
    hint = f"did you mean {', '.join(repr(name) for name in close)}? " if close else ""
    raise QueryError(f"unknown {what} {value!r}; {hint}list them: {listing} -d FILE")


def _describe(iri: str, tiers: list[set[str]]) -> str:
    label = sorted(tiers[1])[0] if tiers[1] else _local(iri)
    return f"{label} ({_prefixed(iri)})"


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def _prefixed(iri: str) -> str:
    for prefix, namespace in (("topic", TOPIC), ("actor", ACTOR)):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _fold(text: str) -> str:
    """Case, accents, curly apostrophes and spacing do not tell names apart."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = bare.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(bare.casefold().split())

