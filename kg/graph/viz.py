"""A picture of who stands where: a stance graph and a stance matrix.

The graph puts actors in a left column and topics in a right one, joined by
one curve per (actor, stance, topic), coloured by stance and thicker when more
articles report it. Two columns read better than a force layout: every name
is on one line, edges never hide a node, and the same picture comes out of
the same graph every time. Under it, the stance matrix (actor x topic) shows
the same positions as coloured cells, rows and columns in the same order.

The picture is laid out once as a list of shapes in pixels; writers turn the
shapes into SVG (by hand: a few element kinds, exact control, no dependency),
into a self-contained HTML page (the SVG inline, plus plain JavaScript that
filters by topic and stance; no CDN, since a report is often read offline),
or into PNG through matplotlib, the one widely installed rasteriser that
needs no system library (an optional extra: pip install 'stakeholder-kg[viz]').

The timeline (kg viz --timeline) is drawn the same way: an actor's stances
(one row per topic) or a topic's holders (one row per holder) against the
articles' dates, one dot per report, coloured by stance.
"""

from __future__ import annotations

import html
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph

from kg.graph import queries
from kg.errors import KGError
from kg.graph.turtle import write_atomic

__all__ = ["StanceEdge", "StancePicture", "Timeline", "stance_picture", "render", "timeline", "to_svg", "to_html",
           "write", "write_timeline"]

# Strongest first: the order of the legend, of the filter boxes, and of the
# stripes in a matrix cell.
STANCE_ORDER = ("demands", "supports", "accepts", "opposes")
# Okabe-Ito colours: told apart by people with any common colour-vision
# deficiency, and on paper. Support and demand are both blues-greens, the
# demand darker; acceptance is orange (a yes with reservations); opposition
# is vermillion.
COLOURS = {"demands": "#0072B2", "supports": "#009E73", "accepts": "#E69F00", "opposes": "#D55E00"}
FORMATS = (".html", ".htm", ".svg", ".png")

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
ROW = 28  # pixels between two actors
CELL = 24  # a matrix cell
TEXT = 13  # label font size, pixels
EVIDENCE_SHOWN = 3  # evidence sentences in a tooltip
EVIDENCE_CHARS = 280


# --- what is drawn -------------------------------------------------------------


@dataclass
class StanceEdge:
    holder: str
    stance: str
    topic_id: str
    articles: set[str] = field(default_factory=set)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (article, sentence)


@dataclass
class StancePicture:
    actors: list[str]  # in drawing order
    topics: list[tuple[str, str]]  # (topic_id, label), in drawing order
    edges: list[StanceEdge]
    articles: int

    @property
    def topic_labels(self) -> dict[str, str]:
        return dict(self.topics)

    @property
    def positions(self) -> int:
        """Positions as kg query positions and kg show count them: one per holder, stance, topic and article."""
        return sum(len(edge.articles) for edge in self.edges)


def stance_picture(source: pyoxigraph.Store | queries.Backend, topics: Iterable[str] = ()) -> StancePicture:
    """Every (holder, stance, topic) of the graph, ordered for drawing.

    ``topics`` (local names or labels) keeps only those topics.
    """
    wanted = None
    if topics:
        param = queries.Param("topic", "topic", True, "")
        wanted = {queries.resolve_param(source, param, name).value.rsplit("/", 1)[-1] for name in topics}
    edges: dict[tuple[str, str, str], StanceEdge] = {}
    labels: dict[str, str] = {}
    articles: set[str] = set()
    for record in queries.query("positions", source).records():
        topic_id, stance, holder = record["topic_id"], record["stance"], record["holder"]
        if stance not in COLOURS or (wanted is not None and topic_id not in wanted):
            continue
        labels[topic_id] = record["topic"] or topic_id
        edge = edges.setdefault((holder, stance, topic_id), StanceEdge(holder, stance, topic_id))
        article = record["article"] or ""
        edge.articles.add(article)
        articles.add(article)
        if record["evidence"] and (article, record["evidence"]) not in edge.evidence:
            edge.evidence.append((article, record["evidence"]))
    actors, topic_ids = _order(list(edges.values()))
    ordered = sorted(edges.values(), key=lambda e: (actors.index(e.holder), topic_ids.index(e.topic_id),
                                                     STANCE_ORDER.index(e.stance)))
    return StancePicture(actors, [(t, labels[t]) for t in topic_ids], ordered, len(articles))


def _order(edges: list[StanceEdge]) -> tuple[list[str], list[str]]:
    """Rows and columns in an order with few crossings.

    Topics start most-discussed first; then each side is sorted by the mean
    position of its neighbours on the other side (the barycentre heuristic of
    layered graph drawing), a few rounds. Ties break by name, so the order is
    the same on every run.
    """
    holders_of: dict[str, set[str]] = defaultdict(set)
    topics_of: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        holders_of[edge.topic_id].add(edge.holder)
        topics_of[edge.holder].add(edge.topic_id)
    topics = sorted(holders_of, key=lambda t: (-len(holders_of[t]), t))
    actors = sorted(topics_of)
    for _ in range(4):
        where = {t: i for i, t in enumerate(topics)}
        actors = sorted(actors, key=lambda a: (sum(where[t] for t in topics_of[a]) / len(topics_of[a]), a))
        where = {a: i for i, a in enumerate(actors)}
        topics = sorted(topics, key=lambda t: (sum(where[a] for a in holders_of[t]) / len(holders_of[t]), t))
    return actors, topics


# --- shapes --------------------------------------------------------------------


@dataclass
class Shape:
    kind: str  # rect | circle | curve | text | line
    x: float
    y: float
    w: float = 0.0  # rect width; curve end x; circle radius; line end x
    h: float = 0.0  # rect height; curve end y; line end y
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 1.0
    opacity: float = 1.0
    text: str = ""
    size: float = TEXT
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    rotate: float = 0.0  # degrees, clockwise as in SVG
    title: str = ""  # a tooltip
    css: str = ""  # classes the HTML page's script uses
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Drawing:
    width: float
    height: float
    shapes: list[Shape]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _text_width(text: str, size: float = TEXT) -> float:
    # An estimate for a sans-serif font (average advance ~0.58 em): enough to
    # leave room for labels without measuring fonts we may not have.
    return len(text) * size * 0.58


def _data(**values: str) -> dict[str, str]:
    return {key: value for key, value in values.items() if value}


def layout(picture: StancePicture) -> Drawing:
    """The picture as shapes: title, legend, stance graph, stance matrix."""
    shapes: list[Shape] = []
    margin = 24
    actor_label_w = max([_text_width(a) for a in picture.actors] + [120])
    topic_label_w = max([_text_width(label) for _, label in picture.topics] + [120])
    actor_x = margin + actor_label_w + 14
    topic_x = actor_x + max(320, 22 * len(picture.topics))
    width = max(topic_x + 14 + topic_label_w + margin, 640)

    title = "Who stands where"
    positions = picture.positions
    summary = (f"{_count(len(picture.actors), 'actor')}, {_count(len(picture.topics), 'topic')}, "
               f"{_count(positions, 'position')} from {_count(picture.articles, 'article')}")
    shapes.append(Shape("text", margin, 34, text=title, size=20, bold=True))
    shapes.append(Shape("text", margin, 56, text=summary, size=TEXT, fill="#555"))
    y = 84
    x = margin
    for stance in STANCE_ORDER:
        shapes.append(Shape("line", x, y - 4, x + 26, y - 4, stroke=COLOURS[stance], stroke_width=4,
                            css="legend", data=_data(stance=stance)))
        shapes.append(Shape("text", x + 32, y, text=stance, size=TEXT, css="legend", data=_data(stance=stance)))
        x += 32 + _text_width(stance) + 28
    shapes.append(Shape("text", x + 6, y, text="thicker or darker: reported by more articles", size=11, fill="#777"))

    top = 124
    rows = max(len(picture.actors), 1)
    actor_y = {a: top + i * ROW for i, a in enumerate(picture.actors)}
    span = (rows - 1) * ROW
    count = len(picture.topics)
    step = span / (count - 1) if count > 1 else 0
    offset = 0 if count > 1 else span / 2
    topic_y = {t: top + offset + i * step for i, (t, _) in enumerate(picture.topics)}
    labels = picture.topic_labels

    edges_of: dict[tuple[str, str], list[StanceEdge]] = defaultdict(list)
    for edge in picture.edges:
        edges_of[(edge.holder, edge.topic_id)].append(edge)
    for (holder, topic_id), group in edges_of.items():
        for index, edge in enumerate(group):
            # Two stances of one actor on one topic ("supports" and "demands")
            # run side by side instead of on top of each other.
            shift = (index - (len(group) - 1) / 2) * 5
            n = len(edge.articles)
            shapes.append(Shape(
                "curve", actor_x + 6, actor_y[holder] + shift, topic_x - 6, topic_y[topic_id] + shift,
                stroke=COLOURS[edge.stance], stroke_width=1.8 + 1.6 * (min(n, 4) - 1), opacity=0.8,
                title=_edge_title(edge, labels[topic_id]), css="edge",
                data=_data(actor=holder, topic=topic_id, stance=edge.stance),
            ))
    held: dict[str, set[str]] = defaultdict(set)
    holders: dict[str, set[str]] = defaultdict(set)
    for edge in picture.edges:
        held[edge.holder].add(edge.topic_id)
        holders[edge.topic_id].add(edge.holder)
    for actor in picture.actors:
        y_ = actor_y[actor]
        tip = f"{actor}: positions on {len(held[actor])} topic{'s' if len(held[actor]) != 1 else ''}"
        shapes.append(Shape("circle", actor_x, y_, 5, fill="#333", css="actor", title=tip, data=_data(actor=actor)))
        shapes.append(Shape("text", actor_x - 12, y_ + 4.5, text=actor, anchor="end", css="actor", title=tip,
                            data=_data(actor=actor)))
    for topic_id, label in picture.topics:
        y_ = topic_y[topic_id]
        tip = f"{label}: {len(holders[topic_id])} actor{'s' if len(holders[topic_id]) != 1 else ''} take a stance"
        shapes.append(Shape("circle", topic_x, y_, 6, fill="#fff", stroke="#333", stroke_width=2, css="topic",
                            title=tip, data=_data(topic=topic_id)))
        shapes.append(Shape("text", topic_x + 14, y_ + 4.5, text=label, css="topic", title=tip,
                            data=_data(topic=topic_id)))
    bottom = top + span + 40

    # The stance matrix, its rows aligned with the graph's actor labels.
    shapes.append(Shape("text", margin, bottom + 10, text="Stance matrix (actor \u00d7 topic)", size=16, bold=True))
    header_h = max([_text_width(label) for _, label in picture.topics] + [40]) * math.sin(math.radians(45)) + 16
    grid_x = actor_x - 6
    grid_y = bottom + 24 + header_h
    for column, (topic_id, label) in enumerate(picture.topics):
        cx = grid_x + column * CELL + CELL / 2
        shapes.append(Shape("text", cx + 4, grid_y - 8, text=label, rotate=-45, size=12, css="topic",
                            data=_data(topic=topic_id)))
    for row, actor in enumerate(picture.actors):
        ry = grid_y + row * CELL
        shapes.append(Shape("text", actor_x - 12, ry + CELL / 2 + 4.5, text=actor, anchor="end", css="actor",
                            data=_data(actor=actor)))
        for column, (topic_id, _) in enumerate(picture.topics):
            shapes.append(Shape("rect", grid_x + column * CELL, ry, CELL, CELL, fill="#f4f4f4", stroke="#fff",
                                css="blank", data=_data(actor=actor, topic=topic_id)))
    for (holder, topic_id), group in edges_of.items():
        row, column = picture.actors.index(holder), [t for t, _ in picture.topics].index(topic_id)
        stripe = (CELL - 2) / len(group)
        for index, edge in enumerate(group):
            n = len(edge.articles)
            shapes.append(Shape(
                "rect", grid_x + column * CELL + 1 + index * stripe, grid_y + row * CELL + 1, stripe, CELL - 2,
                fill=COLOURS[edge.stance], opacity=min(0.55 + 0.2 * (n - 1), 1.0),
                title=_edge_title(edge, labels[topic_id]), css="cell",
                data=_data(actor=holder, topic=topic_id, stance=edge.stance),
            ))
    grid_right = grid_x + len(picture.topics) * CELL
    height = grid_y + len(picture.actors) * CELL + margin
    width = max(width, grid_right + header_h + margin)
    return Drawing(math.ceil(width), math.ceil(height), shapes)


def _edge_title(edge: StanceEdge, topic_label: str) -> str:
    n = len(edge.articles)
    lines = [f"{edge.holder} {edge.stance} {topic_label} ({n} article{'' if n == 1 else 's'})"]
    for article, sentence in edge.evidence[:EVIDENCE_SHOWN]:
        cut = sentence if len(sentence) <= EVIDENCE_CHARS else sentence[: EVIDENCE_CHARS - 1].rstrip() + "\u2026"
        lines.append(f"[{article}] {cut}")
    if len(edge.evidence) > EVIDENCE_SHOWN:
        lines.append(f"... and {len(edge.evidence) - EVIDENCE_SHOWN} more")
    return "\n".join(lines)


# --- SVG -----------------------------------------------------------------------


def _attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape: Shape) -> str:
    common = []
    if shape.css:
        common.append(f'class="{_attr(shape.css)}"')
    for key, value in sorted(shape.data.items()):
        common.append(f'data-{key}="{_attr(value)}"')
    if shape.opacity != 1.0:
        common.append(f'opacity="{_number(shape.opacity)}"')
    attrs = " ".join(common)
    title = f"<title>{html.escape(shape.title)}</title>" if shape.title else ""
    n = _number
    if shape.kind == "rect":
        body = (f'<rect x="{n(shape.x)}" y="{n(shape.y)}" width="{n(shape.w)}" height="{n(shape.h)}" '
                f'fill="{shape.fill}" stroke="{shape.stroke}" {attrs}')
    elif shape.kind == "circle":
        body = (f'<circle cx="{n(shape.x)}" cy="{n(shape.y)}" r="{n(shape.w)}" fill="{shape.fill}" '
                f'stroke="{shape.stroke}" stroke-width="{n(shape.stroke_width)}" {attrs}')
    elif shape.kind == "line":
        body = (f'<line x1="{n(shape.x)}" y1="{n(shape.y)}" x2="{n(shape.w)}" y2="{n(shape.h)}" '
                f'stroke="{shape.stroke}" stroke-width="{n(shape.stroke_width)}" {attrs}')
    elif shape.kind == "curve":
        middle = (shape.x + shape.w) / 2
        body = (f'<path d="M{n(shape.x)},{n(shape.y)} C{n(middle)},{n(shape.y)} {n(middle)},{n(shape.h)} '
                f'{n(shape.w)},{n(shape.h)}" fill="none" stroke="{shape.stroke}" '
                f'stroke-width="{n(shape.stroke_width)}" stroke-linecap="round" {attrs}')
    elif shape.kind == "text":
        style = ' font-weight="bold"' if shape.bold else ""
        rotate = f' transform="rotate({n(shape.rotate)} {n(shape.x)} {n(shape.y)})"' if shape.rotate else ""
        fill = shape.fill if shape.fill != "none" else "#222"
        body = (f'<text x="{n(shape.x)}" y="{n(shape.y)}" font-size="{n(shape.size)}" text-anchor="{shape.anchor}" '
                f'fill="{fill}"{style}{rotate} {attrs}')
        return f"{body.rstrip()}>{title}{html.escape(shape.text)}</text>"
    else:
        raise ValueError(f"unknown shape {shape.kind!r}")
    body = body.rstrip()
    return f"{body}>{title}</{body[1:body.index(' ')]}>" if title else f"{body}/>"


def to_svg(drawing: Drawing) -> str:
    """A standalone SVG document."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" height="{drawing.height}" '
        f'viewBox="0 0 {drawing.width} {drawing.height}" font-family="{FONT}" role="img">',
        f'<rect x="0" y="0" width="{drawing.width}" height="{drawing.height}" fill="#fff"/>',
    ]
    parts.extend(_svg_shape(shape) for shape in drawing.shapes)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# --- HTML ----------------------------------------------------------------------

_STYLE = """
body { font-family: DejaVu Sans, Verdana, Arial, sans-serif; margin: 0; color: #222; background: #fff; }
main { display: flex; align-items: flex-start; gap: 8px; }
aside { position: sticky; top: 0; padding: 16px; min-width: 230px; max-width: 280px; font-size: 13px;
        border-right: 1px solid #ddd; max-height: 100vh; overflow-y: auto; box-sizing: border-box; }
aside h2 { font-size: 14px; margin: 14px 0 6px; }
aside label { display: block; margin: 3px 0; cursor: pointer; }
aside .swatch { display: inline-block; width: 18px; height: 4px; vertical-align: middle; margin-right: 4px; }
aside button { font-size: 12px; margin-right: 4px; }
aside .count { color: #888; }
aside p { color: #666; font-size: 12px; }
svg .dim { opacity: 0.12; }
svg .hidden { display: none; }
svg text.actor, svg circle.actor, svg text.topic, svg circle.topic { cursor: pointer; }
svg.focusing path.edge:not(.focus) { opacity: 0.1; }
"""

# Plain JavaScript, no library: the page must work opened from disk, offline.
_SCRIPT = """
(function () {
  const svg = document.querySelector('svg');
  const boxes = (name) => Array.from(document.querySelectorAll('input[name="' + name + '"]'));
  function apply() {
    const topics = new Set(boxes('topic').filter(b => b.checked).map(b => b.value));
    const stances = new Set(boxes('stance').filter(b => b.checked).map(b => b.value));
    const actors = new Set();
    const used = new Set();
    svg.querySelectorAll('.edge, .cell').forEach(el => {
      const shown = topics.has(el.dataset.topic) && stances.has(el.dataset.stance);
      el.classList.toggle('hidden', !shown);
      if (shown) { actors.add(el.dataset.actor); used.add(el.dataset.topic); }
    });
    svg.querySelectorAll('.actor').forEach(el => el.classList.toggle('dim', !actors.has(el.dataset.actor)));
    svg.querySelectorAll('.topic').forEach(el => el.classList.toggle('dim', !used.has(el.dataset.topic)));
    svg.querySelectorAll('.blank').forEach(el => el.classList.toggle('dim',
      !(actors.has(el.dataset.actor) && used.has(el.dataset.topic))));
    const count = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
    document.getElementById('shown').textContent =
      count(actors.size, 'actor') + ', ' + count(used.size, 'topic') + ' shown';
  }
  document.querySelectorAll('aside input').forEach(b => b.addEventListener('change', apply));
  document.getElementById('all').addEventListener('click', () => { boxes('topic').forEach(b => b.checked = true); apply(); });
  document.getElementById('none').addEventListener('click', () => { boxes('topic').forEach(b => b.checked = false); apply(); });
  // Pointing at an actor or a topic brings its edges forward.
  svg.querySelectorAll('.actor, .topic').forEach(el => {
    const key = el.dataset.actor !== undefined ? 'actor' : 'topic';
    el.addEventListener('mouseenter', () => {
      svg.classList.add('focusing');
      svg.querySelectorAll('path.edge').forEach(e => e.classList.toggle('focus', e.dataset[key] === el.dataset[key]));
    });
    el.addEventListener('mouseleave', () => svg.classList.remove('focusing'));
  });
  // stances.html?topic=Ceasefire&topic=...&stance=opposes opens filtered: a view to link to.
  const asked = new URLSearchParams(location.search);
  ['topic', 'stance'].forEach(name => {
    const wanted = asked.getAll(name);
    if (wanted.length) boxes(name).forEach(b => { b.checked = wanted.includes(b.value); });
  });
  apply();
  document.body.dataset.ready = 'true';
})();
"""


def _stance_boxes() -> str:
    return "\n".join(
        f'<label><input type="checkbox" name="stance" value="{s}" checked>'
        f'<span class="swatch" style="background:{COLOURS[s]}"></span>{s}</label>'
        for s in STANCE_ORDER
    )


def _page(title: str, aside: str, drawing: Drawing, script: str) -> str:
    """A self-contained page: filters on the left, the SVG inline, plain JavaScript; no outside resources."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<aside>
<h2>Stances</h2>
{_stance_boxes()}
{aside}
</aside>
<div class="picture">
{to_svg(drawing)}</div>
</main>
<script>{script}</script>
</body>
</html>
"""


def to_html(picture: StancePicture, drawing: Drawing, title: str = "Who stands where") -> str:
    """The stance picture's page, with topic and stance filters."""
    topic_counts: dict[str, set[str]] = defaultdict(set)
    for edge in picture.edges:
        topic_counts[edge.topic_id].add(edge.holder)
    topic_boxes = "\n".join(
        f'<label><input type="checkbox" name="topic" value="{_attr(t)}" checked>{html.escape(label)} '
        f'<span class="count">({len(topic_counts[t])})</span></label>'
        for t, label in sorted(picture.topics, key=lambda item: item[1].casefold())
    )
    aside = f"""<h2>Topics</h2>
<button type="button" id="all">all</button><button type="button" id="none">none</button>
{topic_boxes}
<p id="shown"></p>
<p>Point at a line or a cell for the evidence and its articles. Link to a filtered view with
<code>?topic=ID&amp;stance=NAME</code>.</p>"""
    return _page(title, aside, drawing, _SCRIPT)


# --- PNG -----------------------------------------------------------------------


def to_png(drawing: Drawing, scale: float = 2.0) -> bytes:
    """Draw the shapes with matplotlib, one unit a pixel (times ``scale``): PNG bytes."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display needed
        from matplotlib import pyplot
        from matplotlib.patches import Circle, PathPatch, Rectangle
        from matplotlib.path import Path as CurvePath
    except ImportError:
        raise KGError("PNG output needs matplotlib: pip install 'stakeholder-kg[viz]'; "
                      "or write .svg or .html") from None
    figure = pyplot.figure(figsize=(drawing.width / 100, drawing.height / 100), dpi=100 * scale)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, drawing.width)
    axes.set_ylim(drawing.height, 0)  # y grows downwards, as in SVG
    axes.axis("off")
    points = 72 / 100  # a pixel of the layout in font points at 100 dpi
    for shape in drawing.shapes:
        colour = None if shape.stroke == "none" else shape.stroke
        if shape.kind == "rect":
            axes.add_patch(Rectangle((shape.x, shape.y), shape.w, shape.h, facecolor=shape.fill,
                                     edgecolor=colour or "none", alpha=shape.opacity, linewidth=0.5))
        elif shape.kind == "circle":
            axes.add_patch(Circle((shape.x, shape.y), shape.w, facecolor=shape.fill, edgecolor=colour or "none",
                                  linewidth=shape.stroke_width * points, zorder=3))
        elif shape.kind == "line":
            axes.plot([shape.x, shape.w], [shape.y, shape.h], color=colour, linewidth=shape.stroke_width * points,
                      solid_capstyle="butt")
        elif shape.kind == "curve":
            middle = (shape.x + shape.w) / 2
            path = CurvePath([(shape.x, shape.y), (middle, shape.y), (middle, shape.h), (shape.w, shape.h)],
                             [CurvePath.MOVETO, CurvePath.CURVE4, CurvePath.CURVE4, CurvePath.CURVE4])
            axes.add_patch(PathPatch(path, facecolor="none", edgecolor=colour, alpha=shape.opacity,
                                     linewidth=shape.stroke_width * points, capstyle="round"))
        elif shape.kind == "text":
            axes.text(shape.x, shape.y, shape.text, fontsize=shape.size * points,
                      ha={"start": "left", "middle": "center", "end": "right"}[shape.anchor],
                      va="baseline", rotation=-shape.rotate, rotation_mode="anchor",
                      fontweight="bold" if shape.bold else "normal",
                      color=shape.fill if shape.fill != "none" else "#222")
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=100 * scale, facecolor="white")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


# --- files ---------------------------------------------------------------------


def render(picture: StancePicture | Timeline, output: str | Path) -> None:
    """Write the picture to ``output``: .html, .svg or .png, by extension; the whole file or nothing."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise KGError(f"{output}: unknown picture format {output.suffix or '(no extension)'!r}; "
                      f"use one of {', '.join(FORMATS)}")
    if not picture.edges:
        if isinstance(picture, Timeline):
            raise KGError(f"no dated reports to draw ({picture.undated} undated); "
                          "give articles a date: a dateline, a JSON 'published' field or kg ingest --published")
        raise KGError("the graph has no positions to draw (is it a kg ingest output?)")
    timeline = isinstance(picture, Timeline)
    drawing = layout_timeline(picture) if timeline else layout(picture)
    if suffix == ".svg":
        write_atomic(output, to_svg(drawing))
    elif suffix in (".html", ".htm"):
        write_atomic(output, timeline_html(picture, drawing) if timeline else to_html(picture, drawing))
    else:
        write_atomic(output, to_png(drawing))


def write(source: pyoxigraph.Store | queries.Backend, output: str | Path, topics: Iterable[str] = ()) -> StancePicture:
    """The stance picture of a graph, written to ``output``: ``kg viz`` as a function."""
    picture = stance_picture(source, topics)
    render(picture, output)
    return picture


# --- timeline --------------------------------------------------------------------


@dataclass
class Report:
    """One article reporting one position: a mark on the timeline."""

    day: date
    row: str  # the holder, or the topic when one actor is drawn
    stance: str
    holder: str
    topic: str
    outlet: str
    agency: str
    article: str
    evidence: str


@dataclass
class Timeline:
    title: str
    rows: list[str]  # in drawing order
    reports: list[Report]  # dated reports, in date order
    undated: int  # reports with no date, which cannot be placed

    @property
    def edges(self) -> list[Report]:  # what render() checks for "nothing to draw"
        return self.reports


def timeline(source: pyoxigraph.Store | queries.Backend, actor: str | None = None,
             topics: Iterable[str] = ()) -> Timeline:
    """The reports of an actor's stances (one row per topic) or of a topic's holders (one row per holder)."""
    topics = list(topics)
    if not actor and not topics:
        raise KGError("a timeline is of an actor or a topic: give --actor NAME or --topic TOPIC")
    reports: list[Report] = []
    undated = 0
    seen = set()
    for topic in topics or [None]:
        for record in queries.query("position-timeline", source, actor=actor, topic=topic).records():
            if record["stance"] not in COLOURS:
                continue
            if not record["date"]:
                undated += 1
                continue
            # Several topics of one holder would share a row and look alike.
            row = (record["topic_label"] if actor
                   else f"{record['holder']} \u2014 {record['topic_label']}" if len(topics) > 1 else record["holder"])
            report = Report(date.fromisoformat(record["date"]), row, record["stance"], record["holder"],
                            record["topic_label"], record["outlet"] or "", record["agency"] or "",
                            record["article"] or "", record["evidence"] or "")
            key = (report.day, report.row, report.stance, report.article)
            if key not in seen:
                seen.add(key)
                reports.append(report)
    reports.sort(key=lambda r: (r.day, r.row, STANCE_ORDER.index(r.stance), r.article))
    first = {}
    for report in reports:
        first.setdefault(report.row, report.day)
    rows = sorted(first, key=lambda row: (first[row], row))
    topic_names = ", ".join(sorted({r.topic for r in reports}) or topics)
    holder = reports[0].holder if reports else actor
    subject = (f"{holder} on {topic_names}" if topics else holder) if actor else topic_names
    return Timeline(f"Stances over time: {subject}", rows, reports, undated)


def _ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Dates to label on the axis: weeks for a short span, months (every k-th) for a longer one."""
    if (end - start).days <= 62:
        days = [start + timedelta(days=n) for n in range(0, (end - start).days + 1, 7)]
        return [(d, f"{d:%b} {d.day}") for d in days]
    months = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = max(1, math.ceil(len(months) / 12))
    return [(d, f"{d:%b %Y}") for d in months[::step] if d >= start]


def layout_timeline(picture: Timeline) -> Drawing:
    """One row per holder or topic, time from left to right, one dot per report coloured by its stance."""
    shapes: list[Shape] = []
    margin, plot_w = 24, 900
    label_w = max([_text_width(row) for row in picture.rows] + [120])
    left = margin + label_w + 16
    width = left + plot_w + margin + 40
    start, end = picture.reports[0].day, picture.reports[-1].day
    if start == end:
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    span = (end - start).days

    def x_of(day: date) -> float:
        return left + 20 + (plot_w - 40) * (day - start).days / span

    summary = (f"{_count(len(picture.reports), 'report')} from {picture.reports[0].day} to {picture.reports[-1].day}"
               + (f"; {picture.undated} undated not drawn" if picture.undated else ""))
    shapes.append(Shape("text", margin, 34, text=picture.title, size=20, bold=True))
    shapes.append(Shape("text", margin, 56, text=summary, size=TEXT, fill="#555", css="summary"))
    x = margin
    for stance in STANCE_ORDER:
        shapes.append(Shape("circle", x + 6, 80, 6, fill=COLOURS[stance], css="legend", data=_data(stance=stance)))
        shapes.append(Shape("text", x + 18, 84.5, text=stance, css="legend", data=_data(stance=stance)))
        x += 18 + _text_width(stance) + 28
    top = 120
    row_y = {row: top + i * ROW for i, row in enumerate(picture.rows)}
    bottom = top + (len(picture.rows) - 1) * ROW + 24
    for tick, label in _ticks(start, end):
        shapes.append(Shape("line", x_of(tick), top - 16, x_of(tick), bottom, stroke="#e4e4e4"))
        shapes.append(Shape("text", x_of(tick), bottom + 18, text=label, size=11, anchor="middle", fill="#555"))
    for row, y in row_y.items():
        shapes.append(Shape("line", left, y, left + plot_w, y, stroke="#ccc"))
        shapes.append(Shape("text", left - 10, y + 4.5, text=row, anchor="end", css="row", data=_data(row=row)))
    on_day: dict[tuple[str, date], int] = defaultdict(int)
    for report in picture.reports:
        # Several reports of one row on one day stand side by side, not on top of each other.
        index = on_day[(report.row, report.day)]
        on_day[(report.row, report.day)] += 1
        tip = (f"{report.day}: {report.holder} {report.stance} {report.topic}\n"
               f"{' / '.join(p for p in (report.outlet, report.agency) if p) or 'outlet unknown'} [{report.article}]\n"
               + (report.evidence if len(report.evidence) <= EVIDENCE_CHARS
                  else report.evidence[: EVIDENCE_CHARS - 1].rstrip() + "\u2026"))
        shapes.append(Shape("circle", x_of(report.day) + 9 * index, row_y[report.row], 6, fill=COLOURS[report.stance],
                            stroke="#fff", opacity=0.9, css="mark", title=tip,
                            data=_data(stance=report.stance, date=report.day.isoformat(), row=report.row,
                                       article=report.article)))
    return Drawing(math.ceil(width), math.ceil(bottom + 30 + margin), shapes)


_TIMELINE_SCRIPT = """
(function () {
  const marks = Array.from(document.querySelectorAll('svg .mark'));
  const boxes = Array.from(document.querySelectorAll('input[name="stance"]'));
  function apply() {
    const stances = new Set(boxes.filter(b => b.checked).map(b => b.value));
    let shown = 0;
    marks.forEach(m => { const on = stances.has(m.dataset.stance); m.classList.toggle('hidden', !on); shown += on; });
    document.getElementById('shown').textContent = shown + ' report' + (shown === 1 ? '' : 's') + ' shown';
  }
  boxes.forEach(b => b.addEventListener('change', apply));
  const wanted = new URLSearchParams(location.search).getAll('stance');
  if (wanted.length) boxes.forEach(b => { b.checked = wanted.includes(b.value); });
  apply();
  document.body.dataset.ready = 'true';
})();
"""


def timeline_html(picture: Timeline, drawing: Drawing) -> str:
    """The timeline's page, with a stance filter."""
    aside = """<p id="shown"></p>
<p>One dot per article reporting a position; point at it for the date, outlet and evidence.</p>"""
    return _page(picture.title, aside, drawing, _TIMELINE_SCRIPT)


def write_timeline(source: pyoxigraph.Store | queries.Backend, output: str | Path, actor: str | None = None,
                   topics: Iterable[str] = ()) -> Timeline:
    """The timeline of an actor or a topic, written to ``output``: ``kg viz --timeline`` as a function."""
    picture = timeline(source, actor, topics)
    render(picture, output)
    return picture
