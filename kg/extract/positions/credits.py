"""Whom a crediting cue credits: "X welcomed Freedonia's efforts to end the
war", "praised Freedonia for agreeing to a truce", "was pleased that A and B
agreed to a truce". The stance the cue governs is the doer's as well as the
cue's (kg.extract.positions.finder keeps both).

In: the inner stance and the nested stance the climb made of it.
Out: whether the inner one is kept for its own holder.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cues
from kg.extract.positions.stance import Stance
from kg.extract.syntax import credited_object, subject_of


class Credits:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, cues: Cues) -> None:
        self.actors = actors
        self.cues = cues
        self.first_person = knowledge.words("actors", "first_person")
        self.crediting = knowledge.words("polarity", "crediting_cues")
        self.adopting = knowledge.words("polarity", "adopting_cues")
        self.made_nouns = knowledge.words("polarity", "made_nouns")
        self.reason_prepositions = knowledge.words("polarity", "reason_prepositions")

    def credited(self, inner: Stance, outer: Stance) -> bool:
        """'X welcomed Freedonia's efforts to end the war', 'thanked Freedonia for
        its support for a truce', 'praised Freedonia for agreeing to …', 'was
        pleased that A and B agreed to …': what a crediting cue takes as done is
        also the doer's (lexicon polarity.crediting_cues). Not a wish ("hoped
        Freedonia would send troops"), nor what a critic ascribes ("dismissed
        the palace's demand to …")."""
        token, cue = inner.token, outer.token
        adopted = token.lemma_.lower() in self.made_nouns and cue.lemma_.lower() in self.adopting
        if outer.rule != "nested-stance" or self.cues.negated(cue) or not (adopted or self.crediting_cue(cue)):
            return False
        if token.pos_ == "NOUN":
            owners = [c for c in token.children if c.dep_ == "poss"]
            if not owners or owners[0].lower_ in self.first_person:
                return False
            # a pronoun only where it stands for the one thanked or praised
            return owners[0].pos_ != "PRON" or credited_object(token) is not None
        if token.pos_ not in ("VERB", "AUX"):
            return False
        subject = subject_of(token)
        if subject is None:
            return credited_object(token) is not None  # "praised Freedonia for agreeing to …"
        return subject.lower_ not in self.first_person and bool(self.actors.of_token(subject))

    def crediting_cue(self, cue: Token) -> bool:
        """A cue that takes what it governs as done: a word of polarity.crediting_cues,
        or a favourable verdict on it ("called Roe's efforts extremely important")."""
        if cue.lemma_.lower() in self.crediting:
            return True
        found = self.cues.cue_at(cue)
        return found is not None and found.entry.stance != "opposes" and not self.cues.is_word_cue(cue)

    def blamed_for(self, token: Token, head: Token, inside: set[int]) -> bool:
        """'criticised Freedonia for … aid': the criticism is of Freedonia ("pressed
        Freedonia for aid" asks for it; "prepare the ground for a summit" is no
        one's fault; "thanked Freedonia for the aid" is for the aid, but
        "thanked Freedonia for its position on aid" is not)."""
        if not (token.dep_ == "prep" and token.lower_ in self.reason_prepositions and head.pos_ == "VERB"
                and any(c.dep_ == "dobj" and (c.pos_ == "PRON" or self.actors.of_token(c)) for c in head.children)
                and not self.cues.phrasal_cue(head, token)):
            return False
        named = any(c.dep_ == "pobj" and c.i in inside for c in token.children)
        return not (named and self.praised_for(head))

    def praised_for(self, verb: Token) -> bool:
        """'thanked the leaders for the sanctions package': what one is thanked or
        praised for is what the thanks are for."""
        found = self.cues.cue_at(verb)
        return found is not None and found.rule == "stance-verb" and found.entry.stance == "supports"
