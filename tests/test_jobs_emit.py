"""With --jobs, each worker makes its articles' part of the graph (sort records,
kg.graph.turtle.Records) and the parent only merges: the same bytes as the
triples made in one process, in Turtle and N-Triples. Real spaCy and Oxigraph."""

from __future__ import annotations

import functools
import multiprocessing
import threading
from pathlib import Path

import pytest

from kg.graph import emit, turtle
from kg.ingest_outputs import Emitted, distinct_positions, emitted
from kg.pipeline import extract_articles, ingest, ingest_to_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev"
FORMATS = ["turtle", "nt"]


@pytest.fixture(scope="module")
def dev_result(knowledge):
    return ingest([DEV], knowledge=knowledge)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_articles_records_are_those_the_sorted_file_makes_of_its_triples(seeds_result, dev_result, knowledge, tmp_path, fmt):
    form = turtle.Records(fmt)  # one for all articles, as in a worker
    for extraction in seeds_result.extractions + dev_result.extractions:
        expected = turtle.SortedFile(tmp_path / "unused", fmt)
        expected.add(emit.triples([extraction], knowledge, stories=False))
        assert emit.records([extraction], knowledge, form, stories=False) == expected.records, extraction.article.id
        expected.close()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_librarys_output_is_the_serialised_triples(dev_result, fmt):
    assert dev_result.serialize(fmt) == turtle.serialize(dev_result.triples(), fmt)


def test_the_records_writer_forgets_its_iris(dev_result, knowledge):
    form = turtle.Records("turtle")
    form.FORGET = 10
    emit.records(dev_result.extractions[:1], knowledge, form, stories=False)
    assert len(form.writer._iris) > 10
    form.forget()
    assert not form.writer._iris


def test_an_invalid_iri_still_fails_the_emitter(knowledge):
    for emitter in (emit.Emitter(knowledge), emit.RecordEmitter(knowledge, turtle.Records())):
        with pytest.raises(ValueError):
            emitter.add("not an iri", emit.RDF_TYPE, emit.skg("Person"))


def test_workers_send_back_the_records_one_process_makes(seeds_result, knowledge, nlp):
    articles = [e.article for e in seeds_result.extractions]
    prepare = functools.partial(emitted, fmt="turtle")
    here = list(extract_articles(articles, nlp, knowledge, prepare=prepare))
    there = list(extract_articles(articles, nlp, knowledge, jobs=2, prepare=prepare))
    assert all(isinstance(item, Emitted) for item in there)
    assert [item.article for item in there] == articles
    for one, other, extraction in zip(here, there, seeds_result.extractions):
        assert set(other.records) == set(one.records)
        assert (other.statements, other.positions, other.actors) == (
            len(extraction.statements), distinct_positions(extraction), bool(extraction.actors))
        assert list(other.fingerprint) == list(one.fingerprint)


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_processes_write_the_file_one_writes(knowledge, tmp_path, fmt):
    written = {}
    for jobs in (1, 2):
        out = tmp_path / f"kg-{jobs}.{fmt}"
        report = ingest_to_file([SEEDS, DEV], out, fmt, knowledge=knowledge, jobs=jobs)
        assert report.written and report.articles == 9
        written[jobs] = out.read_bytes()
    assert written[1] == written[2]
    kept = ingest([SEEDS, DEV], knowledge=knowledge)
    assert written[1] == turtle.serialize(kept.triples(), fmt).encode("utf-8")


def test_a_reader_that_stops_leaves_no_worker_and_no_pool_thread(seeds_result, knowledge, nlp):
    # Workers left parsing would hold memory after an error or Ctrl-C; a pool's thread left running when the
    # next pool forks can hold a lock its children then wait for forever.
    articles = [e.article for e in seeds_result.extractions] * 8
    before = set(threading.enumerate())
    found = extract_articles(articles, nlp, knowledge, jobs=2)
    assert next(found).article == articles[0]
    found.close()
    assert multiprocessing.active_children() == []
    assert [thread for thread in threading.enumerate() if thread not in before] == []
