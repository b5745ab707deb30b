"""Which articles carry the same story: one wire report republished by many outlets.

Corroboration should count independent reports, not copies. Copies are
found by their text: outlets put their own headline on a wire story and cut
it from the end, but keep its opening paragraphs, so an article's fingerprint
is the set of word 5-grams ("shingles") of its first OPENING_WORDS words, and
two articles are copies when their fingerprints overlap by SAME_STORY or more
(Jaccard). Different reports of one event share names and phrases, not runs
of five words, and stay apart.

Comparing every pair does not scale, so candidates come from MinHash with
locality-sensitive hashing (BANDS bands of ROWS values: pairs at Jaccard 0.5
become candidates with probability 0.996, at 0.1 with 0.04), and each
candidate pair is then checked exactly. About forty lines of numpy instead of
a dependency (datasketch would need scipy too); the hashes are seeded, so the
same articles give the same stories on every run.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kg.model import Article
from kg.vocab import story_iri

SHINGLE = 5
OPENING_WORDS = 300
SAME_STORY = 0.5
MIN_SHINGLES = 12  # texts shorter than this are never called copies
ROWS, BANDS = 3, 42
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20250311)
# Kept below 2**32 so that a * hash + b stays within 64 bits (hashes are 32-bit).
_A = _rng.integers(1, 1 << 32, size=ROWS * BANDS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=ROWS * BANDS, dtype=np.uint64)

_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> frozenset[int]:
    """The 32-bit hashes of the word 5-grams of the opening of ``text``, case and punctuation ignored."""
    words = _WORD.findall(text.casefold())[:OPENING_WORDS]
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 0))}
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") for g in grams)


def signature(shingles: frozenset[int]) -> np.ndarray:
    """The MinHash signature: for each of ROWS * BANDS hash functions, the least hash of a shingle."""
    values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    return ((values[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def copies(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of texts that carry the same story, sorted."""
    prints = [fingerprint(text) for text in texts]
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for index, shingles in enumerate(prints):
        if len(shingles) < MIN_SHINGLES:
            continue
        values = signature(shingles)
        for band in range(BANDS):
            buckets[(band, values[band * ROWS : (band + 1) * ROWS].tobytes())].append(index)
    candidates = {(i, j) for members in buckets.values() for k, i in enumerate(members) for j in members[k + 1 :]}
    return sorted((i, j) for i, j in candidates if jaccard(prints[i], prints[j]) >= SAME_STORY)


@dataclass(frozen=True)
class Story:
    """Articles carrying one story, earliest first (undated last, then by id)."""

    iri: str
    articles: tuple[Article, ...]

    @property
    def first(self) -> tuple[Article, ...]:
        """The copies published first, if any copy is dated: the ones the others derive from."""
        dated = [a.published for a in self.articles if a.published]
        return tuple(a for a in self.articles if dated and a.published == min(dated))

    def derived(self) -> list[tuple[Article, Article]]:
        """(later copy, first copy) pairs: only where the dates say which came first."""
        first = self.first
        if not first:
            return []
        return [(a, f) for a in self.articles if a.published and a.published > first[0].published for f in first]


def stories(articles: Sequence[Article]) -> list[Story]:
    """Every article in exactly one story (most are alone in theirs), in a stable order."""
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in copies([a.text for a in articles]):
        parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[Article]] = defaultdict(list)
    for index, article in enumerate(articles):
        groups[root(index)].append(article)
    found = []
    for members in groups.values():
        members.sort(key=lambda a: (a.published is None, a.published or 0, a.id))
        found.append(Story(story_iri(members[0].id), tuple(members)))
    return sorted(found, key=lambda s: s.iri)
