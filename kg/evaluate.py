"""Score extracted positions against hand-annotated gold (../ANNOTATION.md).

Positions are compared per article as (holder, stance, topic) and
micro-averaged over the corpus. Holders match when they name the same actor:
the gazetteer maps aliases to one actor ("Washington" = "United States"),
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
from kg.knowledge import Knowledge, alias_key

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


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[tuple[str, str, str]] = field(default_factory=list)
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


def read_gold(path: str | Path) -> dict[str, list[GoldPosition]]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such gold file")
    gold: dict[str, list[GoldPosition]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            positions = []
            for p in record.get("positions", []):
                stances = p["stance"] if isinstance(p["stance"], list) else [p["stance"]]
                positions.append(
                    GoldPosition(p["holder"], frozenset(stances), p["topic"], bool(p.get("optional")), p.get("evidence", ""))
                )
            gold[str(record["article"])] = positions
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}: not a gold record ({error})") from error
    return gold


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
        counts.false_positives.append((f.holder, f.stance, f.topic))
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
SELECT ?article ?holder ?stance ?topic WHERE {
  ?p a skg:Position ; skg:holder ?h ; skg:stance ?s ; skg:topic ?t ; skg:article ?a .
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
        found[row["article"].value].append(Found(row["holder"].value, row["stance"].value, row["topic"].value))
    return found
