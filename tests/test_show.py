"""kg show: the profile of an actor or a topic, from the hand-written mini graph."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kg.graph import profile, store
from kg.cli import app

runner = CliRunner()
MINI = Path(__file__).resolve().parent / "data" / "mini.ttl"


def show(name: str):
    result = runner.invoke(app, ["show", name, "-d", str(MINI)])
    assert "Traceback" not in result.stderr
    return result


def test_actor_profile_has_role_positions_evidence_sources_and_meetings():
    result = show("Zelenskyy")  # a surname resolves to the actor
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    lines = text.splitlines()
    assert lines[0] == "Volodymyr Zelenskyy  (Person)"
    assert lines[1] == "President \u00b7 affiliation: Ukraine"
    assert "Positions (3)" in text
    assert "  demands Ukraine's NATO membership" in lines
    assert "  supports security guarantees for Ukraine" in lines
    assert "Zelenskyy insisted that Ukraine must join NATO" in text  # the evidence sentence
    assert "a2: Moscow hardens its demands, Example Wire, 2025-02-19" in text  # its source
    assert "Meetings (1)" in text
    assert "  participant Munich Security Conference (Munich, 2025-02-14) \u2014 a2" in lines
    assert "\x1b" not in text and all(line == line.rstrip() for line in lines)  # plain text in a pipe


def test_actor_absent_from_a_meeting():
    found = profile.profile(store.load([MINI]), "Ukraine")
    assert isinstance(found, profile.ActorProfile)
    assert [(m.meeting, m.role) for m in found.meetings] == [("talks in Riyadh", "absent")]


def test_topic_profile_groups_holders_by_stance():
    result = show("Ukraine's NATO membership")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("Ukraine's NATO membership  (topic UkraineNATOMembership)")
    assert "Demands: Volodymyr Zelenskyy" in text
    assert "Opposes: Maria Zakharova, Pete Hegseth" in text
    assert text.index("Demands:") < text.index("Opposes:")
    assert "Defense Secretary Pete Hegseth said it was unrealistic" in text


def test_topic_by_local_name():
    found = profile.profile(store.load([MINI]), "SecurityGuarantees")
    assert isinstance(found, profile.TopicProfile)
    assert {stance: sorted({e.holder for e in evidence}) for stance, evidence in found.by_stance().items()} == {
        "demands": ["Volodymyr Zelenskyy"],
        "supports": ["Volodymyr Zelenskyy"],
    }


def test_unknown_name_is_one_line_with_suggestions():
    result = show("Zelenskyi")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("kg: error: no actor or topic 'Zelenskyi' in the graph; did you mean")
    assert "Zelensky" in result.stderr
