"""Read article files into Articles: plain text, HTML pages and JSON Lines.

A file that cannot be read becomes a Skipped record naming the file and the
reason, so that one bad article never stops a batch. The checks here are the
cheap ones that need no parser: size, encoding, binary content, emptiness,
language.
"""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from kg.extract import dateline
from kg.extract.knowledge import Knowledge
from kg.model import Article

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
# A file (or one JSON line) larger than this is refused before it is read, so
# a stray dump or video never fills memory. No news article comes near it.
MAX_BYTES = 20_000_000
# An HTML page is parsed whole before its text is known, and the parser
# takes minutes and most of a gigabyte on a page of 20 MB; a news page with
# its markup, scripts and styles is rarely more than 2 MB.
MAX_HTML_BYTES = 5_000_000
# spaCy's default nlp.max_length. Long articles are parsed in pieces
# (kg.extract.annotate.parse) so that memory stays bounded; a longer text is refused
# here, where it can be reported, as most likely not one article.
MAX_CHARS = 1_000_000
# Enough of a file to tell text from binary: text never holds a NUL byte.
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Expand folders into their article files, sorted so runs are repeatable.

    Whatever cannot be read (a path, a subfolder, a pipe, a symlink loop) is
    a Skipped record saying why, never a silent gap in the batch.
    """
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except OSError as error:
            yield Skipped(str(path), _stat_problem(error))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield Skipped(str(path), _not_a_file(mode))


def _stat_problem(error: OSError) -> str:
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file or folder"
    if error.errno == errno.ELOOP:
        return "symlink loop (the link leads back to itself); fix or remove the link"
    return f"cannot read: {error.strerror or error}"


def _not_a_file(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        # Reading a pipe waits for a writer that may never come.
        return "a named pipe (FIFO), not a file; save its content to a file first"
    return "not a regular file (a device or socket); give article files or folders"


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    found: list[Path] = []
    problems: list[Skipped] = []
    # Folders already walked, by device and inode: a symlink back up the tree
    # would otherwise be walked again and again.
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            status = current.stat()
            if (status.st_dev, status.st_ino) in seen:
                continue
            seen.add((status.st_dev, status.st_ino))
            entries = list(os.scandir(current))
        except OSError as error:
            problems.append(Skipped(str(current), f"cannot read the folder: {error.strerror or error}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = os.stat(entry.path).st_mode
            except OSError as error:
                if path.suffix.lower() in SUFFIXES or error.errno == errno.ELOOP:
                    problems.append(Skipped(str(path), _stat_problem(error)))
                continue
            if stat.S_ISDIR(mode):
                pending.append(path)
            elif path.suffix.lower() not in SUFFIXES:
                continue
            elif stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(Skipped(str(path), _not_a_file(mode)))
    yield from sorted(found)
    yield from sorted(problems, key=lambda p: p.source)


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many articles ``paths`` hold at most (files, plus one per JSON line), for a progress bar.

    Counts newlines without decoding, so it costs one fast pass over the
    JSON Lines files and nothing for the others.
    """
    total = 0
    for item in find_files(paths):
        if isinstance(item, Skipped):
            total += 1
        elif item.suffix.lower() == ".jsonl":
            try:
                with item.open("rb") as stream:
                    total += sum(1 for line in stream if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


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


_WORD = re.compile(r"[^\W\d_]+")


def english_share(text: str) -> tuple[float, int]:
    """The share of the text's words that are English stop words, and the number of words."""
    from spacy.lang.en.stop_words import STOP_WORDS  # the language data alone, no model

    words = _WORD.findall(text.lower().replace("’", "'"))
    if not words:
        return 0.0, 0
    return sum(word in STOP_WORDS for word in words) / len(words), len(words)


def _check_text(text: str, knowledge: Knowledge) -> str | None:
    if not text.strip():
        return "empty article (no text after boilerplate was removed)"
    if len(text) > MAX_CHARS:
        return f"article is {len(text):,} characters, more than the parser takes ({MAX_CHARS:,}); split it"
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.5 * len(text.strip()):
        return "does not look like prose (too few letters)"
    language = knowledge.lexicon.get("language", {})
    share, words = english_share(text)
    if words >= language.get("min_words", 12) and share < language.get("min_stopword_share", 0.15):
        return f"not in English ({share:.0%} English function words); the extractor reads English only"
    return None


# Byte-order marks of the encodings a text editor saves as "Unicode" (UTF-32
# first: its little-endian mark begins with UTF-16's). Such text holds NUL
# bytes and would otherwise pass for binary.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(head: bytes) -> str | None:
    return next((codec for bom, codec in _BOMS if head.startswith(bom)), None)


def _binary(data: bytes) -> bool:
    return b"\x00" in data[:SNIFF_BYTES] and _wide_encoding(data) is None


def _decode(data: bytes, source: str) -> str | Skipped:
    if _binary(data):
        return Skipped(source, "binary file, not text")
    codec = _wide_encoding(data) or "utf-8"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        return Skipped(source, f"not valid {codec.upper()} (byte {error.start}); convert it to UTF-8 first")


def _parse_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _read_whole(path: Path, limit: int = MAX_BYTES, advice: str = "one article is far smaller, so split it into articles") -> bytes | Skipped:
    """The bytes of a one-article file, or why not: missing, unreadable, too large (over ``limit``), empty."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            return Skipped(source, f"file is {size / 1e6:.0f} MB, larger than {limit // 1_000_000} MB; {advice}")
        if size == 0:
            return Skipped(source, "empty file")
        return path.read_bytes()
    except OSError as error:
        return Skipped(source, f"cannot read: {error.strerror or error}")


def read_text_file(path: Path, knowledge: Knowledge) -> Iterator[Article | Skipped]:
    source = str(path)
    data = _read_whole(path)
    if isinstance(data, Skipped):
        yield data
        return
    raw = _decode(data, source)
    if isinstance(raw, Skipped):
        yield raw
        return
    text = clean_text(raw, knowledge)
    problem = _check_text(text, knowledge)
    if problem:
        yield Skipped(source, problem)
        return
    yield Article(id=path.stem, text=text, title=_title(text), source=source)


def read_html_file(path: Path, knowledge: Knowledge) -> Iterator[Article | Skipped]:
    """A web page: its main text and metadata, found by trafilatura.

    trafilatura drops navigation, comments and most page furniture and reads
    title, site name, canonical URL and date from the page's meta tags; the
    lexicon's boilerplate lines are dropped after it, as for plain text. The
    page is given as bytes so that a declared charset other than UTF-8 is
    honoured.
    """
    source = str(path)
    # Checked before the page is parsed: the parser is what takes long.
    data = _read_whole(path, MAX_HTML_BYTES, "no news page is that large; save the article's text as .txt")
    if isinstance(data, Skipped):
        yield data
        return
    if _binary(data):
        yield Skipped(source, "binary file, not an HTML page")
        return
    try:
        import trafilatura
    except ImportError:
        yield Skipped(source, "reading HTML needs trafilatura: pip install trafilatura")
        return
    page: bytes | str = data
    if _wide_encoding(data):
        page = _decode(data, source)
        if isinstance(page, Skipped):
            yield page
            return
    try:
        document = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    except Exception as error:  # a parser failure on one page must not stop the batch
        yield Skipped(source, f"cannot parse the HTML page: {type(error).__name__}: {error}")
        return
    if document is None or not (document.text or "").strip():
        yield Skipped(source, "no article text found in the HTML page")
        return
    text = clean_text(document.text, knowledge)
    problem = _check_text(text, knowledge)
    if problem:
        yield Skipped(source, problem)
        return
    yield Article(
        id=path.stem,
        text=text,
        title=(document.title or "").strip() or _title(text),
        outlet=(document.sitename or "").strip() or None,
        url=_http_url(document.url),
        published=_parse_date(document.date),
        source=source,
        agency=_agency_of(document.author),
    )


def _agency_of(author: str | None) -> str | None:
    # A page's author is often the wire itself ("Reuters", "By Jane Doe, AP").
    agency = dateline.load_sources().agency_in(author) if author else None
    return agency.label if agency else None


def _http_url(value: str | None) -> str | None:
    # Only an absolute web address becomes schema:url (an IRI); a relative or
    # odd value from a page's meta tags is dropped rather than emitted broken.
    if value and re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value.strip()):
        return value.strip()
    return None


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line longer than MAX_BYTES.

    Reading with a limit keeps memory bounded whatever the file holds; the
    rest of an overlong line is read in chunks and thrown away.
    """
    number = 0
    while True:
        line = stream.readline(MAX_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1_000_000)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line


def _wide_lines(stream: BinaryIO, codec: str) -> Iterator[tuple[int, bytes | None]]:
    """The lines of a UTF-16 or UTF-32 file, as UTF-8 bytes like _lines gives."""
    text = io.TextIOWrapper(stream, encoding=codec, errors="replace", newline="")
    for number, line in enumerate(text, 1):
        data = line.encode("utf-8")
        yield number, None if len(data) > MAX_BYTES else data
    text.detach()


def read_jsonl_file(path: Path, knowledge: Knowledge) -> Iterator[Article | Skipped]:
    """One article per line; a bad line is skipped and the good lines of the file still go in."""
    source = str(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Skipped(source, f"cannot read: {error.strerror or error}")
        return
    with stream:
        head = stream.read(SNIFF_BYTES)
        if _binary(head):
            yield Skipped(source, "binary file, not JSON Lines")
            return
        stream.seek(0)
        codec = _wide_encoding(head)
        lines = _wide_lines(stream, codec) if codec else _lines(stream)
        found = False
        for number, data in lines:
            if number == 1 and data is not None:
                data = data.removeprefix(codecs.BOM_UTF8)  # else line 1 is malformed JSON
            where = f"{source}:{number}"
            if data is None:
                yield Skipped(where, f"line longer than {MAX_BYTES // 1_000_000} MB")
                continue
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError as error:
                yield Skipped(where, f"not valid UTF-8 (byte {error.start} of the line)")
                continue
            if not line.strip():
                continue
            found = True
            yield from _jsonl_article(line.rstrip("\r\n"), where, knowledge)
        if not found:
            yield Skipped(source, "empty file")


def _jsonl_article(line: str, where: str, knowledge: Knowledge) -> Iterator[Article | Skipped]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        yield Skipped(where, f"malformed JSON ({error.msg.removesuffix(' at')} at column {error.colno})")
        return
    if not isinstance(record, dict) or not record.get("id") or not isinstance(record.get("text"), str):
        yield Skipped(where, "a line needs an object with 'id' and 'text'")
        return
    text = clean_text(record["text"], knowledge)
    problem = _check_text(text, knowledge)
    if problem:
        yield Skipped(where, problem)
        return
    title = record.get("title")
    outlet = record.get("outlet")
    url = record.get("url")
    agency = record.get("agency")
    yield Article(
        id=str(record["id"]),
        text=text,
        title=title if isinstance(title, str) and title.strip() else _title(text),
        outlet=outlet if isinstance(outlet, str) and outlet.strip() else None,
        url=_http_url(url) if isinstance(url, str) else None,
        published=_parse_date(record.get("published")),
        source=where,
        agency=agency if isinstance(agency, str) and agency.strip() else None,
    )


READERS = {".txt": read_text_file, ".jsonl": read_jsonl_file, ".html": read_html_file, ".htm": read_html_file}


# The --published/--outlet defaults of one ingest. A context rather than a
# parameter so that they reach every reader whichever ingest path (one file,
# the on-disk store) calls read(), without each passing them along.
_defaults: ContextVar[dateline.Defaults | None] = ContextVar("defaults", default=None)


@contextmanager
def defaults(values: dateline.Defaults):
    """Within the block, articles that give no date or outlet get these."""
    token = _defaults.set(values)
    try:
        yield values
    finally:
        _defaults.reset(token)


def read(paths: Iterable[str | Path], knowledge: Knowledge) -> Iterator[Article | Skipped]:
    """Every article in ``paths`` (files or folders), or a Skipped record for each problem.

    Each article's date, outlet and wire agency are completed from its
    dateline and the current defaults (kg.extract.dateline.complete).
    """
    assumed = _defaults.get()
    for item in find_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        reader = READERS.get(item.suffix.lower(), read_text_file)
        for found in reader(item, knowledge):
            yield found if isinstance(found, Skipped) else dateline.complete(found, knowledge, assumed)
