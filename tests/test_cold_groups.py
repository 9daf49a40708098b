"""Groups past reach are kept frozen (svodka.cluster.groups.Group.freeze) and thawed when read:
the clusterer decides exactly as with every group warm."""
from __future__ import annotations

from svodka.cluster import Featurizer, OnlineClusterer, online
from svodka.cluster.groups import decode_group, encode_group


def _stream(n: int):
    from benchmarks.cluster_speed import stream

    # 40 articles a day (2 500 span two months): a tenth undated, a fifth in English, embedded
    docs, vectors, _ = stream(n, per_day=40, embeddings=True, undated=0.1, english=0.2)
    fz = Featurizer(docs)
    return [fz(d, v) for d, v in zip(docs, vectors)]


def test_freezing_groups_past_reach_changes_no_decision(monkeypatch):
    feats = _stream(2500)
    runs = {}
    for sweep in (10**9, 100):
        monkeypatch.setattr(online, "SWEEP", sweep)
        c = OnlineClusterer()
        placed = [c.add(f) for f in feats]
        frozen = [g for g in [*c.events.values(), *c.stories.values()] if g.frozen]
        runs[sweep] = placed, dict(c.article_event), frozen
    assert runs[100][:2] == runs[10**9][:2]
    assert not runs[10**9][2]
    events = [g for g in runs[100][2] if not g.is_story]
    assert len(events) > 50 and any(g.is_story for g in runs[100][2])
    newest = max(f.day for f in feats if f.day)
    # only groups whose latest day lies past the event window and the margin are frozen
    assert all((newest - max(g.days)).days > online.COLD_DAYS for g in events)


def test_a_frozen_group_is_written_and_read_back_as_a_warm_one():
    feats = _stream(600)
    c = OnlineClusterer()
    for f in feats:
        c.add(f)
    event = max(c.events.values(), key=lambda g: len(g.members))
    story = c.stories[event.story]
    for g in (event, story):
        warm = encode_group(g)
        g.freeze()
        assert g.frozen and g._recent == [] and g._vec == {}  # what a frozen group holds: the pickle
        assert encode_group(g) == warm and g.frozen  # written without thawing
        assert len(g.vec if g.is_story else g.recent) and not g.frozen  # read: thawed
        assert encode_group(g) == warm == encode_group(decode_group(warm))
