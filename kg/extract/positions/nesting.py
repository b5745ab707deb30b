"""A stance inside another one's clause: the outer cue takes it over.

"The president said he hoped Strelsau would agree to the truce": the hope is
over the agreeing, and the president holds it; "X rejected calls to lift
sanctions": X's rejection of lifting them.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cue, Cues
from kg.extract.positions.reports import Reports
from kg.extract.positions.stance import MAX_HOPS, NEGATE, REVERSE, STOP, Stance, Stop, compose
from kg.extract.syntax import absolute_clause, spliced


def _same_form(verb: Token, other: Token) -> bool:
    """Coordinated verbs in one form ("withdraw and abandon", "offered and proposed"),
    not a finite verb the parser hung on an infinitive."""
    past = ("VBD", "VBN")
    return verb.tag_ == other.tag_ or (verb.tag_ in past and other.tag_ in past)


class Nesting:
    def __init__(self, knowledge: Knowledge, cues: Cues, reports: Reports) -> None:
        self.cues = cues
        self.reports = reports
        self.assertive = knowledge.words("speech", "assertive")
        self.forecast_adjectives = knowledge.words("polarity", "forecast_adjectives")
        self.confidence = knowledge.confidence

    def outer(self, stance: Stance, denials_only: bool = False) -> Stance | None:
        """A stance inside another one's clause takes the outer holder:
        "the president said he hoped Strelsau would agree to the truce" -> the
        president supports the truce; "X rejected calls to lift sanctions" -> X's rejection."""
        token = stance.token
        for _ in range(MAX_HOPS):
            token = self.shared_governor(token)
            if token.head.i == token.i or self.cues.is_barrier(token) or token.dep_ in ("conj", "relcl") or spliced(token):
                # a conjunct's head is its sibling, not its governor; a relative clause's
                # cue is its own subject's ("wants the land that Y refuses to give up")
                return stance
            if token.dep_ == "advcl" and token.tag_ == "VBG" or absolute_clause(token):
                # "…, agreeing to release them, while saying B should be settled", "…, with Doe
                # rejecting B": beside it, not under it
                return stance
            previous = token
            token = token.head
            if self.reports.held_back(token):
                # "stopped short of saying the US would provide …": nothing was said;
                # "stopped short of endorsing Roe's demand that …": the demand stays Roe's
                return None if previous.dep_ == "ccomp" else stance
            found = None if denials_only else self.outer_cue(token, previous, stance)
            if found is STOP:
                return stance
            if found is not None and found.word in self.forecast_adjectives and previous.dep_ == "xcomp":
                return None  # "Strelsau is unlikely to accept a truce": a forecast of Strelsau, nobody's stance
            if found is not None:
                return self.combined(stance, found, token)
            if token.pos_ == "VERB" and previous.dep_ == "ccomp" and self.reports.denies(token, stance.rule, previous):
                # "X denied that Fredonville would give up land", "X did not believe it
                # was realistic": the speaker holds the opposite
                return Stance(REVERSE[stance.stance], token.lemma_.lower(), "speaker", token,
                              round(stance.confidence - self.confidence("speech_denial_discount"), 2), rule="denial-of-speech")
            if token.idx in self.reports.by_cue_at:
                return stance  # reached the speech verb: nothing above the stance
        return stance

    @staticmethod
    def shared_governor(token: Token) -> Token:
        """A verb coordinated with another under the same subject stands where the
        first does: in "Ruritania demanded that Strelsau withdraw and abandon its
        bid", what governs "abandon" is the demand, not "withdraw" (a sibling is no cue
        over it; one with a subject or a "not" of its own is a clause of its own, and one
        after "or" or "but" no part of what is demanded: "accept a truce or face sanctions")."""
        first = token
        while first.dep_ == "conj" and first.pos_ in ("VERB", "AUX") and first.head.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl", "neg") for c in first.children) and _same_form(first, first.head) and not any(
                c.dep_ == "cc" and c.lower_ != "and" for c in (*first.head.children, *first.children)):
            first = first.head
        # not under a noun: "efforts to link A and repeated B" is a misparse of two clauses
        return first if first.dep_ not in ("conj", "acl", "relcl") else token

    def outer_cue(self, token: Token, previous: Token, stance: Stance) -> Cue | Stop | None:
        """The cue above a stance that takes it over; STOP where a speech verb
        only reports it ("X insisted that Freedonia would keep supplying …")."""
        found = self.cues.cue_at(token)
        if found and token.pos_ == "NOUN" and not self.reports.owned(token):
            return None
        if found and previous.dep_ in ("acomp", "attr", "oprd", "dobj") and found.word == stance.cue:
            return None  # the copula of the cue itself ("is a critic of", "made a proposal"), not a second cue
        if found and token.lemma_.lower() in self.assertive and previous.dep_ == "ccomp" and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in previous.children
        ):
            return STOP
        return found

    def combined(self, stance: Stance, found: Cue, token: Token) -> Stance | None:
        """The inner stance as the outer cue takes it: supporting a rejection is a rejection."""
        outer_stance = NEGATE[found.entry.stance] if self.cues.negated(token) else found.entry.stance
        if outer_stance == "opposes" and stance.content:
            return None  # rejecting a plan is not rejecting each thing in it
        if outer_stance not in ("supports", "demands", "opposes"):
            return stance
        return Stance(compose(outer_stance, stance.stance), found.word, found.entry.holder, token,
                      round(min(stance.confidence, found.entry.weight) - self.confidence("nested_cue_discount"), 2),
                      rule="nested-stance")
