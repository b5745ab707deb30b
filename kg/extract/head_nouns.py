"""Nouns that name a topic on their own (kg.extract.labels uses them).

A user's scheme lists the wordings its author thought of; reporters use
others ("blocked all aid" where the labels say "humanitarian aid", "aid
trucks", "blockade on aid"). The noun a topic's labels keep coming back to
names it by itself where no label took it, as long as the noun's own phrase
does not make it another thing or the object of another act.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from kg.extract.knowledge import Knowledge
from kg.extract.syntax import lemma_key


@dataclass(frozen=True)
class Head:
    """A noun of one topic's labels alone, which names the topic by itself."""

    topic: str
    forms: frozenset[str]  # as the labels write it: "weapons", not "weapon"
    words: frozenset[str] = frozenset()  # the words of the topic's labels: "military" for "military aid"


def head_words(nlp: Language, knowledge: Knowledge, parsed: list) -> dict[str, Head]:
    """The nouns that say a topic on their own: used in a good share of its
    labels and in no label of another topic, nor in a wording of its opposite
    ("aid" in "humanitarian aid", "aid trucks", "blockade on aid"; not
    "territory", which "give up territory" and "recover territory" share).
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
            words.setdefault(iri, set()).update(lemma_key(token) for token in doc)
        for token in doc:
            lemma = lemma_key(token)
            used.setdefault(lemma, {}).setdefault(iri, set())
            if opposite:
                excluded.add(lemma)
            elif token.pos_ == "NOUN":
                used[lemma][iri].add(text)
                forms.setdefault(lemma, set()).add(token.lower_)
    heads = {}
    for lemma, by_topic in used.items():
        if len(by_topic) != 1 or lemma not in forms or not excluded.isdisjoint({lemma, *forms[lemma]}):
            continue
        (iri, among), = by_topic.items()
        if len(among) >= least and len(among) >= share * len(texts[iri]):
            heads[lemma] = Head(iri, frozenset(forms[lemma]), frozenset(words[iri]))
    return heads


def _not_heads(nlp: Language, knowledge: Knowledge) -> set[str]:
    """Nouns that name no one topic, whatever the labels: those that refer back
    to a deal or a plan ("the agreement" is whichever was named), meetings
    (events of their own, kg.extract.meetings), and the words of the scheme's
    title, which say what the whole debate is about ("peace" in "Ruritanian
    peace process")."""
    excluded = set(knowledge.group_words("anaphora", "groups"))
    excluded |= knowledge.group_words("meetings", "nouns")
    titles = sorted({topic.scheme_label for topic in knowledge.topics if topic.scheme_label})
    return excluded | {lemma_key(token) for doc in nlp.pipe(titles, disable=["ner"]) for token in doc}


def name(sentence: Span, heads: dict[str, Head], actor_of: Callable[[int], str | None],
         by_topic: dict[str, list[tuple[Span, bool]]], acts: frozenset[str] = frozenset()) -> None:
    """Nouns that say a topic on their own, where no label took them. Only as
    the labels write them ("weapons", not "weapon") and with nothing that makes
    them another thing: "Syldavian forces", "guarantor states", "the state's
    decision" and "the execution of prisoners" are not a scheme's
    "international force", "Freedonian state" or "prisoner release"; and not
    as the object of a verb that acts on it ("withdraw its forces" is that
    act, whatever the noun alone would say)."""
    taken = {i for spans in by_topic.values() for span, _ in spans for i in range(span.start, span.end)}
    doc = sentence.doc
    for token in sentence:
        head = heads.get(lemma_key(token)) if token.pos_ == "NOUN" else None
        if head is None or token.i in taken or token.lower_ not in head.forms or actor_of(token.i) is not None:
            continue
        if token.dep_ in ("compound", "poss") or _acted_on(token, head, acts):
            continue
        if any(c.dep_ in ("prep", "acl", "relcl") or (
            c.dep_ in ("compound", "amod", "poss") and (c.pos_ in ("PROPN", "NOUN") or actor_of(c.i) is not None))
            or _other_kind(c, head) for c in token.children):
            continue
        by_topic.setdefault(head.topic, []).append((doc[token.i : token.i + 1], False))


def _acted_on(token: Token, head: Head, acts: frozenset[str]) -> bool:
    """Whether the noun is what another word's act is done to: the object of a
    verb that a label of some topic starts with ("withdraw its forces"), or of
    a noun its labels do not have ("the execution of prisoners")."""
    governor = token.head
    if token.dep_ == "dobj" and governor.lemma_.lower() in acts:
        return True
    return (token.dep_ == "pobj" and governor.lower_ == "of" and governor.head.pos_ == "NOUN"
            and lemma_key(governor.head) not in head.words)


def _other_kind(modifier: Token, head: Head) -> bool:
    """An adjective that makes the noun another kind of it ("humanitarian aid"
    where the topic is military aid, "closer cooperation"), unless the topic's
    labels have it."""
    return modifier.dep_ == "amod" and modifier.pos_ == "ADJ" and lemma_key(modifier) not in head.words
