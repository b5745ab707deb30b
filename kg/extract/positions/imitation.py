"""Imitation: "Belgium and Malta followed suit", "a day after Syldavia took
the same step", "Dousa backed him". Actors that do what the article has just
reported, or side with the one who just took a stance, hold what that showed,
with the same stance on the same topic.

The phrases are data (lexicon `[polarity] imitation_phrases`, lemmas, verb
first; `endorsing_verbs` for siding with an actor). What is imitated is the
nearest position read before the phrase, within the sentence or the two before it: reporters write "followed suit"
right after the act it repeats, never paragraphs later.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.syntax import subject_of
from kg.model import Position, Statement

REACH = 2  # sentences back from the phrase where the imitated act may be
# Stances read from what someone asks or warns, not from what they did: no one
# follows suit on them ("X recognised Y; the embassy will open only once a
# truce holds, he said. Z followed suit" copies the recognition alone).
UNFOLLOWED = frozenset({"demanding-condition", "means", "threat"})


class Imitations:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, sentences: list[Span]) -> None:
        self.actors = actors
        self.knowledge = knowledge
        self.phrases = [tuple(p.split()) for p in knowledge.words("polarity", "imitation_phrases")]
        self.conditional_marks = knowledge.words("polarity", "conditional_marks")
        self.endorsing = knowledge.words("polarity", "endorsing_verbs")
        self.person_pronouns = knowledge.words("actors", "person_pronouns")
        self.hedges = knowledge.words("polarity", "hedging_modals")
        # The verbs any phrase starts with: most verbs are none of them.
        self.first_words = frozenset(p[0] for p in self.phrases) | frozenset(v.split("_")[0] for v in self.endorsing)
        self.sentences = sentences

    def phrase_at(self, verb: Token) -> Span | None:
        """The imitation phrase that starts at ``verb``, if one does."""
        doc = verb.doc
        for words in self.phrases:
            end = verb.i + len(words)
            if end <= len(doc) and all(doc[verb.i + k].lemma_.lower() == w for k, w in enumerate(words)):
                return doc[verb.i:end]
        return None

    def done(self, verb: Token) -> bool:
        """Whether the phrase reports the act as done or promised, not refused,
        expected of someone ("urged to follow suit", "the expectation that Syldavia
        would do likewise") or only supposed."""
        if verb.dep_ == "relcl" and not self.actors.of_token(verb.head):
            return False  # "the expectation that Syldavia would do likewise" (parsed as a relative clause)
        if verb.dep_ in ("xcomp", "acl") or any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in self.hedges) for c in verb.children):
            return False  # "did not follow suit", "could follow suit"
        return not any(c.dep_ == "mark" and c.lower_ in self.conditional_marks for c in verb.children)

    def imitators(self, verb: Token) -> tuple[str, ...]:
        own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if own is None and verb.tag_ in ("VBD", "VBZ", "VBP"):
            # "a day after Syldavia and Freedonia took the same step": the parser
            # makes the actors the object of "after", under the verb.
            return tuple(self.actors.left_of(verb))
        subject = own if own is not None else subject_of(verb)
        return tuple(self.actors.of_token(subject)) if subject is not None else ()

    def reporters(self, verb: Token) -> list[str]:
        subject = subject_of(verb)
        return self.actors.of_token(subject) if subject is not None else []

    def endorsed(self, verb: Token, imitators: tuple[str, ...]) -> tuple[Span, list[str]] | None:
        """'Dousa backed him', 'Syldavia sided with Freedonia': the endorsement
        phrase and the actors (other than the ``imitators``) whose stance it takes."""
        lemma = verb.lemma_.lower()
        for child in verb.children:
            if child.dep_ == "dobj" and lemma in self.endorsing:
                target = child
            elif child.dep_ == "prep" and f"{lemma}_{child.lower_}" in self.endorsing:
                target = next((g for g in child.children if g.dep_ == "pobj"), None)
            else:
                continue
            if target is None:
                continue
            person = target.lower_ in self.person_pronouns or target.ent_type_ == "PERSON"
            if child.dep_ == "dobj" and not person:
                continue  # "Syldavia has long backed Strelsau", "Freedonia joined the Pact": a side taken, not a stance
            found = [a for a in self.actors.of_token(target) if a not in imitators]
            if not found and target.lower_ in self.person_pronouns:
                # "John Doe backed her", the pronoun read as Doe himself: the person who last took a stance
                found = [iri for iri, actor in self.actors.actors.items() if actor.kind == "Person" and iri not in imitators]
            if found:
                return verb.doc[verb.i : verb.i + 1], found
        return None

    def copied(self, article_id: str, index: int, read_at: list[tuple[int, Position]]) -> list[Position]:
        """Positions the imitators in sentence ``index`` take over from the act
        before, or from the actor they endorse; ``read_at`` has the character
        offset each position was read at."""
        sentence = self.sentences[index]
        earliest = self.sentences[max(0, index - REACH)].start_char
        copies: list[Position] = []
        for verb in sentence:
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in self.first_words or not self.done(verb):
                continue
            imitators = self.imitators(verb)
            phrase, endorsed = self.phrase_at(verb), None
            if phrase is None:
                found = self.endorsed(verb, imitators)
                if found is None:
                    continue
                phrase, endorsed = found
            if verb.dep_ == "ccomp" and not set(imitators) & set(self.reporters(verb.head)):
                continue  # "we presume that Syldavia will do likewise": a guess about another
            before = [(at, p) for at, p in read_at if earliest <= at < verb.idx and p.holder not in imitators
                      and (endorsed is None or p.holder in endorsed) and p.rule not in UNFOLLOWED]
            if not imitators or not before:
                continue
            latest = max(at for at, _ in before)
            acts = sorted({(p.stance, p.topic) for at, p in before if at == latest})
            copies += self.taken_over(article_id, sentence, verb, phrase, imitators, acts)
        return copies

    def taken_over(self, article_id: str, sentence: Span, verb: Token, phrase: Span,
                   holders: tuple[str, ...], acts: list[tuple[str, str]]) -> list[Position]:
        statement = Statement(
            article=article_id, speakers=holders, cue=phrase.lemma_.lower(),
            start=phrase.start_char, end=phrase.end_char, quote=phrase.text,
            evidence=sentence.text.strip(), direct=False,
            confidence=self.knowledge.confidence("reported_speech"), cue_at=verb.idx,
        )
        return [
            Position(article=article_id, holder=holder, stance=stance, topic=topic,
                     confidence=self.knowledge.confidence("imitation"), cue=statement.cue,
                     statement=statement, evidence=statement.evidence, rule="imitation")
            for holder in holders for stance, topic in acts
        ]
