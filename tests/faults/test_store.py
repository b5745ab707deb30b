"""The on-disk store under kill -9 and under two writers: never corrupt, and again gives the clean bytes."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from faultkit import SEED, assert_no_traceback, kg, kill9, lines, start_kg, write_articles

pytestmark = pytest.mark.slow

ARTICLES = 60


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """The articles, the bytes kg export gives after one uninterrupted run, and how long that run took."""
    root = tmp_path_factory.mktemp("clean-store")
    articles = write_articles(root / "articles", ARTICLES)
    started = time.monotonic()
    run = kg("ingest", articles, "--store", root / "store")
    took = time.monotonic() - started
    assert run.returncode == 0, run.stderr
    return articles, export(root / "store", root / "clean.ttl"), took


def export(store: Path, output: Path) -> bytes:
    result = kg("export", "--store", store, "-o", output)
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    return output.read_bytes()


def test_kill_store_ingest_then_again_is_a_clean_store(clean, tmp_path, scenario):
    articles, expected, took = clean
    with scenario("kill-store") as outcome:
        store = tmp_path / "store"
        rng = random.Random(SEED)
        # Earlier and earlier: a run with a warm cache can be much faster than the clean one was.
        for fraction in (rng.uniform(0.6, 0.9), 0.5, 0.3, 0.15, 0.05):
            process = start_kg("ingest", articles, "--store", store)
            time.sleep(fraction * took)
            if process.poll() is None:
                kill9(process)
                break
            process.communicate()  # finished before the kill: try earlier
        assert process.returncode == -9, "every run finished before it could be killed"
        again = kg("ingest", articles, "--store", store)
        assert_no_traceback(again)
        assert again.returncode == 0, again.stderr
        same = export(store, tmp_path / "again.ttl") == expected
        outcome["lost"] += not same
        assert same, f"after a kill at {fraction * took:.2f} s the store differs from a clean run (seed {SEED})"


def test_two_writers_one_gets_a_clear_lock_error(clean, tmp_path, scenario):
    articles, expected, took = clean
    with scenario("two-writers") as outcome:
        store = tmp_path / "store"
        first = start_kg("ingest", articles, "--store", store)
        holder = store / "kg-writer.pid"
        deadline = time.monotonic() + 60
        while not holder.is_file() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the first has the store open once it names itself
        second = kg("ingest", articles, "--store", store)
        _, first_err = first.communicate(timeout=300)
        assert first.returncode == 0, first_err
        assert_no_traceback(second)
        assert second.returncode == 2, second.stderr
        said = lines(second.stderr)
        assert len(said) == 1, second.stderr
        assert f"in use by kg process {first.pid}" in said[0] and "LOCK" in said[0], said[0]
        same = export(store, tmp_path / "after.ttl") == expected
        outcome["lost"] += not same
        assert same
