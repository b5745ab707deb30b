"""Bad input never stops a batch: one test per kind of bad article.

Each test ingests a folder holding one good article (a seed) and one bad
input, as a user would (`kg ingest DIR -o FILE`), and checks the one line that
names the file and the reason, the exit code, and that the good article is in
the graph. Also: HTML pages, boilerplate, atomic writes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
from typer.testing import CliRunner

from kg.extract import read

from kg.graph import turtle
from kg.cli import app
from kg.vocab import ARTICLE, DCTERMS, NIF, SCHEMA, SKG

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD = sorted(SEEDS.glob("*.txt"))[-1]  # one real article: the batch's good part

runner = CliRunner()

RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

ENGLISH = (
    "Ukrainian President Volodymyr Zelenskyy said on Tuesday that Ukraine would not accept any peace deal "
    "negotiated without its participation, and he called for security guarantees from the United States."
)


def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    return folder


def ingest(*paths: Path, output: Path):
    result = runner.invoke(app, ["ingest", *map(str, paths), "-o", str(output)])
    assert "Traceback" not in result.stderr
    return result


def articles(graph: Path) -> dict[str, dict[str, list[str]]]:
    """Article id -> {property IRI: values} for every skg:Article in the graph."""
    triples = list(pyoxigraph.parse(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE))
    found = {t.subject.value for t in triples if t.predicate == RDF_TYPE and t.object.value == SKG + "Article"}
    facts: dict[str, dict[str, list[str]]] = {}
    for t in triples:
        if t.subject.value in found:
            facts.setdefault(t.subject.value[len(ARTICLE):], {}).setdefault(t.predicate.value, []).append(t.object.value)
    return facts


def skipped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: skipped ")]


def assert_good_article_in(graph: Path) -> None:
    assert GOOD.stem in articles(graph)


def assert_skipped_once(result, path: str, reason: str) -> None:
    assert result.exit_code == 1, result.stderr
    lines = skipped_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"kg: skipped {path}: "), lines[0]
    assert reason in lines[0]
    assert "(1 skipped)" in result.stderr


# --- one test per bad input ---------------------------------------------------------


def test_empty_file(tmp_path):
    folder = batch(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "empty.txt"), "empty file")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_file_of_boilerplate_only_is_empty(tmp_path):
    folder = batch(tmp_path)
    (folder / "promo.txt").write_text("Subscribe now for a free trial!\n© 2025 Example News. All rights reserved.\n")
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "promo.txt"), "empty article")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_binary_file(tmp_path):
    folder = batch(tmp_path)
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "photo.txt"), "binary file")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_invalid_utf8(tmp_path):
    folder = batch(tmp_path)
    (folder / "latin1.txt").write_bytes(ENGLISH.replace("Zelenskyy", "Zelensky\xe9").encode("latin-1"))
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "latin1.txt"), "not valid UTF-8 (byte ")
    assert "convert it to UTF-8" in result.stderr
    assert_good_article_in(tmp_path / "kg.ttl")


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    folder = batch(tmp_path)
    huge = folder / "dump.txt"
    with huge.open("wb") as stream:  # sparse: 50 MB on paper, nothing on disk
        stream.truncate(50_000_000)
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(huge), "file is 50 MB, larger than 20 MB")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_overlong_json_line_is_refused_and_the_next_line_read(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_BYTES", 10_000)  # the limit's logic, with a small limit
    folder = batch(tmp_path)
    lines = [
        json.dumps({"id": "long", "text": "word " * 5_000}),
        json.dumps({"id": "after-the-long-one", "text": ENGLISH}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, f"{folder / 'feed.jsonl'}:1", "line longer than")
    found = articles(tmp_path / "kg.ttl")
    assert {"after-the-long-one", GOOD.stem} <= set(found)


def test_article_longer_than_the_parser_takes(tmp_path, monkeypatch):
    limit = len(GOOD.read_text(encoding="utf-8")) + 100  # the good article fits, the long one does not
    monkeypatch.setattr(read, "MAX_CHARS", limit)
    folder = batch(tmp_path)
    (folder / "long.txt").write_text((ENGLISH + "\n") * (limit // len(ENGLISH) + 2))
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "long.txt"), f"more than the parser takes ({limit:,}); split it")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_malformed_json_lines_skip_only_those_lines(tmp_path):
    folder = batch(tmp_path)
    feed = folder / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "first", "text": ENGLISH, "title": "Zelenskyy speaks", "outlet": "Example News",
                    "url": "https://example.org/first", "published": "2025-02-18"}) + "\n"
        + '{"id": "broken", "text": "no closing quote}\n'
        + "\n"
        + '["not", "an", "object"]\n'
        + json.dumps({"id": "last", "text": ENGLISH.replace("Tuesday", "Wednesday")}) + "\n"
    )
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert result.exit_code == 1
    lines = skipped_lines(result.stderr)
    assert lines == [
        f"kg: skipped {feed}:2: malformed JSON (Unterminated string starting at column 26)",
        f"kg: skipped {feed}:4: a line needs an object with 'id' and 'text'",
    ]
    found = articles(tmp_path / "kg.ttl")
    assert {"first", "last", GOOD.stem} <= set(found)
    first = found["first"]
    assert first[DCTERMS + "title"] == ["Zelenskyy speaks"]
    assert first[SKG + "outlet"] == ["Example News"]
    assert first[SCHEMA + "url"] == ["https://example.org/first"]
    assert first[SCHEMA + "datePublished"] == ["2025-02-18"]


def test_non_english_article(tmp_path):
    folder = batch(tmp_path)
    (folder / "bericht.txt").write_text(
        "Die Gespräche zwischen den Vereinigten Staaten und Russland in Riad endeten am Dienstag. "
        "Der Außenminister sagte, dass die Ukraine an den Verhandlungen beteiligt sein müsse und dass "
        "es keinen Frieden ohne Kiew geben könne. Die europäischen Staaten waren nicht eingeladen.",
        encoding="utf-8",
    )
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "bericht.txt"), "not in English")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_article_with_no_actors_is_kept_with_a_warning(tmp_path):
    folder = batch(tmp_path)
    (folder / "weather.txt").write_text(
        "The weather stayed mild on Tuesday, and rain is expected later in the week across the whole region, "
        "with cooler nights and some wind near the coast.\n"
    )
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert result.exit_code == 0, result.stderr  # nothing was skipped: the article is in the graph
    warnings = [line for line in result.stderr.splitlines() if line.startswith("kg: warning ")]
    assert warnings == [f"kg: warning {folder / 'weather.txt'}: no actors found; kept as an article with no positions"]
    found = articles(tmp_path / "kg.ttl")
    assert "weather" in found and GOOD.stem in found
    assert found["weather"][NIF + "isString"][0].startswith("The weather stayed mild")


def test_path_that_does_not_exist(tmp_path):
    folder = batch(tmp_path)
    missing = tmp_path / "no-such-folder"
    result = ingest(folder, missing, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(missing), "no such file or folder")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_nothing_readable_writes_nothing(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = ingest(tmp_path / "empty.txt", output=tmp_path / "kg.ttl")
    assert result.exit_code == 2
    assert "kg: skipped" in result.stderr and "no article could be read; nothing written" in result.stderr
    assert not (tmp_path / "kg.ttl").exists()


# --- HTML pages and boilerplate --------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Zelenskyy wants guarantees | Example News</title>
<meta property="og:title" content="Zelenskyy wants guarantees">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://example.org/world/zelenskyy-guarantees">
<meta property="article:published_time" content="2025-02-18T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<aside class="promo"><p>Subscribe now and get a 30-day free trial of Example News Premium!</p></aside>
<article>
<h1>Zelenskyy wants guarantees</h1>
<p>Ukrainian President Volodymyr Zelenskyy said on Tuesday that Ukraine would not accept any peace deal
negotiated without its participation.</p>
<p>He called for security guarantees from the United States and from European allies before any ceasefire.</p>
<p>Russian Foreign Minister Sergey Lavrov said Moscow opposed the deployment of European peacekeepers.</p>
</article>
<footer><p>Copyright 2025 Example News. All rights reserved.</p></footer>
</body></html>
"""


def test_html_page_gives_main_text_and_metadata(tmp_path):
    folder = batch(tmp_path)
    (folder / "guarantees.html").write_text(PAGE, encoding="utf-8")
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert result.exit_code == 0, result.stderr
    found = articles(tmp_path / "kg.ttl")
    page = found["guarantees"]
    assert page[DCTERMS + "title"] == ["Zelenskyy wants guarantees"]
    assert page[SKG + "outlet"] == ["Example News"]
    assert page[SCHEMA + "url"] == ["https://example.org/world/zelenskyy-guarantees"]
    assert page[SCHEMA + "datePublished"] == ["2025-02-18"]
    text = page[NIF + "isString"][0]
    assert "security guarantees from the United States" in text
    for furniture in ("Home", "Sport", "Subscribe", "free trial", "Copyright", "All rights reserved"):
        assert furniture not in text
    assert GOOD.stem in found


def test_html_page_positions_point_into_the_stored_text(tmp_path):
    (tmp_path / "guarantees.htm").write_text(PAGE, encoding="utf-8")
    ingest(tmp_path / "guarantees.htm", output=tmp_path / "kg.ttl")
    graph = list(pyoxigraph.parse(path=str(tmp_path / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    text = next(t.object.value for t in graph if t.predicate.value == NIF + "isString")
    spans: dict[str, dict[str, str]] = {}
    for t in graph:
        if t.predicate.value in (NIF + "beginIndex", NIF + "endIndex", SKG + "quote"):
            spans.setdefault(t.subject.value, {})[t.predicate.value] = t.object.value
    assert spans, "the page's statements were found"
    for span in spans.values():
        assert text[int(span[NIF + "beginIndex"]):int(span[NIF + "endIndex"])] == span[SKG + "quote"]


def test_html_page_with_no_article_text(tmp_path):
    folder = batch(tmp_path)
    (folder / "blank.html").write_text(
        '<html><head><title>Example News</title><script>var page = 1;</script></head><body><nav><ul>'
        '<li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
        "<footer>Copyright 2025 Example News</footer></body></html>"
    )
    result = ingest(folder, output=tmp_path / "kg.ttl")
    assert_skipped_once(result, str(folder / "blank.html"), "no article text found in the HTML page")
    assert_good_article_in(tmp_path / "kg.ttl")


def test_text_boilerplate_lines_are_dropped(tmp_path):
    (tmp_path / "story.txt").write_text(
        "Skip to main content\n"
        "Zelenskyy wants guarantees\n"
        "3 min read\n"
        + ENGLISH + "\n"
        "Sign up for our daily newsletter to get the latest news.\n"
        "Photo: Reuters\n"
        "Copyright 2025 Example News\n"
    )
    ingest(tmp_path / "story.txt", output=tmp_path / "kg.ttl")
    text = articles(tmp_path / "kg.ttl")["story"][NIF + "isString"][0]
    assert text == "Zelenskyy wants guarantees\n" + ENGLISH


def test_count_articles_counts_files_and_json_lines(tmp_path):
    folder = batch(tmp_path)
    (folder / "feed.jsonl").write_text('{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y"}\n')
    (folder / "page.html").write_text(PAGE)
    (folder / "notes.md").write_text("not an article")  # not an article suffix: not counted
    assert read.count_articles([folder, tmp_path / "missing.txt"]) == 1 + 2 + 1 + 1


# --- atomic writes ---------------------------------------------------------------------


def test_ingest_crash_mid_write_leaves_the_old_graph(tmp_path, monkeypatch):
    output = tmp_path / "kg.ttl"
    output.write_text("# the graph of yesterday\n")

    def crash(descriptor):  # the data is written, the disk "fails" before the rename
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(turtle.os, "fsync", crash)
    result = runner.invoke(app, ["ingest", str(GOOD), "-o", str(output)])
    assert result.exit_code != 0
    assert output.read_text() == "# the graph of yesterday\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]  # no temporary file left behind


def test_query_output_crash_mid_write_leaves_the_old_file(tmp_path, monkeypatch, seeds_ttl):
    from kg.graph import results

    output = tmp_path / "answer.csv"
    output.write_text("old answer\n")

    def half_then_crash(rows, stream):
        stream.write("holder,topic\r\n")
        raise RuntimeError("serializer crashed")

    monkeypatch.setattr(results, "write_csv", half_then_crash)
    result = runner.invoke(app, ["query", "positions", "-d", str(seeds_ttl), "-f", "csv", "-o", str(output)])
    assert result.exit_code != 0
    assert output.read_text() == "old answer\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answer.csv"]


def test_written_files_get_the_usual_permissions(tmp_path):
    turtle.write_atomic(tmp_path / "new.ttl", "x\n")
    assert (tmp_path / "new.ttl").stat().st_mode & 0o777 != 0o600
    existing = tmp_path / "shared.ttl"
    existing.write_text("old\n")
    existing.chmod(0o640)
    turtle.write_atomic(existing, "new\n")
    assert existing.stat().st_mode & 0o777 == 0o640


def test_a_write_removes_what_killed_writers_left_and_spares_a_live_writer(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)  # reaped: no process has this id now (unless reused at once)
    live = os.getppid()  # a writer still running must keep its file, or its rename would fail
    killed = tmp_path / f".kg.ttl.{dead}.abcd1234.tmp"
    working = tmp_path / f".kg.ttl.{live}.efgh5678.tmp"
    old_style = tmp_path / ".kg.ttl.ijkl9012.tmp"  # from before names carried a process id
    recent_old_style = tmp_path / ".kg.ttl.mnop3456.tmp"
    other_target = tmp_path / f".other.ttl.{dead}.qrst7890.tmp"
    for path in (killed, working, old_style, recent_old_style, other_target):
        path.write_text("half a graph")
    hours_ago = time.time() - 2 * 3600
    os.utime(old_style, (hours_ago, hours_ago))
    turtle.write_atomic(tmp_path / "kg.ttl", "x\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["kg.ttl", working.name, recent_old_style.name, other_target.name]
    )
