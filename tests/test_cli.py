"""The `kg` command end to end, as a user runs it: exit codes, stdout, files."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pyoxigraph
import pytest
from typer.testing import CliRunner

from pathlib import Path

from kg.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD = Path(__file__).resolve().parent / "data" / "gold" / "seeds.jsonl"

runner = CliRunner()


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_ingest_writes_turtle_and_reports(graph):
    triples = list(pyoxigraph.parse(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) > 500
    text = graph.read_text(encoding="utf-8")
    assert "@prefix skg:" in text and "skg:Position" in text


def test_same_input_same_bytes(graph, tmp_path):
    again = tmp_path / "again.ttl"
    # The folder twice and one file again: the same article is one article.
    args = ["ingest", str(SEEDS), str(SEEDS / "000_085fd78eee5ab042.txt"), "-o", str(again)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == graph.read_bytes()


def test_who_opposes_nato_membership_names_the_opponents(graph):
    result = runner.invoke(app, ["query", "who-opposes", "--param", "topic=UkraineNATOMembership", "-d", str(graph),
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    holders = {row["holder"] for row in rows}
    assert {"Pete Hegseth", "Dmitry Peskov", "Maria Zakharova", "Trump administration"} <= holders
    for row in rows:
        assert row["evidence"] and row["article"].startswith(("000_", "002_", "003_"))


def test_positions_csv_has_the_promised_columns(graph):
    result = runner.invoke(app, ["query", "positions", "-d", str(graph), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\r\n", 1)[0].split(",")[:5] == ["article", "holder", "stance", "topic", "evidence"]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) >= 30
    assert {row["stance"] for row in rows} <= {"supports", "opposes", "demands", "accepts"}


def test_every_statement_quote_is_the_slice_of_its_article(graph):
    store = pyoxigraph.Store()
    store.load(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(store.query("""
        PREFIX skg: <https://w3id.org/stakeholder-kg/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?quote ?begin ?end ?text WHERE {
          ?s a skg:Statement ; skg:quote ?quote ; nif:beginIndex ?begin ; nif:endIndex ?end ; skg:article ?a .
          ?a nif:isString ?text }"""))
    assert len(rows) > 30
    for row in rows:
        begin, end = int(row["begin"].value), int(row["end"].value)
        assert row["text"].value[begin:end] == row["quote"].value


def test_eval_on_seed_gold_meets_the_bar(graph):
    result = runner.invoke(app, ["eval", str(GOLD), "-d", str(graph), "--format", "json"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.stdout)["overall"]
    assert overall["lenient"]["f1"] >= 0.80
    assert overall["lenient"]["precision"] >= 0.85
    assert overall["strict"]["tp"] <= overall["lenient"]["tp"]


def test_eval_errors_name_the_rule_behind_each_false_positive(graph, tmp_path):
    # Gold that lists nothing for one seed article: everything found there is a false positive.
    first = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    empty = tmp_path / "gold.jsonl"
    empty.write_text(json.dumps({"article": first["article"], "positions": []}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(empty), "-d", str(graph), "--errors"])
    assert result.exit_code == 0, result.output
    wrong = [line.split("\t") for line in result.stdout.splitlines() if "\tfalse positive\t" in line]
    assert wrong
    from kg.extract.positions.rules import RULES
    assert {fields[5] for fields in wrong} <= {rule.name for rule in RULES}


def test_unknown_query_is_one_line_and_exit_2(graph):
    result = runner.invoke(app, ["query", "who-oposes", "-d", str(graph)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "who-opposes" in result.stderr


def test_bad_file_is_skipped_and_the_rest_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "003_074551486c2470f6.txt", folder / "good.txt")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(folder), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: empty" in result.stderr
    assert "article:good" in out.read_text(encoding="utf-8")


def test_nothing_readable_writes_nothing(tmp_path):
    out = tmp_path / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing"), "-o", str(out)])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
    assert not out.exists()
