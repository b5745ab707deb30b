"""What a subject or object token stands for: the actors it names or refers back to.

A name stands for its actor; coordination ("A and B") for each; a pronoun
for the person or body last named ("he", "it"), followed through long
quotations; a title for the person who holds it ("the commissioner", "the
<demonym> president"); a collective for its state ("<demonym> officials",
"officials from <country>"); a group word for the group named last ("they",
"the two leaders", see groups).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.actors.groups import counted_reference, group_reference
from kg.extract.knowledge import alias_key
from kg.model import Mention

if TYPE_CHECKING:
    from kg.extract.actors.index import ArticleActors

NAME_LINKS = ("compound", "appos", "conj", "nmod")


def of_token(index: ArticleActors, token: Token) -> list[str]:
    """The actors a subject or object token stands for, [] if none.

    Follows coordination ("A and B"), collectives ("<demonym>
    officials", "officials from <country>"), titles ("the <demonym>
    president") and third-person pronouns.
    """
    found: list[str] = []
    for head in [token, *_later_conjuncts(token), *_listed_in_name(index, token), *_listed_as_apposition(index, token)]:
        for iri in _one(index, head):
            if iri not in found:
                found.append(iri)
    return found


def _listed_as_apposition(index: ArticleActors, token: Token) -> list[Token]:
    """'signed by Doe, Jane Roe of Ruritania, John Poe and …', 'Ruritania,
    Syldavia, Freedonia and Zenda called for …': a name of the same kind the
    parser hung on the first as its apposition is one more of the list (a
    person's own apposition is a role: "Doe, the Ruritanian leader")."""
    kind = _kind_at(index, token.i)
    if kind is None:
        return []
    listed = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN" and _kind_at(index, c.i) == kind
              and (token.conjuncts or c.conjuncts)]
    return [t for c in listed for t in (c, *_later_conjuncts(c))]


def _kind_at(index: ArticleActors, i: int) -> str | None:
    """'Person', or 'Country' / 'Organization' for a body named there."""
    if _person_at(index, i) is not None:
        return "Person"
    iri = index.by_token.get(i)
    kind = index.actors[iri].kind if iri is not None else None
    return kind if kind in ("Country", "Organization") else None


def _later_conjuncts(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.i > token.i]


def _listed_in_name(index: ArticleActors, token: Token) -> list[Token]:
    """'<Demonym> Foreign Minister Jane Roe and <demonym> Foreign Minister
    John Doe backed …' parsed as one name: the other person inside it."""
    iri = index.by_token.get(token.i)
    if iri is None or index.actors[iri].kind != "Person":
        return []
    found = []
    stack = [c for c in token.children if c.dep_ in NAME_LINKS and c.i < token.i]
    while stack:
        node = stack.pop()
        other = index.by_token.get(node.i)
        if other and other != iri and index.actors[other].kind == "Person" and node.i == max(
                (t.i for t in node.subtree if index.by_token.get(t.i) == other), default=node.i):
            found.append(node)
        stack += [c for c in node.children if c.dep_ in NAME_LINKS]
    return sorted(found, key=lambda t: t.i)


def _one(index: ArticleActors, token: Token) -> list[str]:
    """The actors one token stands for, by the first of these readings that applies."""
    if token.i in index.by_token:
        # "the three European countries": the three named before, though "European countries" names a group
        counted = counted_reference(index, token) if token.tag_ in ("NNS", "NNPS") else None
        return counted or [index.by_token[token.i]]
    ahead = _cataphora(index, token)
    if ahead is not None:
        return ahead
    if token.pos_ == "PROPN":
        # A gazetteer name the NER took for a place (a continent): still that actor.
        known = index.knowledge.by_alias.get(alias_key(token.text))
        if known is not None:
            return [index.add_known(known)]
    group = group_reference(index, token)
    if group is not None:
        return group
    titled = title_reference(index, token)
    if titled is not None:
        index.resolved[token.i] = titled
        return [titled]
    words = index.knowledge.words
    if token.lower_ in words("actors", "person_pronouns"):
        return _pronoun_person(index, token)
    if token.lower_ in words("actors", "collective_pronouns") and token.dep_ in ("nsubj", "nsubjpass"):
        return _pronoun_body(index, token)
    named = _named_in_phrase(index, token)
    if named:
        return named
    named = _named_group(index, token)
    if named:
        return named
    found = _collective(index, token)
    if len(found) == 1 and index.actors[found[0]].kind == "Person":
        index.resolved[token.i] = found[0]  # "the <demonym> president said …. He added": a later "he" is that person
    return found


def _cataphora(index: ArticleActors, token: Token) -> list[str] | None:
    """'Before they called for a truce, the five leaders joined a call': a
    pronoun subject of a clause put first stands for the main clause's subject."""
    words = index.knowledge.words
    if token.pos_ != "PRON" or token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ not in (
            words("actors", "person_pronouns") | words("actors", "group_pronouns")):
        return None
    clause = token.head
    main = clause.head
    if clause.dep_ != "advcl" or clause.i > main.i or not any(c.dep_ == "mark" for c in clause.children):
        return None
    subjects = [c for c in main.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > clause.i and c.pos_ != "PRON"]
    if not subjects:
        return None
    return of_token(index, subjects[0])  # nobody if the subject names no one we know


def _pronoun_person(index: ArticleActors, token: Token) -> list[str]:
    person = index.resolved.get(token.i) or _reporter(index, token) or last_person_before(index, token)
    if person:
        index.resolved[token.i] = person  # "he … he … he": a chain through long quotations
    return [person] if person else []


def _reporter(index: ArticleActors, token: Token) -> str | None:
    """'…, where Jane Roe said he was prepared to …': the subject of what a
    named person says is, as "he", that person."""
    clause = token.head
    if token.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in index.knowledge.words("speech", "verbs"):
        return None
    speaker = next((c for c in clause.head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
    iri = index.by_token.get(speaker.i) if speaker is not None else None
    return iri if iri is not None and index.actors[iri].kind == "Person" else None


def _pronoun_body(index: ArticleActors, token: Token) -> list[str]:
    """"Ruritania said it would never give up land", "Ruritania will accept a
    truce if it gets guarantees": the body whose words or clause these are."""
    clause = token.head
    governor = clause.head if clause.dep_ in ("ccomp", "conj", "xcomp", "advcl") and clause.head.i != clause.i else None
    if governor is None and clause.dep_ == "ROOT" and token.i == token.sent.start and clause.lemma_.lower() not in COPULAS:
        governor = _previous_root(index, token)  # "The council demanded A. It also urged B."
    subjects = [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")] if governor is not None else []
    found = of_token(index, subjects[0]) if subjects and subjects[0].lower_ != token.lower_ else []
    return found if found and all(index.actors[i].kind != "Person" for i in found) else []


# Verbs an "it" that begins a sentence is a dummy subject of: "It was unclear whether …"
COPULAS = frozenset({"be", "seem", "appear", "remain", "become", "look", "take", "matter"})


def _previous_root(index: ArticleActors, token: Token) -> Token | None:
    """The main verb of the sentence before ``token``'s, if there is one and
    that sentence names no document or deal the "it" may be ("X vetoed the
    draft resolution. It demanded …")."""
    start = token.sent.start
    if start == 0:
        return None
    before = token.doc[start - 1].sent
    if any(t.pos_ == "NOUN" and t.lemma_.lower() in index.knowledge.agreement_nouns for t in before):
        return None
    return before.root if before.root.pos_ in ("VERB", "AUX") else None


def _named_in_phrase(index: ArticleActors, token: Token) -> list[str]:
    """"the <demonym> ambassador, John Doe,": the one in apposition;
    "officials like X and Y": the persons given as examples."""
    named = []
    for child in token.children:
        if child.dep_ == "appos" and child.i in index.by_token:
            # "the foreign ministers, Jane Roe and John Doe,": each one named
            return [index.by_token[t.i] for t in (child, *_later_conjuncts(child)) if t.i in index.by_token]
        if child.dep_ == "prep" and child.lower_ in index.knowledge.words("actors", "inclusion_prepositions"):
            for grand in child.subtree:
                if grand.dep_ == "pobj":
                    named += [i for i in of_token(index, grand) if index.actors[i].kind == "Person"]
    return named


def _named_group(index: ArticleActors, token: Token) -> list[str]:
    """'the Zenda armed group', 'the Iran-backed Zenda movement': the
    organisation its name modifier names (not a demonym: 'a Ruritanian group')."""
    if token.lemma_.lower() not in index.knowledge.words("actors", "named_group_heads"):
        return []
    found = [index.by_token[c.i] for c in token.children
             if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i in index.by_token]
    # not a known state or a person: "the Ruritania Defense Contact Group", "a Freedonia-Ruritania working group"
    return list(dict.fromkeys(i for i in found if index.actors[i].kind != "Person"
                              and not (index.actors[i].known and index.actors[i].kind == "Country")))


def _collective(index: ArticleActors, token: Token) -> list[str]:
    """'<demonym> officials', 'officials from both sides': the state or sides
    they stand for; 'the <demonym> president': the person with that role."""
    heads = index.knowledge.words("actors", "collective_heads")
    if token.lemma_.lower() not in heads and token.lower_ not in heads:
        return []
    for child in token.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
            iri = index.by_token.get(child.i) or index.demonym(child)
            if iri and token.tag_ in ("NNS", "NNPS"):
                # "Ruritanian and Freedonian delegations": each side named
                others = (index.by_token.get(c.i) or index.demonym(c) for c in child.conjuncts)
                return _with_heads(index, token, list(dict.fromkeys([iri, *filter(None, others)])))
            if iri:
                return _holder_of_role(index, token, iri) or [iri]
        if child.dep_ == "prep" and child.lower_ in index.knowledge.words("actors", "collective_prepositions"):
            # every object: "the government of X and the Y group signed" is often
            # parsed with the group as a second object of "of"
            found = [iri for grand in child.children if grand.dep_ == "pobj" for iri in of_token(index, grand)]
            if found:
                return _with_heads(index, token, list(dict.fromkeys(found)))
    return _placed_collective(index, token)


def _with_heads(index: ArticleActors, token: Token, countries: list[str]) -> list[str]:
    """'the leaders of Ruritania and Freedonia', 'the Ruritanian and Freedonian
    presidents': the persons the article names as those heads hold it as well as
    their states (a state with no such person, or two, is only the state)."""
    words = index.knowledge.words
    title = " ".join([c.lower_ for c in token.children if c.dep_ == "compound" and c.i < token.i] + [token.lemma_.lower()])
    if token.tag_ not in ("NNS", "NNPS") or title not in (*words("actors", "head_titles"), *words("actors", "head_roles")):
        return countries  # "the leaders of X and Y", "the X and Y prime ministers"
    wanted = {title} if title in words("actors", "head_roles") else words("actors", "head_roles")
    heads = [head for country in countries for head in _heads_of(index, country, wanted)]
    return [*heads, *countries]


def _heads_of(index: ArticleActors, country: str, roles: frozenset[str] | set[str]) -> list[str]:
    """The one person of the article holding one of ``roles`` for ``country``; [] if none or several."""
    named = [actor.iri for actor in index.actors.values() if actor.kind == "Person" and actor.affiliation == country
             and actor.role and actor.role.lower() in roles]
    return named if len(named) == 1 else []


def _placed_collective(index: ArticleActors, token: Token) -> list[str]:
    """'In Strelsau, officials have lobbied for …': officials of the state whose
    capital (or name) opens their clause; not "foreign diplomats" there."""
    if token.dep_ != "nsubj" or token.tag_ != "NNS" or any(c.dep_ in ("amod", "compound") for c in token.children):
        return []
    for prep in token.head.children:
        if prep.dep_ == "prep" and prep.lower_ in index.knowledge.words("meetings", "place_prepositions") and prep.i < token.i:
            found = [i for g in prep.children if g.dep_ == "pobj" for i in of_token(index, g)]
            if len(found) == 1 and index.actors[found[0]].kind == "Country":
                return found
    return []


def _holder_of_role(index: ArticleActors, token: Token, country: str) -> list[str]:
    """'the <demonym> president' -> the person of the article holding that role there."""
    words = index.knowledge.words
    if token.lower_ in words("actors", "head_titles") and token.tag_ == "NN":
        return _heads_of(index, country, words("actors", "head_roles")) or _unknown_before(index, token)  # "the Ruritanian leader"
    if token.lemma_.lower() in words("actors", "body_nouns"):
        return []
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return []  # "a palace spokesman": someone unnamed, the body speaks
    modifiers = " ".join(c.lower_ for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i)
    holder = _holding(index, token.lower_, f"{modifiers} {token.lower_}" if modifiers else None, country)
    if holder:
        return holder
    return _unknown_before(index, token) if token.lower_ in words("actors", "titles") and token.tag_ == "NN" else []


def _holding(index: ArticleActors, title: str, written: str | None, country: str) -> list[str]:
    """The person of the article whose role there is ``title``, or the words
    written before it with it ("the Palace spokesman": "Palace spokesman")."""
    roles = [(actor.role.lower(), actor.iri) for actor in index.actors.values()
             if actor.kind == "Person" and actor.affiliation == country and actor.role]
    return [iri for role, iri in roles if role == title][:1] or [iri for role, iri in roles if role == written][:1]


def _unknown_before(index: ArticleActors, token: Token) -> list[str]:
    """'Jane Roe was unmoved. "…," the Ruritanian prime minister said': a
    title no one of the article is known to hold is the person named last
    before, if neither the gazetteer nor the article says who that is."""
    last = last_person_before(index, token)
    actor = index.actors.get(last) if last else None
    return [last] if actor is not None and actor.affiliation is None and not actor.role else []


# -- titles and pronouns -----------------------------------------------------------


def title_reference(index: ArticleActors, token: Token) -> str | None:
    """'the commissioner', 'the envoy': the person last named before with that title."""
    title = _bare_title(index, token)
    if title is None:
        return None
    candidates = []
    for mention in index.mentions:
        if mention.start >= token.idx:
            continue
        actor = index.actors.get(mention.actor)
        if actor is None or actor.kind != "Person":
            continue
        if f" {title} " in f" {' '.join(_titles_of(index, mention, actor.role))} ":
            candidates.append((mention.start, actor.iri))
    if not candidates:
        return None
    # Like "he", "the president" continues the one who was a subject in the
    # previous sentence ("X called the deals a rebuke to Y. 'We will send them
    # arms because Y …,' the president said" is X), else the one named last;
    # someone named in its own sentence only if no one was before.
    starts = index.sentence_starts()
    here = bisect.bisect_right(starts, token.i) - 1 if starts else 0
    near = starts[max(0, here - 1)] if starts else 0
    own = index.doc[starts[here]].idx if starts else 0
    candidates = [c for c in candidates if c[0] < own] or candidates
    for start, iri in sorted(candidates, reverse=True):
        named = index.doc.char_span(start, start + 1, alignment_mode="expand")
        if named is None or named.start < near:
            break
        if _is_subject(named[0]) or _is_subject(named.root.head if named.root.dep_ == "compound" else named.root):
            return iri
    return max(candidates)[1]


def _bare_title(index: ArticleActors, token: Token) -> str | None:
    """The title a definite noun phrase is made of ("the prime minister", "the
    Foreign Minister"); None if it says more of whom ("the new president", "the
    president of X", "Doe's adviser": someone else)."""
    titles = index.knowledge.words("actors", "titles")
    if token.pos_ not in ("NOUN", "PROPN") or token.tag_ not in ("NN", "NNP") or token.lower_ not in titles:
        return None
    children = list(token.children)
    compounds = [c for c in children if c.dep_ in ("compound", "amod") and c.i < token.i]
    title = " ".join([*(c.lower_ for c in compounds), token.lower_])
    if title not in titles or not any(c.dep_ == "det" and c.lower_ == "the" for c in children) or any(
            c.dep_ in ("poss", "prep", "appos", "relcl", "acl") for c in children):
        return None
    return title


def _titles_of(index: ArticleActors, mention: Mention, role: str | None) -> list[str]:
    """The words of a person's title: those the article puts before the name
    ("<body> foreign policy chief Jane Roe"), then the gazetteer's role."""
    before = index.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    words = [t.lower_ for t in index.doc[max(before.start - 4, before.sent.start) : before.start]] if before else []
    words += (role or "").lower().replace("-", " ").split()
    return words


def last_person_before(index: ArticleActors, token: Token) -> str | None:
    """The person named last before ``token``, within the last three
    sentences, or six when a long quotation stands between ("'…. That's
    it', he stated")."""
    starts = index.sentence_starts()
    here = index.sentence_number(token.i)
    floor = starts[max(0, here - 2)] if starts else 0
    # "He" continues the last person who was a subject in this or the
    # previous sentence, not one named in passing ("… a call with Doe.
    # He insisted …"); failing that, the last person named.
    near = starts[max(0, here - 1)] if starts else 0
    start = starts[here] if starts else 0
    fallback = None
    subject = None
    for i in range(token.i - 1, floor - 1, -1):
        if i == start - 1 and fallback and _body_acts(index, index.doc[start : token.i]):
            # "The ministry sanctioned Roe, saying he had …": the body that acts is
            # no "he", so a person of this sentence is (its clause's subject first),
            # not someone of the sentence before.
            return subject or fallback
        if i >= start and subject is None and _same_person_pronoun(index, index.doc[i], token):
            # "His patience with Doe was running out, he said": who "His" is
            return index.resolved.get(i) or last_person_before(index, index.doc[i]) or fallback
        iri = _person_at(index, i)
        if iri:
            if i >= near and _is_subject(index.doc[i]):
                # A main clause's subject before one inside a clause: "The leader
                # announced that Roe will head the team. '…,' he said" is the leader.
                if _main_clause(index.doc[i], index.knowledge.words("actors", "contrast_marks")):
                    return iri
                subject = subject or iri
            fallback = fallback or iri
    if subject:
        return subject
    if fallback is None:
        wider = starts[max(0, here - 5)] if starts else 0
        for i in range(floor - 1, wider - 1, -1):
            iri = _person_at(index, i)
            if iri:
                return iri
    return fallback


def _same_person_pronoun(index: ArticleActors, earlier: Token, token: Token) -> bool:
    """Whether ``earlier`` is a pronoun of the same person as ``token`` that
    opens its clause: the subject, or the subject's owner ("His patience …")."""
    if earlier.pos_ != "PRON" or not (_is_subject(earlier) or earlier.dep_ == "poss" and earlier.head.dep_ in ("nsubj", "nsubjpass")):
        return False
    return any({earlier.lower_, token.lower_} <= set(group.split()) for group in index.knowledge.words("actors", "one_persons_pronouns"))


def _body_acts(index: ArticleActors, words: Span) -> bool:
    """Whether the main clause of these words has for subject a body (a ministry,
    a state), not a person or a pronoun."""
    for token in words:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT" and token.pos_ != "PRON":
            named = index.by_token.get(token.i) or next(
                (index.by_token[t.i] for t in token.subtree if t.i in index.by_token), None)
            return named is not None and index.actors[named].kind != "Person"
    return False


def _person_at(index: ArticleActors, i: int) -> str | None:
    """The person token ``i`` names or a pronoun there was resolved to."""
    iri = index.by_token.get(i) or index.resolved.get(i)
    return iri if iri and index.actors[iri].kind == "Person" else None


def _main_clause(token: Token, contrasts: frozenset[str] = frozenset()) -> bool:
    """Whether a subject's verb is its sentence's main verb (or coordinated with
    it, or set against it: "X pushed A, while Y raised B")."""
    node = token
    while node.dep_ in ("compound", "appos", "flat") and node.head.i != node.i:
        node = node.head
    verb = node.head.head if node.dep_ == "pobj" and node.head.dep_ == "agent" else node.head
    if verb.dep_ == "advcl" and verb.pos_ == "VERB" and verb.head.dep_ == "ROOT" and any(
            c.dep_ == "mark" and c.lower_ in contrasts for c in verb.children):
        return True  # not "while Doe was in Zenda", which only says when
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


def _is_subject(token: Token) -> bool:
    """Whether a name is its clause's subject, or part of a name that is."""
    for node in (token, token.head, token.head.head):
        if node.dep_ in ("nsubj", "nsubjpass"):
            return True
        if node.dep_ == "pobj" and node.head.dep_ == "agent":
            return True  # "it was stated by X that …": the one who acts
        if node.dep_ not in ("compound", "appos", "flat"):
            return False
    return False
