"""Quotations no cue claims, and who speaks them: after a colon, the subject
of the clause before it; a quotation that opens its sentence, the speaker of
the quotation just before, when nobody else is named between.

In: the StatementFinder of an article (kg.extract.statements) and the
statements it found. Out: more Statements, with ``cue_at`` -1.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.quotations import Quotation
from kg.model import Statement

if TYPE_CHECKING:
    from kg.extract.statements import StatementFinder


def unattributed_quotes(finder: StatementFinder, found: list[Statement]) -> list[Statement]:
    """Quotations no cue claims: after a colon, the clause's subject speaks
    ("Doe was blunt: '…'"); else the speaker of the quotation just before,
    with nobody else named between ("'…,' Doe said. '…'")."""
    added: list[Statement] = []
    claimed = sorted(s.start for s in found if s.direct)
    cues = sorted(s.cue_at for s in found)
    # The direct statements with a speaker, by end: a quotation looks back to the last one.
    direct = sorted((s for s in found if s.direct and s.speakers), key=lambda s: s.end)
    ends = [s.end for s in direct]
    for quote in finder.quotes:
        i = bisect.bisect_left(claimed, quote.start)
        if i < len(claimed) and claimed[i] < quote.end:
            continue  # a statement already quotes it
        span = finder.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or not any(t.pos_ in ("VERB", "AUX") for t in span):
            continue  # a quoted phrase, not speech
        sentence = finder.sentences_between(span.start_char, span.start_char + 1)[0]
        if finder.has_cue(cues, sentence):
            continue
        before = finder.text[sentence.start_char : quote.start].rstrip(" “\"‘'")
        if before.endswith(":"):
            speakers, cue = speaker_before_colon(finder, sentence, before)
        elif not before.strip():
            speakers, cue = speaker_before_quote(finder, quote, direct, ends)
        else:
            continue
        if not speakers:
            continue
        start, end = quote.start, quote.end
        added.append(Statement(
            article=finder.article_id, speakers=speakers, cue=cue, start=start, end=end,
            quote=finder.text[start:end], evidence=sentence.text.strip(), direct=True,
            confidence=finder.knowledge.confidence("unattributed_quote"), cue_at=-1,
        ))
        at = bisect.bisect_right(ends, end)
        direct.insert(at, added[-1])
        ends.insert(at, end)
    return added


def speaker_before_colon(finder: StatementFinder, sentence: Span, before: str) -> tuple[tuple[str, ...], str]:
    """"Doe was blunt: '…'": the subject of the clause before the colon, and its verb as the cue."""
    colon = finder.doc.char_span(sentence.start_char, len(before), alignment_mode="contract")
    subjects = [t for t in colon or () if t.dep_ in ("nsubj", "nsubjpass")] if colon is not None else []
    if not subjects:
        return (), ""
    return tuple(finder.actors.of_token(subjects[0])), subjects[0].head.lemma_.lower()


def speaker_before_quote(finder: StatementFinder, quote: Quotation, direct: list[Statement],
                         ends: list[int]) -> tuple[tuple[str, ...], str]:
    """A quotation that opens its sentence continues the direct statement
    just before (``direct``, sorted by ``ends``), if it is near and no other
    person is named between."""
    at = bisect.bisect_right(ends, quote.start)
    if not at:
        return (), ""
    previous = direct[at - 1]
    gap = finder.doc.char_span(previous.end, quote.start, alignment_mode="contract")
    others = {finder.actors.by_token[t.i] for t in gap or () if t.i in finder.actors.by_token
              and finder.actors.actors[finder.actors.by_token[t.i]].kind == "Person"}
    if quote.start - previous.end < 200 and others <= set(previous.speakers):
        return previous.speakers, previous.cue
    return (), ""
