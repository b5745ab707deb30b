"""Human-readable documentation of the ontology, generated from ontology/.

pyLODE renders the OWL ontology (classes, properties, their comments, domains
and ranges, the namespaces) as one self-contained HTML page, the way many
published vocabularies are documented. Its OntPub profile does not list SKOS
concepts, so the topic scheme is added as a section of our own, read from
topics.ttl with pyoxigraph.

pyLODE is an optional extra (pip install 'stakeholder-kg[docs]'): only the
people who change the ontology need it.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pyoxigraph

from kg.errors import KGError
from kg.resources import ontology_file
from kg.vocab import SKG, SKOS

__all__ = ["ontology_html", "topics_section"]


def ontology_html(ontology: Path | None = None, topics: Path | None = None) -> str:
    """The ontology page: pyLODE's OntPub rendering plus the topic scheme."""
    ontology = ontology or ontology_file("stakeholder.ttl")
    topics = topics or ontology_file("topics.ttl")
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from pylode import OntPub
    except ImportError:
        raise KGError("the ontology documentation needs pyLODE: pip install 'stakeholder-kg[docs]'") from None
    finally:
        # pyLODE configures the root logger when imported (DEBUG, to stderr),
        # which would print its chatter and everyone else's: undo that.
        root.setLevel(level)
        root.handlers[:] = handlers
    try:
        page = OntPub(ontology=str(ontology)).make_html()
    except Exception as error:  # pyLODE's own errors have no common base class
        raise KGError(f"{ontology}: pyLODE cannot document it: {type(error).__name__}: {error}") from None
    return _add_section(page, topics_section(topics))


def _add_section(page: str, section: str) -> str:
    """Put the topic scheme before pyLODE's Namespaces section, and into its table of contents."""
    entry = '<li><h4><a href="#topic-scheme">Topic scheme</a></h4></li>\n'
    namespaces = re.search(r'<div id="namespaces">', page)
    if namespaces is None:
        return page.replace("</body>", section + "\n</body>", 1)
    page = page[: namespaces.start()] + section + "\n" + page[namespaces.start():]
    toc = re.search(r'<li>\s*<h4>\s*<a href="#namespaces">', page)
    if toc:
        page = page[: toc.start()] + entry + page[toc.start():]
    return page


def topics_section(path: Path) -> str:
    """The SKOS concepts of topics.ttl as an HTML section: label, IRI, definition, other labels, patterns."""
    try:
        triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as error:
        raise KGError(f"{path}: cannot read: {error}") from None
    values: dict[str, dict[str, list[str]]] = {}
    for triple in triples:
        if isinstance(triple.subject, pyoxigraph.NamedNode):
            values.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(
                triple.object.value
            )
    scheme = next((iri for iri, props in values.items()
                   if "http://www.w3.org/2004/02/skos/core#ConceptScheme" in props.get(
                       "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])), None)
    concepts = sorted(
        (iri for iri, props in values.items() if SKOS + "inScheme" in props),
        key=lambda iri: _first(values[iri], SKOS + "prefLabel", iri).casefold(),
    )
    parts = ['<div class="section" id="topic-scheme">', "<h2>Topic scheme</h2>"]
    if scheme:
        props = values[scheme]
        parts.append(f"<p><strong>{_e(_first(props, SKOS + 'prefLabel', scheme))}</strong> "
                     f"<code>{_e(scheme)}</code></p>")
        description = _first(props, "http://purl.org/dc/terms/description", "")
        if description:
            parts.append(f"<p>{_e(description)}</p>")
    parts.append(f"<p>{len(concepts)} topics, each a <code>skos:Concept</code> and <code>skg:Topic</code>. "
                 "Patterns are the regular expressions the extractor uses to find the topic in a sentence; "
                 "opposite patterns find its opposite (a stance on it is the reverse stance on the topic).</p>")
    for iri in concepts:
        props = values[iri]
        local = iri.rsplit("/", 1)[-1]
        parts.append(f'<div class="property entity" id="topic-{_e(local)}">')
        parts.append(f"<h3>{_e(_first(props, SKOS + 'prefLabel', local))}</h3>")
        parts.append("<table>")
        parts.append(f"<tr><th>IRI</th><td><code>{_e(iri)}</code></td></tr>")
        for label, key in (("Definition", SKOS + "definition"), ("Also called", SKOS + "altLabel")):
            found = sorted(props.get(key, []), key=str.casefold)
            if found:
                parts.append(f"<tr><th>{label}</th><td>{'; '.join(_e(v) for v in found)}</td></tr>")
        for label, key in (("Patterns", SKG + "pattern"), ("Opposite patterns", SKG + "oppositePattern")):
            found = sorted(props.get(key, []))
            if found:
                items = "".join(f"<li><code>{_e(v)}</code></li>" for v in found)
                parts.append(f"<tr><th>{label}</th><td><details><summary>{len(found)}</summary>"
                             f"<ul>{items}</ul></details></td></tr>")
        parts.append("</table>")
        parts.append("</div>")
    parts.append("</div>")
    return "\n".join(parts)


def _first(props: dict[str, list[str]], key: str, default: str) -> str:
    found = sorted(props.get(key, []))
    return found[0] if found else default


def _e(text: str) -> str:
    return html.escape(text, quote=True)
