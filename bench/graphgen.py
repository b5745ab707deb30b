"""Stakeholder-shaped graphs of any size, for benchmarks.

The base is the real graph the extractor makes from the seeds and the dev
articles. A graph of N triples is that base copied until it has N triples,
each copy shaped like more reporting on the same negotiation:

- its own articles, statements and positions (ids suffixed ``-c{copy}``);
- actors drawn from a pool that grows more slowly than the articles: copy
  ``i`` speaks of actor variant ``i % ACTOR_VARIANTS`` (variant 0 is the real
  actor; others get their own IRI and labels, and no owl:sameAs, so a reasoner
  does not merge them);
- meetings likewise from ``i % MEETING_VARIANTS``;
- the same topics and places throughout (the scheme does not grow).

So the shape of a large corpus holds: many positions per actor, many
articles per meeting, a few dozen topics. The last copy is cut to reach N
exactly, keeping whole subjects where it can.

    python bench/graphgen.py 100000 -o big.ttl
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyoxigraph
from pyoxigraph import Literal, NamedNode, Triple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import vocab  # noqa: E402

CORPUS = (ROOT / "seeds", ROOT / "tests" / "data" / "dev")
ACTOR_VARIANTS = 20
MEETING_VARIANTS = 200

OWNED = (vocab.ARTICLE, vocab.STATEMENT, vocab.POSITION)  # per-article IRIs
ACTOR_NAMES = {vocab.RDFS + "label", vocab.SKOS + "altLabel"}
SAME_AS = vocab.OWL + "sameAs"
IDENTIFIER = vocab.DCTERMS + "identifier"


def base_triples(cache: Path | None = None) -> list[Triple]:
    """The graph of the real corpus (parsed with spaCy once; cached as N-Triples)."""
    if cache is not None and cache.is_file():
        # parse() gives Quads (in the default graph); a Quad never equals a Triple.
        return [quad.triple for quad in pyoxigraph.parse(path=cache, format=pyoxigraph.RdfFormat.N_TRIPLES)]
    from kg.pipeline import ingest

    triples = sorted(ingest(CORPUS).triples(), key=str)
    if cache is not None:
        cache.write_text("".join(f"{t} .\n" for t in triples), encoding="utf-8")
    return triples


def _copy(base: list[Triple], index: int) -> list[Triple]:
    if index == 0:
        return base
    actor_variant = index % ACTOR_VARIANTS
    meeting_variant = index % MEETING_VARIANTS
    suffix = f"-c{index}"
    renamed: dict[str, NamedNode] = {}

    def node(term):
        if not isinstance(term, NamedNode):
            return term
        value = term.value
        new = renamed.get(value)
        if new is None:
            if value.startswith(OWNED):
                new = NamedNode(value + suffix)
            elif value.startswith(vocab.ACTOR) and actor_variant:
                new = NamedNode(f"{value}-v{actor_variant}")
            elif value.startswith(vocab.MEETING) and meeting_variant:
                new = NamedNode(f"{value}-m{meeting_variant}")
            else:
                new = term
            renamed[value] = new
        return new

    out = []
    for t in base:
        subject, predicate, obj = node(t.subject), t.predicate, t.object
        p = predicate.value
        if isinstance(obj, Literal):
            if p == IDENTIFIER:
                obj = Literal(obj.value + suffix)
            elif actor_variant and p in ACTOR_NAMES and t.subject.value.startswith(vocab.ACTOR):
                # Own names, so that a name or surname still picks one actor.
                obj = Literal(f"{obj.value} (v{actor_variant})", language=obj.language) if obj.language else Literal(
                    f"{obj.value} (v{actor_variant})", datatype=obj.datatype
                )
        else:
            if actor_variant and p == SAME_AS and t.subject.value.startswith(vocab.ACTOR):
                continue
            obj = node(obj)
        out.append(Triple(subject, predicate, obj))
    return out


def stakeholder_graph(size: int, base: list[Triple]) -> list[Triple]:
    """Exactly ``size`` distinct triples (fewer only if ``size`` is below what one copy adds)."""
    seen: set[Triple] = set()
    graph: list[Triple] = []
    index = 0
    while len(graph) < size:
        fresh = [t for t in _copy(base, index) if t not in seen]
        if not fresh:
            break
        room = size - len(graph)
        if len(fresh) > room:
            fresh.sort(key=lambda t: t.subject.value)
            fresh = fresh[:room]
        seen.update(fresh)
        graph.extend(fresh)
        index += 1
    return graph


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of triples")
    parser.add_argument("-o", "--output", type=Path, required=True, help="Turtle (.ttl) or N-Triples (.nt) file")
    parser.add_argument("--base-cache", type=Path, help="N-Triples file caching the base graph")
    args = parser.parse_args()
    from kg.graph import turtle

    started = time.perf_counter()
    graph = stakeholder_graph(args.size, base_triples(args.base_cache))
    fmt = "nt" if args.output.suffix == ".nt" else "turtle"
    turtle.write_atomic(args.output, turtle.serialize(graph, fmt))
    print(f"{len(graph)} triples -> {args.output} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
