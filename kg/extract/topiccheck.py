"""Lint a user's topic scheme, and show what it finds in a sample of articles.

A scheme is checked before a corpus is ingested with it: every concept needs a
preferred label (kg.extract.knowledge refuses a scheme without), two concepts should
not share a label, and a label that no sample article contains finds nothing
there. On a sample folder the report says which concepts are mentioned, how
often, and by which labels, so a user sees what the scheme finds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract import annotate, labels
from kg.extract.actors import find_actors
from kg.extract.knowledge import Knowledge
from kg.model import Article
from kg.extract.read import read


@dataclass
class ConceptReport:
    iri: str
    local: str
    label: str
    mentions: int = 0
    articles: int = 0
    labels_seen: Counter = field(default_factory=Counter)
    labels: tuple[str, ...] = ()

    @property
    def unseen(self) -> list[str]:
        return [text for text in self.labels if text not in self.labels_seen]


@dataclass
class SchemeReport:
    concepts: list[ConceptReport]
    collisions: list[tuple[str, str, str, str]]  # label, concept, label, concept
    articles: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return len(self.collisions)


def check(knowledge: Knowledge, sample: list[Path] | None = None, model: str | None = None) -> SchemeReport:
    nlp = annotate.cached_model(model, knowledge)
    index = knowledge.label_index
    by_topic = {t.iri: ConceptReport(t.iri, t.local, t.label, labels=tuple(dict.fromkeys(text for text, _ in t.labels)))
                for t in knowledge.topics}
    local = {t.iri: t.local for t in knowledge.topics}
    first: dict[tuple, labels.Label] = {}
    collisions = []
    for label in index.labels:
        seen = first.setdefault(label.lemmas, label)
        if seen.topic != label.topic:
            collisions.append((seen.text, local[seen.topic], label.text, local[label.topic]))
    report = SchemeReport(list(by_topic.values()), collisions)
    if not sample:
        return report
    articles = []
    for item in read(sample, knowledge):
        if isinstance(item, Article):
            articles.append(item)
        else:
            report.skipped.append(str(item))
    report.articles = len(articles)
    for doc, article in annotate.parse(nlp, ((a.text, a) for a in articles)):
        actors = find_actors(doc, knowledge)
        named_in = defaultdict(int)
        for sentence in doc.sents:
            stream = labels.keys_of(sentence, actors.named_at)  # as the extractor reads it
            for label, _, _ in labels.find(stream, index):
                concept = by_topic[label.topic]
                concept.mentions += 1
                concept.labels_seen[label.text] += 1
                named_in[label.topic] += 1
        for topic in named_in:
            by_topic[topic].articles += 1
    return report

