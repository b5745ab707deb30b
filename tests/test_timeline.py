"""Positions over time and across sources: dates, datelines, agencies, stories, and the queries on them.

The articles here are written for the tests (short, one point each); the
realdev test ingests ../shared/realdev as JSON Lines built from its files.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.extract import dateline, syndication

from kg.graph import queries, store
from kg.cli import app
from kg.extract.dateline import Defaults, complete, read_dateline
from kg.model import Article

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT.parent / "shared" / "realdev"
DATA = Path(__file__).resolve().parent / "data" / "timeline"


# --- datelines ------------------------------------------------------------------------

# (top of an article, the date it states or None, the month and day, the agency)
DATELINES = [
    ("Ukraine backs truce\nJEDDAH, Saudi Arabia, March 11 (Reuters) - Ukraine said on Tuesday it was ready.",
     None, (3, 11), "Reuters"),
    ("WASHINGTON, March 18 (AP) — Russian President Vladimir Putin on Tuesday agreed.", None, (3, 18),
     "Associated Press"),
    ("MOSCOW, Feb 18 (Reuters) - Russia said.", None, (2, 18), "Reuters"),
    ("UNITED NATIONS, Sept. 23 (Reuters) - The Security Council met.", None, (9, 23), "Reuters"),
    ("LONDON/KYIV, March 3 (Reuters) - Britain said.", None, (3, 3), "Reuters"),
    ("BRUSSELS, 27 March 2025 (AFP) – EU leaders agreed.", date(2025, 3, 27), (3, 27), "Agence France-Presse"),
    ("ST. PETERSBURG, Russia, June 20, 2025 (Reuters) - Putin said.", date(2025, 6, 20), (6, 20), "Reuters"),
    ("KYIV, Ukraine (AP) — Ukrainian officials said.", None, None, "Associated Press"),
    ("PARIS (AFP) - France said.", None, None, "Agence France-Presse"),
    ("Headline\nMarch 11, 2025\nUkraine said on Tuesday.", date(2025, 3, 11), (3, 11), None),
    ("Headline\nPublished: 11 March 2025, 14:05\nUkraine said.", date(2025, 3, 11), (3, 11), None),
    ("Headline\nTuesday, March 11, 2025\nUkraine said.", date(2025, 3, 11), (3, 11), None),
    ("Headline\nUpdated March 11, 2025 10:32 AM GMT\nUkraine said.", date(2025, 3, 11), (3, 11), None),
    ("Headline\nBy Jane Doe, Associated Press\nUkraine said on March 3 it would.", None, None, "Associated Press"),
    ("Headline\nBy Tom Smith | Reuters | March 4, 2025\nUkraine said.", date(2025, 3, 4), (3, 4), "Reuters"),
    ("Headline\n2025-03-11\nUkraine said.", date(2025, 3, 11), (3, 11), None),
    # Not datelines: a headline with a date in it, a dash after capitals with
    # no date, a date in the first sentence, a day that does not exist.
    ("NATO summit on June 24 - what to expect\nThe summit opens.", None, None, None),
    ("ANCHORAGE, Alaska — Donald Trump and Vladimir Putin met.", None, None, None),
    ("The United States and Ukraine signed an agreement on April 30 to develop resources.", None, None, None),
    ("WASHINGTON, Feb 30 (Reuters) - x", None, None, "Reuters"),
    ("UK, France agree deal on May 12 - sources\nThe deal was agreed.", None, None, None),
    ("Headline\nBy March 3 the talks had stalled, Reuters reported.\nMore.", None, None, None),
    ("WASHINGTON, D.C., March 18 (AP) — Officials said.", None, (3, 18), "Associated Press"),
]


@pytest.mark.parametrize(("text", "published", "month_day", "agency"), DATELINES)
def test_dateline_shapes(knowledge, text, published, month_day, agency):
    found = read_dateline(text, knowledge)
    assert found.published == published
    assert found.month_day == month_day
    assert (found.agency.label if found.agency else None) == agency


def test_a_date_without_a_year_stays_unknown_unless_the_year_is_given(knowledge):
    article = Article("a", "KYIV, March 11 (Reuters) - Ukraine said it was ready for talks on a ceasefire.")
    assert complete(article, knowledge).published is None
    assert complete(article, knowledge, Defaults.parse("2025")).published == date(2025, 3, 11)
    # A folder default dates what says nothing, and never overrides what the article says.
    undated = Article("b", "Ukraine said it was ready for talks on a ceasefire.")
    assert complete(undated, knowledge, Defaults.parse("2025")).published is None
    assert complete(undated, knowledge, Defaults.parse("2025-04-01")).published == date(2025, 4, 1)
    dated = Article("c", "Ukraine said it was ready.", published=date(2025, 2, 2))
    assert complete(dated, knowledge, Defaults.parse("2025-04-01", "Example Daily")).published == date(2025, 2, 2)
    assert complete(dated, knowledge, Defaults.parse("2025-04-01", "Example Daily")).outlet == "Example Daily"


def test_agency_from_the_outlet_name_is_recorded_apart(knowledge):
    carried = complete(Article("a", "Ukraine said.", outlet="Honolulu Star-Advertiser (Reuters)"), knowledge)
    assert (carried.outlet, carried.agency) == ("Honolulu Star-Advertiser", "Reuters")
    country = complete(Article("b", "Ukraine said.", outlet="The National (UAE)"), knowledge)
    assert (country.outlet, country.agency) == ("The National (UAE)", None)
    wire = complete(Article("c", "Ukraine said.", outlet="AP"), knowledge)
    assert (wire.outlet, wire.agency) == ("Associated Press", "Associated Press")
    unlisted = complete(Article("d", "Ukraine said.", outlet="Example Daily", agency="Kyodo"), knowledge)
    assert (unlisted.outlet, unlisted.agency) == ("Example Daily", "Kyodo")


def test_agencies_are_data():
    sources = dateline.load_sources()
    assert {"Reuters", "Associated Press", "Agence France-Presse"} <= {a.label for a in sources.agencies}
    assert sources.agency("AFP").iri.endswith("/outlet/agence-france-presse")
    assert sources.agency("ap") is None  # case counts: "ap" is not the agency


def test_published_option_rejects_a_bad_date_in_one_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Ukraine said on Tuesday that it was ready for talks on a ceasefire with Russia.")
    result = runner.invoke(app, ["ingest", str(article), "-o", str(tmp_path / "kg.ttl"), "--published", "March"])
    assert result.exit_code == 2
    assert result.stderr == "kg: error: --published takes a date YYYY-MM-DD or a year YYYY, not 'March'\n"


# --- syndication -------------------------------------------------------------------------

WIRE = (
    "KYIV, March 3 (Reuters) - Finnish President Alexander Stubb said on Monday that he supported a ceasefire "
    "in Ukraine and urged both sides to agree to it quickly. Stubb told reporters in Helsinki that a ceasefire "
    "would save lives and open the way to negotiations, adding that Europe had to be ready to help guarantee "
    "any settlement. He said Finland would keep supplying military aid to Kyiv while talks went on, and that "
    "European governments were discussing how to monitor a truce along the front line."
)
OTHER = (
    "Alexander Stubb, the Finnish president, backed a ceasefire in Ukraine on Tuesday. Speaking after a meeting "
    "of Nordic leaders in Oslo, Stubb said he supported a ceasefire that would hold, and warned that Russia had "
    "broken earlier promises. The Nordic leaders also discussed energy security and the protection of undersea "
    "cables in the Baltic Sea, officials said."
)


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def _csv(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def syndicated(tmp_path_factory):
    """Two outlets carrying one wire story (their own headlines, one cut short), and an independent report."""
    folder = tmp_path_factory.mktemp("syndicated")
    source = _jsonl(folder / "articles.jsonl", [
        {"id": "daily-copy", "outlet": "Example Daily", "published": "2025-03-03",
         "text": "Finland's president speaks in Kyiv\n" + WIRE},
        {"id": "times-copy", "outlet": "Example Times", "published": "2025-03-04",
         "text": "Stubb in Kyiv\n" + WIRE.rsplit(" He said", 1)[0]},
        {"id": "herald-own", "outlet": "Example Herald", "published": "2025-03-05", "text": OTHER},
    ])
    graph = folder / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(source), "-o", str(graph)])
    assert result.exit_code == 0, result.stderr
    return graph


def test_copies_are_one_story_and_different_reports_two():
    copy = "Stubb calls for quick ceasefire\n" + WIRE.rsplit(" He said", 1)[0]
    assert syndication.copies([WIRE, copy, OTHER]) == [(0, 1)]
    assert syndication.copies([WIRE, OTHER]) == []
    stories = syndication.stories([Article("b", copy, published=date(2025, 3, 4)),
                                   Article("a", WIRE, published=date(2025, 3, 3)), Article("c", OTHER)])
    assert [[a.id for a in s.articles] for s in stories] == [["a", "b"], ["c"]]
    assert [(later.id, first.id) for later, first in stories[0].derived()] == [("b", "a")]


def test_two_copies_from_two_outlets_count_as_one_story_and_two_outlets(syndicated):
    rows = _csv(runner.invoke(app, ["query", "first-reported", "-d", str(syndicated), "-p", "actor=Stubb",
                                    "-p", "topic=Ceasefire", "--format", "csv"]))
    assert [(r["date"], r["outlets"], r["agencies"], r["articles"], r["stories"], r["reports"]) for r in rows] == [
        ("2025-03-03", "Example Daily", "Reuters", "daily-copy", "2", "3"),
    ]
    rows = _csv(runner.invoke(app, ["query", "corroborated-positions", "-d", str(syndicated), "--format", "csv"]))
    stubb = [r for r in rows if r["holder"] == "Alexander Stubb" and r["topic_id"] == "Ceasefire"]
    assert [(r["stories"], r["outlets"], r["count"], r["outlet_names"]) for r in stubb] == [
        ("2", "3", "3", "Example Daily; Example Herald; Example Times"),
    ]
    graph = store.load([syndicated])
    derived = queries.run(graph, "SELECT ?copy ?first WHERE { ?copy prov:wasDerivedFrom ?first ; a skg:Article }")
    assert [(c.value.rsplit("/", 1)[1], f.value.rsplit("/", 1)[1]) for c, f in derived.rows] == [
        ("times-copy", "daily-copy")
    ]
    stories = queries.run(graph, "SELECT ?id ?story WHERE { ?a dcterms:identifier ?id ; skg:story ?story }"
                                 " ORDER BY ?id")
    assert [(i.value, s.value.rsplit("/", 1)[1]) for i, s in stories.rows] == [
        ("daily-copy", "daily-copy"), ("herald-own", "herald-own"), ("times-copy", "daily-copy"),
    ]


def test_copies_alone_do_not_corroborate(tmp_path):
    source = _jsonl(tmp_path / "copies.jsonl", [
        {"id": "one", "outlet": "Example Daily", "text": "Stubb backs truce\n" + WIRE},
        {"id": "two", "outlet": "Example Times", "text": "Finland for ceasefire\n" + WIRE},
    ])
    graph = tmp_path / "kg.ttl"
    assert runner.invoke(app, ["ingest", str(source), "-o", str(graph)]).exit_code == 0
    rows = _csv(runner.invoke(app, ["query", "corroborated-positions", "-d", str(graph), "--format", "csv"]))
    assert not [r for r in rows if r["holder"] == "Alexander Stubb"]
    # Undated copies: which came first is unknown, so neither derives from the other.
    derived = queries.run(store.load([graph]), "SELECT * WHERE { ?a prov:wasDerivedFrom ?b ; a skg:Article }")
    assert derived.rows == []


# --- stance changes and timelines -----------------------------------------------------------

CHANGE = DATA / "stance-change.jsonl"  # one holder: supports a ceasefire, then opposes it


def test_stance_change_supports_then_opposes(tmp_path):
    graph = tmp_path / "kg.ttl"
    assert runner.invoke(app, ["ingest", str(CHANGE), "-o", str(graph)]).exit_code == 0
    rows = _csv(runner.invoke(app, ["query", "stance-changes", "-d", str(graph), "--format", "csv"]))
    assert [(r["holder"], r["topic_id"], r["from"], r["to"], r["from_date"], r["to_date"], r["from_article"],
             r["to_article"]) for r in rows] == [
        ("Alexander Stubb", "Ceasefire", "supports", "opposes", "2025-03-03", "2025-04-14", "stubb-march",
         "stubb-april"),
    ]
    assert "supported a ceasefire" in rows[0]["from_evidence"] and "opposed a" in rows[0]["to_evidence"]
    timeline = _csv(runner.invoke(app, ["query", "position-timeline", "-d", str(graph), "-p", "actor=Stubb",
                                        "--format", "csv"]))
    assert [(r["date"], r["stance"], r["outlet"]) for r in timeline] == [
        ("2025-03-03", "supports", "Example Daily"), ("2025-04-14", "opposes", "Example Times"),
    ]
    # Without dates nothing says which came first: no change is reported.
    undated = _jsonl(tmp_path / "undated.jsonl", [
        {k: v for k, v in json.loads(line).items() if k != "published"} for line in CHANGE.read_text().splitlines()
    ])
    assert runner.invoke(app, ["ingest", str(undated), "-o", str(graph)]).exit_code == 0
    assert _csv(runner.invoke(app, ["query", "stance-changes", "-d", str(graph), "--format", "csv"])) == []


@pytest.fixture(scope="module")
def realdev(tmp_path_factory):
    if not (REALDEV / "articles.jsonl").is_file():
        pytest.skip(f"{REALDEV} is not here (the shared development set next to the checkout)")
    meta = [json.loads(line) for line in (REALDEV / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    folder = tmp_path_factory.mktemp("realdev")
    source = _jsonl(folder / "realdev.jsonl", [
        {"id": m["id"], "text": (REALDEV / "articles" / f"{m['id']}.txt").read_text(encoding="utf-8"),
         "outlet": m["outlet"], "url": m["url"], "published": m["published"]}
        for m in meta
    ])
    graph = folder / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(source), "-o", str(graph)])
    assert result.exit_code == 0, result.stderr
    return graph, meta


def test_realdev_timelines_are_in_date_order(realdev):
    graph, meta = realdev
    dated = {m["id"]: m["published"] for m in meta if m["published"]}
    assert len(dated) == 11 and len(meta) == 24
    rows = _csv(runner.invoke(app, ["query", "position-timeline", "-d", str(graph), "--format", "csv"]))
    assert all(row["date"] == dated.get(row["article"], "") for row in rows)
    keys = [(row["date"] == "", row["date"]) for row in rows]
    assert keys == sorted(keys)  # dated first, in date order; undated last
    holders = {}
    for row in rows:
        if row["date"]:
            holders.setdefault(row["holder"], set()).add(row["date"])
    several = sorted(holder for holder, days in holders.items() if len(days) >= 2)
    assert len(several) >= 3, holders
    for holder in several[:3]:
        own = _csv(runner.invoke(app, ["query", "position-timeline", "-d", str(graph), "-p", f"actor={holder}",
                                       "--format", "csv"]))
        days = [row["date"] for row in own if row["date"]]
        assert days == sorted(days) and len(set(days)) >= 2
        assert {row["holder"] for row in own} == {holder}


def test_realdev_agency_from_outlet_and_dates(realdev):
    graph, _ = realdev
    rows = queries.run(store.load([graph]), """
        SELECT ?id ?outlet ?agency WHERE {
          ?a dcterms:identifier ?id ; skg:outlet ?outlet ; skg:agency/rdfs:label ?agency
        }
    """)
    assert [(i.value, o.value, a.value) for i, o, a in rows.rows] == [("r03", "Honolulu Star-Advertiser", "Reuters")]


def test_edited_copy_is_still_the_story_and_realdev_reports_are_all_distinct(realdev):
    edited = WIRE.replace("on Monday", "on Monday, March 3,").replace("in Helsinki", "in the capital")
    assert syndication.copies([WIRE, "Stubb in Kyiv\n" + edited]) == [(0, 1)]
    graph, meta = realdev
    stories = queries.run(store.load([graph]), "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { [] skg:story ?s }")
    assert int(stories.rows[0][0].value) == len(meta)  # 24 reports, several of one event, no copies


def test_agency_from_json_lines_and_from_an_html_author(tmp_path, knowledge):
    from kg.extract import read

    source = _jsonl(tmp_path / "a.jsonl", [{"id": "a", "agency": "AFP", "outlet": "Example Daily", "text": OTHER}])
    page = tmp_path / "b.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Stubb backs truce</title>'
        '<meta name="author" content="Jane Doe, Reuters"><meta property="og:site_name" content="Example Herald">'
        '<meta property="article:published_time" content="2025-03-05T08:00:00Z"></head><body><article>'
        f"<h1>Stubb backs truce</h1><p>{OTHER}</p></article></body></html>", encoding="utf-8")
    found = {a.id: a for a in read.read([source, page], knowledge)}
    assert (found["a"].outlet, found["a"].agency) == ("Example Daily", "Agence France-Presse")
    assert (found["b"].outlet, found["b"].agency, found["b"].published) == ("Example Herald", "Reuters",
                                                                           date(2025, 3, 5))


def test_ingest_reads_the_dateline_of_a_text_file(tmp_path):
    article = ROOT / "tests" / "data" / "dev" / "101_jeddah_talks.txt"  # "JEDDAH, Saudi Arabia, March 11 (Reuters) -"
    query = "SELECT ?date ?agency WHERE { ?a skg:agency/rdfs:label ?agency OPTIONAL { ?a dcterms:issued ?date } }"
    found = []
    for options in ([], ["--published", "2025", "--outlet", "Example Daily"]):
        graph = tmp_path / "kg.ttl"
        result = runner.invoke(app, ["ingest", str(article), "-o", str(graph), *options])
        assert result.exit_code == 0, result.stderr
        rows = queries.run(store.load([graph]), query).rows
        found.append([tuple(t.value if t else None for t in row) for row in rows])
    assert found == [[(None, "Reuters")], [("2025-03-11", "Reuters")]]
