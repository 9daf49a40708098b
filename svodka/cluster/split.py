"""Two happenings in one event: telling them apart once an event has all its members.

The online clusterer decides article by article; two happenings of one kind (two fights of one
boxer, two fires at one supermarket chain, two reports of a region's daily coronavirus count)
can each be close enough to the event to join it, and once joined they stay. Looked at as a
whole, such an event falls into two groups whose members hold together better than the two
groups hold to each other. `split_event` looks for that shape: it cuts the event's members in
two by average linkage over their pair scores, and keeps the cut when both sides are at least
SPLIT_MIN_SIDE articles and the mean score between the sides is below SPLIT_RATIO times the
mean score within each side.

The cut is a function of the event's members alone (in the order they joined), so a pile read at
once and the same pages fed one by one give the same happenings. Reprints (members marked as
near-duplicates of another member) are left out of the cut, or a wire story copied five times
would look like a tight group of its own, and go with their original.

The constants were chosen on ECB+ (../shared/data/ecbplus; python -m eval.clustering --embeddings,
median B-cubed F1 of five reading orders, 0.878 without the cut): a ratio of 0.80, 0.825, 0.85,
0.875 and 0.90 gives 0.894, 0.894, 0.905, 0.898 and 0.896; a minimum event size of 5 to 8 the
same. Comparing the bond with the pooled mean within both sides scores higher (0.899-0.911), but
a tight group of one wire's rewrites would then be cut from the looser original reports of the
same happening; against the weaker side, both groups must hold together on their own.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from svodka.cluster.features import DocFeatures
from svodka.cluster.groups import stable_id
from svodka.cluster.scoring import score_pair

SPLIT_MIN_MEMBERS = 6  # below this an event's two groups would be a pair and a few, too few to tell
SPLIT_MIN_SIDE = 3  # each happening needs this many own reports
SPLIT_RATIO = 0.85  # the bond between the sides must be this much weaker than within either side
SPLIT_SAMPLE = 40  # larger events are cut on this many members spread over them; the rest follow


@dataclass(frozen=True, slots=True)
class Split:
    """An event cut in two: ``kept`` holds its first member and keeps its id, ``apart`` becomes
    an event of its own. The scores are the means that decided."""
    kept: tuple[str, ...]
    apart: tuple[str, ...]
    between: float
    within_kept: float
    within_apart: float

    def detail(self) -> dict[str, float]:
        return {"between": round(self.between, 4), "within_kept": round(self.within_kept, 4),
                "within_apart": round(self.within_apart, 4), "ratio": SPLIT_RATIO}


def cut_id(split: Split) -> str:
    """The id of the event cut off: from its first member, so it stays while that member leads it."""
    return stable_id("e", "apart:" + split.apart[0])


def _scores(members: Sequence[DocFeatures]) -> np.ndarray:
    k = len(members)
    m = np.ones((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            m[i, j] = m[j, i] = score_pair(members[i], members[j])
    return m


def _mean_within(m: np.ndarray, side: list[int]) -> float:
    sub = m[np.ix_(side, side)]
    return float((sub.sum() - np.trace(sub)) / (len(side) * (len(side) - 1)))


def _original(aid: str, duplicate_of: Mapping[str, str], ids: set[str]) -> str:
    """The member a reprint was first printed as (itself when it is no reprint of a member)."""
    seen = {aid}
    while (up := duplicate_of.get(aid)) in ids and up not in seen:
        seen.add(up)
        aid = up
    return aid


def split_event(members: Sequence[DocFeatures], duplicate_of: Mapping[str, str] | None = None) -> Split | None:
    """Cut an event's members (in the order they joined) into two happenings, or None when they
    read as one. ``duplicate_of`` maps a reprint to its original; reprints follow it."""
    ids = {f.id for f in members}
    root = {f.id: _original(f.id, duplicate_of or {}, ids) for f in members}
    own = [f for f in members if root[f.id] == f.id]
    if len(own) < SPLIT_MIN_MEMBERS:
        return None
    step = max(1, -(-len(own) // SPLIT_SAMPLE))
    sample = own[::step]
    m = _scores(sample)
    tree = linkage(squareform(np.clip(1.0 - m, 0.0, None), checks=False), method="average")  # a pair may score over 1
    labels = fcluster(tree, 2, criterion="maxclust")
    kept = [i for i in range(len(sample)) if labels[i] == labels[0]]
    apart = [i for i in range(len(sample)) if labels[i] != labels[0]]
    if min(len(kept), len(apart)) < SPLIT_MIN_SIDE:
        return None
    between = float(m[np.ix_(kept, apart)].mean())
    within_kept, within_apart = _mean_within(m, kept), _mean_within(m, apart)
    if between >= SPLIT_RATIO * min(within_kept, within_apart):
        return None
    side = {sample[i].id: 0 for i in kept} | {sample[i].id: 1 for i in apart}
    for f in own:  # members left out of the sample go with the side they score higher with
        if f.id not in side:
            to = [score_pair(f, sample[i]) for i in range(len(sample))]
            side[f.id] = int(np.mean([to[i] for i in apart]) > np.mean([to[i] for i in kept]))
    for f in members:  # reprints go with their original
        side[f.id] = side.get(root[f.id], 0)
    return Split(tuple(f.id for f in members if side[f.id] == 0), tuple(f.id for f in members if side[f.id] == 1),
                 between, within_kept, within_apart)


def cut_events(article_event: Mapping[str, str], features: Mapping[str, DocFeatures],
               duplicate_of: Mapping[str, str] | None = None) -> tuple[dict[str, str], int]:
    """Every event of a finished clustering looked at whole: each article's event after the cut
    (``article_event`` in the order the articles were placed), and how many events were checked."""
    members: dict[str, list[str]] = {}
    for a, e in article_event.items():
        members.setdefault(e, []).append(a)
    shown, checked = dict(article_event), 0
    for ids in members.values():
        if len(ids) >= SPLIT_MIN_MEMBERS:
            checked += 1
            if cut := split_event([features[a] for a in ids], duplicate_of):
                shown.update(dict.fromkeys(cut.apart, cut_id(cut)))
    return shown, checked
