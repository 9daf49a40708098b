"""The same-language use of the e5 cosine (SAME_LANGUAGE_MID and SAME_LANGUAGE_SHIFT of
svodka/cluster/scoring.py: the word score moved by up to the shift as the cosine runs across the
mid), fitted through the product on one half of the sets and measured on the other: ECB+ by odd /
even topics with the tgcontest Russian pairs by site half 0 / 1. A shift of 0 is words alone.

    python -m eval.blend      # each set through `svodka run` with embeddings once, regrouped for
                              # every setting of the grid (about 10 minutes)
"""
from __future__ import annotations

import sys

from eval import clustering, pairs
from eval.rules import regrouping, switched
from svodka.cluster import scoring
from svodka.embed import e5_embedder

GRID = [(0.86, 0.0)] + [(mid, shift) for mid in (0.80, 0.83, 0.86, 0.89) for shift in (0.05, 0.10, 0.20)]


def figures(embedder) -> tuple[float, float, float, float]:
    """ECB+ odd, ECB+ even, ru pairs site half 0, site half 1."""
    rows = clustering.load()
    gold, topic = {r["doc_id"]: r["cluster_id"] for r in rows}, {r["doc_id"]: r["topic"] for r in rows}
    events, _, _ = clustering.run_product(rows, None, embedder)
    ecb = [clustering.bcubed({d: e for d, e in events.items() if topic[d] % 2 == h},
                             {d: g for d, g in gold.items() if topic[d] % 2 == h})[2] for h in (1, 0)]
    prs = pairs.run_report(pairs.load_pairs(), embedder)
    return ecb[0], ecb[1], prs["ru", "0"][2], prs["ru", "1"][2]


def main() -> int:
    embedder = e5_embedder()
    shipped = (scoring.SAME_LANGUAGE_MID, scoring.SAME_LANGUAGE_SHIFT)
    grid = GRID + [shipped] * (shipped not in GRID)
    got = {}
    with regrouping():
        for mid, shift in grid:
            with switched({"svodka.cluster.scoring.SAME_LANGUAGE_MID": mid,
                           "svodka.cluster.scoring.SAME_LANGUAGE_SHIFT": shift}):
                got[mid, shift] = g = figures(embedder)
            print(f"mid {mid:.2f} shift {shift:.2f}: ECB+ odd / even {g[0]:.3f} / {g[1]:.3f}, "
                  f"ru pairs site 0 / 1 {g[2]:.3f} / {g[3]:.3f}", flush=True)
    words = got[GRID[0]]
    for tune, name in ((0, "ECB+ odd + ru site half 0"), (1, "ECB+ even + ru site half 1")):
        other = 1 - tune
        best = max(grid, key=lambda k: (got[k][tune] + got[k][2 + tune], k == shipped))
        print(f"fitted on {name}: mid {best[0]:.2f} shift {best[1]:.2f}; on the other half ECB+ "
              f"{got[best][other]:.3f} (words alone {words[other]:.3f}, shipped {got[shipped][other]:.3f}), "
              f"ru pairs {got[best][2 + other]:.3f} (words alone {words[2 + other]:.3f}, shipped "
              f"{got[shipped][2 + other]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
