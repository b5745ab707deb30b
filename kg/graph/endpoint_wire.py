"""One HTTP exchange with a SPARQL store, read: answers parsed into Rows, failures
sorted (may it be retried?) and told in one line that never shows a credential."""

from __future__ import annotations

import base64
import http.client
import json
import re
import socket
import urllib.error

import pyoxigraph

from kg import vocab
from kg.errors import EndpointError
from kg.graph.endpoint_urls import shown_url
from kg.graph.sparql_text import syntax_message
from kg.graph.results import Rows, Term
from kg.vocab import PREFIXES


class NoGraphStore(Exception):
    """The Graph Store URL answered as if it had no Graph Store Protocol."""


class Unanswered(EndpointError):
    """The request may have reached the store, but no answer came back (timeout, closed connection)."""


# An Authorization header, as a page echoing the request shows it (a header
# line, JSON, an HTML cell): the scheme stays, the rest goes.
_AUTHORIZATION = re.compile(
    r"""(?i)((?:proxy-)?authorization["'\s]*[:=]["'\s]*)(digest\b[^\r\n<]*|(?:basic|bearer|negotiate)\b[^"'\r\n<]*)"""
)
# A Basic credential anywhere else: base64 of "user:password".
_BASIC = re.compile(r"(?i)\b(basic\s+)([A-Za-z0-9+/]{4,}={0,2})")


def mask_credentials(text: str) -> str:
    text = _AUTHORIZATION.sub(lambda m: f"{m[1]}{m[2].split()[0]} ***", text)

    def basic(match: re.Match) -> str:
        try:
            decoded = base64.b64decode(match[2], validate=True)
        except ValueError:
            return match[0]
        return f"{match[1]}***" if b":" in decoded else match[0]

    return _BASIC.sub(basic, text)


def with_prefixes(text: str) -> str:
    """The project prefixes the query does not declare itself, on one line in front.

    One line, so that a line number in the store's error message is off by one only.
    """
    declared = {match.lower() for match in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", text)}
    missing = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name.lower() not in declared]
    return (" ".join(missing) + "\n" + text) if missing else text


def query_message(message: str, query_text: str) -> str:
    """A store's parse error in the terms of the query as the user wrote it."""
    located = re.match(r"^error at (\d+):(\d+): ", message)
    if located and with_prefixes(query_text) != query_text:
        line = int(located[1]) - 1
        if line >= 1:
            message = f"error at {line}:{located[2]}: {message[located.end():]}"
    if located:
        # Oxigraph speaks like pyoxigraph: the embedded store's wording then applies.
        return syntax_message(query_text, message)
    # Virtuoso repeats the query it got, prefixes and all, after its reason.
    message = message.split(" SPARQL query:", 1)[0]
    counted = re.search(r"\bline (\d+):", message)
    if counted and with_prefixes(query_text) != query_text and int(counted[1]) > 1:
        message = f"{message[:counted.start(1)]}{int(counted[1]) - 1}{message[counted.end(1):]}"
    return message or "no reason given"


def http_status(error: BaseException) -> tuple[int | None, bytes]:
    """HTTP status and body of a failed exchange, if the store answered at all."""
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except Exception:  # noqa: BLE001 - the body is only a courtesy
            body = b""
        return error.code, body
    return None, b""


def retryable(error: BaseException, status: int | None) -> bool:
    if status is not None:
        return status >= 500
    if is_timeout(error):
        # A query slow enough to time out stays slow; waiting again only
        # multiplies the wait.
        return False
    if isinstance(getattr(error, "reason", None), socket.gaierror):
        return False  # a host name that does not resolve will not in a second either
    return unreachable_reason(error) is not None


def is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", None) if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, TimeoutError)


def refused(error: BaseException) -> bool:
    reason = getattr(error, "reason", None) if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, ConnectionRefusedError)


def unreachable_reason(error: BaseException) -> str | None:
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
        return condense(str(reason).encode())
    return None


def condense(body: bytes, limit: int = 400) -> str:
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


def parse_answer(content_type: str, body: bytes, url: str) -> Rows:
    if content_type in ("application/sparql-results+json", "application/json"):
        try:
            document = json.loads(body)
        except ValueError:
            raise EndpointError(f"{shown_url(url)} sent results that are not JSON") from None
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
        raise EndpointError(f"{shown_url(url)} answered in {content_type or 'an unnamed format'}, not SPARQL JSON or RDF")
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
