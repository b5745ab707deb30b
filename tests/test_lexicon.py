"""The cue lexicon is typed: the packaged file, a user's overlay and every
path the code asks for are checked against one schema, without an article."""

import ast
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract import knowledge as knowledge_module
from kg.extract import lexicon
from kg.resources import ontology_file

KG = Path(__file__).resolve().parent.parent / "kg"


def _lexicon_reads() -> tuple[set[tuple[str, ...]], set[str]]:
    """What the code reads of the lexicon, found in its source: the literal
    paths of ``words("section", "key")`` and ``confidence("rule")`` calls
    (as ``("confidence", "rule")``), and the keys read one at a time from a
    section (``lex.get("key")``, ``lex["key"]``, meetings' ``words("key")``)."""
    paths, keys = set(), set()
    for source in KG.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                literal = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if name == "words" and len(literal) > 1 and len(literal) == len(node.args):
                    paths.add(tuple(literal))
                elif name == "confidence" and len(literal) == 1 == len(node.args):
                    paths.add(("confidence", literal[0]))
                elif name == "words" and len(literal) == 1 == len(node.args):
                    keys.add(literal[0])
                elif name == "get" and node.args and isinstance(node.args[0], ast.Constant):
                    keys.add(node.args[0].value)
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                if isinstance(node.slice.value, str):
                    keys.add(node.slice.value)
    return paths, keys


def test_every_path_in_the_code_is_in_the_lexicon():
    """A misspelt words(...) path or confidence(...) rule fails here, not on every article."""
    paths, _ = _lexicon_reads()
    assert ("confidence", "direct_quote") in paths
    known = knowledge_module.default()
    assert len(paths) > 50
    wrong = []
    for path in sorted(paths):
        try:
            if path[0] == "confidence":
                known.confidence(path[1])
            else:
                known.words(*path)
        except lexicon.LexiconKeyError as error:
            wrong.append(f"{'.'.join(path)}: {error}")
    assert not wrong, wrong


def test_no_lexicon_key_is_dead():
    """Every key of the lexicon is read by some code: a key nobody reads is a
    misspelling of one that is, or words that change nothing."""
    paths, keys = _lexicon_reads()
    read = {path[:2] for path in paths}
    # Word lists a cue pattern (ontology/cue-patterns.json) asks its nodes to be in.
    read |= {tuple(where[:2]) for shape in knowledge_module.default().shapes for _, where in shape.lexicon}
    dead = []
    for section, schema in lexicon.SCHEMA.fields.items():
        fields = schema.fields
        for key in fields:
            if (section, key) not in read and key not in keys:
                dead.append(f"{section}.{key}")
        if section not in keys and not any(path[0] == section for path in paths):
            dead.append(section)
    assert not dead, dead


def test_the_packaged_lexicon_has_every_key_of_the_schema(tmp_path):
    text = ontology_file("lexicon.toml").read_text(encoding="utf-8")
    path = tmp_path / "lexicon.toml"
    path.write_text(text.replace("void_nouns = ", "void_noun = "), encoding="utf-8")
    with pytest.raises(InputError, match=r"lexicon\.toml: unknown key 'polarity\.void_noun'"):
        lexicon.load(path)
    path.write_text(text.replace('void_nouns = ["failure", "inability", "lack", "absence"]\n', ""), encoding="utf-8")
    with pytest.raises(InputError, match=r"lexicon\.toml: key 'polarity\.void_nouns' is missing"):
        lexicon.load(path)


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[speech]\nverbz = ['say']\n", "unknown key 'speech.verbz'"),
        ("[speech]\nverbs = 'say'\n", "key 'speech.verbs' must be a list of words, not a str"),
        ("[speech]\nverbs = ['say', 3]\n", "key 'speech.verbs' must be a list of words, not a list"),
        ("[anaphora]\nmax_hops = 'six'\n", "key 'anaphora.max_hops' must be a whole number, not a str"),
        ("[meetings.nouns]\nVisit = ['visit']\n", "unknown key 'meetings.nouns.Visit'"),
        ("[lemmas.fixes]\nsided = 3\n", "key 'lemmas.fixes.sided' must be a word, not a int"),
        ("[[stance]]\nholder = 'subject'\n", "entry stance\\[1\\] has no 'stance'"),
        ("[[stance]]\nstance = 'likes'\n", "key 'stance\\[1\\].stance' must be one of 'supports'"),
        ("[[stance]]\nstance = 'supports'\nlemma = ['like']\n", "unknown key 'stance\\[1\\].lemma'"),
        ("speech = ['say']\n", "key 'speech' must be a table, not a list"),
        ("[boilerplate]\nlines = ['^(unclosed']\n", "key 'boilerplate.lines' must be a list of regular expressions"),
        ("[confidence]\ndirect_quote = 1.5\n", "key 'confidence.direct_quote' must be a number from 0 to 1, not a float"),
    ],
)
def test_an_overlay_is_checked_key_by_key(tmp_path, toml, message):
    path = tmp_path / "mine.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(InputError, match=r"mine\.toml: " + message):
        knowledge_module.load(lexicon=path)


def test_an_overlay_replaces_the_entries_it_names(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[speech]\nverbs = ['Say']\n[lemmas.fixes]\ndrove = 'drive'\n[anaphora]\nmax_hops = 2\n"
                    "[confidence]\ndirect_quote = 0.95\n", encoding="utf-8")
    known = knowledge_module.load(lexicon=path)
    assert known.words("speech", "verbs") == {"say"}
    assert known.words("speech", "denials") == knowledge_module.default().words("speech", "denials")
    assert known.lexicon["lemmas"]["fixes"]["drove"] == "drive" and known.lexicon["lemmas"]["fixes"]["hoped"] == "hope"
    assert known.lexicon["anaphora"]["max_hops"] == 2
    assert known.confidence("direct_quote") == 0.95 and known.confidence("reported_speech") == 0.8


def test_a_path_the_lexicon_does_not_have_is_one_clear_error():
    known = knowledge_module.default()
    with pytest.raises(lexicon.LexiconKeyError, match=r"no key 'polarity\.attitude_verb'"):
        known.words("polarity", "attitude_verb")
    with pytest.raises(lexicon.LexiconKeyError, match=r"no key 'meetings\.not_meeting'"):
        known.lexicon.get("meetings", {}).get("not_meeting", [])
    with pytest.raises(lexicon.LexiconKeyError, match=r"'meetings\.nouns' is not a list of words"):
        known.words("meetings", "nouns")
    with pytest.raises(lexicon.LexiconKeyError, match=r"no key 'confidence\.direct_qoute'"):
        known.confidence("direct_qoute")
