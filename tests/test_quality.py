"""Extraction quality floors: a regression on real reporting fails CI.

Scores come from `kg eval` on gold annotated by ANNOTATION.md conventions
(docs/annotation.md): the seeds, and tests/data/realdev, 24 real reports of
other peace-process events (r01-r16 the development half, r17-r24 held out).
The floors sit a little under the scores measured when they were set, so that
noise in nothing but a real regression trips them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

DATA = Path(__file__).resolve().parent / "data"
REALDEV = DATA / "realdev"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()


def realdev_input(tmp_path: Path, numbers: range, texts: Path = REALDEV / "articles") -> Path:
    """The reports as JSON Lines with their outlet and date, as a user would feed them."""
    meta = {}
    for line in (REALDEV / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        meta[record["id"]] = record
    path = tmp_path / "realdev.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in numbers:
            key = f"r{n:02d}"
            text = (texts / f"{key}.txt").read_text(encoding="utf-8")
            record = {"id": key, "text": text, "outlet": meta[key]["outlet"], "published": meta[key]["published"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def gold_for(tmp_path: Path, numbers: range) -> Path:
    keep = {f"r{n:02d}" for n in numbers}
    lines = [line for line in (REALDEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["article"] in keep]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def score(source: Path, gold: Path, tmp_path: Path) -> dict:
    out = tmp_path / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scored = runner.invoke(app, ["eval", str(gold), "-d", str(out), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    return json.loads(scored.stdout)


@pytest.mark.parametrize(
    "half, numbers, f1, precision, meetings_f1",
    [
        ("development", range(1, 17), 0.92, 0.95, 0.88),
        ("held out", range(17, 25), 0.53, 0.68, 0.70),
    ],
)
def test_realdev_floors(tmp_path, half, numbers, f1, precision, meetings_f1):
    report = score(realdev_input(tmp_path, numbers), gold_for(tmp_path, numbers), tmp_path)
    lenient = report["overall"]["lenient"]
    assert lenient["f1"] >= f1 and lenient["precision"] >= precision, (half, lenient)
    assert report["meetings"]["overall"]["f1"] >= meetings_f1, (half, report["meetings"]["overall"])


@pytest.mark.parametrize(
    "version, f1, precision, meetings_f1",
    [
        ("a", 0.87, 0.93, 0.80),  # their errors were read
        ("b", 0.79, 0.93, 0.78),  # blind: only the score was looked at
        ("c", 0.70, 0.90, 0.64),  # agency prose, passives and nominalisations; half read
    ],
)
def test_reworded_floors(tmp_path, version, f1, precision, meetings_f1):
    """The development reports told in other words (tests/data/realdev/reworded):
    the score must not hang on the reports' own wording."""
    reworded = REALDEV / "reworded"
    report = score(realdev_input(tmp_path, range(1, 17), reworded / version), reworded / f"gold-{version}.jsonl", tmp_path)
    lenient = report["overall"]["lenient"]
    assert lenient["f1"] >= f1 and lenient["precision"] >= precision, (version, lenient)
    assert report["meetings"]["overall"]["f1"] >= meetings_f1, (version, report["meetings"]["overall"])


@pytest.mark.parametrize(
    "folder, scheme, f1, precision, meetings_f1",
    [
        ("peace", None, 0.59, 0.83, 0.71),  # other events; odd reports read, even ones scored blind first, read in 20
        ("gaza", "topics.ttl", 0.62, 0.90, 0.40),  # another debate, on the scheme a user wrote
        ("drc", "topics.ttl", 0.40, 0.85, 0.50),  # two more, written after all the rules above
        ("iran", "topics.ttl", 0.50, 0.80, 0.50),
        ("peace2", None, 0.65, 0.90, 0.68),  # eight more of the peace process, written and annotated blind in session 11; even half read in 21
        ("peace3", None, 0.71, 0.94, 0.75),  # and eight more in session 12; even half read in 20
        ("indpak", "topics.ttl", 0.44, 0.77, 0.69),  # a fifth debate, India-Pakistan 2025, on its writer's scheme
        ("peace4", None, 0.61, 0.81, 0.80),  # ten more, written and annotated blind in session 14; odd half read in 15, even in 20
        ("armaz", "topics.ttl", 0.45, 0.93, 0.53),  # a sixth debate, Armenia-Azerbaijan 2025; odd half read in 15
        ("thaicam", "topics.ttl", 0.54, 0.90, 0.33),  # a seventh, Thailand-Cambodia 2025, written blind in 16; odd half read
        ("peace5", None, 0.59, 0.87, 0.66),  # eight more of the peace process, written blind in 21; odd half read
        ("peace6", None, 0.52, 0.85, 0.71),  # and eight more by another writer; odd half read
        ("peace7", None, 0.58, 0.88, 0.65),  # eight more of the peace process, written blind in 22; odd half read
        ("sudan", "topics.ttl", 0.45, 0.77, 0.65),  # an eighth debate, Sudan 2025, on its writer's scheme, written blind in 22
    ],
)
def test_fresh_floors(tmp_path, folder, scheme, f1, precision, meetings_f1):
    """Reports of other events and of another negotiation, written and
    annotated blind (tests/data/fresh): far below the development scores, and
    kept from falling."""
    fresh = DATA / "fresh" / folder
    source = tmp_path / "fresh.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for line in (fresh / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = (fresh / "articles" / f"{record['id']}.txt").read_text(encoding="utf-8")
            out.write(json.dumps({"id": record["id"], "text": text, "outlet": record["outlet"],
                                  "published": record["published"]}, ensure_ascii=False) + "\n")
    kg_file = tmp_path / "kg.ttl"
    topics = ["--topics", str(fresh / scheme)] if scheme else []
    result = runner.invoke(app, ["ingest", str(source), "-o", str(kg_file), *topics])
    assert result.exit_code == 0, result.output
    scored = runner.invoke(app, ["eval", str(fresh / "gold.jsonl"), "-d", str(kg_file), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.stdout)
    lenient = report["overall"]["lenient"]
    assert lenient["f1"] >= f1 and lenient["precision"] >= precision, (folder, lenient)
    assert report["meetings"]["overall"]["f1"] >= meetings_f1, (folder, report["meetings"]["overall"])


def test_seed_floor(tmp_path):
    report = score(SEEDS, DATA / "gold" / "seeds.jsonl", tmp_path)
    lenient = report["overall"]["lenient"]
    assert lenient["f1"] >= 0.90 and lenient["precision"] >= 0.95, lenient


def test_people_no_data_file_lists(tmp_path):
    """The development half with every person taken out of the gazetteer: the
    people of unseen reports are mostly unlisted, so their names, titles and
    repeat mentions must be found from the text alone."""
    from kg.extract import knowledge as knowledge_module
    from kg.pipeline import ingest_to_file

    full = knowledge_module.load()
    unlisted = knowledge_module.Knowledge(
        actors=[a for a in full.actors if a.kind != "Person"],
        places=full.places,
        topics=full.topics,
        lexicon=full.lexicon,
        stance_cues=full.stance_cues,
    )
    assert len(unlisted.actors) < len(full.actors)
    out = tmp_path / "kg.ttl"
    ingest_to_file([realdev_input(tmp_path, range(1, 17))], out, knowledge=unlisted)
    gold = gold_for(tmp_path, range(1, 17))
    scored = runner.invoke(app, ["eval", str(gold), "-d", str(out), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    lenient = json.loads(scored.stdout)["overall"]["lenient"]
    assert lenient["f1"] >= 0.84 and lenient["precision"] >= 0.95, lenient
