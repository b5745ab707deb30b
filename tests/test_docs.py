"""docs/api.md runs as written, and kg docs writes the ontology page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_api_examples_run_in_order(tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    # The examples use paths relative to the top of the checkout and write
    # kg.ttl and pictures there: run them in a copy of that layout.
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    (tmp_path / "tests" / "data").mkdir(parents=True)
    (tmp_path / "tests" / "data" / "gold").symlink_to(ROOT / "tests" / "data" / "gold")
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "3 articles, 0 skipped" in printed
    assert "unknown topic 'Atlantis'" in printed
    assert (tmp_path / "kg.ttl").is_file() and (tmp_path / "stances.html").is_file()


def test_kg_docs_writes_the_ontology_and_the_topic_scheme(tmp_path):
    pytest.importorskip("pylode")
    output = tmp_path / "ontology.html"
    result = runner.invoke(app, ["docs", "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"ontology documentation -> {output}\n"  # no pyLODE log chatter
    page = output.read_text(encoding="utf-8")
    for term in ('id="Actor"', 'id="Position"', 'id="Meeting"', "stakeholder-kg ontology"):
        assert term in page
    assert 'id="topic-scheme"' in page and 'href="#topic-scheme"' in page
    assert 'id="topic-UkraineNATOMembership"' in page and "Ukraine&#x27;s NATO membership" in page
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', page)  # readable offline


def test_committed_ontology_page_exists():
    assert (ROOT / "docs" / "ontology.html").is_file()
