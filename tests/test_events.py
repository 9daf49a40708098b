"""Events that are happenings: a meeting and a later call of the same two people are two events of
one story, whatever order the pages come in; a background piece recounting both bridges neither;
reports that share only a topic are no event and no story."""
from __future__ import annotations

import csv
import io
import itertools
import json
import random
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from svodka.cli import app
from svodka.cluster.features import happening_kind, is_recap
from svodka.enrich import enrich
from svodka.model import Article
from svodka.web import create_app

from conftest import ROOT, SHARED

runner = CliRunner()
DATA = ROOT / "tests" / "data"

TALKS = [
    ("talks-a", "Вальстрём и Эберг провели переговоры в Осло",
     "Министр иностранных дел Нордланда Ингрид Вальстрём и глава МИД Вестланда Томас Эберг провели в Осло "
     "переговоры о спорном участке границы. Встреча продлилась три часа.\n\n«Мы договорились продолжить работу "
     "экспертов», — сказала Вальстрём журналистам после встречи. Эберг назвал переговоры трудными, но полезными."),
    ("talks-b", "Переговоры министров Нордланда и Вестланда в Осло закончились без прорыва",
     "Встреча Ингрид Вальстрём и Томаса Эберга в Осло завершилась без договорённости о границе. Министры "
     "поручили экспертам подготовить карту спорного участка.\n\nПо словам Эберга, Вестланд готов к компромиссу, "
     "если Нордланд отведёт пограничные посты."),
]
CALL = [
    ("call-a", "Вальстрём и Эберг обсудили границу по телефону",
     "Ингрид Вальстрём во вторник провела телефонный разговор с Томасом Эбергом. Министры обсудили карту "
     "спорного участка границы, которую подготовили эксперты.\n\nВальстрём заявила, что Нордланд изучит "
     "предложения Вестланда. Эберг подтвердил готовность к новой встрече."),
    ("call-b", "Главы МИД Нордланда и Вестланда созвонились",
     "Министр иностранных дел Нордланда Ингрид Вальстрём и её коллега из Вестланда Томас Эберг поговорили по "
     "телефону. Разговор был посвящён карте спорного участка границы.\n\nПо данным МИД Вестланда, стороны "
     "договорились обменяться письменными предложениями."),
]
BACKGROUND = ("recap", "Спор о границе: как идут переговоры Нордланда и Вестланда",
              "Спор о границе тянется с 2019 года. 3 марта эксперты двух стран встретились в Бергене, 7 марта "
              "прошла консультация заместителей министров.\n\n14 марта Ингрид Вальстрём и Томас Эберг провели "
              "переговоры в Осло, 18 марта эксперты передали карту спорного участка. 24 марта министры "
              "обсудили её по телефону, 28 марта стороны обменялись письменными предложениями.")


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def groups(tmp, records) -> list[list[list[str]]]:
    src = tmp / "pages.jsonl"
    src.write_text("".join(json.dumps({"id": i, "title": t, "text": x}, ensure_ascii=False) + "\n"
                           for i, t, x in records), encoding="utf-8")
    run("run", src, "--out", tmp / "o", "--db", tmp / "s.db", "-q")
    stories = json.loads((tmp / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    return sorted(sorted(sorted(e["articles"]) for e in s["events"]) for s in stories)


@pytest.mark.parametrize("seed", range(4))
def test_a_meeting_and_a_later_call_are_two_events_of_one_story_and_a_recap_bridges_neither(tmp_path, seed):
    records = [*TALKS, *CALL, BACKGROUND]
    random.Random(seed).shuffle(records)
    # undated pages are placed in the order of their ids: prefixes make the order the shuffle's
    ordered = [(f"{n}-{i}", t, x) for n, (i, t, x) in enumerate(records)]
    got = groups(tmp_path, ordered)
    named = [[[a.split("-", 1)[1] for a in e] for e in s] for s in got]
    assert len(named) == 1, named  # one story
    # the recap joins one of the two events (or stays alone), and joins the two in none
    events = sorted(sorted(a for a in e if a != "recap") for e in named[0])
    assert [e for e in events if e] == [["call-a", "call-b"], ["talks-a", "talks-b"]]


def geneva_pages(samples):
    """The three shared pages of the Geneva story and the two written here."""
    return sorted(samples.glob("*.txt")) + [DATA / "geneva_background.txt", DATA / "geneva_call.txt"]


def test_the_geneva_talks_and_the_phone_call_are_two_events_of_one_story(samples, tmp_path):
    """The three shared pages with two written here: a background piece recounting the January
    meetings and the talks, and a report of the call of 1 February; in any order. `svodka stories`
    lists the undated story from the talks to the call."""
    pages = geneva_pages(samples)
    names = ["000", "001", "002", "background", "call"]
    for order in random.Random(3).sample(list(itertools.permutations(range(5))), 4):
        tmp = tmp_path / "".join(map(str, order))
        (tmp / "in").mkdir(parents=True)
        for rank, i in enumerate(order):
            shutil.copy(pages[i], tmp / "in" / f"{rank}_{names[i]}.txt")
        run("run", tmp / "in", "--out", tmp / "o", "--db", tmp / "s.db", "-q")
        [story] = json.loads((tmp / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
        events = sorted((sorted(a.split("_", 1)[1][:3] for a in e["articles"]), e["day_told"]) for e in story["events"])
        assert events == [(["000", "001", "bac"], "2022-01-21"), (["002", "cal"], "2022-02-01")], (order, events)
    listed = run("stories", "--db", tmp / "s.db").output  # the story's days, as the timeline tells them
    assert "2022-01-21–2022-02-01 (told)" in listed, listed
    assert "2022-01-21 – 2022-02-01 (as the timeline tells it)" in (tmp / "o" / "index.html").read_text(encoding="utf-8")
    [row] = list(csv.DictReader(io.StringIO((tmp / "o" / "stories.csv").read_text(encoding="utf-8"))))
    assert (row["first"], row["last"]) == ("2022-01-21", "2022-02-01")
    web = TestClient(create_app(tmp / "s.db"))  # the server's front page and its API say the same
    assert "2022-01-21 – 2022-02-01 (as the timeline tells it)" in web.get("/").text
    [listed] = web.get("/api/stories").json()["stories"]
    assert (listed["first"], listed["last"], listed["told"]) == ("2022-01-21", "2022-02-01", True)
    [as_json] = [json.loads(line) for line in run("stories", "--db", tmp / "s.db", "--json").output.splitlines()]
    assert (as_json["first"], as_json["last"], as_json["told"]) == ("2022-01-21", "2022-02-01", True)  # and the CLI


def test_the_geneva_summary_tells_the_talks_and_the_december_drafts_once(samples, tmp_path):
    """The background piece tells the talks again in its own words ("21 января в Женеве встретились
    …") and restates 001's sentence on the December drafts with fewer words: the summary tells each
    once, and cites 001 for the shorter sentence its longer one holds. Zakharova's forecast that the
    call "может состояться" is old news beside the call itself: not among the five."""
    (tmp_path / "in").mkdir()
    for page in geneva_pages(samples):
        shutil.copy(page, tmp_path / "in" / page.name)
    run("run", tmp_path / "in", "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    [story] = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    summary = [(s["text"], s["sources"]) for s in story["summary"]]
    talks = [text for text, _ in summary if "Женев" in text and ("переговор" in text or "встрет" in text)]
    assert len(talks) == 1, summary
    drafts = [sources for text, sources in summary if text.startswith("В декабре 2021 года Россия")]
    assert len(drafts) == 1 and "001_01e8daefee0e15b8" in drafts[0], summary
    assert any("провёл телефонный разговор" in text for text, _ in summary), summary
    assert not any("может состояться" in text for text, _ in summary), summary
    # the timeline's line of 9 January starts at its day, not at the "После этого" tying it to the sentence before
    assert [t["text"][:13] for t in story["timeline"] if t["date"] == "2022-01-09"] == ["9 и 10 января"]


def test_reports_sharing_only_a_topic_are_no_event_and_no_story(tmp_path):
    records = [
        ("covid-1", "В Башкирии за сутки выявили 52 новых случая коронавируса",
         "В Башкирии за последние сутки выявлено 52 новых случая коронавирусной инфекции, сообщил оперштаб. Всего "
         "с начала пандемии в регионе заболели 1240 человек. Больше всего новых случаев в Уфе и Стерлитамаке."),
        ("covid-2", "На Украине от коронавируса скончались ещё 11 человек",
         "Министерство здравоохранения Украины сообщило о 11 умерших от коронавируса за сутки. Общее число "
         "погибших достигло 201 человека. Больше всего случаев заражения в Киеве и Черновицкой области."),
        ("pension-1", "Госдума одобрила индексацию пенсий работающим пенсионерам",
         "Государственная дума приняла в первом чтении законопроект об индексации пенсий работающим пенсионерам. "
         "Индексация начнётся с 1 января, пенсии проиндексируют на 6,3 процента."),
        ("pension-2", "В ПФР рассказали о сроках выплаты пенсий в мае",
         "Пенсионный фонд сообщил, что пенсии за май будут выплачены досрочно из-за праздников. Получатели в "
         "Москве получат выплаты с 3 мая."),
    ]
    assert groups(tmp_path, records) == [[[i]] for i in sorted(r[0] for r in records)]


def test_reports_sharing_names_but_not_words_are_two_stories(tmp_path, monkeypatch):
    """Putin's meeting on lifting restrictions and a law he signed on alcohol sales share "Владимир
    Путин" and "Россия" and little else (issue 32's 300 texts joined such reports in one story)."""
    from svodka.cluster import scoring

    records = [
        ("putin-meeting", "Путин проведёт совещание о выходе регионов из режима ограничений",
         "Президент России Владимир Путин в понедельник проведёт совещание с губернаторами о поэтапном выходе "
         "регионов из режима ограничений. Как сообщил пресс-секретарь Кремля Дмитрий Песков, речь пойдёт о "
         "возобновлении работы предприятий и транспорта.\n\nГлавы регионов доложат о готовности больниц и "
         "числе свободных коек."),
        ("alcohol-law", "В России вступил в силу закон о запрете продажи алкоголя в жилых домах",
         "Закон, который подписал Владимир Путин, запрещает продажу спиртного в барах площадью меньше 20 "
         "квадратных метров на первых этажах многоквартирных домов. Власти России рассчитывают, что запрет "
         "закроет так называемые наливайки.\n\nВладельцы заведений должны переоборудовать залы до конца года."),
    ]
    for name in ("rule", "off"):
        (tmp_path / name).mkdir()
    assert groups(tmp_path / "rule", records) == [[["alcohol-law"]], [["putin-meeting"]]]
    said = run("explain", "putin-meeting", "alcohol-law", "--db", tmp_path / "rule" / "s.db").stdout
    assert "names alone make no story (story score 0)" in said
    monkeypatch.setattr(scoring, "STORY_TEXT_FLOOR", 0.0)
    # without the rule the two are two events of one story, on the names they share
    assert groups(tmp_path / "off", records) == [[["alcohol-law"], ["putin-meeting"]]]


def test_a_series_of_forecasts_is_no_story(tmp_path, monkeypatch):
    """Forecasts of one city for two days, worded alike (tgcontest's "Прогноз погоды на 8 ноября" and
    "… на 18 ноября", labelled different stories): two events, and a series is no story either."""
    from svodka.cluster import scoring

    def forecast(day, weather, wind):
        return (f"Прогноз погоды на {day} ноября", f"По данным Амурского ЦГМС, {day} ноября в Благовещенске "
                f"ожидается {weather}. Ветер северо-западный {wind} метров в секунду. Температура ночью от 6 до 11 "
                f"градусов мороза, днём около нуля.\n\nНа дорогах гололедица, синоптики просят водителей быть "
                f"внимательнее.")

    records = [("nov-8", *forecast(8, "облачная погода, небольшой снег", "6-11")),
               ("nov-18", *forecast(18, "переменная облачность, без осадков", "5-10"))]
    for name in ("rule", "off"):
        (tmp_path / name).mkdir()
    assert groups(tmp_path / "rule", records) == [[["nov-18"]], [["nov-8"]]]
    said = run("explain", "nov-8", "nov-18", "--db", tmp_path / "rule" / "s.db").stdout
    assert "a series is no story" in said
    monkeypatch.setattr(scoring, "STORY_SERIES", False)
    assert groups(tmp_path / "off", records) == [[["nov-18"], ["nov-8"]]]


TGCONTEST = SHARED / "data" / "tgcontest" / "same_story_pairs.jsonl"
COUNT = ["ru_honey_106_s", "ru_honey_114_f", "ru_honey_117_f", "ru_honey_117_s", "ru_honey_46_s", "ru_honey_79_f"]
DEATHS = [["ru_honey_3_f", "ru_honey_3_s"], ["ru_honey_6_f", "ru_honey_6_s"]]  # a metropolitan's; a region's


@pytest.mark.skipif(not TGCONTEST.is_file(), reason="../shared/data/tgcontest is absent")
def test_a_topic_is_no_story(tmp_path):
    """Russia's daily COVID count (six reports), a metropolitan's death from COVID and a region's
    deaths share the epidemic's words ("коронавирус", "сутки", "скончаться", "оперштаб") but no
    happening: three stories. (What the rule that a story's article must come near one of its
    events adds is measured on the pile: `python -m eval.rules story-topic`, 22 -> 17 story joins.)"""
    pages = {}
    for row in map(json.loads, TGCONTEST.open(encoding="utf-8")):
        for side in ("first", "second"):
            pages[f"{row['pair_id']}_{side[0]}"] = (row[f"{side}_title"], row[f"{side}_text"])
    records = [(i, *pages[i]) for i in COUNT + [a for pair in DEATHS for a in pair]]
    assert groups(tmp_path, records) == sorted([[COUNT], [DEATHS[0]], [DEATHS[1]]])
    said = run("explain", DEATHS[1][0], COUNT[0], "--db", tmp_path / "s.db").stdout
    assert "different events, different stories" in said


DAILY_COUNTS = [
    ("tver-1", "В Тверской области за сутки выявили 120 новых случаев коронавируса",
     "За минувшие сутки в Тверской области выявили 120 новых случаев коронавирусной инфекции, сообщил "
     "оперативный штаб. Всего с начала пандемии в регионе заболели 2310 человек, выздоровели 1150."),
    ("tver-2", "Число заболевших коронавирусом в Тверской области выросло на 120",
     "Оперативный штаб Тверской области сообщил о 120 новых случаях коронавирусной инфекции за сутки. "
     "Всего в регионе заболели 2310 человек, 1150 выздоровели."),
    ("omsk-1", "В Омской области за сутки выявили 98 новых случаев коронавируса",
     "За минувшие сутки в Омской области выявили 98 новых случаев коронавирусной инфекции, сообщил "
     "оперативный штаб. Всего с начала пандемии в регионе заболели 1870 человек, выздоровели 940."),
    ("omsk-2", "Число заболевших коронавирусом в Омской области выросло на 98",
     "Оперативный штаб Омской области сообщил о 98 новых случаях коронавирусной инфекции за сутки. "
     "Всего в регионе заболели 1870 человек, 940 выздоровели."),
]


def test_one_days_counts_of_two_regions_are_two_events_and_two_stories(tmp_path, monkeypatch):
    """Reports worded alike whose titles name places the other never names (issue 32's daily
    counts of Russia and of Bashkiria): two happenings, and the count of a topic is no story."""
    from svodka.cluster import scoring

    for name in ("rule", "off"):
        (tmp_path / name).mkdir()
    assert groups(tmp_path / "rule", DAILY_COUNTS) == [[["omsk-1", "omsk-2"]], [["tver-1", "tver-2"]]]
    monkeypatch.setattr(scoring, "PLACES_APART", False)
    monkeypatch.setattr(scoring, "STORY_PLACES", False)
    # what the two rules part: without them the four reports are one event
    assert groups(tmp_path / "off", DAILY_COUNTS) == [[["omsk-1", "omsk-2", "tver-1", "tver-2"]]]


def test_a_title_naming_a_district_and_one_naming_its_city_report_one_happening(tmp_path):
    """Of two reports of one theft, one title names the district and the other the city; each text
    names what the other title does, so the places tell them apart no more than a wording does."""
    records = [
        ("theft-1", "В ЮЗАО безработный угнал уборочную машину",
         "В ЮЗАО Москвы полицейские задержали 34-летнего безработного, который угнал уборочную машину "
         "коммунальной службы. Мужчину остановили через два квартала, машину вернули владельцу."),
        ("theft-2", "Полиция задержала угонщика уборочной машины на юго-западе Москвы",
         "Сотрудники полиции ЮЗАО задержали безработного, угнавшего уборочную машину коммунальной службы. "
         "Угонщика остановили через два квартала, машину вернули."),
    ]
    assert groups(tmp_path, records) == [[["theft-1", "theft-2"]]]


@pytest.mark.parametrize("title, text, kind", [
    ("Лавров и Блинкен провели переговоры в Женеве", "Встреча продлилась полтора часа.", "meeting"),
    ("Захарова анонсировала телефонный разговор Лаврова и Блинкена",
     "Телефонные переговоры министров пройдут 1 февраля. Очная встреча не планируется.", "call"),
    ("Biden and Xi spoke by phone on Thursday", "The two leaders held a telephone call.", "call"),
    ("Лавров прокомментировал ответы США", "Министр заявил, что ответы не учитывают позицию Москвы.", None),
])
def test_the_kind_of_contact_a_report_is_about(title, text, kind):
    doc = enrich(Article("x", "x", title, (text,), language="en" if title.isascii() else "ru"))
    assert happening_kind(doc) == kind


def test_a_text_naming_days_over_weeks_is_a_recap_and_a_report_naming_a_few_is_not():
    recap = enrich(Article("r", "r", BACKGROUND[1], tuple(BACKGROUND[2].split("\n\n")), language="ru",
                           published="2024-03-29"))
    report = enrich(Article("c", "c", CALL[0][1], tuple(CALL[0][2].split("\n\n")), language="ru",
                            published="2024-03-25"))
    assert is_recap(recap) and not is_recap(report)


def test_inflected_languages_are_read_by_stems_and_lemmas(tmp_path):
    """Polish, German or Ukrainian headlines name one thing in different case forms: read word for
    word, two reports of Poland's volleyball quarter-final shared no word but "Francja"."""
    from svodka.enrich.text import content_lemmas

    assert set(content_lemmas("Polscy siatkarze przegrali ćwierćfinał z Francją", "pl")) & \
        set(content_lemmas("Porażka polskich siatkarzy w ćwierćfinale", "pl")) == {"siatkarz"}
    assert content_lemmas("Olympischen Spielen", "de") == content_lemmas("Olympische Spiele", "de")
    assert content_lemmas("переговорів у Женеві", "uk") == content_lemmas("переговори в Женева", "uk") == \
        ("переговори", "женева")
    # the Russian and Ukrainian dictionaries, loaded in either order, leave each other's tags alone
    from svodka.enrich.text import _morph_uk, _parse_ru, _parse_uk, morph

    for first, then in ((morph, _morph_uk), (_morph_uk, morph)):
        for cached in (morph, _morph_uk, _parse_ru, _parse_uk):
            cached.cache_clear()
        first(), then()
        assert "Geox" in morph().parse("москва")[0].tag and "ms-f" not in morph().parse("москва")[0].tag
        assert content_lemmas("в Женеве", "ru") == ("женева",)
        assert content_lemmas("у Женеві", "uk") == ("женева",)
    feed = [("volley-1", "Polscy siatkarze przegrali ćwierćfinał z Francją"),
            ("volley-2", "Porażka polskich siatkarzy w ćwierćfinale, Francja lepsza"),
            ("relay-1", "Polska sztafeta mieszana zdobyła złoty medal w Tokio"),
            ("relay-2", "Złoty medal polskiej sztafety mieszanej, triumf w Tokio")]
    src = tmp_path / "feed.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": "2021-08-03", "title": t}, ensure_ascii=False) + "\n"
                           for i, t in feed), encoding="utf-8")
    run("run", src, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    stories = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(sorted(e["articles"]) for s in stories for e in s["events"]) == [["relay-1", "relay-2"],
                                                                                    ["volley-1", "volley-2"]]


def test_chinese_headlines_are_read_as_words(tmp_path):
    """Chinese writes no spaces: a headline was one "word", and no two headlines of one event met."""
    from svodka.enrich.text import content_lemmas

    assert content_lemmas("东京奥运会首金", "zh") == ("东京", "京奥", "奥运", "运会", "会首", "首金")
    feed = [("gold-1", "2021-07-24", "杨倩夺得东京奥运会首金 女子10米气步枪"),
            ("gold-2", "2021-07-24", "东京奥运会首金！杨倩女子10米气步枪夺冠"),
            ("dive-1", "2021-08-05", "全红婵夺得东京奥运会女子10米跳台金牌"),
            ("dive-2", "2021-08-05", "14岁全红婵获女子10米跳台冠军 三跳满分")]
    src = tmp_path / "feed.jsonl"
    src.write_text("".join(json.dumps({"id": i, "published": d, "title": t}, ensure_ascii=False) + "\n"
                           for i, d, t in feed), encoding="utf-8")
    run("run", src, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    stories = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(sorted(e["articles"]) for s in stories for e in s["events"]) == [["dive-1", "dive-2"], ["gold-1", "gold-2"]]
