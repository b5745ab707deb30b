"""The positions found on the seeds, tests/data/dev and the 24 real reports,
sorted, against the last accepted snapshot: a refactoring must leave them as
they are, and a change to a rule shows here as the lines it adds and drops.

After a deliberate change to extraction, look at the difference, then accept it:
    KG_UPDATE_SNAPSHOT=1 python -m pytest tests/test_snapshot.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pyoxigraph
from typer.testing import CliRunner

from kg.cli import app
from test_quality import REALDEV, SEEDS, realdev_input

SNAPSHOT = Path(__file__).resolve().parent / "data" / "snapshot" / "positions.tsv"
DEV = Path(__file__).resolve().parent / "data" / "dev"
QUERY = """
PREFIX skg: <https://w3id.org/stakeholder-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?article ?holder ?stance ?topic ?rule ?cue WHERE {
  ?p a skg:Position ; skg:holder ?h ; skg:stance ?s ; skg:topic ?topic ; skg:article ?a ; skg:cue ?cue .
  OPTIONAL { ?p skg:rule ?rule }
  ?a dcterms:identifier ?article .
  ?h rdfs:label ?holder .
  BIND(STRAFTER(STR(?s), "#") AS ?stance)
}
"""


def positions(tmp_path: Path) -> list[str]:
    out = tmp_path / "kg.ttl"
    source = realdev_input(tmp_path, range(1, 25))
    result = CliRunner().invoke(app, ["ingest", str(SEEDS), str(DEV), str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    store = pyoxigraph.Store()
    store.load(path=str(out), format=pyoxigraph.RdfFormat.TURTLE)
    rows = store.query(QUERY)
    return sorted("\t".join("" if row[v] is None else row[v].value.rsplit("/", 1)[-1] if v == "topic" else row[v].value
                            for v in ("article", "holder", "stance", "topic", "rule", "cue")) for row in rows)


def test_positions_are_those_of_the_snapshot(tmp_path):
    found = positions(tmp_path)
    if os.environ.get("KG_UPDATE_SNAPSHOT"):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text("\n".join(found) + "\n", encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    diff = "\n".join(difflib.unified_diff(expected, found, "snapshot", "now", lineterm="", n=0))
    assert found == expected, f"positions changed (accept with KG_UPDATE_SNAPSHOT=1):\n{diff}"
