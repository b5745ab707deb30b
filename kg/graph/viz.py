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

Here: what is drawn and its layout; viz_drawing has the shapes and the
writers, viz_timeline the timeline.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg.errors import KGError
from kg.graph import queries
from kg.graph.turtle import write_atomic
from kg.graph.viz_drawing import (
    CELL, COLOURS, EVIDENCE_CHARS, EVIDENCE_SHOWN, FORMATS, ROW, STANCE_ORDER, TEXT, Drawing, Shape, attribute, counted,
    data_attributes, page, text_width, to_png, to_svg,
)
from kg.graph.viz_timeline import Timeline, layout_timeline, timeline, timeline_html

__all__ = ["StanceEdge", "StancePicture", "Timeline", "stance_picture", "render", "timeline", "to_svg", "to_html",
           "write", "write_timeline"]


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


def layout(picture: StancePicture) -> Drawing:
    """The picture as shapes: title, legend, stance graph, stance matrix."""
    shapes: list[Shape] = []
    margin = 24
    actor_label_w = max([text_width(a) for a in picture.actors] + [120])
    topic_label_w = max([text_width(label) for _, label in picture.topics] + [120])
    actor_x = margin + actor_label_w + 14
    topic_x = actor_x + max(320, 22 * len(picture.topics))
    width = max(topic_x + 14 + topic_label_w + margin, 640)

    title = "Who stands where"
    positions = picture.positions
    summary = (f"{counted(len(picture.actors), 'actor')}, {counted(len(picture.topics), 'topic')}, "
               f"{counted(positions, 'position')} from {counted(picture.articles, 'article')}")
    shapes.append(Shape("text", margin, 34, text=title, size=20, bold=True))
    shapes.append(Shape("text", margin, 56, text=summary, size=TEXT, fill="#555"))
    y = 84
    x = margin
    for stance in STANCE_ORDER:
        shapes.append(Shape("line", x, y - 4, x + 26, y - 4, stroke=COLOURS[stance], stroke_width=4,
                            css="legend", data=data_attributes(stance=stance)))
        shapes.append(Shape("text", x + 32, y, text=stance, size=TEXT, css="legend", data=data_attributes(stance=stance)))
        x += 32 + text_width(stance) + 28
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
                data=data_attributes(actor=holder, topic=topic_id, stance=edge.stance),
            ))
    held: dict[str, set[str]] = defaultdict(set)
    holders: dict[str, set[str]] = defaultdict(set)
    for edge in picture.edges:
        held[edge.holder].add(edge.topic_id)
        holders[edge.topic_id].add(edge.holder)
    for actor in picture.actors:
        y_ = actor_y[actor]
        tip = f"{actor}: positions on {len(held[actor])} topic{'s' if len(held[actor]) != 1 else ''}"
        shapes.append(Shape("circle", actor_x, y_, 5, fill="#333", css="actor", title=tip, data=data_attributes(actor=actor)))
        shapes.append(Shape("text", actor_x - 12, y_ + 4.5, text=actor, anchor="end", css="actor", title=tip,
                            data=data_attributes(actor=actor)))
    for topic_id, label in picture.topics:
        y_ = topic_y[topic_id]
        tip = f"{label}: {len(holders[topic_id])} actor{'s' if len(holders[topic_id]) != 1 else ''} take a stance"
        shapes.append(Shape("circle", topic_x, y_, 6, fill="#fff", stroke="#333", stroke_width=2, css="topic",
                            title=tip, data=data_attributes(topic=topic_id)))
        shapes.append(Shape("text", topic_x + 14, y_ + 4.5, text=label, css="topic", title=tip,
                            data=data_attributes(topic=topic_id)))
    bottom = top + span + 40

    # The stance matrix, its rows aligned with the graph's actor labels.
    shapes.append(Shape("text", margin, bottom + 10, text="Stance matrix (actor \u00d7 topic)", size=16, bold=True))
    header_h = max([text_width(label) for _, label in picture.topics] + [40]) * math.sin(math.radians(45)) + 16
    grid_x = actor_x - 6
    grid_y = bottom + 24 + header_h
    for column, (topic_id, label) in enumerate(picture.topics):
        cx = grid_x + column * CELL + CELL / 2
        shapes.append(Shape("text", cx + 4, grid_y - 8, text=label, rotate=-45, size=12, css="topic",
                            data=data_attributes(topic=topic_id)))
    for row, actor in enumerate(picture.actors):
        ry = grid_y + row * CELL
        shapes.append(Shape("text", actor_x - 12, ry + CELL / 2 + 4.5, text=actor, anchor="end", css="actor",
                            data=data_attributes(actor=actor)))
        for column, (topic_id, _) in enumerate(picture.topics):
            shapes.append(Shape("rect", grid_x + column * CELL, ry, CELL, CELL, fill="#f4f4f4", stroke="#fff",
                                css="blank", data=data_attributes(actor=actor, topic=topic_id)))
    for (holder, topic_id), group in edges_of.items():
        row, column = picture.actors.index(holder), [t for t, _ in picture.topics].index(topic_id)
        stripe = (CELL - 2) / len(group)
        for index, edge in enumerate(group):
            n = len(edge.articles)
            shapes.append(Shape(
                "rect", grid_x + column * CELL + 1 + index * stripe, grid_y + row * CELL + 1, stripe, CELL - 2,
                fill=COLOURS[edge.stance], opacity=min(0.55 + 0.2 * (n - 1), 1.0),
                title=_edge_title(edge, labels[topic_id]), css="cell",
                data=data_attributes(actor=holder, topic=topic_id, stance=edge.stance),
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




def to_html(picture: StancePicture, drawing: Drawing, title: str = "Who stands where") -> str:
    """The stance picture's page, with topic and stance filters."""
    topic_counts: dict[str, set[str]] = defaultdict(set)
    for edge in picture.edges:
        topic_counts[edge.topic_id].add(edge.holder)
    topic_boxes = "\n".join(
        f'<label><input type="checkbox" name="topic" value="{attribute(t)}" checked>{html.escape(label)} '
        f'<span class="count">({len(topic_counts[t])})</span></label>'
        for t, label in sorted(picture.topics, key=lambda item: item[1].casefold())
    )
    aside = f"""<h2>Topics</h2>
<button type="button" id="all">all</button><button type="button" id="none">none</button>
{topic_boxes}
<p id="shown"></p>
<p>Point at a line or a cell for the evidence and its articles. Link to a filtered view with
<code>?topic=ID&amp;stance=NAME</code>.</p>"""
    return page(title, aside, drawing, _SCRIPT)


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



def write_timeline(source: pyoxigraph.Store | queries.Backend, output: str | Path, actor: str | None = None,
                   topics: Iterable[str] = ()) -> Timeline:
    """The timeline of an actor or a topic, written to ``output``: ``kg viz --timeline`` as a function."""
    picture = timeline(source, actor, topics)
    render(picture, output)
    return picture
