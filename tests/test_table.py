"""The table format in a pipe: one line per row, long cells cut with an ellipsis."""

from __future__ import annotations

import io

import pyoxigraph

from kg.graph import results
from kg.graph.results import PIPED_CELL_WIDTH, Rows

SENTENCE = (
    "Around the same time, Defense Secretary Pete Hegseth, in his remarks in Brussels, labeled it "
    "unrealistic for Ukraine to become a part of NATO amid hopes to restore peace."
)


def piped(rows: Rows) -> list[str]:
    stream = io.StringIO()  # not a terminal, as with | less or > file
    results.write(rows, "table", stream)
    return stream.getvalue().splitlines()


def test_long_cells_are_cut_and_rows_stay_on_one_line():
    rows = Rows(["holder", "evidence"], [
        (pyoxigraph.Literal("Pete Hegseth"), pyoxigraph.Literal(SENTENCE)),
        (pyoxigraph.Literal("Maria Zakharova"), pyoxigraph.Literal("It is\n\"not enough\".")),
    ])
    lines = piped(rows)
    assert len(lines) == 2 + 2 + 1  # header, rule, two rows, count
    first = lines[2]
    assert first.startswith("Pete Hegseth      ")
    cell = first[len("Pete Hegseth      "):].strip()
    assert cell.endswith("\u2026") and len(cell) == PIPED_CELL_WIDTH
    assert SENTENCE.startswith(cell[:-1].rstrip())
    assert lines[3].split(None, 2)[2] == 'It is "not enough".'  # a newline in a value does not break the row
    assert lines[-1] == f"2 rows (values cut at {PIPED_CELL_WIDTH} characters; --format csv or json gives them whole)"


def test_many_columns_keep_their_width_in_a_pipe():
    columns = [f"column_{index}" for index in range(12)]
    rows = Rows(columns, [tuple(pyoxigraph.Literal(f"value number {index}") for index in range(12))])
    lines = piped(rows)
    assert lines[0].split() == columns  # no header folded over two lines
    assert lines[2].split("   ") == [f"value number {index}" for index in range(12)]
    assert lines[-1] == "1 row"


def test_on_a_terminal_identifiers_stay_whole_and_prose_wraps():
    columns = ["holder", "evidence", "topic"]
    cells = [["Pete Hegseth", SENTENCE, "topic:UkraineNATOMembership"]]
    widths = results._column_widths(columns, cells, 100)
    assert widths[2] == len("topic:UkraineNATOMembership")  # not folded mid-word
    assert widths[0] == len("Pete Hegseth")
    assert sum(widths) + 3 * 2 <= 100  # the table fits the terminal
    assert widths[1] == 100 - 6 - widths[0] - widths[2]  # the evidence takes the rest and wraps


def test_piped_kg_query_streams_the_csv_values_one_row_a_line(seeds_ttl):
    """`kg query NAME > file`: plain text, no rich table layout, the CSV's values in fixed columns."""
    import csv
    import subprocess
    import sys

    command = [sys.executable, "-c", "from kg.cli import main; main()", "query", "positions", "-d", str(seeds_ttl)]
    piped = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    answer = subprocess.run([*command, "-f", "csv"], capture_output=True, text=True, check=True).stdout
    header, *records = list(csv.reader(io.StringIO(answer)))
    assert piped[0].split() == header
    # Each column starts where its name does, three spaces after the widest cell before it.
    starts = [piped[0].index(name) for name in header]
    assert piped[1] == "-" * len(piped[1]) and len(piped[1]) >= len(piped[0])
    assert len(piped) == 2 + len(records) + 1
    for line, record in zip(piped[2:], records):
        cells = [line[start:end].strip() for start, end in zip(starts, starts[1:] + [None])]
        expected = [results._shorten(value, PIPED_CELL_WIDTH) for value in record]
        # The table shortens IRIs with the project's prefixes where CSV gives them whole.
        assert [c for c, e in zip(cells, expected) if c != e] == [
            results.compact(e) for c, e in zip(cells, expected) if c != e
        ]
    assert piped[-1].startswith(f"{len(records)} rows")
    assert not any("\x1b" in line for line in piped)  # no colour codes
