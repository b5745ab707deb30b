"""Imitation: "Belgium and Malta followed suit", "a day after Syldavia took
the same step". Actors that do what the article has just reported hold what
that showed, with the same stance on the same topic.

The phrases are data (lexicon `[polarity] imitation_phrases`, lemmas, verb
first). What is imitated is the nearest position read before the phrase,
within the sentence or the two before it: reporters write "followed suit"
right after the act it repeats, never paragraphs later.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.syntax import subject_of
from kg.model import Position, Statement

REACH = 2  # sentences back from the phrase where the imitated act may be


class Imitations:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, sentences: list[Span]) -> None:
        self.actors = actors
        self.knowledge = knowledge
        self.phrases = [tuple(p.split()) for p in knowledge.words("polarity", "imitation_phrases")]
        self.conditional_marks = knowledge.words("polarity", "conditional_marks")
        self.sentences = sentences

    def phrase_at(self, verb: Token) -> Span | None:
        """The imitation phrase that starts at ``verb``, if one does."""
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        doc = verb.doc
        for words in self.phrases:
            end = verb.i + len(words)
            if end <= len(doc) and all(doc[verb.i + k].lemma_.lower() == w for k, w in enumerate(words)):
                return doc[verb.i:end]
        return None

    def done(self, verb: Token) -> bool:
        """Whether the phrase reports the act as done or promised, not refused,
        expected of someone ("urged to follow suit") or only supposed."""
        if verb.dep_ == "xcomp" or any(c.dep_ == "neg" for c in verb.children):
            return False
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

    def copied(self, article_id: str, index: int, read_at: list[tuple[int, Position]]) -> list[Position]:
        """Positions the imitators in sentence ``index`` take over from the act
        before; ``read_at`` has the character offset each position was read at."""
        sentence = self.sentences[index]
        earliest = self.sentences[max(0, index - REACH)].start_char
        copies: list[Position] = []
        for verb in sentence:
            phrase = self.phrase_at(verb)
            if phrase is None or not self.done(verb):
                continue
            imitators = self.imitators(verb)
            if verb.dep_ == "ccomp" and not set(imitators) & set(self.reporters(verb.head)):
                continue  # "we presume that Syldavia will do likewise": a guess about another
            before = [(at, p) for at, p in read_at if earliest <= at < verb.idx and p.holder not in imitators]
            if not imitators or not before:
                continue
            latest = max(at for at, _ in before)
            statement = Statement(
                article=article_id, speakers=imitators, cue=phrase.lemma_.lower(),
                start=phrase.start_char, end=phrase.end_char, quote=phrase.text,
                evidence=sentence.text.strip(), direct=False,
                confidence=self.knowledge.confidence("reported_speech"), cue_at=verb.idx,
            )
            acts = sorted({(p.stance, p.topic) for at, p in before if at == latest})
            copies += [
                Position(article=article_id, holder=holder, stance=stance, topic=topic,
                         confidence=self.knowledge.confidence("imitation"), cue=statement.cue,
                         statement=statement, evidence=statement.evidence, rule="imitation")
                for holder in imitators for stance, topic in acts
            ]
        return copies
