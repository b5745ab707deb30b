"""Stances read from a clause set beside the topic rather than above it: a
relative clause on the topic ("security guarantees, which Fredonville had
insisted on", "the plan Strelsau rejected", "the truce proposed by
Syldavia"), and a condition or demand set after the clause that states it,
with who rejects or accepts it ("…, a condition Strelsau rejected").

In: the topic's span (and the stance read on it). Out: a Stance whose holder
is the clause's subject, or None.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cues
from kg.extract.positions.stance import NEGATE, REVERSE, Stance, compose
from kg.extract.syntax import agent_of, subject_of


class Relatives:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, cues: Cues) -> None:
        self.actors = actors
        self.cues = cues
        self.confidence = knowledge.confidence
        self.relative_pronouns = knowledge.words("actors", "relative_pronouns")
        self.speech = knowledge.words("speech", "verbs")
        self.attitudes = knowledge.words("polarity", "attitude_verbs")
        self.reversal = knowledge.words("polarity", "reversal")
        self.ending_complements = knowledge.words("polarity", "ending_complements")
        self.stated_nouns = knowledge.words("polarity", "condition_nouns") | knowledge.words("polarity", "demand_nouns")

    def relative_stances(self, root: Token) -> list[Stance]:
        """'security guarantees, which Fredonville had long insisted on', 'the plan
        Strelsau rejected', 'the truce proposed by Syldavia': a relative clause
        (or a participle with an agent) whose subject takes a stance on the
        topic it hangs from; each of them ("…, that X had backed, and which Y insisted on")."""
        found = []
        for clause in self._clauses_on(root):
            listed = clause.dep_ == "conj" and clause.head.dep_ == "relcl"  # "…, and which Strelsau has insisted on"
            if clause.dep_ == "relcl" or listed or (clause.dep_ == "advcl" and self._closing_relative(clause)):  # the parser takes some for adverbial
                subject = subject_of(clause)
            elif clause.dep_ == "acl":
                subject = agent_of(clause)  # "the plan, backed by Paris and London"
            else:
                continue
            if subject is not None and subject.lower_ in self.relative_pronouns:
                continue
            said = self._said(clause, subject, rule="relative-clause")
            if said is not None and root.pos_ in ("NOUN", "PROPN") and self._undone(clause):
                said = replace(said, stance=REVERSE[said.stance])  # "sanctions, which the bloc agreed to lift"
            if said is not None:
                found.append(said)
        return found

    def _undone(self, clause: Token) -> bool:
        """Whether what the clause agrees or refuses to do to the noun undoes it: "which Y agreed to lift"."""
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in self.reversal and not any(g.dep_ == "dobj" and g.tag_ != "WDT" for g in c.children)
                   for c in clause.children)

    def verdict_on_stated(self, span: Span, stance: Stance) -> Stance | None:
        """'X demanded that Y leave Zenda, a condition Strelsau rejected': what a
        condition or demand set beside the clause says of it. Rejecting it takes
        the other side of each topic it holds; accepting it, the same."""
        sentence = span.sent
        if stance.stance != "demands" and "condition" not in stance.rule:
            return None  # only what the clause asks for ("demanded that …", "only after …") is a condition
        for noun in (t for t in sentence if t.i >= span.end and t.dep_ in ("appos", "npadvmod", "nsubj", "dobj")):
            if noun.lemma_.lower() not in self.stated_nouns or noun.i < 1 or noun.doc[noun.left_edge.i - 1].text not in (",", "—", "–", "-"):
                continue
            if any(self.cues.cue_at(t) for t in noun.doc[span.end : noun.left_edge.i]):
                break  # another clause comes between: "wanted peace, but demanded that Y leave Zenda, a condition …"
            if noun.right_edge.i + 1 < sentence.end and not noun.doc[noun.right_edge.i + 1].is_punct:
                continue  # it closes the sentence
            for clause in (c for c in noun.children if c.dep_ == "relcl" and c.i > noun.i):
                verdict = self._verdict(clause, stance)
                if verdict is not None:
                    return verdict
        return None

    def _verdict(self, clause: Token, stance: Stance) -> Stance | None:
        """What the subject of ``clause`` ("Strelsau rejected") holds of what ``stance`` asked for."""
        said = self._said(clause, subject_of(clause), rule="stated-verdict")
        return None if said is None else replace(said, stance=compose(said.stance, stance.stance))

    def _said(self, clause: Token, subject: Token | None, rule: str) -> Stance | None:
        """The stance a relative clause's verb takes, held by its subject, if the
        subject is an actor and the verb one of speech or attitude ("Strelsau
        rejected", "backed by Syldavia"), not of action ("which Ruritania occupies")."""
        if subject is None or not self.actors.of_token(subject):
            return None
        if clause.lemma_.lower() not in self.speech and clause.lemma_.lower() not in self.attitudes:
            clause = self._came_to_do(clause)
            if clause is None:
                return None
        clause = self._said_to_want(clause)
        found = self.cues.cue_at(clause)
        # the noun must be all it takes: not "the truce that Strelsau announced it would break", "declared over"
        if found is None and not any((c.dep_ == "dobj" and c.tag_ != "WDT") or c.dep_ in ("ccomp", "xcomp", "oprd", "acomp")
                                     or (c.lower_ in self.ending_complements and not any(c.children)) for c in clause.children):
            found = self.cues.object_cue(clause)  # "the truce Strelsau declared"
        if found is None:
            return None
        stance = NEGATE[found.entry.stance] if self.cues.negated(clause) else found.entry.stance
        return Stance(stance, found.word, "subject", clause, round(found.entry.weight - self.confidence("relative_clause_discount"), 2), rule=rule)

    def _came_to_do(self, clause: Token) -> Token | None:
        """'the deal he had flown in to finalize': what the clause's subject acted in order to do."""
        return self._gapped_cue(clause, ("advcl", "xcomp"), infinitive=True)

    def _said_to_want(self, clause: Token) -> Token:
        """'the air defence Strelsau says it urgently needs': what the speech verb
        reports its subject wanting."""
        if clause.lemma_.lower() not in self.speech or self.cues.cue_at(clause) is not None:
            return clause
        return self._gapped_cue(clause, ("ccomp",)) or clause

    def _gapped_cue(self, clause: Token, deps: tuple[str, ...], infinitive: bool = False) -> Token | None:
        """The clause's first verb of ``deps`` (with "to" if ``infinitive``) that is a
        cue and has no object of its own: the object is the noun the clause hangs from."""
        verb = next((c for c in clause.children if c.dep_ in deps and c.pos_ == "VERB"
                     and (not infinitive or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
                     and not any(g.dep_ in ("dobj", "ccomp", "xcomp") for g in c.children)), None)
        return verb if verb is not None and self.cues.cue_at(verb) is not None else None

    def _clauses_on(self, root: Token) -> list[Token]:
        """The clauses that may say who stands where on the topic at ``root``."""
        nouns = [root, root.head] if root.dep_ == "compound" else [root]  # "the peacekeeping plan, backed by …"
        nouns += [c for c in root.children if c.dep_ == "appos"] + self._beside(root)
        clauses = [c for noun in nouns for c in noun.children]
        clauses += [c for clause in clauses if clause.dep_ == "relcl" for c in clause.conjuncts
                    if c.pos_ in ("VERB", "AUX") and any(g.tag_ == "WDT" for g in c.subtree)]
        # "… that Ruritanian troops must leave the parts of Zenda they hold,
        # which Strelsau has rejected": a ", which" clause closing the
        # sentence is about all that the topic says, though the parser hangs
        # it on the last noun.
        if root.pos_ != "VERB":
            return clauses  # only what a clause says is a ", which" clause's to judge, not a noun inside it
        return clauses + [c for t in root.subtree if t.i != root.i and t not in nouns for c in t.children
                          if c.dep_ in ("relcl", "advcl") and self._closing_relative(c)
                          and not any(g.dep_ in ("xcomp", "ccomp", "oprd") for g in c.children)]

    def _beside(self, root: Token) -> list[Token]:
        """Nouns set beside an object or a preposition's object that a clause on them speaks of it."""
        if root.dep_ not in ("dobj", "pobj"):
            return []
        # "X rejected A, something Y has ruled out": the phrase set beside the topic
        nouns = [c for c in root.head.children if c.dep_ in ("npadvmod", "appos") and 0 < c.i - root.right_edge.i <= 2]
        if root.dep_ == "dobj":
            # "X set up A in Zenda over the summer, which Y refused to recognise": a closing ", which"
            # the parser hung on a place or a time after the object, which is no one's to refuse
            nouns += [g for p in root.head.children if p.dep_ == "prep" and p.i > root.i for g in p.children
                      if g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC")
                      and any(c.dep_ == "relcl" and self._closing_relative(c) for c in g.children)]
        return nouns

    @staticmethod
    def _closing_relative(clause: Token) -> bool:
        """A non-restrictive relative clause that ends the sentence: ", which X rejected."."""
        first, doc = clause.left_edge, clause.doc
        after = doc[clause.right_edge.i + 1] if clause.right_edge.i + 1 < len(doc) else None
        return (first.tag_ == "WDT" and first.i > 0 and doc[first.i - 1].text == ","
                and (after is None or after.is_punct or after.is_space))
