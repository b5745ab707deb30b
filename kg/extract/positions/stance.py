"""The stance a rule reads off the parse, and how negation and reversal change it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from spacy.tokens import Token

from kg.extract.knowledge import StanceCue

# How far up the tree a topic looks for the cue that governs it.
MAX_HOPS = 9
# A "must" or "ought to" requires what is at most this many words up the tree
# from the topic ("must agree to a ceasefire", "must be accompanied by a halt to
# arms supplies"), not whatever its clause mentions.
MODAL_REACH = 4
NEGATE = {"supports": "opposes", "demands": "opposes", "opposes": "accepts", "accepts": "opposes"}
REVERSE = {"supports": "opposes", "demands": "opposes", "opposes": "supports", "accepts": "opposes"}


def compose(outer: str, inner: str) -> str:
    """What holding ``outer`` on a stance ``inner`` comes to: supporting a
    rejection is a rejection, rejecting a rejection is support; accepting it
    leaves it as it is."""
    if outer in ("supports", "demands"):
        return "opposes" if inner == "opposes" else outer
    if outer == "opposes":
        return "supports" if inner == "opposes" else "opposes"
    return inner


class Cue(NamedTuple):
    """A stance cue of the lexicon as one token shows it: the entry, the word
    that fired, and the rule that found it."""

    entry: StanceCue
    word: str
    rule: str


@dataclass(frozen=True)
class Stance:
    stance: str
    cue: str
    holder_mode: str  # "subject" | "speaker"
    token: Token  # where the cue sits
    confidence: float
    content: bool = False  # on a part of a deal or plan ("a deal that sets a tariff")
    rule: str = ""  # the name of the rule that read it (docs/rules.md)

    def by(self, rule: str) -> Stance:
        return replace(self, rule=rule)


class Stop:
    """No stance here, and none further up: the climb ends empty-handed."""

    def __repr__(self) -> str:
        return "STOP"


STOP = Stop()
