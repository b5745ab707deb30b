"""Topics a sentence names without anyone taking them: talked about
("discussed sanctions"), given as the questions at stake ("no sign of a
shift on the key issues: land, aid, truce"), or put to a use ("a demand that
the package be used to compensate a bank": the use is wanted). No cue above
such a naming is a stance on it.

The words are data (lexicon `[polarity]` mention_only, issue_nouns, use_verbs).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.knowledge import Knowledge
from kg.extract.syntax import subject_of


class Mentions:
    def __init__(self, knowledge: Knowledge) -> None:
        self.mention_only = knowledge.words("polarity", "mention_only")
        self.issue_nouns = knowledge.words("polarity", "issue_nouns")
        self.use_verbs = knowledge.words("polarity", "use_verbs")

    def only_named(self, token: Token, came_from: str) -> bool:
        """Whether the climb, reaching ``token`` by ``came_from``, finds the topic
        only talked about or given as a question at stake."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            return lemma in self.mention_only and subject_of(token) is not None or self.put_to_use(token, came_from)
        return token.pos_ == "NOUN" and (self.as_issue(token) or lemma in self.issue_nouns and came_from == "appos")

    def as_issue(self, noun: Token) -> bool:
        """'the key issues - land, aid', parsed with the issues a modifier of
        the first: what is in question, not taken."""
        return any(c.dep_ == "compound" and c.lemma_.lower() in self.issue_nouns for c in noun.children)

    def put_to_use(self, verb: Token, came_from: str) -> bool:
        """Whether the topic is what the verb puts to a use it names ("used to
        compensate", "spent on roads"), not the use itself; only in the
        passive: "threatened to use sanctions to force talks" wields them."""
        return came_from == "nsubjpass" and verb.lemma_.lower() in self.use_verbs and any(
            c.dep_ in ("xcomp", "advcl") or (c.dep_ == "prep" and c.lower_ in ("for", "on")) for c in verb.children)

