"""Sorted, prefixed Turtle and N-Triples, written atomically.

rdflib's serializer is slow on large graphs and its order is not a promise;
this writer sorts subjects, predicates and objects as strings, so the same
triples always give the same bytes, and a diff between two runs is readable.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from kg import vocab

LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
RDF_TYPE = vocab.RDF + "type"
BARE = {
    vocab.XSD + "integer": re.compile(r"^[+-]?\d+$"),
    vocab.XSD + "decimal": re.compile(r"^[+-]?\d*\.\d+$"),
    vocab.XSD + "boolean": re.compile(r"^(true|false)$"),
}


class Writer:
    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        # Longest namespace first, so 'skg:' wins over a shorter base.
        self.prefixes = sorted((prefixes or vocab.PREFIXES).items(), key=lambda kv: -len(kv[1]))

    def iri(self, value: str) -> str:
        for prefix, namespace in self.prefixes:
            if value.startswith(namespace):
                local = value[len(namespace):]
                if LOCAL.match(local):
                    return f"{prefix}:{local}"
        return f"<{value}>"

    def term(self, term) -> str:
        if isinstance(term, NamedNode):
            return self.iri(term.value)
        if isinstance(term, Literal):
            datatype = term.datatype.value if term.datatype else None
            if datatype in BARE and BARE[datatype].match(term.value):
                return term.value
            quoted = str(Literal(term.value))  # N-Triples escaping of the lexical form
            if term.language:
                return f"{quoted}@{term.language}"
            if datatype and datatype != vocab.XSD + "string":
                return f"{quoted}^^{self.iri(datatype)}"
            return quoted
        return str(term)

    def turtle(self, triples: Iterable[Triple]) -> str:
        by_subject: dict[str, dict[str, set[str]]] = {}
        for t in triples:
            predicate = "a" if t.predicate.value == RDF_TYPE else self.iri(t.predicate.value)
            by_subject.setdefault(self.term(t.subject), {}).setdefault(predicate, set()).add(self.term(t.object))
        used = {p for p in vocab.PREFIXES}
        lines = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(vocab.PREFIXES.items()) if p in used]
        lines.append("")
        for subject in sorted(by_subject):
            predicates = by_subject[subject]
            order = sorted(predicates, key=lambda p: (p != "a", p))
            parts = []
            for predicate in order:
                objects = sorted(predicates[predicate])
                parts.append(f"    {predicate} " + ",\n        ".join(objects))
            lines.append(subject + "\n" + " ;\n".join(parts) + " .\n")
        return "\n".join(lines)

    def ntriples(self, triples: Iterable[Triple]) -> str:
        return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples))


def write_atomic(path: str | Path, text: str) -> None:
    """Write the whole file or nothing: a crash leaves the old file intact."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def serialize(triples: Iterable[Triple], fmt: str = "turtle") -> str:
    writer = Writer()
    if fmt in ("nt", "ntriples", "n-triples"):
        return writer.ntriples(triples)
    return writer.turtle(triples)
