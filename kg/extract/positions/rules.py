"""The named rules of position extraction, listed with one example each in
ontology/rules.toml; the test suite runs them (tests/test_rule_names.py) and
docs/rules.md shows them.

A rule that *reads* a stance is recorded on every position it yields (the
position's `rule`, `skg:rule` in the graph, a column of `kg eval --errors`). A
rule that *changes or stops* a stance leaves no trace on a position, so its
example names what must not be found, or what is found instead.

Regenerate the page after changing this list:
    python -m kg.extract.positions.rules > docs/rules.md
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from kg.resources import ontology_file

Triple = tuple[str, str, str]  # holder, stance, topic (local name)


@dataclass(frozen=True)
class Rule:
    name: str
    module: str  # where it lives: a module of kg/extract/positions/, or ontology/cue-patterns.json (a shape as data)
    what: str
    example: str
    expect: tuple[Triple, ...] = ()  # found, and read by this rule
    absent: tuple[Triple, ...] = ()  # not found


def _load(table: str) -> tuple[Rule, ...]:
    data = tomllib.loads(ontology_file("rules.toml").read_text(encoding="utf-8"))
    return tuple(
        Rule(entry["name"], entry["module"], entry["what"], entry["example"],
             expect=tuple(tuple(t) for t in entry.get("expect", [])),
             absent=tuple(tuple(t) for t in entry.get("absent", [])))
        for entry in data[table]
    )


# The rules and their examples are data (ontology/rules.toml): examples name
# actors and topics, which have no place in code.
READERS = _load("reads")
CHANGERS = _load("changes")

RULES = READERS + CHANGERS


def page() -> str:
    """docs/rules.md."""
    lines = [
        "# The rules of position extraction",
        "",
        "Generated from `ontology/rules.toml` (`python -m kg.extract.positions.rules > docs/rules.md`);",
        "`tests/test_rule_names.py` runs every example below and checks that this page is current.",
        "Word lists a rule uses are data in `ontology/lexicon.toml`; cases for whole",
        "classes of sentences are in `tests/data/rules/*.jsonl`.",
        "",
        "## Rules that read a stance",
        "",
        "Each position records the rule that read it (`skg:rule` in the graph; `kg eval --errors` shows it).",
        "",
        "| rule | module | what it reads | example | yields |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, rule.expect) for rule in READERS]
    lines += [
        "",
        "## Rules that change or stop a stance",
        "",
        "| rule | module | what it does | example | yields |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, rule.expect, rule.absent) for rule in CHANGERS]
    return "\n".join(lines) + "\n"


def _row(rule: Rule, expect: tuple[Triple, ...], absent: tuple[Triple, ...] = ()) -> str:
    said = [f"{h} {s} {t}" for h, s, t in expect] + [f"not: {h} {s} {t}" for h, s, t in absent]
    example = rule.example.replace("|", "\\|")
    return f"| `{rule.name}` | {rule.module} | {rule.what} | {example} | {'; '.join(said)} |"


if __name__ == "__main__":
    print(page(), end="")
