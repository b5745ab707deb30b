"""The cue shapes of ontology/cue-patterns.json match what spaCy's
DependencyMatcher matches, whichever engine runs them."""

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from kg.extract.cue_patterns import ShapeIndex, _shape

ROOT = Path(__file__).resolve().parent.parent


def _spacy_matches(shapes, doc):
    matcher = DependencyMatcher(doc.vocab)
    for shape in shapes:
        matcher.add(shape.rule, [list(shape.pattern)])
    return sorted((doc.vocab.strings[m], tuple(ids)) for m, ids in matcher(doc))


def _ours(index, doc):
    return sorted((shape.rule, tuple(ids)) for shape, ids in index.raw_matches(doc))


@pytest.fixture(scope="module")
def docs(nlp):
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts.append("Ruritania called the proposal unrealistic and the truce a positive development. "
                 "Freedonia's aim was to see a ceasefire; lifting sanctions would be a mistake, Syldavia said.")
    return list(nlp.pipe(texts))


def test_the_packaged_shapes_match_as_the_dependency_matcher_does(knowledge, nlp, docs):
    index = knowledge.shape_index(nlp.vocab)
    assert index.trees and not len(index.matcher)  # all packaged shapes take the fast path
    total = 0
    for doc in docs:
        ours = _ours(index, doc)
        assert ours == _spacy_matches(index.shapes, doc)
        total += len(ours)
    assert total > 20


def test_a_shape_beyond_the_subset_goes_to_spacy_and_still_matches(nlp, docs):
    # A negated value test and a sibling operator: the second is beyond the
    # tree walk and must fall back to the DependencyMatcher.
    tree = _shape(Path("x.json"), {
        "rule": "not-noun-child", "role": "predicate", "cue": "child", "words": "nouns",
        "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
                    {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "child",
                     "RIGHT_ATTRS": {"POS": {"NOT_IN": ["NOUN", "PUNCT"]}, "DEP": {"IN": ["dobj", "advmod", "prep"]}}}]})
    sibling = _shape(Path("x.json"), {
        "rule": "sibling", "role": "predicate", "cue": "next", "words": "nouns",
        "pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "say"}},
                    {"LEFT_ID": "verb", "REL_OP": "$+", "RIGHT_ID": "next", "RIGHT_ATTRS": {"IS_PUNCT": True}}]})
    index = ShapeIndex((tree, sibling), nlp.vocab)
    assert [s.rule for s, _ in index.trees] == ["not-noun-child"] and len(index.matcher) == 1
    for doc in docs:
        assert _ours(index, doc) == _spacy_matches((tree, sibling), doc)
    assert any(rule == "not-noun-child" for doc in docs for rule, _ in _ours(index, doc))
