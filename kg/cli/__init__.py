"""The `kg` command: parses options, calls the library, prints.

Everything a command does is a function in the library (kg.pipeline, kg.graph.queries,
...) that a notebook can call too; this package only translates between the shell
and those functions. Exit codes: 0 ok, 1 done but something was skipped or
failed a check, 2 usage or input error, 3 endpoint error.

    app        the typer application, ``fail`` (one line, an exit code) and ``main``
    options    every option more than one command takes, declared once
    sources    what the options name, opened: the graph to read, the debate's files
    progress   the progress bars on stderr
    ingest     kg ingest, kg export
    query      kg queries, kg query, kg sparql
    pictures   kg viz, kg show
    ontology   kg reason, kg validate, kg docs
    stores     kg load, kg serve
    quality    kg eval, kg topics check
"""

from __future__ import annotations

from kg.cli import ingest, ontology, pictures, quality, query, stores
from kg.cli.app import app, main, register

__all__ = ["app", "main"]

# The commands in the order `kg --help` lists them.
COMMANDS = {
    "ingest": ingest.ingest_command,
    "export": ingest.export_command,
    "eval": quality.eval_command,
    "queries": query.queries_command,
    "query": query.query_command,
    "sparql": query.sparql_command,
    "viz": pictures.viz_command,
    "reason": ontology.reason_command,
    "validate": ontology.validate_command,
    "load": stores.load_command,
    "serve": stores.serve_command,
    "show": pictures.show_command,
    "docs": ontology.docs_command,
}
for name, function in COMMANDS.items():
    register(app, name, function)
app.add_typer(quality.topics_app, name="topics")
