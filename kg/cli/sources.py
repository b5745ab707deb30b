"""What the options name, opened and checked: the graph to read, the debate's files, a place to write."""

from __future__ import annotations

from pathlib import Path

from kg.cli.app import fail


def scheme_files(topics: Path | None, actors: Path | None, lexicon: Path | None) -> dict[str, Path]:
    """The debate's own files: options, else kg.toml's; none for the packaged ones."""
    from kg import settings

    chosen = settings.read()
    for key, value in (("topics", topics), ("actors", actors), ("lexicon", lexicon)):
        if value is not None:
            if not value.is_file():
                fail(f"--{key} {value}: no such file")
            chosen[key] = value
    return chosen


def use_scheme(topics: Path | None, actors: Path | None, lexicon: Path | None):
    """The knowledge to extract and score with: options, else kg.toml, else the packaged files."""
    from kg.extract import knowledge

    return knowledge.from_files(scheme_files(topics, actors, lexicon))


def graph_source(data, ontology: bool, endpoint: str | None, query_url: str | None, retries: int, timeout=None,
                 disk=None):
    """What a query runs against: the files of -d loaded here, the store of --store, or the store at --endpoint."""
    from kg.graph import store

    remote = bool(endpoint or query_url)
    if disk is not None:
        if data or remote:
            fail("give one source: -d FILE, --store DIR or --endpoint URL")
        if not ontology:
            fail("--no-ontology: a store keeps the ontology with its articles; export it (kg export) and use -d")
        from kg.graph.diskstore import DiskStore

        return DiskStore(disk, read_only=True).backend()
    if data and remote:
        fail("give -d FILE (query files here) or --endpoint URL (query a store), not both")
    if not data and not remote:
        fail("give the graph to query: -d FILE, or --endpoint URL of a SPARQL store")
    if data:
        return store.load(data, ontology=ontology)
    return remote_backend(endpoint, query_url, None, None, retries, timeout)


def remote_backend(endpoint, query_url, update_url, store_url, retries: int, timeout=None):
    """The SPARQL store at --endpoint (or the URLs given one by one)."""
    from kg.graph.endpoint import DEFAULT_TIMEOUT, Endpoint, RemoteBackend

    if timeout is not None and not timeout > 0:
        fail(f"the timeout must be more than 0 seconds, not {timeout:g}")
    urls = Endpoint.resolve(endpoint, query_url, update_url, store_url)
    return RemoteBackend.from_endpoint(urls, timeout=timeout or DEFAULT_TIMEOUT, retries=retries)


def writable(output: Path | None) -> None:
    """A bad -o (a folder, a place that cannot be written) fails now, in one line, before the long part."""
    if output is not None and str(output) != "-":
        from kg.graph.turtle import check_writable

        check_writable(output)


def check_answer_format(fmt: str) -> None:
    from kg.graph.results import FORMATS

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
