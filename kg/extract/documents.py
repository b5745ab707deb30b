"""Whose a document is: "the palace's statement", "a letter from X", "the
text, signed by X and Y", or whoever issued it before ("the council adopted a
resolution … the resolution demanded", "Y handed over a memorandum … the
document calls for").

In: a parsed article and its actors. Out: the authors of a document noun,
for the statements it makes (kg.extract.statements).
"""

from __future__ import annotations

import bisect

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.syntax import agent_of, cue_name, subject_of

# How many sentences back "the document" or "the text" may name a document issued
# before under another word ("Y handed over a memorandum … the document").
GENERIC_REACH = 3


class Documents:
    def __init__(self, doc: Doc, actors: ArticleActors, knowledge: Knowledge) -> None:
        self.doc = doc
        self.actors = actors
        self.nouns = knowledge.words("actors", "document_nouns")
        self.generic = knowledge.words("actors", "generic_documents")
        self.issuing = knowledge.words("actors", "issuing_verbs")
        self.publishing = knowledge.words("actors", "publishing_verbs")
        self.owner_prepositions = knowledge.words("actors", "document_owner_prepositions")
        self.speaking_prepositions = knowledge.words("actors", "document_prepositions")
        self.partial = knowledge.words("actors", "partial_list_prepositions")
        self.not_done = knowledge.words("polarity", "negations") | knowledge.words("meetings", "planned")
        self.issued = self._issued()

    def owners(self, noun: Token) -> tuple[tuple[str, ...], bool]:
        """Who the noun's own words say it is of, and whether they settle it:
        "the text of the agreement" names no one, and is that agreement's."""
        for child in noun.children:
            # Only what says whose it is, not what a clause or phrase on it names
            # ("a statement that announced sanctions on Y", "signed in the presence of Z").
            if child.dep_ == "acl" and self.issues(child):
                owners = [agent_of(child)]  # "the text, signed by X and Y"
            elif child.dep_ == "amod" and child.i < noun.i and self.issues(child):
                owners = [g for g in child.children if g.i < child.i]  # "the Ruritanian-drafted resolution"
            elif child.dep_ in ("poss", "compound", "nmod"):
                owners = [child]  # "the palace's statement"
            elif child.dep_ == "prep" and child.lower_ in self.owner_prepositions:
                owners = [g for g in child.children if g.dep_ == "pobj"]  # "a statement from Fredonville"
            else:
                continue
            found = [iri for owner in owners if owner is not None for iri in self.actors.of_token(owner)]
            if found:
                return tuple(dict.fromkeys(found)), True
            if child.dep_ == "prep":
                return (), True
        return (), False

    def partly_signed(self, noun: Token) -> bool:
        """'X and Y issued a joint statement … said the statement, signed among
        others by Z and W': a document named again with some of its signatories,
        whose issuers hold it too."""
        return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and any(
            c.dep_ == "acl" and any(g.dep_ == "prep" and g.lower_ in self.partial for g in c.children) for c in noun.children)

    def named_again(self, noun: Token) -> bool:
        """'X, Y and Z said in a joint statement … The statement, released by
        W, …': a document named again with who only put it out, which is still
        the one its issuers issued."""
        return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) and any(
            c.dep_ == "acl" and c.lemma_.lower() in self.publishing and c.i > 0 and c.nbor(-1).text == ","
            for c in noun.children)

    def as_named_again(self, noun: Token, owners: tuple[str, ...]) -> tuple[str, ...]:
        """The authors of a document whose own words name ``owners``: with its
        issuers if it is signed "among others" by them, its issuers alone if it
        is one named again with who put it out."""
        if owners and self.partly_signed(noun):
            return tuple(dict.fromkeys([*self.issuers_of(noun, earlier=True), *owners]))
        return self._still_theirs(noun, owners, self.issuers_of(noun, earlier=True))

    def _still_theirs(self, noun: Token, owners: tuple[str, ...], earlier: tuple[str, ...]) -> tuple[str, ...]:
        """``earlier`` where the noun names their document again, published by their
        side or a body of no known side; not where another side put it out
        ("The statement, released by Strelsau, rejected …"): ``owners``."""
        if not owners or not earlier or not self.named_again(noun):
            return owners
        sides = {self.actors.side(a) for a in earlier}
        ours = all(self.actors.side(o) in sides or (self.actors.side(o) == o and self.actors.actors[o].kind == "Organization")
                   for o in owners)
        return earlier if ours else owners

    def issuers_of(self, noun: Token, earlier: bool = False) -> tuple[str, ...]:
        """Who issued the document a noun names again: the last one of its kind
        issued before it ("adopted a resolution … the resolution"), or any, a
        few sentences back ("handed over a memorandum … the document"); with
        ``earlier``, one issued before the noun itself."""
        lemma = noun.lemma_.lower()
        starts = self.actors.sentence_starts()
        here = bisect.bisect_right(starts, noun.i)
        for at, kind, authors in reversed(self.issued):
            if at > noun.i or (earlier and at == noun.i):
                continue
            if kind == lemma or (lemma in self.generic and here - bisect.bisect_right(starts, at) <= GENERIC_REACH):
                return authors
        return ()

    def issued_in(self, span: Span) -> tuple[str, ...]:
        """The authors of the last document issued in a span by whoever the span is
        about: "Y adopted a resolution. It demanded B."; not one it only mentions
        ("X criticised a statement issued by Y. It said …" is X speaking)."""
        found = [authors for at, _, authors in self.issued if span.start <= at < span.end and self._put_out(self.doc[at])]
        return found[-1] if found else ()

    def _put_out(self, noun: Token) -> bool:
        """Whether a document noun is what its clause's subject issued or said, or the subject itself."""
        return (noun.head.pos_ == "VERB" and self.issues(noun.head)) or bool(self.spoken_in(noun)) or (
            noun.dep_ in ("nsubj", "nsubjpass") and noun.head.dep_ == "ROOT")

    def issues(self, verb: Token) -> bool:
        return verb.lemma_.lower() in self.issuing or cue_name(verb) in self.issuing

    def spoken_in(self, noun: Token) -> tuple[str, ...]:
        """'X and Y said in a joint statement': the ones who spoke in it."""
        verb = noun.head.head
        if noun.dep_ != "pobj" or noun.head.lower_ not in self.speaking_prepositions or verb.pos_ != "VERB":
            return ()
        doer = subject_of(verb)
        return tuple(self.actors.of_token(doer)) if doer is not None else ()

    def _issued(self) -> list[tuple[int, str, tuple[str, ...]]]:
        """Each document someone issues, in text order, with its authors:
        "the council adopted a resolution", "Y handed over a memorandum", "a
        text drafted by Z", "Doe's letter"."""
        found = []
        # Only the document nouns' tokens are made: a Token for every word of a long article costs.
        strings = self.doc.vocab.strings
        wanted = numpy.array([strings.add(w) for noun in self.nouns for w in (noun, noun.capitalize())], dtype=numpy.uint64)
        lemmas = self.doc.to_array([LEMMA]).reshape(-1)
        for i in numpy.flatnonzero(numpy.isin(lemmas, wanted)):
            token = self.doc[int(i)]
            if token.dep_ not in ("dobj", "nsubjpass") or token.head.pos_ != "VERB" or not self.issues(token.head):
                # "Doe's letter", "a statement from Strelsau": its owner issued it;
                # "X and Y said in a joint statement": they did
                owners = self.owners(token)[0] or self.spoken_in(token)
                before = [authors for _, kind, authors in found if kind == token.lemma_.lower()]
                if before and not self.partly_signed(token):
                    owners = self._still_theirs(token, owners, before[-1])
                if owners:
                    found.append((token.i, token.lemma_.lower(), owners))
                continue
            verb = token.head
            doer = agent_of(verb) if token.dep_ == "nsubjpass" else subject_of(verb)
            # Done, not "did not sign the text", "refused / declined / has yet / wants to sign it"
            done = verb.dep_ != "xcomp" and not any(c.dep_ in ("neg", "aux") and c.lower_ in self.not_done for c in verb.children)
            authors = tuple(self.actors.of_token(doer)) if doer is not None and done else ()
            if authors:
                found.append((token.i, token.lemma_.lower(), authors))
        return found
