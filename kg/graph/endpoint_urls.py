"""Where a SPARQL store answers: its query, update and Graph Store URLs guessed from one, and its dialect.

Store URL conventions are in docs/stores.md; the credentials' variables are
named here because a URL with credentials in it is refused here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kg import vocab
from kg.errors import UsageError

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
ENV_AUTH = "KG_ENDPOINT_AUTH"


# --- what differs between stores ------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """What a store does differently from SPARQL 1.1 as written, in one place.

    ``default_graph``: the named graph that stands for the default graph in
    updates, for a store that has no plain default graph to write to (its
    queries see every graph anyway). ``atomic_request``: an update request of
    several operations is one transaction; where it is not, kg load sends
    each target's final step alone, so that a failure says which are done.
    """

    name: str
    default_graph: str | None = None
    atomic_request: bool = True


# The stores whose layout Endpoint.guess knows (docs/stores.md). Quirks every
# store gets the same remedy for are not here: a store answering a boolean
# as 1 or 0 (Virtuoso) is read as true or false whatever the store, and the
# temporary graphs of a load are dropped with DROP SILENT, since Virtuoso
# refuses DROP GRAPH for a graph "not explicitly created".
DIALECTS = {
    "oxigraph": Dialect("Oxigraph"),
    # /DS/data is its Graph Store; the union default graph is a setting of the dataset.
    "fuseki": Dialect("Jena Fuseki"),
    # Updates go to /repositories/R/statements, graphs to .../rdf-graphs/service.
    "graphdb": Dialect("GraphDB"),
    # "ADD ... TO DEFAULT" fails with SP031 (no plain default graph), and each
    # operation of a request commits on its own (a failing DROP after an ADD
    # leaves the ADD done).
    "virtuoso": Dialect("Virtuoso", default_graph=vocab.BASE + "graph/default", atomic_request=False),
}


# --- URLs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """Where a store answers queries, takes updates, and takes graphs (GSP), and its dialect."""

    query_url: str
    update_url: str | None = None
    store_url: str | None = None
    dialect: Dialect = DIALECTS["oxigraph"]

    @classmethod
    def resolve(
        cls,
        endpoint: str | None = None,
        query_url: str | None = None,
        update_url: str | None = None,
        store_url: str | None = None,
    ) -> Endpoint:
        """The URLs guessed from ``endpoint``, each replaced by the one given explicitly."""
        if endpoint:
            guessed = cls.guess(endpoint)
        elif query_url:
            guessed = cls(query_url, dialect=cls.guess(query_url).dialect)
        else:
            raise UsageError("give the store's URL with --endpoint URL (or its query URL with --query-url)")
        return cls(
            query_url or guessed.query_url,
            update_url or guessed.update_url,
            store_url or guessed.store_url,
            guessed.dialect,
        )

    @classmethod
    def guess(cls, url: str) -> Endpoint:
        """Query, update and Graph Store URLs from a store's URL.

        A base URL (``http://localhost:7878``) gets Oxigraph's paths; the
        query URL of a store whose layout is known gets that store's
        siblings (table in docs/stores.md). A wrong Graph Store guess costs
        little: the load falls back to SPARQL Update.
        """
        parts = urlsplit(url.strip())
        check_url(url)
        path = parts.path.rstrip("/")
        segments = path.split("/")

        def at(new_path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

        if len(segments) >= 3 and segments[-2] == "repositories":
            # GraphDB and RDF4J: one repository answers queries at its own URL.
            return cls(at(path), at(path + "/statements"), at(path + "/rdf-graphs/service"), DIALECTS["graphdb"])
        if path == "/sparql":
            # Virtuoso: fixed paths at the root; writing goes through its
            # authenticated services.
            return cls(at(path), at("/sparql-auth"), at("/sparql-graph-crud-auth"), DIALECTS["virtuoso"])
        if len(segments) >= 3 and segments[-1] in ("sparql", "query"):
            # Jena Fuseki: /DATASET/sparql or /DATASET/query.
            dataset = "/".join(segments[:-1])
            return cls(at(path), at(dataset + "/update"), at(dataset + "/data"), DIALECTS["fuseki"])
        if path.endswith("/query"):
            path = path[: -len("/query")]
        return cls(at(path + "/query"), at(path + "/update"), at(path + "/store"))


def check_url(url: str) -> None:
    """A usage error (exit 2) unless ``url`` is http(s) without credentials in it."""
    parts = urlsplit(url.strip())
    if "@" in parts.netloc:
        # urllib would take user:password@host for a host name; and a
        # password on the command line ends up in the shell history.
        raise UsageError(
            f"{shown_url(url)}: give the user and password in {ENV_USER} and {ENV_PASSWORD}, not in the URL"
        )
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{shown_url(url)} is not an http(s) URL; give the store's URL as http://host:port/...")


def shown_url(url: str) -> str:
    """A URL fit for a message: without user:password@ and without its query string."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
