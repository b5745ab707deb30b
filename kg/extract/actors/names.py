"""Names found in the text, each resolved to an actor.

Known actors come from the gazetteer (aliases, a capital standing for its
state, demonyms). Anyone else the NER finds is minted from the article itself:
the longest form of a person's name is canonical, and a bare surname later in
the article points back to it. Capitalised words after a title are a name the
NER missed ("the UK PM Jane Roe"), and the place of a wire story's dateline is
no actor at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg import vocab
from kg.extract.dateline import datelines
from kg.extract.knowledge import Knowledge, alias_key
from kg.extract.actors.bodies import body_or_state, new_body
from kg.extract.syntax import POSSESSIVE, strip_name
from kg.model import Actor, Mention

if TYPE_CHECKING:
    from kg.extract.actors.index import ArticleActors

HYPHENS = ("-", "‐")
FIRST = "first:"  # a key of ``surnames`` for the first word of a name


def surname_key(word: str) -> str:
    """A surname's key, alike across transliterations: a final -y, -yy, -iy or
    -i is dropped, so each spelling of a Slavic surname finds the others."""
    key = POSSESSIVE.sub("", word).lower()
    return re.sub(r"[iy]+$", "", key) if len(key) > 4 else key


def find_names(index: ArticleActors) -> None:
    """Every name of the article, full names first, so that a bare surname can
    point back to them. ``surnames`` maps a surname key to its person."""
    titles = index.knowledge.words("actors", "titles")
    labels = index.knowledge.words("actors", "actor_labels")
    index.dateline = dateline_tokens(index.doc, index.knowledge)
    ents = [whole_name(index, e) for e in index.ents if e.label_.lower() in labels and e.start not in index.dateline]
    ents = [titled_person(index, e, titles) for e in ents]
    surnames: dict[str, str] = {}
    persons = [e for e in ents if e.label_ == "PERSON"]
    for ent in sorted(persons, key=lambda e: -len(name_tokens(e, titles))):
        iri = person(index, ent, titles, surnames)
        if iri:
            index.mark(ent, iri)
    titled_names(index, titles, surnames)
    appositive_names(index, titles, surnames)
    bare_surnames(index, surnames)
    for ent in ents:
        if ent.label_ == "PERSON" or any(t.i in index.by_token for t in ent):
            continue  # a surname the model took for a place or a body was resolved above
        iri = None if ent.ent_id_ else lone_surname(index, name_tokens(ent, titles), surnames)
        iri = iri or body_or_state(index, ent)
        if iri:
            index.mark(ent, iri)
    unrecognised_bodies(index)


def titled_person(index: ArticleActors, ent: Span, titles: frozenset[str]) -> Span:
    """'The Personal Envoy for Zenda, Jane Roe, said': a name in apposition to a
    title is a person's, whatever the model tagged it (an ORG, a place)."""
    if ent.label_ == "PERSON" or ent.ent_id_ or len(ent) < 2 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent):
        return ent
    root = ent.root
    titled = (root.dep_ == "appos" and root.head.lower_ in titles) or any(
        c.dep_ == "appos" and c.lower_ in titles for c in root.children)
    if not titled:
        return ent
    words = index.knowledge.words
    if ent[-1].lower_ in words("actors", "body_name_heads") | words("actors", "state_office_heads") or \
            index.knowledge.actor_named(strip_name(ent.text)) is not None:
        return ent  # "The head of the talks, the Zenda Foreign Ministry": a body
    return Span(ent.doc, ent.start, ent.end, label="PERSON")


def unrecognised_bodies(index: ArticleActors) -> None:
    """Names of bodies the model tagged as nothing: a run of capitalised words
    ending in a word like Forum or Council ("the Hostages and Missing Families
    Forum said"), "and" or "of" inside it."""
    heads = index.knowledge.words("actors", "body_name_heads")
    doc = index.doc
    for token in doc:
        if token.lower_ not in heads or not token.text[:1].isupper() or token.i in index.by_token or token.i in index.dateline:
            continue
        start = token.i
        while start > token.sent.start and _in_body_name(doc[start - 1], index) and not doc[start - 1].is_sent_start:
            start -= 1
        while start < token.i and not doc[start].text[:1].isupper():
            start += 1  # a name starts with a capital, not with "and" or "of"
        if token.i - start < 1 or doc[start].lower_ in heads:
            continue
        span = doc[start : token.i + 1]
        index.mark(span, new_body(index, span.text, "Organization"))


def _in_body_name(word: Token, index: ArticleActors) -> bool:
    return (word.text[:1].isupper() and word.pos_ in ("PROPN", "NOUN", "ADJ") and word.i not in index.by_token) or (
        word.lower_ in ("and", "of", "for") and word.i > word.sent.start and word.nbor(-1).text[:1].isupper())


# -- where a name is no actor -------------------------------------------------


def dateline_tokens(doc: Doc, knowledge: Knowledge) -> set[int]:
    """'ZENDA, Ruritania, July 27 - …', 'STRELSAU and ZENDA — …': the place
    at the head of a wire story is where it was filed, not an actor."""
    text = doc.text  # spaCy joins every token's text at each access: once
    found: set[int] = set()
    for start, end in datelines(text):
        head = doc.char_span(start, end, alignment_mode="expand")
        if head is not None:
            found.update(range(head.start, head.end))
    return found | place_headers(doc, text, knowledge)


def place_headers(doc: Doc, text: str, knowledge: Knowledge) -> set[int]:
    """'Zenda: The foreign minister said …': a place (known, or tagged one) and a
    colon opening a paragraph is where the story was filed (Gulf papers write
    them so), not an actor; a person and a colon ("Roe: we will not give up
    land") is a headline."""
    found: set[int] = set()
    place = r"[A-Z][\w'’.]+(?: [A-Z][\w'’.]+)?"
    for match in re.finditer(rf"^[ \t]*({place}(?:/{place})*):[ \t]", text, re.MULTILINE):
        # "New Delhi/Beijing: …": each place of a joint dateline
        for part in re.finditer(place, match.group(1)):
            head = doc.char_span(match.start(1) + part.start(), match.start(1) + part.end(), alignment_mode="expand")
            if head is None:
                continue
            if knowledge.place_by_alias.get(alias_key(part.group())) is not None or head[0].ent_type_ in ("GPE", "LOC"):
                found.update(range(head.start, head.end))
    return found


# -- persons the model found ----------------------------------------------------


def titled_bodies(ents: tuple[Span, ...], knowledge: Knowledge) -> tuple[Span, ...]:
    """'<Demonym> National Security Adviser Jane Roe' tagged as one body: the
    words before the title's end are her role, the capitalised words after it
    her name; '<Demonym> External Affairs' before a name is a demonym and a
    role. Only where every word before the name is a demonym, a title or a
    portfolio word, so that "Security Council" stays a body."""
    titles = knowledge.words("actors", "titles")
    role_words = knowledge.title_words() | knowledge.words("actors", "portfolio_words")
    found: list[Span] = []
    for ent in ents:
        if ent.label_ not in ("ORG", "GPE", "NORP") or ent.ent_id_:
            found.append(ent)
            continue
        cut = _title_end(ent, titles, role_words, knowledge)
        if cut is None and len(ent) > 1 and ent[0].lower_ in knowledge.by_demonym and all(
                t.lower_ in role_words for t in ent[1:]):
            cut = ent.end  # no name inside: a demonym and a role
        if cut is None:
            found.append(ent)
            continue
        found.extend(Span(ent.doc, t.i, t.i + 1, label="NORP") for t in ent[: cut - ent.start] if t.lower_ in knowledge.by_demonym)
        if cut < ent.end:
            found.append(Span(ent.doc, cut, ent.end, label="PERSON"))
    return tuple(found)


def _title_end(ent: Span, titles: frozenset[str], role_words: set[str], knowledge: Knowledge) -> int | None:
    """Where the name starts after a title inside ``ent``, or None."""
    last = max((t.i for t in ent if t.lower_ in titles), default=None)
    if last is None or not 1 <= ent.end - last - 1 <= 3:
        return None
    head, name = ent.doc[ent.start : last + 1], ent.doc[last + 1 : ent.end]
    if not all(t.lower_ in role_words or t.lower_ in knowledge.by_demonym for t in head):
        return None
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in role_words for t in name):
        return None
    return last + 1


def whole_name(index: ArticleActors, ent: Span) -> Span:
    """A person's name cut short at a particle ("Ursula von der" + "Leyen"),
    taken up to the capitalised word after it."""
    if ent.label_ != "PERSON":
        return ent
    particles = index.knowledge.words("actors", "name_particles")
    doc, end = index.doc, ent.end
    while end > ent.start + 1 and doc[end - 1].is_lower and doc[end - 1].lower_ not in particles and not ent.ent_id_:
        end -= 1  # "King Charles at" (Sandringham), as the model may tag it: the name ends before "at"
    if end < ent.end:
        ent = Span(doc, ent.start, end, label=ent.label_)
    after = end
    while after < len(doc) and doc[after].lower_ in particles:
        after += 1
    inside = end
    while inside > ent.start + 1 and doc[inside - 1].lower_ in particles:
        inside -= 1
    if ent.ent_id_ or (after == end and inside == end) or after >= len(doc):
        return ent
    if doc[after].pos_ != "PROPN" or not doc[after].text[:1].isupper():
        return ent
    return Span(doc, ent.start, after + 1, label=ent.label_)


def name_tokens(ent: Span, titles: frozenset[str]) -> list[Token]:
    """The words of a name, without punctuation, a possessive or the titles before it."""
    tokens = [t for t in ent if not t.is_punct and t.text not in ("'s", "’s")]
    while tokens and (tokens[0].lower_ in titles or tokens[0].lower_.rstrip(".") in titles):
        tokens = tokens[1:]
    return tokens


def person(index: ArticleActors, ent: Span, titles: frozenset[str], surnames: dict[str, str]) -> str | None:
    """The person a PERSON entity names: a gazetteer entry, someone named in
    full before (by surname), or a new person; None if it is no one's name."""
    knowledge = index.knowledge
    if ent.ent_id_ and ent.ent_id_ in knowledge.by_iri:
        known = knowledge.by_iri[ent.ent_id_]
        surnames.setdefault(surname_key(known.name.split()[-1]), known.iri)
        return index.add_known(known)
    tokens = name_tokens(ent, titles)
    if not tokens:
        return None
    # The words as written between the first and last: "Jane Roe-Doe" keeps its hyphen.
    name = strip_name(" ".join(t.text for t in tokens)) if any(t.text in ("'s", "’s") for t in ent) else strip_name(
        index.doc[tokens[0].i : tokens[-1].i + 1].text)
    known = knowledge.by_alias.get(alias_key(name))
    lone = lone_surname(index, tokens, surnames)
    if lone:
        return lone
    if known:
        iri = index.add_known(known)
        surnames.setdefault(surname_key(known.name.split()[-1]), iri)
        return iri
    if not name or not name[0].isupper() or len(name) < 3 or any(ch.isdigit() for ch in name):
        return None
    if any(t.lower_ in knowledge.by_demonym or t.text.isupper() and len(t.text) > 3 for t in tokens):
        return None  # "Slovak", "the Polish PM": a nationality, not a name; "ZDF", "VDA" are no one's name
    if tokens[-1].lower_ in knowledge.words("meetings", "venue_heads"):
        return None  # "Zenda Palace", "Strelsau House": a venue the tagger took for a person
    return new_person(index, name, tokens[-1].text, surnames)


def new_person(index: ArticleActors, name: str, surname: str, surnames: dict[str, str]) -> str:
    """A person no data file lists, minted from the name the article gives."""
    iri = vocab.actor_iri(name)
    if iri not in index.actors:
        index.actors[iri] = Actor(iri=iri, name=name, kind="Person")
    surnames.setdefault(surname_key(surname), iri)
    words = name.split()
    if len(words) == 2:
        # Names written family name first ("Zhou Ping" is later "Zhou"): the
        # first word too, where no surname is that word.
        surnames.setdefault(FIRST + surname_key(words[0]), iri)
    return iri


def by_surname(surnames: dict[str, str], word: str) -> str | None:
    """The person a lone name stands for: by surname, else by the first word of a two-word name."""
    key = surname_key(word)
    return surnames.get(key) or surnames.get(FIRST + key)


def lone_surname(index: ArticleActors, tokens: list[Token], surnames: dict[str, str]) -> str | None:
    """A surname alone ("Doe", "von Doe"): the person named in full elsewhere in the article."""
    particles = index.knowledge.words("actors", "name_particles")
    if not tokens:
        return None
    known = by_surname(surnames, tokens[-1].text) if len(tokens) == 1 else surnames.get(surname_key(tokens[-1].text))
    if all(t.lower_ in particles for t in tokens[:-1]):
        return known
    # a surname of several words: "Roe Doe" after "Jane Roe Doe"
    person = index.actors.get(known) if known else None
    full = person.name.lower().split() if person is not None else []
    words = [t.text.lower() for t in tokens]
    return known if len(words) < len(full) and full[-len(words):] == words else None


# -- persons the model missed ---------------------------------------------------


def titled_names(index: ArticleActors, titles: frozenset[str], surnames: dict[str, str]) -> None:
    """'the UK PM Jane Roe' where the model saw no entity: capitalised
    words right after a title are a person's name."""
    title_words = index.knowledge.title_words()
    portfolio = index.knowledge.words("actors", "portfolio_words")
    for token in index.doc:
        if token.lower_ not in titles or token.i in index.by_token or token.ent_type_ not in ("", "PERSON", "NORP"):
            continue  # "the General Assembly" is a body, not a title
        start = _name_start_after_title(index.doc, token, portfolio, index.knowledge.words("actors", "portfolio_prepositions"))
        if start is None:
            continue
        run = _name_run(index, start, title_words)
        words = [t for t in run if t.text not in HYPHENS]
        if not words or run[0].ent_type_ == "PERSON" or len(words) > 3 or any(len(t.text) < 2 for t in words):
            continue
        _mark_titled_name(index, run, surnames)


def appositive_names(index: ArticleActors, titles: frozenset[str], surnames: dict[str, str]) -> None:
    """"<Country>'s foreign secretary, Jane Roe, said": capitalised words in
    apposition to a title are a name, whatever the model tagged them (it takes
    unfamiliar first names for bodies)."""
    title_words = index.knowledge.title_words()
    for token in index.doc:
        if token.dep_ != "appos" or token.pos_ != "PROPN" or token.head.lower_ not in titles or token.head.pos_ != "NOUN":
            continue
        run = [*(c for c in token.lefts if c.dep_ == "compound"), token]
        if not 2 <= len(run) <= 3 or run[-1].i - run[0].i != len(run) - 1:
            continue
        inside = range(run[0].i, run[-1].i + 1)
        if all(_free_name_word(index, t, title_words, tagged=True) and _tagged_within(index, t, inside) for t in run):
            _mark_titled_name(index, run, surnames)


def _tagged_within(index: ArticleActors, token: Token, inside: range) -> bool:
    """The token's entity, if any, lies within ``inside``."""
    if not token.ent_type_:
        return True
    ent = next((e for e in index.ents if e.start <= token.i < e.end), None)
    return ent is None or (ent.start in inside and ent.end - 1 in inside)


def _name_start_after_title(doc: Doc, title: Token, portfolio: frozenset[str], prepositions: frozenset[str]) -> int | None:
    """Where a name after a title starts: "Minister for Foreign Trade Jane
    Roe-Doe" names the portfolio first; None when "for" or "of" leads to none."""
    start = title.i + 1
    if start < len(doc) and doc[start].lower_ in prepositions:
        start += 1
        while start < len(doc) and (doc[start].lower_ in portfolio or doc[start].lower_ in ("and", "the", "&")):
            start += 1
        if start == title.i + 2:
            return None
    return start


def _name_run(index: ArticleActors, start: int, title_words: frozenset[str]) -> list[Token]:
    """Up to five capitalised words from ``start`` that can be a name nobody else has taken."""
    run: list[Token] = []
    for word in index.doc[start : start + 5]:
        if run and word.text in HYPHENS and not run[-1].whitespace_ and not word.whitespace_:
            run.append(word)  # a double-barrelled name
            continue
        if not _free_name_word(index, word, title_words):
            break
        run.append(word)
    while run and run[-1].text in HYPHENS:
        run.pop()
    return run


def _free_name_word(index: ArticleActors, word: Token, title_words: frozenset[str], tagged: bool = False) -> bool:
    """A capitalised proper noun that is no actor's already, no title, no
    dateline, no gazetteer name or demonym and no acronym; ``tagged``: whatever
    entity the model saw in it."""
    return not (
        word.pos_ != "PROPN" or not word.text[:1].isupper() or word.i in index.by_token
        or (word.ent_type_ not in ("", "PERSON") and not tagged) or word.lower_ in title_words
        or word.i in index.dateline or alias_key(word.text) in index.knowledge.by_alias
        or word.lower_ in index.knowledge.by_demonym or word.text.isupper()
    )


def _mark_titled_name(index: ArticleActors, run: list[Token], surnames: dict[str, str]) -> None:
    name = strip_name(index.doc[run[0].i : run[-1].i + 1].text)
    lone = lone_surname(index, run, surnames) if len(run) == 1 else None
    if lone:
        iri = lone
    elif alias_key(name) in index.knowledge.by_alias:
        iri = index.add_known(index.knowledge.by_alias[alias_key(name)])
    else:
        iri = new_person(index, name, run[-1].text, surnames)
    for t in run:
        index.by_token[t.i] = iri
    index.mentions.append(Mention(iri, run[0].idx, run[-1].idx + len(run[-1].text), name))


def bare_surnames(index: ArticleActors, surnames: dict[str, str]) -> None:
    """The small model misses some repeat mentions: a proper noun that is the
    surname of someone named in full in this article is that person."""
    doc = index.doc
    in_names = {t.i for e in index.ents if e.ent_id_ or len(e) > 1 for t in e}  # "the <Surname> administration"
    for token in doc:
        if token.i in index.by_token or token.i in index.dateline or token.i in in_names:
            continue
        iri = by_surname(surnames, token.text) if name_like(token) and not _beside_proper_noun(token) else None
        if iri is None:
            continue
        index.by_token[token.i] = iri
        index.mentions.append(Mention(iri, token.idx, token.idx + len(token.text), token.text))


def name_like(token: Token) -> bool:
    """A proper noun, or a capitalised word the tagger took for a common one
    where a name can stand ("Doe" tagged a verb as a subject)."""
    if token.pos_ == "PROPN":
        return True
    return (
        token.text[:1].isupper() and token.text[1:].islower()
        and token.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj", "dative")
        and token.ent_type_ in ("", "PERSON", "ORG", "GPE", "NORP")
    )


def _beside_proper_noun(token: Token) -> bool:
    """Whether a word stands next to a proper noun, as part of a longer name would."""
    doc = token.doc
    return (token.i > 0 and doc[token.i - 1].pos_ == "PROPN") or (
        token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN")
