"""Sorted, prefixed Turtle and N-Triples, written atomically.

rdflib's serializer is slow on large graphs and its order is not a promise;
this writer sorts subjects, predicates and objects as strings, so the same
triples always give the same bytes, and a diff between two runs is readable.
"""

from __future__ import annotations

import errno
import heapq
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
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


class Records:
    """One triple at a time as SortedFile's sort record, from the IRIs and
    terms the emitter holds (kg.graph.emit.RecordEmitter): no pyoxigraph
    Triple is made and taken apart again, which was most of the cost of
    writing an article.

    The records are the strings SortedFile.add makes of the same triples, so
    an article emitted in a worker process merges with the rest unchanged.
    """

    # The writer forgets the IRIs it prefixed past this many (each article
    # brings new ones), as SortedFile's does.
    FORGET = 50_000

    def __init__(self, fmt: str = "turtle") -> None:
        self.nt = fmt in ("nt", "ntriples", "n-triples")
        self.writer = Writer()
        self._keys: dict[NamedNode, str] = {}

    def record(self, subject: str, predicate: NamedNode, obj) -> str:
        """``obj``: an IRI (str), a NamedNode or a Literal."""
        if self.nt:
            if isinstance(obj, str):
                return f"<{subject}> {predicate} <{obj}> .\n"
            return f"<{subject}> {predicate} {obj} .\n"
        writer = self.writer
        key = self._keys.get(predicate)
        if key is None:
            value = predicate.value
            key = self._keys[predicate] = "0a" if value == RDF_TYPE else "1" + writer.iri(value)
        if isinstance(obj, str):
            written = writer.iri(obj)
        elif isinstance(obj, NamedNode):
            written = writer.iri(obj.value)
        else:
            written = writer.term(obj)
        return f"{writer.iri(subject)}\t{key}\t{written}\n"

    def forget(self) -> None:
        if len(self.writer._iris) > self.FORGET:
            self.writer._iris.clear()


class SortedFile:
    """Triples in, article by article; the same sorted Turtle or N-Triples
    ``serialize`` gives out, in memory that does not grow with the graph.

    Triples are kept as sort records (subject, predicate, object as they are
    written) up to ``chunk`` of them, then sorted and spilled to a temporary
    file; ``commit`` merges the spilled runs, drops duplicates (an actor's
    label that every article repeats) and writes the file atomically.
    """

    def __init__(self, path: str | Path, fmt: str = "turtle", chunk: int = 50_000) -> None:
        self.path = Path(path)
        self.nt = fmt in ("nt", "ntriples", "n-triples")
        self.chunk = chunk
        self.writer = Writer()
        self.records: set[str] = set()
        self.runs: list[Path] = []
        self.spill = tempfile.TemporaryDirectory(prefix="kg-sort-")

    def add(self, triples: Iterable[Triple]) -> None:
        records = self.records
        if self.nt:
            records.update(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
        else:
            term = self.writer.term
            for t in triples:
                predicate = t.predicate.value
                # "a" first, as Writer.statements orders predicates. A tab is
                # below every character a written term can hold (controls are
                # escaped), so the records sort as (subject, predicate, object).
                key = "0a" if predicate == RDF_TYPE else "1" + self.writer.iri(predicate)
                records.add(f"{term(t.subject)}\t{key}\t{term(t.object)}\n")
        self._grew()

    def add_records(self, records: Iterable[str]) -> None:
        """Records made elsewhere (Records.record, for this file's format), as ``add`` makes them."""
        self.records.update(records)
        self._grew()

    def _grew(self) -> None:
        if len(self.records) >= self.chunk:
            self._spill()
        if len(self.writer._iris) > self.chunk:
            # The writer remembers every IRI it prefixed, and each article
            # brings new ones (its statements, its positions): forgotten now
            # and then, so that memory does not grow with the corpus.
            self.writer._iris.clear()

    def _spill(self) -> None:
        run = Path(self.spill.name) / f"run-{len(self.runs):05d}"
        with open(run, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(sorted(self.records))
        self.runs.append(run)
        self.records = set()

    def _merged(self) -> Iterator[str]:
        handles = [open(run, encoding="utf-8", newline="") for run in self.runs]
        try:
            previous = None
            for record in heapq.merge(*handles, sorted(self.records)):
                if record != previous:
                    yield record
                    previous = record
        finally:
            for handle in handles:
                handle.close()

    def commit(self) -> None:
        """Write the file (whole, or not at all) and drop the spilled runs."""
        try:
            with _AtomicFile(self.path) as handle:
                if self.nt:
                    handle.writelines(self._merged())
                else:
                    handle.write("\n".join(self.writer.header()))
                    for block in blocks(self._merged()):
                        handle.write("\n" + block)
        finally:
            self.close()

    def close(self) -> None:
        self.records = set()
        self.spill.cleanup()

    def __enter__(self) -> SortedFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def blocks(records: Iterable[str]) -> Iterator[str]:
    """Writer.statements' blocks, from SortedFile's Turtle records: sorted, each once."""
    subject = None
    parts: list[str] = []
    predicate = None
    objects: list[str] = []
    for record in records:
        s, key, o = record[:-1].split("\t")
        if s != subject or key != predicate:
            if objects:
                parts.append(f"    {predicate[1:]} " + ",\n        ".join(objects))
                objects = []
            if s != subject:
                if parts:
                    yield subject + "\n" + " ;\n".join(parts) + " .\n"
                    parts = []
                subject = s
            predicate = key
        objects.append(o)
    if objects:
        parts.append(f"    {predicate[1:]} " + ",\n        ".join(objects))
        yield subject + "\n" + " ;\n".join(parts) + " .\n"


def serialize_records(records: Iterable[str], fmt: str = "turtle") -> str:
    """``serialize`` of the triples whose records (Records, of ``fmt``) these are."""
    ordered = sorted(set(records))
    if fmt in ("nt", "ntriples", "n-triples"):
        return "".join(ordered)
    return "\n".join(Writer().header() + list(blocks(ordered)))


class _AtomicFile:
    """A text file that appears at ``path`` only once it is complete (see write_atomic)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Named like write_atomic's, so that a killed writer's leftover is cleaned up the same way.
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.{os.getpid()}.", suffix=".tmp", dir=self.path.parent)
        os.chmod(self.tmp, _mode_for(self.path))
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, kind, *exc) -> None:
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            if kind is None:
                os.replace(self.tmp, self.path)
        finally:
            Path(self.tmp).unlink(missing_ok=True)
        if kind is None:
            _remove_stale_temporaries(self.path)


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write the whole file or nothing: a crash leaves the old file intact.

    Text is written as UTF-8 with its line ends as they are; bytes as they are.
    The temporary file's name carries the writer's process id, so that a later
    write can tell the leftovers of a killed writer from a live one's work.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise InputError(_unwritable(path, error)) from None
    try:
        # mkstemp makes the file private (0600); the result should have the
        # mode any new file of the user gets, or keep the one it replaces.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as error:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(error, OSError):  # a folder in the way, a disk that filled
            raise InputError(_unwritable(path, error)) from None
        raise
    _remove_stale_temporaries(path)


def _unwritable(path: Path, error: OSError) -> str:
    if path.is_dir():
        return f"{path} is a folder; give a file name to write to"
    return f"{path}: cannot write there: {error.strerror or error}"


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
                if process_alive(int(found.group(1))):
                    continue
            elif not untagged.fullmatch(name) or time.time() - leftover.stat().st_mtime < _UNTAGGED_AGE:
                continue
            leftover.unlink()
        except OSError:
            continue  # gone already, or not ours to delete: the write itself succeeded


def process_alive(pid: int) -> bool:
    """Whether a process of this machine with this id is running (someone else's counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except OverflowError:
        return False  # no process has such an id
    except OSError as error:
        return error.errno == errno.EPERM  # someone else's process: alive
    return True


def check_writable(path: str | Path) -> None:
    """Fail now, in one line, if ``path`` cannot be written: before a long parse, not after it."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(_unwritable(path, IsADirectoryError()))
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # write_atomic makes the missing folders in here
        if not folder.is_dir():
            raise InputError(f"{path}: {folder} is not a folder; give a path in a folder")
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise InputError(_unwritable(path, error)) from None
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
