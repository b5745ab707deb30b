"""Score extracted positions against hand-annotated gold (docs/annotation.md).

Positions are compared per article as (holder, stance, topic) and
micro-averaged over the corpus. Holders match when they name the same actor:
the gazetteer maps aliases to one actor ("Strelsau" = "Ruritania"),
and persons match by surname ("Stubb" = "Alexander Stubb"). Strict scoring
needs the same stance; lenient counts demands and accepts as supports.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg import vocab
from kg.errors import InputError
from kg.extract.knowledge import Knowledge, alias_key

LENIENT = {"supports": "supports", "demands": "supports", "accepts": "supports", "opposes": "opposes"}


@dataclass(frozen=True)
class GoldPosition:
    holder: str
    stances: frozenset[str]
    topic: str
    optional: bool
    evidence: str = ""


@dataclass(frozen=True)
class Found:
    holder: str  # the holder's label
    stance: str
    topic: str  # local name
    rule: str = field(default="", compare=False)  # the extraction rule that read it (skg:rule)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[tuple[str, ...]] = field(default_factory=list)  # positions: + the rule
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    articles: dict[str, dict[str, Counts]]  # article -> {"strict": Counts, "lenient": Counts}
    overall: dict[str, Counts]

    def as_dict(self) -> dict:
        return {
            "overall": {mode: c.as_dict() for mode, c in self.overall.items()},
            "articles": {
                a: {mode: c.as_dict() for mode, c in modes.items()} for a, modes in sorted(self.articles.items())
            },
        }


def holder_key(name: str, knowledge: Knowledge) -> str:
    """One key per actor: the gazetteer's id for collectives, the surname for persons."""
    known = knowledge.by_alias.get(alias_key(name))
    if known is not None and known.kind != "Person":
        return "actor:" + known.iri
    if known is not None:
        name = known.name
    words = [w for w in name.replace("’", "'").split() if w]
    if words and all(w[:1].isupper() for w in words):
        surname = unicodedata.normalize("NFKD", words[-1]).encode("ascii", "ignore").decode().lower()
        return "person:" + surname.strip(".'")
    return "name:" + vocab.slug(name)


def _gold_records(path: str | Path, parse) -> dict:
    """Each line of a gold file parsed by ``parse(record)``, by article; an error names the line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file")
    gold = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            gold[str(record["article"])] = parse(record)
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise InputError(f"{path}:{number}: not a gold record ({error})") from error
    return gold


def read_gold(path: str | Path) -> dict[str, list[GoldPosition]]:
    def positions(record: dict) -> list[GoldPosition]:
        found = []
        for p in record.get("positions", []):
            stances = p["stance"] if isinstance(p["stance"], list) else [p["stance"]]
            found.append(
                GoldPosition(p["holder"], frozenset(stances), p["topic"], bool(p.get("optional")), p.get("evidence", ""))
            )
        return found

    return _gold_records(path, positions)


def score_article(found: list[Found], gold: list[GoldPosition], knowledge: Knowledge, lenient: bool) -> Counts:
    norm = (lambda s: LENIENT[s]) if lenient else (lambda s: s)
    counts = Counts()
    # Duplicates in gold (same holder, stance set and topic) count once.
    entries: dict[tuple, GoldPosition] = {}
    for g in gold:
        key = (holder_key(g.holder, knowledge), frozenset(norm(s) for s in g.stances), g.topic)
        if key not in entries or entries[key].optional and not g.optional:
            entries[key] = g
    unmatched = dict(entries)
    predicted = {(holder_key(f.holder, knowledge), norm(f.stance), f.topic): f for f in found}
    for (holder, stance, topic), f in sorted(predicted.items()):
        candidates = [k for k in unmatched if k[0] == holder and k[2] == topic and stance in k[1]]
        candidates.sort(key=lambda k: unmatched[k].optional)  # required gold first
        if candidates:
            if not unmatched[candidates[0]].optional:
                counts.tp += 1
            del unmatched[candidates[0]]
            continue
        if any(k[0] == holder and k[2] == topic and stance in k[1] for k in entries):
            continue  # a second prediction for a gold position already matched
        counts.fp += 1
        counts.false_positives.append((f.holder, f.stance, f.topic, f.rule))
    for key, g in sorted(unmatched.items(), key=lambda kv: (kv[1].holder, kv[1].topic)):
        if not g.optional:
            counts.fn += 1
            counts.misses.append((g.holder, "/".join(sorted(g.stances)), g.topic))
    return counts


def evaluate(found: dict[str, list[Found]], gold: dict[str, list[GoldPosition]], knowledge: Knowledge) -> Report:
    """Score the articles that have gold; predictions for other articles are ignored."""
    articles: dict[str, dict[str, Counts]] = defaultdict(dict)
    overall = {"strict": Counts(), "lenient": Counts()}
    for article, positions in sorted(gold.items()):
        for mode in ("strict", "lenient"):
            counts = score_article(found.get(article, []), positions, knowledge, lenient=mode == "lenient")
            articles[article][mode] = counts
            overall[mode].add(counts)
    return Report(dict(articles), overall)


FOUND_QUERY = """
PREFIX skg: <https://w3id.org/stakeholder-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?article ?holder ?stance ?topic ?rule WHERE {
  ?p a skg:Position ; skg:holder ?h ; skg:stance ?s ; skg:topic ?t ; skg:article ?a .
  OPTIONAL { ?p skg:rule ?rule }
  ?a dcterms:identifier ?article .
  ?h rdfs:label ?holder .
  BIND(STRAFTER(STR(?s), "#") AS ?stance)
  BIND(REPLACE(STR(?t), "^.*/", "") AS ?topic)
}
"""


def found_in_store(store) -> dict[str, list[Found]]:
    """Positions of a pyoxigraph store, by article id."""
    found: dict[str, list[Found]] = defaultdict(list)
    for row in store.query(FOUND_QUERY, use_default_graph_as_union=True):
        rule = row["rule"].value if row["rule"] is not None else ""
        found[row["article"].value].append(Found(row["holder"].value, row["stance"].value, row["topic"].value, rule))
    return found


# -- meetings ---------------------------------------------------------------------
#
# A found meeting matches a gold one of the same article when they share a
# participant (a person also stands for the state or body the gazetteer says
# they speak for, so "Ruritania and Syldavia" meet where gold names Doe
# and Roe), and the places and the dates do not disagree where both are
# known (a venue agrees with its city). Each gold meeting matches at most one
# found meeting, the one sharing the most participants. How right the matched
# ones are is counted apart: place, date, host, and the participants gold names.


@dataclass(frozen=True)
class MeetingRecord:
    place: str | None
    date: str | None
    participants: frozenset[str]
    host: str | None
    name: str = ""


@dataclass
class MeetingCounts(Counts):
    places_right: int = 0
    dates_right: int = 0
    hosts_right: int = 0
    participants_found: int = 0  # participants of matched gold meetings that were found
    participants_gold: int = 0

    def add(self, other: Counts) -> None:
        super().add(other)
        if isinstance(other, MeetingCounts):
            self.places_right += other.places_right
            self.dates_right += other.dates_right
            self.hosts_right += other.hosts_right
            self.participants_found += other.participants_found
            self.participants_gold += other.participants_gold

    def as_dict(self) -> dict:
        found = super().as_dict()
        if self.tp:
            found.update(
                place_accuracy=round(self.places_right / self.tp, 4),
                date_accuracy=round(self.dates_right / self.tp, 4),
                host_accuracy=round(self.hosts_right / self.tp, 4),
                participant_recall=round(self.participants_found / self.participants_gold, 4)
                if self.participants_gold else 1.0,
            )
        return found


def place_key(name: str | None, knowledge: Knowledge) -> str | None:
    if not name:
        return None
    known = knowledge.place_by_alias.get(alias_key(name))
    # A place the gazetteer does not list has the IRI the extractor mints for it.
    return known.iri if known is not None else vocab.place_iri(name)


def sides_of(names: frozenset[str], people: dict[str, str]) -> frozenset[str]:
    return names | {people[n] for n in names if n in people}


def _people_sides(knowledge: Knowledge) -> dict[str, str]:
    """holder key of a listed person -> holder key of the actor they speak for."""
    sides = {}
    for actor in knowledge.actors:
        if actor.kind == "Person" and actor.affiliation in knowledge.by_iri:
            sides[holder_key(actor.name, knowledge)] = "actor:" + actor.affiliation
    return sides


def _places_agree(found: str | None, gold: str | None, knowledge: Knowledge) -> bool:
    if found is None or gold is None:
        return found == gold
    seen = set()
    while found and found not in seen:
        if found == gold:
            return True
        seen.add(found)
        place = knowledge.place_by_iri.get(found)
        found = place.part_of if place is not None else None
    return False


def read_gold_meetings(path: str | Path, knowledge: Knowledge) -> dict[str, list[MeetingRecord]]:
    def meetings(record: dict) -> list[MeetingRecord]:
        return [
            MeetingRecord(
                place_key(m.get("place"), knowledge),
                m.get("date"),
                frozenset(holder_key(p, knowledge) for p in m.get("participants", [])),
                holder_key(m["host"], knowledge) if m.get("host") else None,
                m.get("name", ""),
            )
            for m in record.get("meetings", [])
        ]

    return _gold_records(path, meetings)


def score_meetings(
    found: list[MeetingRecord], gold: list[MeetingRecord], knowledge: Knowledge, people: dict[str, str] | None = None
) -> MeetingCounts:
    counts = MeetingCounts()
    unmatched = list(range(len(gold)))
    people = _people_sides(knowledge) if people is None else people
    for f in sorted(found, key=lambda m: (-len(m.participants), m.name)):
        best, overlap = None, -1
        for i in unmatched:
            g = gold[i]
            shared = len(sides_of(f.participants, people) & sides_of(g.participants, people))
            if f.place and g.place and not _places_agree(f.place, g.place, knowledge):
                continue
            if f.date and g.date and f.date != g.date:
                continue
            if g.participants and not shared:
                continue
            if shared > overlap:
                best, overlap = i, shared
        if best is None:
            counts.fp += 1
            counts.false_positives.append((f.name, f.place or "", f.date or ""))
            continue
        unmatched.remove(best)
        g = gold[best]
        counts.tp += 1
        counts.places_right += _places_agree(f.place, g.place, knowledge)
        counts.dates_right += f.date == g.date
        counts.hosts_right += f.host == g.host
        counts.participants_found += len(f.participants & g.participants)
        counts.participants_gold += len(g.participants)
    for i in unmatched:
        counts.fn += 1
        g = gold[i]
        counts.misses.append((g.name, g.place or "", g.date or ""))
    return counts


def evaluate_meetings(
    found: dict[str, list[MeetingRecord]], gold: dict[str, list[MeetingRecord]], knowledge: Knowledge
) -> tuple[dict[str, MeetingCounts], MeetingCounts]:
    articles: dict[str, MeetingCounts] = {}
    overall = MeetingCounts()
    people = _people_sides(knowledge)
    for article, meetings in sorted(gold.items()):
        counts = score_meetings(found.get(article, []), meetings, knowledge, people)
        articles[article] = counts
        overall.add(counts)
    return articles, overall


MEETINGS_QUERY = """
PREFIX skg: <https://w3id.org/stakeholder-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?meeting ?article ?name ?place ?date ?participant ?host WHERE {
  ?meeting a skg:Meeting ; skg:reportedIn ?a .
  ?a dcterms:identifier ?article .
  OPTIONAL { ?meeting rdfs:label ?name }
  OPTIONAL { ?meeting skg:place ?place }
  OPTIONAL { ?meeting skg:date ?date }
  OPTIONAL { ?meeting skg:participant ?p . ?p rdfs:label ?participant }
  OPTIONAL { ?meeting skg:host ?h . ?h rdfs:label ?host }
}
"""


def meetings_in_store(store, knowledge: Knowledge) -> dict[str, list[MeetingRecord]]:
    """Meetings of a pyoxigraph store by article id (a meeting reported in two articles counts in each)."""
    rows: dict[tuple[str, str], dict] = {}
    for row in store.query(MEETINGS_QUERY, use_default_graph_as_union=True):
        key = (row["article"].value, row["meeting"].value)
        entry = rows.setdefault(key, {"participants": set(), "place": None, "date": None, "host": None, "name": ""})
        if row["place"] is not None:
            entry["place"] = row["place"].value
        if row["date"] is not None:
            entry["date"] = row["date"].value
        if row["participant"] is not None:
            entry["participants"].add(holder_key(row["participant"].value, knowledge))
        if row["host"] is not None:
            entry["host"] = holder_key(row["host"].value, knowledge)
        if row["name"] is not None:
            entry["name"] = row["name"].value
    found: dict[str, list[MeetingRecord]] = defaultdict(list)
    for (article, _), e in sorted(rows.items()):
        found[article].append(MeetingRecord(e["place"], e["date"], frozenset(e["participants"]), e["host"], e["name"]))
    return found
