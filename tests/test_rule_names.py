"""The named rules of position extraction (kg/extract/positions/rules.py): each
example does what the list says, by the rule it names; every rule the code
records is listed; docs/rules.md is the list as it is."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.positions import rules
from kg.extract.cue_patterns import load_shapes
from kg.model import Article
from kg.pipeline import extract_doc

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT / "kg" / "extract" / "positions"


def found_by(nlp, knowledge, text: str) -> dict[tuple[str, str, str], set[str]]:
    extraction = extract_doc(nlp(text), Article(id="rule", text=text), knowledge)
    found: dict[tuple[str, str, str], set[str]] = {}
    for p in extraction.positions:
        found.setdefault((extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1]), set()).add(p.rule)
    return found


@pytest.mark.parametrize("rule", rules.READERS, ids=lambda r: r.name)
def test_reader_reads_its_example(nlp, knowledge, rule):
    found = found_by(nlp, knowledge, rule.example)
    for triple in rule.expect:
        assert rule.name in found.get(triple, set()), (triple, found)


@pytest.mark.parametrize("rule", rules.CHANGERS, ids=lambda r: r.name)
def test_changer_does_what_it_says(nlp, knowledge, rule):
    found = found_by(nlp, knowledge, rule.example)
    for triple in rule.expect:
        assert triple in found, (triple, found)
    for triple in rule.absent:
        assert triple not in found, (triple, found)


def recorded_names() -> set[str]:
    """Rule names the code gives a Stance (rule=...) or a Cue (third argument)."""
    names = set()
    for path in CODE.glob("*.py"):
        if path.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg == "rule" and isinstance(keyword.value, ast.Constant):
                    names.add(keyword.value.value)
            if isinstance(node.func, ast.Name) and node.func.id == "Cue" and len(node.args) == 3:
                if isinstance(node.args[2], ast.Constant):
                    names.add(node.args[2].value)
    return names


def test_every_rule_the_code_or_the_shapes_record_is_listed(knowledge):
    listed = {rule.name for rule in rules.READERS}
    shapes = {shape.rule for shape in knowledge.shapes}
    assert recorded_names() | shapes == listed
    assert {rule.name for rule in rules.READERS if rule.module == "cue-patterns.json"} == shapes


def test_a_broken_shape_is_one_error_naming_file_and_rule(tmp_path):
    bad = tmp_path / "cue-patterns.json"
    pattern = [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
               {"LEFT_ID": "nowhere", "REL_OP": ">", "RIGHT_ID": "x", "RIGHT_ATTRS": {"DEP": "acomp"}}]
    bad.write_text(json.dumps({"shapes": [{"rule": "my-shape", "role": "predicate", "cue": "x",
                                           "words": "adjectives", "pattern": pattern}]}))
    with pytest.raises(InputError, match=r"cue-patterns.json: shape 'my-shape'"):
        load_shapes(bad)
    pattern[1]["LEFT_ID"] = "verb"
    bad.write_text(json.dumps({"shapes": [{"rule": "my-shape", "role": "predicate", "cue": "y",
                                           "words": "adjectives", "pattern": pattern}]}))
    with pytest.raises(InputError, match=r"shape 'my-shape': cue 'y' is no node"):
        load_shapes(bad)


def test_rules_page_is_current():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == rules.page(), "run: python -m kg.extract.positions.rules > docs/rules.md"
