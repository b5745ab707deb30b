"""Where kg.pipeline.ingest_into puts each article's extraction, and what it reports.

    InMemory   every extraction kept: IngestResult (kg.pipeline.ingest)
    ToFile     each article's triples into a sorted file at once: StreamedIngest (ingest_to_file)
    IntoStore  each article into an on-disk store, unchanged ones not parsed: StoreIngest (ingest_into_store)

An output's ``prepare`` (None: the Extraction itself) turns an extraction
into what its ``add`` takes, where the article was extracted: in a worker
process with --jobs, so that the parent only merges.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Triple

from kg.extract import knowledge as knowledge_module, syndication
from kg.extract.knowledge import Knowledge
from kg.extract.read import Skipped
from kg.graph import emit, turtle
from kg.model import Article, Extraction


@dataclass
class IngestResult:
    extractions: list[Extraction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    knowledge: Knowledge | None = None
    elsewhere: int = 0  # articles left to the other shards

    def triples(self) -> set[Triple]:
        return emit.triples(self.extractions, self.knowledge or knowledge_module.default())

    def turtle(self) -> str:
        return self.serialize("turtle")

    def write(self, path: str | Path, fmt: str = "turtle") -> None:
        turtle.write_atomic(path, self.serialize(fmt))

    def serialize(self, fmt: str = "turtle") -> str:
        """``turtle.serialize(self.triples(), fmt)``, the same bytes, without making the triples."""
        form = turtle.Records(fmt)
        return turtle.serialize_records(emit.records(self.extractions, self.knowledge or knowledge_module.default(), form), fmt)


def distinct_positions(extraction: Extraction) -> int:
    """Positions as the graph counts them: one per holder, stance and topic in an article."""
    return len({(p.holder, p.stance, p.topic) for p in extraction.positions})


def tally(report, extraction: Extraction) -> None:
    """Count an extracted article into a report that has ``statements``,
    ``positions`` and ``without_actors`` (an article in which nobody was found)."""
    report.statements += len(extraction.statements)
    report.positions += distinct_positions(extraction)
    if not extraction.actors:
        report.without_actors.append(extraction.article.source or extraction.article.id)


class InMemory:
    """Every extraction kept, for a caller that wants them all (and kg ingest --reason)."""

    reads_first = True
    prepare = None

    def __init__(self, knowledge: Knowledge) -> None:
        self.result = IngestResult(knowledge=knowledge)

    def select(self, articles: list[Article], on_article) -> list[Article]:
        return articles

    def add(self, extraction: Extraction) -> None:
        self.result.extractions.append(extraction)

    def finish(self, skipped: list[Skipped], elsewhere: int) -> IngestResult:
        self.result.skipped, self.result.elsewhere = skipped, elsewhere
        return self.result

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


@dataclass
class StreamedIngest:
    """What ``ingest_to_file`` did: counts and problems, not the extractions."""

    articles: int = 0
    statements: int = 0
    positions: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    without_actors: list[str] = field(default_factory=list)  # sources of articles where nobody was found
    elsewhere: int = 0  # articles left to the other shards
    written: bool = False


@dataclass
class Emitted:
    """An article's part of the graph, made where it was extracted: its sort
    records (kg.graph.turtle.Records), and what the report and stories need."""

    article: Article
    records: list[str]
    fingerprint: object  # kg.extract.syndication.fingerprint of its text
    statements: int
    positions: int
    actors: bool


# Per process, as the model is: prefixing an IRI once, not once per article.
_forms: dict[str, turtle.Records] = {}


def emitted(extraction: Extraction, knowledge: Knowledge, fmt: str) -> Emitted:
    form = _forms.get(fmt) or _forms.setdefault(fmt, turtle.Records(fmt))
    form.forget()
    return Emitted(
        extraction.article,
        list(emit.records([extraction], knowledge, form, stories=False)),
        syndication.fingerprint(extraction.article.text),
        len(extraction.statements),
        distinct_positions(extraction),
        bool(extraction.actors),
    )


class ToFile(InMemory):
    """Each article's triples into a sorted file as soon as it is extracted; the extraction is dropped.

    The triples come as sort records made where the article was extracted
    (``emitted``), so that with --jobs the parent, which merges every
    worker's output alone, has little else to do."""

    reads_first = False

    def __init__(self, output: str | Path, fmt: str, knowledge: Knowledge, shard: tuple[int, int] | None) -> None:
        self.output, self.fmt, self.knowledge, self.shard = output, fmt, knowledge, shard
        self.prepare = functools.partial(emitted, fmt=fmt)
        self.report = StreamedIngest()
        self.kept: list[Article] = []
        self.prints: list = []

    def add(self, item: Emitted) -> None:
        self.out.add_records(item.records)
        # Stories span articles: keep each article's fingerprint, not its text.
        self.kept.append(dataclasses.replace(item.article, text=""))
        self.prints.append(item.fingerprint)
        report = self.report
        report.articles += 1
        report.statements += item.statements
        report.positions += item.positions
        if not item.actors:
            report.without_actors.append(item.article.source or item.article.id)

    def finish(self, skipped: list[Skipped], elsewhere: int) -> StreamedIngest:
        report = self.report
        if self.kept:
            self.out.add(emit.story_triples(self.kept, self.prints, self.knowledge))
        report.skipped, report.elsewhere = skipped, elsewhere
        if report.articles or (self.shard is not None and report.elsewhere and not report.skipped):
            self.out.commit()
            report.written = True
        return report

    def __enter__(self):
        self.out = turtle.SortedFile(self.output, self.fmt)
        return self

    def __exit__(self, *exc) -> None:
        self.out.close()


@dataclass
class StoreIngest:
    """What one `kg ingest --store` run did (counts, not the extractions:
    a run over thousands of articles keeps none of them in memory)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    statements: int = 0
    positions: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    without_actors: list[str] = field(default_factory=list)  # sources of articles where nobody was found
    elsewhere: int = 0  # articles left to other shards


class IntoStore(InMemory):
    """Each article into an on-disk store (kg.graph.diskstore), one transaction per article;
    an article stored with the same text is not parsed again (unless ``force``)."""

    def __init__(self, disk, knowledge: Knowledge, force: bool) -> None:
        self.disk, self.knowledge, self.force = disk, knowledge, force
        self.stored = disk.content_hashes()
        self.report = StoreIngest()

    def select(self, articles: list[Article], on_article) -> list[Article]:
        fresh = []
        for article in articles:
            if not self.force and self.stored.get(article.id) == emit.content_hash(article.text):
                self.report.unchanged += 1
                if on_article:
                    on_article(article)
            else:
                fresh.append(article)
        self.disk.refresh_ontology()
        return fresh

    def add(self, extraction: Extraction) -> None:
        self.disk.put(extraction, self.knowledge)
        if extraction.article.id in self.stored:
            self.report.replaced += 1
        else:
            self.report.added += 1
        tally(self.report, extraction)

    def finish(self, skipped: list[Skipped], elsewhere: int) -> StoreIngest:
        self.report.skipped, self.report.elsewhere = skipped, elsewhere
        return self.report
