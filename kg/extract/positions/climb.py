"""The climb: from where a topic is named up the dependency tree to the cue
that governs it, carrying what changes on the way.

Negation on the cue flips it ("would not oppose" -> accepts), a reversal verb or
noun in between flips the topic ("lift sanctions" -> opposes sanctions), an
"instead of" sets it aside, a barrier ("if", "despite") makes it background,
and confidence decays with each word climbed. Rules that read a stance without
climbing (a "must" on the topic's own verb, a warned consequence, a declared
intent, support received) are tried first. A topic that reaches a speech verb
or a verb of mere discussion without a cue is a mention, not a position.

In: a span naming a topic, and the sentence's other topics. Out: a Stance (with
the name of the rule that read it) or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.positions.conditions import Conditions
from kg.extract.positions.credits import Credits
from kg.extract.positions.cues import Cue, Cues
from kg.extract.positions.in_place import InPlace
from kg.extract.positions.means import Means
from kg.extract.positions.mentions import Mentions
from kg.extract.positions.nesting import Nesting
from kg.extract.positions.relatives import Relatives
from kg.extract.positions.reports import Reports
from kg.extract.positions.stance import MAX_HOPS, MODAL_REACH, NEGATE, REVERSE, STOP, Stance, Stop
from kg.extract.syntax import absolute_clause, infinitive_listed, listed_clause, listed_name, spliced, steps_up, subject_of

Verdict = Stance | Stop | None  # a stance, the end of the climb, or climb on


@dataclass
class Walk:
    """Where the climb is, and what it has passed on the way."""

    token: Token
    span: Span
    reversed_: bool
    inside: set[int] = field(default_factory=set)
    hops: int = 0
    skip: bool = False  # the head of an independent conjunct clause is not our cue
    came_from: str = ""  # the dependency just climbed
    came_through: str = ""  # the last preposition passed on the way up
    content: bool = False  # passed from a deal's content up to the deal

    def flip(self) -> None:
        self.reversed_ = not self.reversed_


class Climber:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, cues: Cues, reports: Reports) -> None:
        lex = knowledge
        self.actors = actors
        self.cues = cues
        self.reports = reports
        self.reversal = lex.words("polarity", "reversal")
        self.necessity = lex.words("polarity", "necessity_prepositions")
        self.qualifying_words = lex.words("polarity", "qualifying_words")
        self.reversal_nouns = lex.words("polarity", "reversal_nouns")
        self.condition_adjectives = lex.words("polarity", "condition_adjectives")
        self.assertive = lex.words("speech", "assertive")
        self.reason_prepositions = lex.words("polarity", "reason_prepositions")
        self.time_frames = lex.words("polarity", "time_frame_prepositions")
        self.frame_nouns = lex.words("polarity", "time_frame_nouns")
        self.threats = lex.words("polarity", "threat_verbs")
        self.void_nouns = lex.words("polarity", "void_nouns")
        self.threat_modals = lex.words("polarity", "threat_modals")
        self.alternatives = lex.words("polarity", "threat_alternatives")
        self.content_verbs = lex.words("polarity", "content_verbs")
        self.forecast_adjectives = lex.words("polarity", "forecast_adjectives")
        self.expectation_nouns = lex.words("polarity", "expectation_nouns")
        self.denial_determiners = lex.words("polarity", "denial_determiners")
        self.continuing = lex.words("polarity", "continuing_cues")
        self.troubled = lex.words("polarity", "troubled_adjectives")
        self.inclusion = lex.words("actors", "inclusion_prepositions")
        # The topics named in the sentence at hand, and the topic being placed.
        self.topic_roots: dict[int, str] = {}  # root token -> topic
        self.topic_tokens: dict[int, set[str]] = {}  # token -> the topics whose naming covers it
        self.current_topic = ""
        self.confidence = knowledge.confidence
        self.means_reader = Means(knowledge, cues)
        self.condition_prepositions = lex.words("polarity", "condition_prepositions")
        self.in_place = InPlace(actors, knowledge, cues, reports)
        self.relatives = Relatives(actors, knowledge, cues)
        self.conditions = Conditions(actors, knowledge, cues)
        self.mentions = Mentions(knowledge)
        self.credits = Credits(actors, knowledge, cues)
        self.nesting = Nesting(knowledge, cues, reports)

    def stance_for(self, topic_span: Span, opposite: bool = False, reach: int = MAX_HOPS) -> Stance | None:
        # "will make no territorial concessions", "there must be no NATO troops": denied, turned round
        opposite = opposite != self.denied_topic(topic_span)
        if self.mentions.as_issue(topic_span.root):
            return None
        verdict = self.in_place.without_climbing(topic_span, opposite, self.current_topic)
        walk = Walk(topic_span.root, topic_span, opposite, {t.i for t in topic_span})
        if verdict is None and any(t.lower_ in self.necessity for t in topic_span):
            walk.flip()  # "planned to meet Y without Ruritania", with no "no … without": leaving it out
        if verdict is None and self.denied_label(topic_span.root):
            walk.flip()  # "vowed that Freedonia would never cede land": the label's own verb denied
        if verdict is None and any(c.dep_ == "amod" and c.tag_ == "VBG" and c.i < topic_span.start and self.reverses(c)
                                   for c in topic_span.root.children):
            walk.flip()  # "called for halting arms supplies", the parser making the verb a modifier
        while verdict is None and walk.hops <= reach:
            if walk.token.i not in walk.inside and not walk.skip:
                verdict = self.at(walk)
            if verdict is None:
                verdict = self.leave(walk)
        return verdict if isinstance(verdict, Stance) else None

    def denied_topic(self, span: Span) -> bool:
        """'no concessions', 'no foreign troops': a topic its determiner denies,
        outside its label; not "no peace without guarantees" (a requirement)."""
        root = span.root
        return any(c.dep_ == "det" and c.lower_ in self.denial_determiners and c.i < span.start for c in root.children) and not any(
            c.dep_ == "prep" and c.lower_ in self.necessity for c in root.children)

    # -- one step of the climb ----------------------------------------------------

    def at(self, walk: Walk) -> Verdict:
        """What the token the climb has reached says, outside the topic's own words."""
        token = walk.token
        lemma = token.lemma_.lower()
        if self.mentions.only_named(token, walk.came_from):
            return STOP
        if self.reverses(token) and not self.cues.is_word_cue(token) and not self.undoing_listed(walk) and walk.came_from != "conj":
            # a reversal that is a cue itself ("scrap sanctions") is read once, as the cue; a
            # sibling's ("the withdrawal of troops, and a halt to aid") is not this topic's
            walk.flip()
        if token.pos_ == "NOUN" and lemma in self.void_nouns or token.dep_ == "acl" and token.head.lemma_.lower() in self.void_nouns:
            return STOP  # "the bloc's failure to agree on sanctions" is no one's demand, nor agreement
        noun = self.cues.copular_subject(token)
        if noun is not None and not self.reports.backgrounded(token):
            return self.copular(walk, noun)
        planned = self.plan_content(walk)
        if planned is not None:
            return planned
        found = self.found_cue(walk)
        implied = (self.threat(walk) or self.means_reader.read(walk, self.topic_tokens)) if not found else None
        condition = implied or self.conditions.asked(token, walk.reversed_, found)
        if condition is not None:
            return condition
        verdict = self.judge(walk, found) if found else None
        if verdict is not None:
            return verdict
        if token.idx in self.reports.by_cue_at and not infinitive_listed(token):
            # a speech verb with no stance of its own is a mention, unless its
            # object is one: "signalled openness to talks", the parser hanging "to" on the verb
            return self.object_stance(walk) or STOP
        return self.negation_passed(walk)

    def negation_passed(self, walk: Walk) -> Verdict:
        """A negation on the way up, with no cue at it."""
        token = walk.token
        if token.pos_ in ("VERB", "AUX") and self.cues.negated(token) and walk.came_from not in ("nsubj", "nsubjpass", "csubj"):
            # "this is not the moment to lift sanctions"; but in "peace is
            # not possible" the topic is the subject, and the adjective decides.
            walk.flip()
        if token.dep_ == "prep" and token.i not in walk.inside and any(c.dep_ == "neg" for c in token.children):
            # "stands for talks, not for prolonging the war with more weapons", "aimed at a
            # truce, not at a lasting peace": what the cue is not about, rather than its opposite
            return STOP
        return None

    def undoing_listed(self, walk: Walk) -> bool:
        """'an end to the war and full Ruritanian withdrawal': an undoing listed
        beside what is ended is wanted with it, not ended too (the parser hangs it
        on the war)."""
        root = walk.span.root
        return root.dep_ == "conj" and root.pos_ == "NOUN" and root.lemma_.lower() in self.reversal_nouns

    def reverses(self, token: Token) -> bool:
        """A verb or noun that undoes what it takes: "lift sanctions", "an end to aid"."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            return listed_name(token, self.reversal) is not None
        return token.pos_ == "NOUN" and lemma in self.reversal_nouns

    def copular(self, walk: Walk, noun: Token) -> Stance:
        """'Turkey's aim was to see a ceasefire': the stance noun that is the subject of 'be'."""
        cue, word = next((c, noun.lemma_.lower()) for c in self.cues.entries if noun.lemma_.lower() in c.nouns)
        stance = NEGATE[cue.stance] if self.cues.negated(walk.token) else cue.stance
        stance = REVERSE[stance] if walk.reversed_ else stance
        return Stance(stance, word, cue.holder, noun, round(cue.weight - self.confidence("cue_noun_discount"), 2), rule="copular-stance-noun")

    def object_stance(self, walk: Walk) -> Stance | None:
        """'X signalled openness to a prisoner exchange', parsed with the topic's
        preposition on the verb: the stance noun the verb takes as object."""
        if walk.came_from != "prep" or walk.came_through in self.reason_prepositions:
            return None
        verb = walk.token
        for noun in verb.children:
            if noun.dep_ == "dobj" and noun.i < walk.span.start and not any(
                    c.dep_ == "prep" for c in noun.children):
                found = self.cues.cue_at(noun)
                if found is not None and found.rule == "stance-noun":
                    stance = NEGATE[found.entry.stance] if self.cues.negated(verb) else found.entry.stance
                    stance = REVERSE[stance] if walk.reversed_ else stance
                    return Stance(stance, found.word, found.entry.holder, noun,
                                  round(found.entry.weight - self.confidence("object_noun_discount"), 2), rule="object-stance-noun")
        return None

    def plan_content(self, walk: Walk) -> Stance | None:
        """'Roe's plan foresees a ceasefire', 'the proposal includes guarantees':
        what a plan someone owns sets out, its owner supports."""
        verb = walk.token
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.content_verbs or walk.came_from != "dobj":
            return None
        if verb.dep_ == "ccomp":
            return None  # "Y denied that Roe's plan includes A": someone's claim about the plan, not the plan
        noun = subject_of(verb)
        found = self.cues.cue_at(noun) if noun is not None and noun.pos_ == "NOUN" else None
        if found is None or found.rule != "stance-noun" or found.entry.stance not in ("supports", "demands"):
            return None
        if self.reports.at(noun) is None or self.cues.negated(verb):
            return None  # only a plan whose author the article names ("Roe's plan", "the plan X tabled")
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if any(self.cues.negated(o) for o in objects) or any(
                c.dep_ == "advmod" and any(g.lower_ in self.cues.negations for g in c.children) for c in verb.children):
            return None  # "includes no ceasefire", "no longer includes a ceasefire"
        stance = REVERSE[found.entry.stance] if walk.reversed_ else found.entry.stance  # "demands include a ban on A"
        return Stance(stance, found.word, found.entry.holder, noun,
                      round(found.entry.weight - self.confidence("content_discount"), 2), content=True, rule="plan-content")

    @staticmethod
    def plan_kept(stance: Stance) -> bool:
        """'X rejected Roe's plan, which includes A': the plan's author still
        holds A; but not where the content itself is denied or disputed
        ("Y denied that Roe's plan includes A")."""
        return stance.rule == "plan-content" and any(c.dep_ in ("relcl", "acl") for c in stance.token.children)

    def found_cue(self, walk: Walk) -> Cue | None:
        token = walk.token
        found = self.cues.cue_at(token)
        if found and token.pos_ == "NOUN" and not self.reports.owned(token):
            found = None
        if found and walk.came_from in ("attr", "oprd") and found == self.cues.predicate(token) and self.judges_other(token):
            found = None  # "X was a realistic outcome of a settlement": the settlement is not what is judged
        if not found and token.pos_ == "VERB" and (
                walk.came_from in ("dobj", "nsubjpass") and self.taken(walk) or self.amount_in(walk)):
            found = self.cues.object_cue(token)  # "Ruritania confirmed the deal"
        return found

    @staticmethod
    def taken(walk: Walk) -> bool:
        """Whether the object is the topic, or a part of it ("the final stage of
        the exchange"), not what hangs from it ("strikes in violation of the truce")."""
        root = walk.span.root
        return root.head.i == walk.token.i or (root.head.lower_ == "of" and root.head.head.head.i == walk.token.i)

    @staticmethod
    def amount_in(walk: Walk) -> bool:
        """'announced $2bn in new military aid', the amount the object or "in" on the verb."""
        root, verb = walk.span.root, walk.token
        if root.dep_ != "pobj" or root.head.lower_ != "in":
            return False
        owner = root.head.head
        if owner.i == verb.i:
            return any(c.dep_ == "dobj" and c.ent_type_ == "MONEY" for c in verb.children)
        return owner.head.i == verb.i and owner.dep_ == "dobj" and owner.ent_type_ == "MONEY"

    def judges_other(self, verb: Token) -> bool:
        """Whether a predicate judges another topic, its subject or object."""
        return any(self.topic_tokens.get(t.i, set()) - {self.current_topic} for c in verb.children
                   if c.dep_ in ("nsubj", "nsubjpass", "dobj") for t in c.subtree)

    def threat(self, walk: Walk) -> Stance | None:
        """'Ruritania would face tougher sanctions', 'called on Ruritania to accept
        a truce or face sanctions': a threat, the speaker's support for them."""
        token = walk.token
        # the demand's own alternative ("called on X to accept A or face B"), not a deadline's
        alternative = token.dep_ == "conj" and token.head.dep_ == "xcomp" and any(
            c.dep_ == "cc" and c.lower_ in self.alternatives for c in token.head.children)
        if (walk.came_from in ("dobj", "prep", "xcomp") and token.pos_ == "VERB"
                and token.lemma_.lower() in self.threats and not self.cues.negated(token)
                and (alternative or any(c.dep_ == "aux" and c.lower_ in self.threat_modals for c in token.children))):
            return Stance("supports", token.lemma_.lower(), "speaker", token, self.confidence("threat"), rule="threat")
        return None

    def judge(self, walk: Walk, found: Cue) -> Verdict:
        """The cue the climb met: its stance on the topic, or why it has none."""
        token = walk.token
        if self.vetoed(walk, found):
            return STOP
        if found.entry is self.cues.modal:
            if walk.hops > MODAL_REACH and self.cues.lexical(token, self.cues.name_of(token), token.lemma_.lower()) is None:
                return None  # "efforts ought to concentrate on setting out the bases for peace": too far to be required
            if walk.came_from in ("nsubj", "nsubjpass") and self.names_other_topic(token, walk.inside):
                return STOP  # "any truce must be accompanied by a halt to arms supplies": the halt is demanded
        stance = found.entry.stance
        if self.cues.negated(token) and self.cues.qualifier_denied(token, found):
            return STOP  # "it was not a final offer": the negation is of "final", not of the offer
        if self.cues.negated(token):
            stance = NEGATE[stance]
            if stance == "opposes" and self.conditions.refused_on_condition(token, walk.span.root, walk.inside):
                stance = "accepts"  # "would not agree to a truce without guarantees": agrees on that condition
        if token.pos_ == "NOUN" and token.dep_ == "dobj" and self.reverses(token.head) and not self.cues.negated(token.head):
            # "dropped his demand for a truce", "called off plans for a summit" ("has not given up its bid": kept)
            stance = NEGATE[stance]
        if (token.dep_ == "dobj" and token.head.lemma_.lower() in self.reports.sharing and self.cues.negated(token.head)
                and not any(c.dep_ == "poss" for c in token.children)):
            stance = NEGATE[stance]  # "does not share the goal of a truce" ("… Ruritania's goal": still Ruritania's)
        if walk.content and stance == "opposes":
            return STOP  # rejecting a deal is not rejecting each thing in it
        if walk.reversed_:
            stance = REVERSE[stance]  # wanting a deal that includes Ruritania's neutrality opposes its joining the Pact
        confidence = (found.entry.weight - self.confidence("hop_discount") * max(0, walk.hops - 1)
                      - (self.confidence("content_discount") if walk.content else 0))
        return Stance(stance, found.word, found.entry.holder, token, round(max(confidence, self.confidence("climb_floor")), 2), walk.content,
                      rule=found.rule)

    def denied_label(self, verb: Token) -> bool:
        """A label's verb denied outright: not "would not only end the war", "would never stop until …"."""
        if verb.pos_ != "VERB" or any(c.dep_ in ("prep", "advcl") and (c.lower_ in self.qualifying_words or any(
                m.dep_ == "mark" and m.lower_ in self.qualifying_words for m in c.children)) for c in verb.children):
            return False
        return any(c.dep_ == "neg" and c.i + 1 < len(c.doc) and c.nbor(1).lower_ not in self.qualifying_words
                   for c in verb.children)

    def expected(self, walk: Walk) -> bool:
        """Whether the topic reaches the cue as what is hoped for or expected
        ("hopes of a truce", "the prospects of a summit")."""
        return any(node.i != walk.token.i and node.pos_ == "NOUN" and node.lemma_.lower() in self.expectation_nouns
                   for _, node in steps_up(walk.span.root, walk.token))

    def vetoed(self, walk: Walk, found: Cue) -> bool:
        """A cue that is there but does not take the topic."""
        token, word = walk.token, found.word
        if self.conditions.constrained(walk.span.root, token):
            return True  # "conditions for a truce" constrain the truce, they do not demand it
        if word in self.condition_adjectives and walk.came_through not in self.condition_prepositions:
            return True  # "made the truce conditional on X": X is demanded, the truce is not
        if self.reports.backgrounded(token) or walk.came_from == "nsubjpass" and self.cues.done_by_no_one(token):
            return True
        if word in self.forecast_adjectives and walk.came_from in ("xcomp", "nsubj", "nsubjpass"):
            return True  # "Strelsau is unlikely to sign a truce", "a summit was unlikely": forecasts
        if self.role_of_someone(walk, found):
            return True
        if word in self.troubled and walk.came_from == "ccomp":
            return True  # "worried that the ceasefire would not hold": a fear for it
        if found.entry.stance == "opposes" and self.expected(walk):
            return True  # "poured cold water on hopes of a truce": doubts it will come, not against it
        if word in self.continuing and walk.came_from == "xcomp" and not any(
                c.dep_ == "xcomp" and c.i in walk.inside for c in token.children):
            return True  # "Ruritania continues to use prisoners as …": going on with an act no label or cue names
        return self.topic_acts(walk, found)

    def topic_acts(self, walk: Walk, found: Cue) -> bool:
        """The topic acts, it is not the object: 'the agreement did not require …', 'the rebels, backed by Syldavian
        troops' ("backed by credible guarantees" is wanted), 'the coalition did not need unanimity'."""
        token = walk.token
        acting = walk.came_from in ("nsubj", "csubj") or (
            walk.came_from == "agent" and any(self.actors.named_at(t.i) for t in walk.span))
        needs_other = acting and any(c.dep_ == "dobj" and c.i not in walk.inside for c in token.children)
        return ((acting and found.entry.holder == "subject" or needs_other) and token.pos_ == "VERB"
                and found.word in (token.lemma_.lower(), self.cues.name_of(token).replace("_", " ")))

    def role_of_someone(self, walk: Walk, found: Cue) -> bool:
        """'He was central to Syldavia's support for the rebels', 'Roe is key to
        the talks': a necessity said of someone is the part they play in the
        topic, not a demand for it ("sanctions are key to a truce" is one)."""
        token = walk.token
        if token.pos_ != "ADJ" or found.entry.holder != "speaker" or walk.came_from != "prep":
            return False
        subject = subject_of(token.head) if token.dep_ in ("acomp", "attr") else None
        named = self.actors.of_token(subject) if subject is not None else []
        # a person's part; a state or bloc "key to a truce" is wanted for it
        return bool(named) and all(self.actors.actors[iri].kind == "Person" for iri in named)

    def leave(self, walk: Walk) -> Verdict:
        """Climb from the token to its head, unless the edge says the topic is
        someone else's business; STOP at the root."""
        token = walk.token
        if self.cues.alternative(token):
            walk.flip()  # "an offensive instead of a ceasefire", "talks rather than sanctions"
        if self.cues.is_barrier(token) and (token.i not in walk.inside or token.i == walk.span.root.i):
            # "If Freedonia pulls out of the territories, …": the topic's own clause is the condition
            return self.conditions.condition_for(token, walk.reversed_) or STOP
        if token.dep_ == "prep" and token.lower_ in self.necessity and token.i not in walk.inside:
            return STOP  # "a guarantee without Fredonville joining the Pact": not what the cue is about
        if token.dep_ == "prep" and token.i not in walk.inside and self.time_frame(token):
            return STOP
        if self.detail_of_other_topic(walk) or self.what_another_does(walk):
            return STOP
        if token.dep_ in ("acl", "relcl") and token.lemma_.lower() in self.content_verbs and token.i not in walk.inside:
            walk.content = True  # "agreed a deal that sets a 15% tariff": what the deal holds
        head = token.head
        if self.credits.blamed_for(token, head, walk.inside):
            return STOP
        if spliced(token):
            return STOP  # "X trigger sanctions, Strelsau vows to respond": the verb after says its own thing
        if head.i == token.i:
            return STOP
        # The head of a conjunct clause is its sibling, not its governor:
        # "rejecting A and judging B improbable" says nothing of B by 'rejecting'.
        walk.skip = (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")) or listed_clause(token)
        walk.came_from = token.dep_
        walk.came_through = token.lower_ if token.dep_ == "prep" else walk.came_through
        walk.token = head
        walk.hops += 1
        return None

    def time_frame(self, preposition: Token) -> bool:
        """'during the ceasefire', 'for the duration of any truce': when, not what."""
        return preposition.lower_ in self.time_frames or any(
            c.dep_ == "pobj" and c.lemma_.lower() in self.frame_nouns for c in preposition.children)

    def what_another_does(self, walk: Walk) -> bool:
        """'ready for a truce, prompting Freedonia to lift its pause on aid':
        a participle clause on what another actor does next; 'blocked the
        package, with Doe holding out for guarantees': one with its own subject."""
        token = walk.token
        if token.tag_ != "VBG" or token.i in walk.inside:
            return False  # "settled with Freedonia taking part": the topic is the clause
        return absolute_clause(token) or token.dep_ == "advcl" and any(
            c.dep_ == "dobj" and self.actors.of_token(c) for c in token.children)

    def detail_of_other_topic(self, walk: Walk) -> bool:
        """'guarantees under a peace deal', 'troops to monitor a ceasefire': the
        stance is on the other topic, this one is a detail of it. Not what it
        includes: "guarantees, including neutral status" names one of them."""
        token, head = walk.token, walk.token.head
        if token.dep_ == "prep" and token.lower_ in self.inclusion:
            return False
        if (token.dep_ in ("prep", "acl", "relcl") and head.i not in walk.inside and head.i in self.topic_roots
                and self.topic_roots[head.i] != self.current_topic):
            if not (token.dep_ in ("acl", "relcl") and token.lemma_.lower() in self.content_verbs):
                return True
        return (token.dep_ in ("dobj", "pobj", "xcomp", "advcl") and head.i not in walk.inside
                and head.i not in self.topic_roots
                and bool(self.topic_tokens.get(head.i, {self.current_topic}) - {self.current_topic}))

    def names_other_topic(self, verb: Token, inside: set[int]) -> bool:
        """Whether the verb's object or agent names a topic other than the one at hand."""
        for child in verb.children:
            if self.cues.is_barrier(child):
                continue  # "must remain in place until a ceasefire": a condition, not what is required
            if child.dep_ in ("dobj", "agent", "prep", "attr", "xcomp") and child.i not in inside:
                if any(self.topic_tokens.get(t.i, set()) - {self.current_topic} for t in child.subtree):
                    return True
        return False

    # -- stances beside or above the one the climb found ------------------------

    def evaluation(self, noun: Token) -> Stance | None:
        """'a good deal', 'a bad agreement', 'an unfair plan': the adjective is the stance."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        adjectives = [a for c in noun.children if c.dep_ == "amod" and c.i < noun.i for a in (c, *c.conjuncts)]
        for child in adjectives:  # "a truly equal and good agreement"
            cue = self.cues.evaluating(child)
            if cue is not None:
                stance = NEGATE[cue.stance] if self.cues.negated(noun.head) and noun.dep_ == "attr" else cue.stance
                return Stance(stance, child.lemma_.lower(), "speaker", child,
                              round(cue.weight - self.confidence("evaluation_discount"), 2), rule="evaluative-adjective")
        return None

