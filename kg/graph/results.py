"""Answers of a query (Rows) and how they are written: table, CSV, TSV, JSON.

csv, tsv and srj follow the W3C result formats byte for byte
(https://www.w3.org/TR/sparql11-results-csv-tsv/,
https://www.w3.org/TR/sparql11-results-json/), so other SPARQL tools read them;
json is a plain array of objects for jq and pandas.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TextIO

import pyoxigraph
from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.errors import QueryError
from kg.vocab import PREFIXES, XSD

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple

FORMATS = ("table", "csv", "tsv", "json", "srj")


@dataclass
class Rows:
    """A query's answer: variable names, and one tuple of terms per solution (None: unbound)."""

    columns: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def records(self) -> list[dict[str, str | None]]:
        """The rows as dicts of plain strings, e.g. for ``pandas.DataFrame(rows.records())``."""
        return [dict(zip(self.columns, (plain(term) for term in row))) for row in self.rows]

    def dataframe(self):
        """The rows as a pandas DataFrame of plain strings (None where unbound), columns in query order.

        Needs pandas (pip install 'stakeholder-kg[pandas]'); numbers stay
        strings, as in CSV: convert with ``df["confidence"].astype(float)``.
        """
        try:
            import pandas
        except ImportError:
            raise QueryError("a DataFrame needs pandas: pip install 'stakeholder-kg[pandas]'") from None
        return pandas.DataFrame(self.records(), columns=self.columns)

    def column(self, name: str) -> list[str | None]:
        """The plain values of one column."""
        index = self.columns.index(name)
        return [plain(row[index]) for row in self.rows]


def plain(term: Term | None) -> str | None:
    """A term as the string a spreadsheet wants: IRI, lexical form, or _:label."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, pyoxigraph.Triple):
        return str(term)
    return term.value


def write(rows: Rows, fmt: str, stream: TextIO) -> None:
    """Write ``rows`` to ``stream`` as table, csv, tsv, json or srj."""
    writers = {"table": write_table, "csv": write_csv, "tsv": write_tsv, "json": write_json, "srj": write_srj}
    try:
        writer = writers[fmt]
    except KeyError:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    writer(rows, stream)


# --- CSV and TSV -------------------------------------------------------------


def write_csv(rows: Rows, stream: TextIO) -> None:
    """W3C SPARQL CSV: plain values, RFC 4180 quoting, CRLF line ends."""
    stream.write(",".join(_csv_field(name) for name in rows.columns) + "\r\n")
    for row in rows.rows:
        stream.write(",".join(_csv_field(plain(term) or "") for term in row) + "\r\n")


def _csv_field(value: str) -> str:
    if any(char in value for char in '",\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_tsv(rows: Rows, stream: TextIO) -> None:
    """W3C SPARQL TSV: header ``?var``, terms in Turtle syntax, LF line ends."""
    stream.write("\t".join(f"?{name}" for name in rows.columns) + "\n")
    for row in rows.rows:
        stream.write("\t".join(turtle(term) if term is not None else "" for term in row) + "\n")


# Literals Turtle may write bare: the spec's own TSV examples abbreviate numbers.
_BARE = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}


def turtle(term: Term) -> str:
    """A term in Turtle / N-Triples syntax, with no raw tab or newline in it."""
    if isinstance(term, pyoxigraph.Literal):
        bare = _BARE.get(term.datatype.value)
        if bare and bare.fullmatch(term.value):
            return term.value
    # pyoxigraph escapes quotes, backslashes, newlines and tabs in literals.
    return str(term)


# --- JSON ----------------------------------------------------------------------


def write_json(rows: Rows, stream: TextIO) -> None:
    """A JSON array of objects {column: value or null}: numbers and booleans as JSON's, the rest as strings.

    So that ``jq 'select(.confidence > 0.8)'`` compares numbers, not text.
    """
    records = [dict(zip(rows.columns, (json_value(term) for term in row))) for row in rows.rows]
    json.dump(records, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


_INTEGERS = {XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)}
_REALS = {XSD + "decimal", XSD + "double", XSD + "float"}


def json_value(term: Term | None) -> str | int | float | bool | None:
    """A term as JSON: a typed number or boolean as a JSON number or boolean, anything else as plain()."""
    if isinstance(term, pyoxigraph.Literal):
        datatype, lexical = term.datatype.value, term.value.strip()
        try:
            if datatype in _INTEGERS:
                return int(lexical)
            if datatype in _REALS:
                number = float(lexical)
                # JSON has no NaN or infinity: those stay text.
                return number if number == number and abs(number) != float("inf") else term.value
        except ValueError:
            return term.value  # an ill-typed literal keeps its lexical form
        if datatype == XSD + "boolean" and lexical in ("true", "false", "1", "0"):
            return lexical in ("true", "1")
    return plain(term)


def write_srj(rows: Rows, stream: TextIO) -> None:
    """W3C SPARQL 1.1 Query Results JSON."""
    bindings = [
        {name: srj_term(term) for name, term in zip(rows.columns, row) if term is not None} for row in rows.rows
    ]
    document = {"head": {"vars": list(rows.columns)}, "results": {"bindings": bindings}}
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


_PLAIN_DATATYPES = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def srj_term(term: Term) -> dict:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": srj_term(term.subject),
                "predicate": srj_term(term.predicate),
                "object": srj_term(term.object),
            },
        }
    encoded = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value not in _PLAIN_DATATYPES:
        encoded["datatype"] = term.datatype.value
    return encoded


# --- table ---------------------------------------------------------------------


# A piped table (to less, a file, grep) keeps one line per row, so that rows
# line up and grep finds whole rows; a cell is cut at this many characters
# with an ellipsis. csv and json give every value whole.
PIPED_CELL_WIDTH = 60


def write_table(rows: Rows, stream: TextIO) -> None:
    """A table that fits the terminal, cells wrapped; plain text, one line per row, when not a terminal."""
    if not _is_terminal(stream):
        write_piped_table(rows, stream)
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    cells = [[readable(term) for term in row] for row in rows.rows]
    console = Console(file=stream, force_terminal=True, highlight=False, markup=False, emoji=False)
    for name, width in zip(rows.columns, _column_widths(rows.columns, cells, console.width)):
        table.add_column(name, overflow="fold", width=width)
    for row in cells:
        # Text, not str: a value like "[bold]" must print as it is, not as markup.
        table.add_row(*(Text(value) for value in row))
    console.print(table)
    console.print(_row_count(rows), style="dim")


def write_piped_table(rows: Rows, stream: TextIO) -> None:
    """The table in a pipe or a file: the header, a rule of dashes, one line per
    row with columns three spaces apart and each cell cut at PIPED_CELL_WIDTH,
    then the row count. Plain string formatting, not rich's table layout,
    which took four times as long as the whole CSV answer on large tables."""
    cells, cut = [], False
    for row in rows.rows:
        values = [readable(term) for term in row]
        shortened = [_shorten(value, PIPED_CELL_WIDTH) for value in values]
        cut = cut or shortened != values
        cells.append(shortened)
    lengths = [[cell_len(cell) for cell in row] for row in cells]
    widths = [max([cell_len(name)] + [row[index] for row in lengths]) for index, name in enumerate(rows.columns)]

    def line(values: list[str], sizes: list[int]) -> str:
        return "   ".join(value + " " * (width - size) for value, size, width in zip(values, sizes, widths)).rstrip() + "\n"

    stream.write(line(rows.columns, [cell_len(name) for name in rows.columns]))
    stream.write("-" * (sum(widths) + 3 * (len(widths) - 1)) + "\n")
    for row, sizes in zip(cells, lengths):
        stream.write(line(row, sizes))
    count = _row_count(rows)
    if cut:
        count += f" (values cut at {PIPED_CELL_WIDTH} characters; --format csv or json gives them whole)"
    stream.write(count + "\n")


def _row_count(rows: Rows) -> str:
    return f"{len(rows)} row{'' if len(rows) == 1 else 's'}"


# Characters one terminal cell wide each: printable ASCII, Latin letters with
# accents, and the dashes, quotation marks and ellipsis of news text.
_NARROW = re.compile("[\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e]*")


def _shorten(value: str, limit: int) -> str:
    """One line, at most ``limit`` terminal cells, an ellipsis where it was cut."""
    value = " ".join(value.split())
    if _NARROW.fullmatch(value):  # one cell a character: no need to measure grapheme by grapheme
        return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
    if cell_len(value) <= limit:
        return value
    head = value[: 2 * limit]  # measuring a long sentence grapheme by grapheme is slow; its head is enough
    return set_cell_size(head if cell_len(head) >= limit else value, limit - 1).rstrip() + "…"


# A value without spaces (an IRI, an article id, a topic id) is not folded
# in the middle while a column of prose can wrap instead; past this length it
# may be (a long URL must not take the whole width).
UNBROKEN_WIDTH = 40


def _column_widths(columns: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Share the width out max-min fair: a column whose values fit in an equal
    share gets what it needs, and the long ones (evidence sentences) split
    what is left and wrap. Each column first gets room for its longest word,
    if all of them fit, so that identifiers stay whole and prose wraps."""
    longest = [max([len(name)] + [len(row[index]) for row in cells]) for index, name in enumerate(columns)]
    words = [
        min(max([len(word) for row in cells for word in row[index].split()] + [len(name)]), UNBROKEN_WIDTH)
        for index, name in enumerate(columns)
    ]
    # Between columns: one space of padding on each side and a one-space rule.
    room = max(width - 3 * (len(columns) - 1), len(columns))
    floor = words if sum(words) <= room else [0] * len(columns)
    widths: list[int | None] = [None] * len(columns)
    while True:
        open_columns = [index for index, given in enumerate(widths) if given is None]
        if not open_columns:
            return widths
        spare = room - sum(given for given in widths if given is not None)
        # What an equal share of the rest is worth to each column, beyond its floor.
        extra = (spare - sum(floor[index] for index in open_columns)) // len(open_columns)
        fitting = [index for index in open_columns if longest[index] <= floor[index] + extra]
        if not fitting:
            for index in open_columns:
                widths[index] = max(floor[index] + extra, 4)
            return widths
        for index in fitting:
            widths[index] = longest[index]


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def readable(term: Term | None) -> str:
    """A term for people: literals as text, IRIs shortened with the project prefixes."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    return plain(term) or ""


def compact(iri: str) -> str:
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            local = iri[len(namespace):]
            if re.fullmatch(r"[A-Za-z0-9_][\w.-]*", local) and not local.endswith("."):
                best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return iri
