"""Conditions, and what they ask for: "we will impose tariffs unless Strelsau
agrees to a truce", "if Freedonia pulls out of the territories, the war will
be over", "the embassy will open only once the prisoners are freed", "we will
not rest until they are home". Whoever states the condition demands what it
asks (or opposes what it asks undone: "only if sanctions are lifted"); a cue
inside the condition is not yet its subject's stance. A condition that asks
nothing ("once a ceasefire is in place", "even if …") is no stance.

The subordinating words are data (lexicon `[polarity]` demanding_conditions,
restrictive_conditions, threatening_conditions, awaiting_conditions).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cue, Cues
from kg.extract.positions.stance import Stance
from kg.extract.syntax import cue_name, judged, narrative, only_condition, steps_up, subject_of


class Conditions:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, cues: Cues) -> None:
        lex = knowledge
        self.actors = actors
        self.cues = cues
        self.confidence = knowledge.confidence
        self.reversal = lex.words("polarity", "reversal")
        self.demanding_marks = lex.words("polarity", "demanding_conditions")
        self.restrictive_marks = lex.words("polarity", "restrictive_conditions")
        self.conditioned = lex.words("polarity", "conditioned_verbs")
        self.threatening_marks = lex.words("polarity", "threatening_conditions")
        self.awaiting_marks = lex.words("polarity", "awaiting_conditions")
        self.volition = lex.words("polarity", "volition")
        self.good_outcomes = lex.words("polarity", "good_outcomes")
        self.concessive = lex.words("polarity", "concessive_words")
        self.threat_verbs = lex.words("polarity", "threat_verbs")
        self.threat_modals = lex.words("polarity", "threat_modals")
        self.necessity = lex.words("polarity", "necessity_prepositions")
        self.outcomes = lex.words("polarity", "bad_outcomes")
        self.condition_nouns = lex.words("polarity", "condition_nouns")
        self.unless = lex.words("polarity", "refusal_conditions")

    def only_conditions(self, verb: Token) -> bool:
        """Whether "only" on the verb makes what follows it a condition: "can only take place after …"."""
        lemma = verb.lemma_.lower()
        names = {lemma, cue_name(verb)} | {f"{lemma}_{c.lower_}" for c in verb.children if c.dep_ == "dobj"}
        return bool(names & self.conditioned)

    def constrained(self, topic: Token, cue: Token) -> bool:
        """Whether the topic reaches the cue as what a condition is for: "conditions
        for a truce", "a withdrawal is a precondition for lifting sanctions"; or
        as a subject judged only without something ("a truce without guarantees
        would be meaningless": the guarantees are demanded, nothing on the truce)."""
        if judged(topic.head, self.outcomes) and topic.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "prep" and c.lower_ in self.necessity and any(
                o.dep_ == "pobj" for o in c.children) for c in topic.children):
            return True  # not "a ceasefire without preconditions must begin now"
        return any(child.dep_ == "prep" and child.lower_ == "for" and node.lemma_.lower() in self.condition_nouns
                   for child, node in steps_up(topic, cue))

    def refused_on_condition(self, cue: Token, topic: Token, inside: set[int]) -> bool:
        """A refusal with its condition: "without B" on the cue or on the topic,
        "unless B" on the cue; what is refused is then accepted on it."""
        for node in (cue, topic):
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in self.necessity and child.i not in inside and any(
                        o.dep_ == "pobj" and (o.tag_ == "NNS" or any(d.dep_ == "det" for d in o.children)) for o in child.children):
                    return True  # "without guarantees", "without a referendum"; not "without hesitation"
                if node is cue and child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.unless for m in child.children):
                    return True
        return False

    def asked(self, token: Token, reversed_: bool, found: Cue | None) -> Stance | None:
        """A cue that is itself in a condition: what the condition asks for."""
        return self.asked_in_condition(token, reversed_, found) or self.restricting(token, reversed_, found)

    def asked_in_condition(self, token: Token, reversed_: bool, found: Cue | None) -> Stance | None:
        """'tariffs unless Strelsau agrees to a truce': a cue of support that is
        itself the condition; what the condition asks for is demanded."""
        if not found or found.entry.stance not in ("supports", "accepts", "demands") or not self.cues.is_barrier(token):
            return None
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if token.dep_ != "advcl" or not marks:
            return None
        if marks & self.threatening_marks:
            return self.threatened(token, reversed_)
        if marks & self.demanding_marks and self.cues.negated(token) and self.warns(token.head):
            # "if Strelsau does not agree to a truce, it will face sanctions": "unless it agrees"
            return Stance("opposes" if reversed_ else "demands", found.word, "speaker", token,
                          self.confidence("demanding_condition"), rule="demanding-condition")
        return None

    def warns(self, main: Token) -> bool:
        """Whether a main clause says what will follow: a threat or a warning."""
        return not self.cues.negated(main) and (main.lemma_.lower() in self.threat_verbs or any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in self.threat_modals for c in main.children))

    def threatened(self, clause: Token, reversed_: bool) -> Stance | None:
        """'we will impose tariffs unless Strelsau agrees to a truce': whatever
        the main clause, the condition is asked for (undone: 'unless sanctions
        are lifted' opposes them)."""
        if self.cues.negated(clause):
            return None
        marks = [c for c in clause.children if c.dep_ == "mark"]
        undone = reversed_ and clause.lemma_.lower() in self.reversal
        return Stance("opposes" if undone else "demands", marks[0].lower_, "speaker", clause,
                      self.confidence("demanding_condition"), rule="demanding-condition")

    def condition_for(self, clause: Token, reversed_: bool) -> Stance | None:
        """'If Freedonia pulls out of the territories, the conflict will be over',
        'we will only agree if X': a condition for a good outcome is demanded by
        whoever states it; demanding that it be undone ("only if sanctions are
        lifted") opposes it. Any other condition, or background, is no stance."""
        marks = [c for c in clause.children if c.dep_ == "mark"]
        if clause.dep_ != "advcl":
            return self.restricting_phrase(clause, reversed_)
        if any(m.lower_ in self.threatening_marks for m in marks):
            return self.threatened(clause, reversed_)
        if any(m.lower_ in self.awaiting_marks for m in marks):
            return self.awaited(clause, reversed_)
        restricted = self.restricted(clause, marks)
        if restricted is None:
            return None
        if self.cues.negated(clause):
            return None  # "if they don't, we will reach our goals by force"
        subject = subject_of(clause)
        undone = reversed_ and self.undone(clause, subject)
        if reversed_ and not undone:
            return None
        main = clause.head
        if not undone and (subject is None or not self.actors.of_token(subject)) and (not restricted or narrative(main)):
            # "if a ceasefire holds": a state of things, not something asked of
            # someone; but "the embassy will open only once the prisoners are
            # freed" asks for it (where "talks resumed only after …" tells a story)
            return None
        if self.cues.negated(main) or not (restricted or self.good(main)):
            return None
        return Stance("opposes" if undone else "demands", marks[0].lower_, "speaker", clause, self.confidence("demanding_condition"),
                      rule="demanding-condition")

    def undone(self, clause: Token, subject: Token | None) -> bool:
        """'only if sanctions are lifted', 'would agree only if arms deliveries stop': a
        condition that the topic itself be undone (not "will strike only if the truce ends")."""
        if clause.lemma_.lower() not in self.reversal:
            return False
        if any(c.dep_ == "auxpass" for c in clause.children):
            return True
        return (subject is not None and not self.actors.of_token(subject) and not any(c.dep_ == "dobj" for c in clause.children)
                and self.only_conditions(clause.head))

    def restricting(self, token: Token, reversed_: bool, found: Cue | None) -> Stance | None:
        """'The embassy will open only after Ruritania agrees to a truce': the
        agreement is a condition, asked for by whoever states it, not yet
        Ruritania's stance."""
        if found is None or token.dep_ != "advcl" or narrative(token.head):
            return None
        marks = [c for c in token.children if c.dep_ == "mark"]
        if not marks or self.restricted(token, marks) is not True or self.cues.negated(token):
            return None
        wanted = found.entry.stance in ("supports", "demands", "accepts")
        stance = "demands" if wanted != reversed_ else "opposes"
        return Stance(stance, marks[0].lower_, "speaker", token, self.confidence("demanding_condition"), rule="demanding-condition")

    def restricting_phrase(self, preposition: Token, reversed_: bool) -> Stance | None:
        """'Talks can begin only after a ceasefire', 'can only begin after': a phrase of time that "only"
        makes a condition asks for its object, as the clause does ("talks
        resumed only after a ceasefire" tells a story)."""
        if preposition.dep_ != "prep" or preposition.lower_ not in self.restrictive_marks:
            return None
        # "only" on the phrase, or on its verb before it: "talks can only take place after a ceasefire"
        verb_only = preposition.head.pos_ in ("VERB", "AUX") and self.only_conditions(preposition.head) and any(
            c.dep_ == "advmod" and c.lower_ == "only" and c.i < preposition.i for c in preposition.head.children)
        if not verb_only and not any(c.lower_ == "only" for c in preposition.children):
            return None
        if narrative(preposition.head) or self.cues.negated(preposition.head):
            return None
        return Stance("opposes" if reversed_ else "demands", preposition.lower_, "speaker", preposition,
                      self.confidence("demanding_condition"), rule="demanding-condition")

    def awaited(self, clause: Token, reversed_: bool) -> Stance | None:
        """'We will not rest until all the prisoners are exchanged': what the
        main clause's subject holds out for is demanded (holding out for
        sanctions to be lifted opposes them). Only where the main clause is a
        resolve (a negation or a will), not a story of what happened
        ("fighting went on until the truce")."""
        main = clause.head
        resolve = self.cues.negated(main) or any(c.dep_ == "aux" and c.lower_ in self.volition for c in main.children)
        if not resolve or self.cues.negated(clause):
            return None
        return Stance("opposes" if reversed_ else "demands", "until", "subject", main,
                      self.confidence("demanding_condition"), rule="demanding-condition")

    def restricted(self, clause: Token, marks: list[Token]) -> bool | None:
        """Whether a clause is a condition asked for: True for one that holds
        whatever the main clause says ("only after sanctions are lifted"),
        False for one that asks only for a good outcome ("if X pulls out"),
        None for no condition ("once a truce is in place", "even if …")."""
        if any(c.lower_ in self.concessive for m in [clause, *marks] for c in m.children):
            return None  # "even if sanctions are lifted": whatever happens, not a condition
        if only_condition(clause, self.restrictive_marks):
            return True
        if any(c.dep_ == "advmod" and c.lower_ == "only" for c in clause.head.children) and any(
                m.lower_ in self.restrictive_marks or m.lower_ in self.demanding_marks for m in marks):
            return True  # "would only hold elections if a ceasefire were in place": the "only" on the main verb
        return False if any(m.lower_ in self.demanding_marks for m in marks) else None

    def good(self, main: Token) -> bool:
        """Whether a clause states a good outcome or a stance for something."""
        found = self.cues.cue_at(main)
        if found is not None and found.entry.stance in ("supports", "accepts"):
            return True
        return main.lemma_.lower() in self.good_outcomes or any(
            c.dep_ in ("acomp", "advmod", "prt", "xcomp", "attr") and c.lemma_.lower() in self.good_outcomes
            for c in main.children)
