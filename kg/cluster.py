"""`kg ingest --cluster`: parse and extract on a Dask cluster.

    kg ingest corpus/ --cluster tcp://scheduler:8786 -o parts/   # part files, one per partition
    kg ingest corpus/ --cluster local:2 -o kg.ttl                  # a LocalCluster of 2 processes, one file
    kg ingest corpus/ --cluster local:2 --endpoint URL             # each partition loaded into a SPARQL store

The client reads the files (so workers need no shared file system, and an
article id used twice is found across all files, as in a single-process
ingest), cuts the articles into partitions of a fixed size in input order,
and sends each partition to the cluster as one task. A worker parses and
extracts the partition with the spaCy model it loaded on its first task (the
model and the knowledge are cached per worker process, see
kg.extract.annotate.cached_model), and sends back each article's triples as sorted
N-Triples lines: a few kilobytes per article, never a spaCy Doc.

The client writes what comes back as it comes: each partition to its own
part file (N-Quads or TriG, one named graph per article, as ``--store``
keeps them), or all into one sorted Turtle or N-Triples file, byte for byte
what ``kg ingest -o`` writes for the same articles. A part file is written
whole or not at all, from the one result Dask delivers per task: when a
worker is lost, Dask runs its tasks again on another, and nothing is written
twice. Partitions depend only on the input and the partition size, never on
the number of workers, so the part files are the same on any cluster. With
``--endpoint``, each worker loads its partition into the store itself
(kg.graph.endpoint.load: all or nothing, each article's graph replaced), so a
task Dask runs again replaces what it loaded, and sends back only counts.

Stories (kg.extract.syndication) span partitions: the client finds them from the
texts it read before sending anything, and each partition carries its
articles' stories. A user's scheme goes to the workers as the contents of
its files (Scheme).
"""

from __future__ import annotations

import logging
import multiprocessing
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg import vocab

from kg.extract import syndication

from kg.graph import emit
from kg.errors import EndpointError, KGError
from kg.extract.knowledge import Knowledge
from kg.model import Article
from kg.extract.read import Skipped
from kg.cluster_outputs import ClusterIngest, EndpointOutput, OneFile, Part, PartFiles, StoreOutput

PARTITION_SIZE = 8
INSTALL = "pip install 'stakeholder-kg[cluster]'"


@dataclass(frozen=True)
class Scheme:
    """A user's topic scheme, actors and lexicon (``--topics/--actors/--lexicon``
    or kg.toml) as the contents of their files: workers share no file system
    with the client, so they get the files' bytes and load the same Knowledge."""

    files: tuple[tuple[str, str, bytes], ...] = ()  # (topics|actors|lexicon, file name, content)

    @classmethod
    def read(cls, chosen: dict[str, Path]) -> Scheme:
        return cls(tuple((key, Path(path).name, Path(path).read_bytes()) for key, path in sorted(chosen.items())))

    def knowledge(self) -> Knowledge:
        return _scheme_knowledge(self)


@lru_cache(maxsize=4)  # per worker process, as the model is: loaded on the first task only
def _scheme_knowledge(scheme: Scheme) -> Knowledge:
    from kg.extract import knowledge as knowledge_module

    with tempfile.TemporaryDirectory(prefix="kg-scheme-") as scratch:
        paths = {}
        for key, name, content in scheme.files:
            paths[key] = Path(scratch) / key / name
            paths[key].parent.mkdir()
            paths[key].write_bytes(content)
        return knowledge_module.from_files(paths)


def extract_partition(
    index: int,
    articles: list[Article],
    model: str | None = None,
    scheme: Scheme | None = None,
    stories: dict[str, str] | None = None,
    endpoint=None,
) -> Part:
    """Runs on a worker: parse and extract one partition.

    ``stories``: each article's story triples, found by the client across the
    whole corpus (article IRI -> N-Triples lines, added to the article's
    graph); None makes each article a story of its own, as ``--store`` does.
    ``endpoint`` (a kg.graph.endpoint.Endpoint): load the partition into that store
    here, all of it or none, each article's graph replacing its old version;
    what comes back is then the counts, not the triples.
    """
    from kg import pipeline
    from kg.extract import annotate

    knowledge = (scheme or Scheme()).knowledge()
    nlp = annotate.cached_model(model, knowledge)
    part = Part(index)
    for item in pipeline.extract_articles(articles, nlp, knowledge):
        if isinstance(item, Skipped):
            part.skipped.append(item)
            continue
        iri = vocab.article_iri(item.article.id)
        lines = {f"{t.subject} {t.predicate} {t.object} .\n" for t in emit.triples([item], knowledge, stories=stories is None)}
        lines.update((stories or {}).get(iri, "").splitlines(True))
        part.graphs[iri] = "".join(sorted(lines))
        part.articles += 1
        pipeline.tally(part, item)
    if endpoint is not None and part.graphs:
        load_part(part, endpoint)
        part.graphs = dict.fromkeys(part.graphs, "")
    return part


def load_part(part: Part, endpoint) -> None:
    """The partition into a SPARQL store with kg.graph.endpoint.load: all or nothing, article graphs replaced.

    The store's credentials come from this machine's environment
    (KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD): the client does not send them.
    """
    from kg.graph import endpoint as remote

    with tempfile.TemporaryDirectory(prefix="kg-part-") as scratch:
        path = Path(scratch) / f"part-{part.index:05d}.nq"
        path.write_text(part.serialize("nq"), encoding="utf-8")
        remote.load([path], remote.RemoteBackend.from_endpoint(endpoint), replace=True, ontology=False)


def story_graphs(articles: list[Article], prints: list, knowledge: Knowledge) -> dict[str, str]:
    """Article IRI -> the N-Triples lines of its story (kg.extract.syndication) for its graph:
    its skg:story, the story's type, and what it derives from."""
    triples = emit.story_triples(articles, prints, knowledge)
    members: dict[str, list[str]] = defaultdict(list)
    for t in triples:
        if t.predicate.value == vocab.SKG + "story":
            members[t.object.value].append(t.subject.value)
    lines: dict[str, list[str]] = defaultdict(list)
    for t in triples:
        line = f"{t.subject} {t.predicate} {t.object} .\n"
        for article in members.get(t.subject.value, [t.subject.value]):  # a story's type goes to each of its articles
            lines[article].append(line)
    return {article: "".join(sorted(found)) for article, found in lines.items()}


def connect(spec: str, warm: Callable[[], object] | None = None):
    """A Dask client for ``tcp://host:port`` (a running scheduler) or ``local:N``
    (a LocalCluster of N worker processes on this machine, closed with the client).

    ``warm``, for ``local:N``: called before the workers start, to load here
    what every task loads first (the model, the knowledge), so that workers
    forked from this process have it already, as ``--jobs`` workers do."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise KGError(f"--cluster needs Dask distributed: {INSTALL}") from None
    if spec.startswith("local:"):
        try:
            workers = int(spec.removeprefix("local:"))
        except ValueError:
            workers = 0
        if workers < 1:
            raise KGError(f"--cluster local:N takes a number of workers N >= 1, not {spec!r}")
        # Workers forked from a process that has loaded the model start in a
        # moment; spawned ones each import spaCy and load it again (4 s of a
        # 14-second job here). Fork only where the platform has it.
        forked = warm is not None and "fork" in multiprocessing.get_all_start_methods()
        if forked:
            warm()
        # One thread per worker process: spaCy holds the GIL, so more threads
        # in one process would only wait for each other.
        with dask.config.set({"distributed.worker.multiprocessing-method": "fork" if forked else "spawn"}):
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0",
                silence_logs=logging.ERROR,
            )
        return Client(cluster, set_as_default=False)
    if "://" not in spec:
        raise KGError(f"--cluster takes a scheduler address such as tcp://host:8786, or local:N, not {spec!r}")
    try:
        return Client(spec, timeout=10, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise KGError(f"cannot reach the Dask scheduler at {spec}: {' '.join(str(error).split())}") from None


def _warm(options: dict) -> None:
    """Load what extract_partition loads first, with the same arguments, into
    the caches that forked workers inherit."""
    from kg.extract import annotate

    annotate.cached_model(options.get("model"), (options.get("scheme") or Scheme()).knowledge())


def partitions(articles: list[Article], size: int = PARTITION_SIZE) -> list[list[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def run_partitions(
    client,
    jobs: list[tuple[int, list[Article], dict[str, str] | None]],
    on_part: Callable[[Part], None] | None = None,
    **options,
) -> Iterator[Part]:
    """Each partition's Part, in the order they finish. ``jobs``: (index,
    articles, stories) of each partition; ``options`` go to extract_partition."""
    from dask.distributed import as_completed

    # Keys of their own: another kg run on the same scheduler must not be
    # handed this run's results.
    run = uuid.uuid4().hex
    # pure=False: a partition's task is not skipped because an identical one
    # ran before in this scheduler; retries: an exception on a worker (not an
    # article's: those are Skipped records) is tried again elsewhere.
    futures = [
        client.submit(extract_partition, index, chunk, stories=stories, pure=False, retries=2,
                      key=f"kg-partition-{run}-{index:05d}", **options)
        for index, chunk, stories in jobs
    ]
    try:
        for future in as_completed(futures, loop=client.loop):
            part = future.result()
            if on_part:
                on_part(part)
            yield part
    finally:
        client.cancel(futures)



def ingest(
    paths: Iterable[str | Path],
    cluster,
    output: str | Path | None = None,
    fmt: str | None = None,
    model: str | None = None,
    size: int = PARTITION_SIZE,
    on_article: Callable[[Article | Skipped], None] | None = None,
    on_part: Callable[[Part], None] | None = None,
    say: Callable[[str], None] | None = None,
    store=None,
    force: bool = False,
    endpoint: str | None = None,
    scheme: dict[str, Path] | None = None,
) -> ClusterIngest:
    """Ingest on ``cluster`` (a Dask client, or an address for ``connect``).

    Into ``output``: a folder (no extension, or an existing folder) gets one
    part file per partition, ``fmt`` nq (default) or trig; a .ttl or .nt file
    the whole graph, the same bytes as a single-process ``kg ingest -o``. Or
    into ``store``, an open kg.graph.diskstore.DiskStore, as ``kg ingest --store``
    does: articles stored with the same text are not sent (unless ``force``).
    Or into the SPARQL store at ``endpoint``, each partition loaded by its
    worker. ``scheme``: the user's files (topics, actors, lexicon -> path),
    shipped to the workers.
    """
    from kg import pipeline
    from kg.extract import knowledge as knowledge_module

    knowledge = knowledge_module.from_files(scheme or {})  # a mistake in the files is said here, with their paths
    shipped = Scheme.read(scheme) if scheme else None
    read_result = pipeline.IngestResult(knowledge=knowledge)
    report = ClusterIngest()
    if store is not None:
        stored = store.content_hashes()
        sink = StoreOutput(store, stored)
    elif endpoint is not None:
        sink = EndpointOutput(endpoint)
    else:
        output = Path(output)
        sink = PartFiles(output, fmt) if output.is_dir() or not output.suffix else OneFile(output)
    try:
        articles = pipeline.read_articles(paths, knowledge, read_result, on_article)
        report.skipped = list(read_result.skipped)
        if store is not None:
            store.refresh_ontology()
            fresh = [a for a in articles if force or stored.get(a.id) != emit.content_hash(a.text)]
            report.unchanged = len(articles) - len(fresh)
            if on_article:
                for _ in range(report.unchanged):
                    on_article(None)
            articles = fresh
        if articles:
            options = {"model": model, "scheme": shipped, **sink.options}
            _run(cluster, articles, size, sink, report, knowledge, options, on_article, on_part, say)
        report.finish()
        sink.commit(report)
    finally:
        sink.close()
    return report


def _run(cluster, articles, size, sink, report, knowledge, options, on_article, on_part, say) -> None:
    chunks = partitions(articles, size)
    # Stories span partitions: found here, from the texts the client read, as a single process finds them.
    prints = [syndication.fingerprint(a.text) for a in articles] if sink.stories != "own" else []
    planned = story_graphs(articles, prints, knowledge) if sink.stories == "planned" else {}
    client = connect(cluster, warm=lambda: _warm(options)) if isinstance(cluster, str) else cluster
    try:
        if say and client.dashboard_link:
            say(f"Dask dashboard: {client.dashboard_link}")
        done = _run_all(client, chunks, planned, sink, report, options, on_article, on_part)
        if sink.stories != "own":
            _finish_stories(client, articles, chunks, prints, planned, done, sink, knowledge, options)
    finally:
        if isinstance(cluster, str):
            local = client.cluster
            client.close()
            if local is not None:
                local.close()


def _jobs(chunks, indexes, stories, own: bool):
    """(index, articles, their stories) of the partitions ``indexes``; no stories where each article is its own."""
    for index in indexes:
        if own:
            yield index, chunks[index], None
        else:
            yield index, chunks[index], {iri: stories[iri] for a in chunks[index] if (iri := vocab.article_iri(a.id)) in stories}


def _run_all(client, chunks, planned, sink, report, options, on_article, on_part) -> set[str]:
    """Every partition through the cluster into ``sink``; the IRIs of the articles extracted."""
    done: set[str] = set()
    own = sink.stories == "own"
    try:
        for part in run_partitions(client, list(_jobs(chunks, range(len(chunks)), planned, own)), on_part, **options):
            report.add(part)
            sink.add(part, report)
            done.update(part.graphs)
            if on_article:
                for _ in range(part.articles + len(part.skipped)):
                    on_article(None)
    except EndpointError as error:
        error.args = (f"{error.args[0]}; {report.parts} of {len(chunks)} partitions were loaded"
                      " (run the command again: their articles are replaced, not added twice)",)
        raise
    return done


def _finish_stories(client, articles, chunks, prints, planned, done, sink, knowledge, options) -> None:
    """Stories of the articles extracted: added at the end, or the partitions whose stories changed run again."""
    kept = [i for i, a in enumerate(articles) if vocab.article_iri(a.id) in done]
    if sink.stories == "end":
        sink.add_stories(emit.story_triples([articles[i] for i in kept], [prints[i] for i in kept], knowledge))
        return
    if len(kept) == len(articles):
        return
    # An article whose extraction failed takes no part in stories, as in a
    # single process: the partitions whose articles' stories change with
    # that are run again with the stories of the articles extracted.
    actual = story_graphs([articles[i] for i in kept], [prints[i] for i in kept], knowledge)
    again = sorted({index for index, chunk in enumerate(chunks) for a in chunk
                    if (iri := vocab.article_iri(a.id)) in done and actual.get(iri) != planned.get(iri)})
    for part in run_partitions(client, list(_jobs(chunks, again, actual, False)), None, **options):
        sink.add(part, ClusterIngest())
