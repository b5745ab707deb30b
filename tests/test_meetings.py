"""Meetings read off the parse: participants, host, absent, place, date, merging.

The sentences are written for these tests about events of the 2025 peace
process other than the seeds' (Istanbul, Jeddah, Alaska, London, calls), so
that the rules are checked on constructions, not on three articles.
"""

from __future__ import annotations

from datetime import date

import pytest

from kg.extract import knowledge as knowledge_module
from kg import vocab
from kg.extract.actors import find_actors
from kg.extract.annotate import load_model
from kg.extract.meetings import Cues, find_meetings, resolve_date
from kg.model import Article
from kg.pipeline import extract_doc
from kg.extract.read import read

A = vocab.ACTOR
P = vocab.PLACE


@pytest.fixture(scope="module")
def knowledge():
    return knowledge_module.default()


@pytest.fixture(scope="module")
def nlp(knowledge):
    return load_model(None, knowledge)


@pytest.fixture(scope="module")
def meetings(nlp, knowledge):
    def run(text: str, published: str | None = None, article_id: str = "test"):
        article = Article(id=article_id, text=text, published=date.fromisoformat(published) if published else None)
        doc = nlp(article.text)
        return find_meetings(doc, find_actors(doc, knowledge), knowledge, article)

    return run


def only(found):
    meetings, _, _ = found
    assert len(meetings) == 1, meetings
    return meetings[0]


def test_talks_with_place_date_host_and_absent(meetings):
    m = only(
        meetings(
            "Russian and Ukrainian delegations held direct talks in Istanbul on Friday, the first since 2022.\n"
            "The talks, hosted by Turkey, lasted less than two hours.\n"
            "The United States was not represented at the meeting, and European officials were absent from the talks.",
            "2025-05-16",
        )
    )
    assert m.kind == "Talks"
    assert m.place == P + "istanbul"
    assert m.date == "2025-05-16"
    assert m.participants == (A + "russia", A + "ukraine")
    assert m.host == A + "turkey"
    assert A + "united-states" in m.absent
    assert m.name == "talks in Istanbul"
    assert len(m.evidence) == 3


def test_places_returned_with_names(meetings):
    _, places, _ = meetings("Russia and Ukraine held talks in Istanbul on Friday.", "2025-05-16")
    assert places == {P + "istanbul": "Istanbul"}


def test_two_mentions_merge_into_one_meeting(meetings):
    m = only(
        meetings(
            "U.S. and Ukrainian officials met in Jeddah on Tuesday for talks on a ceasefire.\n"
            "Saudi Arabia hosted the talks. Andriy Yermak led the Ukrainian delegation.\n"
            "Russia was not invited to the Jeddah talks.",
            "2025-03-12",
        )
    )
    assert m.place == P + "jeddah"
    assert m.date == "2025-03-11"
    assert m.host == A + "saudi-arabia"
    assert A + "andriy-yermak" in m.participants
    assert A + "united-states" in m.participants
    assert m.absent == (A + "russia",)
    assert len(m.evidence) == 4  # every sentence, the delegation's leader too


def test_a_new_meeting_with_more_sides_and_a_planned_one_stay_apart(meetings):
    found, _, _ = meetings(
        "Chinese Foreign Minister Jane Roe held talks with Pakistani Foreign Minister John Doe in Beijing on Tuesday.\n"
        "Later, Roe, Doe and Afghan Foreign Minister Amir Khan Muttaqi held an informal trilateral meeting in Beijing.\n"
        "Doe is scheduled to meet Chinese Vice President Han Zheng on Wednesday.",
        "2025-05-20",
    )
    by_size = sorted((len(m.participants), m.date) for m in found)
    assert len(found) == 3, found
    assert by_size[-1] == (3, None)  # the trilateral: its own node, not the talks of Tuesday
    assert (2, "2025-05-20") in by_size and (2, "2025-05-21") in by_size


def test_one_callers_separate_calls_to_two_sides_are_two_calls(meetings):
    found, _, _ = meetings(
        "Saudi Foreign Minister Faisal bin Farhan held phone calls with Indian Foreign Minister Jane Roe "
        "and with Pakistani Foreign Minister John Doe on Tuesday.\n"
        "Ruritanian President Mary Major held a video call with French President Emmanuel Macron and "
        "British Prime Minister Keir Starmer.",
        "2025-04-30",
    )
    calls = sorted(tuple(sorted(p.rsplit("/", 1)[-1] for p in m.participants)) for m in found)
    assert ("faisal-bin-farhan", "jane-roe") in calls and ("faisal-bin-farhan", "john-doe") in calls
    assert ("emmanuel-macron", "keir-starmer", "mary-major") in calls  # one call with several, nothing says separate
    found, _, _ = meetings(
        "Thai Prime Minister Jane Roe and Cambodian Prime Minister John Doe traded accusations on Thursday. Malaysian "
        "Prime Minister Anwar Ibrahim said he had telephoned both leaders on Thursday and urged them to halt the fighting.",
        "2025-07-25",
    )
    calls = sorted(tuple(sorted(p.rsplit("/", 1)[-1] for p in m.participants)) for m in found)
    assert calls == [("anwar-ibrahim", "jane-roe"), ("anwar-ibrahim", "john-doe")]  # "both leaders": one call each


def test_speaking_to_people_is_a_meeting_and_to_both_sides_two(meetings):
    found, _, _ = meetings(
        "Pakistani Prime Minister Jane Miller and Indian Foreign Minister John Carter traded threats.\n"
        "UN Secretary-General Antonio Guterres spoke to both Miller and Carter on Tuesday.\n"
        "Ruritanian President Mary Major spoke to reporters and to the parliament on Tuesday.",
        "2025-04-30",
    )
    pairs = sorted(tuple(sorted(p.rsplit("/", 1)[-1] for p in m.participants)) for m in found)
    assert pairs == [("antonio-guterres", "jane-miller"), ("antonio-guterres", "john-carter")]


def test_a_council_that_decides_sits_in_session(meetings):
    found, _, _ = meetings(
        "The U.N. Security Council on Monday adopted a resolution on Ukraine.\n"
        "Ruritania adopted a new currency on Monday.",
        "2025-02-25",
    )
    m = only((found, None, None))
    assert m.participants == (A + "un-security-council",) and m.date == "2025-02-24"
    assert m.name == "session of the UN Security Council"


def test_a_council_that_will_meet_is_a_planned_session(meetings):
    found, _, _ = meetings(
        "Ishaq Dar said the National Security Committee would meet on Thursday to respond.\n"
        "The Security Council could vote on the resolution next week.",
        "2025-04-23",
    )
    m = only((found, None, None))
    assert m.participants == (A + "national-security-committee",)
    assert m.date == "2025-04-24"


def test_a_country_is_dropped_when_one_of_its_people_took_part(meetings):
    m = only(meetings("Ukrainian officials met U.S. officials in Jeddah. Andriy Yermak led the Ukrainian delegation."))
    assert A + "andriy-yermak" in m.participants
    assert A + "ukraine" not in m.participants


def test_verb_meeting_venue_stands_for_its_city(meetings):
    m = only(
        meetings(
            "Donald Trump and Vladimir Putin met at Joint Base Elmendorf-Richardson in Anchorage, Alaska, on Friday.\n"
            "Volodymyr Zelenskyy was not invited to the summit.\n"
            "The Alaska summit ended without a deal.",
            "2025-08-16",
        )
    )
    assert m.kind == "Summit"  # the specific kind wins over the generic "met"
    assert m.place == P + "anchorage"
    assert m.date == "2025-08-15"
    assert m.participants == (A + "donald-trump", A + "vladimir-putin")
    assert m.absent == (A + "volodymyr-zelenskyy",)


def test_a_place_on_a_participle_of_the_meeting_noun(meetings):
    # "talks lasting three hours at …": the place hangs on the participle, not on "talks"
    m = only(meetings("Emmanuel Macron and Keir Starmer held talks lasting almost three hours at a hotel in Geneva."))
    assert m.place == P + "geneva"


def test_a_leader_who_gathers_others_meets_them(meetings):
    m = only(meetings("Emmanuel Macron will gather European leaders in Paris on Monday.", "2025-02-15"))
    assert (m.place, m.date) == (P + "paris", "2025-02-17")
    assert A + "emmanuel-macron" in m.participants and len(m.participants) == 2


def test_convening_a_body_of_ones_own_is_no_meeting(meetings):
    found, _, _ = meetings("Russia convened its Security Council in Moscow on Monday.", "2025-02-15")
    assert found == []


def test_gazetteer_venue_climbs_to_the_city(meetings):
    m = only(meetings("Emmanuel Macron and Keir Starmer met at the Elysee Palace on March 27, 2025."))
    assert m.place == P + "paris"
    assert m.date == "2025-03-27"


def test_phone_call_has_no_place_and_an_iri_from_its_participants(meetings):
    m = only(
        meetings(
            "Trump spoke with Putin by phone on Tuesday.\n"
            "The call lasted more than two hours, the Kremlin said.\n"
            "Zelenskyy was not included in the call.",
            "2025-03-18",
        )
    )
    assert m.kind == "PhoneCall"
    assert m.place is None
    assert m.date == "2025-03-18"
    assert m.participants == (A + "donald-trump", A + "vladimir-putin")
    assert m.absent == (A + "volodymyr-zelenskyy",)
    assert m.name == "phone call between Donald Trump and Vladimir Putin"


def test_same_call_in_two_articles_is_one_node(meetings):
    first = only(meetings("Trump spoke with Putin by phone on Tuesday.", "2025-03-18", "a"))
    second = only(meetings("Vladimir Putin and Donald Trump held a phone call yesterday.", "2025-03-19", "b"))
    iri = vocab.meeting_iri(first.place, first.date, first.kind, first.participants)
    assert iri == vocab.meeting_iri(second.place, second.date, second.kind, second.participants)
    assert iri == vocab.MEETING + "phonecall-donald-trump-vladimir-putin-2025-03-18"


def test_call_with_and_possessive(meetings):
    m = only(meetings("Zelenskyy's call on Wednesday with Trump focused on energy.", "2025-03-20"))
    assert m.kind == "PhoneCall"
    assert m.participants == (A + "donald-trump", A + "volodymyr-zelenskyy")
    assert m.date == "2025-03-19"


def test_calling_a_person_is_a_call_whatever_the_parse(meetings):
    # the parser reads "called Narendra Modi" as naming someone, and "called Modi to offer" as a demand
    m = only(meetings("Donald Trump called Narendra Modi on Tuesday.", "2025-04-24"))
    assert (m.kind, m.participants) == ("PhoneCall", (A + "donald-trump", A + "narendra-modi"))
    m = only(meetings("Narendra Modi flew home. Donald Trump called Modi to offer full support, the ministry said."))
    assert m.participants == (A + "donald-trump", A + "narendra-modi")
    assert meetings("Donald Trump called on Vladimir Putin to end the war. Zelenskyy called Putin a liar.").meetings == []


def test_host_person_takes_part_and_later_mentions_add_attendees(meetings):
    m = only(
        meetings(
            "Keir Starmer hosted a summit of European leaders in London on Sunday.\n"
            "Zelenskyy attended the summit, and Giorgia Meloni and Friedrich Merz joined the talks.",
            "2025-03-03",
        )
    )
    assert m.kind == "Summit"
    assert m.host == A + "keir-starmer"
    assert m.date == "2025-03-02"
    for name in ("keir-starmer", "volodymyr-zelenskyy", "giorgia-meloni", "friedrich-merz"):
        assert A + name in m.participants


def test_between_and_excluded(meetings):
    m = only(
        meetings(
            "The Geneva talks between Russia and Ukraine ended on 2 June 2025 without a breakthrough.\n"
            "The European Union was excluded from the talks."
        )
    )
    assert m.place == P + "geneva"
    assert m.date == "2025-06-02"
    assert m.participants == (A + "russia", A + "ukraine")
    assert m.absent == (A + "european-union",)


def test_neither_nor_and_demonym_place(meetings):
    m = only(
        meetings(
            "The Saudi talks between the U.S. and Russia ended on Tuesday.\n"
            "Neither Kyiv nor Brussels took part in the talks.",
            "2025-02-19",
        )
    )
    assert m.place == P + "saudi-arabia"
    assert m.date == "2025-02-18"
    assert m.participants == (A + "russia", A + "united-states")
    assert m.absent == (A + "european-union", A + "ukraine")


def test_hyphenated_sides(meetings):
    m = only(meetings("Ukrainian-Russian talks in Istanbul lasted just over an hour on Monday.", "2025-06-03"))
    assert m.participants == (A + "russia", A + "ukraine")
    assert m.date == "2025-06-02"


def test_sides_joined_by_a_dash_whatever_the_parse(meetings):
    m = only(meetings("He took no part in the US–Russia talks held in Riyadh on February 18.", "2025-08-20"))
    assert set(m.participants) == {A + "russia", A + "united-states"}
    assert m.date == "2025-02-18"


def test_remarks_made_in_a_call_put_the_speaker_in_it(meetings):
    m = only(meetings("Jane Roe made the remarks in a phone call with John Doe on Monday.", "2025-08-20"))
    assert set(m.participants) == {A + "jane-roe", A + "john-doe"}


def test_a_summit_that_brought_together_its_participants(meetings):
    m = only(meetings("Jane Roe was absent from the Geneva summit that brought together John Doe and Ruritanian President Max Mustermann.", "2025-08-20"))
    assert {A + "john-doe", A + "max-mustermann"} <= set(m.participants)


def test_possible_wished_and_negated_meetings_are_skipped(meetings):
    found, _, _ = meetings(
        "Trump entertained the possibility of a meeting between Putin and Zelenskyy.\n"
        "Putin could meet Zelenskyy in Istanbul, Erdogan suggested.\n"
        "Zelenskyy said he hopes to take part in any talks.\n"
        "Trump did not meet Putin in Alaska.\n"
        "The Kremlin called for a ceasefire and Macron issued a wake-up call to Europe.\n"
        "Zelenskyy spoke at a press conference in Kyiv with Macron.",
        "2025-05-10",
    )
    assert found == []


def test_a_planned_meeting_needs_a_place_a_date_or_its_sides(meetings):
    m = only(meetings("Trump and Putin will meet in Alaska next Friday, the White House said.", "2025-08-08"))
    assert m.place == P + "alaska"
    assert m.date == "2025-08-15"
    # planned meetings are recorded like held ones (docs/annotation.md), when
    # the meeting's own phrase names who is to meet
    m = only(meetings("Trump and Putin to meet\nThe two leaders are working on setting up a meeting with Putin and Trump."))
    assert (m.participants, m.place, m.date) == ((A + "donald-trump", A + "vladimir-putin"), None, None)
    found, _, _ = meetings("The two sides are working on setting up a meeting, the ministry said.")
    assert found == []
    # the same sides said again to meet, with nothing new: the meeting already named
    m = only(meetings("Trump and Putin will meet in Alaska next Friday. Trump is set to meet Putin to discuss the war.",
                      "2025-08-08"))
    assert (m.place, m.date) == (P + "alaska", "2025-08-15")


def test_a_meeting_still_being_arranged_is_not_the_one_held(meetings):
    found, _, _ = meetings(
        "Jane Roe said she had begun arranging a meeting between John Doe and Richard Major.\n"
        "Separately, Doe and Major met in Zenda on Tuesday to discuss the border.",
        "2025-05-22",
    )
    assert sorted((m.place or "", m.date or "") for m in found) == [("", ""), (P + "zenda", "2025-05-20")], found


def test_weekday_under_an_infinitive_is_not_guessed(meetings):
    m = only(meetings("Russia and Ukraine agreed to hold talks in Istanbul on Monday.", "2025-05-14"))
    assert m.place == P + "istanbul"
    assert m.date is None


def test_no_article_date_no_relative_date(meetings):
    m = only(
        meetings(
            "Russia and Ukraine held talks in Istanbul on Friday.\n"
            "The talks between Russia and Ukraine in Istanbul on May 16, 2025 were the first since 2022."
        )
    )
    assert m.date == "2025-05-16"  # from the explicit date, never from "Friday"
    found = meetings("Russia and Ukraine held talks in Istanbul on Friday.")[0]
    assert found[0].date is None


def test_generic_mentions_make_no_meeting(meetings):
    found, _, _ = meetings(
        "Europe wants a seat at the negotiations.\nThe focus was on improving negotiations.\n"
        "Before any peace talks with Russia began, Kyiv asked for guarantees."
    )
    assert found == []


def test_an_indefinite_meeting_is_a_new_one_and_old_meetings_are_background(meetings):
    found, _, _ = meetings(
        "Talks between American and Ukrainian officials in Jeddah lasted eight hours.\n"
        "Saudi Crown Prince Mohammed bin Salman hosted Zelenskyy in Jeddah on Monday, a day before the talks.\n"
        "The meeting was the first since a disastrous meeting between Zelenskyy and Trump on February 28.\n"
        "Putin and Trump last met in Helsinki in 2018.",
        "2025-03-12",
    )
    by_date = {m.date: m for m in found}
    assert sorted(by_date, key=str) == ["2025-02-28", "2025-03-10", None]
    talks = by_date[None]
    assert talks.place == P + "jeddah"
    assert talks.host is None  # the host of the day before is not the talks' host
    assert talks.participants == (A + "ukraine", A + "united-states")
    assert by_date["2025-03-10"].host == A + "mohammed-bin-salman"
    assert by_date["2025-02-28"].participants == (A + "donald-trump", A + "volodymyr-zelenskyy")
    assert by_date["2025-02-28"].place is None


def test_they_feel_sidelined(meetings):
    m = only(
        meetings(
            "Russia and the United States held talks in Geneva on Tuesday.\n"
            "Ukrainian officials feel they are being sidelined in the negotiations.",
            "2025-02-19",
        )
    )
    assert m.participants == (A + "russia", A + "united-states")
    assert m.absent == (A + "ukraine",)


def test_speaker_at_a_conference_took_part(meetings):
    m = only(
        meetings(
            "Zelenskyy spoke at the Geneva Peace Forum on Saturday.\n"
            "Kaja Kallas also attended the forum, and she said at the forum that Europe must be at the table.",
            "2025-02-16",
        )
    )
    assert m.kind == "Conference"
    assert m.name == "Geneva Peace Forum"
    assert m.participants == (A + "kaja-kallas", A + "volodymyr-zelenskyy")


def test_called_off_and_put_on_hold_meetings_are_skipped(meetings):
    found, _, _ = meetings(
        "Trump said he had called off the meeting with Putin in Budapest.\n"
        "Plans for a summit between Trump and Putin in Budapest were put on hold.\n"
        "The talks between Rubio and Lavrov in Riyadh were postponed.",
        "2025-10-23",
    )
    assert found == []


def test_a_conversation_a_speech_to_a_meeting_and_a_venue_before_the_noun(meetings):
    call = only(meetings("Narendra Modi spoke with Vladimir Putin last week about the war.", "2025-08-11"))
    assert set(call.participants) == {A + "narendra-modi", A + "vladimir-putin"}
    cabinet = only(meetings('"We made a deal," Trump told a Cabinet meeting on Wednesday.', "2025-04-30"))
    assert cabinet.participants == (A + "donald-trump",) and cabinet.date == "2025-04-30"
    oval = only(meetings("Trump halted aid after an Oval Office meeting with Zelenskyy on February 28.", "2025-03-04"))
    assert oval.place == P + "washington"
    took = only(meetings("The summit between Trump and Putin took place in Geneva on Friday.", "2025-08-16"))
    assert took.place == P + "geneva"


def test_a_visit_is_a_meeting_unless_it_frames_one(meetings):
    visit = only(meetings("Kellogg's visit to Kyiv on Saturday will include talks on guarantees.", "2025-08-21"))
    assert visit.place == P + "kyiv" and visit.participants == (A + "keith-kellogg",)
    framed = only(meetings("During his visit to Moscow, Witkoff met Putin.", "2025-12-02"))
    assert framed.place == P + "moscow"
    assert set(framed.participants) == {A + "steve-witkoff", A + "vladimir-putin"}


def test_output_is_deterministic(meetings):
    text = "The Saudi talks between the U.S. and Russia ended on Tuesday.\nNeither Kyiv nor Brussels took part in the talks."
    assert meetings(text, "2025-02-19") == meetings(text, "2025-02-19")


@pytest.mark.parametrize(
    ("text", "published", "ahead", "expected"),
    [
        ("2025-02-18", None, False, "2025-02-18"),
        ("February 18, 2025", None, False, "2025-02-18"),
        ("18 Feb. 2025", None, False, "2025-02-18"),
        ("Feb. 18", None, False, None),  # no year and no article date: never guess
        ("Feb. 18", "2025-02-19", False, "2025-02-18"),
        ("Dec. 30", "2025-01-02", False, "2024-12-30"),
        ("February 18", "2025-08-20", False, "2025-02-18"),  # held: before the article, though a later one is nearer
        ("January 5", "2025-08-20", True, "2026-01-05"),  # planned: after it
        ("Tuesday", "2025-02-19", False, "2025-02-18"),
        ("Wednesday", "2025-02-19", False, "2025-02-19"),
        ("Friday", "2025-08-08", True, "2025-08-08"),
        ("next Friday", "2025-08-08", False, "2025-08-15"),
        ("last Friday", "2025-08-08", False, "2025-08-01"),
        ("Tuesday last week", "2025-02-26", False, "2025-02-18"),
        ("Friday", "2025-08-08", None, None),
        ("yesterday", "2025-03-19", False, "2025-03-18"),
        ("two days ago", "2025-03-19", False, None),
        ("3 days ago", "2025-03-19", False, "2025-03-16"),
        ("last week", "2025-03-19", False, None),
        ("earlier this month", "2025-03-19", False, None),
        ("the weekend", "2025-03-19", False, None),
    ],
)
def test_resolve_date(knowledge, text, published, ahead, expected):
    cues = Cues.of(knowledge)
    assert resolve_date(text, date.fromisoformat(published) if published else None, ahead, cues) == expected


def test_meeting_iri():
    assert vocab.meeting_iri(P + "istanbul", "2025-05-16", "Talks") == vocab.MEETING + "istanbul-2025-05-16"
    # Undated reports of one place are one meeting only with the same participants.
    assert vocab.meeting_iri(P + "istanbul", None, "Summit", (A + "x",)) == vocab.MEETING + "istanbul-summit-x-undated"
    assert vocab.meeting_iri(P + "istanbul", None, "Summit", (A + "x",)) != vocab.meeting_iri(
        P + "istanbul", None, "Summit", (A + "y",))
    assert (
        vocab.meeting_iri(None, None, "PhoneCall", (A + "vladimir-putin", A + "donald-trump"))
        == vocab.MEETING + "phonecall-donald-trump-vladimir-putin-undated"
    )


def test_seed_article(nlp, knowledge):
    article = next(a for a in read(["seeds"], knowledge) if isinstance(a, Article) and a.id.startswith("003"))
    doc = nlp(article.text)
    found, places, _ = find_meetings(doc, find_actors(doc, knowledge), knowledge, article)
    kinds = sorted(m.kind for m in found)
    assert kinds == ["PhoneCall", "Talks", "Talks"]  # the third: the Trump–Putin meeting being set up
    talks = next(m for m in found if m.kind == "Talks" and m.place)
    assert talks.place in places
    assert len(talks.participants) == 2 and all(p in talks.participants for p in (A + "marco-rubio", A + "sergey-lavrov"))
    assert A + "ukraine" in talks.absent
    assert talks.date is None  # the article has no date, so "Tuesday" stays unresolved
    call = next(m for m in found if m.kind == "PhoneCall")
    assert call.participants == (A + "donald-trump", A + "vladimir-putin")


def test_actors_named_only_by_a_meeting_are_returned_not_written_into_the_actors(nlp, knowledge):
    # "Russian" names Russia only as a side of the talks: no earlier stage listed it.
    text = "Ukrainian-Russian talks in Istanbul lasted just over an hour on Monday."
    article = Article(id="test", text=text, published=date(2025, 6, 3))
    doc = nlp(text)
    actors = find_actors(doc, knowledge)
    before = dict(actors.actors)
    found = find_meetings(doc, actors, knowledge, article)
    assert actors.actors == before
    assert A + "russia" not in before and A + "russia" in found.actors
    assert set(found.meetings[0].participants) <= set(before) | set(found.actors)
    # the pipeline merges them, so that the graph names every participant
    assert A + "russia" in extract_doc(doc, article, knowledge).actors


def test_a_meeting_during_a_visit_takes_the_visits_place_and_day(meetings):
    m = only(meetings("Jane Roe visited Kyiv on Wednesday and met John Doe.", "2025-08-22"))
    assert m.place == P + "kyiv" and m.date == "2025-08-20"
    m = only(meetings("During her visit to Kyiv, Jane Roe met John Doe.", "2025-08-22"))
    assert m.place == P + "kyiv"


def test_every_country_of_a_list_of_officials_took_part(meetings):
    m = only(meetings("Jane Roe met British, French and German officials in Geneva.", "2025-08-22"))
    assert {A + "united-kingdom", A + "france", A + "germany"} <= set(m.participants)
    assert m.place == P + "geneva"
    m = only(meetings("Jane Roe met national security advisers from Britain, France and Germany in Geneva.", "2025-08-22"))
    assert {A + "united-kingdom", A + "france", A + "germany"} <= set(m.participants)
    assert not any("geneva" in p for p in m.participants)


def test_the_people_of_one_body_meeting_somewhere(meetings):
    m = only(meetings("EU foreign ministers met in Brussels on Tuesday to discuss new sanctions.", "2025-05-22"))
    assert m.participants == (A + "european-union",) and m.place == P + "brussels" and m.date == "2025-05-20"
    found, _, _ = meetings("European leaders met.", "2025-05-22")
    assert not found  # no one else and nowhere: nothing says a meeting of theirs took place


def test_a_visit_before_or_after_is_not_where_the_meeting_was_and_troops_do_not_meet(meetings):
    m = only(meetings("After her trip to Kyiv, Jane Roe met John Doe.", "2025-08-22"))
    assert m.place is None
    found, _, _ = meetings("Russian troops met in Belgorod before the offensive.", "2025-08-22")
    assert not found


def test_who_speaks_after_a_meeting_was_at_it(meetings):
    found = only(meetings("Twenty countries will send troops, Emmanuel Macron said after a meeting of the coalition in Paris on Sept. 4.", "2025-09-05"))
    assert found.participants == (A + "emmanuel-macron",) and found.place == P + "paris" and found.date == "2025-09-04"


def test_a_meeting_in_a_where_clause_takes_the_place_it_hangs_on(meetings):
    # "the summit in Geneva, where X met Y": the relative "where" is Geneva
    found, _, _ = meetings("The White House published statements on talks in Geneva, where US negotiators met Ukraine's delegation on March 23.", "2025-03-25")
    met = [m for m in found if A + "ukraine" in m.participants]
    assert met and all(m.place == P + "geneva" for m in met)


def test_a_dateline_narrows_a_meeting_in_a_country_to_its_city(meetings):
    text = ("MUSCAT/DUBAI (Reuters) - Iran and the United States held talks in Oman on Saturday.\n"
            "The delegations agreed to meet again.")
    held = [m for m in meetings(text, "2025-04-12")[0] if m.date]
    assert [(m.place, m.name) for m in held] == [(P + "muscat", "talks in Muscat")]
    # no dateline city in that country: the country stays
    m = only(meetings("DUBAI (Reuters) - Iran and the United States held talks in Oman on Saturday.", "2025-04-12"))
    assert m.place == P + "oman"


def test_a_deal_signed_somewhere_is_a_ceremony_there_and_its_signatories_took_part(meetings):
    m = only(
        meetings(
            "Russia and Ukraine signed a prisoner exchange agreement in Istanbul on Friday.\n"
            "The document, signed by Andriy Yermak in the presence of Turkish officials, takes effect next week.",
            "2025-05-16",
        )
    )
    assert m.place == P + "istanbul"
    assert m.date == "2025-05-16"
    assert A + "russia" in m.participants and A + "andriy-yermak" in m.participants
    # signing with no place, or what is not a document or deal, is no meeting
    assert meetings("Russia and Ukraine signed a prisoner exchange agreement on Friday.", "2025-05-16")[0] == []
    assert meetings("Vladimir Putin signed a decree in Moscow on Friday.", "2025-05-16")[0] == []
    assert meetings("Russia refused to sign the agreement in Istanbul on Friday.", "2025-05-16")[0] == []


def test_a_visit_to_a_capital_is_a_meeting_there(meetings):
    """Reporters and annotators count a visit as a meeting with those visited."""
    m = only(meetings("The leaders of France, Britain, Germany and Poland visited Kyiv on Saturday and called on Moscow "
                      "to accept a ceasefire.", "2025-05-11"))
    assert m.place == P + "kyiv" and m.date == "2025-05-10"
    assert {A + "france", A + "poland"} <= set(m.participants)


def test_a_meeting_in_the_passive_keeps_its_place_date_and_doers(meetings):
    # "talks were held in X on Friday" is "Y held talks in X on Friday" turned round
    m = only(meetings("Talks between Russian and Ukrainian delegations were held in Istanbul on Friday.", "2025-05-17"))
    assert m.place == P + "istanbul" and m.date == "2025-05-16"
    assert {A + "russia", A + "ukraine"} <= set(m.participants)
    m = only(meetings("The talks in Geneva on Sunday were attended by Marco Rubio and Rustem Umerov.", "2025-11-24"))
    assert m.place == P + "geneva" and {A + "marco-rubio", A + "rustem-umerov"} <= set(m.participants)
    # a meeting verb in the passive: its agent met its subject
    m = only(meetings("Volodymyr Zelensky was received by Recep Tayyip Erdogan in Ankara on Wednesday.", "2025-05-15"))
    assert set(m.participants) == {A + "volodymyr-zelenskyy", A + "recep-tayyip-erdogan"} and m.place == P + "ankara"
    m = only(meetings("Volodymyr Zelensky was phoned by Donald Trump on Wednesday.", "2025-02-13"))
    assert m.kind == "PhoneCall" and set(m.participants) == {A + "volodymyr-zelenskyy", A + "donald-trump"}
    m = only(meetings("Steve Witkoff was hosted by Vladimir Putin at the Kremlin on Thursday.", "2025-08-08"))
    assert m.host == A + "vladimir-putin"
    assert meetings("The meeting was not attended by Ukraine.", "2025-05-17")[0] == []


def test_a_call_in_which_something_was_proposed_was_held(meetings):
    # the call is where the proposal was made: "proposed" makes the talks proposed, not the call
    m = only(meetings("In a call with Recep Tayyip Erdogan on Sunday, Vladimir Putin proposed direct talks with Ukraine.", "2025-05-12"))
    assert m.kind == "PhoneCall" and m.date == "2025-05-11"
    assert set(m.participants) == {A + "vladimir-putin", A + "recep-tayyip-erdogan"}
    # what is proposed stays unheld
    assert meetings("Donald Trump proposed a summit with Vladimir Putin in Budapest.", "2025-10-17")[0] == []
    # "discussed X in a call", with the call parsed on X
    m = only(meetings("Volodymyr Zelensky and Emmanuel Macron discussed security guarantees in a phone call on Sunday.", "2025-06-02"))
    assert set(m.participants) == {A + "volodymyr-zelenskyy", A + "emmanuel-macron"}


def test_a_stance_taken_in_a_call_places_its_holder_in_the_call(meetings):
    # "X, in a call with Y, supported …" as "X said in a call with Y"
    m = only(meetings("President Jane Roe, in a telephone conversation with President John Doe on Tuesday, "
                      "supported the proposal for a ceasefire.", "2025-03-19"))
    assert m.kind == "PhoneCall" and m.date == "2025-03-18"
    assert set(m.participants) == {A + "jane-roe", A + "john-doe"}
    # ... and one urged on a call; but what a stance verb takes is no setting: a summit insisted on is not held
    m = only(meetings("President Jane Roe urged President John Doe on a phone call to back the ceasefire.", "2025-03-19"))
    assert m.kind == "PhoneCall" and set(m.participants) == {A + "jane-roe", A + "john-doe"}
    assert meetings("President Jane Roe insisted on a summit with President John Doe.", "2025-03-19")[0] == []


def test_an_event_verb_with_the_meeting_as_object_names_who_met(meetings):
    # "X and Y wrapped up talks" as "X and Y held talks"
    m = only(meetings("Ukrainian and Russian negotiators wrapped up two days of talks in Abu Dhabi on Saturday.", "2026-01-25"))
    assert m.place == P + "abu-dhabi" and m.date == "2026-01-24"
    assert {A + "russia", A + "ukraine"} <= set(m.participants)


def test_a_demonym_tagged_as_a_place_is_no_place(meetings):
    # the model may tag "Emirati" a place; "the Emirati capital" then names none the gazetteer knows
    text = ("ABU DHABI, United Arab Emirates (AP) — Ukrainian and Russian negotiators wrapped up two days of talks "
            "in the Emirati capital on Saturday.")
    m = only(meetings(text, "2026-01-25"))
    assert m.place != P + "emirati" and {A + "russia", A + "ukraine"} <= set(m.participants)


def test_joining_someone_by_video_link_is_a_call(meetings):
    m = only(meetings("Friedrich Merz, Emmanuel Macron and Keir Starmer joined Volodymyr Zelensky by video link on Sunday.", "2025-06-02"))
    assert m.kind == "PhoneCall" and m.date == "2025-06-01"
    assert {A + "friedrich-merz", A + "volodymyr-zelenskyy"} <= set(m.participants)


def test_telling_someone_by_telephone_is_a_call(meetings):
    m = only(meetings("Volodymyr Zelensky told Donald Trump by telephone on Monday that Kyiv wanted a ceasefire.", "2025-06-03"))
    assert m.kind == "PhoneCall" and set(m.participants) == {A + "volodymyr-zelenskyy", A + "donald-trump"}
    # told in person, or told reporters, is no call
    assert meetings("Volodymyr Zelensky told reporters on Monday that Kyiv wanted a ceasefire.", "2025-06-03")[0] == []


def test_two_people_who_spoke_for_a_time_spoke_together(meetings):
    m = only(meetings("Donald Trump and Vladimir Putin spoke for more than two hours on Tuesday.", "2025-05-21"))
    assert set(m.participants) == {A + "donald-trump", A + "vladimir-putin"} and m.date == "2025-05-20"
    # to an audience, or one person alone, is no meeting
    assert meetings("Emmanuel Macron and Keir Starmer spoke to reporters for an hour on Tuesday.", "2025-05-21")[0] == []
    assert meetings("Donald Trump and JD Vance spoke for nearly two hours at the rally in Pennsylvania.", "2025-05-21")[0] == []
    assert meetings("Donald Trump and Vladimir Putin each spoke for an hour at separate events.", "2025-05-21")[0] == []


def test_working_on_a_summit_is_no_summit_held(meetings):
    # only a speech verb makes the meeting under "on"/"in" its setting: the
    # one working on it is not at it, and the summit is a planned one of its two sides
    m = only(meetings("Emmanuel Macron is working on a summit between Volodymyr Zelensky and Vladimir Putin.", "2025-05-21"))
    assert (m.participants, m.date) == ((A + "vladimir-putin", A + "volodymyr-zelenskyy"), None)


def test_due_somewhere_for_talks_is_a_planned_meeting_there(meetings):
    m = only(meetings("Foreign Minister Jane Roe is due in Geneva this week for talks with Foreign Minister John Doe.", "2025-08-19"))
    assert m.place == P + "geneva" and m.date is None
    assert len(m.participants) == 2
    # what a coordinated clause's copula says is not said of the visit
    m = only(meetings("Turkish Foreign Minister Jane Roe stands ready to mediate and is due to visit Islamabad on Monday.",
                      "2025-08-19"))
    assert (m.place, m.date) == (P + "islamabad", "2025-08-25")


def test_a_meetings_own_name_is_not_where_it_was(meetings):
    m = only(meetings("Trump attended the East Asia Summit on Monday, where he met Chinese Premier Li Qiang.", "2025-10-28"))
    assert m.place is None and m.date == "2025-10-27"


def test_an_invitation_to_visit_is_no_meeting(meetings):
    assert meetings("Jane Roe said Vladimir Putin had invited Donald Trump to visit Moscow.", "2025-02-12")[0] == []
    # a visit that was made is one
    m = only(meetings("Donald Trump visited Moscow on Tuesday.", "2025-02-12"))
    assert m.place == P + "moscow"


def test_a_meeting_that_would_take_place_is_one_to_come(meetings):
    # planned: the weekday is the next one (2025-02-14), not the one before
    m = only(meetings("Donald Trump said his first meeting with Vladimir Putin would take place in Riyadh on Friday.",
                      "2025-02-12"))
    assert (m.place, m.date) == (P + "riyadh", "2025-02-14")
    assert set(m.participants) == {A + "donald-trump", A + "vladimir-putin"}  # "his" is the speaker's


def test_a_country_in_an_institutions_name_is_not_where_it_met(meetings):
    m = only(meetings("Armenia and Azerbaijan signed an agreement in Washington on Friday. Nikol Pashinyan and Ilham "
                      "Aliyev signed the declaration at a ceremony hosted by Donald Trump at the US Institute of Peace.",
                      "2025-08-09"))
    assert m.place == P + "washington" and A + "ilham-aliyev" in m.participants


def test_a_body_named_by_its_last_word_is_the_one_named_in_full(meetings):
    m = only(meetings("Ukraine's deputy foreign minister Jane Roe told the UN General Assembly on Monday that Kyiv would "
                      "not give up land. The Assembly then adopted the resolution.", "2025-02-25"))
    assert m.participants == (A + "un-general-assembly",)


def test_calling_for_something_is_no_call(meetings):
    assert meetings("Israel's ministers Itamar Ben-Gvir and Bezalel Smotrich responded by calling for the annexation "
                    "of the West Bank.", "2025-09-22")[0] == []


def test_talks_threatened_or_halted_are_no_meeting(meetings):
    assert meetings("Donald Trump had threatened to halt trade talks with Thailand and Cambodia.", "2025-10-27")[0] == []


def test_a_meeting_to_come_is_not_the_talks_held_before(meetings):
    found, _, _ = meetings("Donald Trump said he had asked Marco Rubio to lead the negotiations with Vladimir Putin.\n"
                           "Trump said his first meeting with Putin would take place in Saudi Arabia.", "2025-02-12")
    assert sorted((m.place or "", len(m.participants)) for m in found) == [("", 2), (P + "saudi-arabia", 2)]


def test_a_meeting_told_in_the_past_is_not_to_come_for_a_would_above_it(meetings):
    # "would" is what the statement says is to come; the meeting is what the aid was halted after
    m = only(meetings("The statement said the United States would resume the aid, which Donald Trump had halted after "
                      "a heated Oval Office meeting with Volodymyr Zelenskyy on Feb. 28.", "2025-03-12"))
    assert m.date == "2025-02-28"


def test_a_meeting_ahead_of_talks_is_not_those_talks(meetings):
    found, _, _ = meetings("Keith Kellogg met Volodymyr Zelenskyy ahead of the Washington talks with Donald Trump.",
                           "2025-08-23")
    assert sorted((m.place or "", m.participants) for m in found) == [
        ("", (A + "keith-kellogg", A + "volodymyr-zelenskyy")), (P + "washington", (A + "donald-trump",))]


def test_a_meeting_that_names_its_place_and_other_sides_is_not_the_undated_one_before(meetings):
    found, _, _ = meetings("Keith Kellogg met Volodymyr Zelenskyy last month.\n"
                           "Kellogg took no part in the US–Ukraine meeting in Jeddah.", "2025-08-23")
    assert len(found) == 2
    # the same people named again are the same meeting
    m = only(meetings("Wang Yi holds talks with Pakistani Foreign Minister Ishaq Dar.\n"
                      "Chinese Foreign Minister Wang Yi held talks with Ishaq Dar in Beijing on Tuesday.", "2025-05-21"))
    assert m.place == P + "beijing"


def test_a_place_parsed_on_the_partner_met_with_is_the_meetings(meetings):
    m = only(meetings("Donald Trump met with Volodymyr Zelenskyy in Rome on Friday.", "2025-04-30"))
    assert (m.place, m.date) == (P + "rome", "2025-04-25")


def test_two_people_who_clashed_met(meetings):
    m = only(meetings("Donald Trump clashed with Volodymyr Zelenskyy in the Oval Office on Friday.", "2025-03-01"))
    assert m.place == P + "washington" and set(m.participants) == {A + "donald-trump", A + "volodymyr-zelenskyy"}
    # forces that clashed did not meet
    assert meetings("Israeli troops clashed with Hamas fighters in Gaza on Monday.", "2025-03-01")[0] == []


def test_a_visit_is_a_meeting_unless_it_frames_one(meetings):
    m = only(meetings("Volodymyr Zelenskyy, who wore a dark suit during a tense Oval Office visit on Friday, "
                      "thanked Donald Trump.", "2025-08-19"))
    assert (m.place, m.participants) == (P + "washington", (A + "volodymyr-zelenskyy",))
    # what was met during the visit is the meeting, and the visit is not another one
    m = only(meetings("During his visit to Kyiv, Keith Kellogg met Andriy Yermak on Friday.", "2025-08-19"))
    assert set(m.participants) == {A + "keith-kellogg", A + "andriy-yermak"}


def test_calling_someone_on_a_phone_is_a_call(meetings):
    m = only(meetings("Jane Roe called John Doe on his mobile phone on Monday.", "2025-05-21"))
    assert m.kind == "PhoneCall"


def test_talks_with_one_of_the_people_met_are_that_meeting(meetings):
    m = only(meetings("Jane Roe met John Doe on Monday.\nThe talks with John Doe in Geneva lasted two hours.", "2025-05-21"))
    assert m.place == P + "geneva"


@pytest.mark.parametrize(
    "text, place, day",
    [
        # the journey a meeting is the purpose of gives its place and day
        ("The leaders of Britain, France and Germany will travel to Kyiv on Saturday to meet Zelensky.", "kyiv", "2025-06-07"),
        ("Witkoff flew to Moscow on Friday to meet Putin.", "moscow", "2025-05-30"),
        # ... and so does the one whose day a "where" clause hangs on
        ("Witkoff flew to St Petersburg on Friday, where he met Putin for more than four hours.", "st-petersburg", "2025-05-30"),
    ],
)
def test_a_meeting_takes_the_place_and_day_of_the_journey_made_for_it(meetings, text, place, day):
    m = only(meetings(text, "2025-06-03"))
    assert (m.place, m.date) == (P + place, day)


def test_a_day_that_qualifies_a_time_dates_the_meeting(meetings):
    m = only(meetings("Zelenskiy spoke by phone with French President Emmanuel Macron on Sunday evening.", "2025-06-03"))
    assert m.date == "2025-06-01"


def test_a_meeting_on_the_sidelines_of_an_event_is_where_and_when_the_event_is_and_not_the_event(meetings):
    m = only(meetings("Zelensky met Trump on the sidelines of a NATO summit in The Hague on Tuesday.", "2025-06-25"))
    assert (m.kind, m.place, m.participants) == ("Talks", P + "the-hague", (A + "donald-trump", A + "volodymyr-zelenskyy"))
    assert m.date == "2025-06-24"


def test_a_where_clause_on_a_place_gives_the_meeting_no_day_of_the_journey(meetings):
    m = only(meetings("Zelensky returned to Kyiv on Sunday from Washington, where he met Trump.", "2025-06-25"))
    assert (m.place, m.date) == (P + "washington", None)


def test_talks_referred_back_to_at_a_venue_nobody_placed_are_the_same_talks(meetings):
    m = only(meetings(
        "Russian and Ukrainian delegations held direct talks in Istanbul on Friday.\n"
        "The talks at the Dolmabahce Palace were hosted by Turkish Foreign Minister Hakan Fidan.",
        "2025-05-16",
    ))
    assert (m.place, m.date, m.host) == (P + "istanbul", "2025-05-16", A + "hakan-fidan")


def test_a_placed_summit_is_not_talks_held_before_it_with_no_place(meetings):
    found = meetings(
        "Ukrainian and U.S. delegations said after a day of negotiations on Sunday that they had made progress.\n"
        "Ursula von der Leyen, speaking at the G20 summit in Johannesburg, said any settlement must respect borders.",
        "2025-11-23",
    )
    talks = [m for m in found.meetings if A + "united-states" in m.participants]
    assert len(talks) == 1 and (talks[0].kind, talks[0].place) == ("Talks", None), found.meetings
