"""Who holds a stance: the cue's subject or owner, the speaker who reports it,
or both; less what a speaker only forecasts or ascribes to an adversary, and
less news media, which hold no positions.

In: a Stance and the Statement that governs it (kg.extract.positions.reports).
Out: actor IRIs.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.dateline import load_sources
from kg.extract.knowledge import Knowledge
from kg.extract.positions.reports import Reports
from kg.extract.positions.stance import Stance
from kg.extract.syntax import agent_of, credited_object, is_first_person, subject_of
from kg.model import Statement


class Holders:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, reports: Reports) -> None:
        lex = knowledge
        self.actors = actors
        self.knowledge = knowledge
        self.reports = reports
        self.agents = lex.words("actors", "agent_nouns")
        self.parties = lex.words("actors", "party_nouns")
        self.party_determiners = lex.words("actors", "party_determiners")
        self.binding = lex.words("actors", "binding_verbs")
        self.unnamed_doers = lex.words("actors", "unnamed_doers")
        self.hedges = lex.words("polarity", "consequence_modals")
        self.documents = knowledge.agreement_nouns
        self.first_person = lex.words("actors", "first_person")
        self.relative_owners = lex.words("actors", "relative_owners")
        self.body_nouns = lex.words("actors", "body_nouns")
        self.ascription_cues = lex.words("polarity", "ascription_cues")
        self.speculation = lex.words("speech", "speculation_verbs")
        self.warnings = lex.words("polarity", "warning_verbs")
        self.exploiting = lex.words("polarity", "exploiting_verbs")
        self.certainty = lex.words("polarity", "certainty_words")
        self.crediting = lex.words("polarity", "crediting_cues")
        self.reproaches = lex.words("polarity", "reproach_verbs")
        self.media_words = frozenset(knowledge.lexicon.get("actors", {}).get("media_words", []))
        self.sources = load_sources()

    def of(self, stance: Stance, statement: Statement | None, topic: Span | None = None) -> tuple[str, ...]:
        """Who holds the stance; ``topic``: the words naming the topic, which the cue's subject may be."""
        held = self.held_by(stance, statement, topic)
        bound = self.bound(stance.token)
        return tuple(dict.fromkeys([*held, *bound])) if bound else held

    def bound(self, verb: Token) -> list[str]:
        """'The accord commits the two countries to …': whom a document or a deal binds."""
        subject = subject_of(verb) if verb.pos_ == "VERB" and verb.lemma_.lower() in self.binding else None
        if subject is None or subject.lemma_.lower() not in self.documents or self.reports.denied(verb):
            return []
        if any(c.dep_ == "aux" and c.lower_ in self.hedges for c in verb.children):
            return []  # "the draft would commit Freedonia to …": a proposal binds no one yet
        return [iri for c in verb.children if c.dep_ == "dobj" for iri in self.actors.of_token(c)]

    def held_by(self, stance: Stance, statement: Statement | None, topic: Span | None = None) -> tuple[str, ...]:
        if self.reproached(stance.token):
            return ()  # "X accused Ruritania of blocking a truce": an accusation, no one's stance
        if statement is not None and statement.cue_at == stance.token.idx:
            return self.reported_with(statement)
        speakers = self.reported_with(statement) if statement else ()
        subject = self.subject(stance)
        if subject is not None and topic is not None and topic.start <= subject.i < topic.end:
            subject = None  # "foreign troops in Freedonia would be unacceptable": what is judged, not who judges
        actors: list[str] = []
        owned = self.whose(subject) if subject is not None else None
        if owned is not None:
            return owned
        if subject is not None and not is_first_person(subject, self.first_person) and not self.expletive(subject, stance.token):
            actors = self.actors.of_token(subject)
            unnamed = None if actors else self.unnamed(stance, subject, speakers)
            if unnamed is not None:
                return unnamed
        if not speakers:
            # "Strelsau must end the war," with no one saying it, is nobody's demand
            return () if stance.holder_mode == "speaker" else tuple(actors)
        if stance.holder_mode == "subject" and actors and not self.framed(stance.token):
            sides = self.sides(speakers) | self.unstated_sides(speakers, actors, stance, statement.cue)
            if not any(a in sides or self.actors.side(a) in sides for a in actors) and not self.voiced(stance, statement, actors):
                # "X said Ruritania and Syldavia agreed": the ones who agreed.
                return tuple(actors)
            # "The palace spokesman noted that Strelsau would not oppose", "the
            # Ruritanian minister said Ruritania and Syldavia agreed": he and the
            # side he speaks for hold it, with any other side named.
            return tuple(dict.fromkeys([*speakers, *actors]))
        return speakers

    def whose(self, subject: Token) -> tuple[str, ...] | None:
        """A "whose" subject: in "Meloni, whose government has ruled out sending
        troops", Meloni and, for a body of hers, the side she speaks for."""
        if not any(c.dep_ == "poss" and c.lower_ in self.relative_owners for c in subject.children):
            return None
        node = subject.head
        for _ in range(3):
            if node.dep_ == "relcl":
                actors = self.actors.of_token(node.head)
                sides = [self.actors.side(a) for a in actors] if subject.lemma_.lower() in self.body_nouns else []
                return tuple(dict.fromkeys([*actors, *sides]))
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def expletive(self, subject: Token, cue: Token) -> bool:
        """'it is time to …', 'it was important that …': an "it" that stands for no
        one; not the body in "… because it had imposed its own sanctions"."""
        return subject.lower_ == "it" and (cue.pos_ != "VERB" or cue.lemma_.lower() == "be" or any(
            c.dep_ in ("acomp", "attr", "oprd") for c in cue.children))

    def voiced(self, stance: Stance, statement: Statement | None, actors: list[str]) -> bool:
        """'"Ruritania welcomes the truce," said Jane Roe, a ministry spokesperson':
        in her own quoted words, a speaker the article gives no side speaks for
        the one state or body she names."""
        token = stance.token
        if statement is None or not statement.direct or not statement.start <= token.idx < statement.end:
            return False
        # the state's own voice: "welcomes", "does not recognise", not a report
        # of what it did ("Syldavia has rejected our plan") or one beside "our"
        present = token.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.lemma_ == "do" and c.tag_ in ("VBZ", "VBP")
                                                      for c in token.children)
        if not present or any(t.pos_ == "PRON" and t.lower_ in self.first_person for t in token.sent):  # not "the US"
            return False
        known = self.actors.actors
        people = [known.get(s) for s in statement.speakers]
        return (len(actors) == 1 and getattr(known.get(actors[0]), "kind", "Person") != "Person"
                and all(p is not None and p.kind == "Person" and self.actors.side(p.iri) == p.iri for p in people))

    def reported_with(self, statement: Statement) -> tuple[str, ...]:
        """A statement's speakers, and whoever reports it for their side: in "X
        said Strelsau would continue to support …" the continuing is
        Strelsau's, and X, its minister, says so."""
        reporter = self.reports.reporter(statement)
        if reporter is None:
            return statement.speakers
        # each reporter of the statement's own side: not the other signatory
        # of a joint statement that says what one of them is ready to do
        own = [r for r in reporter.speakers if self.same_side((r,), statement.speakers)]
        return tuple(dict.fromkeys([*own, *statement.speakers]))

    def subject(self, stance: Stance) -> Token | None:
        """Whose the cue is by the grammar: the subject of a verb or of an
        adjective's copula, the owner of a noun."""
        token = stance.token
        subject = None
        if token.pos_ in ("VERB", "AUX"):
            subject = agent_of(token) or subject_of(token) or self.credited_doer(token)
            if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == token.i:
                # "the bloc's sanctions package was adopted": the owner adopted it
                owner = [c for c in subject.children if c.dep_ == "poss"]
                subject = owner[0] if owner else subject
            if subject is not None:
                subject = self.actors.past_dateline(subject)
        if subject is None and token.pos_ == "ADJ":
            # "X is ready to"; "X was prepared to", parsed as a passive, has its own subject
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None) or subject_of(token.head)
        if subject is None and token.pos_ == "NOUN":
            subject = self.owner(token)
        if subject is not None and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children):
            return None  # "her government would not oppose": the speaker's own side
        return subject

    def unnamed(self, stance: Stance, subject: Token, speakers: tuple[str, ...]) -> tuple[str, ...] | None:
        """Who holds a cue whose subject names no actor of the article; None:
        the one who reports it, as far as the subject says."""
        if stance.holder_mode == "subject" and (subject.lemma_.lower() in self.agents or subject.pos_ == "PROPN"):
            # "analysts want", "the West wanted": someone we cannot name holds
            # it, not the one who reports it; but "X said the sides agreed" is
            # X's side agreeing.
            # ("the side that does not want peace" is no party to anything: nobody's)
            party = subject.tag_ == "NNS" or any(c.dep_ == "det" and c.lower_ in self.party_determiners for c in subject.children)
            return speakers if subject.lemma_.lower() in self.parties and party else ()
        if self.done_by_thing(stance, subject):
            owners = [a for c in subject.children if c.dep_ == "poss" for a in self.actors.of_token(c)]
            if owners:
                return tuple(owners)  # "Roe's plan calls for a truce": what her plan asks, she does
            # "the resolution imposes a mechanism, which we reject", "the
            # dispute over who drafted the text": a text or someone unnamed
            # did it, not whoever reports it
            return ()
        return None

    def done_by_thing(self, stance: Stance, subject: Token) -> bool:
        """Whether the cue is a verb done by a document, deal or plan or by an unnamed "who":
        not "the truce remains the priority", where the subject is the topic."""
        token = stance.token
        return (stance.holder_mode == "subject" and token.pos_ == "VERB" and subject.dep_ == "nsubj"
                and (subject.lemma_.lower() in self.documents or subject.lower_ in self.unnamed_doers)
                and not any(c.dep_ in ("attr", "acomp", "oprd") for c in token.children))

    def credits_object(self, word: Token) -> bool:
        """'thanked Freedonia for its support', 'praised Freedonia for agreeing':
        under a crediting cue, the one thanked is whom "its" and the verb stand for
        ("informed Freedonia of its support" is the informer's)."""
        return word.head.dep_ == "prep" and word.head.head.lemma_.lower() in self.crediting

    def reproached(self, verb: Token) -> bool:
        """'accused Ruritania of blocking a truce', 'blamed Roe for rejecting it',
        'accused Europe of trying to sabotage the talks by pushing for a truce'."""
        node = verb
        for _ in range(6):
            if node.dep_ == "pcomp" and node.head.head.lemma_.lower() in self.reproaches and credited_object(node) is not None:
                return True
            if node.dep_ not in ("pcomp", "xcomp", "prep", "advcl") or node.head.i == node.i:
                return False
            node = node.head
        return False

    def credited_doer(self, verb: Token) -> Token | None:
        """'praised Freedonia for agreeing to a truce': Freedonia agreed."""
        return credited_object(verb) if verb.dep_ == "pcomp" and self.credits_object(verb) else None

    def owner(self, noun: Token) -> Token | None:
        """Whose a stance noun is: "X's objection to", "X has no objection to";
        an ownerless "the priority was …" is the speaker's."""
        owner = [c for c in noun.children if c.dep_ == "poss"]
        if not owner:
            return subject_of(noun.head) if self.reports.possessed(noun) else None
        if owner[0].pos_ == "PRON" and owner[0].lower_ not in self.first_person and self.credits_object(noun):
            return credited_object(noun) or owner[0]  # "thanked Freedonia for its support": Freedonia's
        return owner[0]

    @staticmethod
    def framed(token: Token) -> bool:
        """'for the alliance to refuse …': an infinitive with a subject of its own is
        the speaker's framing, not that subject's act."""
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children
        )

    def forecast_holders(self, token: Token, holders: tuple[str, ...]) -> tuple[str, ...]:
        """Holders less those a speaker of another side only forecasts; a group
        with one of the speaker's own side in it ("Ruritania and Freedonia would swap
        prisoners", said by Doe) is a reported arrangement, kept whole."""
        forecast = self.reports.forecast_by(token) if token.pos_ in ("VERB", "AUX") else None
        if forecast is None:
            return holders
        return holders if self.same_side(forecast.speakers, holders) else ()

    def sides(self, speakers: tuple[str, ...]) -> set[str]:
        """The speakers and the states or bodies they speak for."""
        return {self.actors.side(s) for s in speakers} | set(speakers)

    def unstated_sides(self, speakers: tuple[str, ...], actors: list[str], stance: Stance, cue: str) -> set[str]:
        """'Foreign Minister Jane Roe said Strelsau supported …', where the article
        never says whose minister she is: an official with no side of her own who
        says what a state does speaks for it."""
        if not all(self.actors.side(s) == s and getattr(self.actors.actors.get(s), "role", None) for s in speakers):
            return set()
        countries = {a for a in actors if getattr(self.actors.actors.get(a), "kind", None) == "Country"}
        # Only the state the paragraph is about: "Strelsau has gone further.
        # Foreign Minister Roe wrote that Strelsau …", not any state she reports on;
        # or the one state her sentence names, saying what it will do ("Prime Minister
        # Roe said Strelsau would raise its defence spending"): an announcement, not a forecast.
        about = self.previous_subjects(stance.token)
        if self.announced(stance, cue) and self.states_named(stance.token.sent) == countries:
            about |= countries
        return {a for a in countries if a in about}

    def states_named(self, sentence: Span) -> set[str]:
        """The states a sentence names or refers to, each as its side."""
        named = {self.actors.side(a) for t in sentence for a in self.actors.of_token(t)}
        return {a for a in named if getattr(self.actors.actors.get(a), "kind", None) == "Country"}

    def announced(self, stance: Stance, cue: str) -> bool:
        """'Roe said Strelsau would raise its defence spending': what a state will do,
        said as news; not a warning or a guess ("Roe warned that Strelsau would use
        any truce to rearm")."""
        verb = stance.token
        sure = any(a.lemma_.lower() in self.certainty for a in verb.ancestors if a.pos_ == "ADJ")  # "she was sure Strelsau would …"
        return (stance.rule == "declared-intent" and stance.stance != "opposes" and not self.reports.cues.negated(verb)
                and cue not in self.warnings | self.speculation and not sure and verb.lemma_.lower() not in self.exploiting
                and not any(c.dep_ in ("advcl", "xcomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
                            for c in verb.children))

    def previous_subjects(self, token: Token) -> set[str]:
        """The states the sentence before is about: its main clause's subject."""
        start = token.sent.start
        if start == 0:
            return set()
        before = token.doc[start - 1].sent
        return {self.actors.side(a) for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                for a in self.actors.of_token(t)}

    def same_side(self, speakers: tuple[str, ...], holders: tuple[str, ...]) -> bool:
        sides = self.sides(speakers)
        return any(h in sides or self.actors.side(h) in sides for h in holders)

    def ascribed(self, stance: Stance, statement: Statement, holders: tuple[str, ...]) -> bool:
        """'X said Strelsau wants to keep the territories': what a speaker says an
        adversary (skg:adversary in the gazetteer) wants, refuses or is ready for,
        or what a speaker of no known side says another is not ("… said Strelsau
        was not interested in peace");
        or what anyone only believes another side wants ("officials believe Strelsau
        wants to keep the territories")."""
        if stance.cue not in self.ascription_cues or set(holders) & set(statement.speakers):
            return False
        speculated = statement.cue in self.speculation or any(
            a.pos_ == "VERB" and a.lemma_.lower() in self.speculation for a in stance.token.ancestors)  # "said he doubted that …"
        if speculated and not (statement.speakers and self.same_side(statement.speakers, holders)):
            return True
        if not statement.speakers:
            return False
        if self.reports.cues.negated(stance.token) and not self.same_side(statement.speakers, holders) and all(
                self.actors.side(s) == s for s in statement.speakers):
            # "Foreign Minister Roe said Strelsau was not interested in peace", the article
            # never saying whose minister she is: a charge (an ally's report stays a report)
            return True
        adversaries = self.knowledge.adversaries
        return any(self.actors.side(h) in adversaries.get(self.actors.side(s), ()) for s in statement.speakers for h in holders)

    def is_media(self, iri: str) -> bool:
        actor = self.actors.actors.get(iri)
        if actor is None or actor.known:
            return False
        words = actor.name.replace("’", "'").split()
        return bool(words) and (words[-1] in self.media_words or self.sources.agency(actor.name) is not None)
