"""Lists that keep the order things were found in and hold each once.

The order is part of the output: the first participant named becomes a
meeting's host, and the first place found its place.
"""

from __future__ import annotations


def add_new(target: list[str], items: list[str]) -> None:
    """Append the items ``target`` does not hold yet, in order."""
    for item in items:
        if item not in target:
            target.append(item)
