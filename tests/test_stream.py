"""`kg ingest -o` streams: each article's triples are written as it is done,
spilled in sorted runs and merged, and the file is the same bytes as before."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.graph import emit, turtle
from kg.pipeline import ingest_to_file
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_spilled_runs_merge_to_the_bytes_of_one_sort(seeds_result, knowledge, tmp_path, fmt):
    per_article = [list(emit.triples([e], knowledge)) for e in seeds_result.extractions]
    everything = set().union(*per_article)
    out = tmp_path / "kg.out"
    sorted_file = turtle.SortedFile(out, fmt, chunk=97)  # many runs, cut anywhere
    shuffled = random.Random(7)
    for triples in per_article + per_article[:1]:  # an article's triples twice: duplicates go
        shuffled.shuffle(triples)
        for i in range(0, len(triples), 40):
            sorted_file.add(triples[i : i + 40])
    assert len(sorted_file.runs) > 10
    sorted_file.commit()
    assert out.read_bytes() == turtle.serialize(everything, fmt).encode("utf-8")


def test_ingest_to_file_writes_what_ingest_writes(seeds_result, knowledge, tmp_path):
    report = ingest_to_file([SEEDS], tmp_path / "kg.ttl", knowledge=knowledge)
    assert report.written and report.articles == len(seeds_result.extractions)
    assert report.statements == sum(len(e.statements) for e in seeds_result.extractions)
    assert (tmp_path / "kg.ttl").read_text(encoding="utf-8") == seeds_result.turtle()


def test_nothing_is_written_when_no_article_could_be_read(knowledge, tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    report = ingest_to_file([tmp_path / "empty.txt"], tmp_path / "kg.ttl", knowledge=knowledge)
    assert not report.written and report.skipped
    assert not (tmp_path / "kg.ttl").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["empty.txt"]  # no temporary file left either
