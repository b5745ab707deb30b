"""Topics found from their SKOS labels, with no regular expression to write.

Every ``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel`` of a
concept (and ``skg:oppositeLabel`` for wordings of its opposite, "sanctions
relief") is read once into a sequence of keys:

- the lower-case lemma of each word, so that "truces" matches "truce" and
  "ending the war" matches "end the war";
- hyphenated compounds joined, so that "cease-fire" matches "ceasefire";
- a name or demonym of the gazetteer replaced by its actor, so that the label
  "Freedonia's Pact membership" also matches "Fredonville's Pact membership" and
  "Freedonian Pact membership": aliases live in actors.ttl, not in copies;
- determiners and possessive markers left out;
- a word may list alternatives, "halt|pause strikes|attacks": one label for
  each choice.

A sentence matches a label when its keys appear in order, with at most
``MAX_GAP`` words between two of them that only qualify the phrase
(determiners, adjectives, numbers, adverbs, pronouns, prepositions, "'s",
names, a noun of the lexicon's labels.qualifier_nouns that qualifies the next
one): "the end of this brutal war", "give up any of its territory", "bringing
Ruritania's war in Freedonia to an end", "a seat at the negotiating table".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract import head_nouns
from kg.extract.head_nouns import Head
from kg.extract.syntax import lemma_key

MAX_GAP = 3
# Parts of speech that may sit between two words of a label in a text.
GAP_POS = frozenset({"DET", "ADJ", "NUM", "ADV", "PART", "PRON", "PUNCT", "ADP"})
# Parts of speech that may sit between two words of a label without limit:
# "$750 billion worth of Syldavian energy", "steel, aluminium and cars".
FREE_POS = frozenset({"PUNCT", "NUM", "SYM", "CCONJ"})
# Parts of speech a label does not need to spell out.
DROPPED_POS = frozenset({"DET", "PUNCT", "SPACE"})
POSSESSIVE = frozenset({"'s", "'", "’s", "’"})
# Between the object and the verb of a label turned passive ("sanctions on
# Ruritania should not be lifted"): auxiliaries, which a passive needs one of.
PASSIVE_MARKS = frozenset({"be", "get"})
# Auxiliaries that may sit between two words of any label ("the war must end",
# "children have to come back"); a negation may not, it is the climb's to read.
AUXILIARIES = frozenset({"be", "have", "to", "must", "should", "will", "would", "can", "could", "may", "might", "shall", "'ll"})
# Nouns of a part, which may sit between two words of a label with their "of":
# "leave the parts of Zenda they hold", "cede the rest of its territory".
PLACE_PREPOSITIONS = frozenset({"in", "at"})
PARTITIVES = frozenset({"rest", "remainder", "parts", "remnants"})  # not "part of its troops": some, not all
PAIR_JOINS = re.compile(r"\w[-–—/]\w")  # "Ruritania–Freedonia", "EU-US", "US/EU"
DETERMINERS = frozenset({"the", "a", "an"})  # left out of a name's words: "the Ruritanian Assembly"
PASSIVE_AUXILIARIES = PASSIVE_MARKS | AUXILIARIES | frozenset({"not", "n't", "never", "need", "ought", "'d"})


class Key:
    """One word (or name, or joined compound) of a text as labels see it."""

    # A plain class with slots: a sentence makes one per word, and frozen
    # dataclasses cost several times as much to build.
    __slots__ = ("key", "first", "last", "gap", "form", "free", "forms", "participle", "parts", "qualifies")

    def __init__(self, key: str, first: int, last: int, gap: bool, form: str = "", free: bool = False) -> None:
        self.key = key  # the lemma, an actor ("@" + IRI) or a joined compound
        self.first = first  # token index of the first token behind the key
        self.last = last  # token index of the last one
        self.gap = gap  # may sit between two keys of a label
        self.form = form  # the word as written, lower case: lemmas depend on context ("riches")
        self.free = free  # may sit between two keys without counting as a gap
        self.forms = (key, form) if form and form != key else (key,)
        self.participle = False  # a past participle after its noun: "the hostages freed", a passive with no "be"
        self.qualifies = False  # a noun modifying the next word
        self.parts: tuple[str, ...] = ()  # the words of a hyphenated compound: "prisoner-exchange" is "prisoner exchange" too

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and (self.key, self.first, self.last, self.gap, self.form, self.free) == (
            other.key, other.first, other.last, other.gap, other.form, other.free)

    def __repr__(self) -> str:
        return f"Key({self.key!r}, {self.first}, {self.last}, gap={self.gap}, form={self.form!r}, free={self.free})"


@dataclass(frozen=True)
class Label:
    topic: str  # concept IRI
    keys: tuple[frozenset[str], ...]  # each: the lemma and the written form
    opposite: bool
    text: str
    lemmas: tuple[str, ...] = ()  # the lemmas alone: two labels that read the same
    passive: bool = False  # a verb's label turned round: "sanctions should be lifted" for "lift sanctions"
    parties: tuple[str, ...] = ()  # actors an article must name for the label to count there


@dataclass(frozen=True)
class LabelIndex:
    by_first: dict[str, tuple[Label, ...]]
    labels: tuple[Label, ...]
    acts: dict[str, frozenset[str]] = field(default_factory=dict)  # verb -> the topics whose labels it starts: "swap prisoners"
    heads: dict[str, Head] = field(default_factory=dict)  # nouns that say a topic on their own: "aid"
    act_verbs: frozenset[str] = frozenset()  # verbs that act on what they take: labels' first verbs, nominalisations, reversals
    qualifiers: frozenset[str] = frozenset()  # nouns that may qualify the next word inside a label: "negotiating table"
    # The labels that may start at a word of several forms (a name's actor and its word), made once per forms.
    merged: dict[tuple[str, ...], tuple[Label, ...]] = field(default_factory=dict, compare=False, repr=False)

    def starting(self, forms: tuple[str, ...]) -> tuple[Label, ...]:
        """The labels whose first word is one of ``forms``, each once."""
        if forms not in self.merged:
            self.merged[forms] = tuple({id(label): label for form in forms for label in self.by_first.get(form, ())}.values())
        return self.merged[forms]


def keys_of(tokens: Iterable[Token], actor_of: Callable[[int], str | None]) -> list[Key]:
    """The key stream of some tokens; ``actor_of(i)`` is the actor IRI of token i, if any."""
    stream: list[Key] = []
    tokens = list(tokens)
    skip_until = -1
    for n, token in enumerate(tokens):
        if token.i <= skip_until:
            continue
        if token.pos_ == "SPACE" or token.is_space:
            continue
        actor = actor_of(token.i)
        if actor is not None:
            key = "@" + actor
            if stream and stream[-1].key == key and stream[-1].last == token.i - 1:
                last = stream.pop()
                merged = Key(key, last.first, token.i, last.gap)
                # its words, for a label that is this name and nothing else ("Ruritanian Assembly")
                merged.parts = _name_words((*(last.parts or (last.form,)), lemma_key(token)), token)
                stream.append(merged)
                continue
            # A name may qualify a phrase: "end Ruritania's war", "the war in Freedonia".
            # A one-word name keeps its word: a label may name a place the gazetteer
            # does not list ("cede Zenda"), which the recogniser took for a name.
            stream.append(Key(key, token.i, token.i, True, lemma_key(token)))
            continue
        text = token.text.replace("’", "'")
        # "cease-fire", "30-day", "co-host": one word, as labels write it.
        if (
            stream
            and n + 1 < len(tokens)
            and text == "-"
            and not token.whitespace_
            and stream[-1].last == token.i - 1
            and not tokens[n - 1].whitespace_
            and not stream[-1].key.startswith("@")
        ):
            after = tokens[n + 1]
            last = stream.pop()
            joined = Key(last.key + lemma_key(after), last.first, after.i, False)
            joined.parts = (*(last.parts or (last.key,)), lemma_key(after))
            stream.append(joined)
            skip_until = after.i
            continue
        stream.append(_word_key(token, text))
    return stream


def _name_words(words: tuple[str, ...], token: Token) -> tuple[str, ...]:
    """A name's words as a label spells them: no article, and a hyphenated
    word one word ("the Non-Aggression Pact": non-aggression, pact)."""
    *before, word = words
    if before and before[-1] == "-" and not token.nbor(-1).whitespace_ and len(before) > 1:
        return (*before[:-2], before[-2] + word)
    return tuple(w for w in (*before, word) if w not in DETERMINERS)


def _word_key(token: Token, text: str) -> Key:
    """The key of a plain word, with whether it may sit between a label's words."""
    pos = token.pos_
    gap = pos in GAP_POS or text in POSSESSIVE or (
        token.lower_ in PARTITIVES and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children))
    if pos in FREE_POS:
        free = True
    elif pos in ("NOUN", "PROPN"):
        # Other items of a list: "levies on steel, aluminium and cars" names levies on cars.
        free = token.dep_ == "conj" or any(c.dep_ == "conj" for c in token.children)
    else:
        free = _premodifier(token)
    key = Key(lemma_key(token), token.i, token.i, gap or free, text.lower(), free)
    key.participle = pos == "VERB" and token.tag_ == "VBN" and token.dep_ == "acl" and token.head.i < token.i
    key.qualifies = token.dep_ == "compound" and token.head.i == token.i + 1  # "the negotiating table"
    return key


def names_act(verb: Token, index: LabelIndex, actor_of: Callable[[int], str | None]) -> bool:
    """Whether ``verb`` and its object name an act of a topic: a label of the
    topic starting with the verb ("swapped 390 prisoners"), or the verb of one
    of its labels with the topic as object ("recognised the state of
    Freedonia", where a label is "recognition of Freedonia")."""
    topics = index.acts.get(verb.lemma_.lower())
    if not topics:
        return False
    objects = [t for c in verb.children if c.dep_ in ("dobj", "prt", "prep") and c.i > verb.i for t in c.subtree]
    stream = keys_of(sorted([verb, *objects], key=lambda t: t.i), actor_of)
    return any(label.topic in topics and not label.passive for label, _, _ in find(stream, index))


def names_object(verb: Token, index: LabelIndex, actor_of: Callable[[int], str | None]) -> bool:
    """Whether the verb's direct object names a topic by one of its labels
    (not its opposite): "suspended the prisoner exchange"."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        # the object itself, not a noun hung on it ("talks over the prisoner exchange")
        if any(not label.opposite and first <= obj.i <= last for label, first, last in find(keys_of(obj.subtree, actor_of), index)):
            return True
    return False


def find(stream: list[Key], index: LabelIndex) -> list[tuple[Label, int, int]]:
    """Every label match in a key stream: (label, first token, last token)."""
    found = []
    # Most labels tried at a word fail on a word the sentence does not have at
    # all: ruling them out by the sentence's words first halves the time here.
    present = {form for key in stream for form in (*key.forms, *key.parts)}
    by_first = index.by_first
    for start, first in enumerate(stream):
        if len(first.forms) == 1 and not first.parts:
            candidates = by_first.get(first.key, ())
        else:
            candidates = index.starting((*first.forms, *first.parts[:1]))
        for label in candidates:
            keys = label.keys
            if len(keys) > 1 and (present.isdisjoint(keys[1]) or present.isdisjoint(keys[-1])):
                continue
            end = _match(label, stream, start, index.qualifiers)
            if end:
                found.append((label, first.first, stream[end - 1].last))
    return found


def _match(label: Label, stream: list[Key], start: int, qualifiers: frozenset[str] = frozenset()) -> int:
    """Where in the stream a match of the label that starts at ``start`` ends (exclusive); 0 if none."""
    keys = label.keys
    first = stream[start]
    matched = 1 if first.key in keys[0] or first.form in keys[0] else _parts_cover(first, keys, 0)
    if not matched:
        return 0
    position, gaps, passive = start + 1, 0, False
    while matched < len(keys) and position < len(stream):
        here = stream[position]
        wanted = keys[matched]
        if here.key in wanted or here.form in wanted:
            matched += 1
            gaps = 0
        elif here.parts and _parts_cover(here, keys, matched):
            matched += len(here.parts)
            gaps = 0
        elif label.passive and here.key in PASSIVE_AUXILIARIES:
            passive = passive or here.key in PASSIVE_MARKS  # "should not be", "had to be"
        elif _free(here):
            pass
        elif (here.gap or here.key in AUXILIARIES or here.qualifies and here.key in qualifiers) and gaps < MAX_GAP:
            gaps += 1
        else:
            return 0
        position += 1
    if matched == len(keys) and (passive or not label.passive or stream[position - 1].participle):
        return position
    return 0


def _free(here: Key) -> bool:
    """A word that may sit between a label's words however many there are:
    punctuation, numbers, "and" ("levies on steel, aluminium and cars"), and a
    verb's auxiliaries ("the bloc would have to be at the table")."""
    return here.free or (here.key in AUXILIARIES and here.form != "to" and not here.gap)


def _parts_cover(key: Key, keys: tuple[frozenset[str], ...], at: int) -> int:
    """How many of a label's keys, from ``at``, the words of a hyphenated compound spell out; 0 if not all."""
    parts = key.parts
    if not parts or at + len(parts) > len(keys) or any(part not in keys[at + k] for k, part in enumerate(parts)):
        return 0
    return len(parts)


# How the words before a noun hang on it: "all severely wounded and seriously ill prisoners".
PREMODIFIER_DEPS = frozenset({"amod", "advmod", "det", "predet", "nummod", "quantmod", "cc", "conj", "npadvmod"})


def _premodifier(token: Token) -> bool:
    """Whether a word only qualifies a noun to its right, however many such words
    there are: "swap all severely wounded and seriously ill prisoners"."""
    node = token
    for _ in range(4):
        if node.dep_ not in PREMODIFIER_DEPS or node.pos_ in ("NOUN", "PROPN") or node.head.i <= token.i:
            return False
        node = node.head
        if node.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def _within_longer(label: Label, first: int, last: int, matches: list[tuple[Label, int, int]]) -> bool:
    """Whether another topic's label of more words takes in this match: "the
    Zenda declaration of principles" names that one, not any "declaration of
    principles" another topic has as a label."""
    return any(other.topic != label.topic and not other.passive and not label.opposite and len(other.keys) > len(label.keys)
               and o_first <= first and last <= o_last and (o_first, o_last) != (first, last)
               for other, o_first, o_last in matches)


def sentence_matches(
    sentence: Span, index: LabelIndex, actor_of: Callable[[int], str | None], named: Container[str] = ()
) -> dict[str, list[tuple[Span, bool]]]:
    """Label matches of one sentence by topic IRI, none overlapping within a topic: a
    label of the opposite first ("lifting sanctions on Ruritania" lifts them, whatever
    "sanctions on Ruritania" says), then the label of most words, then the tightest
    ("military aid", not "Syldavia for its military aid" by the label "Syldavian
    aid"), then the first. ``named``: the actors the article names, for labels
    that need their parties named."""
    doc = sentence.doc
    stream = keys_of(sentence, actor_of)
    by_topic: dict[str, list[tuple[Span, bool]]] = {}
    matches = sorted(find(stream, index), key=lambda m: (not m[0].opposite, -len(m[0].keys), m[2] - m[1], m[1]))
    for label, first, last in matches:
        if _within_longer(label, first, last, matches) or not all(p in named for p in label.parties):
            continue
        spans = by_topic.setdefault(label.topic, [])
        if any(s.start <= last and first < s.end for s, _ in spans):
            continue
        # A label turned passive is read from its verb, where a "must" or a
        # "should" sits: "all prisoners must be freed".
        spans.append((doc[last : last + 1] if label.passive else doc[first : last + 1], label.opposite))
    for label, verb in _relative_acts(sentence, index, actor_of):
        spans = by_topic.setdefault(label.topic, [])
        if all(p in named for p in label.parties) and not any(s.start <= verb.i < s.end for s, _ in spans):
            spans.append((doc[verb.i : verb.i + 1], label.opposite))
    if index.heads:
        head_nouns.name(sentence, index.heads, actor_of, by_topic, index.act_verbs)
    return by_topic


def _relative_acts(sentence: Span, index: LabelIndex, actor_of: Callable[[int], str | None]) -> Iterator[tuple[Label, Token]]:
    """'territory, which Strelsau says it will not give up', 'the land Ruritania
    refuses to cede': a label's verb in a relative clause, whose object is the
    noun the clause hangs from. The verb is the match: the climb starts there."""
    for clause in sentence:
        if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
            continue
        noun, verb = clause.head, _relative_verb(clause)
        if verb is None or verb.lemma_.lower() not in index.act_verbs:
            continue
        particles = [c for c in verb.children if c.dep_ == "prt"]
        stream = keys_of([verb, *particles], actor_of) + keys_of(noun.doc[noun.left_edge.i : noun.i + 1], actor_of)
        for label, first, last in find(stream, index):
            # a label that opens with the verb as written ("give up land"), not with its participle ("occupied land")
            if not label.passive and first == verb.i and last == noun.i and verb.lemma_.lower() in label.text.split()[0].split("|"):
                yield label, verb


def _relative_verb(clause: Token) -> Token | None:
    """The verb whose object a relative clause leaves out: the one "which" is
    the object of, or the last of its "to" verbs with no object ("refuses to cede")."""
    pronoun = next((t for t in clause.subtree if t.tag_ == "WDT" and t.dep_ == "dobj"), None)
    if pronoun is not None:
        return pronoun.head
    verb = clause
    while (following := next((c for c in verb.children if c.dep_ == "xcomp"), None)) is not None:
        verb = following
    return None if any(c.dep_ in ("dobj", "nsubjpass") or c.tag_ == "WDT" for c in verb.children) else verb
