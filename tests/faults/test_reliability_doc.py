"""docs/reliability.md shows what this run of the fault suite found, not figures typed by hand.

The part between the markers is rendered from tests/faults/scenarios.py and
the outcomes the cases recorded in this session; after a change, regenerate
it with:  KG_UPDATE_RELIABILITY=1 .venv/bin/python -m pytest tests/faults
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from faultkit import OUTCOMES
from scenarios import BAD_INPUT, FAULT, SCENARIOS

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
BEGIN = "<!-- begin: rendered by tests/faults/test_reliability_doc.py; do not edit by hand -->"
END = "<!-- end: rendered -->"


def render(outcomes: dict[str, dict]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    def table(kind: str) -> list[str]:
        rows = ["| scenario | what holds after it | test | outcome |", "|---|---|---|---|"]
        for s in (s for s in SCENARIOS if s.kind == kind):
            result = "held" if outcomes[s.id]["ok"] else "**failed**"
            rows.append(f"| {cell(s.what)} | {cell(s.holds)} | `{s.test}` | {result} |")
        return rows

    bad = [s for s in SCENARIOS if s.kind == BAD_INPUT]
    faults = [s for s in SCENARIOS if s.kind == FAULT]
    figures = [
        f"- bad inputs tried: {len(bad)}",
        f"- bad inputs handled cleanly: {sum(outcomes[s.id]['ok'] for s in bad)}",
        f"- faults survived: {sum(outcomes[s.id]['ok'] for s in faults)} of {len(faults)}",
        f"- data lost: {sum(outcomes[s.id]['lost'] for s in SCENARIOS)}",
    ]
    return "\n".join(
        [BEGIN, "", "## Figures", "", *figures, "", "## Bad inputs", "", *table(BAD_INPUT),
         "", "## Faults", "", *table(FAULT), "", END]
    )


def test_the_doc_shows_the_figures_of_this_run():
    missing = [s.id for s in SCENARIOS if s.id not in OUTCOMES]
    skipped = {key: value["skipped"] for key, value in OUTCOMES.items() if value["skipped"]}
    if missing or skipped:
        pytest.skip(f"the figures come from a whole run of tests/faults; not run: {missing}, skipped: {skipped}")
    wrong = {s.id: OUTCOMES[s.id]["test"] for s in SCENARIOS if OUTCOMES[s.id]["test"] != s.test}
    assert not wrong, f"scenarios.py names another test than the one that ran them: {wrong}"
    rendered = render(OUTCOMES)
    text = DOC.read_text()
    assert BEGIN in text and END in text, f"{DOC} lost its markers"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    if os.environ.get("KG_UPDATE_RELIABILITY"):
        DOC.write_text(head + rendered + tail)
        text = DOC.read_text()
    assert head + rendered + tail == text, (
        "docs/reliability.md differs from what this run found; if the change is meant, regenerate it: "
        "KG_UPDATE_RELIABILITY=1 .venv/bin/python -m pytest tests/faults"
    )
