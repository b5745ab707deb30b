"""How kg eval matches found meetings to gold ones (kg.extract.evaluate)."""

from __future__ import annotations

import json

from kg import vocab
from kg.extract.evaluate import MeetingRecord, holder_key, read_gold_meetings, score_meetings


def gold(tmp_path, meetings):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"article": "a1", "positions": [], "meetings": meetings}) + "\n", encoding="utf-8")
    return path


def test_a_place_the_gazetteer_does_not_list_matches_the_place_the_extractor_mints(tmp_path, knowledge):
    path = gold(tmp_path, [{"name": "talks", "place": "Zenda Beach", "date": "2025-11-30", "participants": ["Marco Rubio"]}])
    found = [MeetingRecord(vocab.place_iri("Zenda Beach"), None, frozenset({holder_key("Marco Rubio", knowledge)}), None, "talks")]
    counts = score_meetings(found, read_gold_meetings(path, knowledge)["a1"], knowledge)
    assert (counts.tp, counts.fp, counts.fn, counts.places_right) == (1, 0, 0, 1)


def test_the_same_place_on_another_day_is_another_meeting(tmp_path, knowledge):
    path = gold(tmp_path, [{"name": "talks", "place": "Zenda Beach", "date": "2025-11-30", "participants": ["Marco Rubio"]}])
    found = [MeetingRecord(vocab.place_iri("Zenda Beach"), "2025-12-01", frozenset({holder_key("Marco Rubio", knowledge)}), None, "talks")]
    counts = score_meetings(found, read_gold_meetings(path, knowledge)["a1"], knowledge)
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)
