"""Any SPARQL 1.1 store: query it (SPARQLWrapper builds the requests, urllib
sends them), load into it through the Graph Store Protocol.

``RemoteBackend`` answers queries the way the embedded store does (same
columns, same terms, so the same CSV), and ``load`` uploads RDF files so that
a failed load leaves the store as it was: triples go into a temporary named
graph first, batch by batch, and reach their target graph in one SPARQL Update
request (``ADD`` or, with ``replace``, ``MOVE``), which stores run as one
transaction; on a store that does not (``Dialect.atomic_request``), one
request per target graph, so that a failure can say which targets changed.
Temporary graphs carry the start, machine and process of their load, so that
the next load can drop those of one that was killed. A redirect is never
followed (see ``_NoRedirect``).

Credentials come from the environment (``KG_ENDPOINT_USER``,
``KG_ENDPOINT_PASSWORD``; ``KG_ENDPOINT_AUTH=digest`` for stores such as
Virtuoso that want HTTP digest rather than basic authentication). They are
never part of a message. Store URL conventions are in docs/stores.md.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import pyoxigraph
from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

from kg import vocab

from kg.graph import store
from kg.errors import EndpointError, InputError, KGError, QueryError, UsageError
from kg.graph.queries import _syntax_message, inline_bindings
from kg.resources import ontology_file
from kg.graph.results import Rows, Term
from kg.graph.turtle import process_alive
from kg.vocab import PREFIXES

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DIALECTS",
    "Dialect",
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_USER",
    "Endpoint",
    "LoadReport",
    "RemoteBackend",
    "load",
]

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
ENV_AUTH = "KG_ENDPOINT_AUTH"

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_BATCH_SIZE = 10_000

# Both results and graphs acceptable, so that the answer's Content-Type, not
# a guess at the query's form from its text, says how to read it; a query
# that makes a graph puts graphs first, since Virtuoso would otherwise send
# its triples as a table of ?s ?p ?o.
_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, "
    "text/turtle;q=0.8, application/rdf+xml;q=0.5"
)
_ACCEPT_GRAPH = (
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, "
    "application/sparql-results+json;q=0.1"
)

# Status codes that say "no Graph Store Protocol here" rather than "you may
# not" or "bad data": the load then goes through SPARQL Update instead.
_NO_GRAPH_STORE = frozenset({404, 405, 406, 415, 501})


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
        _check_url(url)
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


def _check_url(url: str) -> None:
    """A usage error (exit 2) unless ``url`` is http(s) without credentials in it."""
    parts = urlsplit(url.strip())
    if "@" in parts.netloc:
        # urllib would take user:password@host for a host name; and a
        # password on the command line ends up in the shell history.
        raise UsageError(
            f"{_shown(url)}: give the user and password in {ENV_USER} and {ENV_PASSWORD}, not in the URL"
        )
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{_shown(url)} is not an http(s) URL; give the store's URL as http://host:port/...")


def _shown(url: str) -> str:
    """A URL fit for a message: without user:password@ and without its query string."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


# --- talking to the store -----------------------------------------------------------

T = TypeVar("T")


class _NoGraphStore(Exception):
    """The Graph Store URL answered as if it had no Graph Store Protocol."""


class _Unanswered(EndpointError):
    """The request may have reached the store, but no answer came back (timeout, closed connection)."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error, not followed.

    urllib would follow 301, 302 and 303 by turning the POST into a GET
    without its body (an update or upload then "succeeds" without reaching
    the store, a query gets the service description) and would send the
    Authorization header along to whatever host the redirect names. The
    answer is reported instead, with where it points (RemoteBackend._failure).
    """

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises the 3xx as an HTTPError


class RemoteBackend:
    """A SPARQL 1.1 endpoint as a query Backend (see kg.graph.queries).

    Queries get the project prefixes declared for them (a query may still
    declare its own) and their bindings as a VALUES block. Connection
    errors and 5xx answers are retried ``retries`` times, waiting
    ``backoff`` seconds and twice as long each time after.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        auth: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 0.5,
        dialect: Dialect = DIALECTS["oxigraph"],
    ):
        for url in (query_url, update_url, gsp_url):
            if url:
                _check_url(url)
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.user = user if user is not None else os.environ.get(ENV_USER) or None
        self._password = password if password is not None else os.environ.get(ENV_PASSWORD) or None
        self.auth = (auth or os.environ.get(ENV_AUTH) or "basic").strip().lower()
        if self.auth not in ("basic", "digest"):
            raise EndpointError(f"{ENV_AUTH} must be basic or digest, not {self.auth!r}")
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.dialect = dialect

    @classmethod
    def from_endpoint(cls, endpoint: Endpoint, **options) -> RemoteBackend:
        return cls(endpoint.query_url, endpoint.update_url, endpoint.store_url, dialect=endpoint.dialect, **options)

    def __repr__(self) -> str:
        # Never the password, not even in a traceback.
        return f"RemoteBackend({self.query_url!r}, update_url={self.update_url!r}, gsp_url={self.gsp_url!r})"

    # --- queries ---

    def select(self, text: str, bindings: Mapping[str, Term]) -> Rows:
        sent = _with_prefixes(inline_bindings(text, bindings))
        wrapper = self._wrapper(self.query_url)
        wrapper.setQuery(sent)
        if wrapper.isSparqlUpdateRequest():
            raise QueryError("this is an update, not a query; kg runs queries only")
        if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
            wrapper.addCustomHttpHeader("Accept", _ACCEPT_GRAPH)

        def ask() -> tuple[str, bytes, str | None]:
            with self._open(self._request(wrapper), self.query_url) as response:
                headers = response.info()
                return headers.get_content_type(), response.read(), headers.get("X-SPARQL-MaxRows")

        content_type, body, cap = self._call(self.query_url, "the query", ask, safe=True, query_text=text)
        rows = _parse_answer(content_type, body, self.query_url)
        if cap and cap.strip().isdigit() and len(rows) >= int(cap):
            # Virtuoso cuts an answer at its ResultSetMaxRows and says so only
            # in this header: a partial answer must not pass for the whole.
            raise EndpointError(
                f"{_shown(self.query_url)} sent only the first {int(cap)} rows of the answer (X-SPARQL-MaxRows);"
                " raise the store's limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)"
            )
        return rows

    def update(self, text: str, *, safe: bool, retries: int | None = None) -> None:
        """Run a SPARQL Update. ``safe``: running it twice does no harm, so it may be retried."""
        if not self.update_url:
            raise EndpointError("this needs the store's SPARQL Update URL; give it with --update-url")
        wrapper = self._wrapper(self.update_url)
        wrapper.setQuery(text)
        wrapper.setRequestMethod(POSTDIRECTLY)

        def send() -> None:
            with self._open(self._request(wrapper), self.update_url) as response:
                response.read()

        self._call(self.update_url, "the update", send, safe=safe, retries=retries)

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add triples to a named graph through the Graph Store Protocol (HTTP POST)."""
        if not self.gsp_url:
            raise _NoGraphStore()
        separator = "&" if urlsplit(self.gsp_url).query else "?"
        url = f"{self.gsp_url}{separator}graph={quote(graph, safe='')}"
        # N-Triples is Turtle too, and text/turtle is the one type every
        # Graph Store accepts.
        request = urllib.request.Request(url, data=ntriples, method="POST")
        request.add_header("Content-Type", "text/turtle; charset=utf-8")
        self._authorize(request)

        def send() -> None:
            with self._open(request, self.gsp_url) as response:
                response.read()

        try:
            self._call(self.gsp_url, "the upload", send, safe=True, passthrough=_NO_GRAPH_STORE)
        except urllib.error.HTTPError as error:
            raise _NoGraphStore() from error

    # --- plumbing ---

    def _wrapper(self, url: str) -> SPARQLWrapper:
        """SPARQLWrapper only to build the request (encoding, headers); kg opens it itself, see _open."""
        wrapper = SPARQLWrapper(self.query_url, updateEndpoint=url)
        wrapper.setMethod(POST)
        # Content negotiation only: some stores reject unknown parameters
        # such as SPARQLWrapper's format=json.
        wrapper.setOnlyConneg(True)
        wrapper.addCustomHttpHeader("Accept", _ACCEPT)
        return wrapper

    def _request(self, wrapper: SPARQLWrapper) -> urllib.request.Request:
        request = wrapper._createRequest()
        self._authorize(request)
        return request

    def _authorize(self, request: urllib.request.Request) -> None:
        if self.user and self._password and self.auth == "basic":
            request.add_header("Authorization", f"Basic {self._token()}")

    def _token(self) -> str:
        return base64.b64encode(f"{self.user}:{self._password}".encode()).decode("ascii")

    def _open(self, request: urllib.request.Request, url: str):
        """Send a request; a redirect is not followed but fails (see _NoRedirect)."""
        handlers: list[urllib.request.BaseHandler] = [_NoRedirect()]
        if self.user and self._password and self.auth == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, self.user, self._password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        return urllib.request.build_opener(*handlers).open(request, timeout=self.timeout)

    def _call(
        self,
        url: str,
        what: str,
        action: Callable[[], T],
        *,
        safe: bool,
        query_text: str | None = None,
        passthrough: frozenset[int] = frozenset(),
        retries: int | None = None,
    ) -> T:
        """Run one HTTP exchange, retried while that can help; failures as one line."""
        retries = self.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                with warnings.catch_warnings():
                    # SPARQLWrapper warns about query forms it cannot name.
                    warnings.simplefilter("ignore")
                    return action()
            except Exception as error:  # noqa: BLE001 - sorted out below, the rest re-raised
                status, body = _status(error)
                if status in passthrough:
                    raise
                retry = _retryable(error, status)
                # A request refused at connect never reached the store, so
                # even an update that is not safe to repeat may go again.
                if retry and (safe or _refused(error)) and attempt < retries:
                    time.sleep(self.backoff * 2**attempt)
                    attempt += 1
                    continue
                failure = self._failure(url, what, error, status, body, attempt + 1, query_text)
                if failure is None:
                    raise
                raise failure from None

    def _failure(
        self, url, what, error, status, body, attempts, query_text
    ) -> EndpointError | QueryError | None:
        shown = _shown(url)
        if status is None:
            if _is_timeout(error):
                return _Unanswered(f"{shown} did not answer {what} within {self.timeout:g} s; raise --timeout")
            reason = _reason(error)
            if reason is None:
                return None
            tries = f" ({attempts} attempts)" if attempts > 1 else ""
            kind = EndpointError if _refused(error) else _Unanswered
            return kind(f"cannot reach {shown}: {reason}{tries}; is the store running?")
        message = _condense(self._redact(body.decode("utf-8", "replace")).encode())
        if 300 <= status < 400:
            location = error.headers.get("Location") if isinstance(error, urllib.error.HTTPError) else None
            where = f"to {_shown(urljoin(url, location))} " if location else ""
            return EndpointError(
                f"{shown} redirects {where}(HTTP {status}); kg does not follow redirects, which would drop"
                " the request's body or send the credentials elsewhere: give the URL it redirects to"
            )
        if status == 401:
            if self.user and self._password:
                return EndpointError(
                    f"{shown} refused the credentials (HTTP 401); check {ENV_USER} and {ENV_PASSWORD}"
                    + ("" if self.auth == "digest" else f" (or set {ENV_AUTH}=digest)")
                )
            return EndpointError(f"{shown} wants credentials (HTTP 401); set {ENV_USER} and {ENV_PASSWORD}")
        if status == 403:
            who = f"user {self.user!r}" if self.user else "an anonymous user"
            return EndpointError(
                f"{shown} does not allow {who} to run {what} (HTTP 403)" + (f": {message}" if message else "")
            )
        if status == 404:
            return EndpointError(f"nothing at {shown} (HTTP 404); check the URL (see docs/stores.md)")
        if status == 414:
            return EndpointError(f"{shown} finds {what} too long (HTTP 414)")
        if 400 <= status < 500:
            if query_text is not None:
                detail = _query_message(message, query_text)
                return QueryError(f"the endpoint rejected the query (HTTP {status}): {detail}")
            return EndpointError(f"{shown} rejected {what} (HTTP {status})" + (f": {message}" if message else ""))
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return EndpointError(f"{shown} failed on {what} (HTTP {status}{tries})" + (f": {message}" if message else ""))

    def _redact(self, text: str) -> str:
        """A store's message without credentials, even where it echoes the request's headers."""
        if self._password:
            text = text.replace(self._token(), "***").replace(self._password, "***")
        return _mask_credentials(text)


# An Authorization header, as a page echoing the request shows it (a header
# line, JSON, an HTML cell): the scheme stays, the rest goes.
_AUTHORIZATION = re.compile(
    r"""(?i)((?:proxy-)?authorization["'\s]*[:=]["'\s]*)(digest\b[^\r\n<]*|(?:basic|bearer|negotiate)\b[^"'\r\n<]*)"""
)
# A Basic credential anywhere else: base64 of "user:password".
_BASIC = re.compile(r"(?i)\b(basic\s+)([A-Za-z0-9+/]{4,}={0,2})")


def _mask_credentials(text: str) -> str:
    text = _AUTHORIZATION.sub(lambda m: f"{m[1]}{m[2].split()[0]} ***", text)

    def basic(match: re.Match) -> str:
        try:
            decoded = base64.b64decode(match[2], validate=True)
        except ValueError:
            return match[0]
        return f"{match[1]}***" if b":" in decoded else match[0]

    return _BASIC.sub(basic, text)


def _with_prefixes(text: str) -> str:
    """The project prefixes the query does not declare itself, on one line in front.

    One line, so that a line number in the store's error message is off by one only.
    """
    declared = {match.lower() for match in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", text)}
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name.lower() not in declared]
    return (" ".join(missing) + "\n" + text) if missing else text


def _query_message(message: str, query_text: str) -> str:
    """A store's parse error in the terms of the query as the user wrote it."""
    located = re.match(r"^error at (\d+):(\d+): ", message)
    if located and _with_prefixes(query_text) != query_text:
        line = int(located[1]) - 1
        if line >= 1:
            message = f"error at {line}:{located[2]}: {message[located.end():]}"
    if located:
        # Oxigraph speaks like pyoxigraph: the embedded store's wording then applies.
        return _syntax_message(query_text, message)
    # Virtuoso repeats the query it got, prefixes and all, after its reason.
    message = message.split(" SPARQL query:", 1)[0]
    counted = re.search(r"\bline (\d+):", message)
    if counted and _with_prefixes(query_text) != query_text and int(counted[1]) > 1:
        message = f"{message[:counted.start(1)]}{int(counted[1]) - 1}{message[counted.end(1):]}"
    return message or "no reason given"


def _status(error: BaseException) -> tuple[int | None, bytes]:
    """HTTP status and body of a failed exchange, if the store answered at all."""
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except Exception:  # noqa: BLE001 - the body is only a courtesy
            body = b""
        return error.code, body
    return None, b""


def _retryable(error: BaseException, status: int | None) -> bool:
    if status is not None:
        return status >= 500
    if _is_timeout(error):
        # A query slow enough to time out stays slow; waiting again only
        # multiplies the wait.
        return False
    if isinstance(getattr(error, "reason", None), socket.gaierror):
        return False  # a host name that does not resolve will not in a second either
    return _reason(error) is not None


def _is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", None) if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, TimeoutError)


def _refused(error: BaseException) -> bool:
    reason = getattr(error, "reason", None) if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, ConnectionRefusedError)


def _reason(error: BaseException) -> str | None:
    """Why a connection failed, in words, or None if this is not a connection failure."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
        return "the connection was closed"
    if isinstance(reason, OSError) and getattr(reason, "strerror", None):
        return reason.strerror.lower()
    if isinstance(reason, http.client.HTTPException):
        return f"not an HTTP answer ({type(reason).__name__})"
    if isinstance(error, urllib.error.URLError):
        return _condense(str(reason).encode())
    return None


def _condense(body: bytes, limit: int = 400) -> str:
    """A store's error message as one line: spaces folded, cut short; an HTML page's tags dropped.

    Only a page loses its tags: a plain-text message keeps ``<IRI>``s, which
    say which graph an update failed on.
    """
    text = body.decode("utf-8", "replace")
    if re.search(r"(?i)<(!doctype|html|body|head|p|h1|pre)\b", text):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- answers -----------------------------------------------------------------------


def _parse_answer(content_type: str, body: bytes, url: str) -> Rows:
    if content_type in ("application/sparql-results+json", "application/json"):
        try:
            document = json.loads(body)
        except ValueError:
            raise EndpointError(f"{_shown(url)} sent results that are not JSON") from None
        if "boolean" in document:
            return Rows(["ask"], [(pyoxigraph.Literal(bool(document["boolean"])),)])
        columns = list(document.get("head", {}).get("vars", []))
        if columns == ["__ASK_RETVAL"]:
            # Virtuoso answers ASK as a table: one row (1) for true, none for false.
            bindings = document.get("results", {}).get("bindings", [])
            true = any(row.get("__ASK_RETVAL", {}).get("value") not in ("0", "false") for row in bindings)
            return Rows(["ask"], [(pyoxigraph.Literal(true),)])
        rows = [
            tuple(_term(binding[name]) if name in binding else None for name in columns)
            for binding in document.get("results", {}).get("bindings", [])
        ]
        return Rows(columns, rows)
    try:
        rdf_format = pyoxigraph.RdfFormat.from_media_type(content_type)
    except ValueError:
        rdf_format = None
    if rdf_format is None:
        raise EndpointError(f"{_shown(url)} answered in {content_type or 'an unnamed format'}, not SPARQL JSON or RDF")
    # CONSTRUCT and DESCRIBE: one row per triple, as embedded.
    triples = [quad.triple for quad in pyoxigraph.parse(body, format=rdf_format)]
    return Rows(["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in triples])


_BOOLEAN = vocab.XSD + "boolean"


def _term(value: dict) -> Term:
    kind = value.get("type")
    if kind == "uri":
        return pyoxigraph.NamedNode(value["value"])
    if kind == "bnode":
        return pyoxigraph.BlankNode(value["value"])
    if kind == "triple":
        inner = value["value"]
        return pyoxigraph.Triple(_term(inner["subject"]), _term(inner["predicate"]), _term(inner["object"]))
    # "typed-literal" is the pre-1.1 spelling some stores still send.
    language = value.get("xml:lang")
    if language:
        return pyoxigraph.Literal(value["value"], language=language)
    datatype = value.get("datatype")
    if datatype == _BOOLEAN:
        # Virtuoso keeps booleans as numbers and answers 1 or 0: the same
        # values, spelled as every other store spells them.
        lexical = {"1": "true", "0": "false"}.get(value["value"], value["value"])
        return pyoxigraph.Literal(lexical, datatype=pyoxigraph.NamedNode(datatype))
    if datatype:
        return pyoxigraph.Literal(value["value"], datatype=pyoxigraph.NamedNode(datatype))
    return pyoxigraph.Literal(value["value"])


# --- loading -----------------------------------------------------------------------

DEFAULT = None  # the target "default graph", as opposed to a named graph's IRI


@dataclass
class LoadReport:
    """What a load sent: triples (counted as sent; the store keeps a set), batches, graphs."""

    triples: int = 0
    batches: int = 0
    graphs: list[str | None] = field(default_factory=list)
    method: str = "Graph Store Protocol"
    url: str = ""  # where the triples went: the Graph Store or the Update URL
    # Temporary graphs a store would not drop after the load went through.
    leftover: list[str] = field(default_factory=list)
    # Temporary graphs of earlier loads that were interrupted (killed, or the
    # store went down), dropped before this one began.
    stale: list[str] = field(default_factory=list)


def load(
    paths: Sequence[Path | str],
    backend: RemoteBackend,
    *,
    graph: str | None = None,
    replace: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    ontology: bool = True,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Upload RDF files to a store; all of it arrives, or none of it.

    Triples of a file's default graph (all of a Turtle or N-Triples file) go
    to ``graph``, or to the store's default graph; the named graphs of TriG
    and N-Quads files keep their names. With ``replace``, every graph the
    files write to is emptied first, in the same request that fills it
    (the target of a Turtle or N-Triples file even if the file is empty).
    With ``ontology``, the packaged ontology and topic scheme go along into
    the same graph as the data, as ``kg query -d`` loads them too. Blank
    nodes are refused: the store would make new ones on every load, so
    loading twice would duplicate them. Temporary graphs that interrupted
    loads left in the store are dropped first (``LoadReport.stale``).
    """
    if batch_size < 1:
        raise InputError("the batch size must be at least 1")
    files = [Path(path) for path in paths]
    ontology_files = [ontology_file(name) for name in store.ONTOLOGY_FILES] if ontology else []
    for file in files + ontology_files:
        _check_file(file)
    if not backend.update_url:
        raise EndpointError("kg load needs the store's SPARQL Update URL; give it with --update-url")
    if graph is None:
        # A store without a default graph to write to gets a named graph,
        # which its queries see as they see the rest.
        graph = backend.dialect.default_graph

    prefix = _staging_prefix()
    staging: dict[str | None, str] = {}  # target graph -> its temporary graph

    def temporary(target: str | None) -> str:
        if target not in staging:
            staging[target] = f"{prefix}:{len(staging)}"
        return staging[target]

    # A Turtle or N-Triples file names the main target even when it is empty
    # (so that --replace with it empties the graph); a TriG or N-Quads file
    # only the graphs it has triples in, so that replacing the inferences
    # leaves the data alone.
    if any(not _is_dataset(file) for file in files):
        temporary(graph)

    def triples() -> Iterator[tuple[str | None, pyoxigraph.Triple]]:
        for target, triple in _triples(files, graph):
            temporary(target)
            yield target, triple
        # The ontology goes with the data, into its graph; not into a store
        # that only gets a named graph of inferences.
        if graph in staging:
            yield from _triples(ontology_files, graph)

    report = LoadReport(stale=_drop_stale(backend))
    filled: set[str] = set()  # temporary graphs that got triples (MOVE and ADD fail on a missing graph)
    use_gsp = backend.gsp_url is not None
    if not use_gsp:
        report.method = "SPARQL Update"
    try:
        for batch in _batches(triples(), batch_size):
            by_graph: dict[str, list[pyoxigraph.Triple]] = {}
            for target, triple in batch:
                by_graph.setdefault(temporary(target), []).append(triple)
            for temp, triples in by_graph.items():
                filled.add(temp)
                ntriples = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
                if use_gsp:
                    try:
                        backend.post_graph(temp, ntriples)
                        continue
                    except _NoGraphStore:
                        use_gsp = False
                        report.method = "SPARQL Update"
                backend.update(f"INSERT DATA {{ GRAPH <{temp}> {{\n{ntriples.decode('utf-8')}}} }}", safe=True)
            report.triples += len(batch)
            report.batches += 1
            if on_batch:
                on_batch(report)
        _finish(backend, _final_steps(staging, filled, replace))
    except BaseException as error:
        _drop(backend, list(staging.values()), error, stored=report.batches > 0)
        raise
    report.graphs = list(staging)
    report.url = backend.gsp_url if use_gsp else backend.update_url
    try:
        # ADD leaves its source; MOVE took it already, and SILENT spares it.
        backend.update(_drop_all(staging.values()), safe=True)
    except EndpointError:
        report.leftover = list(staging.values())
    return report


def _is_dataset(path: Path) -> bool:
    return store.format_of(path).supports_datasets


def _check_file(path: Path) -> None:
    store.format_of(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not an RDF file")


def _triples(files: Iterable[Path], graph: str | None) -> Iterator[tuple[str | None, pyoxigraph.Triple]]:
    """(target graph, triple) for every triple of the files, read as a stream."""
    for path in files:
        try:
            # Streamed, so that a large file is never all in memory; a syntax
            # error late in it surfaces after earlier batches went out, which
            # the temporary graph makes harmless.
            for quad in pyoxigraph.parse(path=path, format=store.format_of(path)):
                for term in (quad.subject, quad.object, quad.graph_name):
                    if isinstance(term, pyoxigraph.BlankNode):
                        raise InputError(
                            f"{path}: has blank nodes ({term}); kg load needs IRIs, so that loading twice"
                            " changes nothing"
                        )
                target = graph if isinstance(quad.graph_name, pyoxigraph.DefaultGraph) else quad.graph_name.value
                yield target, quad.triple
        except SyntaxError as error:
            raise InputError(store._syntax_message(path, error)) from None
        except OSError as error:
            raise InputError(f"{path}: {error.strerror or error}") from None


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _Step:
    """One final operation of a load: its target as shown, the update, and the temporary graph a MOVE empties."""

    target: str
    operation: str
    moves: str | None = None


def _final_steps(staging: Mapping[str | None, str], filled: set[str], replace: bool) -> list[_Step]:
    """What puts every temporary graph into its target: ADD, or MOVE to replace."""
    steps = []
    for target, temp in staging.items():
        name = "DEFAULT" if target is DEFAULT else f"<{target}>"
        shown = "the default graph" if target is DEFAULT else name
        if temp in filled:
            if replace:
                steps.append(_Step(shown, f"MOVE <{temp}> TO {name}", moves=temp))
            else:
                steps.append(_Step(shown, f"ADD <{temp}> TO {name}"))
        elif replace:
            # An empty file replaces with nothing.
            steps.append(_Step(shown, f"DROP SILENT {'DEFAULT' if target is DEFAULT else 'GRAPH ' + name}"))
    return steps


def _finish(backend: RemoteBackend, steps: list[_Step]) -> None:
    """The final step of a load: one request where the store runs it as one transaction, else one per target.

    Not retried unless the connection was refused (a MOVE that arrived has
    consumed its source). A failure says which targets changed: none when
    the store refused the request. When the answer was lost on the way, a
    MOVE is checked: its temporary graph gone means the store ran it (the
    load went through), still there means it did not. An ADD cannot be told
    apart from what the target held before, so it stays "may or may not".
    """
    if not steps:
        return
    if backend.dialect.atomic_request:
        requests = [steps]
    else:
        requests = [[step] for step in steps]
    done: list[str] = []
    for request in requests:
        targets = [step.target for step in request]
        try:
            backend.update(" ;\n".join(step.operation for step in request), safe=False)
        except EndpointError as error:
            ran = _ran(backend, request) if isinstance(error, _Unanswered) else False
            if ran:
                done.extend(targets)
                continue
            left = [step.target for step in steps if step.target not in done and step.target not in targets]
            if ran is None:
                state = f"{' and '.join(targets)} may or may not have changed (no answer)"
            else:
                checked = " (checked after the answer was lost)" if isinstance(error, _Unanswered) else ""
                state = f"{' and '.join(targets)} {'is' if len(targets) == 1 else 'are'} as before{checked}"
            if done:
                state = f"{', '.join(done)} already changed; " + state
            if left:
                state += f"; {', '.join(left)} as before"
            error.args = (f"{error.args[0]}; the load's final step failed: {state}",)
            raise
        done.extend(targets)


def _ran(backend: RemoteBackend, request: list[_Step]) -> bool | None:
    """Whether a final request whose answer was lost ran: True, False, or None when that cannot be told.

    A request is one transaction (or one step), so one MOVE tells for all of
    it: its temporary graph is empty once it ran, and still full if not.
    (A store still running the request when the answer was given up on
    would be seen as not having run it; a lost connection is the usual cause.)
    """
    moved = next((step.moves for step in request if step.moves), None)
    if moved is None:
        return None
    try:
        answer = backend.select(f"ASK {{ GRAPH <{moved}> {{ ?s ?p ?o }} }}", {})
    except KGError:
        return None
    return answer.rows[0][0].value == "false"


# Temporary graphs are named urn:kg-load:START:HOST:PID:TOKEN:N, so that the
# next load can tell those of an interrupted load (its process gone, or a day
# old) from those of a load still running elsewhere.
STAGING = "urn:kg-load:"
_STAGING_NAME = re.compile(r"^urn:kg-load:(\d{8}T\d{6}Z):([0-9a-f]{8}):(\d+):")
_STALE_AFTER = 24 * 3600  # seconds: no load of a real graph takes a day


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _staging_prefix() -> str:
    started = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return f"{STAGING}{started}:{_host()}:{os.getpid()}:{uuid.uuid4().hex}"


def _stale(name: str, now: float) -> bool:
    """A temporary graph no running load will finish: its process is gone, or it is a day old."""
    found = _STAGING_NAME.match(name)
    if not found:
        return True  # an older kg's name, without the process that made it
    started = calendar.timegm(time.strptime(found[1], "%Y%m%dT%H%M%SZ"))
    if now - started > _STALE_AFTER:
        return True
    if found[2] != _host():
        return False  # another machine's load, perhaps still running
    return not process_alive(int(found[3]))


def _drop_stale(backend: RemoteBackend) -> list[str]:
    """Drop the temporary graphs of interrupted loads (see _stale); their names, sorted."""
    answer = backend.select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}', {}
    )
    now = time.time()
    stale = sorted(row[0].value for row in answer.rows if row[0] is not None and _stale(row[0].value, now))
    if stale:
        backend.update(_drop_all(stale), safe=True)
    return stale


def _drop_all(graphs: Iterable[str]) -> str:
    return " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in graphs)


def _drop(backend: RemoteBackend, graphs: list[str], cause: BaseException, stored: bool) -> None:
    """Remove the temporary graphs of a failed load; say so if that fails and some were filled."""
    try:
        # Once: the store just failed, and the user is waiting for the reason.
        backend.update(_drop_all(graphs), safe=True, retries=0)
    except Exception:  # noqa: BLE001 - the first failure is the one to report
        if stored and isinstance(cause, EndpointError | InputError):
            leftover = ", ".join(f"<{iri}>" for iri in graphs)
            cause.args = (f"{cause.args[0]}; temporary graphs may remain: {leftover}",)
