"""kg viz: the stance picture as HTML (opened in headless Chromium), SVG and PNG.

The HTML test needs Chromium (a Debian package; .ci/run installs it where
apt-get can) and skips, saying so, where it is missing. The screenshot in
docs/stances.png is made with: make screenshot
"""

from __future__ import annotations

import colorsys
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.graph import store, viz
from kg.cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.ttl"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed and could not be (apt-get install chromium; .ci/run does it)")


def headless(browser: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    # Flags that keep a headless run offline and quiet: no first-run pages,
    # no background updates or sync, no GPU, no sandbox (tests may run as root).
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", *arguments],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def seeds_picture(seeds_ttl):
    return viz.stance_picture(store.load([seeds_ttl]))


def test_picture_has_every_holder_and_topic_of_the_graph(seeds_ttl, seeds_picture):
    from kg.graph import queries

    positions = queries.query("positions", store.load([seeds_ttl])).records()
    assert set(seeds_picture.actors) == {record["holder"] for record in positions}
    assert {t for t, _ in seeds_picture.topics} == {record["topic_id"] for record in positions}
    assert {(e.holder, e.stance, e.topic_id) for e in seeds_picture.edges} == {
        (record["holder"], record["stance"], record["topic_id"]) for record in positions
    }


def test_viz_html_renders_the_seeds_actors_in_chromium(tmp_path, seeds_ttl, seeds_picture):
    browser = chromium()
    page = tmp_path / "stances.html"
    result = runner.invoke(app, ["viz", "-d", str(seeds_ttl), "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page.read_text())  # nothing fetched
    shown = headless(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    assert 'data-ready="true"' in dom, "the page's script ran to the end"
    expected = f"{len(seeds_picture.actors)} actors, {len(seeds_picture.topics)} topics shown"
    assert expected in dom  # counted by the script from the drawn edges
    labels = re.findall(r'<text[^>]*class="actor"[^>]*>(?:<title>[^<]*</title>)?([^<]+)</text>', dom)
    for actor in seeds_picture.actors:
        name = actor.replace("&", "&amp;").replace("'", "&#x27;")
        assert name in labels or actor in labels, actor


def test_viz_html_filters_by_topic_in_chromium(tmp_path, seeds_ttl, seeds_picture):
    browser = chromium()
    page = tmp_path / "stances.html"
    runner.invoke(app, ["viz", "-d", str(seeds_ttl), "-o", str(page)])
    topic = max(seeds_picture.topics, key=lambda t: sum(e.topic_id == t[0] for e in seeds_picture.edges))[0]
    holders = {e.holder for e in seeds_picture.edges if e.topic_id == topic}
    shown = headless(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom",
                     f"{page.as_uri()}?topic={topic}")
    dom = shown.stdout
    assert 'data-ready="true"' in dom
    assert f"{len(holders)} actor{'s' if len(holders) != 1 else ''}, 1 topic shown" in dom
    edges = re.findall(r'<path ([^>]*class="edge[^"]*"[^>]*)>', dom)
    assert edges
    for attributes in edges:
        hidden = "hidden" in re.search(r'class="([^"]*)"', attributes)[1]
        assert hidden == (f'data-topic="{topic}"' not in attributes)


def test_viz_html_screenshot_shows_the_picture(tmp_path, seeds_ttl):
    from PIL import Image

    browser = chromium()
    page = tmp_path / "stances.html"
    runner.invoke(app, ["viz", "-d", str(seeds_ttl), "-o", str(page)])
    shot = tmp_path / "shot.png"
    taken = headless(browser, tmp_path / "profile", "--hide-scrollbars", "--window-size=1400,1000",
                     f"--screenshot={shot}", page.as_uri())
    assert taken.returncode == 0 and shot.is_file(), taken.stderr[-2000:]
    pixels = Image.open(shot).convert("RGB").tobytes()
    # Pixels of each stance's hue, whatever their blend with the white
    # background: the legend alone has about 200 of each, the drawn lines and
    # cells thousands.
    hues = {stance: colorsys.rgb_to_hsv(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))[0]
            for stance, colour in viz.COLOURS.items()}
    counts = dict.fromkeys(hues, 0)
    for rgb in zip(pixels[0::3], pixels[1::3], pixels[2::3]):
        hue, saturation, _ = colorsys.rgb_to_hsv(*(channel / 255 for channel in rgb))
        if saturation > 0.25:
            for stance, wanted in hues.items():
                if abs(hue - wanted) < 0.02:
                    counts[stance] += 1
    drawn = {e.stance for e in viz.stance_picture(store.load([seeds_ttl])).edges}
    for stance in drawn:
        assert counts[stance] > 1000, counts


def test_viz_svg_is_wellformed_and_names_everyone(tmp_path):
    output = tmp_path / "stances.svg"
    result = runner.invoke(app, ["viz", "-d", str(MINI), "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    root = ElementTree.parse(output).getroot()
    texts = {element.text for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Pete Hegseth", "Volodymyr Zelenskyy", "Maria Zakharova", "Ukraine"} <= texts
    assert {"Ukraine's NATO membership", "ending the war", "security guarantees for Ukraine"} <= texts
    edges = [e for e in root.iter("{http://www.w3.org/2000/svg}path") if e.get("class") == "edge"]
    assert {(e.get("data-actor"), e.get("data-stance"), e.get("data-topic")) for e in edges} >= {
        ("Pete Hegseth", "opposes", "UkraineNATOMembership"),
        ("Volodymyr Zelenskyy", "demands", "UkraineNATOMembership"),
    }
    assert all(e.get("stroke") == viz.COLOURS[e.get("data-stance")] for e in edges)


def test_viz_png(tmp_path):
    pytest.importorskip("matplotlib")
    from PIL import Image

    output = tmp_path / "stances.png"
    result = runner.invoke(app, ["viz", "-d", str(MINI), "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    image = Image.open(output)
    assert image.format == "PNG" and image.width > 600 and image.height > 400


def test_viz_topic_filter(tmp_path):
    output = tmp_path / "nato.svg"
    result = runner.invoke(app, ["viz", "-d", str(MINI), "-o", str(output), "--topic", "Ukraine's NATO membership"])
    assert result.exit_code == 0, result.stderr
    root = ElementTree.parse(output).getroot()
    topics = {e.get("data-topic") for e in root.iter() if e.get("class") == "edge"}
    assert topics == {"UkraineNATOMembership"}


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["-o", "x.pdf"], "unknown picture format '.pdf'"),
        (["-o", "x.html", "--topic", "Atlantis"], "unknown topic 'Atlantis'"),
    ],
)
def test_viz_errors_are_one_line(tmp_path, arguments, message):
    arguments = [str(tmp_path / a) if a.startswith("x.") else a for a in arguments]
    result = runner.invoke(app, ["viz", "-d", str(MINI), *arguments])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_viz_graph_without_positions(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = runner.invoke(app, ["viz", "-d", str(empty), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "no positions to draw" in result.stderr
    assert not (tmp_path / "x.html").exists()


# --- timeline ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated_ttl(tmp_path_factory):
    """One holder who supports a ceasefire, then opposes it; another who supports it; one undated report."""
    import json

    folder = tmp_path_factory.mktemp("timeline")
    records = [
        ("march", "2025-03-03", "Finnish President Alexander Stubb said on Monday that he supported a ceasefire "
                                "in Ukraine. Stubb told reporters that a ceasefire would save lives."),
        ("april", "2025-04-14", "Finnish President Alexander Stubb said on Monday that he opposed a ceasefire "
                                "in Ukraine. Stubb rejected a ceasefire, saying it would only help Russia rearm."),
        ("may", "2025-05-20", "Estonian Prime Minister Kristen Michal said on Tuesday that he supported a "
                              "ceasefire in Ukraine and urged Russia to accept it."),
        ("undated", None, "Latvian President Edgars Rinkevics said he supported a ceasefire in Ukraine."),
    ]
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps({"id": i, "published": d, "text": t}) + "\n" for i, d, t in records))
    graph = folder / "kg.ttl"
    result = runner.invoke(app, ["ingest", str(source), "-o", str(graph)])
    assert result.exit_code == 0, result.stderr
    return graph


def test_viz_timeline_html_in_chromium_marks_each_report_in_date_order(tmp_path, dated_ttl):
    browser = chromium()
    page = tmp_path / "ceasefire.html"
    result = runner.invoke(app, ["viz", "--timeline", "--topic", "Ceasefire", "-d", str(dated_ttl), "-o", str(page)])
    assert result.exit_code == 0, result.stderr
    drawn = viz.timeline(store.load([dated_ttl]), topics=["Ceasefire"])
    assert [(r.day.isoformat(), r.row, r.stance) for r in drawn.reports] == [
        ("2025-03-03", "Alexander Stubb", "supports"),
        ("2025-04-14", "Alexander Stubb", "opposes"),
        ("2025-05-20", "Kristen Michal", "supports"),
    ]
    assert drawn.undated == 1 and "1 undated" in result.stderr
    assert "http://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", page.read_text())
    shown = headless(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    dom = shown.stdout
    assert 'data-ready="true"' in dom and "3 reports shown" in dom
    marks = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="6" fill="(#\w+)"[^>]*class="mark"[^>]*'
                       r'data-date="([\d-]+)"[^>]*data-stance="(\w+)"', dom)
    assert [(day, stance) for _, _, _, day, stance in marks] == [
        ("2025-03-03", "supports"), ("2025-04-14", "opposes"), ("2025-05-20", "supports")]
    xs = [float(x) for x, *_ in marks]
    assert xs == sorted(xs) and len(set(xs)) == 3  # later reports further right
    assert marks[0][1] == marks[1][1] != marks[2][1]  # one row per holder
    assert all(fill == viz.COLOURS[stance] for _, _, fill, _, stance in marks)
    only = headless(browser, tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom",
                    f"{page.as_uri()}?stance=opposes")
    assert "1 report shown" in only.stdout


def test_viz_timeline_of_an_actor_has_a_row_per_topic(tmp_path, dated_ttl):
    output = tmp_path / "stubb.svg"
    result = runner.invoke(app, ["viz", "--timeline", "--actor", "Stubb", "-d", str(dated_ttl), "-o", str(output)])
    assert result.exit_code == 0, result.stderr
    root = ElementTree.parse(output).getroot()
    marks = [e for e in root.iter("{http://www.w3.org/2000/svg}circle") if e.get("class") == "mark"]
    assert [(m.get("data-row"), m.get("data-stance")) for m in marks] == [
        ("ceasefire", "supports"), ("ceasefire", "opposes")]
    texts = {element.text for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert "Stances over time: Alexander Stubb" in texts


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--timeline"], "give --actor NAME or --topic TOPIC"),
        (["--actor", "Zelenskyy"], "--actor draws a timeline: add --timeline"),
        (["--timeline", "--actor", "Nobody"], "unknown actor 'Nobody'"),
    ],
)
def test_viz_timeline_errors_are_one_line(tmp_path, arguments, message):
    result = runner.invoke(app, ["viz", "-d", str(MINI), "-o", str(tmp_path / "x.html"), *arguments])
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
