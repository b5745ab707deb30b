"""Positions: (holder, stance, topic) read off the parse of a statement.

For every place a topic of the scheme is named (topics), the extractor climbs
the dependency tree from the topic towards the clause that governs it (climb)
and takes the first stance cue it meets (cues): "rejected", "objection to",
"must", "wants", "unrealistic". The statement that reports the cue (reports)
and the cue's subject or owner say who holds it (holders). Every rule that
reads a stance has a name, recorded on the position (docs/rules.md).

    topics   sentence -> the spans naming each topic
    climb    span -> Stance (walker; the rules that read stances off the tree)
    cues     token -> Cue (lexicon entry, word, rule); negation, barriers
    reports  token -> the Statement that governs it
    holders  Stance + Statement -> actor IRIs
    finder   the article -> Positions
"""

from kg.extract.positions.finder import PositionFinder, find_positions

__all__ = ["PositionFinder", "find_positions"]
