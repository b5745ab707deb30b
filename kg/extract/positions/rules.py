"""The named rules of position extraction, each with one example that the test
suite runs (tests/test_rule_names.py) and docs/rules.md shows.

A rule that *reads* a stance is recorded on every position it yields (the
position's `rule`, `skg:rule` in the graph, a column of `kg eval --errors`). A
rule that *changes or stops* a stance leaves no trace on a position, so its
example names what must not be found, or what is found instead.

Regenerate the page after changing this list:
    python -m kg.extract.positions.rules > docs/rules.md
"""

from __future__ import annotations

from dataclasses import dataclass

Triple = tuple[str, str, str]  # holder, stance, topic (local name)


@dataclass(frozen=True)
class Rule:
    name: str
    module: str  # where it lives: a module of kg/extract/positions/, or ontology/cue-patterns.json (a shape as data)
    what: str
    example: str
    expect: tuple[Triple, ...] = ()  # found, and read by this rule
    absent: tuple[Triple, ...] = ()  # not found


READERS = (
    Rule("stance-verb", "cues", "a verb of the lexicon's [[stance]] lemmas governs the topic",
         "The prime minister Jane Roe backed a ceasefire.", expect=(("Jane Roe", "supports", "Ceasefire"),)),
    Rule("stance-noun", "cues", "a stance noun someone owns (a possessive, a statement's own cue, 'in favour of')",
         "Finland sent Brussels a proposal for a ceasefire on Thursday.", expect=(("Finland", "supports", "Ceasefire"),)),
    Rule("stance-adjective", "cues", "a stance adjective on the topic's clause",
         "Prime Minister Jane Roe is sceptical of a ceasefire.", expect=(("Jane Roe", "opposes", "Ceasefire"),)),
    Rule("predicate-adjective", "cue-patterns.json", "a stance adjective as the predicate of a verb that governs the topic",
         "Secretary General Antonio Gutierrez said a ceasefire was urgent.",
         expect=(("Antonio Gutierrez", "demands", "Ceasefire"),)),
    Rule("predicate-noun", "cue-patterns.json", "a stance noun as the predicate",
         "President John Doe said it was time to end the war.", expect=(("John Doe", "demands", "EndingTheWar"),)),
    Rule("evaluated-predicate", "cue-patterns.json", "a plain noun of polarity.evaluation_heads made a stance by its adjective",
         "Prime Minister Jane Roe called a ceasefire the best outcome for Europe.",
         expect=(("Jane Roe", "supports", "Ceasefire"),)),
    Rule("modal-demand", "cues", "a modal of necessity on the verb that governs the topic: whoever says so demands it",
         "Prime Minister Jane Roe said a ceasefire must come first.", expect=(("Jane Roe", "demands", "Ceasefire"),)),
    Rule("modal-on-topic", "in_place", "a modal of necessity on the topic's own verb",
         "Pete Hegseth said the war must end.", expect=(("Pete Hegseth", "demands", "EndingTheWar"),)),
    Rule("copular-stance-noun", "cue-patterns.json", "a stance noun as the subject of 'be' or 'remain'",
         "Sybiha said Kyiv's priority remained a full ceasefire.", expect=(("Andrii Sybiha", "supports", "Ceasefire"),)),
    Rule("object-cue", "climb", "a verb of polarity.object_cues supports its direct object only",
         "Russia confirmed the prisoner exchange.", expect=(("Russia", "supports", "PrisonerExchange"),)),
    Rule("not-without", "in_place", "'no X without Y': Y is demanded",
         "\"No decisions about Ukraine without Ukraine,\" Zelenskyy said.",
         expect=(("Volodymyr Zelenskyy", "demands", "UkraineAtTheTable"),)),
    Rule("refused-opposite", "in_place", "a negated wording of the topic's opposite",
         "Olaf Scholz said no agreement could be decided over Ukraine's head.",
         expect=(("Olaf Scholz", "demands", "UkraineAtTheTable"),)),
    Rule("declared-intent", "in_place", "'will' or 'would' on the topic's verb with an actor as subject",
         "Ukraine said it would never give up territory.", expect=(("Ukraine", "opposes", "TerritorialConcessions"),)),
    Rule("warned-consequence", "in_place", "the topic as subject of a warned harm (polarity.harm_verbs) or help",
         "Prime Minister Jane Roe warned that new sanctions on Russia could derail the talks.",
         expect=(("Jane Roe", "opposes", "SanctionsOnRussia"),)),
    Rule("kept-in-place", "in_place", "'sanctions will remain in place': whoever says a measure will be kept supports it",
         "Prime Minister Jane Roe said the sanctions on Russia would stay in place.",
         expect=(("Jane Roe", "supports", "SanctionsOnRussia"),)),
    Rule("object-stance-noun", "climb", "a speech verb's object is a stance noun and the topic hangs on the verb",
         "Prime Minister Jane Roe signalled openness to a prisoner exchange.",
         expect=(("Jane Roe", "supports", "PrisonerExchange"),)),
    Rule("received-stance", "in_place", "'has gained support from X': the stance noun's owner on the subject",
         "The plan for a ceasefire has won backing from Germany and Italy.", expect=(("Germany", "supports", "Ceasefire"),)),
    Rule("threat", "climb", "'would face tougher sanctions': the speaker supports what is threatened",
         "Lindsey Graham warned that Russia would face crushing sanctions if it kept attacking cities.",
         expect=(("Lindsey Graham", "supports", "SanctionsOnRussia"),)),
    Rule("demanding-condition", "climb", "'if X does A, the war will be over': A is demanded by whoever says so",
         "\"If Kyiv withdraws from the four regions, the war will be over,\" Sergei Lavrov said.",
         expect=(("Sergey Lavrov", "demands", "TerritorialConcessions"),)),
    Rule("nested-stance", "climb", "a stance inside another's clause takes the outer cue's holder and polarity",
         "Prime Minister Jane Roe rejected calls to lift sanctions on Russia.",
         expect=(("Jane Roe", "supports", "SanctionsOnRussia"),)),
    Rule("denial-of-speech", "climb", "'X denied that Y would …': X holds the opposite",
         "Volodymyr Zelenskyy denied that Ukraine would give up territory.",
         expect=(("Volodymyr Zelenskyy", "opposes", "TerritorialConcessions"),)),
    Rule("plan-content", "climb", "what a plan someone owns sets out (polarity.content_verbs), its owner supports",
         "Prime Minister Jane Roe's plan foresees a ceasefire along the front line.",
         expect=(("Jane Roe", "supports", "Ceasefire"),)),
    Rule("relative-clause", "climb", "a relative clause on the topic whose subject takes a stance",
         "The text does not include security guarantees, which Kyiv had long insisted on.",
         expect=(("Ukraine", "demands", "SecurityGuarantees"),)),
    Rule("evaluative-adjective", "climb", "an evaluating adjective on the noun that names the topic",
         "\"A truly fair and good peace deal is within reach,\" Prime Minister Jane Roe said.",
         expect=(("Jane Roe", "supports", "EndingTheWar"),)),
    Rule("plan-list", "finder", "the author of a plan holds each item after its colon",
         "Poland's plan has three parts: a ceasefire along the front line; a prisoner exchange; and security guarantees.",
         expect=(("Poland", "supports", "PrisonerExchange"),)),
    Rule("continued-list", "finder", "'These include …' after an agreement: its parties hold each item",
         "Russia and the United States agreed on four principles. These included restoring embassies.",
         expect=(("Russia", "supports", "DiplomaticNormalization"),)),
)

CHANGERS = (
    Rule("negation", "cues", "a negated cue flips it: 'would not oppose' accepts",
         "Hungary said it would not oppose Ukraine's EU membership.",
         expect=(("Hungary", "accepts", "UkraineEUMembership"),)),
    Rule("reversal", "climb", "a verb or noun that undoes the topic flips it: lifting sanctions is opposing them",
         "Prime Minister Jane Roe called for lifting sanctions on Russia.",
         expect=(("Jane Roe", "opposes", "SanctionsOnRussia"),)),
    Rule("alternative", "cues", "what 'instead of' or 'rather than' sets aside is opposed",
         "Prime Minister Jane Roe wants talks rather than sanctions on Russia.",
         expect=(("Jane Roe", "opposes", "SanctionsOnRussia"),)),
    Rule("background", "reports", "a cue inside an 'if', 'until' or 'despite' clause is no stance",
         "Dmitry Peskov said that if Ukraine does not sign up to the truce, it will regret it.",
         absent=(("Ukraine", "opposes", "Ceasefire"),)),
    Rule("mention", "climb", "a speech verb or a verb of mere discussion with no cue: a mention",
         "The two ministers discussed a ceasefire on Tuesday.", absent=(("Marco Rubio", "supports", "Ceasefire"),)),
    Rule("other-topic-detail", "climb", "a topic inside another topic's phrase is a detail of it",
         "Prime Minister Jane Roe backed sending troops to monitor a ceasefire.",
         absent=(("Jane Roe", "supports", "Ceasefire"),)),
    Rule("reason", "climb", "'criticised X for …': the reason is not the stance's object",
         "Donald Trump criticised Ukraine for showing no gratitude for U.S. military aid.",
         absent=(("Donald Trump", "opposes", "MilitaryAidToUkraine"),)),
    Rule("forecast", "reports", "what a speaker says another side would do is a forecast, not its position",
         "Emmanuel Macron said Putin would never accept a ceasefire.",
         absent=(("Vladimir Putin", "opposes", "Ceasefire"),)),
    Rule("ascription", "holders", "what a speaker says an adversary (skg:adversary) wants is not the adversary's",
         "Volodymyr Zelenskyy said Russia wants to keep the occupied territories.",
         absent=(("Russia", "supports", "TerritorialConcessions"),)),
    Rule("question", "cues", "a question carries no stance",
         "Will Russia agree to a ceasefire?", absent=(("Russia", "supports", "Ceasefire"),)),
    Rule("denied-noun", "reports", "a stance under a noun that 'no' denies is nobody's",
         "Kaja Kallas said there was no sign that Russia wanted a ceasefire.",
         absent=(("Russia", "supports", "Ceasefire"),)),
    Rule("report-of-report", "reports", "'a newspaper story saying X plans …' is not the article's report of X",
         "A report in a German newspaper said Ruritania plans to propose a ceasefire.",
         absent=(("Ruritania", "supports", "Ceasefire"),)),
    Rule("media", "holders", "news media hold no positions",
         "The Financial Times said a ceasefire was essential.", absent=(("Financial Times", "demands", "Ceasefire"),)),
)

RULES = READERS + CHANGERS


def page() -> str:
    """docs/rules.md."""
    lines = [
        "# The rules of position extraction",
        "",
        "Generated from `kg/extract/positions/rules.py` (`python -m kg.extract.positions.rules > docs/rules.md`);",
        "`tests/test_rule_names.py` runs every example below and checks that this page is current.",
        "Word lists a rule uses are data in `ontology/lexicon.toml`; cases for whole",
        "classes of sentences are in `tests/data/rules/*.jsonl`.",
        "",
        "## Rules that read a stance",
        "",
        "Each position records the rule that read it (`skg:rule` in the graph; `kg eval --errors` shows it).",
        "",
        "| rule | module | what it reads | example | yields |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, rule.expect) for rule in READERS]
    lines += [
        "",
        "## Rules that change or stop a stance",
        "",
        "| rule | module | what it does | example | yields |",
        "|---|---|---|---|---|",
    ]
    lines += [_row(rule, rule.expect, rule.absent) for rule in CHANGERS]
    return "\n".join(lines) + "\n"


def _row(rule: Rule, expect: tuple[Triple, ...], absent: tuple[Triple, ...] = ()) -> str:
    said = [f"{h} {s} {t}" for h, s, t in expect] + [f"not: {h} {s} {t}" for h, s, t in absent]
    example = rule.example.replace("|", "\\|")
    return f"| `{rule.name}` | {rule.module} | {rule.what} | {example} | {'; '.join(said)} |"


if __name__ == "__main__":
    print(page(), end="")
