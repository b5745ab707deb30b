"""`kg ingest --cluster`: a real Dask scheduler and two worker processes on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg import cluster, turtle, vocab
from kg.cli import app
from kg.pipeline import ingest

distributed = pytest.importorskip("distributed", reason="the cluster extra (dask[distributed]) is not installed")

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and the dev articles, and one file that cannot be read."""
    folder = tmp_path_factory.mktemp("corpus")
    for source in sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev").glob("*.txt")):
        shutil.copy(source, folder / source.name)
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x01 not text")
    return folder


@pytest.fixture(scope="module")
def single(corpus, knowledge) -> str:
    """What one process writes for the corpus."""
    return ingest([corpus], knowledge=knowledge).turtle()


@pytest.fixture(scope="module")
def client():
    # Processes, not threads: each worker loads its own spaCy model, as on a real cluster.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0",
        silence_logs=40,
    ) as local, distributed.Client(local, set_as_default=False) as client:
        yield client


def union_of_parts(folder: Path) -> str:
    """The part files' triples as one sorted Turtle graph (what loading them into a store gives)."""
    triples = set()
    for part in sorted(folder.iterdir()):
        triples.update(q.triple for q in pyoxigraph.parse(path=part, format=pyoxigraph.RdfFormat.N_QUADS))
    return turtle.serialize(triples)


def test_part_files_hold_what_one_process_writes(client, corpus, single, tmp_path):
    report = cluster.ingest([corpus], client, tmp_path / "parts", size=2)
    assert report.articles == 9 and report.parts == 5
    assert [s.source for s in report.skipped] == [str(corpus / "broken.txt")]
    assert union_of_parts(tmp_path / "parts") == single
    # One named graph per article, each in exactly one part file.
    graphs = {}
    for part in sorted((tmp_path / "parts").iterdir()):
        for quad in pyoxigraph.parse(path=part, format=pyoxigraph.RdfFormat.N_QUADS):
            assert graphs.setdefault(quad.graph_name.value, part.name) == part.name
    assert sorted(graphs) == sorted(vocab.article_iri(p.stem) for p in corpus.glob("*.txt") if p.stem != "broken")


def test_a_lost_worker_changes_nothing(client, corpus, single, tmp_path):
    killed = []

    def kill_a_busy_worker(part) -> None:
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        pids = client.run(os.getpid, workers=busy[:1])
        for pid in pids.values():
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report = cluster.ingest([corpus], client, tmp_path / "parts", size=1, on_part=kill_a_busy_worker)
    assert killed, "no worker was busy when the first partition came back"
    assert report.articles == 9 and report.parts == 9
    assert union_of_parts(tmp_path / "parts") == single
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == [f"part-{i:05d}.nq" for i in range(9)]


def test_the_command_writes_the_same_bytes_and_reports_the_bad_file(client, corpus, single, tmp_path):
    out = tmp_path / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"kg: skipped {corpus / 'broken.txt'}" in result.output
    assert out.read_text(encoding="utf-8") == single
    parts = tmp_path / "parts"
    result = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "-o", str(parts), "--format", "trig"])
    assert result.exit_code == 1, result.output
    triples = set()
    for part in parts.iterdir():
        assert part.suffix == ".trig"
        triples.update(q.triple for q in pyoxigraph.parse(path=part, format=pyoxigraph.RdfFormat.TRIG))
    assert turtle.serialize(triples) == single


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("local:0", "--cluster local:N takes a number of workers N >= 1, not 'local:0'"),
        ("scheduler:8786", "--cluster takes a scheduler address such as tcp://host:8786, or local:N, not 'scheduler:8786'"),
    ],
)
def test_a_wrong_address_is_one_line(corpus, tmp_path, address, message):
    result = runner.invoke(app, ["ingest", str(corpus), "--cluster", address, "-o", str(tmp_path / "parts")])
    assert result.exit_code == 2
    assert result.output == f"kg: error: {message}\n"


def test_the_part_folder_must_hold_only_part_files(corpus, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["ingest", str(corpus), "--cluster", "local:1", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds other files than part files (notes.txt, ...); give a new or empty folder" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_into_a_store_then_export_gives_the_same_bytes(client, corpus, single, tmp_path):
    store, out = tmp_path / "kgdb", tmp_path / "kg.ttl"
    first = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "--store", str(store)])
    assert first.exit_code == 1, first.output  # the bad file
    assert "9 added, 0 replaced, 0 unchanged" in first.output
    assert runner.invoke(app, ["export", "--store", str(store), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == single
    again = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "--store", str(store)])
    assert "0 added, 0 replaced, 9 unchanged (0 statements, 0 positions parsed)" in again.output
