"""The fault suite's scenarios: what each one does, what must hold after it, and its test.

docs/reliability.md is rendered from this table and the outcomes the suite
records (tests/faults/test_reliability_doc.py), so that its figures are the
suite's and not someone's typing.
"""

from __future__ import annotations

from dataclasses import dataclass

BAD_INPUT = "bad input"
FAULT = "fault"


@dataclass(frozen=True)
class Scenario:
    id: str
    kind: str
    what: str
    holds: str
    test: str


def _bad(id: str, what: str, holds: str, test: str = "test_bad_inputs.py::test_bad_input[{id}]") -> Scenario:
    return Scenario(id, BAD_INPUT, what, holds, f"tests/faults/{test.format(id=id)}")


def _fault(id: str, what: str, holds: str, test: str) -> Scenario:
    return Scenario(id, FAULT, what, holds, f"tests/faults/{test}")


_BATCH = "exit 1; one line naming the file and why; every good article of the batch in the graph"
_READ = "read as an article; no line; exit as for the rest of the batch"

SCENARIOS = [
    _bad("empty", "empty file", _BATCH),
    _bad("binary", "binary file (NUL bytes)", _BATCH),
    _bad("invalid-utf8", "invalid UTF-8", _BATCH),
    _bad("utf16", "UTF-16 text with a byte-order mark", _READ),
    _bad("large", "a 5 MB text", _BATCH + " (too long for the parser; refused before parsing)"),
    _bad("one-line", "a 1 MiB single line with no punctuation", _BATCH),
    _bad("nested-html", "HTML nested 5,000 elements deep", _BATCH),
    _bad("script-html", "HTML holding only scripts", _BATCH),
    _bad("malformed-jsonl", "JSON Lines with a malformed line and a line that is not an object",
         "exit 1; one line per bad line, with its line number; the good line of the file in the graph"),
    _bad("partial-jsonl", "JSON Lines cut off in the middle of the last line",
         "exit 1; one line for the cut line; the lines before it in the graph"),
    _bad("duplicate-ids", "two JSON lines with one id and different texts",
         "exit 1; one line naming the id and the line that has it first; the first text in the graph"),
    _bad("bom-jsonl", "JSON Lines starting with a UTF-8 byte-order mark", "its first line read as an article; no line"),
    _bad("utf16-jsonl", "JSON Lines in UTF-16 with a byte-order mark", "every line read as an article; no line"),
    _bad("non-english", "an article in German", _BATCH),
    _bad("symlink-loop", "a symlink loop, in a folder and named on the command line",
         "exit 1; one line each saying 'symlink loop'; the rest of the batch in the graph"),
    _bad("fifo", "a named pipe (FIFO) with an article's name", "exit 1; one line saying it is a named pipe; no hang"),
    _bad("missing", "a path that does not exist", _BATCH),
    _bad("store-corpus", "the bad inputs above again, in one kg ingest --store DIR",
         "exit 1; the same lines as with -o; the same articles stored", "test_bad_inputs.py::test_the_corpus_into_a_store_gives_the_same_lines"),
    _bad("unreadable-file", "a file the user may not read, in a folder and named on the command line",
         "exit 1; one line each; the rest of the batch in the graph", "test_bad_inputs.py::test_unreadable"),
    _bad("unreadable-folder", "a subfolder the user may not list",
         "exit 1; one line naming the folder; the rest of the batch in the graph", "test_bad_inputs.py::test_unreadable"),
    _bad("output-folder", "-o naming a folder",
         "exit 2; one line; before any article is read; nothing written", "test_bad_inputs.py::test_bad_output[{id}]"),
    _bad("output-unwritable", "-o in a folder that cannot be written",
         "exit 2; one line; before any article is read; nothing written", "test_bad_inputs.py::test_bad_output[{id}]"),
    _bad("huge-html", "a 19 MB HTML page",
         "exit 1; one line saying how large it is; refused before the page is parsed (the run under 30 s);"
         " the rest of the batch in the graph", "test_bad_inputs.py::test_a_huge_html_page_is_refused_before_it_is_parsed"),
    _bad("output-folder-others", "-o naming a folder, for kg export, query, sparql, viz, reason and docs",
         "exit 2; one line naming -o; before any input is read; nothing written",
         "test_bad_inputs.py::test_bad_output_of_every_writer[{id}]"),
    _bad("output-unwritable-others", "-o in a folder that cannot be written, for the same commands",
         "exit 2; one line naming -o; before any input is read; nothing written",
         "test_bad_inputs.py::test_bad_output_of_every_writer[{id}]"),
    _fault("kill-ingest", "kill -9 of kg ingest -o kg.ttl at 3 random points over 60 articles",
           "the previous kg.ttl byte for byte, and it parses", "test_kill.py::test_kill_ingest_keeps_the_previous_graph"),
    _fault("kill-write", "kill -9 while the graph's temporary file is being written, then kg ingest again",
           "the previous kg.ttl intact; no .kg.ttl.*.tmp file after the next run",
           "test_kill.py::test_kill_during_the_write_leaves_no_temporary_file"),
    _fault("kill-store", "kill -9 of kg ingest --store DIR midway, then the same command again",
           "the store opens; kg export gives the same bytes as a clean run",
           "test_store.py::test_kill_store_ingest_then_again_is_a_clean_store"),
    _fault("two-writers", "two kg ingest --store DIR at once",
           "the second exits 2 with one line naming the lock and its holder; kg export gives the bytes of a clean run",
           "test_store.py::test_two_writers_one_gets_a_clear_lock_error"),
    _fault("sparql-update", "kg sparql DROP ALL, INSERT DATA and LOAD against a file",
           "each refused: exit 2, one line; the file byte for byte as it was",
           "test_sparql.py::test_sparql_update_against_a_file_is_refused"),
    _fault("redirect", "a store URL that redirects (301, 302, 303, 307, 308) to another origin, for kg load --replace"
           " and kg query, with credentials set",
           "exit 3, one line naming where it redirects; nothing sent to the other origin (so no credentials);"
           " no answer printed; the target graph as it was",
           "test_stores.py::test_redirects_are_refused_and_credentials_stay_home"),
    _fault("echoed-credentials", "a store whose error page echoes the request's headers (kg load, query, sparql)",
           "exit 3, one line with the store's words, the Authorization value masked; neither password nor token"
           " printed", "test_stores.py::test_an_error_page_that_echoes_the_request_shows_no_credentials"),
    _fault("bad-endpoint-url", "--endpoint with user:password@ in it, or not http(s)",
           "exit 2, one line; no password or user name printed; nothing sent",
           "test_stores.py::test_an_endpoint_url_with_credentials_or_not_http_is_a_usage_error"),
    _fault("kill-load", "kill -9 of kg load --replace (120,000 triples) after its first batches, then another kg load",
           "the target graph as it was; the next load drops the killed load's temporary graph and names it",
           "test_stores.py::test_kill_load_replace_then_the_next_load_drops_its_temporary_graph"),
    _fault("store-dies", "kill -9 of the Oxigraph server in the middle of kg load --replace, then the server"
           " restarted and kg load again",
           "the load exits 3 with one line; the target graph as it was; the next load drops the temporary graph",
           "test_stores.py::test_a_store_that_dies_mid_load"),
    _fault("lost-move-after", "the answer to the final MOVE of kg load --replace lost after the store ran it",
           "checked, not guessed: exit 0, the target replaced, no temporary graph left",
           "test_stores.py::test_a_final_move_whose_answer_is_lost_is_checked[after]"),
    _fault("lost-move-before", "the final MOVE of kg load --replace lost before it reached the store",
           "exit 3, one line saying the target is as before (checked); the target as it was; no temporary graph left",
           "test_stores.py::test_a_final_move_whose_answer_is_lost_is_checked[before]"),
    _fault("serve-read-only", "kg serve, then an update posted as a web form from another origin, and kg load",
           "both refused (kg load: exit 3, one line); the data as it was; with --writable kg load goes in",
           "test_serve.py::test_serve_is_read_only_unless_writable"),
    _fault("serve-timeout", "kg serve --timeout 1, then a query joining the whole graph with itself three times",
           "the server stops it: kg sparql exits 3 with one line within the limit plus start-up; the server still"
           " answers", "test_serve.py::test_serve_stops_a_long_query_on_the_server"),
    _fault("kill-serve", "kill -9 of kg serve", "its Oxigraph server exits with it; the port is free",
           "test_serve.py::test_kill_serve_leaves_no_server"),
    _fault("kill-worker", "kill -9 of one worker of kg ingest --jobs 2 at a random point over 48 articles",
           "no hang; one warning line; exit 0 and the bytes of a clean run (what the worker had is parsed again)",
           "test_jobs.py::test_a_killed_worker_loses_nothing"),
    _fault("kill-workers", "kill -9 of four workers of kg ingest --jobs 2, one after another",
           "no hang; each article either in the graph or named in a 'lost' line (exit 1), or exit 2 with one line",
           "test_jobs.py::test_workers_killed_again_and_again_never_hang_the_parent"),
]

BY_ID = {scenario.id: scenario for scenario in SCENARIOS}
