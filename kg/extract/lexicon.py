"""The cue lexicon (ontology/lexicon.toml), checked against its schema when loaded.

The schema below says what every key is: a list of words, a word, a number,
a table of those, or entries such as ``[[stance]]``. The packaged file must
have every key with its type; a user's ``--lexicon`` may only name keys of the
packaged file, each with the type the schema gives it. Either mistake is one
:class:`InputError` naming the file and the key, before any article is read.

The checked lexicon is made of :class:`Section` dicts: a key the schema does
not give a section is a mistake in code (a misspelt ``words(...)`` path), said
as one :class:`LexiconKeyError` naming the key rather than a bare KeyError or
an empty default. ``tests/test_lexicon.py`` finds such mistakes, and keys no
code reads, without running an article.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Union

from kg.errors import InputError

PACKAGED = "ontology/lexicon.toml"


# -- the kinds of value ------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A plain value: ``name`` as an error says it, ``test`` whether a value is one."""

    name: str
    test: Callable[[object], bool]


def _is_words(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(word, str) for word in value)


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


WORDS = Kind("a list of words", _is_words)
WORD = Kind("a word", lambda value: isinstance(value, str))
INTEGER = Kind("a whole number", _is_integer)
NUMBER = Kind("a number", lambda value: _is_integer(value) or isinstance(value, float))
CONFIDENCE = Kind("a number from 0 to 1", lambda value: NUMBER.test(value) and 0 <= value <= 1)
GROUPS = Kind("a list of lists of words", lambda value: isinstance(value, list) and all(_is_words(g) for g in value))


def _are_patterns(value: object) -> bool:
    if not _is_words(value):
        return False
    try:
        for pattern in value:
            re.compile(pattern)
    except re.error:
        return False
    return True


PATTERNS = Kind("a list of regular expressions", _are_patterns)


def choice(*values: str) -> Kind:
    return Kind("one of " + ", ".join(repr(v) for v in values), lambda value: value in values)


@dataclass(frozen=True)
class Table:
    """A table whose keys are data (``fixes = { hoped = "hope" }``), its values
    of one kind: a user's table adds to the packaged one, entry by entry."""

    of: Kind


@dataclass(frozen=True)
class Fields:
    """A table whose keys are fixed by the schema, each of its own type: all
    of them in the packaged file, any of them in a user's."""

    fields: dict[str, Schema]


@dataclass(frozen=True)
class Entries:
    """An array of tables (``[[stance]]``) with the fields given, the
    ``required`` ones in every entry: a user's array replaces the packaged one."""

    fields: dict[str, Kind]
    required: tuple[str, ...]


Schema = Union[Kind, Table, Fields, Entries]


def _words(*names: str) -> dict[str, Schema]:
    return {name: WORDS for name in names}


MEETING_KINDS = ("Talks", "Summit", "PhoneCall", "Conference")  # skg classes (ontology/skg.ttl)

SCHEMA = Fields({
    "speech": Fields(_words("denials", "negated_opinions", "own_wishes", "speculation_verbs", "speculation_nouns", "verbs", "assertive", "emphatic", "according", "reporting_prepositions")),
    "stance": Entries(
        {
            "stance": choice("supports", "opposes", "demands", "accepts"),
            "holder": choice("subject", "speaker"),
            "weight": NUMBER,
            **_words("lemmas", "nouns", "adjectives", "modals", "modal_heads"),
        },
        required=("stance",),
    ),
    "polarity": Fields(_words(
        "reversal", "phrasal_non_cues", "prepositional_non_cues", "reversal_nouns", "attitude_verbs", "condition_nouns", "condition_adjectives",
        "volition", "refusing_auxiliaries", "realisation_verbs", "stance_prepositions", "owner_prepositions", "object_cues", "reason_prepositions", "time_frame_prepositions", "time_frame_nouns",
        "denial_determiners", "made_nouns", "authoring_participles", "demand_nouns", "threat_verbs", "threat_modals", "threat_alternatives", "onset_phrases", "means_nouns", "means_prepositions", "means_positions", "means_position_prepositions", "means_openers", "warning_verbs", "exploiting_verbs", "certainty_words", "ending_complements", "content_verbs",
        "evaluation_heads", "describing_verbs", "harm_verbs", "help_verbs", "coercion_verbs", "coercion_goals", "coercion_aims", "emboldening_verbs", "consequence_modals", "dismissive_adverbs", "demanding_conditions", "restrictive_conditions", "conditioned_verbs", "threatening_conditions", "awaiting_conditions",
        "good_outcomes", "conditional_marks", "negations", "necessity_prepositions", "refusal_conditions", "qualifying_words", "bad_outcomes",
        "continuation_subjects", "continuation_verbs", "barriers", "inverted_conditions", "predictive_modals",
        "forecast_adjectives", "expectation_nouns", "alternative_markers", "ascription_cues", "void_nouns", "mention_only", "issue_nouns",
        "clause_negations", "open_negations", "negating_words", "negative_subjects", "negative_subject_determiners",
        "condition_prepositions", "evaluated_subjects", "alternative_prepositions", "preference_verbs", "preference_prepositions", "persistence_verbs", "wrong_verbs", "use_verbs",
        "possession_verbs", "sharing_verbs", "making_verbs", "hortatives", "withholding", "factual_marks", "time_marks", "conversation_marks", "crediting_cues", "adopting_cues", "reproach_verbs", "continuing_cues", "troubled_adjectives", "role_prepositions", "preposition_verbs", "concessive_words", "imitation_phrases", "endorsing_verbs", "hedging_modals",
    )),
    "labels": Fields({"synonyms": GROUPS, "qualifier_nouns": WORDS, "nominalisations": Table(WORDS), "object_prepositions": WORDS, "target_prepositions": WORDS, "head_share": NUMBER,
                      "head_labels": INTEGER}),
    "anaphora": Fields({"groups": GROUPS, "broader": Table(WORD), "acts": Table(WORDS), **_words("new_words", "link_deps", "object_pronouns", "idea_nouns", "judging_verbs", "kind_words", "proposing_verbs", "plural_object_pronouns", "plural_possessives", "generic_acts", "question_verbs", "question_prepositions"), "max_hops": INTEGER}),
    "actors": Fields(_words(
        "name_particles", "collective_heads", "agent_nouns", "party_nouns", "party_determiners", "binding_verbs", "unnamed_doers", "head_titles", "head_roles", "contrast_marks", "counterpart_nouns", "counterpart_roles", "pair_words", "person_group_heads",
        "any_group_heads", "group_pronouns", "company_prepositions", "background_prepositions", "document_nouns", "text_name_heads",
        "document_pronouns", "generic_documents", "issuing_verbs", "publishing_verbs", "document_owner_prepositions", "partial_list_prepositions", "relative_owners", "side_pronouns", "self_pronouns", "pair_heads", "titles", "media_words", "report_nouns", "person_pronouns", "one_persons_pronouns",
        "collective_pronouns", "portfolio_words", "first_person", "actor_labels", "place_labels",
        "body_nouns", "state_office_heads", "unnamed_state_offices", "state_forms", "collective_prepositions", "inclusion_prepositions", "relative_pronouns",
        "document_prepositions", "title_prepositions", "portfolio_prepositions", "body_name_heads", "named_group_heads",
    )),
    "meetings": Fields({
        "nouns": Fields(_words(*MEETING_KINDS)),
        "other_senses": Table(WORDS),
        "generic_kind": choice(*MEETING_KINDS),
        "labels": Fields({kind: WORD for kind in MEETING_KINDS}),
        "verbs": Fields(_words("Talks", "PhoneCall")),
        "media_kind": choice(*MEETING_KINDS),
        "month_abbreviations": Table(INTEGER),
        "relative_days": Table(INTEGER),
        "units": Table(INTEGER),
        **_words(
            "not_meetings", "kin_kinds", "cancelled", "company_verbs", "encounter_verbs", "audience_verbs", "media_verbs", "media", "media_prepositions", "containers",
            "delegation_nouns", "signing_verbs", "signed_nouns", "participation_verbs", "convening_verbs", "event_verbs",
            "place_prepositions", "arrival_verbs", "arrival_prepositions", "visit_words", "separate_words", "conversation_prepositions", "duration_prepositions", "duration_blockers", "session_verbs", "session_bodies", "visit_prepositions", "margin_nouns",
            "gathering_heads", "venue_heads",
            "company_prepositions", "between_prepositions", "inclusion_prepositions",
            "member_prepositions", "speech_prepositions", "sequence_prepositions", "stance_complement_prepositions", "remark_nouns", "date_prepositions",
            "participation_prepositions", "host_verbs", "host_nouns", "role_prepositions",
            "absence_verbs", "absence_nouns", "absence_adjectives", "inclusion_verbs", "hypothetical",
            "definite_determiners", "indefinite_determiners", "relative_pronouns", "group_pronouns",
            "planned", "weekdays", "months", "past_words", "future_words", "ago_words", "one_words",
        ),
    }),
    "lemmas": Fields({"fixes": Table(WORD)}),
    "boilerplate": Fields({"lines": PATTERNS}),
    "language": Fields({"min_stopword_share": NUMBER, "min_words": INTEGER}),
    "confidence": Fields({rule: CONFIDENCE for rule in (
        "direct_quote", "reported_speech", "pronoun_speaker_discount", "stance_noun_speech",
        "according_to", "quoted_sentence_discount", "unattributed_quote", "nested_cue_discount",
        "speech_denial_discount", "not_without", "refused_opposite", "cue_noun_discount", "authored", "threat", "means", "deal_parties", "own_plan",
        "hop_discount", "content_discount", "climb_floor", "demanding_condition", "owned_noun_discount",
        "relative_clause_discount", "volition", "consequence", "evaluation_discount", "plan_list_item",
        "carried_over", "statement_margin", "kept_in_place", "object_noun_discount", "imitation",
    )}),
})


# -- the checked lexicon -----------------------------------------------------


class LexiconKeyError(KeyError):
    """Code asked the lexicon for a key its schema does not have: a bug, not bad input."""

    def __str__(self) -> str:
        return str(self.args[0])


class Section(dict):
    """A checked table of fixed keys. Every key of the schema is in it, so a
    key that is not is a mistake in code: ``[]`` and ``.get`` both raise
    :class:`LexiconKeyError` naming it (``.get``'s default would hide it)."""

    def __init__(self, items: dict, where: str) -> None:
        super().__init__(items)
        self.where = where

    def __missing__(self, key):
        name = f"{self.where}.{key}" if self.where else key
        raise LexiconKeyError(f"the lexicon has no key {name!r} ({PACKAGED}; a misspelt key in code?)")

    def get(self, key, default=None):  # the default is never wanted: every key is there
        return self[key]

    def __reduce__(self):  # a worker process gets the same checked sections
        return (Section, (dict(self), self.where))


def words_at(lexicon: Section, path: tuple[str, ...]) -> list[str]:
    """The word list at ``path``; any other path is a :class:`LexiconKeyError`."""
    node: object = lexicon
    for key in path:
        if isinstance(node, Section):
            node = node[key]  # a key the schema does not have: LexiconKeyError
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            node = None
            break
    if _is_words(node):
        return node
    raise LexiconKeyError(f"the lexicon key {'.'.join(path)!r} is not a list of words ({PACKAGED})")


class _Mismatch(Exception):
    """A key of the wrong kind, unknown or missing: turned into an InputError with the file."""


def _name(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _check(value: object, schema: Schema, where: str, complete: bool):
    """``value`` as checked against ``schema`` (``Section`` for its tables).
    ``complete``: every fixed key must be there (the packaged file)."""
    if isinstance(schema, Kind):
        if not schema.test(value):
            raise _Mismatch(f"key {where!r} must be {schema.name}, not {_what(value)}")
        return value
    if isinstance(schema, Entries):
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            raise _Mismatch(f"key {where!r} must be entries [[{where}]], not {_what(value)}")
        for n, entry in enumerate(value, start=1):
            at = f"{where}[{n}]"
            for key in schema.required:
                if key not in entry:
                    raise _Mismatch(f"entry {at} has no {key!r}")
            for key, item in entry.items():
                if key not in schema.fields:
                    raise _Mismatch(f"unknown key {_name(at, key)!r} (the keys are {', '.join(schema.fields)})")
                _check(item, schema.fields[key], _name(at, key), complete)
        return value
    if not isinstance(value, dict):
        raise _Mismatch(f"key {where!r} must be a table, not {_what(value)}")
    if isinstance(schema, Table):
        return {key: _check(item, schema.of, _name(where, key), complete) for key, item in value.items()}
    for key in value:
        if key not in schema.fields:
            raise _Mismatch(f"unknown key {_name(where, key)!r} (the keys are those of the packaged {PACKAGED})")
    if complete:
        for key in schema.fields:
            if key not in value:
                raise _Mismatch(f"key {_name(where, key)!r} is missing")
    return Section({key: _check(item, schema.fields[key], _name(where, key), complete)
                    for key, item in value.items()}, where)


def _what(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: cannot read lexicon: {error}") from error


def load(path: Path) -> Section:
    """The packaged lexicon, every key of the schema checked."""
    try:
        return _check(_read(path), SCHEMA, "", complete=True)
    except _Mismatch as error:
        raise InputError(f"{path}: {error}") from None


def overlay(base: Section, path: Path) -> Section:
    """``base`` with the entries of the user's lexicon at ``path`` in place of its own."""
    try:
        own = _check(_read(path), SCHEMA, "", complete=False)
    except _Mismatch as error:
        raise InputError(f"{path}: {error}") from None
    return _merge(base, own, SCHEMA)


def _merge(base, own, schema: Schema):
    if isinstance(schema, Fields):
        merged = dict(base)
        for key, value in own.items():
            merged[key] = _merge(base[key], value, schema.fields[key])
        return Section(merged, base.where)
    if isinstance(schema, Table):
        return {**base, **own}
    return own
