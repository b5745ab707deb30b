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

The module's parts: endpoint_urls (where a store answers, its dialect),
endpoint_wire (answers and failures of one HTTP exchange), endpoint_load
(``load``); their public names are all importable from here.
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import quote, urljoin, urlsplit

from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper

from kg.errors import EndpointError, QueryError
from kg.graph.endpoint_load import DEFAULT_BATCH_SIZE, LoadReport, load
from kg.graph.endpoint_urls import DIALECTS, ENV_AUTH, ENV_PASSWORD, ENV_USER, Dialect, Endpoint, check_url, shown_url
from kg.graph.endpoint_wire import (
    NoGraphStore, Unanswered, condense, http_status, is_timeout, mask_credentials, parse_answer, query_message,
    refused, retryable, unreachable_reason, with_prefixes,
)
from kg.graph.queries import inline_bindings
from kg.graph.results import Rows, Term

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


DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3

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


# --- talking to the store -----------------------------------------------------------

T = TypeVar("T")


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
                check_url(url)
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
        sent = with_prefixes(inline_bindings(text, bindings))
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
        rows = parse_answer(content_type, body, self.query_url)
        if cap and cap.strip().isdigit() and len(rows) >= int(cap):
            # Virtuoso cuts an answer at its ResultSetMaxRows and says so only
            # in this header: a partial answer must not pass for the whole.
            raise EndpointError(
                f"{shown_url(self.query_url)} sent only the first {int(cap)} rows of the answer (X-SPARQL-MaxRows);"
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
            raise NoGraphStore()
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
            raise NoGraphStore() from error

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
                status, body = http_status(error)
                if status in passthrough:
                    raise
                retry = retryable(error, status)
                # A request refused at connect never reached the store, so
                # even an update that is not safe to repeat may go again.
                if retry and (safe or refused(error)) and attempt < retries:
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
        shown = shown_url(url)
        if status is None:
            if is_timeout(error):
                return Unanswered(f"{shown} did not answer {what} within {self.timeout:g} s; raise --timeout")
            reason = unreachable_reason(error)
            if reason is None:
                return None
            tries = f" ({attempts} attempts)" if attempts > 1 else ""
            kind = EndpointError if refused(error) else Unanswered
            return kind(f"cannot reach {shown}: {reason}{tries}; is the store running?")
        message = condense(self._redact(body.decode("utf-8", "replace")).encode())
        if 300 <= status < 400:
            location = error.headers.get("Location") if isinstance(error, urllib.error.HTTPError) else None
            where = f"to {shown_url(urljoin(url, location))} " if location else ""
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
                detail = query_message(message, query_text)
                return QueryError(f"the endpoint rejected the query (HTTP {status}): {detail}")
            return EndpointError(f"{shown} rejected {what} (HTTP {status})" + (f": {message}" if message else ""))
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return EndpointError(f"{shown} failed on {what} (HTTP {status}{tries})" + (f": {message}" if message else ""))

    def _redact(self, text: str) -> str:
        """A store's message without credentials, even where it echoes the request's headers."""
        if self._password:
            text = text.replace(self._token(), "***").replace(self._password, "***")
        return mask_credentials(text)
