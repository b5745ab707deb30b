"""`kg ingest --cluster`: a real Dask scheduler and two worker processes on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import signal
import urllib.request
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg import cluster, vocab

from kg.graph import emit, turtle
from kg.cli import app
from kg.pipeline import ingest
from kg.graph.server import OxigraphServer

from fakestore import serving
from test_endpoint import _Interceptor
from test_timeline import OTHER, WIRE

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
    # One wire story in two outlets, apart in the input so that small partitions split them.
    copies = [
        {"id": "daily-copy", "outlet": "Example Daily", "published": "2025-03-03", "text": "Stubb in Kyiv\n" + WIRE},
        {"id": "herald-own", "outlet": "Example Herald", "published": "2025-03-05", "text": OTHER},
        {"id": "times-copy", "outlet": "Example Times", "published": "2025-03-04",
         "text": "Finland for a truce\n" + WIRE.rsplit(" He said", 1)[0]},
    ]
    (folder / "wire.jsonl").write_text("".join(json.dumps(record) + "\n" for record in copies), encoding="utf-8")
    return folder


ARTICLES = 12  # 3 seeds, 6 dev articles, 3 in wire.jsonl


@pytest.fixture(scope="module")
def extracted(corpus, knowledge):
    return ingest([corpus], knowledge=knowledge)


@pytest.fixture(scope="module")
def single(extracted) -> str:
    """What one process writes for the corpus."""
    return extracted.turtle()


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
    assert report.articles == ARTICLES and report.parts == 6
    assert [s.source for s in report.skipped] == [str(corpus / "broken.txt")]
    assert union_of_parts(tmp_path / "parts") == single
    # One named graph per article, each in exactly one part file.
    graphs = {}
    for part in sorted((tmp_path / "parts").iterdir()):
        for quad in pyoxigraph.parse(path=part, format=pyoxigraph.RdfFormat.N_QUADS):
            assert graphs.setdefault(quad.graph_name.value, part.name) == part.name
    ids = [p.stem for p in corpus.glob("*.txt") if p.stem != "broken"] + ["daily-copy", "herald-own", "times-copy"]
    assert sorted(graphs) == sorted(vocab.article_iri(i) for i in ids)


def test_stories_are_found_across_partitions(client, corpus, single, tmp_path):
    """The two copies of the wire story are one story, with one partition an article."""
    story = "<https://w3id.org/stakeholder-kg/ontology#story> <https://w3id.org/stakeholder-kg/story/daily-copy>"
    assert single.count("story:daily-copy") == 3  # the story, and each copy's link to it
    report = cluster.ingest([corpus], client, tmp_path / "kg.ttl", size=1)
    assert report.parts == ARTICLES
    assert (tmp_path / "kg.ttl").read_text(encoding="utf-8") == single
    cluster.ingest([corpus], client, tmp_path / "parts", size=1)
    assert union_of_parts(tmp_path / "parts") == single
    # Each copy's graph carries its own link to the story, in the part file of its partition.
    linked = sorted(p.name for p in (tmp_path / "parts").iterdir() if story in p.read_text(encoding="utf-8"))
    assert len(linked) == 2


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
    assert report.articles == ARTICLES and report.parts == ARTICLES
    assert union_of_parts(tmp_path / "parts") == single
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == [f"part-{i:05d}.nq" for i in range(ARTICLES)]


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


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--endpoint", "http://127.0.0.1:9/"], "--endpoint needs --cluster; without one: kg ingest FILES -o kg.ttl,"
         " then kg load kg.ttl --endpoint URL"),
        (["--cluster", "local:1", "--endpoint", "http://127.0.0.1:9/", "-o", "kg.ttl"], "--cluster writes part files"
         " to -o FOLDER, one file (-o kg.ttl), a --store DIR or an --endpoint URL; not with --reason or --shard"),
    ],
)
def test_one_destination(corpus, options, message):
    result = runner.invoke(app, ["ingest", str(corpus), *options])
    assert (result.exit_code, result.output) == (2, f"kg: error: {message}\n")


def test_the_part_folder_must_hold_only_part_files(corpus, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["ingest", str(corpus), "--cluster", "local:1", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "holds other files than part files (notes.txt, ...); give a new or empty folder" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_into_a_store_then_export_gives_the_same_bytes(client, corpus, extracted, knowledge, tmp_path):
    store, out = tmp_path / "kgdb", tmp_path / "kg.ttl"
    first = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "--store", str(store)])
    assert first.exit_code == 1, first.output  # the bad file
    assert f"{ARTICLES} added, 0 replaced, 0 unchanged" in first.output
    assert runner.invoke(app, ["export", "--store", str(store), "-o", str(out)]).exit_code == 0
    # As kg ingest --store in one process: each article's graph as it is emitted alone, a story of its own
    # (docs/data-model.md).
    alone = set().union(*(emit.triples([extraction], knowledge) for extraction in extracted.extractions))
    assert out.read_text(encoding="utf-8") == turtle.serialize(alone)
    again = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "--store", str(store)])
    assert f"0 added, 0 replaced, {ARTICLES} unchanged (0 statements, 0 positions parsed)" in again.output


EXAMPLE = ROOT / "docs" / "examples" / "tariffs"


def test_the_workers_use_the_users_scheme(client, tmp_path, monkeypatch):
    """--topics and --actors go to the workers as file contents (no shared file system), kg.toml's too."""
    scheme = ["--topics", str(EXAMPLE / "topics.ttl"), "--actors", str(EXAMPLE / "actors.ttl")]
    alone, out = tmp_path / "alone.ttl", tmp_path / "kg.ttl"
    assert runner.invoke(app, ["ingest", str(EXAMPLE / "articles"), *scheme, "-o", str(alone)]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(EXAMPLE / "articles"), *scheme, "--cluster", client.scheduler.address,
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == alone.read_text(encoding="utf-8")
    assert "example.org/tariffs/TradeDeal" in out.read_text(encoding="utf-8")
    (tmp_path / "kg.toml").write_text(f'topics = "{EXAMPLE / "topics.ttl"}"\nactors = "{EXAMPLE / "actors.ttl"}"\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", str(EXAMPLE / "articles"), "--cluster", client.scheduler.address,
                                 "-o", "from-toml.ttl"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-toml.ttl").read_text(encoding="utf-8") == alone.read_text(encoding="utf-8")


def store_quads(server: OxigraphServer) -> list[pyoxigraph.Quad]:
    """Everything in the server's store, through the Graph Store Protocol."""
    request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return list(pyoxigraph.parse(answer.read(), format=pyoxigraph.RdfFormat.N_QUADS))


def test_into_a_sparql_store_each_partition_in_one_load(client, corpus, single, tmp_path, monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    ontology = pyoxigraph.NamedNode(vocab.BASE + "ontology")
    with OxigraphServer(port=0, ontology=False) as server:
        command = ["ingest", str(corpus), "--cluster", client.scheduler.address, "--endpoint", server.url]
        result = runner.invoke(app, command)
        assert result.exit_code == 1, result.output  # the bad file
        assert f"{ARTICLES} articles" in result.stderr and server.url in result.stderr
        quads = store_quads(server)
        articles = {q.triple for q in quads if q.graph_name != ontology}
        assert turtle.serialize(articles) == single
        assert {q.graph_name.value for q in quads} == {ontology.value} | {
            vocab.article_iri(i) for i in [p.stem for p in corpus.glob("*.txt") if p.stem != "broken"]
            + ["daily-copy", "herald-own", "times-copy"]
        }
        # Queries on the store answer as on the file.
        (tmp_path / "single.ttl").write_text(single, encoding="utf-8")
        asked = runner.invoke(app, ["query", "positions", "--endpoint", server.url, "-f", "csv"])
        on_file = runner.invoke(app, ["query", "positions", "-d", str(tmp_path / "single.ttl"), "-f", "csv"])
        assert asked.exit_code == 0 and asked.stdout == on_file.stdout
        # Again, with one article changed: its graph is replaced, nothing is added twice.
        (corpus / "changed").mkdir()
        first = sorted(corpus.glob("*.txt"))[0]
        (corpus / "changed" / first.name).write_text(first.read_text(encoding="utf-8").split("\n\n")[0], encoding="utf-8")
        try:
            result = runner.invoke(app, ["ingest", str(corpus / "changed"), "--cluster", client.scheduler.address,
                                         "--endpoint", server.url])
            assert result.exit_code == 0, result.output
            alone = ingest([corpus / "changed"]).triples()
        finally:
            shutil.rmtree(corpus / "changed")
        again = store_quads(server)
        graph = pyoxigraph.NamedNode(vocab.article_iri(first.stem))
        assert {q.triple for q in again if q.graph_name == graph} == alone
        assert len(again) == len(quads) - len([q for q in quads if q.graph_name == graph]) + len(alone)


def test_a_store_that_cannot_be_reached_fails_before_parsing(client, corpus):
    result = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address,
                                 "--endpoint", "http://127.0.0.1:9/"])
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith("kg: ") and result.stderr.count("\n") == 1


class _RefuseOnce(_Interceptor):
    """Forwards to the store, but refuses the final step of the first partition load (or the first two, when
    two workers get there together); the worker's load then fails as a whole and Dask runs the task again."""

    only = vocab.article_iri("").encode()
    refused = 0

    def send(self, status: int, content: bytes, headers: dict[str, str] | None = None) -> None:
        if content == b"Error: refused by the test proxy":
            type(self).refused += 1
            type(self).mode = "forward"
        super().send(status, content, headers)


def test_a_partition_load_that_fails_is_run_again_by_dask(client, corpus, single, monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    with OxigraphServer(port=0, ontology=False) as server:
        with serving(_RefuseOnce, upstream=server.url) as (handler, url):
            result = runner.invoke(app, ["ingest", str(corpus), "--cluster", client.scheduler.address, "--endpoint", url])
        assert result.exit_code == 1, result.output  # the bad file, nothing else
        assert handler.refused >= 1
        ontology = pyoxigraph.NamedNode(vocab.BASE + "ontology")
        quads = store_quads(server)
        assert turtle.serialize({q.triple for q in quads if q.graph_name != ontology}) == single
        assert not [q for q in quads if q.graph_name.value.startswith("urn:kg-load:")]  # no temporary graph left


def test_an_article_that_fails_takes_no_part_in_stories(client, tmp_path):
    """A copy whose extraction fails (a meeting 'tomorrow' of the year 9999 overflows the date) was planned as
    the first of its story; without it the other two copies are a story of their own, as in a single process,
    so their partitions are run again with that story."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [
        {"id": "a-copy", "text": "Stubb for a truce\n" + WIRE},
        {"id": "b-copy", "text": "Stubb in Kyiv\n" + WIRE},
        {"id": "c-copy", "published": "9999-12-31",
         "text": "Finland's president\n" + WIRE + " Stubb and Macron will hold talks in Paris tomorrow."},
    ]
    (folder / "wire.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    alone = ingest([folder])
    assert [s.reason.split(":")[0] for s in alone.skipped] == ["extraction failed"]
    single = alone.turtle()
    assert "story:a-copy" in single and "story:c-copy" not in single
    report = cluster.ingest([folder], client, tmp_path / "parts", size=1)
    assert report.articles == 2 and [s.reason.split(":")[0] for s in report.skipped] == ["extraction failed"]
    assert union_of_parts(tmp_path / "parts") == single
    report = cluster.ingest([folder], client, tmp_path / "kg.ttl", size=1)
    assert (tmp_path / "kg.ttl").read_text(encoding="utf-8") == single


def test_a_partition_load_that_keeps_failing_stops_the_command_in_one_line(client, monkeypatch):
    monkeypatch.delenv("KG_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("KG_ENDPOINT_PASSWORD", raising=False)
    with OxigraphServer(port=0, ontology=False) as server:
        with serving(_Interceptor, upstream=server.url, only=vocab.article_iri("").encode()) as (_, url):
            result = runner.invoke(app, ["ingest", str(ROOT / "seeds"), "--cluster", client.scheduler.address,
                                         "--endpoint", url])
        assert result.exit_code == 3, result.output
        message = result.stderr.splitlines()[-1]
        assert message.startswith("kg: error: ") and "refused by the test proxy" in message
        assert message.endswith("0 of 1 partitions were loaded (run the command again: their articles are replaced,"
                                " not added twice)")
        # The ontology went in first; no article graph, and no temporary graph, was left.
        assert {q.graph_name.value for q in store_quads(server)} == {vocab.BASE + "ontology"}


def test_a_local_cluster_forks_workers_that_have_the_model_and_writes_the_same_bytes(corpus, single, tmp_path):
    """`--cluster local:2` as a user runs it, in a process of its own: the
    workers are forked from the command once it has loaded the model."""
    import subprocess
    import sys

    out = tmp_path / "kg.ttl"
    started = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "ingest", str(corpus),
                              "--cluster", "local:2", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert started.returncode == 1, started.stderr  # the broken file, reported
    assert f"kg: skipped {corpus / 'broken.txt'}" in started.stderr
    assert out.read_text(encoding="utf-8") == single
