"""Dedup: near-duplicates and reprints, by MinHash candidates verified with exact Jaccard."""
from svodka.dedup.minhash import MinHashDeduper, shingles

__all__ = ["MinHashDeduper", "shingles"]
