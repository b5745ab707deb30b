"""The embedded store: RDF files loaded into an in-memory pyoxigraph Store.

Queries run against the union of all graphs (see kg.graph.queries), so it does not
matter whether a file put its triples in the default graph (Turtle,
N-Triples) or in named graphs (TriG, N-Quads).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph

from kg.errors import InputError
from kg.resources import ontology_file

# The ontology data a query may rely on: class and property hierarchy, topic
# labels. shapes.ttl and actors.ttl are inputs of other stages, not of queries.
ONTOLOGY_FILES = ("stakeholder.ttl", "topics.ttl")

FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".turtle": pyoxigraph.RdfFormat.TURTLE,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".nquads": pyoxigraph.RdfFormat.N_QUADS,
}

# pyoxigraph puts the location in front of the reason:
# "Parser error between line 3 column 11 and line 5 column 1: Unexpected end of file"
_LOCATION = re.compile(r"^Parser error (?:at|between) line (\d+) column (\d+)(?: and line \d+ column \d+)?: ")


def load(paths: Sequence[Path | str], ontology: bool = True) -> pyoxigraph.Store:
    """Load RDF files into a new in-memory store.

    The format comes from the extension (.ttl, .trig, .nt, .nq). With
    ``ontology``, the ontology and the topic scheme that ship with the package
    are loaded too, so that queries find class hierarchies and topic labels.
    A missing or malformed file raises InputError naming it.
    """
    store = pyoxigraph.Store()
    files = [Path(path) for path in paths]
    if ontology:
        files = [file for file in _ontology_files() if file.is_file()] + files
    for file in files:
        _load_file(store, file)
    return store


def _ontology_files() -> list[Path]:
    try:
        return [ontology_file(name) for name in ONTOLOGY_FILES]
    except FileNotFoundError:
        return []


def format_of(path: Path) -> pyoxigraph.RdfFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        extension = path.suffix or "(no extension)"
        raise InputError(f"{path}: unknown RDF format {extension!r}; use one of {known}") from None


def _load_file(store: pyoxigraph.Store, path: Path) -> None:
    rdf_format = format_of(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")
    try:
        # The bulk loader skips transactions: much faster on large files, and a
        # failed load only ever leaves a half-filled store that we discard.
        store.bulk_load(path=path, format=rdf_format)
    except SyntaxError as error:
        raise InputError(_syntax_message(path, error)) from None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"{path}: {_one_line(reason)}") from None


def _syntax_message(path: Path, error: SyntaxError) -> str:
    message = _one_line(error.msg or str(error))
    location = _LOCATION.match(message)
    if location:
        line, column = location.groups()
        return f"{path}:{line}:{column}: {message[location.end():]}"
    if error.lineno:
        return f"{path}:{error.lineno}: {message}"
    return f"{path}: {message}"


def _one_line(text: str) -> str:
    return " ".join(text.split())
