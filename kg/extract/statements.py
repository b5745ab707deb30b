"""Attributed statements: who said, told, warned, agreed or rejected what.

A statement is anchored on a cue word: a speech verb ("said", "warned") or a
stance verb ("agreed", "ruled out") whose grammatical subject is an actor. Its
quote is the exact text of what was said: the words inside quotation marks
when the sentence quotes, otherwise the reported clause. A sentence that lies
wholly inside a quotation attributed in a neighbouring sentence is a statement
of that quotation's speaker.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract import labels
from kg.extract.actors import ArticleActors
from kg.extract.documents import Documents
from kg.extract.knowledge import Knowledge
from kg.extract.quotations import Quotation, overlapping, quotations
from kg.extract.unattributed import unattributed_quotes
from kg.extract.syntax import (
    SUBJECT_DEPS, agent_of, clause_around, cue_name, idiom, inverted_condition, is_first_person, leads_sentence,
    listed_name, narrative, only_condition, passive_content, purpose_clause, set_off, subject_before, subject_of,
)
from kg.model import Statement

CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "prep", "dative", "obj", "advcl")
FINITE = ("VBD", "VBZ", "VBP")  # a verb with a tense of its own: a clause someone is the subject of


@dataclass
class StatementFinder:
    doc: Doc
    actors: ArticleActors
    knowledge: Knowledge
    article_id: str

    def __post_init__(self) -> None:
        self.speech = self.knowledge.words("speech", "verbs")
        self.stance_lemmas = self.knowledge.stance_lemmas
        self.stance_nouns = self.knowledge.stance_nouns
        self.stance_adjectives = self.knowledge.stance_adjectives
        self.first_person = self.knowledge.words("actors", "first_person")
        self.conditional_marks = self.knowledge.words("polarity", "conditional_marks")
        self.restrictive_marks = self.knowledge.words("polarity", "restrictive_conditions")
        self.object_cues = self.knowledge.words("polarity", "object_cues")
        self.reversal = self.knowledge.words("polarity", "reversal")
        self.meeting_verbs = frozenset(v for verbs in self.knowledge.lexicon["meetings"]["verbs"].values() for v in verbs)
        self.inverted_conditions = self.knowledge.words("polarity", "inverted_conditions")
        self.according_words = frozenset(w.split()[0] for w in self.knowledge.words("speech", "according"))
        self.documents = self.knowledge.words("actors", "document_nouns")
        self.owner_prepositions = self.knowledge.words("polarity", "owner_prepositions")
        self.made_nouns = self.knowledge.words("polarity", "made_nouns")
        self.preposition_verbs, self.sharing, self.making = (
            self.knowledge.words("polarity", k) for k in ("preposition_verbs", "sharing_verbs", "making_verbs"))
        self.document_pronouns = self.knowledge.words("actors", "document_pronouns")
        # Who the last document spoke for ("X and Y said in a joint statement"),
        # and the token where a document last spoke, for "the statement added".
        self.document_speakers: tuple[str, ...] = ()
        self.document_spoke_at = -10**9
        self.authorship = Documents(self.doc, self.actors, self.knowledge)
        # spaCy rebuilds Doc.text from the tokens on every access.
        self.text = self.doc.text
        self.quotes = quotations(self.text, self.knowledge)
        # Sorted by start: a sentence finds its quotations, a quotation its
        # sentences, by bisection, so that the cost per word stays flat however
        # long the article.
        self.quote_spans = [(q.start, q.end) for q in self.quotes]
        self.quote_reach = list(itertools.accumulate((q.end for q in self.quotes), max))
        self.sentences = list(self.doc.sents)
        self.sentence_spans = [(s.start_char, s.end_char) for s in self.sentences]
        self.sentence_reach = [end for _, end in self.sentence_spans]

    def quotes_between(self, start: int, end: int) -> list[Quotation]:
        """The quotations that overlap the characters [start, end)."""
        return [self.quotes[i] for i in overlapping(self.quote_spans, self.quote_reach, start, end)]

    def sentences_between(self, start: int, end: int) -> list[Span]:
        """The sentences that overlap the characters [start, end)."""
        return [self.sentences[i] for i in overlapping(self.sentence_spans, self.sentence_reach, start, end)]

    def is_cue(self, token: Token) -> bool:
        if token.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        if lemma in self.speech or listed_name(token, self.stance_lemmas) or idiom(token, self.stance_lemmas):
            return True
        if listed_name(token, self.object_cues) and any(c.dep_ in ("dobj", "agent") for c in token.children):
            return True  # "Y confirmed the deal", "a truce was proclaimed by Y": doing it, which says it
        if self.act(token):
            return True  # "Ruritania and Freedonia swapped 390 prisoners": doing what a topic names
        # "Ruritania was open to …", "made the truce conditional on …", "Hungary is against new
        # sanctions", "Turkey shares the goal of a truce": a predicate that carries the stance.
        words = {"acomp": self.stance_adjectives, "oprd": self.stance_adjectives, "attr": self.stance_nouns}
        if lemma in self.preposition_verbs or lemma in self.sharing or lemma in self.making:
            words |= {"prep": self.stance_adjectives} if lemma in self.preposition_verbs else {"dobj": self.stance_nouns}
        return any(c.dep_ in words and (c.lemma_.lower() in words[c.dep_] or c.lower_ in words[c.dep_]) for c in token.children)

    def act(self, verb: Token) -> bool:
        """Whether the verb does, in a main clause, what a topic label names,
        with an actor as its subject."""
        index, lemma = self.knowledge.label_index, verb.lemma_.lower()
        undoing = lemma in self.reversal  # "Ruritania suspended the prisoner exchange"
        # Not in a reported clause ("X said Ruritania released them" is X's), not a meeting ("X met Y")
        if index is None or (lemma not in index.acts and not undoing) or lemma in self.meeting_verbs or verb.dep_ not in ("ROOT", "conj"):
            return False
        if verb.tag_ not in FINITE and not any(c.dep_ == "aux" for c in verb.children):
            return False
        subject = subject_of(verb)
        if subject is None or not self.actors.of_token(subject):
            return False
        return labels.names_act(verb, index, self.actors.named_at) or (undoing and labels.names_object(verb, index, self.actors.named_at))

    def speakers(self, verb: Token) -> tuple[tuple[str, ...], bool]:
        """Who the subject of ``verb`` is, and whether it took resolving a pronoun."""
        agent = agent_of(verb)
        if agent is not None:
            by = self.actors.of_token(agent)
            if by:
                return tuple(by), agent.pos_ == "PRON"
        subject = self.parsed_subject(verb)
        if subject is None:
            # A finite verb with no subject may follow its speakers as a list
            # the parser missed ("…, A and B agreed to …"); a relative clause's may not.
            relative = any(c.lower_ in self.knowledge.words("actors", "relative_pronouns") for c in verb.children)
            if verb.dep_ in ("ROOT", "conj", "ccomp", "relcl") and verb.tag_ in FINITE and not relative:
                return tuple(self.actors.left_of(verb)), False
            return (), False
        return self.speakers_of_subject(verb, subject)

    def parsed_subject(self, verb: Token) -> Token | None:
        """The subject the parser gave ``verb``, mended where it is known to go wrong."""
        subject = self.speech_hung_low(verb) or subject_of(verb)
        if ((subject is None or (subject.i > verb.i and not self.actors.of_token(subject)))
                and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj")
                and not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "mark" for c in verb.children)):
            # "X had responded to the plan, agreeing to …, while saying Y should
            # be settled": the parser hangs the participle on the last clause;
            # it is the clause before it whose subject acts.
            subject = subject_before(verb) or subject
        if subject is not None and subject.dep_ == "csubj" and subject.pos_ == "VERB":
            return None  # "Speaking in Tirana, X called for …" misread as a clausal subject
        if (subject is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep"
                and verb.head.lower_ in self.knowledge.words("speech", "reporting_prepositions")
                and verb.head.head.pos_ in ("VERB", "AUX")):
            subject = subject_of(verb.head.head)  # "X was quoted as saying …", "X left after saying …"
        return subject

    def speech_hung_low(self, verb: Token) -> Token | None:
        """The speaker of a speech verb the parser hung under what was said."""
        head = verb.head
        if (verb.lemma_.lower() not in self.speech or head.dep_ != "ccomp" or head.head.lemma_.lower() not in self.speech
                or any(c.dep_ in SUBJECT_DEPS for c in verb.children) or head.head.i > verb.i):
            # Not where the speech verb comes last: in "X spoke to Y and urged a
            # truce, the ministry said" X urged, and the ministry reports it.
            return None
        # "X said A had happened, and insisted that B"; "X indicated that Syldavia
        # would not send troops, suggesting that …": the parser hangs the second
        # verb under A; its speaker is X.
        if verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
            return subject_of(head.head)
        return None

    def speakers_of_subject(self, verb: Token, subject: Token) -> tuple[tuple[str, ...], bool]:
        """The speakers a subject stands for: nobody for 'we', a document's
        authors, the actors it names or refers to, or the names before the verb
        where the parser took the subject from elsewhere."""
        if is_first_person(subject, self.first_person):
            return (), False
        if subject.lemma_.lower() in self.documents or subject.lower_ in self.documents:
            return self.document_authors(subject), False
        if subject.lower_ in self.document_pronouns:
            recent = subject.i - self.document_spoke_at < 80
            if (recent and self.document_speakers) or not leads_sentence(subject, verb):
                return (self.document_speakers if recent else ()), False
            # otherwise a document of the sentence before, or the body it was about:
            # "The council condemned A. It demanded B.", "Y issued a statement. “B,” it said."
            authors = self.document_before(subject)
            if authors:
                return authors, False
        subject = self.actors.past_dateline(subject)
        if subject is None:
            return tuple(self.actors.left_of(verb)), False  # the parser took the dateline for the subject
        found = self.actors.of_token(subject) or self.named_in_apposition(subject)
        if not found and subject.pos_ != "PRON" and subject.i < verb.i - 1 and verb.tag_ in FINITE:
            # A subject the parser took from elsewhere ("Around the time of X's
            # trip, Defense Secretary Y, in his remarks, labeled …"): the name
            # right before the verb, if there is one.
            return tuple(self.actors.left_of(verb)), False
        return tuple(found), subject.pos_ == "PRON"

    def named_in_apposition(self, subject: Token) -> list[str]:
        """'The head of the alliance, Jane Roe, said': the person the subject's phrase
        names in apposition, wherever the parser hung it; not one named in a
        clause on the subject ("The agreement, signed in the presence of the
        secretary, Jane Roe, commits …")."""
        clauses = {t.i for c in subject.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
        for token in reversed(list(subject.subtree)):
            if token.i in clauses:
                continue
            iri = self.actors.by_token.get(token.i)
            if token.dep_ == "appos" and iri and self.actors.actors[iri].kind == "Person":
                return [iri]
        return []

    def document_authors(self, noun: Token) -> tuple[str, ...]:
        """'the palace's statement', 'a statement from Fredonville', a document
        issued before, 'the joint statement' (whoever last spoke in one, or the
        group named last)."""
        owners, settled = self.authorship.owners(noun)
        if settled:
            return self.authorship.as_named_again(noun, owners)
        issuers = self.authorship.issuers_of(noun)
        if issuers:
            return issuers
        if self.document_speakers:
            return self.document_speakers
        if any(c.lower_ == "joint" for c in noun.children):
            # Signatories are mostly people; a group of states if no people were named together.
            return tuple(self.actors.last_group_before(noun, persons=True, size=None, within=6)
                         or self.actors.last_group_before(noun, persons=None, size=None, within=6))
        return ()

    def document_before(self, pronoun: Token) -> tuple[str, ...]:
        """'Y adopted a resolution. It demanded B.': the authors of a document the sentence before (past a lone
        closing quotation mark) issued, or that spoke there; not one it mentions ("Y rejected the bloc's statement. It …")."""
        position = bisect.bisect_right(self.actors.sentence_starts(), pronoun.i) - 1
        while position >= 1 and not any(t.is_alpha for t in self.sentences[position - 1]):
            position -= 1
        if position < 1:
            return ()
        before = self.sentences[position - 1]
        spoke = [t for t in before if t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and t.lemma_.lower() in self.documents]
        return self.authorship.issued_in(before) or next((found for t in spoke if (found := self.document_authors(t))), ())

    def remember_document(self, verb: Token, speakers: tuple[str, ...]) -> None:
        """'X and Y said in a joint statement': later 'the statement added' is theirs."""
        subject = subject_of(verb)
        if subject is not None and (subject.lemma_.lower() in self.documents or subject.lower_ in self.document_pronouns):
            self.document_spoke_at = verb.i
            if not self.document_speakers:
                self.document_speakers = speakers
            return
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in self.knowledge.words("actors", "document_prepositions"):
                for grand in child.children:
                    if grand.dep_ == "pobj" and grand.lemma_.lower() in self.documents:
                        self.document_speakers = speakers
                        self.document_spoke_at = verb.i

    def quote_in(self, sentence: Span, verb: Token) -> Quotation | None:
        near = self.quotes_between(sentence.start_char, sentence.end_char + 1)
        inside = [q for q in near if sentence.start_char <= q.start and q.end <= sentence.end_char + 1]
        # A quotation may run past the sentence end ("… peace,” the president posted).
        touching = inside or [q for q in near if q.start < sentence.end_char and q.end > sentence.start_char]
        if not touching:
            return None
        return min(touching, key=lambda q: min(abs(q.start - verb.idx), abs(q.end - verb.idx)))

    def content(self, verb: Token) -> tuple[int, int] | None:
        # What was said follows the verb, except a quote that comes first
        # ("“…,” she said"): a ccomp on the left.
        parts = [c for c in verb.children if c.dep_ in CONTENT_DEPS and (c.i > verb.i or c.dep_ == "ccomp")]
        # "stopped short of giving …": the adverb that makes the cue with its verb holds what it is about
        parts += [c for c in verb.children if c.dep_ == "advmod" and c.i == verb.i + 1
                  and listed_name(verb, self.stance_lemmas) == f"{verb.lemma_.lower()}_{c.lower_}"]
        if any(c.dep_ == "dobj" for c in parts):
            # "discussed the front, and the need for guarantees", the parser hanging
            # the second object on the verb: a noun conjunct is an object too
            parts += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "NOUN" and c.i > verb.i]
        tokens = [t for part in parts for t in part.subtree] or self.unparted_content(verb)
        if not tokens:
            return None
        first, last = min(t.i for t in tokens), max(t.i for t in tokens)
        span = self.doc[first : last + 1]
        marks = " ,.;:“”\"‘’'"
        start, end = self.trimmed(span.start_char, span.end_char, leading=marks, trailing=marks)
        return (start, end) if end > start else None

    def unparted_content(self, verb: Token) -> list[Token]:
        """What a verb with no object or clause of its own says."""
        if verb.lemma_.lower() in self.speech and set_off(verb):
            return clause_around(verb)  # "The goal, he said, was to end the fighting"
        if verb.dep_ == "relcl" or (verb.dep_ == "conj" and verb.head.dep_ == "relcl" and any(c.tag_ == "WDT" for c in verb.children)):
            return list(verb.subtree)  # "…, which Fredonville had long insisted on" (", and which …"): the clause itself
        return passive_content(verb) if agent_of(verb) is not None else []

    def statement(self, sentence: Span, verb: Token) -> Statement | None:
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not purpose_clause(verb):
            return None  # "for the alliance to refuse …": not something anyone did or said
        if any(c.dep_ == "mark" and c.lower_ in self.conditional_marks for c in verb.children) or inverted_condition(verb, self.inverted_conditions) \
                or (only_condition(verb, self.restrictive_marks) and not narrative(verb.head)):
            return None  # "unless Strelsau agrees to a truce", "should it be signed by Y": a condition, not Y speaking
        speakers, via_pronoun = self.speakers(verb)
        if not speakers:
            return None
        if verb.lemma_.lower() in self.speech:
            self.remember_document(verb, speakers)
        quote = self.quote_in(sentence, verb)
        found = self.content(verb)
        if quote is not None and found is not None and not (quote.start < found[1] and found[0] < quote.end):
            quote = None  # a title in quotation marks elsewhere in the sentence, not what was said
        if quote is not None and self.quoted_by_another(verb, quote):
            quote = None  # "A provides for B, Y said, calling on Z 'to …'": the quotation is the call's
        if quote is not None:
            start, end, direct = quote.start, quote.end, True
        else:
            if found is None:
                return None
            (start, end), direct = found, False
        confidence = self.knowledge.confidence("direct_quote") if direct else self.knowledge.confidence("reported_speech")
        if via_pronoun:
            confidence -= self.knowledge.confidence("pronoun_speaker_discount")
        return Statement(
            article=self.article_id,
            speakers=speakers,
            cue=cue_name(verb).replace("_", " "),
            start=start,
            end=end,
            quote=self.text[start:end],
            evidence=sentence.text.strip(),
            direct=direct,
            confidence=round(confidence, 2),
            cue_at=verb.idx,
        )

    def quoted_by_another(self, verb: Token, quote: Quotation) -> bool:
        """Whether a quotation after the verb lies in the clause of another cue
        hung on it, while the verb says a clause of its own before it."""
        if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
            return False
        return any(c.i > verb.i and c.dep_ in ("advcl", "conj") and self.is_cue(c)
                   and c.idx < quote.start and quote.end <= self.doc[c.right_edge.i].idx + len(c.right_edge) + 1 for c in verb.children)

    def owned_stance(self, sentence: Span, noun: Token) -> Statement | None:
        """'Ruritania's objection to …', 'the administration's hope for …': the owner holds it."""
        owners = self.owners(noun)
        speakers = tuple(self.actors.of_token(owners[0])) if owners else ()
        if not speakers and self.made_by_subject(noun):
            # "X sent Strelsau a proposal for …", "X tabled a plan": the one who made it.
            speakers, _ = self.speakers(noun.head)
        if not speakers:
            return None
        return self.reported_statement(sentence, self.doc[noun.left_edge.i : noun.right_edge.i + 1], speakers,
                                       noun.lemma_.lower(), self.knowledge.confidence("stance_noun_speech"), noun)

    def owners(self, noun: Token) -> list[Token]:
        """Who a stance noun belongs to: "Ruritania's objection", "support
        from Freedonia and Syldavia", "the backing of Paris"."""
        owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ in self.owner_prepositions
                   for g in c.children if g.dep_ == "pobj" and self.actors.of_token(g)]
        if noun.dep_ == "appos" and self.actors.of_token(noun.head):
            owners.append(noun.head)  # "John Doe, a vocal critic of military aid, …"
        if noun.dep_ == "dobj":
            # "the truce has gained support from Freedonia": the parser hangs "from" on the verb
            owners += [g for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "from"
                       for g in c.children if g.dep_ == "pobj" and self.actors.of_token(g)]
        return owners

    def made_by_subject(self, noun: Token) -> bool:
        """Whether a stance noun is a thing its verb's subject made ("sent a
        proposal", "tabled a plan"), as opposed to one it speaks of."""
        verb = noun.head
        return (noun.dep_ == "dobj" and verb.pos_ == "VERB" and not self.is_cue(verb)
                and noun.lemma_.lower() in self.made_nouns and not any(c.dep_ == "neg" for c in verb.children))

    def according(self, sentence: Span, token: Token) -> Statement | None:
        """'According to X, <clause>': X said the clause it hangs from."""
        if token.lower_ not in self.according_words or token.dep_ != "prep":
            return None
        speakers = self.according_speakers(token)
        if not speakers:
            return None
        clause = token.head
        inside = {t.i for t in token.subtree}
        words = [t for t in clause.subtree if t.i not in inside and not t.is_punct and not t.is_space]
        if not words:
            return None
        return self.reported_statement(sentence, self.doc[words[0].i : words[-1].i + 1],
                                       tuple(dict.fromkeys(speakers)), "according to", self.knowledge.confidence("according_to"), token)

    def according_speakers(self, token: Token) -> list[str]:
        """The X of 'according to X', or whoever issued it: "according to a
        statement from the palace", "… by X's office"."""
        objects = [g for c in token.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        objects += [c for c in token.children if c.dep_ == "pobj"]
        speakers: list[str] = []
        for obj in objects:
            if obj.lemma_.lower() in self.documents:
                # "according to the joint statement": its authors, and later "the statement said" is theirs
                authors = self.document_authors(obj)
                if authors and not self.document_speakers:
                    self.document_speakers, self.document_spoke_at = authors, obj.i
                speakers += authors
                continue
            speakers += self.actors.of_token(obj)
            for grand in obj.subtree:
                if not speakers and grand.dep_ in ("pobj", "poss") and grand.i != obj.i:
                    speakers += self.actors.of_token(grand)
        return speakers

    def reported_statement(self, sentence: Span, span: Span, speakers: tuple[str, ...], cue: str,
                           confidence: float, cue_token: Token) -> Statement:
        """A statement in other words than the speaker's: its quote is the span it covers."""
        return Statement(
            article=self.article_id,
            speakers=speakers,
            cue=cue,
            start=span.start_char,
            end=span.end_char,
            quote=span.text,
            evidence=sentence.text.strip(),
            direct=False,
            confidence=confidence,
            cue_at=cue_token.idx,
        )

    def find(self) -> list[Statement]:
        found: list[Statement] = []
        attributed: dict[Quotation, Statement] = {}
        for sentence in self.sentences:
            for token in sentence:
                statement = self.statement_at(sentence, token)
                if statement is None:
                    continue
                found.append(statement)
                if statement.direct:
                    for q in self.quotes:
                        if q.start == statement.start:
                            attributed[q] = statement
        found += self.rest_of_quotations(attributed, found)
        found += unattributed_quotes(self, found)
        return sorted(found, key=lambda s: (s.start, s.end, s.cue_at))

    def statement_at(self, sentence: Span, token: Token) -> Statement | None:
        """The statement ``token`` anchors: 'according to', a stance noun with an owner, or a cue verb."""
        reported = self.according(sentence, token)
        if reported is not None:
            return reported
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.stance_nouns:
            return self.owned_stance(sentence, token)
        if not self.is_cue(token):
            return None
        return self.statement(sentence, token)

    def rest_of_quotations(self, attributed: dict[Quotation, Statement], found: list[Statement]) -> list[Statement]:
        """Sentences inside an attributed quotation that have no speaker of their own."""
        added: list[Statement] = []
        covered = {(s.evidence, s.start) for s in found}
        cues = sorted(s.cue_at for s in found)
        for quote, owner in attributed.items():
            for sentence in self.sentences_between(quote.start - 1, quote.end + 2):
                inside = quote.start <= sentence.start_char + 1 and sentence.end_char <= quote.end + 2
                if not inside or self.has_cue(cues, sentence):
                    continue
                start, end = self.trimmed(max(sentence.start_char, quote.start), min(sentence.end_char, quote.end),
                                          leading=" “”\"‘’'", trailing=" ,“”\"‘’'")
                if end <= start or (sentence.text.strip(), start) in covered:
                    continue
                added.append(
                    Statement(
                        article=self.article_id,
                        speakers=owner.speakers,
                        cue=owner.cue,
                        start=start,
                        end=end,
                        quote=self.text[start:end],
                        evidence=sentence.text.strip(),
                        direct=True,
                        confidence=round(owner.confidence - self.knowledge.confidence("quoted_sentence_discount"), 2),
                        cue_at=-1,
                    )
                )
        return added

    def trimmed(self, start: int, end: int, leading: str, trailing: str) -> tuple[int, int]:
        """[start, end) without the spaces, punctuation and quotation marks at its ends."""
        text = self.text
        while end > start and text[end - 1] in trailing:
            end -= 1
        while start < end and text[start] in leading:
            start += 1
        return start, end

    @staticmethod
    def has_cue(cues: list[int], sentence: Span) -> bool:
        """Whether a statement's cue (sorted offsets) lies in the sentence."""
        i = bisect.bisect_left(cues, sentence.start_char)
        return i < len(cues) and cues[i] < sentence.end_char


def find_statements(doc: Doc, actors: ArticleActors, knowledge: Knowledge, article_id: str) -> list[Statement]:
    return StatementFinder(doc, actors, knowledge, article_id).find()
