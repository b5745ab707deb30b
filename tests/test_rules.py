"""Each extraction rule on sentences written for it: one file a rule in
tests/data/rules/NAME.jsonl, one line a case (the text, the positions that
must be found, the ones that must not). Adding a case is adding a line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.model import Article
from kg.pipeline import extract_doc

RULES = Path(__file__).resolve().parent / "data" / "rules"
CASES = [
    pytest.param(case, id=f"{path.stem}:{number}")
    for path in sorted(RULES.glob("*.jsonl"))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
    if line.strip()
    for case in [json.loads(line)]
]


@pytest.mark.parametrize("case", CASES)
def test_rule(nlp, knowledge, case):
    text = case["text"]
    extraction = extract_doc(nlp(text), Article(id="rule", text=text), knowledge)
    found = {(extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1]) for p in extraction.positions}
    for expected in case.get("expect", []):
        assert tuple(expected) in found, (expected, sorted(found))
    for unwanted in case.get("absent", []):
        assert tuple(unwanted) not in found, (unwanted, sorted(found))
