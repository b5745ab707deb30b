"""Rules that read a stance off the topic's own place, before any climb: a
"must" on the topic's own verb, "no X without Y", a declared intent ("would
send troops"), a warned consequence ("could derail the talks"), a measure kept
("will remain in place"), support received ("has gained support from X").

In: the span naming a topic. Out: a Stance, STOP (no stance, and no climb),
or None (climb on).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extract.actors import ArticleActors
from kg.extract.knowledge import Knowledge
from kg.extract.positions.cues import Cues
from kg.extract.positions.reports import Reports
from kg.extract.positions.stance import MAX_HOPS, NEGATE, STOP, Stance, Stop
from kg.extract.syntax import cue_name, is_first_person, judged, subject_of


class InPlace:
    def __init__(self, actors: ArticleActors, knowledge: Knowledge, cues: Cues, reports: Reports) -> None:
        lex = knowledge
        self.actors = actors
        self.cues = cues
        self.reports = reports
        self.negations = lex.words("polarity", "negations")
        self.necessity = lex.words("polarity", "necessity_prepositions")
        self.qualifying = lex.words("polarity", "qualifying_words")
        self.outcomes = lex.words("polarity", "bad_outcomes")
        self.volition = lex.words("polarity", "volition")
        self.refusing = lex.words("polarity", "refusing_auxiliaries")
        self.realisation = lex.words("polarity", "realisation_verbs")
        self.first_person = lex.words("actors", "first_person")
        self.harm_verbs = lex.words("polarity", "harm_verbs")
        self.help_verbs = lex.words("polarity", "help_verbs")
        self.coercion_verbs = lex.words("polarity", "coercion_verbs")
        self.emboldening = lex.words("polarity", "emboldening_verbs")
        self.unless = lex.words("polarity", "refusal_conditions")
        self.open_negations = lex.words("polarity", "open_negations")
        self.coercion_goals = lex.words("polarity", "coercion_goals")
        self.coercion_aims = lex.words("polarity", "coercion_aims")
        self.consequence_modals = lex.words("polarity", "consequence_modals")
        self.dismissive = lex.words("polarity", "dismissive_adverbs")
        self.persistence_verbs = lex.words("polarity", "persistence_verbs")
        self.wrong_verbs = lex.words("polarity", "wrong_verbs")
        self.negating_words = lex.words("polarity", "negating_words")
        self.negative_subjects = lex.words("polarity", "negative_subjects")
        self.negative_subject_determiners = lex.words("polarity", "negative_subject_determiners")
        self.reversal = lex.words("polarity", "reversal")
        self.made_nouns = lex.words("polarity", "made_nouns")
        self.authoring = lex.words("polarity", "authoring_participles")
        self.idea_nouns = lex.words("anaphora", "idea_nouns") | self.made_nouns
        # a deal, plan or document: "the Ruritanian-drafted resolution on a truce", not "a X-backed exemption from sanctions"
        self.authored_nouns = knowledge.agreement_nouns
        self.own_pronouns = lex.words("actors", "side_pronouns") | lex.words("actors", "self_pronouns")
        self.confidence = knowledge.confidence
        self.knowledge = knowledge

    def authored(self, topic_span: Span, opposite: bool) -> list[tuple[Stance, str]]:
        """'a Ruritanian-brokered truce', 'the Syldavia-proposed ceasefire': whoever
        the compound names as its author supports what it names."""
        if opposite:
            return []
        root = topic_span.root
        nouns = [root]
        if (root.dep_ == "pobj" and root.head.lower_ in ("on", "for") and root.head.head.lemma_.lower() in self.authored_nouns):
            nouns.append(root.head.head)  # "the Ruritanian-drafted resolution on a ceasefire"
        found = []
        for word in (c for noun in nouns for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i):
            if "-" in word.text and word.text.rsplit("-", 1)[1].lower() in self.authoring:
                author = word.text.rsplit("-", 1)[0]  # "Syldavia-proposed", one token
            elif word.lower_ in self.authoring:
                # "Ruritanian-drafted", cut into three tokens
                author = next((c.text for c in word.children if c.i < word.i and c.dep_ in ("npadvmod", "compound", "amod", "nmod")
                               and word.doc[c.i + 1].text == "-"), None)
            else:
                continue
            known = self.knowledge.actor_named(author) if author else None
            if known is not None:
                found.append((Stance("supports", word.lower_, "speaker", word, self.confidence("authored"), rule="authored-compound"),
                              self.actors.add_known(known)))
        return found + self.possessed_act(root) + self.authored_apposition(topic_span)

    def authored_apposition(self, topic_span: Span) -> list[tuple[Stance, str]]:
        """'… peacekeepers, an idea promoted by Ruritania and Syldavia': the idea
        set beside the topic is the topic, and who put it forward supports it."""
        doc = topic_span.doc
        # the comma may close the topic's own phrase: "sending peacekeepers to Zenda, an idea …"
        at = next((t.i for t in doc[topic_span.end : topic_span.end + 5] if t.text in (",", ";") or t.pos_ in ("VERB", "AUX")), len(doc))
        if at >= len(doc) or doc[at].text != ",":
            return []
        noun = next((t for t in doc[at + 1 : at + 4] if t.pos_ == "NOUN"), None)
        if noun is None or noun.lemma_.lower() not in self.idea_nouns or any(
                t.pos_ not in ("DET", "ADJ") for t in doc[at + 1 : noun.i]):
            return []
        found = []
        for word in (c for c in noun.children if c.dep_ == "acl" and c.lower_ in self.authoring):
            for agent in (c for c in word.children if c.dep_ == "agent"):
                for author in (g for g in agent.children if g.dep_ == "pobj"):
                    stance = Stance("supports", word.lower_, "speaker", word, self.confidence("authored"), rule="authored-apposition")
                    found += [(stance, iri) for iri in self.actors.of_token(author)]
        return found

    def possessed_act(self, root: Token) -> list[tuple[Stance, str]]:
        """'condemned Syldavia's strikes', 'the bloc's sanctions': acts named by a
        plural noun that is also their verb are their possessor's doing, so
        their stance ("Syldavia's stockpile", "Freedonia's membership" are no acts)."""
        index = self.knowledge.label_index
        if index is None or root.tag_ != "NNS" or root.lemma_.lower() not in index.acts:
            return []
        if any(c.dep_ == "prep" and any(self.actors.of_token(g) for g in c.children if g.dep_ == "pobj") for c in root.children):
            return []  # "Syldavia's sanctions on Freedonia": acts on a target the label may not mean
        return [(Stance("supports", root.lemma_.lower(), "speaker", root, self.confidence("authored"), rule="possessed-act"), iri)
                for owner in root.children if owner.dep_ == "poss" and owner.pos_ == "PROPN"
                for iri in self.actors.of_token(owner)]

    def without_climbing(self, topic_span: Span, opposite: bool, topic: str = "") -> Stance | Stop | None:
        required = self.requirement(topic_span, opposite)
        if required is not None:
            return required
        token = topic_span.root
        if token.pos_ in ("VERB", "AUX") and self.cues.modal and not opposite:
            # "Ruritania must end its aggression": the topic's own verb is required;
            # "borders must not be changed": its negation is refused.
            modal = self.cues.modal_of(token)
            negated = self.cues.negated(token)
            if negated and any(c.dep_ in ("prep", "advcl", "npadvmod", "dobj") and c.lower_ in self.qualifying for c in token.children):
                modal = None  # "the war must not end with a capitulation": the manner is refused, not the end
            if modal is not None:
                return Stance("opposes" if negated else "demands", modal, "speaker", token, self.cues.modal.weight, rule="modal-on-topic")
        if token.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "prep" and c.lower_ in self.necessity for c in token.head.children
        ):
            return STOP  # "peace is not possible without X" is a stance on X, not on peace
        return (self.intent(token, opposite, topic, alone=len(topic_span) == 1) or self.realised(token, opposite, topic) or self.consequence(token, topic_span, opposite, topic)
                or self.kept(token, opposite) or self.received_stance(token))

    def own_plan(self, topic_span: Span) -> Stance | None:
        """'our peace plan', 'my proposal', in what someone says: the speaker
        holds the plan, whatever the sentence says others do with it."""
        root = topic_span.root
        if root.dep_ == "compound" and root.head.i == topic_span.end:
            root = root.head  # "our peace plan", the topic named by "peace"
        if root.pos_ not in ("NOUN", "PROPN") or root.lemma_.lower() not in self.made_nouns:
            return None
        owner = next((c for c in root.children if c.dep_ == "poss" and c.lower_ in self.own_pronouns), None)
        if owner is None or self.reports.denied(root):
            return None
        return Stance("supports", owner.lower_, "speaker", root, self.confidence("own_plan"), rule="own-plan")

    def realised(self, root: Token, opposite: bool, topic: str = "") -> Stance | None:
        """'A Freedonian state will not be established', 'troops would be
        deployed', 'the hostages will be released' (the topic's own verb): the
        speaker's word that the topic will (not) come about."""
        index = self.knowledge.label_index
        if (root.pos_ == "VERB" and index is not None and topic in index.acts.get(root.lemma_.lower(), ())
                and any(c.dep_ == "nsubjpass" for c in root.children)):
            verb = root
        elif root.dep_ == "nsubjpass" and root.head.lemma_.lower() in self.realisation:
            verb = root.head
        else:
            return None
        if opposite or verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in self.volition for c in verb.children):
            return None
        if verb.dep_ == "ccomp" and self.cues.cue_at(verb.head):
            return None  # "feared that territory would be ceded": the climb reads the fear
        # "no territory will be ceded": the subject's determiner negates too
        negated = self.cues.negated(verb) or self.negative_subject(verb)
        return Stance("opposes" if negated else "supports", verb.lemma_.lower(), "speaker", verb,
                      self.confidence("volition"), rule="realisation-foretold")

    def requirement(self, topic_span: Span, opposite: bool = False) -> Stance | None:
        """'No X without Y', 'Y cannot be left out': Y is demanded.

        Needs a 'without' between the topic and its clause, and a negation
        anywhere up to the statement that governs it.
        """
        token = topic_span.root
        inside = {t.i for t in topic_span}
        necessary = any(t.lower_ in self.necessity for t in topic_span)
        negation = any(t.lower_ in self.negations and t.lower_ != "without" for t in topic_span)
        for _ in range(MAX_HOPS + 3):
            if token.i not in inside:
                necessary = necessary or token.lower_ in self.necessity
                negation = negation or self.negates(token)
                if token.idx in self.reports.by_cue_at or (opposite and self.cues.cue_at(token)):
                    break
            if token.head.i == token.i:
                break
            token = token.head
        if necessary and negation:
            return Stance("demands", "not without", "speaker", token, self.confidence("not_without"), rule="not-without")
        if opposite and negation and not self.cues.cue_at(token):
            # "a deal cannot be forced on Freedonia": refusing the opposite.
            return Stance("demands", "not", "speaker", token, self.confidence("refused_opposite"), rule="refused-opposite")
        return None

    def negates(self, token: Token) -> bool:
        """A negation on the way up to a requirement: "no", "cannot", "nobody", a bad outcome."""
        return (
            self.cues.negated(token) or token.lower_ in self.negating_words
            or judged(token, self.outcomes)  # "… would collapse", "… would be meaningless"
            or any(c.lower_ in self.negative_subjects and c.dep_ in ("nsubj", "nsubjpass", "det") for c in token.children)
            or self.negative_subject(token)
        )

    def negative_subject(self, verb: Token) -> bool:
        """'No territory will be ceded': a subject whose determiner negates its clause."""
        return any(c.dep_ in ("nsubj", "nsubjpass") and any(d.lower_ in self.negative_subject_determiners for d in c.children)
                   for c in verb.children)

    def intent(self, root: Token, opposite: bool = False, topic: str = "", alone: bool = False) -> Stance | None:
        """'Borduria would send troops to Freedonia', 'he would meet Doe': an actor's
        declared intent to do what the topic names is support (negated, opposition)."""
        undone, itself = False, root.pos_ == "VERB" and alone  # the topic's one word, as a verb
        if root.pos_ != "VERB" and root.dep_ == "dobj" and root.head.pos_ == "VERB":
            root = root.head  # "he would then schedule a meeting with Doe"
            undone = root.lemma_.lower() in self.reversal or cue_name(root) in self.reversal  # "would lift sanctions", "give up"
        elif root.pos_ != "VERB":
            return None
        auxiliary = next((c for c in root.children if c.dep_ == "aux" and (
            c.lower_ in self.volition or c.lower_ in self.refusing and self.cues.negated(root))), None)
        if auxiliary is None:
            return self.done(root, opposite, topic, undone, itself)
        subject = subject_of(root)
        if subject is None:
            return None
        if not is_first_person(subject, self.first_person) and not self.actors.of_token(subject):
            return None
        if self.cues.cue_at(root) or (root.dep_ == "ccomp" and self.cues.cue_at(root.head)):
            # a stance verb of its own ("would support"), or a clause a stance is
            # taken on ("improbable that Strelsau would recover it"): the climb reads it
            return None
        stance = self.refused_unless(root) if self.cues.negated(root) != (undone or opposite) else "supports"
        return Stance(stance, auxiliary.lower_, "subject", root, self.confidence("volition"), rule="declared-intent")

    def refused_unless(self, verb: Token) -> str:
        """A refusal, or acceptance where it names its condition: "he would not
        meet Doe unless a deal was close" (not "would not lift sanctions unless
        …", "would never give up land unless forced")."""
        plain_not = any(c.dep_ == "neg" and c.lower_ in self.open_negations for c in verb.children)
        return "accepts" if plain_not and verb.lemma_.lower() not in self.reversal and any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.unless for m in c.children)
            and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children) for c in verb.children) else "opposes"

    def done(self, verb: Token, opposite: bool, topic: str, undone: bool = False, itself: bool = False) -> Stance | None:
        """Doing is supporting: "Ruritania and Freedonia swapped 390 prisoners",
        "the bloc lifted sanctions" (opposing them), and undoing is opposing:
        "Ruritania suspended the prisoner exchange". Only an act that is a
        statement of its own (kg.extract.statements: a verb that, with its
        object, names a topic, done by an actor) or is reported as done, and
        not long past ("annexed the regions in 2014": background). A verb that
        is itself the topic's word is no cue of it ("Syldavia struck three depots",
        where the topic is "strikes")."""
        index = self.knowledge.label_index
        if index is None or self.cues.negated(verb) or (self.cues.cue_at(verb) and not itself):
            return None
        if itself and any(c.dep_ == "dobj" and self.actors.of_token(c) for c in verb.children):
            return None  # "Syldavia sanctioned Freedonian officials": a label's noun as a verb on a named actor
        if verb.dep_ in ("ccomp", "xcomp") and self.cues.cue_at(verb.head):
            return None  # "X demanded that Ruritania give up land": asked for, not done; the climb reads it
        if not undone and topic not in index.acts.get(verb.lemma_.lower(), ()):
            return None
        # its own statement, or one reported as done ("X said Ruritania released them"), not as to come
        subject = subject_of(verb)
        reported = verb.dep_ == "ccomp" and verb.tag_ in ("VBD", "VBZ", "VBP") and subject is not None and bool(self.actors.of_token(subject))
        if verb.idx not in self.reports.by_cue_at and not reported:
            return None
        if any(t.ent_type_ == "DATE" and t.like_num and len(t.text) == 4 for t in verb.subtree):
            return None
        return Stance("opposes" if opposite != undone else "supports", verb.lemma_.lower(), "subject", verb,
                      self.confidence("volition"), rule="act-done")

    def consequence(self, root: Token, topic_span: Span, opposite: bool, topic: str = "") -> Stance | None:
        """'New sanctions could derail the talks': the topic as the subject of a
        warned harm (or help) is opposed (or supported) by whoever warns; the
        harm of undoing it ("lifting sanctions would reward aggression") supports it."""
        if root.dep_ not in ("nsubj", "csubj"):
            return None
        verb = root.head
        lemma = verb.lemma_.lower()
        if opposite:
            warned = self.warned_consequence(verb, lemma, topic_span, topic) if self.warned(verb, lemma) else None
            return replace(warned, stance="opposes" if warned.stance == "supports" else "supports") if warned else None
        if lemma in self.wrong_verbs and verb.pos_ == "VERB" and verb.dep_ == "ccomp" and not self.cues.negated(verb):
            # "Strelsau said the strikes violated the Zenda Charter": a wrong the speaker says it does
            return Stance("opposes", lemma, "speaker", verb, self.confidence("consequence"), rule="warned-consequence")
        pressed = self.pressed(verb, topic_span, topic)
        if pressed is not None:
            return pressed
        if not self.warned(verb, lemma):
            return None
        harmed = self.harmed(verb, topic_span, topic) if lemma in self.harm_verbs or lemma in self.help_verbs else ""
        if harmed == "target" and lemma in self.harm_verbs and lemma not in self.emboldening and not self.cues.negated(verb):
            # a harm to whom the measure aims at, said by someone, is its point: "the sanctions hit Ruritania's revenues"
            return Stance("supports", lemma, "speaker", verb, self.confidence("consequence"), rule="harm-to-target")
        return self.warned_consequence(verb, lemma, topic_span, topic, harmed)

    def warned_consequence(self, verb: Token, lemma: str, topic_span: Span, topic: str, harmed: str | None = None) -> Stance | None:
        """The stance of a warned harm or help that falls on no named actor."""
        if harmed is None:
            harmed = self.harmed(verb, topic_span, topic) if lemma in self.harm_verbs or lemma in self.help_verbs else ""
        if harmed in ("target", "named") and lemma not in self.emboldening:
            return None  # harm to a named actor is the point of a measure, not a warning against it
        # "a truce would only let the regime rearm": dismissed ("would only help" still helps)
        stance = "supports" if lemma in self.help_verbs and not self.cues.negated(verb) else "opposes"
        return Stance(stance, lemma, "speaker", verb, self.confidence("consequence"), rule="warned-consequence")

    def pressed(self, verb: Token, topic_span: Span, topic: str) -> Stance | None:
        """'New sanctions would force Ruritania to negotiate', 'the bill would
        bring Ruritania to the table': a measure pressing its own target toward
        something is what its supporters say of it."""
        if verb.lemma_.lower() not in self.coercion_verbs or self.cues.negated(verb):
            return None
        if not any(c.dep_ == "aux" and c.lower_ in self.consequence_modals for c in verb.children) and verb.dep_ != "ccomp":
            return None
        # toward talks or a deal ("to negotiate", "to the table"), not anywhere ("into the arms of China")
        goal = any(c.dep_ == "xcomp" and c.lemma_.lower() in self.coercion_aims or c.dep_ == "prep" and c.lower_ in self.coercion_goals
                   and any(o.dep_ == "pobj" and o.lemma_.lower() in self.coercion_aims for o in c.children) for c in verb.children)
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if not goal or not objects or self.harmed(verb, topic_span, topic) != "target":
            return None
        return Stance("supports", verb.lemma_.lower(), "speaker", verb, self.confidence("consequence"), rule="pressure-on-target")

    def warned(self, verb: Token, lemma: str) -> bool:
        """Whether a verb says what a measure would do: a harm or help under a
        modal, anything it would "only" do, or a harm a speaker says it does."""
        modal = any(c.dep_ == "aux" and c.lower_ in self.consequence_modals for c in verb.children)
        # A verb the tagger took for a name ('would "boomerang"') is still one under its modal.
        if not (verb.pos_ == "VERB" or (modal and verb.pos_ in ("PROPN", "NOUN"))):
            return False
        # said in the present: "sanctions only prolong the war", reported
        present = verb.dep_ == "ccomp" and verb.tag_ in ("VB", "VBZ", "VBP") and not any(
            c.dep_ == "aux" and c.tag_ == "VBD" for c in verb.children)  # "did not serve its purpose": a verdict
        if self.cues.negated(verb):
            # "sanctions would not help the talks", "arms do not contribute to a settlement": a
            # help denied is a warning; a harm denied ("would not hurt") is no stance we can read
            return lemma in self.help_verbs and (modal or present)
        if self.dismissed_nobody(verb):
            return False
        # not "would only work if …", "would only take effect in June": a condition, a time
        dismissed = any(c.dep_ == "advmod" and c.lower_ in self.dismissive for c in verb.children) and not any(
            c.dep_ in ("advcl", "prep", "npadvmod") for c in verb.children)
        if lemma not in self.harm_verbs and lemma not in self.help_verbs and not (dismissed and modal):
            return False
        return modal or (present and lemma in self.harm_verbs)

    def dismissed_nobody(self, verb: Token) -> bool:
        """'would reward nobody', 'would harm no country': a harm to nobody."""
        return any(c.dep_ == "dobj" and (c.lower_ in self.negative_subjects or any(
            d.dep_ == "det" and d.lower_ in self.negative_subjects for d in c.children)) for c in verb.children)

    def harmed(self, verb: Token, topic_span: Span, topic: str = "") -> str:
        """On whom a harm (or help) falls: "" nobody named, "target" only those the
        measure is aimed at ("sanctions would hurt Ruritania's economy"), "other"
        only others, where the scheme says whom it aims at ("sanctions on
        Ruritania hurt Syldavia more"), else "named"."""
        inside = {t.i for t in topic_span}
        harmed = {self.actors.side(iri) for child in verb.children if child.dep_ in ("dobj", "dative", "xcomp", "ccomp")
                  for t in child.subtree if t.i not in inside for iri in [self.actors.named_at(t.i)] if iri}
        if not harmed:
            return ""
        targets = self.knowledge.targets(topic)
        if targets and harmed <= targets:
            return "target"
        return "other" if targets and not harmed & targets else "named"

    def kept(self, root: Token, opposite: bool) -> Stance | None:
        """'Sanctions will remain in place', 'the troops would stay': whoever
        says a measure will be kept supports it (opposes it, negated)."""
        if root.dep_ != "nsubj" or opposite:
            return None
        verb = root.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.persistence_verbs:
            return None
        if any(c.dep_ in ("xcomp", "dobj") for c in verb.children):
            return None  # "aid would continue to fuel the conflict": what it would go on doing
        if not any(c.dep_ == "aux" and (c.lower_ in self.volition or c.lower_ in self.consequence_modals)
                   for c in verb.children):
            return None
        stance = "opposes" if self.cues.negated(verb) else "supports"
        return Stance(stance, verb.lemma_.lower(), "speaker", verb, self.confidence("kept_in_place"), rule="kept-in-place")

    def received_stance(self, root: Token) -> Stance | None:
        """'the truce has gained support from Freedonia', 'the plan drew criticism
        from Fredonville': the stance noun's owner takes a stance on the subject."""
        while root.dep_ in ("pobj", "prep", "compound", "amod") and root.head.i != root.i:
            root = root.head  # "the plan for a ceasefire has won backing from X": the plan's subject
        if root.dep_ not in ("nsubj", "nsubjpass") or root.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = root.head
        for noun in verb.children:
            if noun.dep_ == "dobj" and noun.idx in self.reports.by_cue_at:
                found = self.cues.cue_at(noun)
                if found is None:
                    continue
                stance = NEGATE[found.entry.stance] if self.cues.negated(verb) else found.entry.stance
                return Stance(stance, found.word, "speaker", noun, round(found.entry.weight - self.confidence("owned_noun_discount"), 2),
                              rule="received-stance")
        return None
