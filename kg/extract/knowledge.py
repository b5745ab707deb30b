"""What the extractor knows about the world, loaded from ontology/ data files.

Nothing here names a person, place or phrase: the gazetteer (actors.ttl), the
topic scheme (topics.ttl) and the cue lexicon (lexicon.toml) do, and users edit
those files, or pass their own, without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg import vocab
from kg.errors import InputError
from kg.extract import lexicon as lexicon_file
from kg.resources import ontology_file
from kg.extract.cue_patterns import Shape, ShapeIndex, load_shapes


@dataclass(frozen=True)
class KnownActor:
    iri: str
    name: str
    kind: str  # Person | Organization | Country | Group
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    role: str | None = None
    affiliation: str | None = None  # IRI
    wikidata: str | None = None
    adversaries: tuple[str, ...] = ()  # IRIs of the other side(s) in the conflict


@dataclass(frozen=True)
class KnownPlace:
    iri: str
    name: str
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Topic:
    iri: str
    local: str
    label: str
    patterns: tuple[re.Pattern, ...]
    # Wordings of the opposite of the topic ("sanctions relief" for sanctions,
    # "territorial integrity" for territorial concessions): a stance on them is
    # the reverse stance on the topic.
    opposites: tuple[re.Pattern, ...] = ()
    # Labels that find it (kg.extract.labels): (text, names the opposite).
    labels: tuple[tuple[str, bool], ...] = ()
    scheme: str | None = None  # the skos:ConceptScheme it is in
    alt_labels: tuple[str, ...] = ()  # skos:altLabel, for people and query parameters
    scheme_label: str = ""  # the scheme's own prefLabel: what the whole debate is about

    # The patterns as one alternation each: one scan of a sentence instead of
    # one per pattern (the extractor's hottest loop).
    any_pattern: re.Pattern | None = field(init=False, compare=False, repr=False, default=None)
    any_opposite: re.Pattern | None = field(init=False, compare=False, repr=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "any_pattern", _alternation(self.patterns))
        object.__setattr__(self, "any_opposite", _alternation(self.opposites))


def _alternation(patterns: tuple[re.Pattern, ...]) -> re.Pattern | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class StanceCue:
    stance: str
    holder: str  # "subject" | "speaker"
    weight: float
    lemmas: frozenset[str]
    nouns: frozenset[str]
    adjectives: frozenset[str]
    modals: frozenset[str] = frozenset()
    modal_heads: frozenset[str] = frozenset()


@dataclass(eq=False)  # hashed by identity: it keys the model cache
class Knowledge:
    actors: list[KnownActor]
    places: list[KnownPlace]
    topics: list[Topic]
    lexicon: lexicon_file.Section  # checked against lexicon_file.SCHEMA
    stance_cues: list[StanceCue]
    # Lookups built once from the lists above.
    by_alias: dict[str, KnownActor] = field(default_factory=dict)
    by_demonym: dict[str, KnownActor] = field(default_factory=dict)
    by_iri: dict[str, KnownActor] = field(default_factory=dict)
    place_by_alias: dict[str, KnownPlace] = field(default_factory=dict)
    place_by_iri: dict[str, KnownPlace] = field(default_factory=dict)
    topic_by_iri: dict[str, Topic] = field(default_factory=dict)
    adversaries: dict[str, set[str]] = field(default_factory=dict)
    _words: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    # The labels of the topic scheme as lemma keys (kg.extract.labels.LabelIndex),
    # compiled with the spaCy pipeline when the model is loaded.
    label_index: object = None
    # Local shapes of stance cues (ontology/cue-patterns.json), compiled per vocabulary.
    shapes: tuple[Shape, ...] = ()
    _shape_indexes: dict[int, ShapeIndex] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for actor in self.actors:
            self.by_iri[actor.iri] = actor
            for other in actor.adversaries:  # symmetric: either side may say it
                self.adversaries.setdefault(actor.iri, set()).add(other)
                self.adversaries.setdefault(other, set()).add(actor.iri)
            for alias in (actor.name, *actor.aliases):
                self.by_alias.setdefault(alias_key(alias), actor)
            for demonym in actor.demonyms:
                self.by_demonym.setdefault(demonym.lower(), actor)
        self.topic_by_iri = {topic.iri: topic for topic in self.topics}
        for place in self.places:
            self.place_by_iri[place.iri] = place
            for alias in (place.name, *place.aliases):
                self.place_by_alias.setdefault(alias_key(alias), place)

    def shape_index(self, vocab) -> ShapeIndex:
        index = self._shape_indexes.get(id(vocab))
        if index is None or index.vocab is not vocab:
            index = self._shape_indexes[id(vocab)] = ShapeIndex(self.shapes, vocab)
        return index

    @cached_property
    def stance_lemmas(self) -> frozenset[str]:
        """Every verb of every stance cue (statements, meetings and the climb ask per article)."""
        return frozenset().union(*(c.lemmas for c in self.stance_cues))

    @cached_property
    def stance_nouns(self) -> frozenset[str]:
        """Every noun of every stance cue."""
        return frozenset().union(*(c.nouns for c in self.stance_cues))

    @cached_property
    def stance_adjectives(self) -> frozenset[str]:
        """Every adjective of every stance cue."""
        return frozenset().union(*(c.adjectives for c in self.stance_cues))

    @cached_property
    def agreement_nouns(self) -> frozenset[str]:
        """Nouns of documents and of deals or plans: what a text is issued, signed or drafted as."""
        return self.words("actors", "document_nouns") | self.group_words("anaphora", "groups")

    @cached_property
    def judging_rules(self) -> frozenset[str]:
        """The rules that read a judgement: the predicate shapes of cue-patterns.json, an evaluating adjective."""
        return frozenset(shape.rule for shape in self.shapes if shape.role == "predicate") | {"evaluative-adjective"}

    def words(self, *path: str) -> frozenset[str]:
        """A word list of the lexicon, lower-cased: words('speech', 'verbs').

        Memoised: the stages ask for the same lists per token and per sentence.
        """
        found = self._words.get(path)
        if found is None:
            found = self._words[path] = frozenset(w.lower() for w in lexicon_file.words_at(self.lexicon, path))
        return found

    def title_words(self) -> frozenset[str]:
        """Every word of a title ("national", "security", "adviser")."""
        found = self._words.get(("title words",))
        if found is None:
            found = self._words[("title words",)] = frozenset(
                w for title in self.words("actors", "titles") for w in title.split())
        return found

    def group_words(self, *path: str) -> frozenset[str]:
        """Every word of a list of word groups, or of a table of them, lower-cased:
        group_words('anaphora', 'groups'), group_words('meetings', 'nouns')."""
        key = ("groups", *path)
        found = self._words.get(key)
        if found is None:
            node = self.lexicon
            for part in path:
                node = node[part]
            groups = node.values() if isinstance(node, dict) else node
            found = self._words[key] = frozenset(w.lower() for group in groups for w in group)
        return found

    def actor_named(self, name: str) -> KnownActor | None:
        """The listed actor a name or a demonym stands for ("Strelsau", "Ruritanian")."""
        return self.by_alias.get(alias_key(name)) or self.by_demonym.get(name.lower())

    @cached_property
    def _targets(self) -> dict[str, frozenset[str]]:
        prepositions = self.words("labels", "target_prepositions")
        found: dict[str, frozenset[str]] = {}
        for topic in self.topics:
            targets = set()
            for text, _ in topic.labels:
                words = re.split(r"[\s|]+", text)
                for i in (i + 1 for i, word in enumerate(words) if word.lower() in prepositions):
                    known = next(filter(None, (self.actor_named(" ".join(words[i : i + n])) for n in (3, 2, 1))), None)
                    if known is not None:
                        targets.add(known.iri)
            found[topic.iri] = frozenset(targets)
        return found

    def targets(self, topic: str) -> frozenset[str]:
        """The actors a topic's labels aim it at: Ruritania in "sanctions on Ruritania"."""
        return self._targets.get(topic, frozenset())

    def confidence(self, rule: str) -> float:
        """The confidence a rule gives what it finds, named in the lexicon's
        [confidence]: confidence('direct_quote')."""
        return float(self.lexicon["confidence"][rule])


def alias_key(name: str) -> str:
    """Aliases match ignoring case, a leading 'the' and curly apostrophes."""
    key = name.replace("’", "'").strip().lower()
    return key[4:] if key.startswith("the ") else key


def _objects(graph: list[ox.Triple], subject, predicate: str) -> list:
    return sorted(
        (t.object for t in graph if t.subject == subject and t.predicate.value == predicate),
        key=str,
    )


def _parse(path: Path) -> list[ox.Triple]:
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError) as error:
        raise InputError(f"{path}: cannot read: {error}") from error


def load_gazetteer(path: Path) -> tuple[list[KnownActor], list[KnownPlace]]:
    triples = _parse(path)
    types = {}
    for t in triples:
        if t.predicate.value == vocab.RDF + "type" and t.object.value.startswith(vocab.SKG):
            types[t.subject] = t.object.value[len(vocab.SKG):]
    actors, places = [], []
    for subject, kind in sorted(types.items(), key=lambda item: item[0].value):
        label = _objects(triples, subject, vocab.RDFS + "label")
        name = label[0].value if label else subject.value.rsplit("/", 1)[-1]
        aliases = tuple(o.value for o in _objects(triples, subject, vocab.SKOS + "altLabel"))
        same = [o.value for o in _objects(triples, subject, vocab.OWL + "sameAs")]
        wikidata = same[0] if same else None
        if kind == "Place":
            part = _objects(triples, subject, vocab.SKG + "partOf")
            places.append(KnownPlace(subject.value, name, aliases, part[0].value if part else None, wikidata))
            continue
        role = _objects(triples, subject, vocab.SKG + "role")
        affiliation = _objects(triples, subject, vocab.SKG + "affiliation")
        actors.append(
            KnownActor(
                iri=subject.value,
                name=name,
                kind=kind,
                aliases=aliases,
                demonyms=tuple(o.value for o in _objects(triples, subject, vocab.SKG + "demonym")),
                role=role[0].value if role else None,
                affiliation=affiliation[0].value if affiliation else None,
                wikidata=wikidata,
                adversaries=tuple(sorted(o.value for o in _objects(triples, subject, vocab.SKG + "adversary"))),
            )
        )
    return actors, places


def load_topics(path: Path) -> list[Topic]:
    """The concepts of a SKOS scheme: labels find them (kg.extract.labels), patterns too where given.

    A concept is anything in a scheme (skos:inScheme, skos:topConceptOf) or
    typed skos:Concept. An error names the file and the concept.
    """
    triples = _parse(path)
    topics = []
    in_scheme = (vocab.SKOS + "inScheme", vocab.SKOS + "topConceptOf")
    concepts = sorted(
        {t.subject for t in triples if t.predicate.value in in_scheme}
        | {t.subject for t in triples if t.predicate.value == vocab.RDF + "type" and t.object.value == vocab.SKOS + "Concept"},
        key=str,
    )
    if not concepts:
        raise InputError(f"{path}: no SKOS concepts (nothing typed skos:Concept or in a skos:inScheme)")
    titles = _titles(triples)
    for concept in concepts:
        label = [o for o in _objects(triples, concept, vocab.SKOS + "prefLabel") if _english(o)]
        if not label:
            raise InputError(f"{path}: concept {concept.value} has no skos:prefLabel")
        compiled = {}
        for key in ("pattern", "oppositePattern"):
            compiled[key] = []
            for literal in _objects(triples, concept, vocab.SKG + key):
                try:
                    compiled[key].append(re.compile(literal.value, re.IGNORECASE))
                except re.error as error:
                    raise InputError(f"{path}: concept {concept.value}: bad skg:{key}: {error}") from error
        local = re.split(r"[/#]", concept.value)[-1]
        names = [
            (o.value, False)
            for key in ("prefLabel", "altLabel", "hiddenLabel")
            for o in _objects(triples, concept, vocab.SKOS + key)
            if _english(o)
        ]
        names += [(o.value, True) for o in _objects(triples, concept, vocab.SKG + "oppositeLabel")]
        schemes = [o.value for key in in_scheme for o in _objects(triples, concept, key)]
        shown = [o.value for o in _objects(triples, concept, vocab.SKOS + "altLabel") if _english(o)]
        topics.append(
            Topic(concept.value, local, label[0].value,
                  tuple(compiled["pattern"]), tuple(compiled["oppositePattern"]), tuple(names),
                  scheme=schemes[0] if schemes else None, alt_labels=tuple(shown), scheme_label=titles[schemes[0]] if schemes else "")
        )
    return topics


def _titles(triples: list[ox.Triple]) -> dict[str, str]:
    """Each scheme's English skos:prefLabel, read in one pass over the file."""
    schemes = {t.object.value for t in triples if t.predicate.value in (vocab.SKOS + "inScheme", vocab.SKOS + "topConceptOf")}
    found: dict[str, list[str]] = {iri: [] for iri in schemes}
    for t in triples:
        if t.subject.value in found and t.predicate.value == vocab.SKOS + "prefLabel" and _english(t.object):
            found[t.subject.value].append(t.object.value)
    return {iri: min(labels, default="") for iri, labels in found.items()}


def _english(literal) -> bool:
    """Labels without a language or in English: the parser and the cues are English."""
    language = getattr(literal, "language", None)
    return language is None or str(language).lower().startswith("en")


def _stance_cues(lexicon: lexicon_file.Section) -> list[StanceCue]:
    cues = []
    for entry in lexicon["stance"]:
        cues.append(
            StanceCue(
                stance=entry["stance"],
                holder=entry.get("holder", "subject"),
                weight=float(entry.get("weight", 0.8)),
                lemmas=frozenset(w.lower() for w in entry.get("lemmas", [])),
                nouns=frozenset(w.lower() for w in entry.get("nouns", [])),
                adjectives=frozenset(w.lower() for w in entry.get("adjectives", [])),
                modals=frozenset(w.lower() for w in entry.get("modals", [])),
                modal_heads=frozenset(w.lower() for w in entry.get("modal_heads", [])),
            )
        )
    return cues


def load(
    gazetteer: Path | None = None, topics: Path | None = None, lexicon: Path | None = None
) -> Knowledge:
    """Load the world knowledge; each file defaults to the packaged one.

    A user's gazetteer adds to the packaged one (its entries win where both
    name the same actor or alias); a user's topic scheme replaces the packaged
    one; a user's lexicon overrides the packaged entries it names.
    """
    actors, places = load_gazetteer(ontology_file("actors.ttl"))
    if gazetteer is not None:
        own_actors, own_places = load_gazetteer(Path(gazetteer))
        mine = {a.iri for a in own_actors} | {p.iri for p in own_places}
        packaged = {a.iri: a for a in actors}
        claimed = {alias_key(name): a.iri for a in own_actors for name in (a.name, *a.aliases)}
        actors = [_merged(a, packaged.get(a.iri), claimed) for a in own_actors] + [a for a in actors if a.iri not in mine]
        places = own_places + [p for p in places if p.iri not in mine]
    lex = lexicon_file.load(ontology_file("lexicon.toml"))
    if lexicon is not None:
        lex = lexicon_file.overlay(lex, Path(lexicon))
    known = Knowledge(
        actors=actors,
        places=places,
        topics=load_topics(Path(topics) if topics else ontology_file("topics.ttl")),
        lexicon=lex,
        stance_cues=_stance_cues(lex),
        shapes=load_shapes(ontology_file("cue-patterns.json")),
    )
    for shape in known.shapes:  # a pattern's word list must be one the lexicon has, checked now, not per article
        for node, where in shape.lexicon:
            try:
                known.words(*where)
            except lexicon_file.LexiconKeyError as error:
                raise InputError(f"{ontology_file('cue-patterns.json')}: shape {shape.rule!r}, node {node!r}: {error}") from error
    return known


def _merged(own: KnownActor, packaged: KnownActor | None, claimed: dict[str, str]) -> KnownActor:
    """A user's entry for an actor the packaged gazetteer has too: the user's
    name, kind and role win; the aliases, demonyms and links of both count
    ("United States" with the user's aliases still has "American"), less the
    names the user gives another actor ("the Commission" as its own body)."""
    if packaged is None:
        return own
    kept = tuple(a for a in packaged.aliases if claimed.get(alias_key(a), own.iri) == own.iri)
    return replace(
        own,
        aliases=tuple(dict.fromkeys(own.aliases + kept)),
        demonyms=tuple(dict.fromkeys(own.demonyms + packaged.demonyms)),
        role=own.role or packaged.role,
        affiliation=own.affiliation or packaged.affiliation,
        wikidata=own.wikidata or packaged.wikidata,
        adversaries=tuple(dict.fromkeys(own.adversaries + packaged.adversaries)),
    )


def from_files(chosen: dict[str, Path]) -> Knowledge:
    """The knowledge of a debate's own files (keys topics, actors, lexicon), the packaged one without any."""
    if not chosen:
        return default()
    return load(gazetteer=chosen.get("actors"), topics=chosen.get("topics"), lexicon=chosen.get("lexicon"))


@lru_cache(maxsize=1)
def default() -> Knowledge:
    return load()
