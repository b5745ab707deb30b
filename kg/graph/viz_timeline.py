"""The timeline (kg viz --timeline): an actor's stances, one row per topic, or a
topic's holders, one row per holder, along the articles' dates; one dot per
report, coloured by stance."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pyoxigraph

from kg.errors import KGError
from kg.graph import queries
from kg.graph.viz_drawing import (
    COLOURS, EVIDENCE_CHARS, ROW, STANCE_ORDER, TEXT, Drawing, Shape, counted, data_attributes, page, text_width,
)

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
    label_w = max([text_width(row) for row in picture.rows] + [120])
    left = margin + label_w + 16
    width = left + plot_w + margin + 40
    start, end = picture.reports[0].day, picture.reports[-1].day
    if start == end:
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    span = (end - start).days

    def x_of(day: date) -> float:
        return left + 20 + (plot_w - 40) * (day - start).days / span

    summary = (f"{counted(len(picture.reports), 'report')} from {picture.reports[0].day} to {picture.reports[-1].day}"
               + (f"; {picture.undated} undated not drawn" if picture.undated else ""))
    shapes.append(Shape("text", margin, 34, text=picture.title, size=20, bold=True))
    shapes.append(Shape("text", margin, 56, text=summary, size=TEXT, fill="#555", css="summary"))
    x = margin
    for stance in STANCE_ORDER:
        shapes.append(Shape("circle", x + 6, 80, 6, fill=COLOURS[stance], css="legend", data=data_attributes(stance=stance)))
        shapes.append(Shape("text", x + 18, 84.5, text=stance, css="legend", data=data_attributes(stance=stance)))
        x += 18 + text_width(stance) + 28
    top = 120
    row_y = {row: top + i * ROW for i, row in enumerate(picture.rows)}
    bottom = top + (len(picture.rows) - 1) * ROW + 24
    for tick, label in _ticks(start, end):
        shapes.append(Shape("line", x_of(tick), top - 16, x_of(tick), bottom, stroke="#e4e4e4"))
        shapes.append(Shape("text", x_of(tick), bottom + 18, text=label, size=11, anchor="middle", fill="#555"))
    for row, y in row_y.items():
        shapes.append(Shape("line", left, y, left + plot_w, y, stroke="#ccc"))
        shapes.append(Shape("text", left - 10, y + 4.5, text=row, anchor="end", css="row", data=data_attributes(row=row)))
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
                            data=data_attributes(stance=report.stance, date=report.day.isoformat(), row=report.row,
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
    return page(picture.title, aside, drawing, _TIMELINE_SCRIPT)
