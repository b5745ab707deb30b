"""The [meetings] word lists of the lexicon, read once per article.

In: a Knowledge (its lexicon, ontology/lexicon.toml or the user's). Out: Cues,
a frozen table of word sets every other module of kg.extract.meetings reads;
no word a rule looks for is written in code.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.knowledge import Knowledge


@dataclass(frozen=True)
class Cues:
    """The [meetings] word lists, read once per article."""

    nouns: dict[str, str]  # surface form -> kind
    verbs: dict[str, str]  # lemma -> kind
    not_meetings: frozenset[str]
    other_senses: dict[str, frozenset[str]]
    generic_kind: str
    kin_kinds: frozenset[str]
    labels: dict[str, str]
    media_verbs: frozenset[str]
    company_verbs: frozenset[str]
    cancelled: frozenset[str]
    audience_verbs: frozenset[str]
    media_kind: str
    media: frozenset[str]
    containers: frozenset[str]
    delegation_nouns: frozenset[str]
    signing_verbs: frozenset[str]
    signed_nouns: frozenset[str]
    participation: frozenset[str]
    event_verbs: frozenset[str]
    place_preps: frozenset[str]
    arrival_verbs: frozenset[str]
    visit_words: frozenset[str]
    visit_preps: frozenset[str]
    margin_nouns: frozenset[str]
    gathering_heads: frozenset[str]
    venue_heads: frozenset[str]
    company_preps: frozenset[str]
    media_preps: frozenset[str]
    arrival_preps: frozenset[str]
    role_preps: frozenset[str]
    definite: frozenset[str]
    indefinite: frozenset[str]
    relative_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    member_preps: frozenset[str]
    between_preps: frozenset[str]
    inclusion_preps: frozenset[str]
    speech_preps: frozenset[str]
    encounter_verbs: frozenset[str]
    sequence_preps: frozenset[str]
    stance_complement_preps: frozenset[str]
    convening: frozenset[str]
    remark_nouns: frozenset[str]
    date_preps: frozenset[str]
    participation_preps: frozenset[str]
    host_verbs: frozenset[str]
    separate_words: frozenset[str]
    conversation_preps: frozenset[str]
    duration_preps: frozenset[str]
    duration_blockers: frozenset[str]
    session_verbs: frozenset[str]
    session_bodies: frozenset[str]
    host_nouns: frozenset[str]
    absence_verbs: frozenset[str]
    absence_nouns: frozenset[str]
    absence_adjectives: frozenset[str]
    inclusion_verbs: frozenset[str]
    hypothetical: frozenset[str]
    planned: frozenset[str]
    speech: frozenset[str]
    stance_verbs: frozenset[str]
    negations: frozenset[str]
    clause_negations: frozenset[str]
    place_labels: frozenset[str]
    weekdays: tuple[str, ...]
    months: dict[str, int]
    relative_days: dict[str, int]
    past_words: frozenset[str]
    future_words: frozenset[str]
    ago_words: frozenset[str]
    units: dict[str, int]
    one_words: frozenset[str]

    @classmethod
    def of(cls, knowledge: Knowledge) -> Cues:
        lex = knowledge.lexicon.get("meetings", {})

        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in lex.get(key, []))

        months: dict[str, int] = {}
        for number, name in enumerate(lex.get("months", []), start=1):
            months[name.lower()] = number
            months[name.lower()[:3]] = number
        months.update({k.lower(): int(v) for k, v in lex.get("month_abbreviations", {}).items()})
        return cls(
            nouns={w.lower(): kind for kind, ws in lex.get("nouns", {}).items() for w in ws},
            verbs={w.lower(): kind for kind, ws in lex.get("verbs", {}).items() for w in ws},
            not_meetings=words("not_meetings"),
            other_senses={k.lower(): frozenset(v) for k, v in lex.get("other_senses", {}).items()},
            generic_kind=lex.get("generic_kind", "Talks"),
            kin_kinds=frozenset(lex.get("kin_kinds", [])),
            labels=dict(lex.get("labels", {})),
            media_verbs=words("media_verbs"),
            company_verbs=words("company_verbs"),
            cancelled=words("cancelled"),
            audience_verbs=words("audience_verbs"),
            media_kind=lex.get("media_kind", "PhoneCall"),
            media=words("media"),
            containers=words("containers"),
            delegation_nouns=words("delegation_nouns"),
            signing_verbs=words("signing_verbs"),
            signed_nouns=words("signed_nouns"),
            participation=words("participation_verbs"),
            event_verbs=words("event_verbs"),
            place_preps=words("place_prepositions"),
            arrival_verbs=words("arrival_verbs"),
            visit_words=words("visit_words"),
            separate_words=words("separate_words"),
            conversation_preps=words("conversation_prepositions"),
            duration_preps=words("duration_prepositions"),
            duration_blockers=words("duration_blockers"),
            session_verbs=words("session_verbs"),
            session_bodies=words("session_bodies"),
            visit_preps=words("visit_prepositions"),
            margin_nouns=words("margin_nouns"),
            gathering_heads=words("gathering_heads"),
            venue_heads=words("venue_heads"),
            company_preps=words("company_prepositions"),
            media_preps=words("media_prepositions"),
            arrival_preps=words("arrival_prepositions"),
            role_preps=words("role_prepositions"),
            definite=words("definite_determiners"),
            indefinite=words("indefinite_determiners"),
            relative_pronouns=words("relative_pronouns"),
            group_pronouns=words("group_pronouns"),
            member_preps=words("member_prepositions"),
            between_preps=words("between_prepositions"),
            inclusion_preps=words("inclusion_prepositions"),
            speech_preps=words("speech_prepositions"),
            encounter_verbs=words("encounter_verbs"),
            sequence_preps=words("sequence_prepositions"),
            stance_complement_preps=words("stance_complement_prepositions"),
            convening=words("convening_verbs"),
            remark_nouns=words("remark_nouns"),
            date_preps=words("date_prepositions"),
            participation_preps=words("participation_prepositions"),
            host_verbs=words("host_verbs"),
            host_nouns=words("host_nouns"),
            absence_verbs=words("absence_verbs"),
            absence_nouns=words("absence_nouns"),
            absence_adjectives=words("absence_adjectives"),
            inclusion_verbs=words("inclusion_verbs"),
            hypothetical=words("hypothetical"),
            planned=words("planned"),
            speech=knowledge.words("speech", "verbs"),
            stance_verbs=knowledge.stance_lemmas,
            negations=knowledge.words("polarity", "negations"),
            clause_negations=knowledge.words("polarity", "clause_negations"),
            place_labels=frozenset(w.upper() for w in knowledge.lexicon.get("actors", {}).get("place_labels", [])),
            weekdays=tuple(w.lower() for w in lex.get("weekdays", [])),
            months=months,
            relative_days={k.lower(): int(v) for k, v in lex.get("relative_days", {}).items()},
            past_words=words("past_words"),
            future_words=words("future_words"),
            ago_words=words("ago_words"),
            units={k.lower(): int(v) for k, v in lex.get("units", {}).items()},
            one_words=words("one_words"),
        )
