"""Where a sentence names a topic of the scheme: its SKOS labels
(kg.extract.labels), its patterns where it has them, and nouns that refer back
to a topic named before ("an agreement on minerals … she signed the accord").

In: a sentence. Out: the spans that name each topic, each with whether it
names the topic's opposite ("lifting sanctions").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.extract import labels
from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge, Topic
from kg.extract.positions.reports import quotation_around
from kg.model import Statement

Named = dict[str, list[tuple[Span, bool]]]  # topic IRI -> spans, each with "names the opposite"
# How many sentences back "the decision" may reach for what was done: the one before.
GENERIC_ACT_REACH = 1


class TopicNames:
    def __init__(self, doc: Doc, actors: ArticleActors, knowledge: Knowledge, statements: list[Statement] = ()) -> None:
        self.doc = doc
        self.actors = actors
        self.knowledge = knowledge
        self._named: dict[int, Named] = {}
        self.side_pronouns = knowledge.words("actors", "side_pronouns")
        self.self_pronouns = knowledge.words("actors", "self_pronouns")
        # What each statement covers, and who says it: "our" in it is the speaker's side.
        # Only quotations, by the speaker whose cue stands outside them ("'X must
        # not act without our consent,' Roe said": Roe, not X).
        self.spoken = [s for s in statements if len(s.speakers) == 1 and s.direct and not s.start <= s.cue_at < s.end]
        anaphora = knowledge.lexicon.get("anaphora", {})
        self.noun_groups: dict[str, set[int]] = {}
        for n, group in enumerate(anaphora.get("groups", [])):
            for noun in group:
                self.noun_groups.setdefault(noun.lower(), set()).add(n)
        self.broader = {noun.lower(): self.noun_groups.get(kind.lower(), set()) for noun, kind in anaphora.get("broader", {}).items()}
        self.new_words = frozenset(w.lower() for w in anaphora.get("new_words", []))
        self.link_deps = frozenset(anaphora.get("link_deps", []))
        self.anaphora_hops = int(anaphora.get("max_hops", 0))
        self.act_nouns = {noun.lower(): frozenset(verbs) for noun, verbs in anaphora.get("acts", {}).items()}
        self.done: dict[str, str] = {}  # verb lemma -> the topic last done by it ("signed a truce")
        # "the decision", "the move": whatever an actor last did to a topic, lately
        self.generic_acts = knowledge.words("anaphora", "generic_acts")
        self.last_done: tuple[int, str] | None = None  # the sentence it was done in, and the topic
        self.reversal = knowledge.words("polarity", "reversal")
        self.undoing_refs: set[int] = set()  # act nouns that refer back to an undoing ("the suspension")
        self.heads: dict[str, str] = {}  # a topic's noun as last named -> the topic ("strikes on Syldavia … the strikes")
        self.synonyms = {w: frozenset(g) for g in knowledge.lexicon["labels"]["synonyms"] for w in g}
        self.meeting_nouns = knowledge.group_words("meetings", "nouns")  # "the talks": whichever were held last
        # noun group -> the topic last named with a noun of that group
        self.antecedents: dict[int, tuple[int, tuple[str, ...]]] = {}  # the noun, and the topics named with it
        self.definite = knowledge.words("meetings", "definite_determiners") | knowledge.words("meetings", "group_pronouns")
        self.anaphors: dict[int, dict[str, list[Span]]] = {}
        self.evaluated_subjects = knowledge.words("polarity", "evaluated_subjects")
        self.object_pronouns = knowledge.words("anaphora", "object_pronouns")
        self.idea_nouns = knowledge.words("anaphora", "idea_nouns")
        self.kind_words = knowledge.words("anaphora", "kind_words")
        self.proposing_verbs = knowledge.words("anaphora", "proposing_verbs")
        self.judging_verbs = knowledge.words("polarity", "describing_verbs") | knowledge.words("anaphora", "judging_verbs")
        self.question_verbs = knowledge.words("anaphora", "question_verbs")
        self.question_prepositions = knowledge.words("anaphora", "question_prepositions")
        self.plural_pronouns = knowledge.words("anaphora", "plural_object_pronouns")
        self.mentioned: list[tuple[Span, str]] = []  # what the last sentence put forward: what "it" may stand for
        # "Strelsau holds Syldavian soldiers … Syldavia demanded their release": an
        # act noun (lexicon [labels] nominalisations) owned by "their" is that act
        # done to the plural topic named last; not an undoing ("their lifting",
        # "their pullout")
        undoings = knowledge.words("polarity", "reversal_nouns")
        self.owned_acts = frozenset(noun for noun, verbs in knowledge.lexicon["labels"]["nominalisations"].items()
                                    if not set(verbs) & self.reversal and noun not in undoings)
        self.plural_possessives = knowledge.words("anaphora", "plural_possessives")
        # a verb -> the nouns of its act: "swap" -> swap, exchange ([labels] nominalisations)
        self.act_names: dict[str, set[str]] = {}
        for noun, verbs in knowledge.lexicon["labels"]["nominalisations"].items():
            for verb in verbs:
                self.act_names.setdefault(verb, {verb}).add(noun)
        self.plurals: list[tuple[Span, str]] = []  # the plural topics the last sentence named

    @staticmethod
    def match_text(sentence: Span) -> str:
        """The sentence as patterns see it: curly apostrophes straight, quotation
        marks blank, each character kept in place so that offsets still hold."""
        text = sentence.text.replace("’", "'")
        return re.sub(r"[“”\"«»]|(?<![A-Za-z])'|'(?![A-Za-z])", " ", text)

    def spans(self, sentence: Span, topic: Topic) -> list[tuple[Span, bool]]:
        """Where the sentence names the topic, each with whether it names its opposite."""
        named = self._named.get(sentence.start)
        if named is None:  # all topics of a sentence at once, not once per topic
            named = self._named[sentence.start] = self._name_topics(sentence)
        found = named.get(topic.iri, [])
        referred = self.anaphors.get(sentence.start, {}).get(topic.iri, ())
        if not referred:
            return found
        spans = list(found)
        for span in referred:
            if not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s, _ in spans):
                spans.append((span, span.start in self.undoing_refs))
        return spans

    def _name_topics(self, sentence: Span) -> Named:
        text = self.match_text(sentence)
        by_label = {}
        if self.knowledge.label_index is not None:
            by_label = labels.sentence_matches(sentence, self.knowledge.label_index, self.named_at, self.actors.actors)
        named: Named = {}
        for topic in self.knowledge.topics:
            spans = self._topic_spans(sentence, text, topic, by_label.get(topic.iri, ()))
            if spans:
                named[topic.iri] = spans
        return _possessors_cut(named) if len(named) > 1 else named

    def named_at(self, i: int) -> str | None:
        """The actor token ``i`` names, where a first person in what someone
        says counts as the speaker or the speaker's side: "no deal without our
        participation", said by a state's president, names that state."""
        found = self.actors.named_at(i)
        if found is not None or not self.spoken:
            return found
        word = self.doc[i].lower_
        if word not in self.side_pronouns and word not in self.self_pronouns:
            return None
        quotation = quotation_around(self.spoken, self.doc[i].idx)
        if quotation is None:
            return None
        speaker = quotation.speakers[0]
        actor = self.actors.actors.get(speaker)
        if word in self.side_pronouns and actor is not None and actor.kind == "Person":
            return actor.affiliation
        return speaker

    def _topic_spans(self, sentence: Span, text: str, topic: Topic, labelled) -> list[tuple[Span, bool]]:
        spans: list[tuple[Span, bool]] = []

        def free(span: Span) -> bool:
            return not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s, _ in spans)

        # Wordings of the opposite first: "recover all of its captured territory"
        # is about getting land back, whatever "captured territory" alone would say.
        spans += [(span, True) for span, is_opposite in labelled if is_opposite]
        for pattern, is_opposite in ((topic.any_opposite, True), (topic.any_pattern, False)):
            if pattern is not None:
                # Curly apostrophes are matched as straight ones; same length, same offsets.
                for match in pattern.finditer(text):
                    if match.end() == match.start():
                        continue
                    span = self.doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(),
                                              alignment_mode="expand")
                    if span is not None and free(span):
                        spans.append((span, is_opposite))
        for span, is_opposite in labelled:
            if not is_opposite and free(span):
                spans.append((span, False))
        return spans

    # -- topics named by a noun that refers back ------------------------------

    def _groups(self, token: Token) -> set[int]:
        return self.noun_groups.get(token.lemma_.lower(), set()) | self.noun_groups.get(token.lower_, set())

    def antecedent_nouns(self, span: Span) -> list[Token]:
        """The deal, plan or truce nouns a topic is named with: "the minerals
        deal", "an agreement centred on access to minerals", and both of "a
        proposal for a ceasefire" (a later "the proposal" is that ceasefire too)."""
        found = [token for token in span if _nominal(token) and self._groups(token)][:1]
        node = span.root
        for _ in range(self.anaphora_hops):
            if node.head.i == node.i or node.dep_ not in self.link_deps:
                break
            node = node.head
            if node.pos_ in ("NOUN", "PROPN") and self._groups(node):
                return [*found, node]
        return found

    def remember(self, span: Span, topic: Topic) -> None:
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.dep_ in ("dobj", "nsubjpass") and root.head.pos_ == "VERB":
            self.done[root.head.lemma_.lower()] = topic.iri
        if self._done_by_actor(root):
            self.last_done = (self.actors.sentence_number(span.start), topic.iri)
        if span.root.pos_ == "NOUN" and span.root.lower_ not in self.meeting_nouns and span.root.lemma_.lower() not in self.meeting_nouns:
            lemma = span.root.lemma_.lower()
            for word in self.synonyms.get(lemma, (lemma,)):
                self.heads[word] = topic.iri
        if span.root.pos_ == "VERB":
            # "Ruritania and Syldavia swapped prisoners … X praised the swap": the act's noun names it after
            for word in sorted(self.act_names.get(span.root.lemma_.lower(), ())):
                self.heads[word] = topic.iri
                for group in self.noun_groups.get(word, set()):
                    self.antecedents[group] = (span.root.i, (topic.iri,))
        for noun in self.antecedent_nouns(span):
            for group in self._groups(noun):
                at, topics = self.antecedents.get(group, (-1, ()))
                # "a ceasefire and prisoner-exchange deal": a later "the deal" is both
                together = at == noun.i or (at >= 0 and self.doc[at] in noun.conjuncts)
                self.antecedents[group] = (noun.i, tuple(dict.fromkeys((*topics, topic.iri))) if together else (topic.iri,))
            for group in self.broader.get(noun.lemma_.lower(), set()) | self.broader.get(noun.lower_, set()):
                self.antecedents.setdefault(group, (noun.i, (topic.iri,)))

    def resolve_anaphors(self, sentence: Span, named: set[int]) -> None:
        """Nouns of this sentence that refer back to a topic named before."""
        found: dict[str, list[Span]] = {}
        for token in sentence:
            if not _nominal(token) or token.pos_ == "PROPN" or token.i in named:
                continue
            groups = self._groups(token)
            if token.lemma_.lower() in self.generic_acts:
                self._generic_act(token, named, found)
                continue
            acted = self.act_nouns.get(token.lemma_.lower()) or self.act_nouns.get(token.lower_)
            # "… recognised the state of Syldavia. Freedonia called recognition a
            # stunt": a bare act noun is the act just done, as "the signing" is.
            if acted and (self.refers_back(token, named) or _bare(token)) and not _complemented(token):
                self._act_done(token, acted, found)
                continue
            if not groups:
                topic = self.heads.get(token.lemma_.lower()) if token.pos_ == "NOUN" else None
                if topic is not None and self.refers_back(token, named) and not _names_its_own(token) and not _complemented(token):
                    # "Syldavia's strikes on Freedonian sites … condemned the strikes": the same ones
                    found.setdefault(topic, []).append(self.doc[token.i : token.i + 1])
                continue
            if not self.refers_back(token, named):
                if _names_its_own(token):
                    for group in groups:
                        # "a water-sharing agreement": another deal, no topic; a later "the agreement" is that one
                        self.antecedents.pop(group, None)
                continue
            _, topics = next((self.antecedents[g] for g in sorted(groups) if g in self.antecedents), (-1, ()))
            for topic in topics:
                found.setdefault(topic, []).append(self.doc[token.i : token.i + 1])
        self.anaphors[sentence.start] = found

    def _generic_act(self, token: Token, named: set[int], found: dict[str, list[Span]]) -> None:
        """'The council decided to end the mission. X welcomed the decision': what was just done."""
        if self.last_done is None or not self.refers_back(token, named) or _complemented(token):
            return
        if self.actors.sentence_number(token.i) - self.last_done[0] <= GENERIC_ACT_REACH:
            found.setdefault(self.last_done[1], []).append(self.doc[token.i : token.i + 1])

    def _done_by_actor(self, root: Token) -> bool:
        """Whether a topic is named as what an actor did: the object of a verb, or
        the verb itself, whose subject (or whose governing verb's) is an actor."""
        verb = root.head if root.dep_ in ("dobj", "nsubjpass") else root
        while verb.pos_ == "VERB" and verb.dep_ == "xcomp" and verb.head.i != verb.i:
            verb = verb.head  # "decided to dissolve the group": the deciding
        if verb.pos_ != "VERB" or any(c.dep_ == "mark" or (c.dep_ == "aux" and c.tag_ == "MD") for c in verb.children):
            return False  # "if Ruritania resumed talks", "would send troops": not done
        return any(c.dep_ == "nsubj" and self.actors.of_token(c) for c in verb.children)

    def _act_done(self, token: Token, acted: frozenset[str], found: dict[str, list[Span]]) -> None:
        """The act noun ``token`` as the topic last done by its verb."""
        verb = next((verb for verb in sorted(acted) if verb in self.done), None)
        if verb is not None:
            found.setdefault(self.done[verb], []).append(self.doc[token.i : token.i + 1])
            if verb in self.reversal:
                # "Freedonia suspended its cooperation … urged it to reverse the suspension"
                self.undoing_refs.add(token.i)

    def resolve_objects(self, sentence: Span, named_here: list[tuple[Span, str, bool]], named: set[int]) -> None:
        """'Freedonia proposed a ceasefire. Ruritania accepted it', 'Strelsau
        rejected the idea': an object pronoun or idea noun is the topic named
        last, in this sentence or the one before, where no other noun comes
        between that it could stand for."""
        here = [(span, iri) for span, iri, opposite in named_here if not opposite and self._put_forward(span)]
        before = self.mentioned
        self.mentioned = here
        found = self.anaphors.setdefault(sentence.start, {})
        for token in sentence:
            if token.i in named or not self._object_reference(token):
                continue
            earlier = [(span, iri) for span, iri in here if span.end <= token.i] or before
            if not earlier:
                continue
            plural = token.lower_ in self.plural_pronouns  # "them": a plural topic, and any plural noun between could be it
            if plural:
                earlier = [(span, iri) for span, iri in earlier if span.root.tag_ in ("NNS", "NNPS")]
                if not earlier:
                    continue
            candidates = _last_named(earlier)
            own = {t.i for t in token.head.subtree if t.i > token.i}  # the pronoun's own phrase
            # and the words of what was put forward: "proposed that Freedonia withdraw … in exchange for a freeze"
            own |= {t.i for t in candidates[0][0].root.subtree}
            if any(self._could_stand_for(t, own, plural) for t in self.doc[candidates[0][0].end : token.i]):
                continue
            for _, iri in candidates:
                found.setdefault(iri, []).append(self.doc[token.i : token.i + 1])
                self.mentioned.append((self.doc[token.i : token.i + 1], iri))  # "… accepted it. Y rejected the idea."

    def resolve_owned_acts(self, sentence: Span, named_here: list[tuple[Span, str, bool]], named: set[int]) -> None:
        """'Strelsau holds Syldavian soldiers … Syldavia demanded their release':
        "their release" is the release of the plural topic named last, in this
        sentence or the one before."""
        here = [(span, iri) for span, iri, opposite in named_here if not opposite and span.root.tag_ in ("NNS", "NNPS")]
        before, self.plurals = self.plurals, here
        found = self.anaphors.setdefault(sentence.start, {})
        for token in sentence:
            if token.i in named or token.pos_ != "NOUN" or token.lemma_.lower() not in self.owned_acts:
                continue
            if not any(c.dep_ == "poss" and c.lower_ in self.plural_possessives for c in token.children) or _complemented(token):
                continue
            for _, iri in _last_named([(span, iri) for span, iri in here if span.end <= token.i] or before):
                found.setdefault(iri, []).append(self.doc[token.i : token.i + 1])

    def _put_forward(self, span: Span) -> bool:
        """Whether a topic is named as what someone put forward ("proposed a
        ceasefire", "imposed new sanctions"): what "it" or "the idea" can then
        stand for. A topic broken, vetoed or named in a purpose or condition
        ("… in exchange for a ceasefire") is not: "it" is then the act."""
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.dep_ == "pobj" and root.head.lower_ in self.question_prepositions and root.head.head.lemma_.lower() in self.question_verbs:
            return True  # "Asked about peacekeepers, X said Strelsau would not accept them"
        if root.dep_ == "pobj" and root.head.lower_ in ("of", "for") and root.head.head.pos_ == "NOUN":
            root = root.head.head  # "a package of sanctions", "a proposal for a truce"
        if root.pos_ == "VERB" and root.dep_ == "ccomp" and root.head.lemma_.lower() in self.proposing_verbs:
            return True  # "Roe had proposed that Freedonia withdraw from Zenda … Doe rejected that idea"
        return root.dep_ == "dobj" and root.head.lemma_.lower() in self.proposing_verbs

    def _object_reference(self, token: Token) -> bool:
        if token.pos_ == "NOUN" and any(c.lower_ in self.kind_words and c.dep_ in ("amod", "det", "predet") for c in token.children):
            # "such a deal would only help Y rearm", "viewed any such deployment as
            # unacceptable" ("such a deployment of tanks" names its own)
            return token.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and not any(
                c.dep_ in ("acl", "relcl", "poss") or c.dep_ == "prep" and c.lower_ != "as" for c in token.children)
        judged = token.head.lemma_.lower() in self.judging_verbs  # "called it a decisive step": what is judged
        if token.dep_ not in ("dobj", "pobj") or any(c.dep_ in ("xcomp", "ccomp", "oprd") and not judged for c in token.head.children):
            return False  # "urged it to provide guarantees": whom, not what
        if token.pos_ == "PRON":
            return token.lower_ in self.object_pronouns or token.lower_ in self.plural_pronouns
        return (token.pos_ == "NOUN" and token.lemma_.lower() in self.idea_nouns and token.tag_ == "NN"
                and any(c.dep_ == "det" and c.lower_ in self.definite for c in token.children)
                and not any(c.dep_ in ("prep", "acl", "relcl", "compound", "amod", "poss") for c in token.children))

    def _could_stand_for(self, noun: Token, own: set[int], plural: bool = False) -> bool:
        """Another thing the pronoun could mean: a noun, not an actor, a date or a
        word of the pronoun's own phrase (``own``)."""
        return (noun.pos_ in ("NOUN", "PROPN") and noun.tag_ in (("NN", "NNP", "NNS", "NNPS") if plural else ("NN", "NNP")) and noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr")
                and noun.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL") and self.actors.named_at(noun.i) is None
                and noun.i not in own)

    def refers_back(self, token: Token, named: set[int]) -> bool:
        """Only a definite reference points back ("the deal", "this accord",
        "their plan"); "a deal", "the alliance's treaty", "the Zenda treaty" and
        "a deal on X" name other things."""
        if any(c.lower_ in self.new_words for c in token.children):
            return False
        determiners = [c for c in token.children if c.dep_ in ("det", "poss")]
        if not (any(c.lower_ in self.definite for c in determiners) or self.predicated(token)) or any(
            c.dep_ == "compound" or (c.dep_ == "poss" and c.pos_ != "PRON") for c in token.children
        ):
            return False
        return not any(c.dep_ in ("prep", "acl", "relcl") and c.i > token.i and any(
            g.i in named for g in c.subtree) for c in token.children)

    def predicated(self, noun: Token) -> bool:
        """'It is a good agreement', 'this is a bad deal': what "it" is, said of
        the thing just named."""
        head = noun.head
        return noun.dep_ == "attr" and head.lemma_.lower() == "be" and any(
            c.dep_ == "nsubj" and c.lower_ in self.evaluated_subjects for c in head.children)


def _last_named(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """The topics named last among ``spans``: all those named at the latest place."""
    last = max((span.start for span, _ in spans), default=None)
    return [(span, iri) for span, iri in spans if span.start == last]


def _possessors_cut(named: Named) -> Named:
    """'support for Freedonia's territorial integrity': a label that ends on the
    owner of another topic's words ("support for Freedonia") is cut short there;
    the support is for what the owner has."""
    owned = {t.i for spans in named.values() for span, _ in spans for t in span}

    def cut(span: Span) -> bool:
        last = span[-1]
        return last.dep_ == "poss" and last.head.i in owned and last.head.i >= span.end
    kept = {iri: [(s, o) for s, o in spans if not cut(s)] for iri, spans in named.items()}
    return {iri: spans for iri, spans in kept.items() if spans}


def _nominal(token: Token) -> bool:
    """A noun, or a word the tagger took for a verb where the parse makes it a
    noun's argument ("signed a minerals deal", tagged 'deal' VERB)."""
    return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "VERB" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"))


def _complemented(noun: Token) -> bool:
    """Whether a noun says what it is of: "the release of the journalists", "the
    signing of a water deal", "the end of the blackout" are not the ones named before."""
    return any(c.dep_ in ("prep", "acl") for c in noun.children if c.i > noun.i)


def _names_its_own(noun: Token) -> bool:
    """Whether a deal or plan noun says what it is about ("a water-sharing
    agreement", "a fishing deal"): another one, not a topic named before."""
    return any((c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")) or (c.dep_ == "amod" and any(g.pos_ == "NOUN" for g in c.subtree))
               for c in noun.children)


def _bare(noun: Token) -> bool:
    """A noun alone, with no word that says which one ("recognition", not
    "a recognition" or "Syldavia's recognition")."""
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if after is not None and after.pos_ == "ADP":
        return False  # "recognition from Strelsau", the preposition hung elsewhere: not bare
    return noun.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "compound", "amod", "nummod") for c in noun.children)
