"""Positions: (holder, stance, topic) read off the parse of a statement.

For every place a topic of the scheme is named, the extractor climbs the
dependency tree from the topic towards the clause that governs it and takes
the first stance cue it meets ("rejected", "objection to", "must", "wants",
"unrealistic"). Negation on the cue flips it ("would not oppose" -> accepts),
a reversal verb in between flips the topic ("lift sanctions" -> opposes
sanctions), and "without X" under a negated clause makes X a requirement ("no
deal can be signed without Fredonville"). A topic that reaches a speech verb
or a verb of mere discussion without a cue is a mention, not a position.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ArticleActors
from kg.extract import labels
from kg.extract.dateline import load_sources
from kg.extract.knowledge import Knowledge, StanceCue, Topic
from kg.model import Position, Statement
from kg.extract.statements import agent_of, cue_name, is_first_person, subject_of

MAX_HOPS = 9
# A "must" or "ought to" requires what is at most this many words up the tree
# from the topic ("must agree to a ceasefire", "must be accompanied by a halt to
# arms supplies"), not whatever its clause mentions.
MODAL_REACH = 4
NEGATE = {"supports": "opposes", "demands": "opposes", "opposes": "accepts", "accepts": "opposes"}
REVERSE = {"supports": "opposes", "demands": "opposes", "opposes": "supports", "accepts": "opposes"}


@dataclass(frozen=True)
class Stance:
    stance: str
    cue: str
    holder_mode: str  # "subject" | "speaker"
    token: Token  # where the cue sits
    confidence: float
    content: bool = False  # on a part of a deal or plan ("a deal that sets a tariff")


@dataclass
class PositionFinder:
    doc: Doc
    actors: ArticleActors
    knowledge: Knowledge
    statements: list[Statement]

    def __post_init__(self) -> None:
        lex = self.knowledge
        self.negations = lex.words("polarity", "negations")
        self.reversal = lex.words("polarity", "reversal")
        self.necessity = lex.words("polarity", "necessity_prepositions")
        self.barriers = lex.words("polarity", "barriers")
        self.outcomes = lex.words("polarity", "bad_outcomes")
        self.reversal_nouns = lex.words("polarity", "reversal_nouns")
        self.agents = lex.words("actors", "agent_nouns")
        self.condition_nouns = lex.words("polarity", "condition_nouns")
        self.attitudes = lex.words("polarity", "attitude_verbs")
        self.condition_adjectives = lex.words("polarity", "condition_adjectives")
        self.assertive = lex.words("speech", "assertive")
        self.volition = lex.words("polarity", "volition")
        self.mention_only = lex.words("polarity", "mention_only")
        self.speech = lex.words("speech", "verbs")
        self.first_person = lex.words("actors", "first_person")
        self.by_cue_at = {s.cue_at: s for s in self.statements if s.cue_at >= 0}
        self.stance_prepositions = lex.words("polarity", "stance_prepositions")
        self.conditional = lex.words("polarity", "conditional_marks")
        self.object_cues = lex.words("polarity", "object_cues")
        self.reason_prepositions = lex.words("polarity", "reason_prepositions")
        self.made_nouns = lex.words("polarity", "made_nouns")
        self.media_words = frozenset(self.knowledge.lexicon.get("actors", {}).get("media_words", []))
        self.sources = load_sources()
        self.threats = lex.words("polarity", "threat_verbs")
        self.predictive = lex.words("polarity", "predictive_modals")
        self.emphatic = lex.words("speech", "emphatic")
        self.void_nouns = lex.words("polarity", "void_nouns")
        self.report_nouns = lex.words("actors", "report_nouns")
        self.demanding_marks = lex.words("polarity", "demanding_conditions")
        self.good_outcomes = lex.words("polarity", "good_outcomes")
        self.threat_modals = lex.words("polarity", "threat_modals")
        self.evaluation_heads = lex.words("polarity", "evaluation_heads")
        self.content_verbs = lex.words("polarity", "content_verbs")
        self.ascription_cues = lex.words("polarity", "ascription_cues")
        self.alternative_markers = lex.words("polarity", "alternative_markers")
        self.forecast_adjectives = lex.words("polarity", "forecast_adjectives")
        self.denials_of_speech = lex.words("speech", "denials")
        self.harm_verbs = lex.words("polarity", "harm_verbs")
        self.help_verbs = lex.words("polarity", "help_verbs")
        self.consequence_modals = lex.words("polarity", "consequence_modals")
        self.denials = lex.words("polarity", "denial_determiners")
        # Roots of the topics named in the sentence at hand, and the topic being placed.
        self.topic_roots: dict[int, str] = {}
        self.topic_tokens: dict[int, set[str]] = {}  # token -> the topics whose naming covers it
        self.current_topic = ""
        according = lex.words("speech", "according")
        self.reported = {s.cue_at: s for s in self.statements if s.cue_at >= 0 and s.cue in according}
        self.reported_at = sorted(self.reported)
        # The first statement that quotes each sentence without a cue of its own, by where the sentence starts.
        self.quoted_in: dict[int, Statement] = {}
        evidence = {}
        for statement in self.statements:
            if statement.cue_at == -1:
                evidence.setdefault(statement.evidence, statement)
        if evidence:
            for sentence in self.doc.sents:
                found = evidence.get(sentence.text.strip())
                if found is not None:
                    self.quoted_in[sentence.start_char] = found
        self._named: dict[int, dict[str, list[tuple[Span, bool]]]] = {}
        anaphora = self.knowledge.lexicon.get("anaphora", {})
        self.noun_groups: dict[str, set[int]] = {}
        for n, group in enumerate(anaphora.get("groups", [])):
            for noun in group:
                self.noun_groups.setdefault(noun.lower(), set()).add(n)
        self.new_words = frozenset(w.lower() for w in anaphora.get("new_words", []))
        self.link_deps = frozenset(anaphora.get("link_deps", []))
        self.anaphora_hops = int(anaphora.get("max_hops", 0))
        # noun group -> the topic last named with a noun of that group
        self.antecedents: dict[int, str] = {}
        self.definite = lex.words("meetings", "definite_determiners") | lex.words("meetings", "group_pronouns")
        self._anaphors: dict[int, dict[str, list[Span]]] = {}
        self.modal_cue = next((c for c in lex.stance_cues if c.modals), None)
        self.support_cue = next(c for c in lex.stance_cues if c.stance == "supports")
        self.modal_heads = frozenset(w.lower() for w in (self.modal_cue.modal_heads if self.modal_cue else ()))

    # -- cues -----------------------------------------------------------------

    def cue_at(self, token: Token) -> tuple[StanceCue, str] | None:
        """The stance cue this token is, if any, and the word that fired."""
        name = cue_name(token)
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and self.modal_cue:
            # "Ruritania must agree to a ceasefire": whoever says so demands it;
            # "must reject" stays a rejection.
            modal = self.modal_of(token)
            if modal is not None:
                lexical = self._lexical(token, name, lemma)
                if lexical and lexical[0].stance == "opposes":
                    return lexical
                return self.modal_cue, modal
        return self._lexical(token, name, lemma)

    def phrasal_cue(self, verb: Token, prep: Token) -> bool:
        """Whether verb and preposition make one cue of the lexicon ("press for")."""
        name = f"{verb.lemma_.lower()}_{prep.lower_}"
        return any(name in cue.lemmas for cue in self.knowledge.stance_cues)

    def modal_of(self, verb: Token) -> str | None:
        """'must end', 'should end', and 'ought to', 'has to' with the verb as
        their complement: the word of necessity, if any."""
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in self.modal_cue.modals:
                return child.lower_
        head = verb.head
        if (verb.dep_ == "xcomp" and head.lemma_.lower() in self.modal_heads
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
            return head.lemma_.lower() + " to"
        return None

    def _lexical(self, token: Token, name: str, lemma: str) -> tuple[StanceCue, str] | None:
        if token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in token.children):
            return None  # "a ceasefire agreed soon", "the deal signed": a state, not an act
        for cue in self.knowledge.stance_cues:
            if token.pos_ in ("VERB", "AUX") and (name in cue.lemmas or lemma in cue.lemmas):
                return cue, name.replace("_", " ") if name in cue.lemmas else lemma
            if token.pos_ in ("NOUN", "PROPN") and lemma in cue.nouns:
                return cue, lemma
            if token.pos_ == "ADJ" and lemma in cue.adjectives:
                return cue, lemma
        # "labeled it unrealistic", "is ready to", "would be a mistake": the predicate.
        if token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ in ("acomp", "oprd") and child.pos_ == "ADJ":
                    for adjective in (child, *child.conjuncts):
                        for cue in self.knowledge.stance_cues:
                            if adjective.lemma_.lower() in cue.adjectives:
                                return cue, adjective.lemma_.lower()
                if child.dep_ in ("attr", "oprd") and child.pos_ == "NOUN":
                    for cue in self.knowledge.stance_cues:
                        if child.lemma_.lower() in cue.nouns:
                            return cue, child.lemma_.lower()
                    if child.lemma_.lower() in self.evaluation_heads:
                        # "called the truce a positive development", "was the right step"
                        for adjective in (c for c in child.children if c.dep_ == "amod" and c.pos_ == "ADJ"):
                            for cue in self.knowledge.stance_cues:
                                if adjective.lemma_.lower() in cue.adjectives or adjective.lower_ in cue.adjectives:
                                    return cue, adjective.lower_
        return None

    def copular_subject(self, token: Token) -> Token | None:
        """'Turkey's aim was to see a ceasefire': the stance noun is the subject of 'be'."""
        if token.lemma_.lower() not in self.knowledge.words("polarity", "copulas"):
            return None
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN":
                if any(child.lemma_.lower() in cue.nouns for cue in self.knowledge.stance_cues):
                    return child
        return None

    def negated(self, token: Token) -> bool:
        """Whether the clause of ``token`` is negated ("is not possible", "no decisions")."""
        clause = [token]
        if token.dep_ in ("acomp", "attr", "oprd", "xcomp") and token.head.i != token.i:
            clause.append(token.head)
        return any(self._negated(t) for t in clause)

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            word = child.lower_.replace("’", "'")
            if child.dep_ == "neg" or word in self.knowledge.words("polarity", "clause_negations") or (
                child.dep_ in ("det", "advmod", "aux") and word in self.negations
            ):
                return True
            if child.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in child.children):
                return True
        return False

    def owned(self, noun: Token) -> bool:
        """A stance noun counts when we know whose it is: 'Ruritania's objection',
        'raised the need', not a bare 'rejection' in a background phrase."""
        if any(c.dep_ == "poss" for c in noun.children) or noun.idx in self.by_cue_at:
            return True  # "Ruritania's objection", "X tabled a proposal": someone's
        if noun.dep_ == "pobj" and noun.head.lower_ in self.stance_prepositions:
            # "in favour of": the stance of whatever it describes
            return True
        # A need belongs to whoever speaks of it ("X and Y talked about the
        # necessity of …"); a plan or an objection belongs to its author, not to
        # those who discuss it.
        found = self.cue_at(noun)
        speakers_own = found is not None and found[0].holder == "speaker"
        base = noun
        while base.dep_ == "conj" and base.head.i != base.i:
            base = base.head
        verb = base.head.head if base.dep_ == "pobj" else base.head
        if verb.idx not in self.by_cue_at or verb.pos_ not in ("VERB", "AUX"):
            return False
        if verb.lemma_.lower() in self.mention_only and not speakers_own:
            return False
        if base.dep_ in ("pobj", "dep", "appos", "npadvmod"):
            return speakers_own
        return base.dep_ in ("dobj", "attr", "nsubj")

    def outer(self, stance: Stance, denials_only: bool = False) -> Stance | None:
        """A stance inside another one's clause takes the outer holder:
        "the president said he hoped Strelsau would agree to the truce" -> the
        president supports the truce; "X rejected calls to lift sanctions" -> X's rejection."""
        token = stance.token
        for _ in range(MAX_HOPS):
            if token.head.i == token.i or self.is_barrier(token) or token.dep_ == "conj":
                return stance  # a conjunct's head is its sibling, not its governor
            previous = token
            token = token.head
            found = None if denials_only else self.cue_at(token)
            if found and token.pos_ == "NOUN" and not self.owned(token):
                found = None
            if found and previous.dep_ in ("acomp", "attr", "oprd") and found[1] == stance.cue:
                found = None  # the copula of the cue itself ("is a critic of"), not a second cue
            if found and token.lemma_.lower() in self.assertive and previous.dep_ == "ccomp" and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in previous.children
            ):
                return stance  # "X insisted that Europe would keep supplying …": a report, not X's wish
            if found and found[1] in self.forecast_adjectives and previous.dep_ == "xcomp":
                return None  # "Moscow is unlikely to accept a truce": a forecast of Moscow, nobody's stance
            if found:
                cue, word = found
                outer_stance = NEGATE[cue.stance] if self.negated(token) else cue.stance
                if outer_stance in ("supports", "demands"):
                    combined = "opposes" if stance.stance == "opposes" else outer_stance
                elif outer_stance == "opposes" and stance.content:
                    return None  # rejecting a plan is not rejecting each thing in it
                elif outer_stance == "opposes":
                    combined = "supports" if stance.stance == "opposes" else "opposes"
                else:
                    return stance
                return Stance(combined, word, cue.holder, token, round(min(stance.confidence, cue.weight) - self.knowledge.confidence("nested_cue_discount"), 2))
            if (token.pos_ == "VERB" and token.lemma_.lower() in self.denials_of_speech and previous.dep_ == "ccomp"
                    and not self.negated(token)):
                # "X denied that Kyiv would give up land": the speaker holds the opposite
                return Stance(REVERSE[stance.stance], token.lemma_.lower(), "speaker", token, round(stance.confidence - self.knowledge.confidence("speech_denial_discount"), 2))
            if token.idx in self.by_cue_at:
                return stance  # reached the speech verb: nothing above the stance
        return stance

    def denied(self, cue: Token) -> bool:
        """'X had shown no sign Strelsau wanted peace': a stance under a noun that
        a 'no' denies is nobody's stance."""
        token = cue
        for _ in range(MAX_HOPS):
            if token.head.i == token.i:
                return False
            token = token.head
            if token.idx in self.by_cue_at and token.pos_ != "NOUN":
                return False
            if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in self.denials for c in token.children):
                return True
        return False

    def backgrounded(self, cue: Token) -> bool:
        """A cue inside a 'despite …' or 'if …' phrase is background, not the stance."""
        token = cue
        if any(c.dep_ == "mark" and c.lower_ in self.conditional for c in cue.children):
            return True  # "if Ruritania does not sign up to the ceasefire": a condition
        own_clause = cue.head if cue.dep_ in ("acomp", "attr", "oprd") else cue
        for _ in range(MAX_HOPS):
            if token.idx in self.by_cue_at and token.i not in (cue.i, own_clause.i):
                return False
            if self.is_barrier(token) and token.i != cue.i and (token.i != own_clause.i or any(
                    c.dep_ == "mark" and c.lower_ in self.conditional for c in token.children)):
                return True
            if token.head.i == token.i:
                return False
            token = token.head
        return False

    def is_barrier(self, token: Token) -> bool:
        if any(c.dep_ == "mark" and c.lower_ in self.barriers for c in token.children):
            return True
        return token.dep_ == "prep" and token.lower_ in self.barriers

    # -- climbing -------------------------------------------------------------

    def requirement(self, topic_span: Span, opposite: bool = False) -> Stance | None:
        """'No X without Y', 'Y cannot be left out': Y is demanded.

        Needs a 'without' between the topic and its clause, and a negation
        anywhere up to the statement that governs it.
        """
        token = topic_span.root
        inside = {t.i for t in topic_span}
        necessary = any(t.lower_ in self.necessity for t in topic_span)
        negation = any(t.lower_ in self.negations and t.lower_ != "without" for t in topic_span)
        for _ in range(MAX_HOPS + 3):
            if token.i not in inside:
                if token.lower_ in self.necessity:
                    necessary = True
                negation = (
                    negation or self.negated(token) or token.lower_ in self.knowledge.words("polarity", "negating_words")
                    or token.lemma_.lower() in self.outcomes
                    or any(c.lower_ in self.knowledge.words("polarity", "negative_subjects") and c.dep_ in ("nsubj", "nsubjpass", "det") for c in token.children)
                    or any(c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ in self.knowledge.words("polarity", "negative_subject_determiners") for d in c.children)
                           for c in token.children)
                )
                if token.idx in self.by_cue_at or (opposite and self.cue_at(token)):
                    break
            if token.head.i == token.i:
                break
            token = token.head
        if necessary and negation:
            return Stance("demands", "not without", "speaker", token, self.knowledge.confidence("not_without"))
        if opposite and negation and not self.cue_at(token):
            # "a deal cannot be forced on Freedonia": refusing the opposite.
            return Stance("demands", "not", "speaker", token, self.knowledge.confidence("refused_opposite"))
        return None

    def stance_for(self, topic_span: Span, opposite: bool = False, reach: int = MAX_HOPS) -> Stance | None:
        required = self.requirement(topic_span, opposite)
        if required is not None:
            return required
        token = topic_span.root
        inside = {t.i for t in topic_span}
        if token.pos_ in ("VERB", "AUX") and self.modal_cue and not opposite:
            # "Ruritania must end its aggression": the topic's own verb is required.
            modal = self.modal_of(token)
            if modal is not None:
                return Stance("demands", modal, "speaker", token, self.modal_cue.weight)
        # Reversal inside the topic's own words is the business of opposite
        # patterns ("lifting sanctions"); "stop the killing" is the topic itself.
        reversed_ = opposite
        if token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "prep" and c.lower_ in self.necessity for c in token.head.children
        ):
            return None  # "peace is not possible without X" is a stance on X, not on peace
        intent = self.intent(token, topic_span)
        if intent is not None:
            return intent
        consequence = self.consequence(token, topic_span, opposite)
        if consequence is not None:
            return consequence
        received = self.received_stance(token)
        if received is not None:
            return received
        hops = 0
        skip = False  # the head of an independent conjunct clause is not our cue
        came_from = ""
        came_through = ""  # the last preposition passed on the way up
        content = False  # passed from a deal's content up to the deal
        while hops <= reach:
            if token.i not in inside and not skip:
                if token.lemma_.lower() in self.mention_only and token.pos_ == "VERB" and subject_of(token) is not None:
                    return None
                if token.pos_ == "VERB" and token.lemma_.lower() in self.reversal:
                    reversed_ = not reversed_
                if token.pos_ == "NOUN" and token.lemma_.lower() in self.reversal_nouns:
                    reversed_ = not reversed_
                if token.pos_ == "NOUN" and token.lemma_.lower() in self.void_nouns:
                    return None  # "the bloc's failure to agree on sanctions" is no one's demand
                noun = self.copular_subject(token)
                if noun is not None and not self.backgrounded(token):
                    cue, word = next((c, noun.lemma_.lower()) for c in self.knowledge.stance_cues
                                     if noun.lemma_.lower() in c.nouns)
                    stance = NEGATE[cue.stance] if self.negated(token) else cue.stance
                    stance = REVERSE[stance] if reversed_ else stance
                    return Stance(stance, word, cue.holder, noun, round(cue.weight - self.knowledge.confidence("cue_noun_discount"), 2))
                found = self.cue_at(token)
                if found and token.pos_ == "NOUN" and not self.owned(token):
                    found = None
                if not found and came_from == "dobj" and token.pos_ == "VERB" and token.lemma_.lower() in self.object_cues:
                    found = (self.support_cue, token.lemma_.lower())
                if (not found and came_from in ("dobj", "prep", "xcomp") and token.pos_ == "VERB"
                        and token.lemma_.lower() in self.threats and not self.negated(token)
                        and any(c.dep_ == "aux" and c.lower_ in self.threat_modals for c in token.children)):
                    # "Ruritania would face tougher sanctions": a threat, the speaker's support for them
                    return Stance("supports", token.lemma_.lower(), "speaker", token, self.knowledge.confidence("threat"))
                if found and token.lemma_.lower() in self.condition_nouns and came_through == "for":
                    return None  # "conditions for a truce" constrain the truce, they do not demand it
                if found and found[1] in self.condition_adjectives and came_through not in self.knowledge.words("polarity", "condition_prepositions"):
                    return None  # "made the truce conditional on X": X is demanded, the truce is not
                if found and self.backgrounded(token):
                    return None
                if found and found[1] in self.forecast_adjectives and came_from == "xcomp":
                    return None  # "Moscow is unlikely to sign a truce": a forecast of Moscow
                if (found and came_from in ("nsubj", "csubj") and found[0].holder == "subject" and token.pos_ == "VERB"
                        and found[1] in (token.lemma_.lower(), cue_name(token).replace("_", " "))):
                    return None  # "the agreement did not require …": the topic acts, it is not the object
                if found and found[0] is self.modal_cue and hops > MODAL_REACH and self._lexical(token, cue_name(token), token.lemma_.lower()) is None:
                    found = None  # "efforts ought to concentrate on setting out the bases for peace": too far to be required
                if (found and found[0] is self.modal_cue and came_from in ("nsubj", "nsubjpass")
                        and self.names_other_topic(token, inside)):
                    return None  # "any truce must be accompanied by a halt to arms supplies": the halt is demanded
                if found:
                    cue, word = found
                    stance = cue.stance
                    if self.negated(token):
                        stance = NEGATE[stance]
                    if reversed_:
                        stance = REVERSE[stance]
                    if content and stance == "opposes":
                        return None  # rejecting a deal is not rejecting each thing in it
                    confidence = cue.weight - self.knowledge.confidence("hop_discount") * max(0, hops - 1) - (self.knowledge.confidence("content_discount") if content else 0)
                    return Stance(stance, word, cue.holder, token, round(max(confidence, self.knowledge.confidence("climb_floor")), 2), content)
                if token.idx in self.by_cue_at:
                    # A speech verb with no stance of its own: a mention.
                    return None
                if token.pos_ in ("VERB", "AUX") and self.negated(token) and came_from not in ("nsubj", "nsubjpass", "csubj"):
                    # "this is not the moment to lift sanctions"; but in "peace is
                    # not possible" the topic is the subject, and the adjective decides.
                    reversed_ = not reversed_
            if self.alternative(token):
                reversed_ = not reversed_  # "an offensive instead of a ceasefire", "talks rather than sanctions"
            if self.is_barrier(token) and (token.i not in inside or token.i == topic_span.root.i):
                # "If Freedonia pulls out of the territories, …": the topic's own clause is the condition
                return self.condition_for(token, reversed_)
            if token.dep_ == "prep" and token.lower_ in self.necessity and token.i not in inside:
                return None  # "a guarantee without Fredonville joining NATO": not what the cue is about
            head = token.head
            if (token.dep_ in ("prep", "acl", "relcl") and head.i not in inside and head.i in self.topic_roots
                    and self.topic_roots[head.i] != self.current_topic):
                if not (token.dep_ in ("acl", "relcl") and token.lemma_.lower() in self.content_verbs):
                    return None  # "guarantees under a peace deal": the stance is on the guarantees
            if (token.dep_ in ("dobj", "pobj", "xcomp", "advcl") and head.i not in inside and head.i not in self.topic_roots
                    and self.topic_tokens.get(head.i, {self.current_topic}) - {self.current_topic}):
                return None  # "troops to monitor a ceasefire": the ceasefire is a detail of the troops
            if token.dep_ in ("acl", "relcl") and token.lemma_.lower() in self.content_verbs and token.i not in inside:
                content = True  # "agreed a deal that sets a 15% tariff": what the deal holds
            if (token.dep_ == "prep" and token.lower_ in self.reason_prepositions and head.pos_ == "VERB"
                    and any(c.dep_ == "dobj" for c in head.children) and not self.phrasal_cue(head, token)):
                return None  # "criticised Freedonia for … aid": the criticism is of Freedonia ("pressed Freedonia for aid" asks for it)
            if token.head.i == token.i:
                return None
            # The head of a conjunct clause is its sibling, not its governor:
            # "rejecting A and judging B improbable" says nothing of B by 'rejecting'.
            skip = token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")
            came_from = token.dep_
            came_through = token.lower_ if token.dep_ == "prep" else came_through
            token = token.head
            hops += 1
        return None

    def condition_for(self, clause: Token, reversed_: bool) -> Stance | None:
        """'If Freedonia pulls out of the territories, the conflict will be over',
        'we will only agree if X': a condition for a good outcome is demanded by
        whoever states it. Any other condition, or background, is no stance."""
        marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
        if not any(m in self.demanding_marks for m in marks) or clause.dep_ != "advcl" or reversed_:
            return None
        if self.negated(clause):
            return None  # "if they don't, we will reach our goals by force"
        subject = subject_of(clause)
        if subject is None or not self.actors.of_token(subject):
            return None  # "if a ceasefire holds": a state of things, not something asked of someone
        main = clause.head
        if self.negated(main):
            return None
        found = self.cue_at(main)
        good = found is not None and found[0].stance in ("supports", "accepts")
        good = good or main.lemma_.lower() in self.good_outcomes or any(
            c.dep_ in ("acomp", "advmod", "prt", "xcomp", "attr") and c.lemma_.lower() in self.good_outcomes
            for c in main.children)
        if not good:
            return None
        return Stance("demands", "if", "speaker", clause, self.knowledge.confidence("demanding_condition"))

    def received_stance(self, root: Token) -> Stance | None:
        """'the truce has gained support from Europe', 'the plan drew criticism
        from Fredonville': the stance noun's owner takes a stance on the subject."""
        while root.dep_ in ("pobj", "prep", "compound", "amod") and root.head.i != root.i:
            root = root.head  # "the plan for a ceasefire has won backing from X": the plan's subject
        if root.dep_ not in ("nsubj", "nsubjpass") or root.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = root.head
        for noun in verb.children:
            if noun.dep_ == "dobj" and noun.idx in self.by_cue_at:
                found = self.cue_at(noun)
                if found is None:
                    continue
                cue, word = found
                stance = NEGATE[cue.stance] if self.negated(verb) else cue.stance
                return Stance(stance, word, "speaker", noun, round(cue.weight - self.knowledge.confidence("owned_noun_discount"), 2))
        return None

    def relative_stance(self, root: Token) -> Stance | None:
        """'security guarantees, which Fredonville had long insisted on', 'the plan
        Strelsau rejected': a relative clause whose subject takes a stance on
        the topic it hangs from."""
        for clause in root.children:
            if clause.dep_ != "relcl":
                continue
            subject = subject_of(clause)
            if subject is None or subject.lower_ in self.knowledge.words("actors", "relative_pronouns") or not self.actors.of_token(subject):
                continue
            found = self.cue_at(clause)
            lemma = clause.lemma_.lower()
            if found and (lemma in self.speech or lemma in self.attitudes):
                cue, word = found
                stance = NEGATE[cue.stance] if self.negated(clause) else cue.stance
                return Stance(stance, word, "subject", clause, round(cue.weight - self.knowledge.confidence("relative_clause_discount"), 2))
        return None

    def intent(self, root: Token, topic_span: Span) -> Stance | None:
        """'Borduria would send troops to Freedonia', 'he would meet Doe': an actor's
        declared intent to do what the topic names is support (negated, opposition)."""
        if root.pos_ != "VERB" and root.dep_ == "dobj" and root.head.pos_ == "VERB":
            root = root.head  # "he would then schedule a meeting with Doe"
        elif root.pos_ != "VERB":
            return None
        if not any(c.dep_ == "aux" and c.lower_ in self.volition for c in root.children):
            return None
        subject = subject_of(root)
        if subject is None:
            return None
        if not is_first_person(subject, self.first_person) and not self.actors.of_token(subject):
            return None
        if self.cue_at(root):
            return None  # a stance verb of its own ("would support"): the climb handles it
        stance = "opposes" if self.negated(root) else "supports"
        return Stance(stance, "will", "subject", root, self.knowledge.confidence("volition"))

    def names_other_topic(self, verb: Token, inside: set[int]) -> bool:
        """Whether the verb's object or agent names a topic other than the one at hand."""
        for child in verb.children:
            if child.dep_ in ("dobj", "agent", "prep", "attr", "xcomp") and child.i not in inside:
                if any(self.topic_tokens.get(t.i, set()) - {self.current_topic} for t in child.subtree):
                    return True
        return False

    @staticmethod
    def asked(token: Token, sentence: Span) -> bool:
        """Whether the clause of ``token`` is a question ("Will Moscow agree to a
        truce?"): the first stop after it is a question mark."""
        for after in sentence.doc[token.i + 1 : sentence.end]:
            if after.text in (".", "!", ";"):
                return False
            if after.text == "?":
                return True
        return False

    def alternative(self, token: Token) -> bool:
        """Whether ``token`` is what is set aside: the object of "instead of",
        "rather than", or a conjunct after such a pair."""
        def marked(word: Token) -> bool:
            return word.lower_ in self.knowledge.words("polarity", "alternative_prepositions") and any(c.lower_ in self.alternative_markers for c in word.children)

        if token.dep_ == "pobj" and marked(token.head):
            return True
        return token.dep_ == "conj" and any(
            c.dep_ == "cc" and c.i < token.i and marked(c) for c in token.head.children)

    def consequence(self, root: Token, topic_span: Span, opposite: bool) -> Stance | None:
        """'New sanctions could derail the talks': the topic as the subject of a
        warned harm (or help) is opposed (or supported) by whoever warns."""
        if root.dep_ not in ("nsubj", "csubj") or opposite:
            return None
        verb = root.head
        if verb.pos_ != "VERB" or self.negated(verb):
            return None
        lemma = verb.lemma_.lower()
        if lemma not in self.harm_verbs and lemma not in self.help_verbs:
            return None
        if not any(c.dep_ == "aux" and c.lower_ in self.consequence_modals for c in verb.children):
            return None
        inside = {t.i for t in topic_span}
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "xcomp", "ccomp") and any(
                t.i in self.actors.by_token or self.actors.named_at(t.i) for t in child.subtree if t.i not in inside
            ):
                return None  # harm to a named actor is the point of a measure, not a warning against it
        stance = "opposes" if lemma in self.harm_verbs else "supports"
        return Stance(stance, lemma, "speaker", verb, self.knowledge.confidence("consequence"))

    # -- holders --------------------------------------------------------------

    def governing(self, token: Token, sentence: Span) -> Statement | None:
        """The statement whose cue governs ``token``, or the quote it sits in."""
        # The cue's own statement ("Europe needs more troops") gives way to the one
        # that reports it ("…," the prime minister said).
        own = self.by_cue_at.get(token.idx)
        node = token
        if own is None and token.dep_ in ("acomp", "attr", "oprd") and token.head.idx in self.by_cue_at:
            # "Fredonville is ready to …": the copula's statement is the cue's own
            node = token.head
            own = self.by_cue_at[node.idx]
        crossed = False  # an adverbial or relative clause is not what the outer verb reports
        for _ in range(MAX_HOPS + 4):
            if node.head.i == node.i:
                break
            crossed = crossed or node.dep_ in ("advcl", "relcl", "acl") or self.is_barrier(node) or (
                node.dep_ == "conj" and own is not None and token.lemma_.lower() in self.speech
            )
            # "X said Moscow was open to talks but would not accept Y": the clause
            # before "but" is a sibling, not what reports this one.
            sibling = node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and node.head.lemma_.lower() not in self.speech
            node = node.head
            if sibling and node.idx in self.by_cue_at:
                continue
            if node.idx in self.by_cue_at and not (node.lemma_.lower() in self.speech and self.reports_a_report(node)):
                outer = self.by_cue_at[node.idx]
                return own if (own is not None and crossed) else outer
            if node.lemma_.lower() in self.speech and self.reports_a_report(node):
                return None  # "a newspaper story saying X plans to propose …": not the article's report of X
        quoted = self.quoted_in.get(sentence.start_char)  # a sentence inside a quotation said elsewhere
        if quoted is not None:
            return quoted
        first = bisect.bisect_left(self.reported_at, sentence.start_char)
        for at in self.reported_at[first:]:
            if at >= sentence.end_char:
                break
            # "According to X, Y hopes to …": X reports what the clause says.
            clause = self.doc.char_span(at, at + 1, alignment_mode="expand")
            if clause is not None and (clause.root.head == token or clause.root.head in token.ancestors):
                return self.reported[at]
        return own

    def holders(self, stance: Stance, statement: Statement | None) -> tuple[str, ...]:
        if statement is not None and statement.cue_at == stance.token.idx:
            return statement.speakers
        speakers = statement.speakers if statement else ()
        subject = None
        if stance.token.pos_ in ("VERB", "AUX"):
            subject = agent_of(stance.token) or subject_of(stance.token)
            if subject is not None:
                subject = self.actors.past_dateline(subject)
        if subject is None and stance.token.pos_ == "ADJ":
            subject = subject_of(stance.token.head)  # "X is ready to"
        if subject is None and stance.token.pos_ == "NOUN":
            # "X's objection to": the owner; an ownerless "the priority was …" is the speaker's.
            owner = [c for c in stance.token.children if c.dep_ == "poss"]
            subject = owner[0] if owner else None
        if subject is not None and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children):
            subject = None  # "her government would not oppose": the speaker's own side
        actors: list[str] = []
        if subject is not None and not is_first_person(subject, self.first_person) and subject.lower_ not in ("it",):
            actors = self.actors.of_token(subject)
            if not actors and stance.holder_mode == "subject" and subject.lemma_.lower() in self.agents:
                # "the sides agreed", "analysts want": someone we cannot name
                # holds it, not the one who reports it.
                return ()
        if not speakers:
            return tuple(actors)
        # "for NATO to refuse …": an infinitive with a subject of its own is
        # the speaker's framing, not that subject's act.
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in stance.token.children) and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in stance.token.children
        )
        if stance.holder_mode == "subject" and actors and not infinitive:
            sides = self.sides(speakers)
            if not all(a in sides or self.actors.side(a) in sides for a in actors):
                # "X said Ruritania and Syldavia agreed": the ones who agreed.
                return tuple(actors)
            # "The palace spokesman noted that Strelsau would not oppose": he and
            # the side he speaks for both hold it.
            return tuple(dict.fromkeys([*speakers, *actors]))
        return speakers

    # -- topics ---------------------------------------------------------------

    @staticmethod
    def match_text(sentence: Span) -> str:
        """The sentence as patterns see it: curly apostrophes straight, quotation
        marks blank, each character kept in place so that offsets still hold."""
        text = sentence.text.replace("’", "'")
        text = re.sub(r"[“”\"«»]|(?<![A-Za-z])'|'(?![A-Za-z])", " ", text)
        return text

    def topic_spans(self, sentence: Span, topic: Topic) -> list[tuple[Span, bool]]:
        """Where the sentence names the topic, each with whether it names its opposite."""
        named = self._named.get(sentence.start)
        if named is None:  # all topics of a sentence at once, not once per topic
            named = self._named[sentence.start] = self._name_topics(sentence)
        found = named.get(topic.iri, [])
        referred = self._anaphors.get(sentence.start, {}).get(topic.iri, ())
        if not referred:
            return found
        spans = list(found)
        for span in referred:
            if not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s, _ in spans):
                spans.append((span, False))
        return spans

    def _name_topics(self, sentence: Span) -> dict[str, list[tuple[Span, bool]]]:
        text = self.match_text(sentence)
        offset = sentence.start_char
        by_label = {}
        if self.knowledge.label_index is not None:
            by_label = labels.sentence_matches(sentence, self.knowledge.label_index, self.actors.named_at)
        named: dict[str, list[tuple[Span, bool]]] = {}
        for topic in self.knowledge.topics:
            spans: list[tuple[Span, bool]] = []

            def free(span: Span) -> bool:
                return not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s, _ in spans)

            labelled = by_label.get(topic.iri, ())
            # Wordings of the opposite first: "recover all of its captured territory"
            # is about getting land back, whatever "captured territory" alone would say.
            spans += [(span, True) for span, is_opposite in labelled if is_opposite]
            for pattern, is_opposite in ((topic.any_opposite, True), (topic.any_pattern, False)):
                if pattern is not None:
                    # Curly apostrophes are matched as straight ones; same length, same offsets.
                    for match in pattern.finditer(text):
                        if match.end() == match.start():
                            continue
                        span = self.doc.char_span(offset + match.start(), offset + match.end(), alignment_mode="expand")
                        if span is not None and free(span):
                            spans.append((span, is_opposite))
            for span, is_opposite in labelled:
                if not is_opposite and free(span):
                    spans.append((span, False))
            if spans:
                named[topic.iri] = spans
        return named

    # -- topics named by a noun that refers back ------------------------------

    def _groups(self, token: Token) -> set[int]:
        return self.noun_groups.get(token.lemma_.lower(), set()) | self.noun_groups.get(token.lower_, set())

    def antecedent_noun(self, span: Span) -> Token | None:
        """The deal, plan or truce noun a topic is named with: "an agreement
        centred on access to minerals", "the minerals deal"."""
        for token in span:
            if token.pos_ in ("NOUN", "PROPN") and self._groups(token):
                return token
        node = span.root
        for _ in range(self.anaphora_hops):
            if node.head.i == node.i or node.dep_ not in self.link_deps:
                return None
            node = node.head
            if node.pos_ in ("NOUN", "PROPN") and self._groups(node):
                return node
        return None

    def resolve_anaphors(self, sentence: Span, named: set[int]) -> None:
        """Nouns of this sentence that refer back to a topic named before."""
        found: dict[str, list[Span]] = {}
        for token in sentence:
            if token.pos_ != "NOUN" or token.i in named:
                continue
            groups = self._groups(token)
            if not groups or any(c.lower_ in self.new_words for c in token.children):
                continue
            # Only a definite reference points back ("the deal", "this accord",
            # "their plan"); "a deal", "the alliance's treaty" and "the NATO
            # treaty" name other things.
            determiners = [c for c in token.children if c.dep_ in ("det", "poss")]
            if not (any(c.lower_ in self.definite for c in determiners) or self.predicated(token)) or any(
                c.dep_ == "compound" or (c.dep_ == "poss" and c.pos_ != "PRON") for c in token.children
            ):
                continue
            if any(c.dep_ in ("prep", "acl", "relcl") and c.i > token.i and any(
                    g.i in named for g in c.subtree) for c in token.children):
                continue  # "a deal on X": names its own topic
            topic = next((self.antecedents[g] for g in sorted(groups) if g in self.antecedents), None)
            if topic is not None:
                found.setdefault(topic, []).append(self.doc[token.i : token.i + 1])
        self._anaphors[sentence.start] = found

    def forecast_by(self, token: Token) -> Statement | None:
        """'X said Doe would seek to … and would never accept …': the statement
        whose speaker forecasts what another will do, if ``token`` is such a
        forecast. A speech verb that vouches ("X insisted that Europe would keep
        supplying arms") reports a stance, not a forecast."""
        modal = token
        while not any(c.dep_ == "aux" and c.lower_ in self.predictive for c in modal.children):
            if modal.dep_ != "conj" or modal.head.i == modal.i:
                return None
            modal = modal.head
        for node in modal.ancestors:
            if node.idx in self.by_cue_at and node.lemma_.lower() in self.speech:
                return None if node.lemma_.lower() in self.emphatic else self.by_cue_at[node.idx]
        return None

    def forecast_holders(self, token: Token, holders: tuple[str, ...]) -> tuple[str, ...]:
        """Holders less those a speaker of another side only forecasts; a group
        with one of the speaker's own side in it ("Ruritania and Freedonia would swap
        prisoners", said by Doe) is a reported arrangement, kept whole."""
        forecast = self.forecast_by(token) if token.pos_ in ("VERB", "AUX") else None
        if forecast is None:
            return holders
        return holders if self.same_side(forecast.speakers, holders) else ()

    def sides(self, speakers: tuple[str, ...]) -> set[str]:
        """The speakers and the states or bodies they speak for."""
        return {self.actors.side(s) for s in speakers} | set(speakers)

    def same_side(self, speakers: tuple[str, ...], holders: tuple[str, ...]) -> bool:
        sides = self.sides(speakers)
        return any(h in sides or self.actors.side(h) in sides for h in holders)

    def ascribed(self, stance: Stance, statement: Statement, holders: tuple[str, ...]) -> bool:
        """'X said Moscow wants to keep the territories': what a speaker says an
        adversary (skg:adversary in the gazetteer) wants, refuses or is ready for."""
        if stance.cue not in self.ascription_cues or not statement.speakers or set(holders) & set(statement.speakers):
            return False
        adversaries = self.knowledge.adversaries
        return any(self.actors.side(h) in adversaries.get(self.actors.side(s), ()) for s in statement.speakers for h in holders)

    def reports_a_report(self, verb: Token) -> bool:
        subject = subject_of(verb)
        if subject is None and verb.dep_ == "acl":
            subject = verb.head  # "a story saying …"
        return subject is not None and subject.lemma_.lower() in self.report_nouns

    def is_media(self, iri: str) -> bool:
        actor = self.actors.actors.get(iri)
        if actor is None or actor.known:
            return False
        words = actor.name.replace("’", "'").split()
        return bool(words) and (words[-1] in self.media_words or self.sources.agency(actor.name) is not None)

    def predicated(self, noun: Token) -> bool:
        """'It is a good agreement', 'this is a bad deal': what "it" is, said of
        the thing just named."""
        head = noun.head
        return noun.dep_ == "attr" and head.lemma_.lower() == "be" and any(
            c.dep_ == "nsubj" and c.lower_ in self.knowledge.words("polarity", "evaluated_subjects") for c in head.children)

    def evaluation(self, noun: Token) -> Stance | None:
        """'a good deal', 'a bad agreement', 'an unfair plan': the adjective is the stance."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        adjectives = [a for c in noun.children if c.dep_ == "amod" and c.i < noun.i for a in (c, *c.conjuncts)]
        for child in adjectives:  # "a truly equal and good agreement"
            for cue in self.knowledge.stance_cues:
                if cue.stance in ("supports", "opposes") and child.lemma_.lower() in cue.adjectives:
                    stance = NEGATE[cue.stance] if self.negated(noun.head) and noun.dep_ == "attr" else cue.stance
                    return Stance(stance, child.lemma_.lower(), "speaker", child, round(cue.weight - self.knowledge.confidence("evaluation_discount"), 2))
        return None

    def remember(self, span: Span, topic: Topic) -> None:
        noun = self.antecedent_noun(span)
        if noun is not None:
            for group in self._groups(noun):
                self.antecedents[group] = topic.iri

    def agreement_in(self, sentence: Span) -> tuple[Statement, StanceCue] | None:
        """The last statement of a sentence whose cue is itself a stance ("agreed to pursue …")."""
        last = None
        for token in sentence:
            statement = self.by_cue_at.get(token.idx)
            found = self.cue_at(token) if statement is not None else None
            if found and found[0].stance in ("supports", "demands"):
                last = (statement, found[0])
        return last

    def plan_with_list(self, sentence: Span) -> tuple[Statement, StanceCue, int] | None:
        """'the Commission's offer rests on three elements: A; B; and C': the
        plan's author holds each item of the list after the colon."""
        colon = next((t for t in sentence if t.text == ":"), None)
        if colon is None:
            return None
        for token in sentence:
            if token.i >= colon.i:
                break
            statement = self.by_cue_at.get(token.idx)
            if statement is None or token.pos_ != "NOUN" or token.lemma_.lower() not in self.made_nouns:
                continue
            found = self.cue_at(token)
            if found is not None and found[0].stance in ("supports", "demands"):
                return statement, found[0], colon.i
        return None

    def continues(self, sentence: Span) -> bool:
        """'These include …', 'Those objectives included …': a list of what was just agreed."""
        root = sentence.root
        if root.lemma_.lower() not in self.knowledge.words("polarity", "continuation_verbs"):
            return False
        demonstratives = self.knowledge.words("polarity", "continuation_subjects")
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child.lower_ in demonstratives or any(
                    d.dep_ == "det" and d.lower_ in demonstratives for d in child.children
                )
        return False

    def find(self, article_id: str) -> list[Position]:
        found: list[Position] = []
        previous: tuple[Statement, StanceCue] | None = None
        for sentence in self.doc.sents:
            carried = previous if previous and self.continues(sentence) else None
            previous = self.agreement_in(sentence)
            named_here = [(topic, span, opposite) for topic in self.knowledge.topics
                          for span, opposite in self.topic_spans(sentence, topic)]
            self.resolve_anaphors(sentence, {t.i for _, span, _ in named_here for t in span})
            for topic, span, opposite in named_here:
                if not opposite:
                    self.remember(span, topic)
            anaphors = {span.start for spans in self._anaphors.get(sentence.start, {}).values() for span in spans}
            self.topic_roots = {span.root.i: topic.iri for topic, span, _ in named_here}
            self.topic_tokens = {}
            for topic, span, _ in named_here:
                for t in span:
                    self.topic_tokens.setdefault(t.i, set()).add(topic.iri)
            plan = self.plan_with_list(sentence)
            for topic in self.knowledge.topics:
                self.current_topic = topic.iri
                for span, opposite in self.topic_spans(sentence, topic):
                    # A noun that refers back is a stance's object only right under its cue.
                    stance = self.stance_for(span, opposite, reach=3 if span.start in anaphors else MAX_HOPS)
                    placed: list[tuple[Stance, Statement | None, tuple[str, ...]]] = []
                    if stance is None and plan is not None and span.start > plan[2]:
                        statement, cue, _ = plan
                        placed.append((Stance(cue.stance, statement.cue, "speaker", span.root, self.knowledge.confidence("plan_list_item")),
                                       statement, statement.speakers))
                    elif stance is None and carried is not None:
                        statement, cue = carried
                        placed.append((Stance(cue.stance, statement.cue, "speaker", sentence.root, self.knowledge.confidence("carried_over")),
                                       statement, statement.speakers))
                    elif stance is None and (evaluated := self.evaluation(span.root)) is not None:
                        statement = self.governing(evaluated.token, sentence)
                        placed.append((evaluated, statement, self.holders(evaluated, statement)))
                    elif stance is not None:
                        if any(a.i == stance.token.i for a in span.root.ancestors):
                            stance = self.outer(stance)
                        elif stance.token.i == span.root.i:
                            stance = self.outer(stance, denials_only=True)  # "denied that Kyiv would give up land"
                        if stance is not None and not self.denied(stance.token):
                            statement = self.governing(stance.token, sentence)
                            placed.append((stance, statement, self.holders(stance, statement)))
                    # "a ceasefire, which Freedonia agreed to": the relative clause's
                    # subject holds its own stance, beside whatever governs the topic.
                    relative = self.relative_stance(span.root)
                    if relative is not None and (stance is None or relative.token.i != stance.token.i):
                        statement = self.governing(relative.token, sentence)
                        placed.append((relative, statement, self.holders(relative, statement)))
                    for stance, statement, holders in placed:
                        if statement is None:
                            continue
                        if self.ascribed(stance, statement, holders) or self.asked(stance.token, sentence):
                            continue
                        for holder in self.forecast_holders(stance.token, holders):
                            if self.is_media(holder):
                                continue
                            found.append(
                                Position(
                                    article=article_id,
                                    holder=holder,
                                    stance=stance.stance,
                                    topic=topic.iri,
                                    confidence=round(min(stance.confidence, statement.confidence + self.knowledge.confidence("statement_margin")), 2),
                                    cue=stance.cue,
                                    statement=statement,
                                    evidence=sentence.text.strip(),
                                )
                            )
        return found


def find_positions(
    doc: Doc, actors: ArticleActors, knowledge: Knowledge, statements: list[Statement], article_id: str
) -> list[Position]:
    return PositionFinder(doc, actors, knowledge, statements).find(article_id)
