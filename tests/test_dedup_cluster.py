import pytest

from svodka.cluster import Featurizer, OnlineClusterer
from svodka.cluster.groups import stable_id
from svodka.dedup import MinHashDeduper, signature
from svodka.enrich import enrich
from svodka.model import Article

from conftest import BUS_CRASHES

BASE = ("Ночью в Верхнеозёрске произошёл прорыв магистральной теплотрассы на улице Строителей. Без отопления "
        "остались 120 многоквартирных домов, две школы и детская поликлиника. Аварийные бригады перекрыли "
        "повреждённый участок и приступили к откачке воды из котлована. Подачу тепла обещают восстановить к вечеру.")


def doc(id, title, text, published=None):
    return enrich(Article(id=id, source=id, title=title, paragraphs=tuple(text.split("\n")), language="ru",
                          published=published))


def test_reprint_is_marked_and_a_separate_report_is_not():
    d = MinHashDeduper()
    a = doc("a", "Авария на теплотрассе", BASE)
    reprint = doc("b", "Без тепла остались 120 домов", BASE + " Источник: Вести Озёрска.")
    other = doc("c", "Прокуратура начала проверку",
                "Прокуратура города начала проверку теплосетевой компании после аварии на улице Строителей. "
                "Прокуроры проверят, как выполнялась программа замены изношенных труб.")
    assert d.add(a.id, a.lemmas) == (None, 0.0)
    original, sim = d.add(reprint.id, reprint.lemmas)
    assert original == "a" and sim >= d.threshold
    assert d.add(other.id, other.lemmas)[0] is None


def test_a_reprint_of_an_article_whose_shingles_were_let_go_is_still_found(monkeypatch):
    """The deduper keeps the shingles of the latest articles only; an older one's are made again."""
    from svodka.dedup import minhash

    monkeypatch.setattr(minhash, "SHINGLES_KEPT", 2)
    d = MinHashDeduper()
    a = doc("a", "Авария на теплотрассе", BASE)
    d.add(a.id, a.lemmas)
    for aid, title, text in BUS_CRASHES[:3]:
        other = doc(aid, title, text)
        d.add(other.id, other.lemmas)
    assert "a" not in d._shingles and len(d._shingles) == 2
    reprint = doc("b", "Без тепла остались 120 домов", BASE + " Источник: Вести Озёрска.")
    original, sim = d.add(reprint.id, reprint.lemmas)
    assert original == "a" and sim >= d.threshold
    assert len(d._shingles) == 2


def test_a_deduper_rebuilt_from_stored_signatures_finds_the_same_reprint():
    """A later run takes stored articles back by their stored signatures (nothing hashed again):
    a new reprint is found as when every article was added afresh, and credited to the original
    a stored reprint was marked with."""
    a = doc("a", "Авария на теплотрассе", BASE)
    other = doc("c", "Прокуратура начала проверку",
                "Прокуратура города начала проверку теплосетевой компании после аварии на улице Строителей. "
                "Прокуроры проверят, как выполнялась программа замены изношенных труб.")
    reprint = doc("b", "Без тепла остались 120 домов", BASE + " Источник: Вести Озёрска.")
    fresh = MinHashDeduper()
    for d in (a, other):
        fresh.add(d.id, d.lemmas)
    expected = fresh.add(reprint.id, reprint.lemmas)
    assert expected[0] == "a"

    rebuilt = MinHashDeduper()
    for d in (a, other):
        rebuilt.restore(d.id, d.lemmas, signature(d.lemmas))
    assert rebuilt.add(reprint.id, reprint.lemmas) == expected
    # a stored article marked as a reprint of "z" passes the credit on
    chained = MinHashDeduper()
    chained.restore(a.id, a.lemmas, signature(a.lemmas), duplicate_of="z")
    assert chained.add(reprint.id, reprint.lemmas)[0] == "z"
    # a page written before the stored one it repeats takes the credit of it and of its reprints
    late = MinHashDeduper()
    late.add(reprint.id, reprint.lemmas)
    late.add("b2", reprint.lemmas)
    assert late.add(a.id, a.lemmas)[0] == "b"
    assert late.credit(a.id, "b") == ["b2", "b"]
    assert late.add("b3", reprint.lemmas)[0] == "a"
    # an article with no words has no signature and is never a candidate
    assert signature(()) is None
    chained.restore("empty", (), None)
    assert chained.add("c2", other.lemmas) == (None, 0.0)


def test_events_and_stories_with_time():
    docs = [
        doc("a1", "Без тепла в Верхнеозёрске остались 120 домов после аварии", BASE, "2024-01-10"),
        doc("a2", "Авария на теплосетях оставила без отопления 120 домов в Верхнеозёрске",
            "В Верхнеозёрске из-за прорыва магистральной теплотрассы на улице Строителей без отопления остались "
            "120 многоквартирных домов. В зоне отключения оказались две школы и поликлиника. Коммунальщики "
            "откачивают воду из котлована.", "2024-01-10"),
        doc("a3", "Прокуратура проверит причины аварии на теплотрассе в Верхнеозёрске",
            "Прокуратура Верхнеозёрска начала проверку после аварии на теплотрассе на улице Строителей, из-за "
            "которой без отопления остались 120 домов. Прокуроры проверят замену изношенных труб.", "2024-01-19"),
        doc("b1", "Сокол выиграл первый матч финала у Металлурга",
            "Хоккеисты Сокола обыграли Металлург со счётом 3:2 в первом матче финальной серии. Победную шайбу "
            "забросил нападающий Артём Лосев.", "2024-01-11"),
    ]
    fz = Featurizer(docs)
    c = OnlineClusterer()
    got = {d.id: c.add(fz(d)) for d in docs}
    assert got["a2"].event_id == got["a1"].event_id
    assert got["a3"].event_id != got["a1"].event_id  # nine days later: a new event ...
    assert got["a3"].story_id == got["a1"].story_id  # ... of the same story
    assert got["b1"].story_id != got["a1"].story_id
    assert got["a2"].event_parts["score"] >= c.event_threshold


def test_a_story_keeps_only_its_heaviest_terms(monkeypatch):
    from svodka.cluster import groups

    monkeypatch.setattr(groups, "STORY_TERMS", 8)
    docs = [doc("a1", "Без тепла в Верхнеозёрске остались 120 домов после аварии", BASE, "2024-01-10"),
            doc("a3", "Прокуратура проверит причины аварии на теплотрассе в Верхнеозёрске",
                "Прокуратура Верхнеозёрска начала проверку после аварии на теплотрассе на улице Строителей, из-за "
                "которой без отопления остались 120 домов. Прокуроры проверят замену изношенных труб.",
                "2024-01-12")]
    fz = Featurizer(docs)
    c = OnlineClusterer()
    first, later = (c.add(fz(d)) for d in docs)
    assert later.story_id == first.story_id  # the kept terms still carry the story
    story = c.stories[first.story_id]
    assert len(story.vec) <= 2 * groups.STORY_TERMS
    assert abs(story.norm() ** 2 - sum(v * v for v in story.vec.values())) < 1e-9
    full = fz(docs[0]).vector  # its heaviest term survived
    assert max(full, key=full.get) in story.vec


def test_restore_then_add_continues_the_same_ids():
    a = doc("a1", "Без тепла в Верхнеозёрске остались 120 домов", BASE, "2024-01-10")
    b = doc("a2", "В Верхнеозёрске без тепла остались 120 домов после прорыва трубы", BASE[:200], "2024-01-10")
    fz = Featurizer([a, b])
    first = OnlineClusterer().add(fz(a))
    later = OnlineClusterer()
    later.restore(fz(a), first.event_id, first.story_id)
    assert later.add(fz(b)).event_id == first.event_id


def test_a_russian_and_an_english_report_of_one_event_join_it():
    """No shared words: the transliterated key entities (Игорь Ветров / Igor Vetrov,
    Верхнеозёрск / Verkhneozyorsk, Озёрские тепловые сети / ...) and the day decide."""
    ru = doc("ru", "Мэр Верхнеозёрска Игорь Ветров пообещал вернуть тепло в 120 домов к вечеру",
             "Ночью в Верхнеозёрске произошёл прорыв магистральной теплотрассы на улице Строителей. "
             "Мэр Игорь Ветров заявил, что подачу тепла в 120 домов восстановят к вечеру. "
             "Главный инженер Андрей Соколов сообщил, что бригады откачивают воду из котлована.", "2024-01-10")
    en = enrich(Article(id="en", source="en", title="Verkhneozyorsk mayor Igor Vetrov promises heat back by evening",
                        paragraphs=("A heating main burst overnight in Verkhneozyorsk, leaving 120 apartment "
                                    "buildings without heat. Mayor Igor Vetrov said supply would be restored by the "
                                    "evening. Chief engineer Andrei Sokolov said crews were pumping water out of the pit.",),
                        language="en", published="2024-01-10"))
    other = enrich(Article(id="other", source="other", title="Sokol beat Metallurg in the first game of the final",
                           paragraphs=("Sokol beat Metallurg 3-2 in the opening game of the final series. Forward "
                                       "Artyom Losev scored the winning goal.",), language="en", published="2024-01-10"))
    fz = Featurizer([ru, en, other])
    c = OnlineClusterer()
    got = {d.id: c.add(fz(d)) for d in (ru, en, other)}
    assert got["en"].event_id == got["ru"].event_id
    assert got["en"].event_parts["entities"] >= 0.5
    assert got["other"].event_id != got["ru"].event_id and got["other"].story_id != got["ru"].story_id


def _two_short_reports_and_a_full_one():
    """Two short reports of one accident that share too little to meet, and a full report that
    matches both."""
    return (doc("m1", "Прорыв теплотрассы в Верхнеозёрске", "Ночью на улице Строителей прорвало магистральную "
                "теплотрассу. Аварийные бригады перекрыли повреждённый участок.", "2024-01-10"),
            doc("m2", "Без отопления остались 120 домов", "В Верхнеозёрске без отопления остались 120 "
                "многоквартирных домов, две школы и детская поликлиника.", "2024-01-10"),
            doc("m3", "Прорыв теплотрассы в Верхнеозёрске: без отопления остались 120 домов", BASE, "2024-01-10"))


def test_an_article_that_bridges_two_events_of_a_story_merges_them():
    """Two short reports of one accident that share too little to meet, then a full report that
    matches both: the two events become one, the older id stays."""
    a, b, full = _two_short_reports_and_a_full_one()
    fz = Featurizer([a, b, full])
    c = OnlineClusterer()
    first, second = c.add(fz(a)), c.add(fz(b))
    # they share a town and little else: apart, and no story joins on one shared place
    assert first.event_id != second.event_id and first.story_id != second.story_id
    third = c.add(fz(full))
    assert third.event_id == first.event_id and second.event_id in third.merged
    assert c.article_event["m2"] == first.event_id and second.event_id not in c.events
    assert set(c.stories[first.story_id].members) == {"m1", "m2", "m3"}


def test_a_report_that_missed_an_event_alone_joins_it_once_a_closer_report_bridges_them():
    """An accident's event holds three reports (the pipe, the prosecutors, the mayor); a short
    report on the homes left cold shares little with them and opens an event of its own. A full
    report naming the cold homes and the mayor's promise joins the three and comes close to the
    short one: the short report, scored as a join would score it (its two closest members), now
    belongs, though on average over all four members it would not."""
    from svodka.cluster.groups import Group
    from svodka.cluster.scoring import EVENT_THRESHOLD, _linkage, merge_score

    pipe, cold, _ = _two_short_reports_and_a_full_one()
    prosecutors = doc("m5", "Прокуратура проверит состояние теплосетей Верхнеозёрска", "Прокуратура начала проверку "
                      "после ночного прорыва магистральной теплотрассы на улице Строителей. Проверят, как управляющая "
                      "компания готовила сети к зиме.", "2024-01-10")
    mayor = doc("m6", "Мэр Верхнеозёрска пообещал компенсации после прорыва теплотрассы", "Глава города заявил, что "
                "управляющая компания ответит за ночной прорыв магистральной теплотрассы на улице Строителей, а "
                "жителям выплатят компенсации.", "2024-01-10")
    full = doc("m7", "Прорыв теплотрассы в Верхнеозёрске: мэр пообещал компенсации, без отопления остались дома",
               "Глава города заявил, что управляющая компания ответит за ночной прорыв магистральной теплотрассы на "
               "улице Строителей, а жителям выплатят компенсации. " + BASE, "2024-01-10")
    fz = Featurizer([pipe, prosecutors, mayor, cold, full])
    c = OnlineClusterer()
    first = c.add(fz(pipe))
    assert c.add(fz(prosecutors)).event_id == c.add(fz(mayor)).event_id == first.event_id
    alone = c.add(fz(cold))
    assert alone.new_event
    lone, accident = c.events[alone.event_id], c.events[first.event_id]
    accident_before = list(accident.recent)
    bridge = c.add(fz(full))
    assert bridge.event_id == first.event_id and bridge.merged == (alone.event_id,)
    assert [f.id for f in lone.recent] == ["m2"]  # the bridge joined the accident, not the short report
    assert c.article_event["m2"] == first.event_id
    # the rule that decided, on the accident as the bridge left it: the lone report's two closest
    # members, not the average over all four
    joined = Group("accident")
    for f in accident_before + [fz(full)]:
        joined.absorb(f)
    assert _linkage(lone.recent, joined.recent)["score"] < EVENT_THRESHOLD <= merge_score(lone, joined)


@pytest.mark.parametrize("pinned", [False, True])
def test_a_bridged_merge_crosses_stories_unless_a_person_placed_the_events(pinned):
    """The story step put two reports of one accident in two stories (a story threshold no
    pair can meet); the full report shows they are one event. Events a person placed stay put."""
    a, b, full = _two_short_reports_and_a_full_one()
    fz = Featurizer([a, b, full])
    c = OnlineClusterer(story_threshold=1.01, pinned=frozenset({stable_id("e", "m1")} if pinned else ()))
    first, second = c.add(fz(a)), c.add(fz(b))
    assert first.story_id != second.story_id
    third = c.add(fz(full))
    if pinned:
        assert third.merged == () and len(c.events) == 2
        return
    assert third.event_id == first.event_id and third.story_id == first.story_id
    assert third.merged == (second.event_id,) and third.left_stories == (second.story_id,)
    assert second.story_id not in c.stories and set(c.stories[first.story_id].members) == {"m1", "m2", "m3"}


def test_neighbour_index_looks_only_at_nearby_days_and_undated_articles():
    from datetime import date

    import numpy as np

    from svodka.cluster.index import NeighbourIndex

    v = np.eye(4, dtype=np.float32)
    idx = NeighbourIndex(4)
    idx.add("same-day", date(2024, 1, 10), v[0])
    idx.add("next-day", date(2024, 1, 11), v[0] * 0.9 + v[1] * 0.1)
    idx.add("a-week-later", date(2024, 1, 17), v[0])
    idx.add("undated", None, v[0])
    idx.add("other-topic", date(2024, 1, 10), v[2])
    got = idx.search(v[0], date(2024, 1, 10), k=3, window=1)
    assert [h[0] for h in got][:2] in (["same-day", "undated"], ["undated", "same-day"])
    assert "next-day" in {h[0] for h in got} and "a-week-later" not in {h[0] for h in got}
    # an undated article is news of the time the stream has reached: the latest week it holds
    undated_query = {h[0] for h in idx.search(v[0], None, k=5, window=1)}
    assert {"a-week-later", "next-day", "undated"} <= undated_query and "same-day" not in undated_query


def test_neighbour_index_bounds_what_an_undated_article_is_compared_with(monkeypatch):
    import numpy as np

    from svodka.cluster import index

    monkeypatch.setattr(index, "UNDATED_CHUNK", 2)
    monkeypatch.setattr(index, "UNDATED_CHUNKS", 2)
    v = np.eye(4, dtype=np.float32)
    idx = index.NeighbourIndex(4)
    for i in range(6):  # three chunks of two: the oldest falls out of reach
        idx.add(f"u{i}", None, v[0])
    found = {h[0] for h in idx.search(v[0], None, k=10, window=1)}
    assert found == {"u2", "u3", "u4", "u5"}


def test_one_shared_place_does_not_join_an_article_to_a_story():
    """An undated science note naming only the US and a story on US politics share one place and
    no topic: the note opens its own story (it joined with a full entity overlap before)."""
    politics = [doc(f"p{i}", "Выборы в США", f"Президент США Джо Байден и Дональд Трамп провели {n} дебаты перед "
                    "выборами в США. Байден и Трамп спорили об экономике США.", None)
                for i, n in enumerate(("первые", "вторые"))]
    note = doc("n", "Учёные создали металл, который не тонет в воде", "Инженеры из США создали металлическую "
               "решётку, которая держится на воде даже после повреждения.", None)
    fz = Featurizer([*politics, note])
    c = OnlineClusterer()
    a, b = (c.add(fz(d)) for d in politics)
    assert a.story_id == b.story_id
    n = c.add(fz(note))
    assert n.new_story and n.story_id != a.story_id


def test_one_shared_place_does_not_make_two_reports_one_event():
    """Two articles of one day that share one place, the only one either names, and no topic: a
    Russian town whose key reads like a country's in English (Белово, Bolivia), or Russia named by
    two unrelated Russian notes. A shared place weighs as a fraction of a person's weight; two
    reports that share a person still meet."""
    town = doc("town", "В Белове ограничат движение у строящегося автовокзала",
               "С понедельника в Белове закроют для машин участок улицы рядом со строящимся автовокзалом. "
               "Объезд пройдёт по соседним кварталам, рейсы автобусов сохранят.", "2019-11-11")
    country = enrich(Article(id="country", source="country", title="Bolivia's president resigns after weeks of protests",
                             paragraphs=("Bolivia's president stepped down on Sunday after weeks of street protests "
                                         "over a disputed election, and the army urged calm.",),
                             language="en", published="2019-11-11"))
    cars = doc("cars", "В России назвали самые популярные кроссоверы",
               "Аналитики подсчитали продажи кроссоверов за октябрь: в России больше всего купили "
               "машины трёх марок, их доля выросла за год.", "2019-11-11")
    fines = doc("fines", "В России штрафы за хулиганство станут больше",
                "Депутаты предложили увеличить штрафы за мелкое хулиганство в пять раз; в России поправки "
                "рассмотрят весной.", "2019-11-11")
    fz = Featurizer([town, country, cars, fines])
    assert fz(town).entities.keys() & fz(country).entities.keys()  # the one key they share
    c = OnlineClusterer()
    got = {d.id: c.add(fz(d)) for d in (town, country, cars, fines)}
    assert got["country"].event_id != got["town"].event_id
    assert got["fines"].event_id != got["cars"].event_id
    assert got["fines"].event_parts["entities"] <= 0.5


def test_a_report_close_to_two_members_of_an_event_joins_it(monkeypatch):
    """Five reports of one accident, three on the damage and two on the mayor's promise; a short
    report of the mayor's words shares nothing with the first three but is close to the two: it
    joins the event on its closest members, where the average over all five left it alone."""
    from svodka.cluster import groups, scoring

    day = "2024-01-10"
    docs = [
        doc("e1", "Прорыв теплотрассы в Верхнеозёрске оставил без отопления 120 домов", BASE, day),
        doc("e2", "В Верхнеозёрске без тепла остались 120 домов, две школы и поликлиника",
            "Ночью на улице Строителей в Верхнеозёрске прорвало магистральную теплотрассу. Без отопления остались "
            "120 многоквартирных домов, две школы и детская поликлиника. Аварийные бригады откачивают воду из "
            "котлована.", day),
        doc("e3", "Коммунальная авария в Верхнеозёрске: 120 домов без отопления",
            "Магистральная теплотрасса прорвалась ночью на улице Строителей. Без отопления 120 многоквартирных "
            "домов. Аварийные бригады перекрыли участок, из котлована откачивают воду.", day),
        doc("e4", "Мэр Верхнеозёрска Игорь Ветров пообещал вернуть тепло в 120 домов к вечеру",
            "После прорыва теплотрассы на улице Строителей без отопления остались 120 домов. Мэр Игорь Ветров "
            "заявил, что тепло вернут к вечеру. «Ситуация под контролем», — сказал Ветров на заседании "
            "оперативного штаба.", day),
        doc("e5", "Ветров: тепло в 120 домов вернут к вечеру",
            "Глава Верхнеозёрска Игорь Ветров провёл заседание оперативного штаба после прорыва теплотрассы, "
            "оставившего без отопления 120 домов. Ветров пообещал вернуть тепло к вечеру.", day),
    ]
    late = doc("x", "Игорь Ветров: ситуация под контролем",
               "Мэр Игорь Ветров на заседании оперативного штаба сказал, что ситуация под контролем. "
               "По словам Ветрова, тепло вернут к вечеру.", day)
    fz = Featurizer([*docs, late])
    x = fz(late)
    pairs = {d.id: scoring.pair_score(x, fz(d), scoring.pair_parts(x, fz(d))) for d in docs}
    assert max(pairs["e1"], pairs["e2"], pairs["e3"]) < 0.1 < scoring.EVENT_THRESHOLD < min(pairs["e4"], pairs["e5"])

    def place(closest):
        monkeypatch.setattr(scoring, "LINKAGE_CLOSEST", closest)
        c = OnlineClusterer()
        event = {c.add(fz(d)).event_id for d in docs}
        assert len(event) == 1
        return c.add(x), event.pop()

    got, event = place(2)
    assert got.event_id == event and got.event_score >= scoring.EVENT_THRESHOLD
    joined = got
    got, event = place(groups.LINKAGE_MEMBERS)  # the average over every member
    assert got.event_id != event and got.event_score < scoring.EVENT_THRESHOLD
    assert got.story_id == joined.story_id  # a new event of the accident's story


def test_an_event_holding_two_happenings_is_cut_in_two():
    """Two bus crashes in one region on one day chain into one event as they arrive; looked at
    whole, its members fall into two groups that hold together better than they hold to each
    other, and the cut gives each crash its own event. A reprint goes with its original."""
    from svodka.cluster.split import SPLIT_RATIO, split_event

    day = "2024-03-05"
    docs = [doc(i, t, x, day) for i, t, x in BUS_CRASHES]
    reprint = doc("bus-rzhev-1-copy", "Автобус с детьми опрокинулся у Ржева", BUS_CRASHES[4][2], day)
    fz = Featurizer([*docs, reprint])
    torzhok, rzhev = [fz(d) for d in docs[:4]], [fz(d) for d in docs[4:]]
    arrival = [f for pair in zip(torzhok, rzhev) for f in pair]  # the two crashes reported in turns
    c = OnlineClusterer()
    assert len({c.add(f).event_id for f in arrival}) == 1

    cut = split_event([*arrival, fz(reprint)], {"bus-rzhev-1-copy": "bus-rzhev-1"})
    assert cut is not None
    assert set(cut.kept) == {f.id for f in torzhok}  # the side of the event's first member keeps its id
    assert set(cut.apart) == {f.id for f in rzhev} | {"bus-rzhev-1-copy"}
    assert cut.between < SPLIT_RATIO * min(cut.within_kept, cut.within_apart)
    # two reports of the second crash are too few to be a happening of their own
    assert split_event([*torzhok, *rzhev[:2]]) is None


def test_two_reports_of_an_angle_are_not_cut_from_their_event():
    """Eight reports of one accident, two of them on the mayor's promise (scoring low with the
    rest) and three reprints of the first: the two are too few to be a happening of their own,
    and the reprints, marked or not, make no group of their own."""
    from svodka.cluster.split import split_event

    day = "2024-01-10"
    texts = [
        ("e1", "Прорыв теплотрассы в Верхнеозёрске оставил без отопления 120 домов", BASE),
        ("e2", "В Верхнеозёрске без тепла остались 120 домов, две школы и поликлиника",
         "Ночью на улице Строителей в Верхнеозёрске прорвало магистральную теплотрассу. Без отопления остались "
         "120 многоквартирных домов, две школы и детская поликлиника. Аварийные бригады откачивают воду из котлована."),
        ("e3", "Коммунальная авария в Верхнеозёрске: 120 домов без отопления",
         "Магистральная теплотрасса прорвалась ночью на улице Строителей. Без отопления 120 многоквартирных "
         "домов. Аварийные бригады перекрыли участок, из котлована откачивают воду."),
        ("e4", "Мэр Верхнеозёрска Игорь Ветров пообещал вернуть тепло в 120 домов к вечеру",
         "После прорыва теплотрассы на улице Строителей без отопления остались 120 домов. Мэр Игорь Ветров "
         "заявил, что тепло вернут к вечеру. «Ситуация под контролем», — сказал Ветров на заседании "
         "оперативного штаба."),
        ("e5", "Ветров: тепло в 120 домов вернут к вечеру",
         "Глава Верхнеозёрска Игорь Ветров провёл заседание оперативного штаба после прорыва теплотрассы, "
         "оставившего без отопления 120 домов. Ветров пообещал вернуть тепло к вечеру."),
        ("p1", "Без тепла остались 120 домов", BASE + " Источник: Вести Озёрска."),
        ("p2", "Авария на теплотрассе в Верхнеозёрске", BASE + " Фото: пресс-служба МЧС."),
        ("p3", "В Верхнеозёрске прорвало теплотрассу", "Новости региона. " + BASE),
    ]
    docs = [doc(i, t, x, day) for i, t, x in texts]
    fz = Featurizer(docs)
    feats = [fz(d) for d in docs]
    c = OnlineClusterer()
    assert len({c.add(f).event_id for f in feats}) == 1
    assert split_event(feats) is None
    assert split_event(feats, {"p1": "e1", "p2": "e1", "p3": "e1"}) is None


FORECAST = ("Синоптики обещают в Верхнеозёрске облачную погоду с прояснениями. Днём воздух прогреется до "
            "плюс трёх градусов, ночью до минус двух. Ветер северо-западный, пять-семь метров в секунду, "
            "к вечеру возможен мокрый снег. Атмосферное давление будет падать.")


def test_titles_worded_apart_naming_days_a_month_apart_are_two_happenings():
    """Two horoscopes written to one template, titled in two ways, for 17 November and 16 May: two
    happenings, and no reprint of each other. Two reports of one death whose titles name days a
    week apart (the fall and the death) stay one event."""
    from svodka.cluster.scoring import pair_parts, series_apart

    stars = ("Овнам звёзды советуют не спешить с решениями и больше времени проводить с близкими. Львы будут "
             "поглощены рабочими проблемами, Девам стоит отложить крупные покупки. Весы получат хорошие новости.")
    nov = doc("nov", "Гороскоп на 17 ноября: Львы поглощены проблемами", stars)
    may = doc("may", "Гороскоп на сегодня: 16 мая 2020 года", stars.replace("хорошие", "неожиданные"))
    died = doc("died", "Актриса Анна Ветрова умерла 12 марта", "Актриса театра и кино Анна Ветрова умерла в "
               "больнице Верхнеозёрска, сообщили в театре. Ветрова упала на съёмках и не пришла в сознание.")
    fell = doc("fell", "Звезда сериала, упавшая на съёмках 5 марта, не пришла в сознание", "В больнице "
               "Верхнеозёрска умерла актриса Анна Ветрова. Неделю назад она упала на съёмках фильма, сообщили в театре.")
    assert series_apart(nov, may) and not series_apart(died, fell)
    fz = Featurizer([nov, may, died, fell])
    c = OnlineClusterer()
    got = {d.id: c.add(fz(d)) for d in (nov, may, died, fell)}
    assert got["may"].event_id != got["nov"].event_id
    parts = pair_parts(fz(nov), fz(may))
    assert parts["title_days_apart"] > 30 and parts["title"] < 0.5 and parts["lead"] > 0.5
    assert got["fell"].event_id == got["died"].event_id


def test_titles_naming_days_apart_are_two_happenings_and_a_range_holding_the_day_is_not(tmp_path):
    """A daily series of undated pages, the same words each day: the forecasts for 8 and 16
    November are two events; a forecast for the week of 5-11 November from another outlet holds
    the 8th and joins its day. The title's days are kept in the store."""
    from svodka import grouping
    from svodka.cluster.scoring import EVENT_THRESHOLD, pair_parts, pair_score
    from svodka.store import SqliteStore

    days = [doc("d8", "Прогноз погоды на 8 ноября", FORECAST), doc("d16", "Прогноз погоды на 16 ноября", FORECAST),
            doc("range", "Погода в Верхнеозёрске на неделю, 5-11 ноября", FORECAST.replace("плюс трёх", "плюс четырёх"))]
    with SqliteStore(tmp_path / "s.db") as store:
        for d in days:
            store.add_doc(d, d.id)
        assert store.docs() == days
        # a store written before titles' dates were kept: read from the title once, when it is grouped
        store.db.execute("UPDATE articles SET doc = json_remove(doc, '$.title_dates')")
        assert all(not d.title_dates for d in store.docs())  # the store computes nothing
        grouping.upgrade(store)
        assert store.docs_without("title_dates") == []
        days = store.docs()
    assert [m.value for m in days[0].title_dates] == ["XXXX-11-08"]
    assert [(m.value, m.end) for m in days[2].title_dates] == [("XXXX-11-05", "XXXX-11-11")]
    fz = Featurizer(days)
    f8, f16, frange = (fz(d) for d in days)
    parts = pair_parts(f8, f16)
    assert parts["title_days_apart"] == 8 and parts["text"] > 0.9 and pair_score(f8, f16, parts) == 0.0
    assert "title_days_apart" not in pair_parts(f8, frange)
    assert pair_score(f8, frange, pair_parts(f8, frange)) >= EVENT_THRESHOLD
    c = OnlineClusterer()
    got = {f.id: c.add(f) for f in (f8, f16, frange)}
    assert got["d16"].event_id != got["d8"].event_id
    assert got["range"].event_id == got["d8"].event_id


def test_a_name_and_its_transliteration_by_sound_share_a_key_and_other_names_do_not():
    from svodka.cluster.features import entity_key

    same = [("Борис Джонсон", "Boris Johnson"), ("Грета Тунберга", "Greta Thunberg"), ("Олаф Шольц", "Olaf Scholz"),
            ("Симона Байлз", "Simone Biles"), ("Эммануэль Макрон", "Emmanuel Macron"), ("Адам Шифф", "Adam Schiff"),
            ("Митч Макконнелл", "Mitch McConnell"), ("Сергей Лавров", "Sergei Lavrov"), ("Путиным", "Путин"),
            ("Дженнифер Уильямс", "Jennifer Williams"), ("Дешон Уотсон", "Deshaun Watson")]
    for ru, en in same:
        assert entity_key(ru, "PER") == entity_key(en, "PER"), (ru, en)
    for a, b in [("Сосин", "Шеина"), ("Карахан", "Чернякова"), ("Минин", "Минниханов"), ("Лавров", "Лаврентьев")]:
        assert entity_key(a, "PER") != entity_key(b, "PER"), (a, b)


def test_two_embedded_headlines_naming_a_town_and_its_region_are_not_told_apart_by_their_places():
    """Titles naming places the other text never names are two happenings (the weather in two
    towns); two headlines have no text beyond the title, and when both are embedded their cosine
    reads a town and its region ("Подольск", "Подмосковье") as near: the rule is theirs to skip.
    Compared by words alone, or over texts that never name the other's place, they stay apart."""
    from dataclasses import replace

    import numpy as np

    from svodka.cluster.scoring import pair_parts, two_places

    titles = ("Пожар на складе в Подольске потушили за три часа",
              "В Подмосковье потушили крупный пожар на складе")
    heads = [enrich(Article(id=f"h{i}", source=f"h{i}", title=t, paragraphs=(), language="ru"))
             for i, t in enumerate(titles)]
    texts = [doc("a0", titles[0], "Пожарные Подольска три часа тушили склад на улице Комсомольской, никто не пострадал."),
             doc("a1", titles[1], "Крупный пожар на складе стройматериалов потушили в Подмосковье, площадь пожара 900 метров.")]
    fz = Featurizer([*heads, *texts])
    h0, h1, a0, a1 = (fz(d) for d in (*heads, *texts))
    assert h0.headline and h1.headline and h0.places and h1.places and not a0.headline
    assert two_places(h0, h1) and "places_apart" in pair_parts(h0, h1)
    vector = np.full(4, 0.5, dtype=np.float32)
    e0, e1 = replace(h0, embedding=vector), replace(h1, embedding=vector)
    assert not two_places(e0, e1) and "places_apart" not in pair_parts(e0, e1)
    assert two_places(replace(a0, embedding=vector), replace(a1, embedding=vector))
