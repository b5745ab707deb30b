"""Local syntactic shapes of stance cues, as data (ontology/cue-patterns.json): spaCy
DependencyMatcher patterns with a name, the node whose word is the cue, and the
lexicon lists it is looked up in.

In: a Doc. Out: for each anchor token, the shapes matched there, in the order
the climb tries them. The patterns are validated when the knowledge is loaded,
so a broken shape is one error naming the file and the rule, not a failure in
the middle of a batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.errors import InputError

ROLES = ("predicate", "copula")
WORDS = ("adjectives", "nouns")
MATCH = ("lemma", "lower")


@dataclass(frozen=True)
class Shape:
    rule: str
    role: str
    cue: str  # the node whose word is the cue
    words: str  # which words of a [[stance]] entry: adjectives | nouns
    match: tuple[str, ...]  # lemma, lower: how the node's word is compared
    word: str  # what the position records: lemma | lower
    conjuncts: bool  # the cue node's conjuncts count too
    lexicon: tuple[tuple[str, tuple[str, ...]], ...]  # node -> a lexicon list its lemma must be in
    nodes: tuple[str, ...]  # RIGHT_IDs, in pattern order
    pattern: tuple[dict, ...]


@dataclass(frozen=True)
class Match:
    shape: Shape
    tokens: dict[str, Token]


def load_shapes(path: Path) -> tuple[Shape, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{path}: cannot read shapes: {error}") from error
    shapes = []
    for entry in data.get("shapes", []):
        shapes.append(_shape(path, entry))
    names = [s.rule for s in shapes]
    if len(set(names)) != len(names):
        raise InputError(f"{path}: a rule name is used twice: {sorted(n for n in names if names.count(n) > 1)[0]!r}")
    return tuple(shapes)


def _shape(path: Path, entry: dict) -> Shape:
    rule = entry.get("rule", "?")
    try:
        pattern = tuple(entry["pattern"])
        DependencyMatcher(Vocab(), validate=True).add(rule, [list(pattern)])
        shape = Shape(
            rule=rule, role=entry["role"], cue=entry["cue"], words=entry["words"],
            match=tuple(entry.get("match", ["lemma"])), word=entry.get("word", "lemma"),
            conjuncts=bool(entry.get("conjuncts", False)),
            lexicon=tuple((node, tuple(where)) for node, where in sorted(entry.get("lexicon", {}).items())),
            nodes=tuple(node["RIGHT_ID"] for node in pattern), pattern=pattern,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{path}: shape {rule!r}: {error}") from error
    problems = [
        f"role {shape.role!r} is not one of {ROLES}" if shape.role not in ROLES else "",
        f"words {shape.words!r} is not one of {WORDS}" if shape.words not in WORDS else "",
        f"match {shape.match!r} may only hold {MATCH}" if not set(shape.match) <= set(MATCH) or not shape.match else "",
        f"word {shape.word!r} is not one of {MATCH}" if shape.word not in MATCH else "",
        f"cue {shape.cue!r} is no node of the pattern" if shape.cue not in shape.nodes else "",
        *(f"lexicon names {node!r}, no node of the pattern" for node, _ in shape.lexicon if node not in shape.nodes),
    ]
    problem = next((p for p in problems if p), None)
    if problem:
        raise InputError(f"{path}: shape {rule!r}: {problem}")
    return shape


class ShapeIndex:
    """The shapes compiled for one vocabulary."""

    def __init__(self, shapes: tuple[Shape, ...], vocab: Vocab) -> None:
        self.shapes = shapes
        self.vocab = vocab
        self.order = {shape.rule: n for n, shape in enumerate(shapes)}
        self.by_rule = {shape.rule: shape for shape in shapes}
        self.matcher = DependencyMatcher(vocab)
        for shape in shapes:
            self.matcher.add(shape.rule, [list(shape.pattern)])

    def matches(self, doc: Doc) -> dict[int, list[Match]]:
        """Anchor token -> its matches, child by child, each child's shapes in listed order."""
        found: dict[int, list[tuple[tuple, Match]]] = {}
        for match_id, ids in self.matcher(doc):
            shape = self.by_rule[doc.vocab.strings[match_id]]
            key = (tuple(ids[1:2]), self.order[shape.rule], tuple(ids[2:]))
            match = Match(shape, {node: doc[i] for node, i in zip(shape.nodes, ids)})
            found.setdefault(ids[0], []).append((key, match))
        return {anchor: [m for _, m in sorted(items, key=lambda item: item[0])] for anchor, items in found.items()}
