"""Groups of actors named together, and the words that refer back to them.

"X and Y", "X, Y and Z", "X met with Y" and "X alongside Y" name a group;
"they", "the two leaders", "both countries" and "all five leaders" refer to
the group named last that fits (persons or not, of that size).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from kg.extract.actors.index import ArticleActors

# How many a group word counts ("the two leaders", "all five leaders").
GROUP_SIZES = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def find_groups(index: ArticleActors) -> None:
    """Actors named together, in text order: "X and Y", "X, Y and Z",
    "X met with Y", "X alongside Y"."""
    company = index.knowledge.words("actors", "company_prepositions")
    background = index.knowledge.words("actors", "background_prepositions")
    found: dict[int, list[str]] = {}
    for i, iri in sorted(index.by_token.items()):
        token = index.doc[i]
        head_iri = index.by_token.get(token.head.i)
        listed = token.dep_ == "conj" or (token.dep_ == "appos" and index.actors[iri].kind != "Person")
        if listed and head_iri and iri in _listed_with(index, token.head, head_iri):
            continue  # counted with the first of the list
        if any(a.dep_ == "prep" and a.lower_ in background for a in token.ancestors):
            continue  # "two days after X's meeting with Y": background, not a group referred to next
        members = _listed_with(index, token, iri)
        head = token.head
        if token.dep_ == "pobj" and head.lower_ in company and head.head.i != head.i:
            members = _company_of(index, token, members) + members
        if len(members) >= 2:
            found[token.i] = members
    index.groups = sorted(found.items())
    _add_references(index)


def _add_references(index: ArticleActors) -> None:
    """A group word that refers back names its group again, for what follows:
    "X and Y signed … Under it, the two countries agree … They also pledged …"."""
    heads = index.knowledge.words("actors", "pair_heads")
    for token in index.doc:
        if token.lower_ not in heads or token.i in index.by_token:
            continue
        members = group_reference(index, token)
        if members and len(members) >= 2:
            bisect.insort(index.groups, (token.i, list(members)))


def _listed_with(index: ArticleActors, token: Token, iri: str) -> list[str]:
    """The actor at ``token`` and those coordinated with it."""
    members = [iri]
    listed = [*token.conjuncts]
    # "X, Y, Z and W" where the parser took Y for an apposition of X (of states, only with the rest of a list)
    kind = index.actors[iri].kind
    appositions = [c for c in token.children if c.dep_ == "appos" and c.i in index.by_token
                   and index.actors[index.by_token[c.i]].kind == kind]
    if kind == "Person":
        listed += appositions
    elif kind in ("Country", "Organization") and (token.conjuncts or any(c.conjuncts for c in appositions)):
        listed += [t for c in appositions for t in (c, *c.conjuncts)]
    for other in listed:
        other_iri = index.by_token.get(other.i)
        if other_iri and other_iri not in members:
            members.append(other_iri)
    return members


def _company_of(index: ArticleActors, token: Token, members: list[str]) -> list[str]:
    """"X held a call with Y", "X met with Y": the subject or owner of what
    ``token`` (Y) is 'with' joins its group, looked for up to the verb."""
    governor = token.head.head
    if governor.i in index.by_token:
        partners = [p for p in index.of_token(governor) if p not in members]
        if partners:
            return partners
    for node in (governor, governor.head):
        partners = _first_partners(index, node, token, members)
        if partners or node.pos_ in ("VERB", "AUX"):
            return partners
    return []


def _first_partners(index: ArticleActors, node: Token, token: Token, members: list[str]) -> list[str]:
    """The actors of ``node``'s subject, owner or object, in that order of
    preference, who are not yet ``members``."""
    for dep in ("nsubj", "poss", "dobj"):
        for child in node.children:
            if child.dep_ == dep and child.i != token.i:
                partners = [p for p in index.of_token(child) if p not in members]
                if partners:
                    return partners
    return []


def group_reference(index: ArticleActors, token: Token) -> list[str] | None:
    """'they', 'the leaders', 'both men', 'all five leaders', 'the two
    countries': the group named last; None when ``token`` is no such reference."""
    lower = token.lower_
    words = index.knowledge.words
    if lower in words("actors", "group_pronouns"):
        return _subject_before(index, token) or last_group_before(index, token, persons=None, size=None, within=2)
    # "the two" alone is too often the two just named in passing, or the two a call or meeting was between
    if token.pos_ == "NUM" and GROUP_SIZES.get(lower, 0) > 2 and token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ in ("det", "predet") and c.lower_ in ("the", "all") for c in token.children):
        return _subject_group_before(index, token, GROUP_SIZES[lower])  # "X, Y, Z and W called for … The four said"
    if lower not in words("actors", "pair_heads") or token.tag_ not in ("NNS", "NNPS"):
        return None
    pair_words = words("actors", "pair_words")
    markers = [c for c in token.children if c.lower_ in pair_words and c.dep_ in ("det", "nummod", "predet", "amod", "quantmod")]
    if not markers or any(
        c.dep_ in ("amod", "compound", "poss", "prep", "relcl", "acl", "appos") and c.lower_ not in pair_words
        for c in token.children
    ):
        return None  # "<demonym> leaders", "the leaders of <country>": named, not referred back to
    size = next((GROUP_SIZES[c.lower_] for c in markers if c.lower_ in GROUP_SIZES), None) or _count(token)
    return last_group_before(index, token, persons=_of_persons(index, token), size=size, within=6)


def _subject_before(index: ArticleActors, token: Token) -> list[str]:
    """'The four said … , a line that reflected Zenda's and Strelsau's priorities.
    They said …': a main clause's "they" goes on with the group the sentence
    before was about, not the last one it named."""
    if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "ROOT":
        return []
    position = index.sentence_number(token.i)
    if position < 1:
        return []
    start = index.sentence_starts()[position - 1]
    root = index.doc[start].sent.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in index.knowledge.words("actors", "group_pronouns")]
    members = index.of_token(subjects[0]) if subjects else []
    return members if len(members) >= 2 else []


def _subject_group_before(index: ArticleActors, token: Token, size: int) -> list[str]:
    """The last group of ``size`` named as a subject within a few sentences: "the
    four" alone stands for those who acted, not for any four named in passing."""
    floor = index.sentence_starts()[max(0, index.sentence_number(token.i) - 6)]
    for i, members in reversed(index.groups):
        if floor <= i < token.i and len(members) == size and index.doc[i].dep_ in ("nsubj", "nsubjpass"):
            return members
    return []


def _count(token: Token) -> int | None:
    """The number a group word is counted with in figures ("the 26 leaders"): no
    pair named before is what it refers to. Small numbers are left alone, as
    style guides spell them out and a group may be counted with its host ("X
    hosted A, B, C and D … the 5 leaders")."""
    return next((int(c.text) for c in token.children if c.dep_ == "nummod" and c.text.isdigit() and int(c.text) >= 10), None)


def counted_reference(index: ArticleActors, token: Token) -> list[str] | None:
    """'the three European countries': the group of three named last, whatever
    adjective qualifies it; not "three European countries" (others, not those
    named) nor "the three countries of the bloc"."""
    size = next((GROUP_SIZES[c.lower_] for c in token.children if c.dep_ == "nummod" and c.lower_ in GROUP_SIZES), None)
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in ("the", "these", "those", "all") for c in token.children)
    # an aside on them is no restriction: "the three countries, which triggered the process, urged …"
    restricted = [c for c in token.children if c.dep_ in ("compound", "poss", "prep", "relcl", "acl", "appos")
                  and not (c.dep_ == "relcl" and c.left_edge.i > 0 and token.doc[c.left_edge.i - 1].text == ",")]
    if size is None or not definite or restricted:
        return None
    return last_group_before(index, token, persons=_of_persons(index, token), size=size, within=6) or None


def _of_persons(index: ArticleActors, token: Token) -> bool | None:
    """Whether a group word refers to persons ("the two leaders": True), to
    collectives ("both countries": False) or to either ("the allies": None)."""
    words = index.knowledge.words
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma in words("actors", "person_group_heads") or lower in words("actors", "person_group_heads"):
        return True
    if lemma in words("actors", "any_group_heads") or lower in words("actors", "any_group_heads"):
        return None
    return False


def last_group_before(index: ArticleActors, token: Token, persons: bool | None, size: int | None, within: int) -> list[str]:
    """The last group named before ``token`` within ``within`` sentences:
    only persons, only collectives, or either (None); of ``size`` if given."""
    starts = index.sentence_starts()
    position = index.sentence_number(token.i)
    floor = starts[max(0, position - within)] if starts else 0
    for i, members in reversed(index.groups):
        if i >= token.i:
            continue
        if i < floor:
            break
        chosen = members
        if persons is not None:
            chosen = [m for m in members if (index.actors[m].kind == "Person") == persons]
            if size is not None and len(members) == size and len(chosen) != size and chosen:
                chosen = members  # "all five leaders" after "X met the leaders of A, B, C and D"
        if len(chosen) >= 2 and (size is None or len(chosen) == size):
            return chosen
    return []
