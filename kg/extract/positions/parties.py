"""Parties to a deal that comes about: "a ceasefire between Freedonia and
Syldavia took hold", "the prisoner exchange between X and Y took place", "a
deal between X and Y was signed". The actors the deal is *between* hold it:
a deal does not take effect between parties that did not agree to it.

The verbs and phrases of a deal coming about are data (lexicon `[polarity]
onset_phrases`, lemmas, verb first). Not where the onset is denied, hedged
("could take effect"), set as a condition or only asked for.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.model import Position, Statement


class Parties:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge) -> None:
        self.actors = actors
        self.knowledge = knowledge
        self.phrases = [tuple(p.split()) for p in knowledge.words("polarity", "onset_phrases")]
        self.hedges = knowledge.words("polarity", "hedging_modals")
        self.conditional_marks = knowledge.words("polarity", "conditional_marks")
        self.negations = knowledge.words("polarity", "negations")
        self.assertive = knowledge.words("speech", "assertive")
        self.restrictive = knowledge.words("polarity", "restrictive_conditions")

    def between(self, noun: Token) -> list[str]:
        """The actors of "between X and Y" on a noun, if two or more."""
        found: list[str] = []
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        found += [a for a in self.actors.of_token(obj) if a not in found]
        return found if len(found) >= 2 else []

    def onset(self, verb: Token) -> Span | None:
        """The phrase of a deal coming about that ``verb`` starts ("took hold", "was signed")."""
        doc = verb.doc
        for words in self.phrases:
            tokens = [verb]
            for word in words[1:]:
                following = [c for c in tokens[-1].subtree if c.i > tokens[-1].i and c.i <= verb.i + 3 and c.lemma_.lower() == word]
                if not following:
                    break
                tokens.append(following[0])
            if verb.lemma_.lower() == words[0] and len(tokens) == len(words):
                return doc[verb.i : tokens[-1].i + 1]
        return None

    def asserted(self, verb: Token, phrase: Span) -> bool:
        """Told as done or as settled, not denied, hedged or set as a condition
        ("will take effect only if both sign it"); a one-word phrase with an
        object or a clause of its own is another sense ("holds little appeal",
        "begins to look unlikely")."""
        if len(phrase) == 1 and any(c.dep_ in ("dobj", "xcomp", "ccomp", "attr", "acomp") for c in verb.children):
            return False
        for child in verb.children:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and (m.lower_ in self.conditional_marks or m.lower_ in self.restrictive)
                                             for m in child.children):
                return False
            if child.dep_ == "neg" or child.lower_ in self.negations and child.dep_ in ("advmod", "neg"):
                return False
            if child.dep_ == "aux" and child.lower_ in self.hedges:
                return False
            if child.dep_ == "mark" and child.lower_ in self.conditional_marks:
                return False
        if verb.dep_ == "ccomp":  # "X said the truce would begin on Monday", not "X doubted …"
            return verb.head.lemma_.lower() in self.assertive and not any(c.dep_ == "neg" for c in verb.head.children)
        return verb.dep_ not in ("xcomp", "advcl", "acl", "relcl", "pcomp")

    def held(self, article_id: str, sentence: Span, span: Span, topic: str) -> list[Position]:
        """The positions of the parties of a topic named as a deal between them that came about."""
        noun = span.root
        if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("nsubj", "nsubjpass"):
            return []
        parties = self.between(noun)
        verb = noun.head
        phrase = self.onset(verb) if parties else None
        if phrase is None or not self.asserted(verb, phrase):
            return []
        statement = Statement(
            article=article_id, speakers=tuple(parties), cue=phrase.lemma_.lower(),
            start=phrase.start_char, end=phrase.end_char, quote=phrase.text,
            evidence=sentence.text.strip(), direct=False,
            confidence=self.knowledge.confidence("reported_speech"), cue_at=verb.idx,
        )
        return [
            Position(article=article_id, holder=party, stance="supports", topic=topic,
                     confidence=self.knowledge.confidence("deal_parties"), cue=statement.cue,
                     statement=statement, evidence=statement.evidence, rule="deal-parties")
            for party in parties
        ]
