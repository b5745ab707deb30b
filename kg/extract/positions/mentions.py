"""Topics a sentence names without anyone taking them: talked about
("discussed sanctions"), or given as the questions at stake ("no sign of a
shift on the key issues: land, aid, truce"). No cue above such a naming is a
stance on it.

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

    def only_named(self, token: Token, came_from: str) -> bool:
        """Whether the climb, reaching ``token`` by ``came_from``, finds the topic
        only talked about or given as a question at stake."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            return lemma in self.mention_only and subject_of(token) is not None
        return token.pos_ == "NOUN" and (self.as_issue(token) or lemma in self.issue_nouns and came_from == "appos")

    def as_issue(self, noun: Token) -> bool:
        """'the key issues - land, aid', parsed with the issues a modifier of
        the first: what is in question, not taken."""
        return any(c.dep_ == "compound" and c.lemma_.lower() in self.issue_nouns for c in noun.children)
