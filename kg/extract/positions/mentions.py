"""Topics a sentence names without anyone taking them: talked about
("discussed sanctions"), or named as what is in question ("the substantive
questions - territory, guarantees, sanctions", "the issue of territory").
No cue above such a naming is a stance on it.

The words are data (lexicon `[polarity]` mention_only, issue_nouns).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.knowledge import Knowledge
from kg.extract.syntax import subject_of


class Mentions:
    def __init__(self, knowledge: Knowledge) -> None:
        self.mention_only = knowledge.words("polarity", "mention_only")
        self.issue_nouns = knowledge.words("polarity", "issue_nouns")

    def only_named(self, token: Token, came_from: str, came_through: str) -> bool:
        """Whether the climb, reaching ``token`` by ``came_from`` (and last through
        the preposition ``came_through``), finds the topic only talked about or in question."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            return lemma in self.mention_only and subject_of(token) is not None
        return token.pos_ == "NOUN" and (self.as_issue(token) or lemma in self.issue_nouns and (
            came_from == "appos" or came_from == "prep" and came_through == "of"))

    def as_issue(self, noun: Token) -> bool:
        """'the substantive questions - territory, sanctions', parsed with the
        question a modifier of the first: what is in question, not taken."""
        return any(c.dep_ == "compound" and c.lemma_.lower() in self.issue_nouns for c in noun.children)
