"""Who is the subject of a verb where the parse gives none, or a wrong one.

Wire stories and lists trip the parser: "STRELSAU — President X said" makes the
dateline the subject, and "…, A and B agreed to …" may leave the verb with no
subject at all. These read the names right before the verb instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from kg.extract.actors.index import ArticleActors

DASHES = ("—", "–", "-", "--")
BOUNDARY = (",", ";", "—", "–", "-", "--")


def past_dateline(index: ArticleActors, subject: Token) -> Token | None:
    """The subject a parser gave, past a dateline: "STRELSAU — President X
    said" makes X, an apposition of the dateline, the subject; a dateline
    word with no name after it is no subject (None)."""
    for child in subject.children:
        if child.dep_ == "appos" and child.i in index.by_token and any(
            t.text in DASHES for t in index.doc[subject.i + 1 : child.i]
        ):
            return child
    if subject.i not in index.dateline:
        return subject
    # "STRELSAU — President X on Monday threatened …" parsed with two subjects: the second
    return next((c for c in subject.head.children if c.dep_ in ("nsubj", "nsubjpass")
                 and c.i > subject.i and c.i not in index.dateline), None)


def left_of(index: ArticleActors, verb: Token) -> list[str]:
    """Actors named right before a verb the parser gave no subject:
    "…, <country A> and <country B> agreed to …" parsed as a list. Only a run of
    actor names, 'and', commas and articles counts."""
    doc = index.doc
    found: list[str] = []
    i = _past_aside(index, verb)
    while i >= verb.sent.start:
        token = doc[i]
        if _in_title_of_found(index, token, found):
            pass
        elif token.i in index.by_token:
            iri = index.by_token[token.i]
            if iri not in found:
                found.insert(0, iri)
        elif not _links_names(index, token, found, verb):
            break
        i -= 1
    # Only a run that begins after a clause boundary, a preposition or a
    # conjunction is a subject; after any other word the names belong to a longer phrase.
    starts_clause = i < verb.sent.start or doc[i].text in BOUNDARY or doc[i].pos_ in ("ADP", "SCONJ", "CCONJ")
    return found if starts_clause else []


def _past_aside(index: ArticleActors, verb: Token) -> int:
    """Where to start reading back from the verb: "Roe, in her remarks in
    <city>, called …" skips the aside to the name before it."""
    doc = index.doc
    i = verb.i - 1
    if i >= verb.sent.start and doc[i].text == ",":
        for j in range(i - 1, max(verb.sent.start, i - 16), -1):
            named = doc[j - 1]
            if doc[j].text == "," and named.i in index.by_token and named.dep_ != "pobj":
                return j - 1
    return i


def _in_title_of_found(index: ArticleActors, token: Token, found: list[str]) -> bool:
    """Whether ``token`` is part of the title of the person found after it:
    "Defense Secretary Jane Roe" (an organisation in a title), "<Body>
    President Jane Roe" (her title)."""
    if not found:
        return False
    if token.dep_ == "compound" and _in_title_of_person(index, token):
        return True
    return (token.i in index.by_token and _before_title(index, token)
            and index.actors[index.by_token[token.i]].kind != "Person" and index.actors[found[0]].kind == "Person")


def _links_names(index: ArticleActors, token: Token, found: list[str], verb: Token) -> bool:
    """Whether a word between names keeps the run going: 'and', 'the', a comma
    inside a list "A, B and C", an adverb before the verb, a title before a name."""
    if token.text == ",":
        return _comma_in_list(index, token.i, verb)
    if token.lower_ in ("and", "the") or token.pos_ == "ADV" and not found:
        return True
    return bool(found) and (token.dep_ == "compound" or token.lower_ in index.knowledge.words("actors", "titles"))


def _comma_in_list(index: ArticleActors, i: int, verb: Token) -> bool:
    """A comma after a name with an 'and' still to come before the verb: "A, B and C"."""
    return (i - 1 >= verb.sent.start and (i - 1) in index.by_token
            and any(index.doc[j].lower_ == "and" for j in range(i + 1, verb.i)))


def _before_title(index: ArticleActors, token: Token) -> bool:
    """Whether the name at ``token`` runs into a title: "<Body> President"."""
    iri = index.by_token.get(token.i)
    doc = index.doc
    j = token.i + 1
    while j < len(doc) and index.by_token.get(j) == iri:
        j += 1
    return j < len(doc) and doc[j].lower_ in index.knowledge.words("actors", "titles")


def _in_title_of_person(index: ArticleActors, token: Token) -> bool:
    """Whether a compound word hangs, within three steps, on another person's name."""
    node = token
    for _ in range(3):
        node = node.head
        iri = index.by_token.get(node.i)
        if iri and iri != index.by_token.get(token.i) and index.actors[iri].kind == "Person":
            return True
        if node.dep_ != "compound":
            return False
    return False
