"""When and through whom an article was published, from the top of its text.

News text opens with a dateline ("ZENDA, Ruritania, March 11 (Reuters) -"),
a date line ("Published: March 11, 2025") or a byline ("By Jane Doe, AP").
Only those shapes are read, and only in the first lines: a date in a
sentence is what the article talks about, not when it was written. A date
without a year gives a day of the year only; it becomes a date when the year
is known from elsewhere (``--published 2025``), and stays unknown otherwise.

The wire agencies and the words around a date line are data
(ontology/sources.toml); the month and weekday names come from the lexicon.
"""

from __future__ import annotations

import re
import tomllib
import weakref
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from kg.errors import InputError
from kg.extract.knowledge import Knowledge
from kg.model import Article
from kg.resources import ontology_file
from kg.vocab import outlet_iri


@dataclass(frozen=True)
class Agency:
    label: str
    names: tuple[str, ...]
    wikidata: str | None = None

    @property
    def iri(self) -> str:
        return outlet_iri(self.label)


@dataclass(frozen=True)
class Sources:
    agencies: tuple[Agency, ...]
    date_prefixes: tuple[str, ...]
    top_lines: int

    def agency(self, name: str) -> Agency | None:
        """The agency ``name`` is one of the names of (case counts: "AP", not "ap")."""
        name = " ".join(name.split())
        return next((a for a in self.agencies if name in a.names), None)

    def agency_in(self, text: str) -> Agency | None:
        """The first agency named as a whole word in ``text``."""
        found = _agency_words(self).search(text)
        return self.agency(found.group(0)) if found else None


@cache
def load_sources(path: Path | None = None) -> Sources:
    path = path or ontology_file("sources.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error
    agencies = tuple(
        Agency(entry["names"][0], tuple(entry["names"]), entry.get("wikidata")) for entry in data.get("agency", [])
    )
    dateline = data.get("dateline", {})
    return Sources(agencies, tuple(p.lower() for p in dateline.get("date_prefixes", [])), dateline.get("top_lines", 8))


@cache
def _agency_words(sources: Sources) -> re.Pattern:
    names = sorted({n for a in sources.agencies for n in a.names}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


# --- dates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Dateline:
    """What the top of an article says: a date, or only a month and day, and an agency."""

    published: date | None = None
    month_day: tuple[int, int] | None = None
    agency: Agency | None = None
    places: tuple[str, ...] = ()  # the places in capitals it opens with: ("ZENDA", "STRELSAU")

    def date_in(self, year: int | None) -> date | None:
        """The date, taking a missing year from ``year`` when given."""
        if self.published or not self.month_day or year is None:
            return self.published
        return _date(year, *self.month_day)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    heads: tuple[re.Pattern, ...]  # "CITY, Region, DATE (Agency)", "DATE (Agency)" before the dash
    when: re.Pattern  # a date, somewhere
    line: re.Pattern  # a line that is only a date (and a time)


# Per Knowledge (hashed by identity), dropped with it.
_patterns_of: weakref.WeakKeyDictionary[Knowledge, _Patterns] = weakref.WeakKeyDictionary()


def _patterns(knowledge: Knowledge, sources: Sources) -> _Patterns:
    found = _patterns_of.get(knowledge)
    if found is not None:
        return found
    lex = knowledge.lexicon.get("meetings", {})
    months: dict[str, int] = {}
    for number, name in enumerate(lex.get("months", []), start=1):
        months[name.lower()] = number
        months[name.lower()[:3]] = number
    months.update({k.lower(): int(v) for k, v in lex.get("month_abbreviations", {}).items()})
    month = r"\b(?i:" + "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True)) + r")\b\.?"
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d\d"
    when = (
        rf"(?:(?P<m1>{month})\s+(?P<d1>{day})\b(?:,?\s+(?P<y1>{year})\b)?"
        rf"|(?P<d2>{day})\s+(?P<m2>{month})(?:,?\s+(?P<y2>{year})\b)?"
        rf"|(?P<y3>{year})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b)"
    )
    # A place in capitals ("ZENDA", "ST. STRELSAU", "ZENDA/STRELSAU", "ZENDA and
    # STRELSAU"), then regions in ordinary case, a date, and an agency in brackets
    # or slashes ("/PRNewswire/"), in that order, each optional.
    word = r"[A-Z][A-Z'’.\-]*[A-Z.]"
    city = rf"{word}(?:\s+{word})*"
    # "Outer Ruritania", "D.C.", "Isle of Man": capitalised words, so that a
    # headline ("UK, France agree deal on May 12 - sources") is not taken for one.
    region = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|of|and|de|du|del|la))*"
    agency = r",?\s*(?:\((?P<agency>[^()]{1,40})\)|/[^/]{1,40}/)?"
    heads = (
        rf"(?P<places>{city}(?:\s*(?:/|\band\b|&)\s*{city})*)(?:,\s*{region})*?(?:,?\s+{when})?{agency}",
        rf"(?:{when})?{agency}",
    )
    weekdays = "|".join(re.escape(w) for w in lex.get("weekdays", []))
    prefixes = "|".join(re.escape(p) for p in sorted(sources.date_prefixes, key=len, reverse=True))
    line = (
        rf"(?i:(?:{prefixes})\s*:?\s*)?(?i:(?:{weekdays}),?\s+)?{when}"
        r"(?:[,\s]+(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?i:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?(?:\s*\([A-Z]{2,4}\))?)?\s*\.?"
    )
    found = _Patterns(months, tuple(map(re.compile, heads)), re.compile(when), re.compile(line))
    _patterns_of[knowledge] = found
    return found


# The dash that ends a dateline: hyphen(s), en or em dash, with space around
# (or the end of the line: "ZENDA, May 8 (Reuters) -" on a line of its own).
_DASH = re.compile(r"\s(?:-{1,2}|–|—)(?:\s|$)")


def read_dateline(text: str, knowledge: Knowledge, sources: Sources | None = None) -> Dateline:
    """The date, agency and places that the first lines of ``text`` state, as far as they do."""
    sources = sources or load_sources()
    patterns = _patterns(knowledge, sources)
    lines = [line.strip() for line in text.split("\n", 64)[:64] if line.strip()][: sources.top_lines]
    when: tuple[date | None, tuple[int, int] | None] | None = None
    agency = None
    places: tuple[str, ...] = ()
    for line in lines:
        dash = _DASH.search(line[:160])
        before = line[: dash.start()].strip() if dash else ""
        head = next((m for m in (p.fullmatch(before) for p in patterns.heads) if m), None) if before else None
        if head and head.group(0):
            when = when or _when(head, patterns.months)
            agency = agency or (sources.agency(head["agency"]) if head["agency"] else None)
            places = places or _places(head)
            continue
        alone = patterns.line.fullmatch(line)
        if alone:
            when = when or _when(alone, patterns.months)
            continue
        # A byline names people and agencies; a sentence that starts with "By"
        # ("By March 3 the talks had stalled.") ends with a full stop.
        if re.match(r"(?:By|BY)\s+[A-Z]", line) and len(line) <= 160 and not line.endswith("."):
            agency = agency or sources.agency_in(line)
            found = patterns.when.search(line)
            when = when or (_when(found, patterns.months) if found else None)
    if when is None:
        return Dateline(agency=agency, places=places)
    return Dateline(when[0], when[1], agency, places)


def _places(head: re.Match) -> tuple[str, ...]:
    """The places a dateline's head opens with: "ZENDA/STRELSAU" is two."""
    text = head.groupdict().get("places") or ""
    return tuple(p for p in re.split(r"\s*(?:/|\band\b|&)\s*", text.strip()) if p)


def _when(match: re.Match, months: dict[str, int]) -> tuple[date | None, tuple[int, int] | None] | None:
    groups = match.groupdict()
    for i in "123":
        month_text = groups.get(f"m{i}")
        if month_text is None:
            continue
        month = int(month_text) if month_text.isdigit() else months[month_text.rstrip(".").lower()]
        day = int(re.sub(r"\D", "", groups[f"d{i}"]))
        year = groups.get(f"y{i}")
        if year:
            found = _date(int(year), month, day)
            return (found, (month, day)) if found else None
        return (None, (month, day)) if _date(2000, month, day) else None  # 2000: a leap year
    return None


# --- articles --------------------------------------------------------------------


@dataclass(frozen=True)
class Defaults:
    """What to assume of articles that do not say: ``kg ingest --published/--outlet``.

    ``year`` alone dates datelines that give no year and nothing else.
    """

    published: date | None = None
    year: int | None = None
    outlet: str | None = None

    @classmethod
    def parse(cls, published: str | None = None, outlet: str | None = None) -> Defaults:
        """From the command line: ``published`` is YYYY-MM-DD or YYYY."""
        day = year = None
        if published:
            value = published.strip()
            if re.fullmatch(r"\d{4}", value):
                year = int(value)
            else:
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    raise InputError(f"--published takes a date YYYY-MM-DD or a year YYYY, not {published!r}") from None
                year = day.year
        return cls(day, year, outlet.strip() if outlet and outlet.strip() else None)


def complete(article: Article, knowledge: Knowledge, defaults: Defaults | None = None,
             sources: Sources | None = None) -> Article:
    """The article with its date, outlet and agency filled in from its text and ``defaults``.

    What the article's own metadata says (a JSON field, a page's meta tags)
    comes first, then its dateline, then the defaults. An outlet "Example
    Daily (Reuters)" is the outlet Example Daily carrying a Reuters story.
    """
    sources = sources or load_sources()
    defaults = defaults or Defaults()
    outlet, agency = article.outlet, article.agency
    if outlet:
        bracket = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", outlet)
        if bracket and sources.agency(bracket[2]):
            outlet, agency = bracket[1], agency or bracket[2]
        elif sources.agency(outlet):
            outlet = sources.agency(outlet).label
            agency = agency or outlet
    top = read_dateline(article.text, knowledge, sources)
    if agency:
        # An agency the list does not know is kept as the input names it.
        known = sources.agency(agency)
        agency = known.label if known else " ".join(agency.split())
    elif top.agency:
        agency = top.agency.label
    return replace(
        article,
        published=article.published or top.date_in(defaults.year) or defaults.published,
        outlet=outlet or defaults.outlet,
        agency=agency,
    )


# The head of a wire story, at the start of a line, up to what ends it: a
# place in capitals, then a comma, a bracket or the dash, and the rest up to
# the dash ("ZENDA, Ruritania, July 27 (Reuters) -", "ZENDA/STRELSAU —"; not
# "Pact allies agree - sources"), or a place in capitals and a colon ("ZENDA:"),
# or a place in ordinary case with an agency in brackets ("Zenda (AP) —"), its
# country in brackets before it too ("Zenda (Ruritania) (AFP) -").
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z'’.\-]{2,}(?:\s*(?:/|and|&)\s*[A-Z][A-Z'’.\-]+|\s+[A-Z][A-Z'’.\-]+)*"
    r"(?=\s*[,(]|\s+(?:-{1,2}|—|–)\s)[^\n]{0,100}?\s(?:-{1,2}|—|–)\s"
    r"|[A-Z][A-Z'’.]{2,}(?:\s+[A-Z][A-Z'’.]+)*:\s"
    r"|[A-Z][\w'’.]+(?:,?\s+[A-Z][\w'’.]+)*(?:\s+\([^()\n]{1,40}\)){1,2}\s*(?:-{1,2}|—|–)\s)",
    re.MULTILINE,
)


def datelines(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines that open lines of ``text``, dash or colon included."""
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text) if m.group(0).strip()]
