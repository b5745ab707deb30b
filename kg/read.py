"""Read article files into Articles: plain text and JSON Lines.

A file that cannot be read becomes a Skipped record naming the file and the
reason, so that one bad article never stops a batch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.knowledge import Knowledge
from kg.model import Article

SUFFIXES = (".txt", ".jsonl")
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Expand folders into their article files, sorted so runs are repeatable."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            yield from found
        elif path.is_file():
            yield path
        else:
            yield Skipped(str(path), "no such file or folder")


def clean_text(text: str, knowledge: Knowledge) -> str:
    """Drop boilerplate lines (subscription offers, copyright, share links).

    Lines are removed whole, so the text that remains is verbatim article text
    and offsets into it can be checked by anyone against the stored text.
    """
    patterns = [re.compile(p, re.IGNORECASE) for p in knowledge.lexicon["boilerplate"]["lines"]]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    kept = [line for line in text.split("\n") if not any(p.match(line) for p in patterns)]
    cleaned = "\n".join(kept)
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()


def _title(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    if first and len(first) < 160 and not first.endswith((".", "”", '"')):
        return first
    return None


def _check_text(text: str, source: str) -> str | None:
    if not text.strip():
        return "empty article"
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.5 * len(text.strip()):
        return "does not look like prose (too few letters)"
    return None


def _decode(data: bytes, source: str) -> str | Skipped:
    if b"\x00" in data[:8192]:
        return Skipped(source, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return Skipped(source, f"not valid UTF-8 (byte {error.start}); convert it to UTF-8 first")


def _parse_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def read_text_file(path: Path, knowledge: Knowledge) -> Iterator[Article | Skipped]:
    source = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            yield Skipped(source, f"larger than {MAX_BYTES // 1_000_000} MB; split it into articles")
            return
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(source, f"cannot read: {error.strerror or error}")
        return
    raw = _decode(data, source)
    if isinstance(raw, Skipped):
        yield raw
        return
    text = clean_text(raw, knowledge)
    problem = _check_text(text, source)
    if problem:
        yield Skipped(source, problem)
        return
    yield Article(id=path.stem, text=text, title=_title(text), source=source)


def read_jsonl_file(path: Path, knowledge: Knowledge) -> Iterator[Article | Skipped]:
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(source, f"cannot read: {error.strerror or error}")
        return
    raw = _decode(data, source)
    if isinstance(raw, Skipped):
        yield raw
        return
    for number, line in enumerate(raw.splitlines(), start=1):
        where = f"{source}:{number}"
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"malformed JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not record.get("id") or not isinstance(record.get("text"), str):
            yield Skipped(where, "a line needs an object with 'id' and 'text'")
            continue
        text = clean_text(record["text"], knowledge)
        problem = _check_text(text, where)
        if problem:
            yield Skipped(where, problem)
            continue
        yield Article(
            id=str(record["id"]),
            text=text,
            title=record.get("title") or _title(text),
            outlet=record.get("outlet"),
            url=record.get("url"),
            published=_parse_date(record.get("published")),
            source=where,
        )


READERS = {".txt": read_text_file, ".jsonl": read_jsonl_file}


def read(paths: Iterable[str | Path], knowledge: Knowledge) -> Iterator[Article | Skipped]:
    """Every article in ``paths`` (files or folders), or a Skipped record for each problem."""
    for item in find_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        reader = READERS.get(item.suffix.lower(), read_text_file)
        yield from reader(item, knowledge)
