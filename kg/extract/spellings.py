"""The labels a label as a user writes it stands for: word alternatives
("halt|pause strikes"), a slash between one-word names ("ZLA/RDF"), what a
parenthesis adds left out, an acronym in parentheses a label of its own."""

from __future__ import annotations

import itertools
import re


def spellings(text: str) -> list[str]:
    """The labels a label with word alternatives stands for: "halt|pause strikes|attacks"
    is "halt strikes", "halt attacks", "pause strikes" and "pause attacks".
    Users write labels as titles: a slash between two one-word names or words
    is a choice too ("ZLA/RDF withdrawal"), and what a parenthesis adds is
    left out ("Strelsau-led mediation (Zenda, Hentzau)"), except an acronym
    alone, a label of its own ("Joint Plan (JPA)")."""
    acronyms = [a for a in re.findall(r"\(([^()\s]{2,})\)", text) if a.isupper()]
    text = re.sub(r"\s*\([^()]*\)", "", text).strip() or text
    if acronyms:
        return [spelled for part in (text, *acronyms) for spelled in spellings(part)]
    words = text.split()
    text = " ".join(_slash_choice(words, n) for n in range(len(words)))
    if "|" not in text:
        return [text]
    choices = [[w for w in word.split("|") if w] or [word] for word in text.split()]
    return [" ".join(words) for words in itertools.product(*choices)]


def _slash_choice(words: list[str], n: int) -> str:
    """Word ``n`` with its slash made a choice ("ZLA/RDF" -> "ZLA|RDF"), unless
    a part is a number ("24/7") or the slash joins names of several words
    ("North Ruritania/Syldavia")."""
    word = words[n]
    parts = word.split("/")
    if len(parts) < 2 or not all(p and p.replace("-", "").isalnum() and not p.isdigit() for p in parts):
        return word
    if (n > 0 and words[n - 1][:1].isupper() and parts[0][:1].isupper()) or (
            n + 1 < len(words) and words[n + 1][:1].isupper() and parts[-1][:1].isupper()):
        return word
    return "|".join(parts)
