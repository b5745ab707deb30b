"""Which tokens are stance cues, and the clause-level facts every rule asks about
them: negated, conditional, a question, an alternative set aside.

In: a token of the parse. Out: a Cue (the lexicon entry, the word, the rule
that found it) or a yes/no. Knows only the lexicon, nothing of the article.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.knowledge import Knowledge, StanceCue
from kg.extract.cue_patterns import Match
from kg.extract.positions.stance import Cue
from kg.extract.syntax import clause_openers, cue_name, idiom, inverted_condition, listed_name, negated


class Cues:
    def __init__(self, knowledge: Knowledge, shapes: dict[int, list[Match]] | None = None) -> None:
        lex = knowledge
        self.knowledge = knowledge
        self.shapes = shapes or {}  # anchor token -> local shapes matched there (kg.extract.cue_patterns)
        self.entries: list[StanceCue] = knowledge.stance_cues
        self.non_cues = lex.words("polarity", "phrasal_non_cues")
        self.prepositional_non_cues = lex.words("polarity", "prepositional_non_cues")
        self.negations = lex.words("polarity", "negations")
        self.barriers = lex.words("polarity", "barriers")
        self.role_prepositions = lex.words("polarity", "role_prepositions")
        self.inverted_conditions = lex.words("polarity", "inverted_conditions")
        self.speech = lex.words("speech", "verbs")
        self.alternative_markers = lex.words("polarity", "alternative_markers")
        self.alternative_prepositions = lex.words("polarity", "alternative_prepositions")
        self.preference_verbs = lex.words("polarity", "preference_verbs")
        self.preference_prepositions = lex.words("polarity", "preference_prepositions")
        self.clause_negations = lex.words("polarity", "clause_negations")
        self.denial_verbs = lex.words("speech", "denials")
        self.modal = next((c for c in self.entries if c.modals), None)
        self.support = next(c for c in self.entries if c.stance == "supports")
        self.object_cues = lex.words("polarity", "object_cues")
        self.modal_heads = frozenset(w.lower() for w in (self.modal.modal_heads if self.modal else ()))
        self.phrasal = frozenset(name for cue in self.entries for name in cue.lemmas if "_" in name)
        self.preposition_verbs = lex.words("polarity", "preposition_verbs")
        self.hortatives = lex.words("polarity", "hortatives")
        self.conversation_marks = lex.words("polarity", "conversation_marks")
        self.meeting_nouns = knowledge.group_words("meetings", "nouns")
        self.side_pronouns = lex.words("actors", "side_pronouns")

    def cue_at(self, token: Token) -> Cue | None:
        """The stance cue this token is, if any."""
        name = self.name_of(token)
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and self.modal:
            # "Ruritania must agree to a ceasefire": whoever says so demands it;
            # "must reject" stays a rejection.
            modal = self.modal_of(token)
            if modal is not None:
                lexical = self.lexical(token, name, lemma)
                if lexical and lexical.entry.stance == "opposes":
                    return lexical
                return Cue(self.modal, modal, "modal-demand")
        if lemma in self.hortatives and token.pos_ == "VERB" and any(
                c.dep_ in ("ccomp", "xcomp") and any(g.dep_ == "nsubj" and g.lemma_.lower() in self.side_pronouns for g in c.children)
                for c in token.children):
            return Cue(self.support, f"{token.lower_} us", "hortative")  # "let's put pressure on Ruritania": the speaker proposes it
        return self.lexical(token, name, lemma)

    def object_cue(self, token: Token) -> Cue | None:
        """A verb of polarity.object_cues read as supporting what it takes: "Ruritania confirmed the deal"."""
        word = listed_name(token, self.object_cues)
        return Cue(self.support, word.replace("_", " "), "object-cue") if word else None

    def qualifier_denied(self, verb: Token, found: Cue) -> bool:
        """Whether a denied predicate noun has a qualifier that is no cue of its
        own, which the denial is about: "it was not a final offer"."""
        if found.rule != "predicate-noun":
            return False
        nouns = [c for c in verb.children if c.dep_ in ("attr", "oprd") and c.lemma_.lower() == found.word]
        return any(a.dep_ == "amod" and self.cue_at(a) is None for n in nouns for a in n.children)

    def conversation(self, noun: Token) -> bool:
        """Whether a noun that is also a meeting's ("call") names one here: "a
        call with Roe", "a phone call" (lexicon polarity.conversation_marks)."""
        return noun.lower_ in self.meeting_nouns and any(
            c.lower_ in self.conversation_marks and c.dep_ in ("prep", "compound") for c in noun.children)

    def name_of(self, token: Token) -> str:
        """The cue's lemma with its particle; a particle the parser took for an
        adverb counts where the lexicon has the pair ("brushed aside")."""
        name = idiom(token, self.phrasal) or cue_name(token)
        if "_" in name:
            return name
        for child in token.children:
            if child.dep_ == "advmod" and child.i == token.i + 1:
                pair = f"{name}_{child.lower_}"
                if pair in self.phrasal:
                    return pair
        return name

    def is_word_cue(self, token: Token) -> bool:
        """Whether the token's own word is a stance cue (not a modal or a predicate it takes)."""
        found = self.lexical(token, self.name_of(token), token.lemma_.lower())
        return found is not None and found.rule in ("stance-verb", "stance-noun", "stance-adjective")

    def phrasal_cue(self, verb: Token, prep: Token) -> bool:
        """Whether verb and preposition make one cue of the lexicon ("press for")."""
        return f"{verb.lemma_.lower()}_{prep.lower_}" in self.phrasal

    def modal_of(self, verb: Token) -> str | None:
        """'must end', 'should end', and 'ought to', 'has to' with the verb as
        their complement: the word of necessity, if any."""
        if self.inverted(verb):
            return None  # "should Strelsau refuse": a condition, no requirement
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in self.modal.modals:
                return child.lower_
        head = verb.head
        if (verb.dep_ == "xcomp" and head.lemma_.lower() in self.modal_heads
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)):
            return head.lemma_.lower() + " to"
        return None

    def lexical(self, token: Token, name: str, lemma: str) -> Cue | None:
        """The token's own word as a cue, or else the predicate it takes."""
        if (token.tag_ == "VBN" and token.dep_ not in ("acomp", "oprd")
                and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "agent") for c in token.children)):
            # "a ceasefire agreed soon", "the deal signed": a state, not an act ("backed by Paris" is one,
            # and so is "is opposed to")
            return None
        if token.pos_ in ("VERB", "AUX") and name in self.non_cues:
            return None  # "will not back down in its support"
        if token.pos_ in ("VERB", "AUX"):
            # a particle that turns its verb round comes first: "pushed back against",
            # "lobbied against" oppose, whatever "push" and "lobby" do ("pressed for" stays "press")
            for cue in self.entries:
                if cue.stance == "opposes" and name in cue.lemmas:
                    return Cue(cue, name.replace("_", " "), "stance-verb")
        for cue in self.entries:
            if token.pos_ in ("VERB", "AUX") and (name in cue.lemmas or lemma in cue.lemmas):
                return Cue(cue, name.replace("_", " ") if name in cue.lemmas else lemma, "stance-verb")
            if token.pos_ in ("NOUN", "PROPN") and lemma in cue.nouns:
                if token.dep_ == "pobj" and lemma in self.prepositional_non_cues:
                    return None
                if self.conversation(token):
                    return None  # "a call with Roe about ending the war": a conversation, not a call for it
                return Cue(cue, lemma, "stance-noun")
            if token.pos_ == "ADJ" and lemma in cue.adjectives:
                return Cue(cue, lemma, "stance-adjective")
        if token.pos_ in ("VERB", "AUX"):
            return self.predicate(token)
        return None

    def predicate(self, verb: Token) -> Cue | None:
        """'labeled it unrealistic', 'is ready to', 'would be a mistake': the
        predicate, by the shapes of role "predicate" (ontology/cue-patterns.json)."""
        for match in self.shapes.get(verb.i, ()):
            if match.shape.role == "predicate":
                found = self.shape_cue(match)
                if found:
                    return found
        return self.phrase_predicate(verb)

    def phrase_predicate(self, verb: Token) -> Cue | None:
        """'concessions are off the table', 'a truce is out of the question': a
        copula's phrase that the lexicon lists among the adjectives as one word."""
        if verb.lemma_.lower() not in self.preposition_verbs:
            return None
        for preposition in (c for c in verb.children if c.dep_ == "prep"):
            for name in _phrase_names(preposition):
                cue = next((cue for cue in self.entries if name in cue.adjectives), None)
                if cue is not None:
                    return Cue(cue, name.replace("_", " "), "predicate-adjective")
        return None

    def copular_subject(self, token: Token) -> Token | None:
        """'Turkey's aim was to see a ceasefire': the stance noun is the subject
        of 'be', by the shapes of role "copula"."""
        for match in self.shapes.get(token.i, ()):
            if match.shape.role == "copula" and self.shape_cue(match):
                return match.tokens[match.shape.cue]
        return None

    def shape_cue(self, match: Match) -> Cue | None:
        """The stance cue a matched shape makes, if its cue node's word is one."""
        shape = match.shape
        for node, where in shape.lexicon:
            if match.tokens[node].lemma_.lower() not in self.knowledge.words(*where):
                return None
        node = match.tokens[shape.cue]
        if node.pos_ == "ADP" and (any(c.dep_ in ("conj", "neg") for c in node.children) or any(
                c.i != node.i and c.dep_ == node.dep_ and c.lower_ == node.lower_ for c in node.head.children)):
            # "against the war and for peace", "not against peace, but against arms", "not against
            # sanctions as such": which one the climb came by, and what a negation covers, is not known here
            return None
        for token in (node, *node.conjuncts) if shape.conjuncts else (node,):
            forms = {"lemma": token.lemma_.lower(), "lower": token.lower_}
            for cue in self.entries:
                words = cue.adjectives if shape.words == "adjectives" else cue.nouns
                if any(forms[how] in words for how in shape.match):
                    found = Cue(cue, forms[shape.word], shape.rule)
                    return (self.judged(token) or found) if shape.words == "nouns" else found
        return None

    def judged(self, noun: Token) -> Cue | None:
        """'an unrealistic objective', 'an unacceptable demand': an adjective that
        judges a stance noun says the stance, not the noun."""
        for adjective in (c for c in noun.children if c.dep_ == "amod"):
            cue = self.evaluating(adjective)
            if cue is not None:
                return Cue(cue, adjective.lemma_.lower(), "evaluated-predicate")
        return None

    def evaluating(self, adjective: Token) -> StanceCue | None:
        """The stance an adjective of evaluation gives ("good", "unfair"), if it is one."""
        lemma = adjective.lemma_.lower()
        return next((c for c in self.entries if c.stance in ("supports", "opposes") and lemma in c.adjectives), None)

    def negated(self, token: Token) -> bool:
        """Whether the clause of ``token`` is negated ("is not possible", "no decisions")."""
        if token.dep_ == "xcomp" and token.tag_ == "VBG" and token.head.lemma_.lower() in self.denial_verbs:
            return True  # "Strelsau, which denies seeking chemical weapons", "denied wanting a truce"
        return negated(token, self.negations, self.clause_negations, clause=True)

    def is_barrier(self, token: Token) -> bool:
        """A clause or phrase that makes what is inside it background: "if …", "despite …"."""
        # a mark, or in an adverbial clause the adverb the parser makes of one ("once a ceasefire is reached")
        if any(c.lower_ in self.barriers and (c.dep_ == "mark" or token.dep_ == "advcl") for c in clause_openers(token)):
            return True
        if self.inverted(token):
            return True
        if token.dep_ == "prep" and token.lower_ in self.role_prepositions and any(
                c.dep_ == "pobj" and not any(g.dep_ == "prep" for g in c.children) for c in token.children):
            return False  # "troops, including as peacekeepers": a role, no clause ("as payback for aid" is one)
        # "was quoted as saying that …" reports what follows; it does not background it.
        return token.dep_ == "prep" and token.lower_ in self.barriers and not any(
            c.dep_ == "pcomp" and c.lemma_.lower() in self.speech for c in token.children)

    def done_by_no_one(self, verb: Token) -> bool:
        """'troops go in after a peace deal is signed': a passive in a background
        clause says when, not who wants it; unless it names who does it ("by X",
        "after the EU's package was adopted")."""
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        return self.is_barrier(verb) and not any(c.dep_ in ("agent", "poss") for t in (verb, *subjects) for c in t.children)

    def inverted(self, token: Token) -> bool:
        """'Should Strelsau refuse, …', 'sanctions should Strelsau refuse': a
        clause whose auxiliary comes right before its subject, and no question."""
        return token.pos_ in ("VERB", "AUX") and inverted_condition(token, self.inverted_conditions) \
            and not token.sent.text.rstrip().endswith("?")

    def alternative(self, token: Token) -> bool:
        """Whether ``token`` is what is set aside: the object of "instead of",
        "rather than", of "prefer A to B", or a conjunct after such a pair."""
        def marked(word: Token) -> bool:
            return word.lower_ in self.alternative_prepositions and any(c.lower_ in self.alternative_markers for c in word.children)

        if token.dep_ == "pobj" and marked(token.head):
            return True
        if token.dep_ == "pobj" and token.head.lower_ in self.preference_prepositions and token.head.head.lemma_.lower() in self.preference_verbs:
            return True  # "would prefer a deal to military action"
        return token.dep_ == "conj" and any(
            c.dep_ == "cc" and c.i < token.i and marked(c) for c in token.head.children)

    @staticmethod
    def asked(token: Token, sentence: Span) -> bool:
        """Whether the clause of ``token`` is a question ("Will Strelsau agree to a
        truce?"): the first stop after it is a question mark."""
        for after in sentence.doc[token.i + 1 : sentence.end]:
            if after.text in (".", "!", ";"):
                return False
            if after.text == "?":
                return True
        return False


def _phrase_names(preposition: Token) -> list[str]:
    """A preposition's phrase as the lexicon writes it: "off the table" -> 'off_table',
    "out of the question" -> 'out_of_question'."""
    names = [f"{preposition.lower_}_{o.lemma_.lower()}" for o in preposition.children if o.dep_ == "pobj"]
    return names + [f"{preposition.lower_}_{p.lower_}_{o.lemma_.lower()}" for p in preposition.children if p.dep_ == "prep"
                    for o in p.children if o.dep_ == "pobj"]
