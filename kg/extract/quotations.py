"""Spans of direct speech in an article's text: what stands inside quotation
marks, whichever marks the source used, apostrophes left out.

In: the text and the Knowledge. Out: Quotation spans (character offsets).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.extract.knowledge import Knowledge


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the first character inside the marks
    end: int  # offset just after the last character inside the marks


def quotations(text: str, knowledge: Knowledge) -> list[Quotation]:
    """Spans of direct speech: “…”, "…", and ‘…’ or '…' that are not apostrophes."""
    spans: list[Quotation] = []
    for pattern in (r"“([^”]{2,}?)”", r'(?<![\w])"([^"]{2,}?)"', r"(?<![\w])‘([^‘’]{2,}?)’(?![\w])",
                    r"(?<![\w])'([^'\n]{2,}?)'(?![\w])"):
        earlier = sorted(spans, key=lambda q: q.start)
        starts = [q.start for q in earlier]
        for match in re.finditer(pattern, text):
            start, end = match.span(1)
            # Earlier kinds are disjoint: only the one starting last before this can hold it.
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or not earlier[i].start <= start < earlier[i].end:
                spans.append(Quotation(start, end))
    return sorted(spans, key=lambda q: q.start)


def overlapping(spans: list[tuple[int, int]], reach: list[int], start: int, end: int) -> list[int]:
    """Indexes of the (start, end) spans, sorted by start, that overlap [start, end);
    ``reach[i]`` is the furthest end among the first i + 1 spans."""
    found = []
    for i in range(bisect.bisect_right(reach, start), len(spans)):
        if spans[i][0] >= end:
            break
        if spans[i][1] > start:
            found.append(i)
    return found
