"""Small readings of a parse tree that more than one stage needs.

The stages after annotation (actors, statements, positions, meetings) each
read the dependency parse their own way; what they read alike lives here, so
that no stage imports another stage for a helper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# Prepositions whose gerund shares the subject of the verb they hang on: "X
# made concessions, including ruling out A", "X ended the talks by rejecting
# A". Not "of", "for" or "with", whose gerund is often the object's act
# ("accused Y of prolonging the war", "thanked Y for backing the plan").
SUBJECT_GERUND_PREPOSITIONS = frozenset(
    ("by", "after", "before", "while", "without", "including", "through", "since", "upon", "on", "besides", "despite")
)


def strip_name(text: str) -> str:
    """A name as written, without a possessive, a leading 'the' or the
    punctuation an entity span drags along: "the Palace's" -> "Palace"."""
    text = POSSESSIVE.sub("", text.strip())
    text = re.sub(r"\s*\([A-Z]{2,6}\)?$", "", text)  # "the Zenda Front (ZF": its letters are another name of it
    return re.sub(r"^(?:the|The)\s+", "", text).strip(" ,.;:-–—\"'“”‘’")


def cue_name(token: Token) -> str:
    """The lemma of a cue with its particle: 'ruled out' -> 'rule_out', 'called on' -> 'call_on'."""
    lemma = token.lemma_.lower()
    preposition = None
    # "what both sides called productive talks … on refining the plan": a verb
    # that names something (an object predicate) has no particle
    naming = any(c.dep_ == "oprd" for c in token.children)
    for child in token.children:
        dep = child.dep_
        if dep == "prt" or (dep == "advmod" and child.lower_ in ("back", "aside") or dep == "prep" and child.lower_ in ("out", "away")) and child.i == token.i + 1:
            # "won back", "brushed aside", "pull out of", which the parser often reads as adverbs or prepositions
            return f"{lemma}_{child.lower_}"
        if preposition is None and dep == "prep" and child.lower_ in ("on", "for", "against", "by") and child.i > token.i and not naming and not _when(child):
            preposition = child.lower_  # a particle anywhere goes first
    return f"{lemma}_{preposition}" if preposition else lemma


def steps_up(token: Token, top: Token) -> Iterator[tuple[Token, Token]]:
    """Each head on the way from ``token`` up to ``top`` (``top`` included),
    with the child it was reached from: what lies between a topic and its cue."""
    child = token
    for node in token.ancestors:
        yield child, node
        if node.i == top.i:
            return
        child = node


def lemma_key(token: Token) -> str:
    """A word as labels and lexicon lists write it: its lower-case lemma, apostrophes straight."""
    return token.lemma_.lower().replace("’", "'")


def absolute_clause(token: Token) -> bool:
    """'…, with Doe holding out for guarantees': a participle after a
    preposition with a subject of its own, beside the main clause."""
    return token.dep_ == "pcomp" and token.tag_ == "VBG" and any(c.dep_ == "nsubj" for c in token.children)


def listed_name(token: Token, words: frozenset[str]) -> str | None:
    """The verb as ``words`` lists it: with its particle ("carry_out"), with the
    adverb after it that the parser took for no particle ("stopped short of"), or bare."""
    lemma = token.lemma_.lower()
    adverbs = (f"{lemma}_{c.lower_}" for c in token.children if c.dep_ == "advmod" and c.i == token.i + 1)
    return next((name for name in (cue_name(token), *adverbs, lemma) if name in words), None)


def idiom(token: Token, idioms: frozenset[str]) -> str | None:
    """A verb and its object, or its preposition and that one's object, when
    the lexicon lists them as one cue: "cast doubt on" -> 'cast_doubt', "stood
    in the way of" -> 'stand_in_way', "threw his weight behind" -> 'throw_weight'."""
    lemma = token.lemma_.lower()
    names = [f"{lemma}_{c.lemma_.lower()}" for c in token.children if c.dep_ == "dobj"]
    names += [f"{lemma}_{c.lower_}_{g.lemma_.lower()}" for c in token.children if c.dep_ == "prep"
              for g in c.children if g.dep_ == "pobj"]
    return next((name for name in names if name in idioms), None)


def _when(preposition: Token) -> bool:
    """'on Sunday', 'for two hours': a time, not the particle of a cue ("called
    the talks productive on Sunday" is no call on anyone)."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in preposition.children)


# Adjectives whose subject is the one who acts in the verb they take ("due to arrive",
# "set to sign"); not those of a guess ("likely to reject" says nothing of who wants it).
SUBJECT_ADJECTIVES = frozenset({"due", "set", "scheduled", "poised"})


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, inherited through xcomp, conj and participles."""
    token: Token | None = verb
    for _ in range(4):
        found = _own_subject(token)
        if found is not None:
            return found
        token = _inherited_from(token)
        if token is None:
            return None
    return None


def _own_subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS:
            if child.lower_ in ("which", "who", "that") and token.dep_ == "relcl":
                return token.head  # "Freedonia, which accepted the proposal": Freedonia
            if child.tag_ == "VBG" and child.dep_ == "nsubj":
                # "delegations meeting in Zenda agreed to …", parsed as a gerund subject
                # whose own subject is the delegations
                return next((c for c in child.children if c.dep_ == "nsubj"), child)
            return child
    return None


def _inherited_from(token: Token) -> Token | None:
    """The word whose subject a verb with none of its own has, if any."""
    if token.dep_ == "acomp" and token.head.i != token.i and token.lemma_.lower() in SUBJECT_ADJECTIVES:
        return token.head  # "X and Y are due to arrive to press for a truce": the copula's subject
    if token.dep_ not in ("xcomp", "conj", "advcl", "pcomp") or token.head.i == token.i:
        return None
    through_preposition = token.dep_ == "pcomp"
    participle = token.dep_ in ("conj", "advcl") and token.tag_ == "VBG" and not any(c.dep_ == "mark" for c in token.children)
    head = token.head
    if participle and head.tag_ in ("VBZ", "VBD", "VBP") and head.dep_ == "advcl" and any(c.dep_ == "mark" for c in head.children):
        # "Although X is low, and wanting to end the war, I decided": not X's wish but the main clause's
        return head.head
    if through_preposition and head.dep_ == "prep" and head.lower_ in SUBJECT_GERUND_PREPOSITIONS and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return head


def leads_sentence(subject: Token, verb: Token) -> bool:
    """Whether a subject opens its main clause: first in the sentence ("It demanded B."), or
    right after the quotation its verb attributes ("“B,” it said.")."""
    if verb.dep_ != "ROOT":
        return False
    if subject.i == subject.sent.start:
        return True
    return subject.i == verb.i - 1 and subject.i > 0 and subject.nbor(-1).is_quote and any(
        c.dep_ == "ccomp" and c.i < subject.i for c in verb.children)


def subject_before(verb: Token) -> Token | None:
    """The subject of the nearest clause left of ``verb`` in its sentence: who a
    participle's action belongs to when the parser hung it elsewhere."""
    for token in reversed(verb.doc[verb.sent.start : verb.i]):
        if token.pos_ in ("VERB", "AUX") and not any(c.dep_ == "mark" for c in token.children):
            # not a subordinate clause's: "though the delegation is small, and wanting to …, I chose"
            found = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i), None)
            if found is not None:
                return found
    return None


def agent_of(verb: Token) -> Token | None:
    """The 'by X' of a passive verb: "the plan was rejected by Strelsau"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def is_first_person(token: Token, words: frozenset[str]) -> bool:
    """'we', 'us', 'I' as pronouns; "the US" is no first person."""
    return token.lower_ in words and token.pos_ == "PRON"


def negated(token: Token, negations: frozenset[str], words: frozenset[str], clause: bool = False, subject: bool = False) -> bool:
    """Whether ``token`` is negated: one of ``words`` ("not", "n't", "never") as
    any child, one of ``negations`` as its determiner, adverb or auxiliary ("no decisions",
    "did not"). With ``clause``, a predicate's copula counts too ("is not
    possible"); with ``subject``, a negative subject ("no leader attended")."""
    if _negated(token, negations, words):
        return True
    if clause and token.dep_ in ("acomp", "attr", "oprd", "xcomp") and token.head.i != token.i and _negated(token.head, negations, words):
        return True
    if subject:
        found = subject_of(token)
        if found is not None and (found.lower_ in negations or any(
                c.dep_ in ("det", "preconj") and c.lower_ in negations for c in found.children)):
            return True
    return False


def _negated(token: Token, negations: frozenset[str], words: frozenset[str]) -> bool:
    for child in token.children:
        word = child.lower_.replace("’", "'")
        if child.dep_ == "neg" or word in words or (
            child.dep_ in ("det", "advmod", "aux") and word in negations
        ):
            return True
        if child.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in child.children):
            return True
    return False


def passive_content(verb: Token) -> list[Token]:
    """What a passive with an agent is about: its subject ("the truce was
    rejected by Strelsau"), or the noun a participle hangs from ("the plan,
    backed by Paris and London")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if subjects:
        return list(subjects[0].subtree)
    if verb.dep_ == "acl":
        inside = {t.i for t in verb.subtree}
        return [t for t in verb.head.subtree if t.i not in inside]
    return []


def narrative(verb: Token) -> bool:
    """Told as past: "talks resumed", "were held", "had reopened"."""
    if verb.tag_ == "VBD":
        return True
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.tag_ == "VBD" for a in auxiliaries) or (
        verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxiliaries))


def only_condition(clause: Token, marks: frozenset[str]) -> bool:
    """'only after sanctions are lifted', 'only when a truce holds': a clause of
    time that ``only`` turns into a condition."""
    found = [c for c in clause.children if c.dep_ == "mark" and c.lower_ in marks]
    return bool(found) and any(c.lower_ == "only" for m in [clause, *found] for c in m.children)


def inverted_condition(verb: Token, auxiliaries: frozenset[str]) -> bool:
    """'Should Strelsau refuse, …': one of ``auxiliaries`` right before the
    verb's subject opens a condition."""
    children = list(verb.children)
    auxiliary = [c.i for c in children if c.dep_ == "aux" and c.lower_ in auxiliaries]
    return bool(auxiliary) and any(c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i - 1 in auxiliary for c in children)


def set_off(verb: Token) -> bool:
    """'The goal, he said, was …': a verb and its subject between commas inside
    another clause, with nothing of its own after it (parsed as parataxis, or
    as a relative clause on the noun before)."""
    doc = verb.doc
    words = [t.i for t in _own_words(verb) if not t.is_punct]
    left, right = min(words), max(words)
    if verb.dep_ not in ("parataxis", "relcl") or right != verb.i or left == 0 or right + 1 >= len(doc):
        return False
    return doc[left - 1].text == "," and doc[right + 1].text == ","


def _own_words(verb: Token) -> list[Token]:
    """A verb's words less a clause it goes on with ("…, he said, and B had to …": B is said too)."""
    after = {t.i for c in verb.children if c.dep_ in ("conj", "cc") and c.i > verb.i for t in c.subtree}
    return [t for t in verb.subtree if t.i not in after]


def clause_around(verb: Token) -> list[Token]:
    """The words of the clause a set-off verb stands in, less its own."""
    own = {t.i for t in _own_words(verb)}
    return [t for t in verb.sent.root.subtree if t.i not in own and not t.is_punct]


def purpose_clause(verb: Token) -> bool:
    """'met X to push Y …': an infinitive of purpose, whose subject is the main verb's."""
    return verb.dep_ == "advcl" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def clause_openers(verb: Token) -> list[Token]:
    """The words that open a verb's clause: its mark ("if", "once"), or the
    adverb the parser makes of one at the clause's left edge ("once a ceasefire
    is reached"), or hung on the verb before ("ready to deploy once a ceasefire is
    agreed", parsed as two clauses of "said")."""
    openers = [c for c in verb.children if c.dep_ == "mark" or (c.dep_ == "advmod" and c.i == verb.left_edge.i)]
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    if not openers and before is not None and before.dep_ == "advmod" and before.head.i < before.i \
            and not any(c.i > before.i for c in before.children) and verb.dep_ in ("ccomp", "conj", "advcl"):
        openers.append(before)
    return openers


def credited_object(word: Token) -> Token | None:
    """'thanked Freedonia for its support', 'praised Freedonia for agreeing':
    the one thanked or praised, whom the pronoun before the noun stands for,
    or who did what the verb says."""
    verb = word.head.head
    if word.head.dep_ != "prep" or verb.pos_ != "VERB":
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.i < word.i), None)


def judged(verb: Token, words: frozenset[str]) -> bool:
    """Whether a verb or its predicate is one of ``words``: "would collapse",
    "would be meaningless"."""
    return verb.lemma_.lower() in words or any(c.dep_ in ("acomp", "attr") and c.lemma_.lower() in words for c in verb.children)


def listed_clause(verb: Token) -> bool:
    """'demanded that X halt hostilities, withdraw from Y and …': a bare verb
    after a comma, which the parser hangs on the verb before as an adverbial
    clause, is the next item of a list, that verb's sibling; so is a "to"
    verb after a "to" verb ("to withdraw heavy weapons, to deploy observers")."""
    doc = verb.doc
    infinitives = all(any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) for v in (verb, verb.head))
    return (verb.dep_ == "advcl" and verb.tag_ == "VB" and verb.left_edge.i > 0 and doc[verb.left_edge.i - 1].text == ","
            and not any(c.dep_ in ("mark", "aux", "nsubj", "advmod") and c.i < verb.i and not (infinitives and c.lower_ == "to")
                        for c in verb.children))


def infinitive_listed(verb: Token) -> bool:
    """'agreed to keep aid flowing and raise pressure on Ruritania': a bare verb
    listed after an infinitive is another thing agreed to, not a speech verb of its own."""
    head = verb.head
    return (verb.dep_ == "conj" and verb.tag_ == "VB" and head.dep_ == "xcomp"
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children))


def spliced(clause: Token) -> bool:
    """'Freedonia triggers sanctions, Strelsau vows to respond': a clause put before
    a verb that has a complement of its own after it is no part of what that verb says."""
    head = clause.head
    return clause.dep_ == "ccomp" and clause.i < head.i and any(
        c.dep_ in ("xcomp", "ccomp", "dobj") and c.i > head.i for c in head.children)
