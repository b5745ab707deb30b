"""SHACL shapes compiled to whole-graph SPARQL queries for pyoxigraph.

pySHACL checks each constraint once per focus node, through rdflib: hours at
a million triples. Here each constraint of a targeted shape becomes one
SELECT over the whole graph that returns the focus nodes (and values) that
violate it, and the store's engine answers it in one pass.

What compiles: targets (sh:targetClass, sh:targetNode, sh:targetSubjectsOf,
sh:targetObjectsOf), any SHACL property path, sh:minCount, sh:maxCount,
sh:hasValue, sh:lessThan, sh:lessThanOrEquals, sh:class, sh:datatype,
sh:nodeKind, sh:in, sh:minLength, sh:maxLength, sh:pattern, the four value
ranges, sh:node, sh:or, sh:and, sh:not, and SPARQL-based constraints
(sh:sparql with sh:select). A targeted shape that uses anything else, or a
property shape without sh:message (pySHACL's generic messages are not
reproduced), is not compiled: ``compile_shapes`` lists it in ``rest`` for
pySHACL to check.

The results are pySHACL's: the same focus nodes, values, paths, shapes,
severities and messages (tests/test_validate.py compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# sh: predicates that describe a shape without constraining anything.
_NEUTRAL = {
    SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group, SH.path, SH.property,
    SH.deactivated, SH.defaultValue, SH.declare, SH.prefixes, *_TARGETS,
}
# Constraints on each value node on its own (a boolean per value).
_VALUE = {
    SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minLength, SH.maxLength, SH.pattern, SH.flags,
    SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.node, SH["or"], SH["and"], SH["not"],
}
# Constraints on all values of a focus node together.
_FOCUS = {SH.minCount, SH.maxCount, SH.hasValue, SH.lessThan, SH.lessThanOrEquals}
_COMPONENT = {
    SH["class"]: "Class", SH.datatype: "Datatype", SH.nodeKind: "NodeKind", SH["in"]: "In",
    SH.minLength: "MinLength", SH.maxLength: "MaxLength", SH.pattern: "Pattern",
    SH.minInclusive: "MinInclusive", SH.maxInclusive: "MaxInclusive", SH.minExclusive: "MinExclusive",
    SH.maxExclusive: "MaxExclusive", SH.node: "Node", SH["or"]: "Or", SH["and"]: "And", SH["not"]: "Not",
    SH.minCount: "MinCount", SH.maxCount: "MaxCount", SH.hasValue: "HasValue", SH.lessThan: "LessThan",
    SH.lessThanOrEquals: "LessThanOrEquals",
}
_SHAPE_TESTS = {SH["class"], SH.node, SH["or"], SH["and"], SH["not"]}
_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
# Datatypes whose ill-typed literals ("abc"^^xsd:integer) SHACL counts as not
# of the datatype: the cast to the type fails on them.
_CASTS = {XSD.integer, XSD.decimal, XSD.boolean, XSD.date, XSD.dateTime}
_PREBOUND = re.compile(r"\$(?!this\b|PATH\b)[A-Za-z_]\w*")


class Unsupported(Exception):
    """A shape uses something this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    """One constraint of a targeted shape as a query for its violations.

    The query selects ``?this`` and, where the result has one, ``?value``
    (and, for SPARQL-based constraints, the variables of their messages).
    """

    query: str
    shape: rdflib.term.Node  # the source shape (a property shape's node)
    severity: rdflib.URIRef
    component: str
    path: rdflib.term.Node | None
    messages: tuple[str, ...]
    substitute: bool = False  # SPARQL-based: {?var} in messages are filled in
    focus_is_value: bool = False  # the focus node is the result's value
    # sh:node: pySHACL also reports the results of each failing value against
    # that shape (as sh:detail), once per shape and value.
    detail: rdflib.term.Node | None = None
    # Several constraints on the same values in one query (one pass over the
    # graph, not one each): a row is a result for each flag variable that is
    # true, with that flag's component and sh:node shape.
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Flag:
    variable: str
    component: str
    detail: rdflib.term.Node | None = None


@dataclass
class Compiled:
    checks: list[Check] = field(default_factory=list)
    rest: list[rdflib.term.Node] = field(default_factory=list)  # targeted shapes left to pySHACL


Subclasses = Callable[[str], list[str]]


def compile_shapes(shapes: rdflib.Graph, subclasses: Subclasses | None = None) -> Compiled:
    """Every targeted, active shape of ``shapes`` as checks, or in ``rest``.

    ``subclasses(iri)`` lists a class and all its subclasses in the graph to
    be checked: given, sh:class and sh:targetClass test rdf:type against that
    list instead of following rdfs:subClassOf* for every node, which is most
    of the time at a million triples.
    """
    compiled = Compiled()
    targeted = {s for target in _TARGETS for s in shapes.subjects(target, None)}
    for shape in sorted(targeted, key=str):
        if _deactivated(shapes, shape):
            continue
        try:
            compiled.checks.extend(_Compiler(shapes, subclasses).shape_checks(shape))
        except Unsupported:
            compiled.rest.append(shape)
    return compiled


def detail_checks(shapes: rdflib.Graph, shape, values: list, subclasses: Subclasses | None = None) -> list[Check]:
    """The checks of ``shape`` on the given focus nodes (for sh:node details)."""
    nodes = " ".join(str(v) for v in values if not isinstance(v, pyoxigraph.BlankNode))
    return _Compiler(shapes, subclasses).shape_checks(shape, f"{{ VALUES ?this {{ {nodes} }} }}")


def run(check: Check, store: pyoxigraph.Store, union: bool = True) -> pyoxigraph.QuerySolutions:
    """The check's violations; ``union``: the store's named graphs are read as one graph."""
    return store.query(check.query, use_default_graph_as_union=union)


def format_message(message: str, row: pyoxigraph.QuerySolution, variables: list[str]) -> str:
    """pySHACL's substitution of {?var} and {$var} by the value of var."""
    for name in variables:
        term = row[name]
        if term is not None:
            message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _: term.value, message)
    return message


def _deactivated(shapes: rdflib.Graph, shape) -> bool:
    return any(bool(v.toPython()) is True for v in shapes.objects(shape, SH.deactivated) if isinstance(v, rdflib.Literal))


def _iri(node) -> rdflib.URIRef:
    if not isinstance(node, rdflib.URIRef):
        raise Unsupported(f"{node} as a class")
    return node


def _term(node) -> str:
    if isinstance(node, rdflib.URIRef):
        return f"<{node}>"
    if isinstance(node, rdflib.Literal):
        return node.n3()
    raise Unsupported(f"blank node {node} as a constraint value")


class _Compiler:
    def __init__(self, shapes: rdflib.Graph, subclasses: Subclasses | None = None) -> None:
        self.g = shapes
        self.subclasses = subclasses
        self._fresh = 0

    def var(self) -> str:
        self._fresh += 1
        return f"?_v{self._fresh}"

    # --- what a shape says -----------------------------------------------------

    def params(self, shape) -> dict:
        found: dict = {}
        for predicate, value in self.g.predicate_objects(shape):
            if not str(predicate).startswith(str(SH)) or predicate in _NEUTRAL:
                continue
            if predicate not in _VALUE and predicate not in _FOCUS and predicate != SH.sparql:
                raise Unsupported(str(predicate))
            found.setdefault(predicate, []).append(value)
        return found

    def one(self, shape, predicate):
        return self.g.value(shape, predicate)

    def items(self, node) -> list:
        return list(Collection(self.g, node))

    def messages(self, node) -> tuple[str, ...]:
        return tuple(sorted(str(m) for m in self.g.objects(node, SH.message)))

    def severity(self, shape) -> rdflib.URIRef:
        return self.one(shape, SH.severity) or SH.Violation

    def path(self, node) -> str:
        if isinstance(node, rdflib.URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        for predicate, template in (
            (SH.inversePath, "^{}"), (SH.alternativePath, None), (SH.zeroOrMorePath, "{}*"),
            (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?"),
        ):
            inner = self.one(node, predicate)
            if inner is None:
                continue
            if template is None:
                return "(" + "|".join(self.path(p) for p in self.items(inner)) + ")"
            return template.format("(" + self.path(inner) + ")")
        raise Unsupported(f"path {node}")

    def target(self, shape) -> str:
        parts = []
        for cls in self.g.objects(shape, SH.targetClass):
            if self.subclasses is None:
                parts.append(f"{{ ?this a/<{RDFS.subClassOf}>* {_term(cls)} }}")
            else:
                parts += [f"{{ ?this a <{c}> }}" for c in self.subclasses(str(_iri(cls)))]
        for node in self.g.objects(shape, SH.targetNode):
            parts.append(f"{{ VALUES ?this {{ {_term(node)} }} }}")
        for predicate in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ ?this {_term(predicate)} [] }}")
        for predicate in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ [] {_term(predicate)} ?this }}")
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"

    # --- one value: a boolean expression ------------------------------------------

    def value_ok(self, predicate, value, v: str, shape) -> str:
        """Whether value node ``v`` satisfies the constraint ``predicate value`` of ``shape``."""
        if predicate == SH["class"]:
            if self.subclasses is None:
                return f"EXISTS {{ {v} a/<{RDFS.subClassOf}>* {_term(value)} }}"
            t = self.var()
            return f"EXISTS {{ {v} a {t} FILTER ({t} IN ({', '.join(f'<{c}>' for c in self.subclasses(str(_iri(value))))})) }}"
        if predicate == SH.datatype:
            test = f"isLiteral({v}) && datatype({v}) = {_term(value)}"
            if value in _CASTS:
                test += f" && COALESCE(<{value}>(STR({v})) = <{value}>(STR({v})), false)"
            return f"({test})"
        if predicate == SH.nodeKind:
            try:
                return _NODE_KINDS[value].format(v=v)
            except KeyError:
                raise Unsupported(f"node kind {value}") from None
        if predicate == SH["in"]:
            members = self.items(value)
            return "(" + " || ".join(f"sameTerm({v}, {_term(m)})" for m in members) + ")" if members else "false"
        if predicate in (SH.minLength, SH.maxLength):
            op = ">=" if predicate == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(value)})"
        if predicate == SH.pattern:
            flags = self.one(shape, SH.flags)
            args = f", {_term(rdflib.Literal(str(flags)))}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {_term(rdflib.Literal(str(value)))}{args}))"
        if predicate == SH.flags:
            return "true"
        if predicate in _RANGES:
            return f"COALESCE({v} {_RANGES[predicate]} {_term(value)}, false)"
        if predicate == SH.node:
            return self.conforms(value, v)
        if predicate == SH["or"]:
            return "(" + " || ".join(self.conforms(s, v) for s in self.items(value)) + ")"
        if predicate == SH["and"]:
            return "(" + " && ".join(self.conforms(s, v) for s in self.items(value)) + ")"
        if predicate == SH["not"]:
            return f"(!{self.conforms(value, v)})"
        raise Unsupported(str(predicate))

    def conforms(self, shape, v: str) -> str:
        """Whether ``v`` conforms to ``shape`` (used by sh:node, sh:or, sh:and, sh:not)."""
        if _deactivated(self.g, shape):
            return "true"
        tests = []
        path = self.one(shape, SH.path)
        for predicate, values in self.params(shape).items():
            if predicate == SH.sparql:
                raise Unsupported("sh:sparql in a nested shape")
            if predicate in _FOCUS:
                if path is None:
                    raise Unsupported(f"{predicate} on a node shape")
                continue
            tests += [self.value_ok(predicate, value, v if path is None else "{w}", shape) for value in values]
        if path is not None:
            tests = [self.each_value_ok(shape, v, path, tests)] + self.counts_ok(shape, v, path)
        for prop in self.g.objects(shape, SH.property):
            p = self.one(prop, SH.path)
            inner = []
            for predicate, values in self.params(prop).items():
                if predicate == SH.sparql:
                    raise Unsupported("sh:sparql in a nested shape")
                if predicate in _VALUE:
                    inner += [self.value_ok(predicate, value, "{w}", prop) for value in values]
            tests.append(self.each_value_ok(prop, v, p, inner))
            tests += self.counts_ok(prop, v, p)
        return "(" + " && ".join(t for t in tests if t != "true") + ")" if any(t != "true" for t in tests) else "true"

    def each_value_ok(self, shape, v: str, path, tests: list[str]) -> str:
        if not tests:
            return "true"
        w = self.var()
        body = " && ".join(t.replace("{w}", w) for t in tests)
        return f"NOT EXISTS {{ {v} {self.path(path)} {w} FILTER (!({body})) }}"

    def counts_ok(self, shape, v: str, path) -> list[str]:
        tests = []
        p = self.path(path)
        for predicate, values in self.params(shape).items():
            for value in values:
                if predicate == SH.minCount:
                    tests.append(self._at_least(v, p, int(value)) if int(value) > 0 else "true")
                elif predicate == SH.maxCount:
                    tests.append(f"(!{self._at_least(v, p, int(value) + 1)})")
                elif predicate == SH.hasValue:
                    tests.append(f"EXISTS {{ {v} {p} {_term(value)} }}")
                elif predicate in (SH.lessThan, SH.lessThanOrEquals):
                    raise Unsupported(f"{predicate} in a nested shape")
        return tests

    def _at_least(self, v: str, p: str, n: int) -> str:
        if n > 4:
            raise Unsupported("counts above 4 in a nested shape")
        ws = [self.var() for _ in range(n)]
        different = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(ws) for b in ws[i + 1:])
        patterns = " ".join(f"{v} {p} {w} ." for w in ws)
        return f"EXISTS {{ {patterns}" + (f" FILTER ({different})" if different else "") + " }"

    # --- a targeted shape: one query per constraint ---------------------------------

    def shape_checks(self, shape, target: str | None = None) -> list[Check]:
        target = target or self.target(shape)
        checks = []
        params = self.params(shape)
        severity = self.severity(shape)
        messages = self.messages(shape)
        tests = []
        for predicate, values in params.items():
            if predicate == SH.sparql:
                checks += [self.sparql_check(shape, c, target, None, severity, messages) for c in values]
            elif predicate in _FOCUS:
                raise Unsupported(f"{predicate} on a node shape")
            elif predicate != SH.flags:
                if not messages:
                    raise Unsupported("a node constraint without sh:message")
                tests += [(predicate, value, self.value_ok(predicate, value, "?this", shape)) for value in values]
        if tests:
            flags, binds, any_flag = self._flags(tests)
            checks.append(Check(
                f"SELECT DISTINCT ?this {' '.join(f.variable for f in flags)} WHERE {{ {target} {binds} FILTER ({any_flag}) }}",
                shape, severity, "", None, messages, focus_is_value=True, flags=flags,
            ))
        for prop in self.g.objects(shape, SH.property):
            if not _deactivated(self.g, prop):
                checks += self.property_checks(prop, target)
        return checks

    def property_checks(self, prop, target: str) -> list[Check]:
        path_node = self.one(prop, SH.path)
        if path_node is None:
            raise Unsupported("a property shape without sh:path")
        path = self.path(path_node)
        severity = self.severity(prop)
        messages = self.messages(prop)
        if not messages:
            raise Unsupported("a property shape without sh:message")
        if any(self.g.objects(prop, SH.property)):
            raise Unsupported("property shapes nested in a property shape")
        checks = []

        def check(query: str, predicate, detail=None) -> None:
            checks.append(Check(query, prop, severity, _COMPONENT[predicate], path_node, messages, detail=detail))

        tests = []
        counts = {}
        for predicate, values in self.params(prop).items():
            for value in values:
                if predicate == SH.sparql:
                    checks.append(self.sparql_check(prop, value, target, path, severity, messages))
                elif predicate == SH.minCount:
                    if int(value) > 0:
                        counts.setdefault(predicate, []).append(f"?_n < {int(value)}")
                elif predicate == SH.maxCount:
                    counts.setdefault(predicate, []).append(f"?_n > {int(value)}")
                elif predicate == SH.hasValue:
                    check(f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this {path} {_term(value)} }} }}", predicate)
                elif predicate in (SH.lessThan, SH.lessThanOrEquals):
                    op = "<" if predicate == SH.lessThan else "<="
                    # pySHACL compares IRIs and strings as strings, and any
                    # other mix of a string and a non-string fails.
                    text = "(isIRI({x}) || datatype({x}) = <%s>)" % XSD.string
                    both = f"({text.format(x='?value')} && {text.format(x='?_other')})"
                    neither = f"(!{text.format(x='?value')} && !{text.format(x='?_other')})"
                    test = f"COALESCE(IF({both}, STR(?value) {op} STR(?_other), {neither} && ?value {op} ?_other), false)"
                    check(
                        f"SELECT DISTINCT ?this ?value ?_other WHERE {{ {target} ?this {path} ?value ."
                        f" ?this {_term(value)} ?_other FILTER (!({test})) }}",
                        predicate,
                    )
                elif predicate in _VALUE and predicate != SH.flags:
                    tests.append((predicate, value, self.value_ok(predicate, value, "?value", prop)))
        if counts:
            # One count per focus node for sh:minCount and sh:maxCount together.
            flags = tuple(Flag(f"?_c{i}", _COMPONENT[p]) for i, p in enumerate(counts))
            binds = " ".join(f"BIND ({' || '.join(tests_)} AS {f.variable})" for f, tests_ in zip(flags, counts.values()))
            values = f"OPTIONAL {{ ?this {path} ?_value }}" if SH.minCount in counts else f"?this {path} ?_value ."
            checks.append(Check(
                f"SELECT ?this {' '.join(f.variable for f in flags)} WHERE {{"
                f" {{ SELECT ?this (COUNT(DISTINCT ?_value) AS ?_n) WHERE {{ {target} {values} }} GROUP BY ?this }}"
                f" {binds} FILTER ({' || '.join(f.variable for f in flags)}) }}",
                prop, severity, "", path_node, messages, flags=flags,
            ))
        if tests:
            flags, binds, any_flag = self._flags(tests)
            variables = " ".join(f.variable for f in flags)
            if any(predicate in _SHAPE_TESTS for predicate, _, _ in tests):
                # Tests of a value's types and shapes, on each distinct value
                # once: a thousand actors are the speakers of a hundred
                # thousand statements.
                where = (
                    f"{{ SELECT DISTINCT ?value {variables} WHERE {{ {{ SELECT DISTINCT ?value WHERE {{ {target} ?this {path} ?value }} }}"
                    f" {binds} FILTER ({any_flag}) }} }} {target} ?this {path} ?value"
                )
            else:
                where = f"{target} ?this {path} ?value {binds} FILTER ({any_flag})"
            checks.append(Check(
                f"SELECT DISTINCT ?this ?value {variables} WHERE {{ {where} }}",
                prop, severity, "", path_node, messages, flags=flags,
            ))
        return checks

    def _flags(self, tests) -> tuple[tuple[Flag, ...], str, str]:
        """Flags, their BINDs and the filter for a row with any of them: a
        test that raises an error does not flag, as FILTER (!ok) would not."""
        flags = tuple(
            Flag(f"?_f{i}", _COMPONENT[predicate], value if predicate == SH.node else None)
            for i, (predicate, value, _) in enumerate(tests)
        )
        binds = " ".join(f"BIND (COALESCE(!({ok}), false) AS {f.variable})" for f, (_, _, ok) in zip(flags, tests))
        return flags, binds, " || ".join(f.variable for f in flags)

    def sparql_check(self, shape, constraint, target: str, path: str | None, severity, shape_messages) -> Check:
        if _deactivated(self.g, constraint):
            return Check("SELECT ?this WHERE { FILTER (false) }", shape, severity, "SPARQL", None, ())
        select = self.one(constraint, SH.select)
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select")
        text = str(select)
        if path is None and "$PATH" in text:
            raise Unsupported("$PATH in a node shape's SPARQL constraint")
        if _PREBOUND.search(text):
            raise Unsupported("pre-bound variables other than $this and $PATH")
        text = re.sub(r"\$this\b", "?this", text)
        if path is not None:
            text = re.sub(r"\$PATH\b", path, text)
        prefixes = "".join(
            f"PREFIX {self.one(d, SH.prefix)}: <{self.one(d, SH.namespace)}>\n"
            for source in self.g.objects(constraint, SH.prefixes)
            for d in self.g.objects(source, SH.declare)
        )
        # pySHACL adds the constraint's messages to the shape's, a message
        # the shape has already once.
        extra = tuple(m for m in sorted(str(m) for m in self.g.objects(constraint, SH.message)) if m not in shape_messages)
        return Check(
            f"{prefixes}SELECT * WHERE {{ {target} {{ {text} }} }}",
            shape, severity, "SPARQL", None, tuple(sorted(shape_messages + extra)),
            substitute=True, focus_is_value=path is None,
        )
