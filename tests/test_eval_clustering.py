"""The ECB+ loss analysis (eval.clustering --by-topic) on a small hand-made partition."""
import pytest

from eval.clustering import bcubed, merged_topics, told_apart, topic_report

ROWS = [
    {"doc_id": d, "topic": int(c[0]), "cluster_id": c}
    for d, c in (("a1", "1_ecb"), ("a2", "1_ecb"), ("b1", "1_ecbplus"), ("b2", "1_ecbplus"),
                 ("c1", "2_ecb"), ("c2", "2_ecb"), ("d1", "2_ecbplus"))
]
GOLD = {r["doc_id"]: r["cluster_id"] for r in ROWS}
# topic 1: both events read as one; topic 2: its first event split in two, nothing mixed
PRED = {"a1": "x", "a2": "x", "b1": "x", "b2": "x", "c1": "y", "c2": "z", "d1": "w"}


def test_topics_are_reported_worst_first_with_how_their_events_mix():
    report = topic_report(PRED, ROWS)
    assert [t for t, _, _ in report] == [1, 2]
    (_, f1_mixed, mixes_1), (_, f1_split, mixes_2) = report
    assert mixes_1 == [{"ecb": 2, "ecbplus": 2}]
    assert sorted(mixes_2, key=str) == [{"ecb": 1}, {"ecb": 1}, {"ecbplus": 1}]
    assert f1_mixed == pytest.approx(2 / 3)  # P 0.5, R 1
    assert f1_split == pytest.approx(0.8)  # P 1, R 2/3


def test_only_a_cluster_holding_two_articles_of_each_event_counts_as_merged():
    assert merged_topics(topic_report(PRED, ROWS)) == [1]
    one_stray = {**PRED, "b2": "v"}  # one article of the second event in the mixed cluster
    assert merged_topics(topic_report(one_stray, ROWS)) == []


def test_cutting_along_gold_events_makes_precision_perfect_and_keeps_recall():
    p, r, _ = bcubed(PRED, GOLD)
    cut_p, cut_r, _ = bcubed(told_apart(PRED, GOLD), GOLD)
    assert p < 1 and cut_p == 1.0 and cut_r == pytest.approx(r)
