"""MinHash LSH over lemma shingles (datasketch), every candidate verified exactly.

LSH is approximate: it may miss a pair or propose a wrong one. Candidates are therefore
checked with the exact Jaccard similarity of the two shingle sets before a page is marked
as a duplicate, so a false candidate costs time, never a wrong mark.

An article's MinHash signature is a function of its lemmas alone: the store keeps it
(``SIGNATURE_SCHEME`` names what it was made with), and a later run rebuilds the index from the
stored signatures instead of hashing every stored article's shingles again (``restore``). The
shingles of a stored article are made only when a new article's candidates include it.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 3  # lemma trigrams: word order matters, case endings and typos of a reprint do not
NUM_PERM = 128
SEED = 1
HASHING = "affine32"  # datasketch's permutation scheme: 32-bit hash values
# What a stored signature was made with; a signature of another scheme is made again.
SIGNATURE_SCHEME = f"lemma{SHINGLE}-{HASHING}-perm{NUM_PERM}-seed{SEED}"
# Reprints with a changed lead or an extra paragraph keep Jaccard above ~0.6; two outlets
# writing separately on one event stay below ~0.3 (seen on the shared samples and tgcontest pairs).
DUPLICATE_JACCARD = 0.6
LSH_THRESHOLD = 0.5  # a little below the verified threshold, so LSH misses few true pairs
# Shingle sets kept made (an article's are remade from its lemmas when it comes up again): each
# takes about 20 KB, and a reprint's candidates are mostly the latest articles.
SHINGLES_KEPT = 10_000


@lru_cache(maxsize=1)
def _lsh_params() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)  # finds its bands by integration: 50 ms
    return lsh.b, lsh.r


def new_lsh() -> MinHashLSH:
    """An empty LSH index with the bands LSH_THRESHOLD calls for (found once)."""
    return MinHashLSH(num_perm=NUM_PERM, params=_lsh_params())


def shingles(lemmas: Iterable[str], size: int = SHINGLE) -> frozenset[str]:
    seq = list(lemmas)
    if len(seq) < size:
        return frozenset([" ".join(seq)]) if seq else frozenset()
    return frozenset(" ".join(seq[i:i + size]) for i in range(len(seq) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    """The hash permutations every signature shares: made once, not once per article (datasketch
    draws them anew for each MinHash unless given them)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=HASHING).permutations


def signature(lemmas: Sequence[str]) -> np.ndarray | None:
    """The MinHash signature of an article's lemma shingles (NUM_PERM 32-bit ints); None for an
    article with no lemmas."""
    sh = shingles(lemmas)
    if not sh:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=HASHING)
    m.update_batch([s.encode("utf-8") for s in sh])
    return m.hashvalues


class MinHashDeduper:
    """Holds every article seen; ``add`` answers which earlier one a new article repeats,
    ``restore`` takes back a stored one whose answer is known."""

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self._lsh = new_lsh()
        self._lemmas: dict[str, Sequence[str]] = {}
        self._shingles: OrderedDict[str, frozenset[str]] = OrderedDict()  # the latest SHINGLES_KEPT made
        self._original: dict[str, str] = {}

    def _shingles_of(self, article_id: str) -> frozenset[str]:
        sh = self._shingles.get(article_id)
        if sh is None:
            sh = self._keep(article_id, shingles(self._lemmas[article_id]))
        return sh

    def _keep(self, article_id: str, sh: frozenset[str]) -> frozenset[str]:
        self._shingles[article_id] = sh
        if len(self._shingles) > SHINGLES_KEPT:
            self._shingles.popitem(last=False)
        return sh

    def _index(self, article_id: str, lemmas: Sequence[str], sig: np.ndarray | None) -> None:
        self._lemmas[article_id] = lemmas
        if sig is not None:
            self._lsh.insert(article_id, LeanMinHash(seed=SEED, hashvalues=sig, scheme=HASHING), check_duplication=False)

    def restore(self, article_id: str, lemmas: Sequence[str], sig: np.ndarray | None,
                duplicate_of: str | None = None) -> None:
        """Take back a stored article with its stored signature and the original it was marked
        a reprint of: nothing is hashed or compared."""
        if article_id in self._lemmas:
            return
        self._index(article_id, lemmas, sig)
        if duplicate_of is not None:
            self._original[article_id] = duplicate_of

    def add(self, article_id: str, lemmas: Sequence[str], duplicate_of: str | None = None,
            sig: np.ndarray | None = None, apart: Callable[[str], bool] | None = None) -> tuple[str | None, float]:
        """Index an article (``sig``: its signature, when already made); return (the original it
        repeats or None, the similarity). ``apart``: earlier articles it says are another
        happening whatever their words (a series' page for another day) are no original."""
        if article_id in self._lemmas:
            return self._original.get(article_id), 1.0
        if sig is None:
            sig = signature(lemmas)
        best, best_sim = None, 0.0
        if sig is not None:
            sh = self._keep(article_id, shingles(lemmas))
            for cand in self._lsh.query(LeanMinHash(seed=SEED, hashvalues=sig, scheme=HASHING)):
                sim = jaccard(sh, self._shingles_of(cand))
                if apart is not None and sim >= self.threshold and apart(cand):
                    continue
                if sim > best_sim or (sim == best_sim and best is not None and cand < best):
                    best, best_sim = cand, sim
        self._index(article_id, lemmas, sig)
        original = duplicate_of
        if original is None and best is not None and best_sim >= self.threshold:
            original = self._original_of(best) or best
        if original is not None:
            self._original[article_id] = original
        return original, best_sim

    def holds(self, article_id: str) -> bool:
        """Whether the article was indexed (restored or added)."""
        return article_id in self._lemmas

    def _original_of(self, article_id: str) -> str | None:
        return self._original.get(article_id)

    def _credited(self, original: str) -> list[str]:
        """The articles credited to ``original``."""
        return [a for a, o in self._original.items() if o == original]

    def credit(self, earlier: str, original: str) -> list[str]:
        """``earlier`` repeats ``original`` but was written before it (a page that reached the
        store late): it is the first report. ``original`` and every article credited to it are
        credited to ``earlier`` instead; returns them."""
        moved = sorted(a for a in self._credited(original) if a != earlier) + [original]
        for a in moved:
            self._original[a] = earlier
        self._original.pop(earlier, None)
        return moved
