"""The scheme's labels compiled once into the index kg.extract.labels matches
sentences against: each label's keys (its words' lemmas, with the lexicon's
synonyms), and the other ways a text words it: a noun's label as its verb
("release of hostages" as "release the hostages"), a verb's label in the
passive, a place's label with the place after the noun, a pair's label
without the pair.
"""

from __future__ import annotations

import itertools

import re

from spacy.language import Language

from kg.extract import head_nouns
from kg.extract.knowledge import Knowledge, alias_key
from kg.extract.labels import (
    DROPPED_POS, PAIR_JOINS, PLACE_PREPOSITIONS, POSSESSIVE, Key, Label, LabelIndex, keys_of,
)
from kg.extract.spellings import spellings
from kg.extract.syntax import lemma_key


def _label_keys(doc, knowledge: Knowledge, synonyms: dict[str, frozenset[str]]) -> tuple[tuple[frozenset[str], ...], tuple[str, ...]]:
    """Keys of a label: gazetteer names become actors, longest name first."""
    tokens = [t for t in doc]
    actors: dict[int, str] = {}
    i = 0
    while i < len(tokens):
        for width in (4, 3, 2, 1):
            if i + width > len(tokens):
                continue
            words = doc[i : i + width].text
            known = knowledge.by_alias.get(alias_key(words))
            if known is None and width == 1:
                known = knowledge.by_demonym.get(words.lower())
            if known is not None:
                for j in range(i, i + width):
                    actors[j] = known.iri
                i += width
                break
        else:
            i += 1
    def needed(key: Key) -> bool:
        token = tokens[key.first]
        if key.key.startswith("@") or key.first != key.last:
            return True
        return token.pos_ not in DROPPED_POS and token.text.replace("’", "'") not in POSSESSIVE

    kept = [k for k in keys_of(tokens, actors.get) if needed(k)]
    if len(kept) == 1 and kept[0].key.startswith("@"):
        # A label that is a name alone names the topic in that wording, not
        # wherever its actor is: "Strelsau" may be a topic's label and still
        # the city that stands for a government everywhere else.
        kept = [k for k in keys_of(tokens, lambda i: None) if needed(k)]
    if len(kept) == 1 and tokens[kept[0].first].tag_ == "NNS":
        # A plural noun alone takes its synonyms' plurals only: "strikes" names
        # "the attacks", and "tariffs" "duties", but not "our duty".
        word = kept[0]
        return (frozenset(word.forms).union(_plural(w) for w in synonyms.get(word.key, ())),), (word.key,)
    if len(kept) < 2:
        return tuple(frozenset(k.forms) for k in kept), tuple(k.key for k in kept)
    return tuple(frozenset(k.forms).union(synonyms.get(k.key, ())) for k in kept), tuple(k.key for k in kept)


# Prepositions of a label's setting, which a text may leave out: "ceasefire on the border"
SETTING_PREPOSITIONS = frozenset({"on", "in", "at", "along", "across", "near", "between", "over"})


def _parts(texts: list[tuple[str, str, bool, str]], docs: list, knowledge: Knowledge) -> list[tuple[str, str, bool, str]]:
    """The shorter labels a user's label holds: each of two nouns it joins
    ("withdrawal of troops and heavy weapons" is also "withdrawal of heavy
    weapons"), and its noun without a phrase that only says where or when
    ("Ceasefire on the Ruritania–Freedonia border" is also "ceasefire"), where
    another label of the topic has that noun. Not where another topic has
    the shorter label for its own."""
    nouns: dict[str, list[set[str]]] = {}
    taken: dict[str, str] = {}
    for (iri, _, _, spelled), doc in zip(texts, docs):
        taken.setdefault(spelled.lower(), iri)
        nouns.setdefault(iri, []).append({t.lemma_.lower() for t in doc if t.pos_ == "NOUN"})
    preferred = {topic.iri: topic.label for topic in knowledge.topics}
    found: dict[tuple[str, str], tuple[str, str, bool, str]] = {}
    for (iri, text, opposite, _), doc in zip(texts, docs):
        own = {t.lemma_.lower() for t in doc if t.pos_ == "NOUN"}
        others = set().union(*(words for words in nouns[iri] if words != own))
        # only the concept's name says where it is; a wording with a place ("troops in Freedonia") needs it
        unplaced = _unplaced(doc, others, knowledge, text == preferred.get(iri))
        for part in [*_conjuncts(doc), *unplaced]:
            if part and taken.get(part.lower(), iri) == iri and part.lower() not in taken:
                found.setdefault((iri, part.lower()), (iri, text, *_unnegated(part, opposite)))
    return list(found.values())


def _own(parts: list, keyed: list) -> list:
    """The shorter labels that no other topic reads the same: "US tariffs" of
    "US tariffs on European cars" is not that topic's where another has "US tariff"."""
    topics: dict[tuple[str, ...], set[str]] = {}
    for iri, *_, lemmas in keyed:
        topics.setdefault(lemmas, set()).add(iri)
    return [part for part in parts if topics[part[-1]] == {part[0]}]


def _conjuncts(doc) -> list[str]:
    """The label with each of two joined nouns alone."""
    found = []
    if any(t.text in ",-–" for t in doc):
        return []  # a list, or a hyphenated word: "visa, trade and diplomatic measures", "de-escalation"
    for token in doc:
        head = token.head
        if token.dep_ != "conj" or token.pos_ != "NOUN" or head.pos_ != "NOUN":
            continue  # not names: "between Ruritania and Freedonia" is the pair
        joins = {c.i for c in head.children if c.dep_ == "cc" and head.i < c.i < token.i}
        second = {t.i for t in token.subtree}
        first = set(range(head.left_edge.i, head.i + 1))
        found.append(_without(doc, joins | second))
        found.append(_without(doc, joins | first))
    return found


def _unplaced(doc, nouns: set[str], knowledge: Knowledge, named: bool) -> list[str]:
    """The label up to a phrase that says where ("ceasefire on the Ruritania–Freedonia
    border", in the concept's name only) or when ("joint declaration of 26
    October"), where the topic's other labels have the noun before it."""
    for token in doc[1:]:
        last = doc[token.i - 1]
        rest = doc[token.i + 1 :]
        if last.lemma_.lower() not in nouns:
            continue  # (its tag is no help: a name capitalised as a title, "Ceasefire on …", is tagged a verb)
        where = named and token.lower_ in SETTING_PREPOSITIONS and _a_place(rest, knowledge)
        when = token.lower_ in ("of", "on", "in") and any(t.like_num for t in rest) and any(t.ent_type_ == "DATE" or t.pos_ == "PROPN" for t in rest)
        if where or when:
            return [doc[: token.i].text]
    return []


def _a_place(words, knowledge: Knowledge) -> bool:
    """Whether a label's last words say where: a known name, a name alone ("in
    Zenda") or a name on a common noun ("on the Ruritania–Freedonia border");
    not a title ("on the Establishment of Peace")."""
    names = [t for t in words if t.pos_ == "PROPN"]
    return any(_known(t.text, knowledge) for t in words) or bool(names) and (
        len([t for t in words if t.is_alpha]) == 1 or any(t.pos_ == "NOUN" and t.is_lower for t in words))


def _known(word: str, knowledge: Knowledge) -> bool:
    """Whether the word is a place's or a party's name, or its people's."""
    return any(part[:1].isupper() and (knowledge.by_alias.get(alias_key(part)) or knowledge.place_by_alias.get(alias_key(part))
                                       or knowledge.by_demonym.get(part.lower())) for part in re.split(r"[–—/-]", word))


def _without(doc, left_out: set[int]) -> str:
    return "".join(t.text_with_ws for t in doc if t.i not in left_out).strip(" ,")


def _unnegated(text: str, opposite: bool) -> tuple[bool, str]:
    """A label that says "no X" ("no chemical weapons") names the opposite of X:
    a text that wants X gone ("to stop Syldavia building a chemical weapon") wants it."""
    words = text.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() == "no":
        return not opposite, words[1]
    return opposite, text


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _synonyms(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Each word of a synonym group: the group's other words."""
    found: dict[str, frozenset[str]] = {}
    for group in knowledge.lexicon["labels"]["synonyms"]:
        for word in group:
            found[word] = found.get(word, frozenset()) | frozenset(w for w in group if w != word)
    return found


def compile_labels(nlp: Language, knowledge: Knowledge) -> LabelIndex:
    labels: list[Label] = []
    acts: dict[str, set[str]] = {}
    texts = [(topic.iri, text, *_unnegated(spelled, opposite)) for topic in knowledge.topics
             for text, opposite in topic.labels for spelled in spellings(text)]
    docs = list(nlp.pipe([spelled for *_, spelled in texts], disable=["ner"]))
    parts = _parts(texts, docs, knowledge)
    texts += parts
    docs += list(nlp.pipe([spelled for *_, spelled in parts], disable=["ner"]))
    synonyms = _synonyms(knowledge)
    verbs_of = {noun: frozenset(verbs) for noun, verbs in knowledge.lexicon["labels"]["nominalisations"].items()}
    nouns_of: dict[str, frozenset[str]] = {}
    for noun, verbs in verbs_of.items():
        for verb in verbs:
            nouns_of[verb] = nouns_of.get(verb, frozenset()) | {noun}
    keyed = [(iri, text, opposite, doc, *_label_keys(doc, knowledge, synonyms)) for (iri, text, opposite, _), doc in zip(texts, docs)]
    keyed = keyed[: len(keyed) - len(parts)] + _own(keyed[len(keyed) - len(parts):], keyed)
    undone = _undone(keyed, knowledge)
    labels += _unqualified(keyed)
    for iri, text, opposite, doc, keys, lemmas in keyed:
        if keys:
            # "Ruritanian troops", where the topic is "the withdrawal of Ruritanian troops": what it undoes
            opposite = opposite or any(lemmas == done[: len(lemmas)] for done in undone.get(iri, ()))
            labels += _wordings(Label(iri, keys, opposite, text, lemmas), doc, knowledge, verbs_of, nouns_of, acts)
    heads = head_nouns.head_words(nlp, knowledge, [(iri, text, opposite, doc) for (iri, text, opposite, _), doc in zip(texts, docs)])
    by_first: dict[str, list[Label]] = {}
    for label in labels:
        for form in sorted(label.keys[0]):
            by_first.setdefault(form, []).append(label)
    act_verbs = frozenset(acts) | frozenset(nouns_of) | knowledge.words("polarity", "reversal")
    return LabelIndex({k: tuple(v) for k, v in by_first.items()}, tuple(labels), {k: frozenset(v) for k, v in acts.items()},
                      heads, act_verbs, knowledge.words("labels", "qualifier_nouns"))


def _wordings(label: Label, doc, knowledge: Knowledge, verbs_of: dict[str, frozenset[str]],
              nouns_of: dict[str, frozenset[str]], acts: dict[str, set[str]]) -> list[Label]:
    """A label and the other ways a text may word it; the verbs that act on its
    topic go into ``acts``."""
    iri, keys, lemmas, opposite, text = label.topic, label.keys, label.lemmas, label.opposite, label.text
    found = [label]
    if _placed(doc, lemmas, knowledge):
        # "Strelsau talks" also as "talks in Strelsau"; the place as written, not the country
        # around it ("the Strelsau accord" is not any accord made in Ruritania)
        place = frozenset(form for form in keys[0] if not form.startswith("@"))
        found.append(Label(iri, (*keys[1:], PLACE_PREPOSITIONS, place), opposite, text, (*lemmas[1:], "in", lemmas[0])))
    verb = _leading_verb(doc, lemmas)
    if verb:
        # "lift sanctions" also as "sanctions should be lifted", "troops would be sent"
        found.append(Label(iri, keys[verb:] + keys[:verb], opposite, text, lemmas[verb:] + lemmas[:verb], passive=True))
        for form in keys[0]:
            acts.setdefault(form, set()).add(iri)
        if verb == 1 and lemmas[0] in nouns_of:
            # ... and as the noun of the act: "withdrawal of troops from X" for "withdraw troops from X"
            found.append(Label(iri, (nouns_of[lemmas[0]], frozenset({"of"}), *keys[1:]), opposite, text))
    if len(keys) == 1 and not lemmas[0].startswith("@") and doc[len(doc) - 1].pos_ == "NOUN":
        # A noun that is also a verb names the act it is: "Syldavia struck three depots" for "strikes"
        for form in keys[0]:
            acts.setdefault(form, set()).add(iri)
    for verbal, passive in _verbal(doc, keys, lemmas, verbs_of, knowledge.words("labels", "object_prepositions")):
        found.append(Label(iri, verbal, opposite, text, (), passive=passive))
        if not passive and not next(iter(verbal[0])).startswith("@"):
            for form in verbal[0]:
                acts.setdefault(form, set()).add(iri)
    return found


def _unqualified(keyed) -> list[Label]:
    """A label that opens with the pair it is between, "Ruritania–Freedonia
    peace treaty", "EU–US trade deal", also without them, in an article that
    names both: it says "the peace treaty". Only with two words left, and only
    where no other topic has those words for a label of its own."""
    taken = {lemmas for *_, lemmas in keyed}
    found: dict[tuple[str, ...], list[Label]] = {}
    for iri, text, opposite, _, keys, lemmas in keyed:
        pair = lemmas[:2]
        if (len(lemmas) >= 4 and all(k.startswith("@") for k in pair) and pair[0] != pair[1]
                and not lemmas[2].startswith("@") and PAIR_JOINS.search(text.split()[0]) and lemmas[2:] not in taken):
            parties = tuple(k[1:] for k in pair)
            found.setdefault(lemmas[2:], []).append(Label(iri, keys[2:], opposite, text, lemmas[2:], parties=parties))
    return [labels[0] for labels in found.values() if len({label.topic for label in labels}) == 1]


def _undone(keyed, knowledge: Knowledge) -> dict[str, list[tuple[str, ...]]]:
    """What each topic's labels undo: "Ruritanian troops" of "the withdrawal of
    Ruritanian troops", "the militia" of "the disarmament of the militia" (a
    reversal noun and "of"), "arms supplies" and "foreign support" of a topic
    named "halting arms supplies and foreign support" (a reversal verb, each
    item of its list).
    A label of the same topic that says only that names the topic's opposite."""
    nouns = knowledge.words("polarity", "reversal_nouns")
    verbs = knowledge.words("polarity", "reversal")
    names = {topic.iri: topic.label for topic in knowledge.topics}
    found: dict[str, list[tuple[str, ...]]] = {}
    for iri, text, opposite, _, keys, lemmas in keyed:
        if opposite or len(lemmas) < 2:
            continue
        if len(lemmas) >= 3 and lemmas[0] in nouns and lemmas[1] == "of":
            found.setdefault(iri, []).append(lemmas[2:])
        elif text == names.get(iri) and lemmas[0] in verbs and lemmas[1] not in ("of", "to", "the"):
            # only the name the scheme gives the topic: other labels with a verb are wordings of it
            done = lemmas[1:]
            items = [tuple(group) for is_item, group in itertools.groupby(done, lambda w: w not in ("and", "or", ",")) if is_item]
            found.setdefault(iri, []).extend(item for item in items if len(item) > 1 or len(items) == 1)
    return found


def _placed(doc, lemmas: tuple[str, ...], knowledge: Knowledge) -> bool:
    """Whether a label is a place's name and then a noun ("Strelsau talks",
    "Zenda declaration"), not a people's ("Ruritanian withdrawal"): what is
    done there, which the text may also write after it."""
    if len(lemmas) < 2 or not lemmas[0].startswith("@") or doc[0].pos_ != "PROPN":
        return False
    if knowledge.place_by_alias.get(alias_key(doc[0].text)) is None:
        return False  # an organisation's or a person's name: "Zenda Pact troops" are not troops in the Zenda Pact
    if doc[0].lower_ in knowledge.by_demonym or doc[-1].pos_ != "NOUN" or any(t.pos_ == "VERB" for t in doc):
        return False
    return not any(t.lower_ in POSSESSIVE for t in doc)


def _verbal(doc, keys: tuple[frozenset[str], ...], lemmas: tuple[str, ...], verbs_of: dict[str, frozenset[str]],
            objects: frozenset[str]) -> list[tuple[tuple[frozenset[str], ...], bool]]:
    """A label written as the noun of an action, as its verb (lexicon [labels]
    nominalisations), each with whether it is the passive: "release of hostages"
    and "hostage release" as "release hostages" and "hostages (were) released",
    "a freeze on troop movements" as "freeze troop movements";
    "Freedonian withdrawal" as "Freedonia (will) withdraw"."""
    if len(lemmas) >= 3 and lemmas[0] in verbs_of and lemmas[1] in objects:
        verb, done = verbs_of[lemmas[0]], keys[2:]
        found = [((verb, *done), False), ((*done, verb), True)]
        if lemmas[1] == "of" and len(lemmas) >= 4 and lemmas[2].startswith("@"):
            # "withdrawal of Ruritanian troops" also as "Ruritania (must) withdraw (its) troops"
            found.append(((keys[2], verb, *keys[3:]), False))
        return found
    words = [t for t in doc if t.pos_ not in DROPPED_POS and t.text not in POSSESSIVE]
    if len(lemmas) != 2 or lemmas[1] not in verbs_of or len(words) != 2:
        return []
    verb = verbs_of[lemmas[1]]
    if lemmas[0].startswith("@"):
        # the actor acts, or its act is named by the noun: "the withdrawal of Freedonia"
        return [((keys[0], verb), False), ((keys[1], keys[0]), False)]
    if words[0].pos_ not in ("NOUN", "PROPN"):
        return []  # "full withdrawal"
    found = [((verb, keys[0]), False), ((keys[0], verb), True)]
    if words[0].pos_ == "PROPN":
        # a name's act, or the act done to it, as the noun with "of": "the withdrawal of the Zenda Guard"
        found.append(((keys[1], keys[0]), False))
    return found


def _leading_verb(doc, lemmas: tuple[str, ...]) -> int:
    """How many keys the verb a label starts with takes ("lift" 1, "give up" 2),
    if the label is a verb and its object; 0 otherwise."""
    first = doc[0]
    if first.pos_ != "VERB" or first.tag_ != "VB" or not lemmas or lemmas[0] != lemma_key(first):
        return 0
    width = 1 + sum(1 for c in first.children if c.dep_ == "prt" and c.i == first.i + 1)
    return width if len(lemmas) > width else 0
