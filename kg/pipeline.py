"""The whole ingest: files -> articles -> extractions -> triples -> Turtle.

This is the library API the CLI and notebooks call:

    >>> from kg.pipeline import ingest
    >>> result = ingest(["seeds/"])
    >>> result.write("kg.ttl")

``ingest``, ``ingest_to_file`` and ``ingest_into_store`` are one loop,
``ingest_into``, with a different output (kg.ingest_outputs).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import annotate, knowledge as knowledge_module, read

from kg.extract.actors import find_actors
from kg.errors import KGError
from kg.extract.knowledge import Knowledge
from kg.extract.meetings import find_meetings
from kg.model import Article, Extraction
from kg.extract.positions import find_positions
from kg.extract.read import Skipped
from kg.extract.statements import find_statements
from kg.ingest_outputs import (  # noqa: F401 - IngestResult, StreamedIngest, StoreIngest, distinct_positions and tally are kg.pipeline's API too
    IngestResult, InMemory, IntoStore, StoreIngest, StreamedIngest, ToFile, distinct_positions, tally,
)


def extract_doc(doc: Doc, article: Article, knowledge: Knowledge) -> Extraction:
    """All stages after parsing, for one article."""
    actors = find_actors(doc, knowledge)
    statements = find_statements(doc, actors, knowledge, article.id)
    positions = find_positions(doc, actors, knowledge, statements, article.id)
    meetings = find_meetings(doc, actors, knowledge, article)
    return Extraction(
        article=article,
        actors={**actors.actors, **meetings.actors},
        places=meetings.places,
        mentions=actors.mentions,
        statements=statements,
        positions=positions,
        meetings=meetings.meetings,
    )


def _extract_or_skip(doc: Doc, article: Article, knowledge: Knowledge) -> Extraction | Skipped:
    try:
        return extract_doc(doc, article, knowledge)
    except Exception as error:  # a bug on one article must not lose the batch
        return Skipped(article.source or article.id, f"extraction failed: {type(error).__name__}: {error}")


# What an output makes of an extraction where it was made (kg.ingest_outputs):
# called with the extraction and the knowledge; None keeps the Extraction.
Prepare = Callable[[Extraction, Knowledge], object] | None

# The model, knowledge and ``prepare`` of a worker process, set once when the
# worker starts: sending them with every batch would pickle the whole model
# each time. ``_started`` is shared with the parent: a task's slot is 1 while
# a worker has it, so that the parent knows which tasks a dead worker had.
_worker: tuple[Language, Knowledge, Prepare] | None = None
_started = None


def _start_worker(nlp: Language, knowledge: Knowledge, prepare: Prepare, started) -> None:
    global _worker, _started
    _worker, _started = (nlp, knowledge, prepare), started
    # Ctrl-C is the parent's to handle (it stops the pool); workers that also
    # caught it would each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _prepared(found: Iterable[Extraction | Skipped], knowledge: Knowledge, prepare: Prepare) -> Iterator:
    for item in found:
        yield item if prepare is None or isinstance(item, Skipped) else prepare(item, knowledge)


def _extract_batch(slot: int, articles: list[Article]) -> list:
    _started[slot] = 1
    nlp, knowledge, prepare = _worker
    docs = annotate.parse(nlp, ((a.text, a) for a in articles), batch_size=len(articles))
    found = list(_prepared((_extract_or_skip(doc, article, knowledge) for doc, article in docs), knowledge, prepare))
    _started[slot] = 2
    return found


LOST = "lost: the process parsing it died (killed, perhaps for want of memory)"
_log = logging.getLogger("kg")


def _in_workers(articles: list[Article], nlp: Language, knowledge: Knowledge, jobs: int, prepare: Prepare = None) -> Iterator:
    """Extractions (or what ``prepare`` makes of them) in input order, from ``jobs`` worker processes; a worker
    that dies loses at most its article.

    When a worker dies (SIGKILL, the OOM killer), the pool breaks. Every task
    not finished goes again to a new pool; those that were being parsed at
    that moment go one article at a time through a single worker, so that an
    article that kills its worker again is the only one reported (Skipped,
    ``LOST``) and the batch goes on.
    """
    # Each worker parses *and* extracts, and sends back the small Extraction
    # (or what ``prepare`` makes of it: for a file, the article's sort
    # records): with nlp.pipe(n_process=N) the parent would deserialise every
    # Doc and run all extraction alone, which made two processes barely
    # faster than one; and triples the parent made alone would queue behind
    # the workers, then finish on one core after them.
    # Batches are small so that the last ones do not leave a worker idle.
    size = max(1, min(4, len(articles) // (jobs * 4)))
    batches = [articles[start : start + size] for start in range(0, len(articles), size)]
    # fork shares the loaded model with the workers at no cost; where there is
    # no fork, the model is pickled to each worker once.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    results: dict[tuple[int, int], object] = {}  # (batch, index in it) -> result
    alone: list[tuple[int, int]] = []  # articles to parse one at a time, after a worker died
    emitted = 0  # batches yielded so far, in order

    def ready() -> Iterator:
        nonlocal emitted
        while emitted < len(batches) and all((emitted, i) in results for i in range(len(batches[emitted]))):
            yield from (results.pop((emitted, i)) for i in range(len(batches[emitted])))
            emitted += 1

    fruitless = 0
    while emitted < len(batches):
        if alone:
            tasks = {key: [batches[key[0]][key[1]]] for key in alone}
            workers = 1
        else:
            tasks = {(b, 0): batch for b, batch in enumerate(batches) if (b, 0) not in results and b >= emitted}
            workers = min(jobs, len(tasks))
        lost = yield from _pool_round(tasks, workers, context, (nlp, knowledge, prepare), results, ready)
        if lost is None:
            alone = []
            continue
        _log.warning("kg: warning: a parsing process died (killed, perhaps for want of memory); "
                     "what it was parsing is parsed again, one article at a time")
        fruitless = 0 if lost else fruitless + 1
        if fruitless > 2:
            raise KGError("parsing processes keep dying before they begin (out of memory?); try fewer --jobs")
        if alone:
            for key in lost:  # parsed by itself, and its worker died again: that article alone is lost
                article = batches[key[0]][key[1]]
                results[key] = Skipped(article.source or article.id, LOST)
            alone = [key for key in alone if key not in results]
        else:
            alone = [(b, i) for b, _ in sorted(lost) for i in range(len(batches[b]))]
        yield from ready()


def _pool_round(tasks, workers, context, model, results, ready):
    """Run ``tasks`` ((batch, start) -> articles) in a new pool, filling ``results`` and yielding what is ready.

    Returns None when every task finished, else the keys of the tasks that a
    worker had when one died.
    """
    keys = list(tasks)
    started = context.Array("b", len(keys), lock=False)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(*model, started))
    try:
        futures = {pool.submit(_extract_batch, slot, tasks[key]): key for slot, key in enumerate(keys)}
        for future in as_completed(futures):
            batch, start = futures[future]
            try:
                found = future.result()
            except BrokenProcessPool:
                return [key for slot, key in enumerate(keys) if started[slot] == 1]
            for offset, item in enumerate(found):
                results[(batch, start + offset)] = item
            yield from ready()
        return None
    finally:
        # Nothing is left running after a death or when the caller stops reading: shutdown waits for the few
        # batches workers already have (the rest are cancelled), and for the pool's thread. Killing the workers
        # instead would be quicker, but one killed while sending its result leaves the pool's thread waiting
        # forever for the rest of the message, and the interpreter waits for that thread when it exits.
        pool.shutdown(wait=True, cancel_futures=True)


def extract_articles(
    articles: Iterable[Article],
    nlp: Language,
    knowledge: Knowledge,
    on_article: Callable[[Article | Skipped], None] | None = None,
    jobs: int = 1,
    prepare: Prepare = None,
) -> Iterable:
    """Parse articles and extract from each, in ``jobs`` processes, in input order.

    Each Extraction, or what ``prepare`` makes of it (which has its
    ``article``), in the process that extracted it; or a Skipped.
    """
    if jobs > 1:
        articles = list(articles)
        found = _in_workers(articles, nlp, knowledge, jobs, prepare) if articles else iter(())
    else:
        pairs = ((a.text, a) for a in articles)
        extracted = (_extract_or_skip(doc, a, knowledge) for doc, a in annotate.parse(nlp, pairs, batch_size=8))
        found = _prepared(extracted, knowledge, prepare)
    for item in found:
        if on_article:
            on_article(item if isinstance(item, Skipped) else item.article)
        yield item


Shard = tuple[int, int]


def parse_shard(text: str) -> Shard:
    """'2/8' -> (2, 8): the second of eight shards."""
    number, slash, count = text.partition("/")
    try:
        k, n = int(number), int(count)
    except ValueError:
        k = n = 0
    if not slash or not 1 <= k <= n:
        raise KGError(f"--shard takes K/N with 1 <= K <= N (e.g. 2/8), not {text!r}")
    return k, n


def in_shard(article_id: str, shard: Shard | None) -> bool:
    """Whether the article belongs to shard K of N.

    Decided by a hash of the id alone, not by file order or by which files a
    machine was given, so every machine agrees on where an article goes and the
    shards' outputs are disjoint and together complete.
    """
    if shard is None:
        return True
    k, n = shard
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def iter_articles(
    paths: Iterable[str | Path],
    knowledge: Knowledge,
    result: IngestResult,
    on_article: Callable[[Article | Skipped], None] | None = None,
    shard: Shard | None = None,
) -> Iterator[Article]:
    """The distinct articles under ``paths`` that belong to ``shard``, as they are read.

    Problems go to ``result.skipped``; articles of other shards are counted
    in ``result.elsewhere``. Of the articles seen, only a digest of their text
    is kept, so a corpus streams through.
    """
    seen: dict[str, tuple[bytes, str]] = {}  # id -> sha256 of the text, source
    for item in read.read(paths, knowledge):
        if isinstance(item, Skipped):
            result.skipped.append(item)
            if on_article:
                on_article(item)
            continue
        digest = hashlib.sha256(item.text.encode("utf-8")).digest()
        if item.id in seen:
            # The same article twice is one article; two texts under one id
            # would silently merge, so the second is refused.
            if seen[item.id][0] != digest:
                first = seen[item.id][1]
                result.skipped.append(Skipped(item.source or item.id, f"article id {item.id!r} already used by {first}"))
            continue
        seen[item.id] = (digest, item.source or item.id)
        if not in_shard(item.id, shard):
            result.elsewhere += 1
            continue
        yield item


def read_articles(
    paths: Iterable[str | Path],
    knowledge: Knowledge,
    result: IngestResult,
    on_article: Callable[[Article | Skipped], None] | None = None,
    shard: Shard | None = None,
) -> list[Article]:
    """All of ``iter_articles`` at once: every problem is known before parsing starts."""
    return list(iter_articles(paths, knowledge, result, on_article, shard))


def ingest_into(
    output,
    paths: Iterable[str | Path],
    model: str | None,
    knowledge: Knowledge,
    jobs: int = 1,
    on_article: Callable[[Article | Skipped], None] | None = None,
    shard: Shard | None = None,
):
    """The one loop over articles: read, parse and extract each, and hand it to ``output``.

    ``output`` (memory, a sorted file, an on-disk store: kg.ingest_outputs)
    says whether every article is read before parsing starts
    (``reads_first``), which of them to parse (``select``), what to make of
    each extraction where it is made (``prepare``), takes each (``add``) and
    makes the report (``finish``).
    """
    read_result = IngestResult(knowledge=knowledge)
    failed: list[Skipped] = []
    with output:
        articles = iter_articles(paths, knowledge, read_result, on_article, shard)
        if output.reads_first:
            articles = output.select(list(articles), on_article)
        articles = iter(articles)
        first = next(articles, None)
        if first is not None:
            nlp = annotate.cached_model(model, knowledge)
            # One process reads as it parses; workers need the whole list to share it out.
            todo = itertools.chain([first], articles) if jobs == 1 else [first, *articles]
            for item in extract_articles(todo, nlp, knowledge, on_article, jobs, output.prepare):
                if isinstance(item, Skipped):
                    failed.append(item)
                else:
                    output.add(item)
        # Problems in reading first, then in extraction, as when all is read before parsing.
        return output.finish(read_result.skipped + failed, read_result.elsewhere)


def ingest(
    paths: Iterable[str | Path],
    model: str | None = None,
    knowledge: Knowledge | None = None,
    jobs: int = 1,
    on_article: Callable[[Article | Skipped], None] | None = None,
    shard: Shard | None = None,
) -> IngestResult:
    """Read, parse and extract every article under ``paths`` (of ``shard`` K/N only, if given)."""
    knowledge = knowledge or knowledge_module.default()
    return ingest_into(InMemory(knowledge), paths, model, knowledge, jobs, on_article, shard)


def ingest_to_file(
    paths: Iterable[str | Path],
    output: str | Path,
    fmt: str = "turtle",
    model: str | None = None,
    knowledge: Knowledge | None = None,
    jobs: int = 1,
    on_article: Callable[[Article | Skipped], None] | None = None,
    shard: Shard | None = None,
) -> StreamedIngest:
    """``ingest(...).write(output, fmt)``, the same bytes, in memory flat in the number of articles.

    Each article's triples go to the sorted writer as soon as it is extracted,
    and its extraction is dropped. Nothing is written when no article could be
    read, except for a shard whose articles all belong to other shards (an
    empty graph, so that every shard leaves a file).
    """
    knowledge = knowledge or knowledge_module.default()
    return ingest_into(ToFile(output, fmt, knowledge, shard), paths, model, knowledge, jobs, on_article, shard)


def ingest_into_store(
    disk,
    paths: Iterable[str | Path],
    model: str | None = None,
    knowledge: Knowledge | None = None,
    jobs: int = 1,
    on_article: Callable[[Article | Skipped], None] | None = None,
    shard: Shard | None = None,
    force: bool = False,
) -> StoreIngest:
    """Add the articles under ``paths`` to ``disk`` (an open kg.graph.diskstore.DiskStore), one transaction per article.

    An article stored with the same content is not parsed again (unless
    ``force``: after a change to the gazetteer, lexicon or extractor). An
    interrupted run keeps every article it finished.
    """
    knowledge = knowledge or knowledge_module.default()
    return ingest_into(IntoStore(disk, knowledge, force), paths, model, knowledge, jobs, on_article, shard)
