"""eval's own machinery on hand-made input: the ECB+ loss analysis (eval.clustering --by-topic), a
rule switched off and back (eval.rules), pairs judged by the events a run makes (eval.pairs --run)."""
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


def test_a_switched_rule_is_put_back_even_when_the_measure_fails():
    from eval.rules import RULES, switched
    from svodka.cluster import scoring

    with pytest.raises(RuntimeError), switched(RULES["closest"][1]):
        assert scoring.LINKAGE_CLOSEST == 10 ** 6
        raise RuntimeError("measure failed")
    assert scoring.LINKAGE_CLOSEST == 2


def test_a_setting_measured_by_the_rules_scorer_is_the_constant_svodka_run_reads():
    from eval.rules import setting, switched
    from svodka.cluster import scoring
    from svodka.errors import SvodkaError

    patch = setting("grouping.story_threshold=0.4")
    assert patch == {"svodka.cluster.scoring.STORY_THRESHOLD": 0.4}
    with switched(patch):
        assert scoring.STORY_THRESHOLD == 0.4
    assert scoring.STORY_THRESHOLD == 0.30
    with pytest.raises(SvodkaError, match="no setting 'grouping.story_treshold'"):
        setting("grouping.story_treshold=0.4")


def test_pairs_through_the_run_are_judged_by_the_events_it_makes():
    from eval.pairs import run_pairs

    fire = ("В Новосибирске ночью загорелся склад пиломатериалов на улице Станционной. Пожар площадью "
            "1200 квадратных метров тушили 80 спасателей, пострадавших нет, сообщили в ГУ МЧС по региону. "
            "Причины возгорания устанавливают дознаватели.")
    bank = ("Центральный банк России сохранил ключевую ставку на уровне 16 процентов годовых. Решение совет "
            "директоров ЦБ принял в пятницу, сообщила глава регулятора Эльвира Набиуллина. Следующее "
            "заседание по ставке назначено на март.")
    rows = [{"pair_id": "fire", "lang": "ru", "first_url": "https://a.ru/1", "first_title": "Склад сгорел в Новосибирске",
             "first_text": fire, "second_url": "https://b.ru/2", "second_title": "В Новосибирске сгорел склад",
             "second_text": fire.replace("ночью ", "")},
            {"pair_id": "apart", "lang": "ru", "first_url": "https://a.ru/3", "first_title": "Склад сгорел",
             "first_text": fire.replace("Новосибирске", "Омске"), "second_url": "https://b.ru/4",
             "second_title": "ЦБ сохранил ставку", "second_text": bank}]
    assert [event for event, _ in run_pairs(rows)] == [True, False]


def test_the_report_table_keeps_its_order_when_some_rows_are_run_again():
    from eval.report import ROWS, merged

    pairs, pile = next(r for r in ROWS if r.key == "pairs"), next(r for r in ROWS if r.key == "pile")
    header = ["| set | metric | svodka | baseline (same run) | split | command |", "|---|---|---|---|---|---|"]
    renamed = f"| an older name of the set | {pairs.metric} | **0.800** |  | x | `python -m {pairs.command}` |"
    old_pile = f"| {pile.set} | {pile.metric} | **20** |  | x | `python -m {pile.command}` |"
    fresh_pile = f"| {pile.set} | {pile.metric} | **15** |  | x | `python -m {pile.command}` |"
    got = merged(header + [old_pile, renamed], {"pile": fresh_pile}).splitlines()
    assert got == header + [renamed, fresh_pile]  # in the order of ROWS, once each, the pile's new figure


def test_two_rows_of_one_set_are_kept_apart_when_one_is_run_again():
    from eval.report import ROWS, merged

    shared = [r for r in ROWS if sum(o.set == r.set for o in ROWS) > 1]
    assert len(shared) >= 2  # DAnIEL's pages through `svodka run`: their titles and their days
    first, second = shared[:2]
    header = ["| set | metric | svodka | baseline (same run) | split | command |", "|---|---|---|---|---|---|"]
    old = [f"| {r.set} | {r.metric} | **0.5** |  | x | `python -m {r.command}` |" for r in (first, second)]
    fresh = f"| {second.set} | {second.metric} | **0.1** |  | x | `python -m {second.command}` |"
    got = merged(header + old, {second.key: fresh}).splitlines()
    assert got == header + [old[0], fresh]
