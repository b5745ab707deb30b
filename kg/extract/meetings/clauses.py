"""What the parse says about the clause around a meeting word.

In: spaCy tokens and the Cues. Out: tokens and small verdicts, no actors or
places: a verb's subject (also across "felt snubbed and traveled"), the
objects of given prepositions, whether a verb is negated, whether it says
its subject took part ("held", "attended") or convened others ("brought
together"), the verb a meeting noun hangs on, and whether the meeting is
real, planned or only hypothetical.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.meetings.cues import Cues
from kg.extract.syntax import cue_name, subject_of
from kg.extract.syntax import negated as syntax_negated

SUBJECTS = ("nsubj", "nsubjpass")


def prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """The objects of ``token``'s prepositions that are in ``preps``, and of
    those listed with them ("calls with X and with Y")."""
    return [
        grand
        for child in token.children
        if child.dep_ == "prep" and child.lower_ in preps
        for prep in (child, *(c for c in child.conjuncts if c.dep_ in ("prep", "conj") and c.lower_ in preps))
        for grand in prep.children
        if grand.dep_ == "pobj"
    ]


def agents(verb: Token) -> list[Token]:
    """Who a passive verb names as doing it: X in "hosted by X"."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def subject(verb: Token) -> Token | None:
    """The subject of a verb, also across "felt snubbed and traveled" and
    "had a chance to meet"."""
    found = subject_of(verb)
    node = verb
    for _ in range(3):
        if found is not None:
            break
        if node.dep_ in ("acomp", "oprd", "conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
        elif node.dep_ == "acl" and node.head.dep_ == "dobj":
            node = node.head.head
        else:
            break
        found = subject_of(node)
    return found


def negated(verb: Token, cues: Cues) -> bool:
    """Whether a meeting verb is negated (kg.extract.syntax.negated), its
    subject included, as the parse of a meeting clause gives it: "no leader attended"."""
    if syntax_negated(verb, cues.negations, cues.clause_negations):
        return True
    found = subject(verb)
    if found is None:
        return False
    if found.lower_ in cues.negations:
        return True
    return any(c.dep_ in ("det", "preconj") and c.lower_ in cues.negations for c in found.children)


def takes_part(verb: Token, cues: Cues) -> bool:
    """Whether a verb says its subject took part: "held", "attended", "took part"."""
    names = {verb.lemma_.lower(), cue_name(verb)}
    names |= {f"{verb.lemma_.lower()}_{c.lower_}" for c in verb.children if c.dep_ in ("dobj", "acomp")}
    return bool(names & cues.participation)


def convenes(verb: Token, cues: Cues) -> bool:
    """ "brought together", "brought X together", "gathered": a verb whose objects took part."""
    lemma = verb.lemma_.lower()
    names = {cue_name(verb)} | {f"{lemma}_{a.lower_}" for a in verb.children if a.dep_ in ("advmod", "prt")}
    return bool(names & cues.convening)


def container(token: Token, cues: Cues) -> Token | None:
    """ "a round of talks": the noun holding the meeting noun."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ in cues.member_preps and head.head.lower_ in cues.containers:
        return token.head.head
    return None


def governor(noun: Token, cues: Cues) -> tuple[Token | None, str]:
    """The verb a meeting noun hangs on, and how: "object" (held talks),
    "oblique:<prep>" (gathered for talks), "subject" (talks concluded)."""
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        return head, "object"
    if noun.dep_ in SUBJECTS and head.pos_ in ("VERB", "AUX"):
        return head, "subject"
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head, f"oblique:{head.lower_}"
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ == "acomp":
        return head.head.head, f"oblique:{head.lower_}"
    if (noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ == "dobj" and head.head.head.pos_ == "VERB"
            and (head.head.lemma_.lower() in cues.remark_nouns
                 or (head.lower_ in cues.speech_preps and head.head.head.lemma_.lower() in cues.speech))):
        # "made the remarks in a call with Y"; "discussed guarantees in a call", the call parsed on the guarantees
        return head.head.head, f"oblique:{head.lower_}"
    return None, ""


def phrases(verb: Token) -> list[str]:
    """A verb with its preposition and object, as the lexicon writes them: "put_on_hold"."""
    return [f"{verb.lemma_.lower()}_{p.lower_}_{o.lemma_.lower()}" for p in verb.children if p.dep_ == "prep"
            for o in p.children if o.dep_ == "pobj"]


def _words_above(node: Token, cues: Cues) -> tuple[list[str], list[Token]]:
    """The words and verbs up to the clause whose subject the meeting is ("the
    talks could fail" does not make the talks possible only), and whatever of
    that clause calls it off ("plans for the summit were put on hold")."""
    words: list[str] = []
    verbs: list[Token] = []
    # "In a call with Y, X proposed talks": the call is where the proposal
    # was made, not what was proposed; the verb's own word says nothing of it.
    setting = (node.dep_ == "pobj" and node.head.lower_ in cues.speech_preps and node.head.head.pos_ == "VERB"
               and node.head.head.lemma_.lower() in cues.speech)  # not "working on a summit"
    for _ in range(12):
        if node.dep_ in SUBJECTS or node.head.i == node.i:
            break
        coordinated = node.dep_ == "conj"
        node = node.head
        if setting and node.pos_ == "VERB":
            setting = False
        else:
            words += [node.lemma_.lower(), cue_name(node), *phrases(node)]
        words += [c.lower_ for c in node.children if c.dep_ in ("aux", "mark", "neg")]
        if not coordinated:
            # "is due in Zenda for talks", "is ready for talks": what the copula says of its
            # subject, but not "stands ready to help and is due to visit"
            words += [c.lower_ for c in node.children if c.dep_ == "acomp"]
        if node.pos_ == "VERB":
            verbs.append(node)
            if node.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD" for c in node.children):
                break  # "… will resume the aid, which X had stopped after a meeting on May 2": past, whatever is to come above
    if node.dep_ in SUBJECTS and node.head.i != node.i:
        words += [w for w in [cue_name(node.head), *phrases(node.head)] if w in cues.cancelled]
    return words, verbs


def verb_words(verb: Token) -> list[str]:
    """A verb's lemma and the words of its tense and mood: "would", "not", "if"."""
    return [verb.lemma_.lower(), *(c.lower_ for c in verb.children if c.dep_ in ("aux", "neg", "mark"))]


def status(anchor: Token, nouns: list[Token], check_ancestors: bool, cues: Cues) -> tuple[str, bool | None]:
    """ "real", "planned" or "hypothetical", from the words around the
    anchor, and whether the meeting lies ahead (None: cannot tell, as in
    "flew to X to meet Y on Friday")."""
    words: list[str] = []
    verbs: list[Token] = [anchor] if anchor.pos_ == "VERB" else []
    for noun in nouns:
        words += [c.lower_ for c in noun.children if c.dep_ in ("det", "predet", "amod", "compound", "neg")]
    if anchor.pos_ == "VERB":
        words += verb_words(anchor)
    if check_ancestors:
        above, governing = _words_above(nouns[-1] if nouns else anchor, cues)
        words += above
        verbs += governing
    if any(w in cues.hypothetical or w in cues.cancelled for w in words):
        return "hypothetical", None  # or called off: no meeting either way
    if any(w in cues.planned for w in words):
        return "planned", True
    if any(c.dep_ == "aux" and c.tag_ == "TO" for v in verbs for c in v.children):
        return "planned", None  # "agreed to meet", a headline "X and Y to meet"
    return "real", False


def noun_status(noun: Token, nouns: list[Token], definite: bool, verb: Token | None, relation: str,
                 cues: Cues) -> tuple[str, bool | None]:
    """A meeting noun's status: what is said above it, unless it is definite ("the
    talks", "his meeting": one named before), and the tense of the verb it is the
    subject of ("his meeting with Y would take place in Zenda": one to come)."""
    state, ahead = status(noun, nouns, check_ancestors=not definite, cues=cues)
    if state == "real" and verb is not None and relation == "subject" and any(w in cues.planned for w in verb_words(verb)):
        return "planned", True
    return state, ahead


def sequenced(noun: Token, cues: Cues) -> bool:
    """Whether a meeting noun is what another event comes before or after:
    "ahead of the talks", "prior to the summit", "after the call"; or on the
    sidelines of ("met Y on the sidelines of a summit": another meeting)."""
    if noun.dep_ != "pobj":
        return False
    preposition = noun.head
    word = preposition.lower_
    if word == "of" and preposition.head.lower_ in cues.margin_nouns:
        return True
    if word in ("of", "to") and preposition.head.i != preposition.i:
        word = f"{preposition.head.lower_}_{word}"  # "ahead of", "prior to"
    return word in cues.sequence_preps


def no_meeting(noun: Token, verb: Token | None, relation: str, cues: Cues) -> bool:
    """A meeting word that names none: called off, or a visit that frames one."""
    return called_off(verb, relation, cues) or (framing_visit(noun, cues) and frames_meeting(verb, cues))


def frames_meeting(verb: Token | None, cues: Cues) -> bool:
    """Whether what happened during a visit is a meeting ("during his visit, X met Y"),
    which the visit only frames; "fell ill during a visit": the visit is the meeting."""
    return verb is None or verb.lemma_.lower() in cues.verbs or verb.lemma_.lower() in cues.participation or any(
        c.dep_ == "dobj" and c.lower_ in cues.nouns for c in verb.children)


def called_off(verb: Token | None, relation: str, cues: Cues) -> bool:
    """'called off the meeting with X', 'the summit was cancelled': no meeting."""
    return verb is not None and relation in ("object", "subject") and any(
        w in cues.cancelled for w in (cue_name(verb), verb.lemma_.lower(), *phrases(verb)))


def framing_visit(noun: Token, cues: Cues) -> bool:
    """'During his visit to Zenda, X met Y': the visit frames the meeting, it is not one."""
    return noun.lemma_.lower() in cues.visit_words and noun.dep_ == "pobj" and noun.head.lower_ in cues.visit_preps


def spoken_at(verb: Token, relation: str, preposition: str, kind: str, cues: Cues) -> bool:
    """Whether a meeting of ``kind`` is where the verb's subject spoke or took a
    stance: "X said at the conference", "X told a cabinet meeting", "X, in a call
    with Y, supported the plan"; but "insisted on a summit": what a stance verb
    takes is no setting ("urged Y on a call" is one)."""
    lemma = verb.lemma_.lower()
    if relation == "object" and lemma in cues.audience_verbs:
        return True
    stance = lemma in cues.stance_verbs
    if preposition not in cues.speech_preps or (
            stance and preposition in cues.stance_complement_preps and kind != "PhoneCall"):
        return False
    return stance or lemma in cues.speech or any(c.dep_ == "dobj" and c.lemma_.lower() in cues.remark_nouns
                                                 for c in verb.children)
