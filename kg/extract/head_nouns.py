"""Nouns that name a topic on their own (kg.extract.labels uses them).

A user's scheme lists the wordings its author thought of; reporters use
others ("blocked all aid" where the labels say "humanitarian aid", "aid
trucks", "blockade on aid"). The noun a topic's labels keep coming back to,
and the noun its own name is built on, name it by themselves where no label
took them, as long as nothing in the sentence makes them another thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from kg.extract.knowledge import Knowledge


def _word(token: Token) -> str:
    return token.lemma_.lower().replace("’", "'")


@dataclass(frozen=True)
class Head:
    """A noun of one topic's labels alone, which names the topic by itself."""

    topic: str
    forms: frozenset[str]  # as the labels write it: "weapons", not "weapon"
    words: frozenset[str] = frozenset()  # the words of the topic's labels: "military" for "military aid"


def head_words(nlp: Language, knowledge: Knowledge, parsed: list) -> dict[str, Head]:
    """The nouns that say a topic on their own: used in a good share of its
    labels and in no label of another topic ("aid" in "humanitarian aid",
    "aid trucks", "blockade on aid"), or the noun the topic's own name is
    built on ("cooperation" in "Iran's cooperation with the IAEA").
    ``parsed``: (topic, label text, names the opposite, parsed label)."""
    settings = knowledge.lexicon["labels"]
    share, least = float(settings.get("head_share", 1.0)), int(settings.get("head_labels", 2))
    excluded = _not_heads(nlp, knowledge)
    texts: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    used: dict[str, dict[str, set[str]]] = {}  # noun -> topic -> label texts
    forms: dict[str, set[str]] = {}
    for iri, text, opposite, doc in parsed:
        if not opposite:
            texts.setdefault(iri, set()).add(text)
            words.setdefault(iri, set()).update(_word(token) for token in doc)
        for token in doc:
            lemma = _word(token)
            used.setdefault(lemma, {}).setdefault(iri, set())
            if token.pos_ == "NOUN" and not opposite:
                used[lemma][iri].add(text)
                forms.setdefault(lemma, set()).add(token.lower_)
    main = _name_heads(knowledge, parsed)
    heads = {}
    for lemma, by_topic in used.items():
        if len(by_topic) != 1 or lemma not in forms or not excluded.isdisjoint({lemma, *forms[lemma]}):
            continue
        (iri, among), = by_topic.items()
        if (len(among) >= least and len(among) >= share * len(texts[iri])) or main.get(lemma) == iri:
            heads[lemma] = Head(iri, frozenset(forms[lemma]), frozenset(words[iri]))
    return heads


def _not_heads(nlp: Language, knowledge: Knowledge) -> set[str]:
    """Nouns that name no one topic, whatever the labels: those that refer back
    to a deal or a plan ("the agreement" is whichever was named), meetings
    (events of their own, kg.extract.meetings), and the words of the scheme's
    title, which say what the whole debate is about ("peace" in "Eastern
    peace process")."""
    excluded = {w.lower() for group in knowledge.lexicon.get("anaphora", {}).get("groups", []) for w in group}
    excluded |= {w.lower() for words in knowledge.lexicon.get("meetings", {}).get("nouns", {}).values() for w in words}
    titles = sorted({topic.scheme_label for topic in knowledge.topics if topic.scheme_label})
    return excluded | {_word(token) for doc in nlp.pipe(titles, disable=["ner"]) for token in doc}


def _name_heads(knowledge: Knowledge, parsed: list) -> dict[str, str]:
    """The noun each topic's own name (skos:prefLabel) is built on, where that
    name is only the noun and who or where."""
    main = {}
    for iri, text, opposite, doc in parsed:
        topic = knowledge.topic_by_iri.get(iri)
        if not opposite and topic is not None and topic.label == text and _plain_head(doc[:].root):
            main[_word(doc[:].root)] = iri
    return main


def _other_kind(modifier: Token, head: Head) -> bool:
    """An adjective that makes the noun another kind of it ("humanitarian aid"
    where the topic is military aid), unless the topic's labels have it;
    more or less of it ("more aid", "further sanctions") is the same kind."""
    return modifier.dep_ == "amod" and modifier.pos_ == "ADJ" and modifier.tag_ not in ("JJR", "JJS") \
        and _word(modifier) not in head.words


def _plain_head(root: Token) -> bool:
    """Whether a topic's name is its noun and who or where: "Iran's cooperation
    with the IAEA", not a kind of it ("military aid", "prisoner exchange",
    "territorial concessions": aid, exchanges and concessions of other kinds
    are other things) nor the last part of a hyphenated word ("de-escalation")."""
    doc = root.doc
    hyphenated = root.i > 0 and doc[root.i - 1].text == "-" and not doc[root.i - 1].whitespace_
    return root.pos_ == "NOUN" and not hyphenated and not any(c.dep_ in ("amod", "compound") for c in root.children)


def name(sentence: Span, heads: dict[str, Head], actor_of: Callable[[int], str | None],
         by_topic: dict[str, list[tuple[Span, bool]]]) -> None:
    """Nouns that say a topic on their own, where no label took them. Only as
    the labels write them ("weapons", not "weapon") and with nothing that makes
    them another thing: "Israeli forces" and "guarantor states" are not the
    "international force" or the "Palestinian state" of a scheme, and "Russian
    troops leave Ukrainian territory" is no concession of Ukraine's land."""
    taken = {i for spans in by_topic.values() for span, _ in spans for i in range(span.start, span.end)}
    doc = sentence.doc
    for token in sentence:
        head = heads.get(_word(token)) if token.pos_ == "NOUN" else None
        if head is None or token.i in taken or token.lower_ not in head.forms or actor_of(token.i) is not None or token.dep_ == "compound":
            continue
        if any(c.dep_ in ("prep", "acl", "relcl") or (
            c.dep_ in ("compound", "amod", "poss") and (c.pos_ in ("PROPN", "NOUN") or actor_of(c.i) is not None))
            or _other_kind(c, head) for c in token.children):
            continue
        by_topic.setdefault(head.topic, []).append((doc[token.i : token.i + 1], False))
