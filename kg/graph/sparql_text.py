"""SPARQL handled as text: bindings written into a query as a VALUES block, and
pyoxigraph's parse errors told in one line that points at the place."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.errors import QueryError
from kg.graph.results import Term


def inline_bindings(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with its bindings as VALUES blocks: one opening the WHERE clause,
    and one opening each subquery that passes the variable up to it.

    For endpoints that cannot take bindings apart from the text. Terms are
    written in N-Triples syntax, so a value cannot change the query's shape.
    The blocks inside subqueries bind what the embedded store's substitution
    binds too; without them a store evaluates a subquery for every value
    before it joins the one asked for (the canned queries deduplicate in
    nested subqueries, see docs/stores.md).
    """
    if not bindings:
        return text
    masked = _masked(text)
    brace = masked.find("{")
    if brace < 0:
        raise QueryError("query has no WHERE clause to bind parameters in")
    inserts = {brace: list(bindings)}
    closing = _closing_braces(masked)
    # Subqueries, outermost first, with the variables their chain of
    # projections passes up to the top.
    passed: list[tuple[int, int, set[str]]] = [(brace, closing.get(brace, len(text)), set(bindings))]
    for match in _SUBQUERY.finditer(masked, brace + 1):
        start = match.end() - 1
        projected = _projected(match["projection"])
        enclosing = [names for begin, end, names in passed if begin < start < end]
        names = (enclosing[-1] if enclosing else set()) & projected
        passed.append((start, closing.get(start, len(text)), names))
        if names:
            inserts[start] = [name for name in bindings if name in names]
    for position in sorted(inserts, reverse=True):
        names = inserts[position]
        values = (
            "VALUES (" + " ".join(f"?{name}" for name in names) + ") { ("
            + " ".join(str(bindings[name]) for name in names) + ") }"
        )
        text = f"{text[:position + 1]} {values}{text[position + 1:]}"
    return text


_SUBQUERY = re.compile(r"(?i)\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(?P<projection>[^{]*?)\s*(?:WHERE\s*)?\{")


def _projected(projection: str) -> set[str]:
    """The variables a SELECT clause passes on as they are (not those it computes with AS)."""
    if projection.strip() == "*":
        return set()
    plain = re.sub(r"\((?:[^()]|\([^()]*\))*\)", " ", projection)
    return set(re.findall(r"[?$](\w+)", plain))


def _closing_braces(masked: str) -> dict[int, int]:
    """Where each { of the query closes."""
    pairs, stack = {}, []
    for index, char in enumerate(masked):
        if char == "{":
            stack.append(index)
        elif char == "}" and stack:
            pairs[stack.pop()] = index
    return pairs


def _masked(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length), so that
    braces and keywords found in it are the query's own."""
    out = list(text)
    index, quote = 0, None
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                out[index] = " "
                if index + 1 < len(text):
                    out[index + 1] = " "
                index += 2
                continue
            if text.startswith(quote, index):
                index += len(quote)
                quote = None
                continue
            out[index] = " "
        elif char == "#":
            newline = text.find("\n", index)
            end = len(text) if newline < 0 else newline
            for position in range(index, end):
                out[position] = " "
            index = end
            continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote)
            continue
        elif char == "<":
            # An IRI (no spaces in it), not the operator "<".
            iri = re.match(r"<[^<>\"{}|^`\\\s]*>", text[index:])
            if iri:
                for position in range(index + 1, index + iri.end() - 1):
                    out[position] = " "
                index += iri.end()
                continue
        index += 1
    return "".join(out)


# --- malformed queries -------------------------------------------------------------

_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)


def syntax_message(text: str, message: str) -> str:
    """pyoxigraph's parse error in one readable line."""
    located = _ERROR_AT.match(message.strip())
    if not located:
        return f"malformed query: {one_line(message)}"
    line, column, reason = int(located[1]), int(located[2]), located[3]
    where = f"malformed query at line {line}, column {column}"
    if "Prefix not found" in reason:
        lines = text.splitlines()
        before = lines[line - 1][: column - 1] if 0 < line <= len(lines) else ""
        prefixed = re.search(r"([A-Za-z][\w.-]*)?:[^\s:]*$", before)
        if prefixed:
            return f"{where}: unknown prefix '{prefixed[1] or ''}:'; declare it with PREFIX"
        return f"{where}: unknown prefix; declare it with PREFIX"
    if reason.startswith("expected one of "):
        # The parser lists character classes too ("['A' ..= 'Z' | ...]"); the
        # tokens are what a person can act on.
        tokens = [token for token in re.split(r",\s*(?![^\[]*\])", reason[len("expected one of "):])]
        readable = [token for token in tokens if not token.startswith("[")]
        reason = "expected " + (", ".join(readable) if readable else "something else")
        if len(readable) < len(tokens):
            reason += ", ..."
    return f"{where}: {one_line(reason)}"


def one_line(text: str) -> str:
    return " ".join(text.split())
