"""When a meeting took place: date expressions resolved against the article's date.

In: the text of a date entity ("Friday", "March 27", "two weeks ago"), the
article's publication date, and whether the meeting lies ahead of it (from
the tense; None when the words cannot tell). Out: an ISO day, or None when
the words name no single day. `Dates` finds the date entities that hang on a
meeting's words and tells background ("last met in 2018") from news.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span, Token

from kg.extract.meetings.cues import Cues


def resolve_date(text: str, published: date | None, forward: bool | None, cues: Cues) -> str | None:
    """An ISO date for a date expression, or None when it names no single day.

    Explicit dates need a year, given or taken from the article's date (the
    year that puts the day nearest to it); weekdays and relative words need the
    article's date. A bare weekday is the last one on or before that date, or
    the next one when ``forward``; when ``forward`` is None (tense unknown) it
    names no day. "Last week" or "this month" name no day either.
    """
    lowered = text.lower().replace("’", "'")
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", lowered)
    if iso:
        return _iso(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    words = re.findall(r"[a-z]+\.?|\d+(?:st|nd|rd|th)?", lowered)
    bare = [w.rstrip(".") for w in words]
    month = next((cues.months[w] for w in bare if w in cues.months), None)
    if month is not None:
        return _day_of_month(bare, month, published, forward)
    if published is None:
        return None
    for word in bare:
        if word in cues.relative_days:
            return (published + timedelta(days=cues.relative_days[word])).isoformat()
    if any(w in cues.ago_words for w in bare):
        return _days_ago(bare, published, cues)
    weekday = next((cues.weekdays.index(w) for w in bare if w in cues.weekdays), None)
    if weekday is None:
        return None
    return _weekday(bare, weekday, published, forward, cues)


def _day_of_month(bare: list[str], month: int, published: date | None, forward: bool | None) -> str | None:
    """ "March 27", "27 March 2025": a year given, or the one nearest the article."""
    numbers = [int(re.sub(r"\D", "", w)) for w in bare if w[:1].isdigit()]
    days = [n for n in numbers if 1 <= n <= 31]
    years = [n for n in numbers if 1900 <= n <= 2100]
    if not days:
        return None
    if years:
        return _iso(years[0], month, days[0])
    if published is None:
        return None
    days_in = [_iso(year, month, days[0]) for year in (published.year - 1, published.year, published.year + 1)]
    valid = [date.fromisoformat(d) for d in days_in if d]
    # A meeting that has taken place lies before the article, a planned one after.
    side = [d for d in valid if (d <= published if forward is False else d >= published)] if forward is not None else []
    valid = side or valid
    return min(valid, key=lambda d: abs(d - published)).isoformat() if valid else None


def _days_ago(bare: list[str], published: date, cues: Cues) -> str | None:
    """ "two weeks ago", "a day ago"."""
    for i, word in enumerate(bare[1:], start=1):
        if word in cues.units:
            count = bare[i - 1]
            n = int(count) if count.isdigit() else 1 if count in cues.one_words else None
            if n is not None:
                return (published - timedelta(days=n * cues.units[word])).isoformat()
    return None


def _weekday(bare: list[str], weekday: int, published: date, forward: bool | None, cues: Cues) -> str | None:
    """ "Friday", "last Friday", "Friday next week"."""
    today = published.weekday()
    monday = published - timedelta(days=today)
    week_units = {u for u, n in cues.units.items() if n == 7}
    for i, word in enumerate(bare[:-1]):
        if bare[i + 1] in week_units:
            if word in cues.past_words:
                return (monday - timedelta(days=7 - weekday)).isoformat()
            if word in cues.future_words:
                return (monday + timedelta(days=7 + weekday)).isoformat()
    if any(w in cues.past_words for w in bare):
        return (published - timedelta(days=(today - weekday) % 7 or 7)).isoformat()
    if forward or any(w in cues.future_words for w in bare):
        ahead = (weekday - today) % 7
        if ahead == 0 and any(w in cues.future_words for w in bare):
            ahead = 7
        return (published + timedelta(days=ahead)).isoformat()
    if forward is None:
        return None
    return (published - timedelta(days=(today - weekday) % 7)).isoformat()


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


class Dates:
    """The date entities under a meeting's words ("talks on Friday", "Tuesday's
    call"), resolved against one article's date."""

    def __init__(self, entity: dict[int, Span], cues: Cues, published: date | None) -> None:
        self.entity = entity  # token index -> the entity holding it
        self.cues = cues
        self.published = published

    def date_near(self, tokens: list[Token], ahead: bool | None) -> str | None:
        """The day of the first date expression under the anchor's words."""
        for ent in self.dates_near(tokens):
            resolved = resolve_date(ent.text, self.published, ahead, self.cues)
            if resolved:
                return resolved
        return None

    def dates_near(self, tokens: list[Token]) -> list[Span]:
        found: list[Span] = []
        for token in tokens:
            for child in token.children:
                targets = []
                if child.dep_ in ("npadvmod", "tmod", "poss", "compound", "nmod", "obl"):
                    targets = [child]
                elif child.dep_ == "prep" and child.lower_ in self.cues.date_preps:
                    targets = [g for g in child.children if g.dep_ == "pobj"]
                # "on Sunday evening": the day is a modifier of the time the parse makes the object
                for target in [t for target in targets for t in (target, *target.children) if t is target or t.dep_ == "compound"]:
                    ent = self.entity.get(target.i)
                    if ent is not None and ent.label_ == "DATE" and ent not in found:
                        found.append(ent)
        return found

    def long_ago(self, tokens: list[Token]) -> bool:
        """ "X and Y last met in Z in 2018": background, not the news."""
        if self.published is None:
            return False
        for ent in self.dates_near(tokens):
            years = [int(y) for y in re.findall(r"\b(1[89]\d\d|2[01]\d\d)\b", ent.text)]
            if years and max(years) < self.published.year:
                return True
        return False
