"""A bad-input corpus, made here, through the installed kg: one line per bad input, the rest of the batch goes in.

One `kg ingest` run reads a folder holding every bad input beside good
articles, plus bad paths named on the command line, as a user's messy
download folder would be. Each case then checks its own line in that run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import tempfile
import time
from pathlib import Path

import pyoxigraph
import pytest

from faultkit import article_text, assert_no_traceback, kg, lines, write_articles

pytestmark = pytest.mark.slow

GOOD = 4  # good articles in the batch, report-000 .. report-003

GERMAN = (
    "Der ukrainische Präsident hat am Dienstag gesagt, dass die Ukraine keinem Abkommen zustimmen werde, "
    "das ohne ihre Beteiligung ausgehandelt worden sei, und er forderte Sicherheitsgarantien von den Vereinigten Staaten."
)


def _jsonl(*records) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def make_corpus(folder: Path) -> dict[str, Path | list[Path]]:
    """The bad inputs, by scenario id, written into ``folder`` beside GOOD good articles."""
    write_articles(folder, GOOD)
    rng = random.Random(14)
    made = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "invalid-utf8": folder / "latin1.txt",
        "utf16": folder / "utf16.txt",
        "large": folder / "large.txt",
        "one-line": folder / "one-line.txt",
        "nested-html": folder / "nested.html",
        "script-html": folder / "script.html",
        "malformed-jsonl": folder / "malformed.jsonl",
        "partial-jsonl": folder / "partial.jsonl",
        "duplicate-ids": folder / "duplicates.jsonl",
        "bom-jsonl": folder / "bom.jsonl",
        "utf16-jsonl": folder / "utf16.jsonl",
        "non-english": folder / "german.txt",
        "fifo": folder / "pipe.txt",
    }
    made["empty"].write_bytes(b"")
    made["binary"].write_bytes(bytes(rng.randrange(256) for _ in range(4096)) + b"\x00")
    made["invalid-utf8"].write_bytes(article_text(101).encode("latin-1") + "Kyiv’s façade".encode("cp1252"))
    made["utf16"].write_bytes(article_text(102).encode("utf-16"))  # with its byte-order mark
    paragraph = article_text(103).split("\n\n", 1)[1]
    made["large"].write_text((paragraph * (5_000_000 // len(paragraph) + 1))[:5_000_000])
    words = ["talks", "ceasefire", "delegation", "minister", "border", "winter"]
    one_line = " ".join(rng.choice(words) for _ in range(200_000))
    made["one-line"].write_text(one_line[: 1 << 20])
    made["nested-html"].write_text(
        "<html><body>" + "<div>" * 5000 + f"<p>{article_text(104)}</p>" + "</div>" * 5000 + "</body></html>"
    )
    made["script-html"].write_text(
        "<html><head><script>var feed = [];</script></head><body><script>document.write('breaking');</script></body></html>"
    )
    made["malformed-jsonl"].write_text(
        _jsonl({"id": "jsonl-good", "text": article_text(105)}) + '{"id": "jsonl-bad", "text": \n' + "[1, 2, 3]\n"
    )
    made["partial-jsonl"].write_text(
        _jsonl({"id": "partial-good", "text": article_text(106)}) + json.dumps({"id": "cut", "text": article_text(107)})[:60]
    )
    made["duplicate-ids"].write_text(
        _jsonl({"id": "twice", "text": article_text(108)}, {"id": "twice", "text": article_text(109)})
    )
    made["bom-jsonl"].write_bytes(b"\xef\xbb\xbf" + _jsonl({"id": "bom-first", "text": article_text(110)}).encode())
    made["utf16-jsonl"].write_bytes(
        _jsonl({"id": "wide-1", "text": article_text(111)}, {"id": "wide-2", "text": article_text(112)}).encode("utf-16")
    )
    made["non-english"].write_text(GERMAN)
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    made["symlink-loop"] = [folder / "loop-a.txt", folder / "loop-b.txt"]
    os.mkfifo(made["fifo"])
    return made


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One kg ingest over the corpus folder and the bad paths named on the command line."""
    root = tmp_path_factory.mktemp("bad-inputs")
    folder = root / "downloads"
    made = make_corpus(folder)
    os.symlink("loop-d.txt", root / "loop-c.txt")
    os.symlink("loop-c.txt", root / "loop-d.txt")
    named = {"symlink-loop": root / "loop-c.txt", "missing": root / "no-such-article.txt"}
    output = root / "kg.ttl"
    result = kg("ingest", folder, *named.values(), "-o", output, timeout=600)
    return result, made, named, output


def graph_ids(output: Path) -> set[str]:
    identifier = pyoxigraph.NamedNode("http://purl.org/dc/terms/identifier")
    return {
        quad.object.value
        for quad in pyoxigraph.parse(path=str(output), format=pyoxigraph.RdfFormat.TURTLE)
        if quad.predicate == identifier
    }


def skipped(stderr: str, path: Path) -> list[str]:
    return [line for line in lines(stderr) if line.startswith(f"kg: skipped {path}")]


# scenario id -> (the reasons its skip lines give, one per line; the article ids it must add to the graph)
EXPECTED = {
    "empty": (["empty file"], []),
    "binary": (["binary file"], []),
    "invalid-utf8": (["not valid UTF-8"], []),
    "utf16": ([], ["utf16"]),
    "large": (["more than the parser takes"], []),
    "one-line": (["more than the parser takes"], []),
    "nested-html": (["no article text found"], []),
    "script-html": (["no article text found"], []),
    "malformed-jsonl": ([":2: malformed JSON", ":3: a line needs an object"], ["jsonl-good"]),
    "partial-jsonl": ([":2: malformed JSON"], ["partial-good"]),
    "duplicate-ids": ([":2: article id 'twice' already used by"], ["twice"]),
    "bom-jsonl": ([], ["bom-first"]),
    "utf16-jsonl": ([], ["wide-1", "wide-2"]),
    "non-english": (["not in English"], []),
    "symlink-loop": (["symlink loop"] * 3, []),
    "fifo": (["named pipe"], []),
    "missing": (["no such file or folder"], []),
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_input(case, run, scenario):
    with scenario(case):
        result, made, named, output = run
        assert_no_traceback(result)
        assert result.returncode == 1, result.stderr
        reasons, ids = EXPECTED[case]
        paths = made.get(case, [])
        found = []
        for path in [*(paths if isinstance(paths, list) else [paths]), *([named[case]] if case in named else [])]:
            found += skipped(result.stderr, path)
        assert len(found) == len(reasons), (case, found)
        for line, reason in zip(sorted(found), sorted(reasons)):
            assert reason in line, line
        in_graph = graph_ids(output)
        assert {f"report-{n:03d}" for n in range(GOOD)} <= in_graph  # the rest of the batch
        assert set(ids) <= in_graph


def test_every_line_of_the_run_is_one_of_the_cases(run):
    """Nothing is reported twice or about a file no case expects, and the summary counts them."""
    result, made, named, output = run
    expected = sum(len(reasons) for reasons, _ in EXPECTED.values())
    skips = [line for line in lines(result.stderr) if line.startswith("kg: skipped ")]
    assert len(skips) == expected, result.stderr
    assert f"({expected} skipped)" in lines(result.stderr)[-1]


def test_the_corpus_into_a_store_gives_the_same_lines(run, tmp_path, scenario):
    with scenario("store-corpus"):
        result, made, named, output = run
        store = tmp_path / "store"
        into_store = kg("ingest", next(iter(made.values())).parent, *named.values(), "--store", store, timeout=600)
        assert_no_traceback(into_store)
        assert into_store.returncode == 1, into_store.stderr
        said = [line for line in lines(into_store.stderr) if line.startswith("kg: skipped ")]
        assert said == [line for line in lines(result.stderr) if line.startswith("kg: skipped ")]
        exported = kg("export", "--store", store, "-o", tmp_path / "export.ttl")
        assert exported.returncode == 0, exported.stderr
        assert graph_ids(tmp_path / "export.ttl") == graph_ids(output)


def _unreadable_as() -> tuple[list[str] | None, str | None]:
    """How to run kg as a user who cannot read a chmod 000 file: ourselves, or nobody if we are root."""
    if os.geteuid() != 0:
        return [], None
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None, "running as root, where chmod 000 does not stop reads, and setpriv is missing"
    as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = kg("--help", user=as_nobody)
    if probe.returncode != 0:
        return None, f"running as root and user nobody cannot run {probe.args[-2]}: {probe.stderr.strip()[:120]}"
    return as_nobody, None


@pytest.fixture
def open_tmp():
    """A scratch folder another user can reach (pytest's own sits in a private one)."""
    folder = Path(tempfile.mkdtemp(prefix="kg-faults-"))
    folder.chmod(0o777)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(folder)


def test_unreadable(open_tmp, scenario):
    tmp_path = open_tmp
    with scenario("unreadable-file"), scenario("unreadable-folder"):
        user, why_not = _unreadable_as()
        if user is None:
            pytest.skip(why_not)
        folder = write_articles(tmp_path / "downloads", GOOD)
        secret = folder / "secret.txt"
        secret.write_text(article_text(120))
        locked = folder / "locked"
        write_articles(locked, 1)
        named = tmp_path / "private.txt"
        named.write_text(article_text(121))
        for path in (tmp_path, folder):
            path.chmod(0o777)
        for path in folder.glob("*.txt"):
            path.chmod(0o644)
        for path in (secret, named):
            path.chmod(0)
        locked.chmod(0)
        output = tmp_path / "out" / "kg.ttl"
        result = kg("ingest", folder, named, "-o", output, user=user)
        assert_no_traceback(result)
        assert result.returncode == 1, result.stderr
        assert len(skipped(result.stderr, secret)) == 1 and "Permission denied" in skipped(result.stderr, secret)[0]
        assert len(skipped(result.stderr, named)) == 1 and "Permission denied" in skipped(result.stderr, named)[0]
        folder_lines = [line for line in lines(result.stderr) if line.startswith(f"kg: skipped {locked}:")]
        assert len(folder_lines) == 1 and "cannot read the folder" in folder_lines[0], result.stderr
        assert {f"report-{n:03d}" for n in range(GOOD)} <= graph_ids(output)


@pytest.mark.parametrize("case", ["output-folder", "output-unwritable"])
def test_bad_output(case, open_tmp, scenario):
    tmp_path = open_tmp
    with scenario(case):
        folder = write_articles(tmp_path / "articles", 2)
        (folder / "empty.txt").write_bytes(b"")  # read would report it: a sign the batch was read
        if case == "output-folder":
            output = tmp_path / "out"
            output.mkdir()
            result = kg("ingest", folder, "-o", output)
        else:
            user, why_not = _unreadable_as()
            if user is None:
                pytest.skip(why_not)
            for path in (folder, *folder.iterdir()):
                path.chmod(path.stat().st_mode | stat.S_IROTH | stat.S_IXOTH)
            closed = tmp_path / "closed"
            closed.mkdir()
            closed.chmod(0o555)
            output = closed / "kg.ttl"
            result = kg("ingest", folder, "-o", output, user=user)
        assert_no_traceback(result)
        assert result.returncode == 2, result.stderr
        assert lines(result.stderr) == [lines(result.stderr)[0]] and str(output) in result.stderr, result.stderr
        assert "skipped" not in result.stderr  # refused before reading a single article
        assert not output.is_file()


# Every other command that writes a file with -o, with an input that does not exist: the one line names
# -o, so the output was checked before any input was read.
OTHER_WRITERS = {
    "export": ["export", "--store", "{missing}", "-o", "{output}", "--format", "turtle"],
    "query": ["query", "positions", "-d", "{missing}.ttl", "-o", "{output}"],
    "sparql": ["sparql", "ASK {{}}", "-d", "{missing}.ttl", "-o", "{output}"],
    "viz": ["viz", "-d", "{missing}.ttl", "-o", "{output}"],
    "reason": ["reason", "{missing}.ttl", "-o", "{output}"],
    "docs": ["docs", "-o", "{output}"],
}


@pytest.mark.parametrize("case", ["output-folder-others", "output-unwritable-others"])
def test_bad_output_of_every_writer(case, open_tmp, scenario):
    tmp_path = open_tmp
    with scenario(case):
        missing = tmp_path / "missing"
        user = None
        if case == "output-folder-others":
            target = tmp_path / "out"
            target.mkdir()
        else:
            user, why_not = _unreadable_as()
            if user is None:
                pytest.skip(why_not)
            closed = tmp_path / "closed"
            closed.mkdir()
            closed.chmod(0o555)
        for command, template in OTHER_WRITERS.items():
            if case == "output-folder-others":
                output = target
                if command in ("reason", "export"):  # their format comes from the name; a folder may have one
                    output = tmp_path / f"{command}.trig"
                    output.mkdir(exist_ok=True)
            else:
                output = closed / f"{command}.{'trig' if command == 'reason' else 'html' if command in ('viz', 'docs') else 'ttl'}"
            result = kg(*[part.format(missing=missing, output=output) for part in template], user=user)
            assert_no_traceback(result)
            assert result.returncode == 2, (command, result.stderr)
            assert len(lines(result.stderr)) == 1 and str(output) in result.stderr, (command, result.stderr)
            assert str(missing) not in result.stderr, (command, result.stderr)
            assert not output.is_file()


def test_a_huge_html_page_is_refused_before_it_is_parsed(tmp_path, scenario):
    with scenario("huge-html"):
        folder = write_articles(tmp_path / "articles", 1)
        paragraph = f"<div class='story'><p>{article_text(120)}</p><span>more</span></div>\n"
        page = "<html><head><title>Live</title></head><body>" + paragraph * (19_000_000 // len(paragraph)) + "</body></html>"
        (folder / "huge.html").write_text(page)
        started = time.monotonic()
        result = kg("ingest", folder, "-o", tmp_path / "kg.ttl", timeout=600)
        took = time.monotonic() - started
        assert_no_traceback(result)
        assert result.returncode == 1, result.stderr
        found = skipped(result.stderr, folder / "huge.html")
        assert len(found) == 1 and "file is 19 MB, larger than" in found[0], result.stderr
        assert graph_ids(tmp_path / "kg.ttl") == {"report-000"}
        assert took < 30, f"{took:.0f} s: the page was parsed before it was refused"
