"""kill -9 of kg ingest -o: the previous graph survives whole, and no temporary file outlives the next run."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest

from faultkit import SEED, assert_no_traceback, kg, kill9, start_kg, write_articles

pytestmark = pytest.mark.slow

ARTICLES = 60
KILLS = 3


def leftovers(folder: Path, name: str = "kg.ttl") -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp"))


def parses(path: Path) -> int:
    return len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)))


def test_kill_ingest_keeps_the_previous_graph(tmp_path, scenario):
    with scenario("kill-ingest") as outcome:
        articles = write_articles(tmp_path / "articles", ARTICLES)
        output = tmp_path / "kg.ttl"
        started = time.monotonic()
        first = kg("ingest", articles, "-o", output, cwd=tmp_path)
        clean_run = time.monotonic() - started
        assert first.returncode == 0, first.stderr
        previous = output.read_bytes()
        rng = random.Random(SEED)
        points = sorted(rng.uniform(0.05, 1.0) * clean_run for _ in range(KILLS))
        for point in points:
            process = start_kg("ingest", articles, "-o", output, cwd=tmp_path)
            time.sleep(point)
            kill9(process)
            intact = output.read_bytes() == previous
            outcome["lost"] += not intact
            assert intact, f"kg.ttl changed by a run killed after {point:.2f} s (seed {SEED})"
            assert parses(output) > 0
        again = kg("ingest", articles, "-o", output, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        assert output.read_bytes() == previous  # the same articles, the same bytes
        assert leftovers(tmp_path) == []


# A writer of a large file, in its own process, so that it can be killed while its
# temporary file is half written: the same kg.graph.turtle.write_atomic that kg ingest uses.
SLOW_WRITER = """
import sys
from kg.graph import turtle
turtle.write_atomic(sys.argv[1], b"# a graph being written\\n" * (int(sys.argv[2]) // 24))
"""


def kill_while_writing(output: Path) -> list[str]:
    """Kill a writer of ``output`` while its temporary file exists; the temporary files it left."""
    size = 64_000_000
    for _ in range(4):
        process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(output), str(size)])
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline and not leftovers(output.parent):
            time.sleep(0.001)
        kill9(process)
        if process.returncode == -9 and leftovers(output.parent):
            return leftovers(output.parent)
        size *= 2  # the write finished before it was seen: a bigger one takes longer
    pytest.fail("could not catch the writer in the middle of its write")


def test_kill_during_the_write_leaves_no_temporary_file(tmp_path, scenario):
    with scenario("kill-write") as outcome:
        articles = write_articles(tmp_path / "articles", 2)
        output = tmp_path / "kg.ttl"
        assert kg("ingest", articles, "-o", output).returncode == 0
        previous = output.read_bytes()
        left = kill_while_writing(output)
        assert left, "the killed writer left no temporary file: the scenario did not happen"
        intact = output.read_bytes() == previous
        outcome["lost"] += not intact
        assert intact
        again = kg("ingest", articles, "-o", output)
        assert_no_traceback(again)
        assert again.returncode == 0, again.stderr
        assert leftovers(tmp_path) == []
        assert output.read_bytes() == previous
