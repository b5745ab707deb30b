"""Bring your own debate: a SKOS scheme of labels, found on lemmas, from the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.extract import knowledge as knowledge_module, labels
from kg.cli import app
from kg.errors import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "tariffs"
runner = CliRunner()

SCHEME = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/t/> .
ex:s a skos:ConceptScheme .
ex:Truce a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "ceasefire"@en ; skos:altLabel "truce"@en .
ex:Land a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "give up territory"@en .
ex:Nato a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Ukraine's NATO membership"@en .
ex:Cars a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "levies on cars"@en .
ex:Hostages a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "release of hostages"@en ; skos:altLabel "hostage release"@en, "captives"@en .
ex:Pullout a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Russian withdrawal"@en ; skos:altLabel "full withdrawal"@en .
ex:Treaty a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Norway–Sweden peace treaty"@en .
ex:Trade a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Chile-Peru trade deal"@en .
ex:OtherTrade a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Canada–Japan trade deal"@en .
ex:Normal a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Spain-Portugal normalization"@en .
ex:Freeze a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "freeze on troop movements"@en .
ex:OilBan a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "ban on Russian oil"@en .
"""


def loaded(tmp_path_factory, text: str):
    """A scheme's knowledge and the model that reads with it."""
    from kg.extract import annotate

    path = tmp_path_factory.mktemp("scheme") / "topics.ttl"
    path.write_text(text, encoding="utf-8")
    known = knowledge_module.load(topics=path)
    return known, annotate.cached_model(None, known)


@pytest.fixture(scope="module")
def scheme(tmp_path_factory):
    return loaded(tmp_path_factory, SCHEME)


def matches(scheme, text: str) -> set[tuple[str, str]]:
    known, nlp = scheme
    doc = nlp(text)
    found = set()
    for sentence in doc.sents:
        stream = labels.keys_of(sentence, lambda i: None if not doc[i].text[:1].isupper() else (
            (known.by_alias.get(knowledge_module.alias_key(doc[i].text)) or knowledge_module.KnownActor("", "", "")).iri or None))
        for label, first, last in labels.find(stream, known.label_index):
            found.add((label.topic.rsplit("/", 1)[-1], doc[first : last + 1].text))
    return found


@pytest.mark.parametrize(
    "text, topic, words",
    [
        ("Both sides rejected the truces.", "Truce", "truces"),  # lemma
        ("They called for a cease-fire at once.", "Truce", "cease-fire"),  # hyphenated compound
        ("Kyiv would not give up any of its territory.", "Land", "give up any of its territory"),  # gap
        ("Moscow opposes Kyiv's NATO membership.", "Nato", "Kyiv's NATO membership"),  # gazetteer alias
        ("The levies on steel, aluminium and cars stay.", "Cars", "levies on steel, aluminium and cars"),  # a list
        ("The duties on European autos stay.", "Cars", "duties on European autos"),  # synonyms of the lexicon
        ("They demanded a Russian pullout.", "Pullout", "Russian pullout"),  # ... for any debate
        ("No territory will ever be given up.", "Land", "territory will ever be given up"),  # a verb's label, passive
        ("They agreed to release all the hostages.", "Hostages", "release all the hostages"),  # a noun's label as its verb
        ("The last hostages were freed on Monday.", "Hostages", "hostages were freed"),  # ... in the passive
        ("The group will free the hostages.", "Hostages", "free the hostages"),  # "hostage release" as a verb
        ("Moscow said Russia would withdraw.", "Pullout", "Russia would withdraw"),  # a demonym's act by its actor
        ("Both armies agreed to freeze troop movements.", "Freeze", "freeze troop movements"),  # "a freeze on" as its verb
        ("They will release all severely wounded and seriously ill hostages.", "Hostages",
         "release all severely wounded and seriously ill hostages"),  # any number of words that qualify the noun
    ],
)
def test_labels_match_on_lemmas_gaps_aliases_and_lists(scheme, text, topic, words):
    assert (topic, words) in matches(scheme, text)


def test_a_label_between_two_parties_is_found_without_them_where_both_are_named(scheme):
    # an article about the two says "the peace treaty"; "trade deal" would be
    # either pair's, and "normalization" alone too little to go by
    from kg.model import Article
    from kg.pipeline import extract_doc

    known, nlp = scheme

    def found(text):
        extraction = extract_doc(nlp(text), Article(id="a", text=text), known)
        return {(extraction.actors[p.holder].name, p.topic.rsplit("/", 1)[-1]) for p in extraction.positions}

    assert ("Norway", "Treaty") in found("Norway and Sweden finalised the text of a peace treaty.")
    assert ("Norway", "Treaty") in found("Norway signed the Norway-Sweden peace treaty.")
    assert not found("Norway signed a peace treaty with Denmark.")  # Sweden not named: some other treaty
    assert not found("Chile and Peru want a trade deal and normalization.")


def test_labels_do_not_match_across_other_content_words(scheme):
    assert not any(t == "Land" for t, _ in matches(scheme, "They will give Russia's negotiators up and sell territory."))


def test_a_ban_on_a_states_goods_is_not_that_state_banning(scheme):
    # "withdrawal of Ruritanian troops" is Ruritania withdrawing; "a ban on Russian oil" is no ban by Russia
    assert ("OilBan", "ban Russian oil") in matches(scheme, "The bloc will ban Russian oil.")
    assert not any(t == "OilBan" for t, _ in matches(scheme, "Russia will ban oil exports."))


def test_a_noun_label_turns_verb_only_with_its_object_or_actor(scheme):
    # "full withdrawal" names no one who withdraws; "released a statement" is no release of hostages
    assert not any(t in ("Pullout", "Hostages") for t, _ in matches(scheme, "The army will withdraw. The group released a statement."))


def test_doing_what_a_label_names_is_support(scheme):
    # "release" is an act of the topic (from "release of hostages"); its object names the topic
    from kg.model import Article
    from kg.pipeline import extract_doc

    known, nlp = scheme
    text = "Russia released the captives on Monday. Russia did not release the captives on Tuesday."
    extraction = extract_doc(nlp(text), Article(id="a", text=text), known)
    found = {(extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1], p.rule) for p in extraction.positions}
    assert found == {("Russia", "supports", "Hostages", "act-done")}


def test_a_passive_needs_its_auxiliary(scheme):
    assert not any(t == "Land" for t, _ in matches(scheme, "The territory they give up is small."))


def test_a_label_of_one_word_takes_no_synonym(scheme):
    # "truce" and "ceasefire" are synonyms, but a one-word label keeps to its word
    assert matches(scheme, "Both sides accepted the truce.") == {("Truce", "truce")}
    assert not matches(scheme, "It is our duty to say so.")


ONE_WORD = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/w/> .
ex:s a skos:ConceptScheme .
ex:Strikes a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "strikes"@en .
ex:Tariffs a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "tariffs"@en .
ex:Treaty a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Non-Proliferation Treaty"@en .
ex:Talks a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "nuclear talks"@en .
ex:Peace a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "peace agreement"@en .
ex:Integration a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "economic integration framework"@en .
ex:Npt a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "no nuclear weapons"@en .
"""


@pytest.fixture(scope="module")
def one_word(tmp_path_factory):
    return loaded(tmp_path_factory, ONE_WORD)


def found_in(scheme, text: str) -> set[tuple[str, str, str, str]]:
    from kg.model import Article
    from kg.pipeline import extract_doc

    known, nlp = scheme
    extraction = extract_doc(nlp(text), Article(id="a", text=text), known)
    return {(extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1], p.rule) for p in extraction.positions}


def test_a_plural_label_of_one_word_takes_its_synonyms_plurals(one_word):
    # "strikes" names "the attacks", "tariffs" names "duties"; not "an attack" or "our duty"
    assert found_in(one_word, "China condemned the attacks.") == {("China", "opposes", "Strikes", "stance-verb")}
    assert found_in(one_word, "Canada condemned the duties.") == {("Canada", "opposes", "Tariffs", "stance-verb")}
    assert found_in(one_word, "Canada condemned the attack. China said it was our duty.") == set()


def test_a_plural_label_is_also_its_verb_done(one_word):
    # "the United States struck three sites" is a strike, whatever "strike a deal" makes of the verb
    assert found_in(one_word, "The United States struck three nuclear sites on Sunday.") == {
        ("United States", "supports", "Strikes", "act-done")}


def test_a_hyphenated_name_is_a_label_of_one_hyphenated_word(one_word):
    # the recogniser takes "the Non-Proliferation Treaty" for a name; the label still reads it
    assert {(t, s) for _, s, t, _ in found_in(one_word, "Iran threatened to pull out of the Non-Proliferation Treaty.")} == {
        ("Treaty", "opposes")}


def test_a_users_entry_for_a_packaged_actor_keeps_its_demonyms_not_names_given_to_others(tmp_path):
    actors = tmp_path / "actors.ttl"
    actors.write_text("""@prefix skg: <https://w3id.org/stakeholder-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix actor: <https://w3id.org/stakeholder-kg/actor/> .
actor:united-states a skg:Country ; rdfs:label "United States" ; skos:altLabel "US" .
actor:european-union a skg:Organization ; rdfs:label "European Union" ; skos:altLabel "EU" .
actor:european-commission a skg:Organization ; rdfs:label "European Commission" ; skg:affiliation actor:european-union .
""", encoding="utf-8")
    known = knowledge_module.load(gazetteer=actors)
    assert known.by_demonym["american"].name == "United States"  # the packaged entry's demonym
    assert known.by_alias[knowledge_module.alias_key("the bloc")].name == "European Union"  # and its aliases
    assert known.by_alias[knowledge_module.alias_key("European Commission")].name == "European Commission"


def test_user_scheme_end_to_end_from_the_cli(tmp_path):
    out = tmp_path / "tariffs.ttl"
    result = runner.invoke(app, ["ingest", str(EXAMPLE / "articles"), "--topics", str(EXAMPLE / "topics.ttl"),
                                 "--actors", str(EXAMPLE / "actors.ttl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scored = runner.invoke(app, ["eval", str(EXAMPLE / "gold.jsonl"), "-d", str(out), "--format", "json",
                                 "--actors", str(EXAMPLE / "actors.ttl")])
    overall = json.loads(scored.stdout)["overall"]["lenient"]
    # Labels alone, written by a user: a floor, so that a regression fails.
    assert overall["precision"] >= 0.9 and overall["f1"] >= 0.65, overall
    # Query parameters resolve against the user's labels, kept in the graph.
    answer = runner.invoke(app, ["query", "who-supports", "--param", "topic=trade deal", "-d", str(out), "--format", "csv"])
    assert answer.exit_code == 0, answer.output
    assert "Donald Trump" in answer.stdout
    # A user's topics are in the graph's scheme, which the shapes check.
    checked = runner.invoke(app, ["validate", str(out)])
    assert checked.exit_code == 0, checked.output


def test_kg_toml_names_the_scheme(tmp_path, monkeypatch):
    (tmp_path / "kg.toml").write_text(f'topics = "{EXAMPLE / "topics.ttl"}"\nactors = "{EXAMPLE / "actors.ttl"}"\n')
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ingest", str(EXAMPLE / "articles" / "t4.txt"), "-o", "out.ttl"])
    assert result.exit_code == 0, result.output
    assert "example.org/tariffs/TradeDeal" in (tmp_path / "out.ttl").read_text()
    (tmp_path / "kg.toml").write_text('topic = "x.ttl"\n')
    bad = runner.invoke(app, ["ingest", str(EXAMPLE / "articles" / "t4.txt"), "-o", "out.ttl"])
    assert bad.exit_code == 2 and "unknown setting 'topic'" in bad.stderr and bad.stderr.count("\n") == 1


def test_scheme_errors_name_the_file_and_the_concept(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(SCHEME + 'ex:Orphan a skos:Concept ; skos:altLabel "no preferred label"@en .\n')
    with pytest.raises(InputError, match=r"bad\.ttl: concept https://example.org/t/Orphan has no skos:prefLabel"):
        knowledge_module.load(topics=path)
    result = runner.invoke(app, ["topics", "check", str(path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "Orphan" in result.stderr


def test_lexicon_override_with_an_unknown_key_is_one_line(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text("[speech]\nverbz = ['say']\n")
    result = runner.invoke(app, ["ingest", str(EXAMPLE / "articles"), "--lexicon", str(path), "-o", str(tmp_path / "o.ttl")])
    assert result.exit_code == 2 and "unknown key 'speech.verbz'" in result.stderr


def test_topics_check_reports_collisions_and_what_a_sample_mentions(tmp_path):
    path = tmp_path / "topics.ttl"
    path.write_text(SCHEME + 'ex:Pause a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Truces"@en .\n')
    sample = tmp_path / "a.txt"
    sample.write_text("Russia rejected a truce on Monday, the Kremlin said. Kyiv said it would never give up territory.\n")
    result = runner.invoke(app, ["topics", "check", str(path), str(sample)])
    assert result.exit_code == 1  # two concepts share a label
    assert "label 'Truces' of Pause reads the same as 'truce' of Truce" in result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert rows["Truce"].split()[1:3] == ["1", "1"] and "'ceasefire'" in rows["Truce"]
    assert rows["Land"].split()[1:3] == ["1", "1"]
    assert rows["Cars"].split()[1:3] == ["0", "0"]


def test_a_participle_the_parser_hangs_on_a_later_clause_belongs_to_the_clause_before(scheme):
    # spaCy makes "settled" the root and hangs "agreeing" under it; its subject is "other questions"
    from kg.model import Article
    from kg.pipeline import extract_doc

    known, nlp = scheme
    text = ("Hamas had responded on Oct. 3 to the plan, agreeing to release all Israeli captives, alive and dead, "
            "and to hand Gaza's administration to a body of independent Palestinian technocrats, while saying other "
            "questions on the enclave's future should be settled within a “comprehensive Palestinian national” framework.")
    extraction = extract_doc(nlp(text), Article(id="a", text=text), known)
    found = {(extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1]) for p in extraction.positions}
    assert found == {("Hamas", "supports", "Hostages")}


HEADS = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/h/> .
ex:s a skos:ConceptScheme .
ex:Aid a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "humanitarian aid"@en ;
    skos:altLabel "aid trucks"@en, "blockade on aid"@en, "aid access"@en .
ex:Force a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "international force"@en ;
    skos:altLabel "multinational force"@en, "stabilization force"@en .
ex:Arms a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "handing over weapons"@en ;
    skos:altLabel "decommissioning of weapons"@en, "disarmament"@en .
ex:Talks a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "direct talks"@en ; skos:altLabel "talks in Doha"@en .
"""


def test_a_noun_of_one_topics_labels_names_it_alone(tmp_path):
    # Reporters write "blocked all aid" where the scheme has "humanitarian aid"
    from kg.extract import annotate
    from kg.model import Article
    from kg.pipeline import extract_doc

    path = tmp_path / "topics.ttl"
    path.write_text(HEADS, encoding="utf-8")
    known = knowledge_module.load(topics=path)
    nlp = annotate.cached_model(None, known)
    assert set(known.label_index.heads) == {"aid", "force", "weapon"}  # "talks" is a meeting, not a topic

    def named(text: str) -> set[str]:
        doc = nlp(text)
        return {iri.rsplit("/", 1)[-1] for s in doc.sents for iri in labels.sentence_matches(s, known.label_index, lambda i: None)}

    assert named("The army has blocked all aid since March.") == {"Aid"}
    assert named("The group must hand its weapons to the police.") == {"Arms"}
    # Not another thing of the same word: other number, a name or noun before it, what follows it
    assert named("The group must hand its weapon to the police.") == set()
    assert named("Israeli forces advanced and the security force withdrew.") == set()
    assert named("The force of the storm surprised them.") == set()
    assert named("The Guild's weapons must go.") == set()
    assert named("The army condemned the aid's diversion.") == set()  # the noun as someone's, not the thing
    assert named("The army withdrew the aid.") == set()  # the object of an act a label names ("withdraw")
    text = "Israel has blocked all aid from entering the Strip since March."
    extraction = extract_doc(nlp(text), Article(id="a", text=text), known)
    found = {(extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1]) for p in extraction.positions}
    assert found == {("Israel", "opposes", "Aid")}


def test_the_words_of_the_schemes_title_name_no_one_topic(tmp_path):
    from kg.extract import annotate

    path = tmp_path / "topics.ttl"
    path.write_text(HEADS.replace("ex:s a skos:ConceptScheme .", 'ex:s a skos:ConceptScheme ; skos:prefLabel "The force debate"@en .'),
                    encoding="utf-8")
    known = knowledge_module.load(topics=path)
    annotate.cached_model(None, known)
    assert {t.scheme for t in known.topics} == {"https://example.org/h/s"}
    assert set(known.label_index.heads) == {"aid", "weapon"}


def test_a_label_that_is_a_name_alone_names_the_topic_in_that_wording_only(tmp_path):
    # "Ramallah" stands for Palestine in the gazetteer; as a topic's label it is that word, not every mention of Palestine
    from kg.extract import annotate
    from kg.extract.actors import find_actors

    path = tmp_path / "topics.ttl"
    path.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/n/> .
ex:PA a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "role of the Palestinian Authority"@en ;
    skos:altLabel "Ramallah"@en, "Palestinian Authority"@en .
""", encoding="utf-8")
    known = knowledge_module.load(topics=path)
    nlp = annotate.cached_model(None, known)

    def named(text: str) -> list[str]:
        doc = nlp(text)
        actors = find_actors(doc, known)
        return [span.text for s in doc.sents for spans in labels.sentence_matches(s, known.label_index, actors.named_at).values()
                for span, _ in spans]

    assert named("Officials in Ramallah rejected the plan.") == ["Ramallah"]
    assert named("Palestine rejected the plan.") == []
    assert named("The Palestinian Authority rejected the plan.") == ["The Palestinian Authority"]


def test_a_place_named_before_a_noun_may_follow_it_and_the_longer_label_wins(tmp_path):
    # "Doha declaration" is also "the declaration in Doha", and there it is that declaration,
    # not the other topic's bare "declaration of principles"; the place as written, not its country
    from kg.extract import annotate
    from kg.extract.actors import find_actors

    path = tmp_path / "topics.ttl"
    path.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/p/> .
ex:DohaTrack a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Doha track"@en ;
    skos:altLabel "Doha declaration of principles"@en .
ex:OtherTrack a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Washington track"@en ;
    skos:altLabel "declaration of principles"@en, "Qatari mediation"@en, "NATO troops"@en .
""", encoding="utf-8")
    known = knowledge_module.load(topics=path)
    nlp = annotate.cached_model(None, known)

    def named(text: str) -> dict[str, list[str]]:
        doc = nlp(text)
        actors = find_actors(doc, known)
        found = {}
        for s in doc.sents:
            for topic, spans in labels.sentence_matches(s, known.label_index, actors.named_at).items():
                found.setdefault(topic.rsplit("/", 1)[-1], []).extend(span.text for span, _ in spans)
        return found

    assert named("They signed a declaration of principles in Doha on Saturday.") == {"DohaTrack": ["declaration of principles in Doha"]}
    assert named("They signed a declaration of principles in Qatar on Saturday.") == {"OtherTrack": ["declaration of principles"]}
    assert named("They signed the Doha declaration of principles.") == {"DohaTrack": ["Doha declaration of principles"]}
    assert named("They signed a declaration of principles in Washington.") == {"OtherTrack": ["declaration of principles"]}
    # a people's or a body's name before the noun is who does it, not where: no "mediation in Qatar", "troops in NATO"
    assert "OtherTrack" not in named("There was no mediation in Qatar.")
    assert "OtherTrack" not in named("Russia condemned the build-up of troops in NATO countries.")


def _extracted(tmp_path: Path, concepts: str, text: str):
    """The extraction of ``text`` on a scheme of ``concepts`` (Turtle, with ex: declared)."""
    from kg.model import Article
    from kg.extract import annotate
    from kg.pipeline import extract_doc

    path = tmp_path / "topics.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" + concepts, encoding="utf-8")
    known = knowledge_module.load(topics=path)
    return extract_doc(annotate.cached_model(None, known)(text), Article(id="t", text=text), known)


def test_the_withdrawal_of_a_peoples_troops_is_also_that_people_withdrawing_them(tmp_path):
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/w/> .
ex:Pullout a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "withdrawal of Russian troops"@en .
""", "Prime Minister Jane Roe demanded that Russia withdraw its troops. Russia must withdraw troops, John Doe said.")
    found = {(extraction.actors[p.holder].name, p.stance) for p in extraction.positions}
    assert {("Jane Roe", "demands"), ("John Doe", "demands")} <= found
    assert not any(name == "Russia" for name, _ in found)


def test_a_label_that_names_only_what_the_topic_undoes_names_its_opposite(tmp_path):
    # the militia is what "the disarmament of the militia" undoes: calling it a threat is wanting it disarmed
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/u/> .
ex:Disarm a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "disarmament of the militia"@en ;
    skos:altLabel "the militia"@en .
""", "Prime Minister Jane Roe called the militia a threat. John Doe demanded the disarmament of the militia.")
    found = {(extraction.actors[p.holder].name, p.stance) for p in extraction.positions}
    assert found == {("Jane Roe", "supports"), ("John Doe", "demands")}


def test_what_a_topic_named_by_its_undoing_verb_undoes_names_its_opposite(tmp_path):
    # each item of what "halting" takes: wanting an end to foreign support is wanting the topic
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/h/> .
ex:Halt a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Halting arms supplies and foreign military support"@en ;
    skos:altLabel "foreign military support"@en , "arms supplies"@en .
""", "Prime Minister Jane Roe said an end to foreign military support was essential. John Doe called for halting arms supplies.")
    found = {(extraction.actors[p.holder].name, p.stance) for p in extraction.positions}
    assert found == {("Jane Roe", "demands"), ("John Doe", "demands")}


def test_the_noun_a_topic_was_named_with_refers_back_with_its_synonyms(tmp_path):
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/s/> .
ex:Strikes a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "strikes on nuclear sites"@en .
""", "Ruritania carried out strikes on nuclear sites on Friday. Prime Minister Jane Roe condemned the attacks.")
    found = {(extraction.actors[p.holder].name, p.stance) for p in extraction.positions}
    assert ("Jane Roe", "opposes") in found


def test_an_undoing_listed_beside_what_is_ended_is_wanted_not_ended(tmp_path):
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/e/> .
ex:Pullout a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Russian withdrawal"@en .
""", "Prime Minister Jane Roe demanded an end to the war and full Russian withdrawal.")
    found = {(extraction.actors[p.holder].name, p.stance) for p in extraction.positions}
    assert found == {("Jane Roe", "demands")}


def test_a_names_act_is_also_the_noun_with_of(tmp_path):
    # "M23 withdrawal" in a user's scheme: reporters write "the withdrawal of the M23"
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/g/> .
ex:GuardOut a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "M23 withdrawal"@en .
""", "Prime Minister Jane Roe demanded the withdrawal of the M23 from the capital.")
    assert ("Jane Roe", "demands", "GuardOut") in {
        (extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1]) for p in extraction.positions}



def test_a_plural_a_post_capitalises_is_still_the_common_noun(tmp_path):
    # Posts and headlines capitalise common nouns, which the model then tags as names, lemma and all
    extraction = _extracted(tmp_path, """@prefix ex: <https://example.org/c/> .
ex:Hostages a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "hostage release"@en .
""", 'Jane Roe wrote that "ALL of the Hostages will be released very soon." John Banks said nothing.')
    found = {(extraction.actors[p.holder].name, p.stance, p.topic.rsplit("/", 1)[-1]) for p in extraction.positions}
    assert ("Jane Roe", "supports", "Hostages") in found
    assert "John Banks" in {actor.name for actor in extraction.actors.values()}  # a surname keeps its form


def test_a_framework_named_after_an_agreement_is_no_agreement_referred_to(one_word):
    # a framework is a plan: "the agreement" after it is still the agreement named before
    text = ("Rwanda and Congo signed a peace agreement in Washington. It also provides for an economic integration "
            "framework. Kenya welcomed the agreement.")
    found = {(h, s, t) for h, s, t, _ in found_in(one_word, text)}
    assert ("Kenya", "supports", "Peace") in found and ("Kenya", "supports", "Integration") not in found


def test_a_label_that_says_no_names_the_opposite_of_the_rest(one_word):
    # "no nuclear weapons": stopping a weapon is wanting the topic, seeking one opposing it
    assert ("Israel", "supports", "Npt") in {(h, s, t) for h, s, t, _ in found_in(
        one_word, "Israel said it aimed to stop Iran building a nuclear weapon.")}
    assert ("Iran", "supports", "Npt") in {(h, s, t) for h, s, t, _ in found_in(
        one_word, "Iran, which denies seeking nuclear weapons, is willing to talk.")}


PARTS = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/p/> .
ex:s a skos:ConceptScheme .
ex:Truce a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Ceasefire on the Ruritania–Freedonia border"@en ;
    skos:altLabel "immediate ceasefire"@en .
ex:Pullback a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Withdrawal of troops and heavy weapons from the border"@en .
ex:Accord a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Zenda accord"@en ;
    skos:altLabel "joint declaration of 26 October"@en , "peace declaration"@en .
ex:Court a skos:Concept ; skos:inScheme ex:s ; skos:prefLabel "Referral to the Court of Justice"@en .
"""


def test_a_label_also_names_its_topic_without_its_setting_or_one_of_two_nouns(tmp_path_factory):
    known, nlp = loaded(tmp_path_factory, PARTS)

    def named(text: str) -> set[str]:
        doc = nlp(text)
        return {iri.rsplit("/", 1)[-1] for s in doc.sents for iri in labels.sentence_matches(s, known.label_index, lambda i: None)}

    assert named("Both sides agreed to a ceasefire.") == {"Truce"}  # the name's noun, where another label has it
    assert named("They will withdraw heavy weapons from the border.") == {"Pullback"}  # one of two nouns, as a verb
    assert named("The two leaders signed a joint declaration.") == {"Accord"}  # without its date
    assert named("The government rejected the referral.") == set()  # a noun no other label has

