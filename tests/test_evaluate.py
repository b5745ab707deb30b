"""Scoring rules of kg eval (docs/annotation.md), on hand-made predictions."""

from __future__ import annotations

from kg.extract.evaluate import Found, GoldPosition, evaluate, holder_key, score_article


def gold(holder, stance, topic, optional=False):
    stances = frozenset(stance if isinstance(stance, list) else [stance])
    return GoldPosition(holder, stances, topic, optional)


def test_holders_match_by_surname_and_by_alias(knowledge):
    assert holder_key("Lavrov", knowledge) == holder_key("Sergey Lavrov", knowledge)
    assert holder_key("Washington", knowledge) == holder_key("United States", knowledge)
    assert holder_key("Jane Roe", knowledge) == holder_key("Roe", knowledge)
    assert holder_key("Russia", knowledge) != holder_key("Ukraine", knowledge)


def test_strict_needs_the_stance_lenient_folds_demands_and_accepts(knowledge):
    found = [Found("Hegseth", "demands", "EndingTheWar")]
    expected = [gold("Pete Hegseth", "supports", "EndingTheWar")]
    strict = score_article(found, expected, knowledge, lenient=False)
    lenient = score_article(found, expected, knowledge, lenient=True)
    assert (strict.tp, strict.fp, strict.fn) == (0, 1, 1)
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 0, 0)


def test_optional_gold_is_neither_missed_nor_wrong(knowledge):
    expected = [gold("Ukraine", "demands", "SecurityGuarantees", optional=True), gold("Kyiv", "opposes", "Ceasefire")]
    none_found = score_article([], expected, knowledge, lenient=False)
    assert (none_found.tp, none_found.fp, none_found.fn) == (0, 0, 1)
    found = [Found("Ukraine", "demands", "SecurityGuarantees")]
    optional_found = score_article(found, expected, knowledge, lenient=False)
    assert (optional_found.tp, optional_found.fp, optional_found.fn) == (0, 0, 1)


def test_stance_lists_and_duplicates_count_once(knowledge):
    expected = [gold("Maria Zakharova", ["opposes", "demands"], "UkraineNATOMembership"),
                gold("Zakharova", ["opposes", "demands"], "UkraineNATOMembership")]
    found = [Found("Maria Zakharova", "opposes", "UkraineNATOMembership"),
             Found("Zakharova", "opposes", "UkraineNATOMembership")]
    counts = score_article(found, expected, knowledge, lenient=False)
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)


def test_micro_average_over_articles(knowledge):
    report = evaluate(
        {"a": [Found("Russia", "opposes", "Ceasefire")], "b": [Found("Russia", "supports", "Ceasefire")]},
        {"a": [gold("Moscow", "opposes", "Ceasefire")], "b": [gold("Russia", "opposes", "Ceasefire")]},
        knowledge,
    )
    strict = report.overall["strict"]
    assert (strict.tp, strict.fp, strict.fn) == (1, 1, 1)
    assert round(strict.f1, 3) == 0.5
