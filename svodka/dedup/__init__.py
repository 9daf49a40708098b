"""Dedup: near-duplicates and reprints, by MinHash candidates verified with exact Jaccard."""
from svodka.dedup.minhash import SIGNATURE_SCHEME, MinHashDeduper, shingles, signature

__all__ = ["SIGNATURE_SCHEME", "MinHashDeduper", "shingles", "signature"]
