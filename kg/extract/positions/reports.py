"""Which statement reports a stance: the speech verb that governs it, the
quotation it sits in, "according to X"; and what speech makes background
("a newspaper story saying …", "no sign that …", a cue inside an "if" clause).

In: the article's parse and its statements (kg.extract.statements). Out: the
Statement that governs a token, or a yes/no.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cues
from kg.extract.positions.stance import MAX_HOPS
from kg.extract.syntax import agent_of, clause_openers, listed_name, narrative, set_off, subject_of
from kg.model import Statement


def quotation_around(statements: list[Statement], at: int) -> Statement | None:
    """The narrowest quotation of one speaker around character ``at``, by
    preference one whose cue stands outside it: whom an "our" in it is about
    ("'X rejected our plan,' Roe said": Roe, not X)."""
    around = [s for s in statements if s.start <= at < s.end and len(s.speakers) == 1 and s.direct]
    return min(around, key=lambda s: (s.start <= s.cue_at < s.end, s.end - s.start, s.start)) if around else None


class Reports:
    def __init__(self, doc: Doc, knowledge: Knowledge, statements: list[Statement], cues: Cues) -> None:
        lex = knowledge
        self.doc = doc
        self.cues = cues
        self.speech = lex.words("speech", "verbs")
        self.emphatic = lex.words("speech", "emphatic")
        self.predictive = lex.words("polarity", "predictive_modals")
        self.conditional = lex.words("polarity", "conditional_marks")
        self.mention_only = lex.words("polarity", "mention_only")
        self.stance_prepositions = lex.words("polarity", "stance_prepositions")
        self.report_nouns = lex.words("actors", "report_nouns")
        self.factual_marks = lex.words("polarity", "factual_marks")
        self.time_marks = lex.words("polarity", "time_marks")
        self.absence = lex.words("polarity", "necessity_prepositions")
        self.withholding = lex.words("polarity", "withholding")
        self.attitudes = lex.words("polarity", "attitude_verbs")
        self.denying_verbs = lex.words("speech", "denials")
        self.negated_opinions = lex.words("speech", "negated_opinions")
        self.first_person = lex.words("actors", "first_person")
        self.wishes = lex.words("speech", "own_wishes")
        self.judgements = knowledge.judging_rules
        self.denials = lex.words("polarity", "denial_determiners")
        self.guesses = lex.words("speech", "speculation_nouns")
        self.possession = lex.words("polarity", "possession_verbs")
        self.sharing = lex.words("polarity", "sharing_verbs")
        self.by_cue_at = {s.cue_at: s for s in statements if s.cue_at >= 0}
        self._reporters: dict[int, Statement | None] = {}
        according = lex.words("speech", "according")
        self.reported = {s.cue_at: s for s in statements if s.cue_at >= 0 and s.cue in according}
        self.reported_at = sorted(self.reported)
        # The first statement that quotes each sentence without a cue of its own, by where the sentence starts:
        # the sentence it was found in, and the others its quotation runs on into ('"It will not happen. A
        # state will not be set up."' after '"…," the prime minister said').
        self.quoted_in: dict[int, Statement] = {}
        evidence = {}
        for statement in statements:
            if statement.cue_at == -1:
                evidence.setdefault(statement.evidence, statement)
        if evidence:
            for sentence in doc.sents:
                found = evidence.get(sentence.text.strip())
                if found is not None:
                    self.quoted_in[sentence.start_char] = found
            # then the sentences each quotation runs on into, earliest quotation first
            for statement in sorted(evidence.values(), key=lambda s: (s.start, s.end)):
                quoted = doc.char_span(statement.start, statement.end, alignment_mode="expand")
                for sentence in quoted.sents if quoted is not None else ():
                    if statement.start <= sentence.start_char < statement.end:
                        self.quoted_in.setdefault(sentence.start_char, statement)

    def at(self, token: Token) -> Statement | None:
        """The statement whose cue is this token."""
        return self.by_cue_at.get(token.idx)

    def owned(self, noun: Token) -> bool:
        """A stance noun counts when we know whose it is: 'Ruritania's objection',
        'raised the need', not a bare 'rejection' in a background phrase."""
        if any(c.dep_ == "poss" for c in noun.children) or noun.idx in self.by_cue_at:
            return True  # "Ruritania's objection", "X tabled a proposal": someone's
        if self.possessed(noun):
            return True  # "Ruritania has no objection to …"
        if noun.dep_ == "pobj" and noun.head.lower_ in self.stance_prepositions:
            # "in favour of": the stance of whatever it describes
            return True
        # A need belongs to whoever speaks of it ("X and Y talked about the
        # necessity of …"); a plan or an objection belongs to its author, not to
        # those who discuss it.
        found = self.cues.cue_at(noun)
        speakers_own = found is not None and found.entry.holder == "speaker"
        base = noun
        while base.dep_ == "conj" and base.head.i != base.i and base.head.pos_ not in ("VERB", "AUX"):
            base = base.head
        verb = base.head.head if base.dep_ == "pobj" else base.head
        if verb.idx not in self.by_cue_at or verb.pos_ not in ("VERB", "AUX"):
            return False
        if verb.lemma_.lower() in self.mention_only and not speakers_own:
            return False
        if base.dep_ in ("pobj", "dep", "appos", "npadvmod"):
            return speakers_own
        # a noun conjunct hung on the verb ("discussed the front, and the need
        # for guarantees") is one more object; "support for X was voiced by Y" is Y's
        return base.dep_ in ("dobj", "attr", "nsubj", "conj") or (
            base.dep_ == "nsubjpass" and agent_of(verb) is not None)

    def possessed(self, noun: Token) -> bool:
        """'X has no objection to', 'X would have no objection to': the opposing
        stance noun its verb's subject denies having; 'X shares the goal of': any
        stance noun its verb's subject shares."""
        verb = noun.head
        if noun.dep_ == "dobj" and verb.lemma_.lower() in self.sharing and subject_of(verb) is not None:
            return True  # "X shares the goal of …": X's goal too
        if noun.dep_ != "dobj" or verb.lemma_.lower() not in self.possession or subject_of(verb) is None:
            return False
        # Only "no objection": having a veto is not using it, "has no plan" is no stance,
        # and "could not have a veto over …" says what one may have.
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("would", "'d") for c in verb.children)
        found = self.cues.cue_at(noun)
        denied = any(c.dep_ == "det" and c.lower_ in self.denials for c in noun.children)
        return (not modal and denied and not self.cues.negated(verb)
                and found is not None and found.entry.stance == "opposes")

    def denied(self, cue: Token) -> bool:
        """'X had shown no sign Strelsau wanted peace', 'fears that Doe could
        agree to …': a stance under a noun that a 'no' denies, or under a
        noun of fear or guess, is nobody's stance."""
        token = cue
        for _ in range(MAX_HOPS):
            if token.head.i == token.i:
                return False
            previous, token = token, token.head
            if token.idx in self.by_cue_at and token.pos_ != "NOUN":
                return False
            if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in self.denials for c in token.children):
                return True
            if token.pos_ == "NOUN" and token.lemma_.lower() in self.guesses and previous.dep_ in ("acl", "ccomp"):
                return True  # "fears that Doe could agree to a deal": a guess, no one's stance
            if (token.pos_ == "NOUN" and token.lemma_.lower() in self.report_nouns and token.dep_ == "dobj"
                    and token.head.lemma_.lower() in self.denying_verbs):
                return True  # "the palace denied reports that Doe had agreed to a truce"
        return False

    def conditioned(self, verb: Token) -> bool:
        """A clause opened by "if", "once", "unless": as its mark, or as the adverb
        the parser makes of "once" ("once a ceasefire is reached")."""
        return any(c.lower_ in self.conditional for c in clause_openers(verb))

    def backgrounded(self, cue: Token) -> bool:
        """A cue inside a 'despite …' or 'if …' phrase is background, not the stance."""
        if self.conditioned(cue) or self.cues.inverted(cue):
            return True  # "if Ruritania does not sign up to the ceasefire", "should it refuse": a condition
        if cue.dep_ == "pcomp" and cue.head.lower_ in self.absence:
            return True  # "ended the summit without announcing a ceasefire": what was not done
        if self.held_back(cue):
            return True  # "stopped short of endorsing the plan": no word either way
        own_clause = cue.head if cue.dep_ in ("acomp", "attr", "oprd") else cue
        token = cue
        for _ in range(MAX_HOPS):
            if token.idx in self.by_cue_at and token.i not in (cue.i, own_clause.i):
                return False
            if self.cues.is_barrier(token) and (token.i not in (cue.i, own_clause.i) or self.conditioned(token)
                                                 or self.still_to_come(token)):
                # "after the leaders visited Strelsau and demanded a truce": a clause of what
                # happened, told in the past, is no condition: its cue is a stance
                if not self.told_as_fact(token):
                    return True
            if token.head.i == token.i:
                return False
            if token.dep_ in ("conj", "advcl") and token.tag_ == "VBG" and token.head.tag_ in ("VBZ", "VBD", "VBP") \
                    and not any(c.dep_ in ("mark", "nsubj") for c in token.children):
                return False  # "although X is low, and wanting to end the war, I …": the participle is not under "although"
            token = token.head
        return False

    def held_back(self, cue: Token) -> bool:
        """A word of speech or attitude that a withholding cue ("stopped short
        of", lexicon polarity.withholding) says was not said or taken."""
        if cue.dep_ != "pcomp" or not (cue.lemma_.lower() in self.speech or cue.lemma_.lower() in self.attitudes):
            return False
        holder = next((t for t in cue.ancestors if t.pos_ == "VERB"), None)
        return holder is not None and listed_name(holder, self.withholding) is not None

    def told_as_fact(self, clause: Token) -> bool:
        """'after X demanded …', 'although Y had rejected …': a clause of time,
        cause or concession (lexicon polarity.factual_marks) told in the past."""
        return clause.pos_ in ("VERB", "AUX") and narrative(clause) and not self.hypothetical(clause) and self.factual_mark(clause)

    def hypothetical(self, clause: Token) -> bool:
        """A clause under what would happen ("said Strelsau would talk after Ruritania
        agreed to a truce"), or made a condition by "only"."""
        main = clause.head
        return any(c.dep_ == "aux" and c.lower_ in self.predictive for c in main.children) or any(
            c.lower_ == "only" for t in (clause, main) for c in t.children)

    def still_to_come(self, clause: Token) -> bool:
        """'when the war's end is negotiated': a clause of time (lexicon
        polarity.time_marks) not told in the past says when, not what was done."""
        return (clause.pos_ in ("VERB", "AUX") and (not narrative(clause) or self.hypothetical(clause))
                and self.factual_mark(clause, self.time_marks))

    def factual_mark(self, clause: Token, marks: frozenset[str] | None = None) -> bool:
        marks = self.factual_marks if marks is None else marks
        return any(c.lower_ in marks and (c.dep_ == "mark" or clause.dep_ == "advcl") for c in clause_openers(clause))

    def reports_a_report(self, verb: Token) -> bool:
        subject = subject_of(verb)
        if subject is None and verb.dep_ == "acl":
            subject = verb.head  # "a story saying …"
        return subject is not None and subject.lemma_.lower() in self.report_nouns

    def governing(self, token: Token, sentence: Span) -> Statement | None:
        """The statement whose cue governs ``token``, or the quote it sits in."""
        # The cue's own statement ("Freedonia needs more troops") gives way to the one
        # that reports it ("…," the prime minister said).
        own = self.by_cue_at.get(token.idx)
        node = token
        if own is None and token.dep_ in ("acomp", "attr", "oprd") and token.head.idx in self.by_cue_at:
            # "Fredonville is ready to …": the copula's statement is the cue's own
            node = token.head
            own = self.by_cue_at[node.idx]
        if own is None:
            # "Roe's plan calls for a truce": the plan's own statement
            own = next((self.by_cue_at[c.idx] for c in token.children if c.dep_ == "nsubj" and c.idx in self.by_cue_at), None)
        governed = self.reported_by_speech(token, node, own)
        if governed is not False:
            return governed
        quoted = self.quoted_in.get(sentence.start_char)  # a sentence inside a quotation said elsewhere
        if quoted is not None:
            return quoted
        return self.according_to(token, sentence) or self.inserted(token) or own

    def inserted(self, token: Token) -> Statement | None:
        """'The goal, he said, was to end the fighting': a speech verb set into
        the clause it reports (parsed as its parataxis)."""
        for verb in token.sent:
            if (verb.idx in self.by_cue_at and not verb.left_edge.i <= token.i <= verb.right_edge.i
                    and verb.lemma_.lower() in self.speech and (set_off(verb) or _impersonal(verb))):
                return self.by_cue_at[verb.idx]
        return None

    def reported_by_speech(self, token: Token, node: Token, own: Statement | None) -> Statement | None | bool:
        """The speech verb above ``node`` that reports it; False if there is none."""
        crossed = False  # an adverbial or relative clause is not what the outer verb reports
        for _ in range(MAX_HOPS + 4):
            if node.head.i == node.i:
                break
            crossed = crossed or node.dep_ in ("advcl", "relcl", "acl") or self.cues.is_barrier(node) or (
                node.dep_ == "conj" and own is not None and token.lemma_.lower() in self.speech
            )
            # "X said Strelsau was open to talks but would not accept Y": the clause
            # before "but" is a sibling, not what reports this one.
            sibling = node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and node.head.lemma_.lower() not in self.speech
            node = node.head
            if sibling and node.idx in self.by_cue_at:
                continue
            if node.idx in self.by_cue_at and not (node.lemma_.lower() in self.speech and self.reports_a_report(node)):
                outer = self.by_cue_at[node.idx]
                return own if (own is not None and crossed) else outer
            if node.lemma_.lower() in self.speech and self.reports_a_report(node):
                return None  # "a newspaper story saying X plans to propose …": not the article's report of X
        return False

    def reporter(self, statement: Statement) -> Statement | None:
        """The statement of a speech verb that reports another statement: "X
        said Strelsau would continue to support …" reports the continuing, "X
        said Strelsau welcomed the news and was ready to …" the welcoming and
        the readiness; None where a clause boundary comes first."""
        if statement.cue_at < 0:
            return None
        if statement.cue_at not in self._reporters:  # asked again for every stance the statement governs
            self._reporters[statement.cue_at] = self._reporter(statement)
        return self._reporters[statement.cue_at]

    def _reporter(self, statement: Statement) -> Statement | None:
        span = self.doc.char_span(statement.cue_at, statement.cue_at + 1, alignment_mode="expand")
        node = span.root if span is not None else None
        if node is None:
            return None
        for _ in range(MAX_HOPS):
            # (a "to" clause of purpose is said with its verb: "X said Y will send a mission to prepare …")
            purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
            if node.head.i == node.i or (node.dep_ not in ("ccomp", "xcomp", "conj") and not purpose):
                return None
            # "X said Strelsau welcomed the news and was ready to …": a conjunct's
            # head is its sibling, which reports nothing of it
            sibling = node.dep_ == "conj"
            node = node.head
            if not sibling and node.idx in self.by_cue_at and node.lemma_.lower() in self.speech:
                return None if self.reports_a_report(node) else self.by_cue_at[node.idx]
        return None

    def according_to(self, token: Token, sentence: Span) -> Statement | None:
        """'According to X, Y hopes to …': X reports what the clause says."""
        first = bisect.bisect_left(self.reported_at, sentence.start_char)
        for at in self.reported_at[first:]:
            if at >= sentence.end_char:
                break
            clause = self.doc.char_span(at, at + 1, alignment_mode="expand")
            if clause is not None and (clause.root.head == token or clause.root.head in token.ancestors):
                return self.reported[at]
        return None

    def denies(self, verb: Token, rule: str, clause: Token | None = None) -> bool:
        """Whether a speech verb denies what it reports (read by ``rule``, in
        ``clause``): "denied that …"; a negated opinion of a judgement ("did not
        think the plan was realistic") or of the speaker's own side ("we do not
        think we need mediation"), not of what another will do ("does not think
        Doe wants a truce" is a forecast)."""
        lemma = verb.lemma_.lower()
        if lemma in self.denying_verbs:
            return not self.cues.negated(verb)
        if lemma not in self.negated_opinions or not self.cues.negated(verb):
            return False
        return rule in self.judgements or (clause is not None and self.own_wish(clause))

    def own_wish(self, clause: Token) -> bool:
        """'we need mediation', 'we want a truce': the speaker's side's need or
        wish, not what it forecasts ("we will reach a truce")."""
        subject = subject_of(clause)
        return (subject is not None and subject.lower_ in self.first_person and clause.lemma_.lower() in self.wishes
                and not any(c.dep_ == "aux" and c.lower_ in self.predictive for c in clause.children))

    def forecast_by(self, token: Token) -> Statement | None:
        """'X said Doe would seek to … and would never accept …': the statement
        whose speaker forecasts what another will do, if ``token`` is such a
        forecast. A speech verb that vouches ("X insisted that Freedonia would keep
        supplying arms") reports a stance, not a forecast."""
        modal = token
        while not any(c.dep_ == "aux" and c.lower_ in self.predictive for c in modal.children):
            if modal.dep_ != "conj" or modal.head.i == modal.i:
                return None
            modal = modal.head
        for node in modal.ancestors:
            if node.idx in self.by_cue_at and node.lemma_.lower() in self.speech:
                return None if node.lemma_.lower() in self.emphatic else self.by_cue_at[node.idx]
        return None


def _impersonal(verb: Token) -> bool:
    """'It was announced by X that …', which the parser may hang under the
    clause it reports."""
    return any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children) and any(c.dep_ == "agent" for c in verb.children)

