"""Project settings: a ``kg.toml`` in the working folder names a debate's own files.

    # kg.toml
    topics = "scheme/topics.ttl"     # a SKOS scheme (replaces the packaged one)
    actors = "scheme/actors.ttl"     # actors to add to the packaged gazetteer
    lexicon = "scheme/lexicon.toml"  # cue words overriding the packaged ones

Paths are relative to the file. The command-line options --topics, --actors
and --lexicon win over it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kg.errors import InputError

FILE = "kg.toml"
KEYS = ("topics", "actors", "lexicon")


def read(folder: Path | None = None) -> dict[str, Path]:
    path = (folder or Path.cwd()) / FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read settings: {error}") from error
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise InputError(f"{path}: unknown setting {unknown[0]!r}; the settings are {', '.join(KEYS)}")
    found = {}
    for key in KEYS:
        if key in data:
            if not isinstance(data[key], str):
                raise InputError(f"{path}: {key} must be a path in quotes")
            found[key] = (path.parent / data[key]).resolve()
    return found
