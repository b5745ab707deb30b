"""Scale features, as a user runs them: sharded ingest, parallel ingest, the
on-disk store that grows article by article, and export from it.

Real spaCy, small corpora. Behaviour only; the timings live in bench/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from kg import vocab
from kg.cli import app
from kg.graph.diskstore import DiskStore
from kg.errors import InputError, KGError
from kg.pipeline import in_shard, ingest, parse_shard

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "data" / "dev"

runner = CliRunner()


def kg(*args: str):
    result = runner.invoke(app, [str(arg) for arg in args])
    return result


def triples_of(path: Path) -> set[pyoxigraph.Triple]:
    formats = {".ttl": pyoxigraph.RdfFormat.TURTLE, ".nt": pyoxigraph.RdfFormat.N_TRIPLES, ".trig": pyoxigraph.RdfFormat.TRIG}
    return {quad.triple for quad in pyoxigraph.parse(path=path, format=formats[path.suffix])}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and one dev article: the hash of the ids puts them in both of two shards."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*SEEDS.glob("*.txt"), DEV / "102_energy_ceasefire_call.txt"]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def whole(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "kg.ttl"
    result = kg("ingest", corpus, "-o", out)
    assert result.exit_code == 0, result.output
    return out


# --- shards ---------------------------------------------------------------------------


def test_two_shards_merged_equal_one_whole_run(corpus, whole, tmp_path):
    first, second = tmp_path / "shard-1.nt", tmp_path / "shard-2.ttl"
    one = kg("ingest", corpus, "--shard", "1/2", "-o", first, "--format", "nt")
    two = kg("ingest", corpus, "--shard", "2/2", "-o", second)
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert "1 articles" in one.output and "3 articles" in two.output

    left, right = triples_of(first), triples_of(second)
    assert left and right
    # Plain union, triple for triple: shared actors and topics have one IRI.
    assert left | right == triples_of(whole)
    # Each article went to exactly one shard.
    article = pyoxigraph.NamedNode(vocab.SKG + "Article")
    articles = [{t.subject for t in side if t.object == article} for side in (left, right)]
    assert not articles[0] & articles[1]
    assert len(articles[0] | articles[1]) == 4


def test_a_shard_with_no_articles_writes_an_empty_graph(tmp_path):
    out = tmp_path / "empty.ttl"
    result = kg("ingest", SEEDS, "--shard", "1/3", "-o", out)  # the seeds' ids hash to shards 2 and 3
    assert result.exit_code == 0, result.output
    assert triples_of(out) == set()
    assert "3 articles in other shards" in result.output


def test_every_id_falls_in_exactly_one_shard():
    for count in (1, 2, 3, 8):
        for number in range(300):
            claims = [k for k in range(1, count + 1) if in_shard(f"article-{number}", (k, count))]
            assert len(claims) == 1


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "-1/2"])
def test_bad_shard_is_one_line(text, tmp_path):
    with pytest.raises(KGError, match="--shard takes K/N"):
        parse_shard(text)
    result = kg("ingest", SEEDS, "--shard", text, "-o", tmp_path / "x.ttl")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "--shard takes K/N" in result.output


# --- parallel ingest -------------------------------------------------------------------


def test_two_processes_give_the_same_bytes_as_one(seeds_result, knowledge):
    parallel = ingest([SEEDS], knowledge=knowledge, jobs=2)
    assert [e.article.id for e in parallel.extractions] == [e.article.id for e in seeds_result.extractions]
    assert parallel.turtle() == seeds_result.turtle()


# --- the on-disk store -----------------------------------------------------------------


def test_store_export_is_the_same_bytes_as_a_direct_ingest(corpus, whole, tmp_path):
    store, out = tmp_path / "store", tmp_path / "export.ttl"
    assert kg("ingest", corpus, "--store", store).exit_code == 0
    result = kg("export", "--store", store, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == whole.read_bytes()


def test_the_store_is_compacted_after_an_ingest(corpus, tmp_path):
    store = tmp_path / "nested" / "kgdb"  # folders made as needed
    assert kg("ingest", corpus, "--store", store).exit_code == 0
    files = {path.name: path.stat().st_size for path in store.iterdir() if path.is_file()}
    # Not left: the ingest's write-ahead log, which was most of the folder.
    assert sum(size for name, size in files.items() if name.endswith(".log")) < 64 * 1024, files
    out = tmp_path / "kg.ttl"
    assert kg("export", "--store", store, "-o", out).exit_code == 0
    assert sum(files.values()) < 15 * out.stat().st_size


def test_reingesting_into_a_store_changes_nothing(corpus, tmp_path):
    store = tmp_path / "store"
    first = kg("ingest", corpus, "--store", store)
    assert first.exit_code == 0, first.output
    assert "4 added, 0 replaced, 0 unchanged" in first.output
    before = tmp_path / "before.ttl"
    assert kg("export", "--store", store, "-o", before).exit_code == 0
    with DiskStore(store, read_only=True) as disk:
        count = len(disk)

    again = kg("ingest", corpus, "--store", store)
    assert again.exit_code == 0, again.output
    assert "0 added, 0 replaced, 4 unchanged" in again.output
    after = tmp_path / "after.ttl"
    assert kg("export", "--store", store, "-o", after).exit_code == 0
    assert after.read_bytes() == before.read_bytes()
    with DiskStore(store, read_only=True) as disk:
        assert len(disk) == count
        assert disk.article_count() == 4


def test_store_grows_article_by_article_and_a_changed_article_replaces_its_own(corpus, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    names = sorted(p.name for p in corpus.glob("*.txt"))
    shutil.copy(corpus / names[0], folder / names[0])
    store = tmp_path / "store"
    assert kg("ingest", folder, "--store", store).exit_code == 0
    for name in names[1:]:
        shutil.copy(corpus / name, folder / name)
    grown = kg("ingest", folder, "--store", store)
    assert "3 added, 0 replaced, 1 unchanged" in grown.output

    # A new version of one article: two reported sentences gone.
    changed = folder / names[1]
    lines = changed.read_text(encoding="utf-8").split("\n")
    said = [i for i, line in enumerate(lines) if " said" in line][:2]
    changed.write_text("\n".join(line for i, line in enumerate(lines) if i not in said), encoding="utf-8")
    replaced = kg("ingest", folder, "--store", store)
    assert replaced.exit_code == 0, replaced.output
    assert "0 added, 1 replaced, 3 unchanged" in replaced.output

    # The store now holds exactly what a fresh ingest of the current texts gives:
    # nothing of the old version stays, and what other articles share is kept.
    exported, direct = tmp_path / "store.ttl", tmp_path / "direct.ttl"
    assert kg("export", "--store", store, "-o", exported).exit_code == 0
    assert kg("ingest", folder, "-o", direct).exit_code == 0
    assert exported.read_bytes() == direct.read_bytes()


def test_export_formats_parse_back(corpus, whole, tmp_path):
    store = tmp_path / "store"
    assert kg("ingest", corpus, "--store", store).exit_code == 0
    expected = triples_of(whole)
    for name in ("kg.ttl", "kg.nt", "kg.trig"):
        out = tmp_path / name
        result = kg("export", "--store", store, "-o", out)
        assert result.exit_code == 0, result.output
        assert triples_of(out) == expected, name
    forced = tmp_path / "kg.txt"
    assert kg("export", "--store", store, "-o", forced, "--format", "nt").exit_code == 0
    assert {q.triple for q in pyoxigraph.parse(path=forced, format=pyoxigraph.RdfFormat.N_TRIPLES)} == expected


def test_queries_on_a_store_answer_as_on_its_export(corpus, whole, tmp_path):
    store = tmp_path / "store"
    assert kg("ingest", corpus, "--store", store).exit_code == 0
    for args in (
        ["query", "who-opposes", "--param", "topic=UkraineNATOMembership", "-f", "csv"],
        ["query", "actors", "-f", "csv"],
        ["query", "topics", "-f", "csv"],
        ["sparql", "SELECT ?name WHERE { ?a a skg:Person ; rdfs:label ?name } ORDER BY ?name", "-f", "csv"],
    ):
        from_store = kg(*args, "--store", store)
        from_file = kg(*args, "-d", whole)
        assert from_store.exit_code == 0, from_store.output
        assert from_store.stdout == from_file.stdout, args
        assert from_store.stdout.count("\n") > 1


def test_store_errors_are_one_line(tmp_path):
    missing = kg("query", "actors", "--store", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "no store here" in missing.output
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a store"):
        DiskStore(folder)
    refused = kg("ingest", SEEDS, "--store", folder)
    assert refused.exit_code == 2 and "not a store" in refused.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    both = kg("ingest", SEEDS, "--store", tmp_path / "s", "-o", tmp_path / "x.ttl")
    assert both.exit_code == 2 and "kg export" in both.output
    for result in (missing, refused, both):
        assert result.output.strip().count("\n") == 0, result.output
