"""Positions of one article: every place a sentence names a topic, the stance
that governs it (kg.extract.positions.climb), the statement that reports it
and who holds it.

In: the parse, the article's actors and statements. Out: Positions, each with
its cue, its confidence and the name of the rule that read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge, StanceCue, Topic
from kg.extract.positions.climb import Climber
from kg.extract.positions.cues import Cues
from kg.extract.positions.holders import Holders
from kg.extract.positions.imitation import Imitations
from kg.extract.positions.parties import Parties
from kg.extract.positions.reports import Reports, quotation_around
from kg.extract.positions.stance import MAX_HOPS, REVERSE, Stance
from kg.extract.positions.topics import TopicNames
from kg.extract.syntax import subject_of
from kg.model import Position, Statement

# A stance, the statement that reports it, and who holds it.
Placed = tuple[Stance, Statement | None, tuple[str, ...]]


@dataclass
class SentenceState:
    """What a sentence passes to the next: an agreement whose list may follow."""

    agreement: tuple[Statement, StanceCue] | None = None
    plan: tuple[Statement, StanceCue, int] | None = None
    carried: tuple[Statement, StanceCue] | None = None
    anaphors: set[int] = field(default_factory=set)


@dataclass
class PositionFinder:
    doc: Doc
    actors: ArticleActors
    knowledge: Knowledge
    statements: list[Statement]

    def __post_init__(self) -> None:
        self.cues = Cues(self.knowledge, self.knowledge.shape_index(self.doc.vocab).matches(self.doc))
        self.reports = Reports(self.doc, self.knowledge, self.statements, self.cues)
        self.climber = Climber(self.actors, self.knowledge, self.cues, self.reports)
        self.holders = Holders(self.actors, self.knowledge, self.reports)
        self.topics = TopicNames(self.doc, self.actors, self.knowledge, self.statements)
        self.made_nouns = self.knowledge.words("polarity", "made_nouns")
        self.continuation_verbs = self.knowledge.words("polarity", "continuation_verbs")
        self.continuation_subjects = self.knowledge.words("polarity", "continuation_subjects")
        self.imitations = Imitations(self.actors, self.knowledge, list(self.doc.sents))
        self.parties = Parties(self.actors, self.knowledge)

    def find(self, article_id: str) -> list[Position]:
        found: list[Position] = []
        # Where in the text each position's stance was read, for what repeats it.
        read_at: list[tuple[int, Position]] = []
        previous: tuple[Statement, StanceCue] | None = None
        for index, sentence in enumerate(self.imitations.sentences):
            carried = previous if previous and self.continues(sentence) else None
            previous = self.agreement_in(sentence)
            state = self.prepare(sentence, carried)
            for topic in self.knowledge.topics:
                self.climber.current_topic = topic.iri
                for span, opposite in self.topics.spans(sentence, topic):
                    for stance, statement, holders in self.placed(sentence, span, opposite, state):
                        made = self.positions(article_id, sentence, topic, stance, statement, holders)
                        found += made
                        read_at += [(stance.token.idx, p) for p in made]
                    if not opposite:
                        found += self.parties.held(article_id, sentence, span, topic.iri)
            found.extend(self.imitations.copied(article_id, index, read_at))
        return found

    def prepare(self, sentence: Span, carried: tuple[Statement, StanceCue] | None) -> SentenceState:
        """Name the sentence's topics, resolve what refers back, and tell the climb."""
        named_here = [(topic, span, opposite) for topic in self.knowledge.topics
                      for span, opposite in self.topics.spans(sentence, topic)]
        named = {t.i for _, span, _ in named_here for t in span}
        self.topics.resolve_anaphors(sentence, named)
        listed = [(span, topic.iri, opposite) for topic, span, opposite in named_here]
        self.topics.resolve_objects(sentence, listed, named)
        self.topics.resolve_owned_acts(sentence, listed, named)
        for topic, span, opposite in named_here:
            if not opposite:
                self.topics.remember(span, topic)
        anaphors = {span.start for spans in self.topics.anaphors.get(sentence.start, {}).values() for span in spans}
        self.climber.topic_roots = {span.root.i: topic.iri for topic, span, _ in named_here}
        self.climber.topic_tokens = {}
        for topic, span, _ in named_here:
            for t in span:
                self.climber.topic_tokens.setdefault(t.i, set()).add(topic.iri)
        return SentenceState(plan=self.plan_with_list(sentence), carried=carried, anaphors=anaphors)

    def placed(self, sentence: Span, span: Span, opposite: bool, state: SentenceState) -> list[Placed]:
        """The stances on one naming of a topic, with their statements and holders."""
        # A noun that refers back is a stance's object only right under its cue.
        stance = self.climber.stance_for(span, opposite, reach=3 if span.start in state.anaphors else MAX_HOPS)
        placed: list[Placed] = []
        if stance is None and state.plan is not None and span.start > state.plan[2]:
            placed.append(self.plan_item(span, opposite, state.plan))
        elif stance is None and state.carried is not None:
            statement, cue = state.carried
            placed.append((Stance(cue.stance, statement.cue, "speaker", sentence.root, self.knowledge.confidence("carried_over"),
                                  rule="continued-list"),
                           statement, statement.speakers))
        elif stance is None and (evaluated := self.climber.evaluation(span.root)) is not None:
            placed.append(self.held(evaluated, sentence))
        elif stance is not None:
            if any(a.i == stance.token.i for a in span.root.ancestors):
                inner = stance
                # Rejecting a plan rejects none of what it sets out; its author still holds that.
                stance = self.climber.nesting.outer(stance) or (stance if self.climber.plan_kept(stance) else None)
                if stance is not None and self.climber.credits.credited(inner, stance):
                    placed.append(self.held(inner, sentence))
            elif stance.token.i == span.root.i:
                stance = self.climber.nesting.outer(stance, denials_only=True)  # "denied that Fredonville would give up land"
            if stance is not None and stance.stance == "opposes" and _restricted(span, self.climber.topic_tokens):
                stance = None  # "would not accept a peace that forced it to give up land": not peace, that peace
            if stance is not None and not self.reports.denied(stance.token):
                placed.append(self.listed(self.held(stance, sentence, span), span, state))
        placed += self.beside(sentence, span, opposite, stance)
        placed += self.own_plan(span, placed)
        named = self.named_by(span)
        return [(stance, statement, tuple(h for h in holders if h not in named)) for stance, statement, holders in placed]

    def beside(self, sentence: Span, span: Span, opposite: bool, stance: Stance | None) -> list[Placed]:
        """Stances held beside whatever governs the topic: a relative clause's
        subject ("a ceasefire, which Freedonia agreed to"), who rejects a
        condition set after it ("…, a condition Strelsau rejected"), the author
        a compound names ("a Ruritanian-brokered truce")."""
        placed = []
        relatives = self.climber.relatives
        for relative in relatives.relative_stances(span.root):
            if stance is None or relative.token.i != stance.token.i:
                placed.append(self.held(relative, sentence))
        verdict = relatives.verdict_on_stated(span, stance) if stance is not None else None
        if verdict is not None:
            placed.append(self.held(verdict, sentence))
        for own, author in self.climber.in_place.authored(span, opposite):
            placed.append((own, self.reports.governing(own.token, sentence), (author,)))
        return placed

    def own_plan(self, span: Span, placed: list[Placed]) -> list[Placed]:
        """'our peace plan': whoever says "our" holds it, unless they said more of it here."""
        own = self.climber.in_place.own_plan(span)
        speaking = quotation_around(self.statements, own.token.idx) if own is not None else None
        if speaking is None or set(speaking.speakers) & {h for _, _, held in placed for h in held}:
            return []
        return [(own, speaking, speaking.speakers)]

    def named_by(self, span: Span) -> set[str | None]:
        """The actor whose name is all of a topic's words ("the coalition of the
        willing"): it holds no stance on that topic."""
        named = {self.actors.by_token.get(t.i) for t in span if not t.is_punct and t.pos_ != "DET"}
        return named if len(named) == 1 else set()

    def plan_item(self, span: Span, opposite: bool, plan: tuple[Statement, StanceCue, int]) -> Placed:
        """An item of the list after a plan's colon: its author's stance, turned
        where the item undoes the topic ("conditions: …, and a halt to aid")."""
        statement, cue, colon = plan
        undone = self.undone_item(span, colon) != opposite
        return (Stance(REVERSE[cue.stance] if undone else cue.stance, statement.cue, "speaker", span.root,
                       self.knowledge.confidence("plan_list_item"), rule="plan-list"),
                statement, statement.speakers)

    def undone_item(self, span: Span, colon: int) -> bool:
        """Whether a list item undoes the topic it names ("the lifting of
        sanctions"), up to the item's own head, not through its siblings."""
        token = span.root
        while token.dep_ != "conj" and token.head.i != token.i and token.head.i > colon:
            token = token.head
            if self.climber.reverses(token):
                return True
        return False

    @staticmethod
    def listed(placed: Placed, span: Span, state: SentenceState) -> Placed:
        """'X presented a plan: keep aid flowing, deploy peacekeepers': an item
        of the plan's list, a verb with no subject, is the plan author's."""
        stance, _, holders = placed
        token = stance.token
        if holders or state.plan is None or span.start <= state.plan[2] or token.i <= state.plan[2]:
            return placed
        if token.pos_ != "VERB" or subject_of(token) is not None:
            return placed
        statement, _, _ = state.plan
        return stance, statement, statement.speakers

    def held(self, stance: Stance, sentence: Span, topic: Span | None = None) -> Placed:
        statement = self.reports.governing(stance.token, sentence)
        return stance, statement, self.holders.of(stance, statement, topic)

    def positions(self, article_id: str, sentence: Span, topic: Topic, stance: Stance,
                  statement: Statement | None, holders: tuple[str, ...]) -> list[Position]:
        if statement is None:
            return []
        if self.holders.ascribed(stance, statement, holders) or self.cues.asked(stance.token, sentence):
            return []
        return [
            Position(
                article=article_id,
                holder=holder,
                stance=stance.stance,
                topic=topic.iri,
                confidence=round(min(stance.confidence, statement.confidence + self.knowledge.confidence("statement_margin")), 2),
                cue=stance.cue,
                statement=statement,
                evidence=sentence.text.strip(),
                rule=stance.rule,
            )
            for holder in self.holders.forecast_holders(stance.token, holders)
            if not self.holders.is_media(holder)
        ]

    def agreement_in(self, sentence: Span) -> tuple[Statement, StanceCue] | None:
        """The last statement of a sentence whose cue is itself a stance ("agreed to pursue …")."""
        last = None
        for token in sentence:
            statement = self.reports.at(token)
            found = self.cues.cue_at(token) if statement is not None else None
            if found and found.entry.stance in ("supports", "demands"):
                last = (statement, found.entry)
        return last

    def plan_with_list(self, sentence: Span) -> tuple[Statement, StanceCue, int] | None:
        """'the Commission's offer rests on three elements: A; B; and C': the
        plan's author holds each item of the list after the colon."""
        if ":" not in sentence.text:
            return None
        colon = next((t for t in sentence if t.text == ":"), None)
        if colon is None:
            return None
        for token in sentence:
            if token.i >= colon.i:
                break
            statement = self.reports.at(token)
            if statement is None or token.pos_ != "NOUN" or token.lemma_.lower() not in self.made_nouns:
                continue
            found = self.cues.cue_at(token)
            if found is not None and found.entry.stance in ("supports", "demands"):
                return statement, found.entry, colon.i
        return None

    def continues(self, sentence: Span) -> bool:
        """'These include …', 'Those objectives included …': a list of what was just agreed."""
        root = sentence.root
        if root.lemma_.lower() not in self.continuation_verbs:
            return False
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child.lower_ in self.continuation_subjects or any(
                    d.dep_ == "det" and d.lower_ in self.continuation_subjects for d in child.children
                )
        return False


def _restricted(span: Span, topic_tokens: dict[int, set[str]]) -> bool:
    """Whether a topic's noun has a clause of its own that says which one by
    another topic: "a peace that forced it to cede land", not "the truce,
    which began Monday" nor "the ceasefire that Doe proposed"."""
    root = span.root
    return root.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "relcl" and c.i > root.i and root.doc[c.left_edge.i - 1].text != ","
        and any(t.i in topic_tokens and t.i not in range(span.start, span.end) for t in c.subtree)
        for c in root.children)


def find_positions(
    doc: Doc, actors: ArticleActors, knowledge: Knowledge, statements: list[Statement], article_id: str
) -> list[Position]:
    return PositionFinder(doc, actors, knowledge, statements).find(article_id)
