"""The whole ingest: files -> articles -> extractions -> triples -> Turtle.

This is the library API the CLI and notebooks call:

    >>> from kg.pipeline import ingest
    >>> result = ingest(["seeds/"])
    >>> result.write("kg.ttl")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Triple
from spacy.language import Language
from spacy.tokens import Doc

from kg import annotate, emit, knowledge as knowledge_module, read, turtle
from kg.actors import find_actors
from kg.knowledge import Knowledge
from kg.meetings import find_meetings
from kg.model import Article, Extraction
from kg.positions import find_positions
from kg.read import Skipped
from kg.statements import find_statements


def extract_doc(doc: Doc, article: Article, knowledge: Knowledge) -> Extraction:
    """All stages after parsing, for one article."""
    actors = find_actors(doc, knowledge)
    statements = find_statements(doc, actors, knowledge, article.id)
    positions = find_positions(doc, actors, knowledge, statements, article.id)
    meetings, places = find_meetings(doc, actors, knowledge, article)
    return Extraction(
        article=article,
        actors=actors.actors,
        places=places,
        mentions=actors.mentions,
        statements=statements,
        positions=positions,
        meetings=meetings,
    )


@dataclass
class IngestResult:
    extractions: list[Extraction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    knowledge: Knowledge | None = None

    def triples(self) -> set[Triple]:
        return emit.triples(self.extractions, self.knowledge or knowledge_module.default())

    def turtle(self) -> str:
        return turtle.serialize(self.triples(), "turtle")

    def write(self, path: str | Path, fmt: str = "turtle") -> None:
        turtle.write_atomic(path, turtle.serialize(self.triples(), fmt))


def extract_articles(
    articles: Iterable[Article],
    nlp: Language,
    knowledge: Knowledge,
    on_article: Callable[[Article | Skipped], None] | None = None,
    jobs: int = 1,
) -> Iterable[Extraction | Skipped]:
    """Parse articles (in ``jobs`` processes) and extract from each."""
    pairs = ((a.text, a) for a in articles)
    kwargs = {"n_process": jobs, "batch_size": 8} if jobs > 1 else {"batch_size": 8}
    for doc, article in nlp.pipe(pairs, as_tuples=True, **kwargs):
        try:
            extraction = extract_doc(doc, article, knowledge)
        except Exception as error:  # a bug on one article must not lose the batch
            skipped = Skipped(article.source or article.id, f"extraction failed: {type(error).__name__}: {error}")
            if on_article:
                on_article(skipped)
            yield skipped
            continue
        if on_article:
            on_article(article)
        yield extraction


def ingest(
    paths: Iterable[str | Path],
    model: str | None = None,
    knowledge: Knowledge | None = None,
    jobs: int = 1,
    on_article: Callable[[Article | Skipped], None] | None = None,
) -> IngestResult:
    """Read, parse and extract every article under ``paths``."""
    knowledge = knowledge or knowledge_module.default()
    result = IngestResult(knowledge=knowledge)
    articles: list[Article] = []
    seen: dict[str, Article] = {}
    for item in read.read(paths, knowledge):
        if isinstance(item, Skipped):
            result.skipped.append(item)
            if on_article:
                on_article(item)
            continue
        if item.id in seen:
            # The same article twice is one article; two texts under one id
            # would silently merge, so the second is refused.
            if seen[item.id].text != item.text:
                first = seen[item.id].source or item.id
                result.skipped.append(Skipped(item.source or item.id, f"article id {item.id!r} already used by {first}"))
            continue
        seen[item.id] = item
        articles.append(item)
    if not articles:
        return result
    nlp = annotate.cached_model(model, knowledge)
    for item in extract_articles(articles, nlp, knowledge, on_article, jobs):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.extractions.append(item)
    return result
