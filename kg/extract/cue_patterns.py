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
from collections.abc import Callable

import numpy
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


# Token attributes a head-to-child shape may test, as spaCy's attribute arrays name them.
_ARRAYS = {"POS": "POS", "TAG": "TAG", "DEP": "DEP", "LEMMA": "LEMMA", "LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH"}


class _TreeShape:
    """A shape whose every node is a child (REL_OP ">") of an earlier one and
    tests only the attributes of _ARRAYS: matched on the Doc's attribute
    arrays, a node at a time, without the DependencyMatcher's token pattern
    over every word for every node (a tenth of extraction time)."""

    def __init__(self, pattern: tuple[dict, ...], vocab: Vocab) -> None:
        ids = [pattern[0]["RIGHT_ID"]]
        self.heads = [-1]  # each node's head node, by index
        self.tests = [self._tests(pattern[0].get("RIGHT_ATTRS", {}), vocab)]
        for node in pattern[1:]:
            if node.get("REL_OP") != ">" or node.get("LEFT_ID") not in ids:
                raise ValueError("not a tree of children")
            self.heads.append(ids.index(node["LEFT_ID"]))
            self.tests.append(self._tests(node.get("RIGHT_ATTRS", {}), vocab))
            ids.append(node["RIGHT_ID"])

    @staticmethod
    def _tests(attrs: dict, vocab: Vocab) -> tuple[tuple[str, bool, tuple[int, ...]], ...]:
        """Each test as (attribute array, whether the values are wanted, the values' hashes in the vocabulary)."""
        tests = []
        for name, wanted in attrs.items():
            if name not in _ARRAYS:
                raise ValueError(f"attribute {name} beyond the subset")
            if isinstance(wanted, str):
                inside, values = True, (wanted,)
            elif isinstance(wanted, dict) and len(wanted) == 1 and set(wanted) <= {"IN", "NOT_IN"}:
                inside, values = "IN" in wanted, tuple(next(iter(wanted.values())))
            else:
                raise ValueError(f"test {wanted!r} beyond the subset")
            tests.append((_ARRAYS[name], inside, tuple(vocab.strings.add(v) for v in values)))
        return tuple(tests)

    def matches(self, doc: Doc, hits: Callable[[str, tuple[int, ...]], numpy.ndarray], heads: numpy.ndarray) -> list[list[int]]:
        """Token indices of each match, node by node in pattern order; ``hits(attribute, hashes)``: which
        tokens have one of those values."""
        found: list[list[int]] = []
        for node, tests in enumerate(self.tests):
            mask = numpy.ones(len(doc), dtype=bool)
            for attribute, inside, hashes in tests:
                hit = hits(attribute, hashes)
                mask &= hit if inside else ~hit
            if node == 0:
                found = [[int(i)] for i in numpy.flatnonzero(mask)]
                continue
            children: dict[int, list[int]] = {}
            for i in numpy.flatnonzero(mask):
                if heads[i] != i:
                    children.setdefault(int(heads[i]), []).append(int(i))
            # as spaCy's matcher does, two sibling nodes may be the same token
            found = [[*chosen, child] for chosen in found for child in children.get(chosen[self.heads[node]], ())]
            if not found:
                break
        return found


class ShapeIndex:
    """The shapes compiled for one vocabulary."""

    def __init__(self, shapes: tuple[Shape, ...], vocab: Vocab) -> None:
        self.shapes = shapes
        self.vocab = vocab
        self.order = {shape.rule: n for n, shape in enumerate(shapes)}
        self.by_rule = {shape.rule: shape for shape in shapes}
        self.trees: list[tuple[Shape, _TreeShape]] = []
        self.matcher = DependencyMatcher(vocab)
        for shape in shapes:
            try:
                self.trees.append((shape, _TreeShape(shape.pattern, vocab)))
            except ValueError:  # other operators ("$+", ">>") go to spaCy's matcher
                self.matcher.add(shape.rule, [list(shape.pattern)])

    def raw_matches(self, doc: Doc) -> list[tuple[Shape, list[int]]]:
        """Every match of every shape: the shape and the token index of each node, in pattern order."""
        found = []
        if self.trees and len(doc):
            names = sorted(set(_ARRAYS.values()))
            table = doc.to_array([*names, "HEAD"])  # unsigned: string hashes, and HEAD an offset in two's complement
            arrays = {name: table[:, n] for n, name in enumerate(names)}
            heads = numpy.arange(len(doc)) + table[:, len(names)].astype(numpy.int64)
            # Shapes share most of their tests ("a verb", "a direct object"): each is run once a Doc.
            tested: dict[tuple[str, tuple[int, ...]], numpy.ndarray] = {}

            def hits(attribute: str, hashes: tuple[int, ...]) -> numpy.ndarray:
                key = (attribute, hashes)
                if key not in tested:
                    tested[key] = numpy.isin(arrays[attribute], hashes)
                return tested[key]

            found = [(shape, ids) for shape, tree in self.trees for ids in tree.matches(doc, hits, heads)]
        if len(self.matcher):
            found += [(self.by_rule[doc.vocab.strings[match_id]], ids) for match_id, ids in self.matcher(doc)]
        return found

    def matches(self, doc: Doc) -> dict[int, list[Match]]:
        """Anchor token -> its matches, child by child, each child's shapes in listed order."""
        found: dict[int, list[tuple[tuple, Match]]] = {}
        for shape, ids in self.raw_matches(doc):
            key = (tuple(ids[1:2]), self.order[shape.rule], tuple(ids[2:]))
            match = Match(shape, {node: doc[i] for node, i in zip(shape.nodes, ids)})
            found.setdefault(ids[0], []).append((key, match))
        return {anchor: [m for _, m in sorted(items, key=lambda item: item[0])] for anchor, items in found.items()}
