"""Means to an end: whoever names a means to a topic wants the topic.

"Diplomacy is the path to peace", "the only way to end the war is direct
talks", "called the truce a step toward a lasting peace", "the exchange could
pave the way for a truce": the speaker supports the end, whatever the means
(and "not the way to end the war" still wants it ended). Only a means the
sentence asserts counts: "Y rejected the path to peace" is Y's stance, read by
the climb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cues
from kg.extract.positions.stance import Stance

if TYPE_CHECKING:
    from kg.extract.positions.climb import Walk


class Means:
    def __init__(self, knowledge: Knowledge, cues: Cues) -> None:
        words = knowledge.words
        self.cues = cues
        self.confidence = knowledge.confidence("means")
        self.nouns = words("polarity", "means_nouns")
        # "described the truce as a step toward peace" asserts the means as "be" does
        self.positions = words("polarity", "means_positions") | words("polarity", "describing_verbs")
        self.position_prepositions = words("polarity", "means_position_prepositions")
        self.prepositions = words("polarity", "means_prepositions")
        self.openers = words("polarity", "means_openers")
        self.warnings = words("polarity", "warning_verbs")

    def read(self, walk: Walk, topic_tokens: dict[int, set[str]]) -> Stance | None:
        """The means the climb has reached, as the speaker's support for the topic below it."""
        token = walk.token
        if walk.came_from in ("nsubj", "attr") and token.lemma_.lower() == "be" and not walk.reversed_:
            return self.named(token, "attr" if walk.came_from == "nsubj" else "nsubj", topic_tokens)
        if token.pos_ != "NOUN" or token.lemma_.lower() not in self.nouns:
            return None
        reached = (walk.came_from == "prep" and walk.came_through in self.prepositions) or (
            walk.came_from in ("relcl", "acl") and token.i < walk.span.start)  # "the way to end the war", an infinitive
        copula = token.head
        # "the path to sanctions relief is a full withdrawal" sets a price on the relief, it does not want it
        if not reached or not self.asserted(token) or walk.reversed_ or any(c.dep_ == "expl" for c in copula.children):
            return None
        judge = copula.head if token.dep_ == "pobj" or copula.dep_ == "ccomp" else None
        judged = self.cues.cue_at(judge) if judge is not None else None
        if (judged is not None and judged.entry.stance == "opposes") or (judge is not None and judge.lemma_.lower() in self.warnings):
            return None  # "dismissed the truce as a step toward surrender", "warned it could pave the way for sanctions"
        return Stance("supports", token.lemma_.lower(), "speaker", token, self.confidence, rule="means")

    def asserted(self, token: Token) -> bool:
        """Whether the sentence asserts the means: the predicate or subject of
        "be", what something is called or serves as, or a way a modal opens."""
        copula = token.head
        if token.dep_ == "oprd":
            return True
        if copula.lemma_.lower() in ("be", "become") and (token.dep_ == "attr" or (
                token.dep_ == "nsubj" and any(c.dep_ in ("attr", "ccomp", "xcomp") for c in copula.children))):
            return True
        if token.dep_ == "pobj" and copula.lower_ in self.position_prepositions:
            return copula.head.lemma_.lower() in self.positions  # "puts us on the path", "could serve as a step"
        # "could pave the way for a truce", "to open a window for talks"; not "paved the way for
        # the attacks", which blames what did
        return token.dep_ == "dobj" and copula.lemma_.lower() in self.openers and any(
            c.dep_ == "aux" and c.tag_ in ("MD", "TO") for c in copula.children)

    def named(self, copula: Token, other: str, topic_tokens: dict[int, set[str]]) -> Stance | None:
        """'Pressure on Strelsau is the key to peace', 'the only way to end the
        war is a truce': the means is wanted as much as the end ("… is not the
        way" says nothing of it)."""
        if self.cues.negated(copula):
            return None
        for noun in copula.children:
            if (noun.dep_ == other and noun.pos_ == "NOUN" and noun.lemma_.lower() in self.nouns
                    and any(c.dep_ in ("prep", "acl", "relcl") and (c.lower_ in self.prepositions or c.pos_ == "VERB")
                            and any(t.i in topic_tokens for t in c.subtree) for c in noun.children)):
                # an end that is a topic: not "a step toward war", "the key to escalation"
                return Stance("supports", noun.lemma_.lower(), "speaker", noun, self.confidence, rule="means")
        return None
