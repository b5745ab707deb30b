"""Sorted, prefixed Turtle and N-Triples, written atomically.

rdflib's serializer is slow on large graphs and its order is not a promise;
this writer sorts subjects, predicates and objects as strings, so the same
triples always give the same bytes, and a diff between two runs is readable.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from kg import vocab
from kg.errors import InputError

LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")
RDF_TYPE = vocab.RDF + "type"
XSD_STRING = vocab.XSD + "string"
BARE = {
    vocab.XSD + "integer": re.compile(r"^[+-]?\d+$"),
    vocab.XSD + "decimal": re.compile(r"^[+-]?\d*\.\d+$"),
    vocab.XSD + "boolean": re.compile(r"^(true|false)$"),
}


class Writer:
    def __init__(self, prefixes: dict[str, str] | None = None) -> None:
        # Longest namespace first, so 'skg:' wins over a shorter base.
        self.prefixes = sorted((prefixes or vocab.PREFIXES).items(), key=lambda kv: -len(kv[1]))
        # Subjects and predicates recur on line after line: each is prefixed
        # once (a third of the time of writing a million triples otherwise).
        self._iris: dict[str, str] = {}

    def iri(self, value: str) -> str:
        known = self._iris.get(value)
        if known is None:
            known = self._iris[value] = self._prefixed(value)
        return known

    def _prefixed(self, value: str) -> str:
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
            if datatype == XSD_STRING:
                return str(term)  # already N-Triples syntax, which Turtle reads the same
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
        return "\n".join(self.header() + self.statements(triples))

    def header(self) -> list[str]:
        return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(vocab.PREFIXES.items())] + [""]

    def statements(self, triples: Iterable[Triple]) -> list[str]:
        """One block per subject, sorted: the body of a Turtle file or of a TriG graph."""
        by_subject: dict[str, dict[str, set[str]]] = {}
        for t in triples:
            predicate = t.predicate.value  # read once: each access makes new Python objects
            predicate = "a" if predicate == RDF_TYPE else self.iri(predicate)
            by_subject.setdefault(self.term(t.subject), {}).setdefault(predicate, set()).add(self.term(t.object))
        blocks = []
        for subject in sorted(by_subject):
            predicates = by_subject[subject]
            order = sorted(predicates, key=lambda p: (p != "a", p))
            parts = []
            for predicate in order:
                objects = sorted(predicates[predicate])
                parts.append(f"    {predicate} " + ",\n        ".join(objects))
            blocks.append(subject + "\n" + " ;\n".join(parts) + " .\n")
        return blocks

    def trig(self, default: Iterable[Triple], graphs: dict[str, Iterable[Triple]]) -> str:
        lines = self.header() + self.statements(default)
        for name in sorted(graphs):
            body = "\n".join(self.statements(graphs[name]))
            indented = "\n".join("    " + line if line else line for line in body.split("\n"))
            lines.append(f"{self.iri(name)} {{\n\n{indented.rstrip()}\n}}\n")
        return "\n".join(lines)

    def nquads(self, default: Iterable[Triple], graphs: dict[str, Iterable[Triple]]) -> str:
        lines = [f"{t.subject} {t.predicate} {t.object} .\n" for t in default]
        for name, triples in graphs.items():
            lines.extend(f"{t.subject} {t.predicate} {t.object} <{name}> .\n" for t in triples)
        return "".join(sorted(lines))

    def ntriples(self, triples: Iterable[Triple]) -> str:
        return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples))


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write the whole file or nothing: a crash leaves the old file intact.

    Text is written as UTF-8 with its line ends as they are; bytes as they are.
    The temporary file's name carries the writer's process id, so that a later
    write can tell the leftovers of a killed writer from a live one's work.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the result should have the
        # mode any new file of the user gets, or keep the one it replaces.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _remove_stale_temporaries(path)


# Temporary files of writers from before names carried a process id: only
# removed once surely abandoned, since their writer cannot be asked.
_UNTAGGED_AGE = 3600.0


def _remove_stale_temporaries(path: Path) -> None:
    """Delete the temporary files a killed writer of ``path`` left (kill -9 runs no cleanup)."""
    tagged = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[a-z0-9_]{{8}}\.tmp")
    untagged = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        leftover = path.parent / name
        found = tagged.fullmatch(name)
        try:
            if found:
                if _alive(int(found.group(1))):
                    continue
            elif not untagged.fullmatch(name) or time.time() - leftover.stat().st_mtime < _UNTAGGED_AGE:
                continue
            leftover.unlink()
        except OSError:
            continue  # gone already, or not ours to delete: the write itself succeeded


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except OSError as error:
        return error.errno == errno.EPERM  # someone else's process: alive
    return True


def check_writable(path: str | Path) -> None:
    """Fail now, in one line, if ``path`` cannot be written: before a long parse, not after it."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(f"{path} is a folder; give a file name to write to")
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # write_atomic makes the missing folders in here
        if not folder.is_dir():
            raise InputError(f"{path}: {folder} is not a folder; give a path in a folder")
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(f"{path}: cannot write there: {error.strerror or error}") from None
    os.close(fd)
    os.unlink(probe)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def serialize(triples: Iterable[Triple], fmt: str = "turtle") -> str:
    writer = Writer()
    if fmt in ("nt", "ntriples", "n-triples"):
        return writer.ntriples(triples)
    return writer.turtle(triples)


def serialize_dataset(default: Iterable[Triple], graphs: dict[str, Iterable[Triple]], fmt: str = "trig") -> str:
    """A default graph and named graphs (IRI -> triples) as sorted TriG or N-Quads."""
    writer = Writer()
    if fmt in ("nq", "nquads", "n-quads"):
        return writer.nquads(default, graphs)
    return writer.trig(default, graphs)
