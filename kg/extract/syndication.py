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
same articles give the same stories on every run. About half a millisecond an
article, against some 100 ms to parse it.
"""

from __future__ import annotations

import re
import zlib
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
_rng = np.random.default_rng(20250311)
# Multiply-shift hashing (a * x + b mod 2**64, top 32 bits), odd a: universal,
# and with numpy's wrapping uint64 arithmetic it needs no slow modulo.
_A = _rng.integers(1, 1 << 63, size=ROWS * BANDS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=ROWS * BANDS, dtype=np.uint64)
# Powers of an odd constant that fold five word hashes into one shingle hash.
_FOLD = np.array([0x9E3779B1 ** k % (1 << 32) for k in range(SHINGLE)], dtype=np.uint64)

_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> np.ndarray:
    """32-bit hashes of the word 5-grams of the opening of ``text``, case and punctuation ignored; sorted, unique.

    An array, not a set of Python ints: a fifteenth of the memory, which
    counts when every article of a large ingest keeps one until all are in.
    """
    words = _WORD.findall(text.casefold())[:OPENING_WORDS]
    if len(words) < SHINGLE:
        return np.zeros(0, dtype=np.uint32)
    # crc32, not hash(): Python salts str hashes per process, and stories must
    # come out the same on every run.
    hashes = np.fromiter((zlib.crc32(word.encode()) for word in words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE + 1
    folded = sum(hashes[k : k + count] * _FOLD[k] for k in range(SHINGLE)) & np.uint64(0xFFFFFFFF)
    return np.unique(folded.astype(np.uint32))


def signature(shingles: np.ndarray) -> np.ndarray:
    """The MinHash signature: for each of ROWS * BANDS hash functions, the least hash of a shingle."""
    values = shingles.astype(np.uint64)
    with np.errstate(over="ignore"):
        return ((values[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)).min(axis=0)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared) if len(a) or len(b) else 0.0


def copies(texts: Sequence[str], prints: Sequence[np.ndarray] | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of texts that carry the same story, sorted (their
    fingerprints may be given instead, by an ingest that does not keep texts)."""
    prints = list(prints) if prints is not None else [fingerprint(text) for text in texts]
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


def stories(articles: Sequence[Article], prints: Sequence[np.ndarray] | None = None) -> list[Story]:
    """Every article in exactly one story (most are alone in theirs), in a stable order."""
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in copies([a.text for a in articles] if prints is None else [], prints):
        parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[Article]] = defaultdict(list)
    for index, article in enumerate(articles):
        groups[root(index)].append(article)
    found = []
    for members in groups.values():
        members.sort(key=lambda a: (a.published is None, a.published or 0, a.id))
        found.append(Story(story_iri(members[0].id), tuple(members)))
    return sorted(found, key=lambda s: s.iri)
