"""Date resolution on the table in tests/data/dates.tsv (76 expressions, Russian and English)."""
from datetime import date
from pathlib import Path

import pytest

from svodka.enrich.dates import foretold, foretells, period_bound, resolve_dates

TABLE = Path(__file__).parent / "data" / "dates.tsv"


def rows():
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, anchor, hint, expected = (line.split("\t") + [""])[:4]
        yield (text, date.fromisoformat(anchor) if anchor != "-" else None, int(hint) if hint != "-" else None,
               [tuple(x.strip().split("=")) for x in expected.split(" ; ") if x.strip()])


def test_date_table_accuracy():
    table = list(rows())
    assert len(table) >= 60
    wrong = []
    for text, anchor, hint, expected in table:
        got = [(m.text, m.value) for m in resolve_dates(text, anchor, hint)]
        if got != expected:
            wrong.append(f"{text!r}: got {got}, want {expected}")
    accuracy = 1 - len(wrong) / len(table)
    assert accuracy >= 0.95, "\n".join(wrong)


def test_range_keeps_its_last_day():
    [m] = resolve_dates("9 и 10 января 2022 года прошли переговоры.")
    assert (m.value, m.end) == ("2022-01-09", "2022-01-10")


def test_a_day_named_with_its_weekday_settles_the_story_year():
    from svodka.enrich import enrich
    from svodka.enrich.redate import story_year, weekday_days
    from svodka.model import Article

    def make(id, text):
        return enrich(Article(id=id, source=id, title="Коронавирус в России", paragraphs=(text,), language="ru"))

    # two undated reports read as 2016 (a biography's date) and 2020; two more name their days with
    # weekdays, and 17 and 18 May fell on a Sunday and a Monday in 2020, not in 2016
    docs = [make("a", "Митрополит Иона скончался 5 мая. 4 мая 2016 года он был почислен на покой."),
            make("b", "Глава Роспотребнадзора Анна Попова 4 мая 2020 года заявила о поэтапном снятии ограничений."),
            make("c", "Число случаев по состоянию на воскресенье, 17 мая, достигло 281 752."),
            make("d", "В понедельник, 18 мая, в России выявили 8926 новых случаев.")]
    assert [d.anchor_date[:4] if d.anchor_date else None for d in docs] == ["2016", "2020", None, None]
    assert weekday_days(docs[2].article.text) == [(5, 17, 6)]
    assert story_year(docs) == 2020
    assert story_year(docs[:2]) == 2016  # without the weekdays, the tie goes to the first year seen


def test_a_weekday_places_its_day_after_the_years_a_report_tells_in_the_past():
    from svodka.brief import in_story_year
    from svodka.enrich import enrich
    from svodka.enrich.redate import story_year
    from svodka.model import Article

    # 25 May fell on a Monday in 2015 and 2020; the volcano woke in 2016, so the report is of 2020
    doc = enrich(Article(id="v", source="v", title="Вулкан Эбеко выбросил пепел", language="ru", paragraphs=(
        "Вулкан Эбеко на Курилах дважды выбросил пепел за утро понедельника, 25 мая. Первый выброс произошёл "
        "на высоту 3,5 километра.", "Вулкан активизировался в середине ноября 2016 года.")))
    assert story_year([doc]) == 2020
    [placed] = in_story_year((doc,))
    assert [m.value for m in placed.dates if m.text.startswith("25 мая")] == ["2020-05-25"]


def test_of_two_days_named_with_their_weekdays_the_first_weekday_is_the_first_days():
    from svodka.enrich import enrich
    from svodka.enrich.redate import story_year, weekday_days
    from svodka.model import Article

    text = ("Решение о том, что 31 декабря не может быть выходным днём, было принято заранее. Новогодние каникулы "
            "в 2020 году сократятся на два дня: 30 и 31 декабря (понедельник и вторник) — рабочие дни. "
            "Выходные — с 1 по 8 января.")
    assert weekday_days(text) == [(12, 30, 0)]  # not 31 December a Monday (2018)
    doc = enrich(Article(id="k", source="k", title="В Кремле напомнили о рабочем дне 31 декабря", paragraphs=(text,),
                         language="ru"))
    assert story_year([doc]) == 2019


def test_a_dateline_without_its_year_comes_before_the_target_the_report_names():
    from svodka.enrich import enrich
    from svodka.enrich.redate import story_year
    from svodka.model import Article

    def make(id, text):
        return enrich(Article(id=id, source=id, title="Ремонт больницы", paragraphs=(text,), language="ru"))

    # the only year is a target's: a dateline on or after the target's month is of the year before
    late = make("a", "Тула. 28 ноября. Капитальный ремонт областной больницы завершится в ноябре 2012 года, "
                     "сообщает пресс-служба. Сдача корпуса запланирована на ноябрь 2012 года.")
    early = make("b", "Тула. 3 марта. Ремонт областной больницы завершится в ноябре 2012 года, сообщили в "
                      "правительстве области.")
    assert story_year([late]) == 2011 and story_year([early]) == 2012
    # a year told as done is no target: it dates the story as before
    done = make("c", "Тула. 28 ноября. Ремонт больницы завершился в ноябре 2012 года.")
    assert story_year([done]) == 2012


def test_a_day_one_report_names_with_its_year_is_of_that_year_in_the_others():
    from svodka.brief import in_story_year
    from svodka.enrich import enrich
    from svodka.model import Article

    def make(id, text):
        return enrich(Article(id=id, source=id, title="Кинотеатр «Соловей» закроется", paragraphs=(text,), language="ru"))

    # two reports read "2 декабря" in the year of a plan named before it; a third names its year
    plan = make("a", "Об этом сообщили 11 ноября. Программу запустят в январе 2020 года. Кинотеатр закроется 2 декабря.")
    other = make("b", "Программа начнётся в январе 2020 года, а кинотеатр закроют 2 декабря.")
    stated = make("c", "Закрытие киноцентра запланировано на 2 декабря 2019 года.")
    assert {m.value for m in (*plan.dates, *other.dates) if m.text == "2 декабря"} == {"2020-12-02"}
    placed = {d.id: d for d in in_story_year((plan, other, stated))}
    assert {m.value for d in placed.values() for m in d.dates if m.text.startswith("2 декабря")} == {"2019-12-02"}
    assert placed["a"].written == "2019-11-11"  # and the story's year with it
    # a day of another year the story recalls does not place this year's
    parade = make("d", "Парад прошёл 9 мая на Красной площади, сообщили 10 мая 2020 года.")
    history = make("e", "Знамя Победы подняли над Рейхстагом 1 мая 1945 года, капитуляцию подписали 9 мая 1945 года.")
    placed = {d.id: d for d in in_story_year((parade, history))}
    assert [m.value for m in placed["d"].dates if m.text == "9 мая"] == ["2020-05-09"]


def test_a_writing_day_read_off_background_gives_way_to_the_storys_year():
    from svodka.brief import in_story_year
    from svodka.enrich import enrich
    from svodka.enrich.redate import story_year
    from svodka.model import Article

    # an undated preview: its only day with a year is a record of 1953, its match day has none;
    # 1 November fell on a Friday in 2019, the year its title names, and not in 1953
    preview = enrich(Article(
        id="rugby", source="rugby", language="en",
        title="Rugby World Cup 2019: All Blacks v Wales battle for bronze",
        paragraphs=("The two beaten semifinalists meet in Tokyo for third place.",
                    "Match details: Friday, November 1, 10pm (NZ time), Tokyo Stadium, Tokyo.",
                    "The All Blacks have met Wales 35 times and lost three, the last coming on 19 December 1953.")))
    assert preview.written == "1953-12-19"
    assert story_year([preview]) == 2019
    (placed,) = in_story_year((preview,))
    assert placed.written == "2019-11-01"
    assert {m.value for m in placed.dates if m.text == "November 1"} == {"2019-11-01"}
    assert {m.value for m in placed.dates if "1953" in m.text} == {"1953-12-19"}  # the record stays in 1953

    # a metropolitan's obituary dated by his retirement of 2016, in a story of 2020: its death is of 2020
    obituary = enrich(Article(id="a", source="a", title="Скончался митрополит Иона", language="ru",
                              paragraphs=("Митрополит Иона скончался 5 мая. 4 мая 2016 года он был почислен на покой.",)))
    report = enrich(Article(id="b", source="b", title="Коронавирус в России", language="ru",
                            paragraphs=("Глава Роспотребнадзора Анна Попова 4 мая 2020 года заявила о снятии ограничений.",
                                        "В понедельник, 18 мая, в России выявили 8926 новых случаев.")))
    assert obituary.written == "2016-05-04"
    placed = dict((d.id, d) for d in in_story_year((obituary, report)))
    assert placed["a"].written == "2020-05-05"
    assert placed["b"].written == "2020-05-04"  # its own year stands


def test_a_verbs_tense_places_a_day_without_its_year_around_the_writing_day():
    from datetime import date

    from svodka.enrich.dates import resolve_dates

    text = ("Пресс-секретарь президента 25 мая заявил, что 31 декабря останется рабочим днём. Новогодние "
            "каникулы продлятся с 1 по 8 января. В сентябре министр заявил о реформе.")
    got = [(m.text, m.value) for m in resolve_dates(text, date(2020, 5, 25))]
    assert got == [("25 мая", "2020-05-25"), ("31 декабря", "2020-12-31"), ("1 по 8 января", "2021-01-01"),
                   ("В сентябре", "2019-09")]
    # a year the text names sets the order instead: December 2021, then January 2022
    named = [m.value for m in resolve_dates("В декабре 2021 года и 9 января прошли встречи.", date(2022, 1, 20))]
    assert named == ["2021-12", "2022-01-09"]


def test_the_writing_day_of_an_undated_text():
    from svodka.enrich.dates import infer_anchor

    def day(text, year=None):
        anchor = infer_anchor(resolve_dates(text, None, year), text, year)
        return anchor.isoformat() if anchor else None

    # "накануне, 30 января" says the text was written on the 31st; the Tuesday after is 1 February
    zakharova = ("Телефонные переговоры Лаврова и Блинкена пройдут 1 февраля 2022 года. Накануне, 30 января 2022 "
                 "года, о возможности переговоров заявила Виктория Нуланд.")
    assert day(zakharova) == "2022-01-31"
    assert day("Разговор министров состоится завтра, 1 февраля 2022 года.") == "2022-01-31"
    anchor = date(2022, 1, 31)
    assert [m.value for m in resolve_dates("Во вторник состоится телефонный разговор.", anchor)] == ["2022-02-01"]
    # a dateline before the first sentence ends wins over a later, future day
    assert day("Суд арестовал бывшего прокурора  время публикации: 4 января 2012 г., 14:07  Суд избрал "
               "меру пресечения на 40 суток, то есть до 9 февраля 2012 года.") == "2012-01-04"
    # a day in a clause about the future is no writing day
    assert day("Корпус больницы будет достроен до 30 декабря 2011 года, сообщил губернатор.") is None
    # a year named as a plan lends its year to no later day: no writing day, rather than 2028
    assert day("NASA wants astronauts on the Moon by 2028. The companies had until Nov. 1 to submit "
               "proposals.") is None
    # a target day whose own verb is future is no writing day, though a past verb shares its clause
    assert day("В 2017 году необходимый стаж составлял 15 лет (до реформы было всего 15 лет) и на 1 января "
               "2028-го он достигнет 35 лет.") is None
    # with the story's year known, a text naming days without their year is dated by the latest past one
    talks = "Ранее прошли переговоры в Женеве 10 января, в Брюсселе 12 января и в Вене 13 января."
    assert day(talks) is None
    assert day(talks, 2022) == "2022-01-13"
    # a plan's days ("может открыться", "должны завершить", "is expected to") are no writing day either
    bridge = ("КАЗАНЬ, 14 марта. Новый мост через Волгу может открыться с 1 сентября 2023 года, а работы "
              "должны завершить до 31 декабря 2024 года, сообщили в министерстве транспорта.")
    assert day(bridge) is None
    assert day(bridge, 2023) == "2023-03-14"  # the dateline, once the story's year is known
    assert day("The bridge is expected to open on Sept. 1, 2023, the ministry said.") is None
    # nor a plan told in the past, background a text recalls, or a period's bound (eval.anchors: DAnIEL
    # pages given a day more than a week off 5 -> 3)
    assert day("Контракт расторгнут. Ракету должны были произвести 15 октября 2021 года.") is None
    assert day("Запуск аппарата назначен на 30 марта 2021 года, сообщили в агентстве.") is None
    assert day("Число кошельков превысило 40 млн. Напомним, 15 января 2018 года цена достигла максимума.") is None
    assert day("Пенсия считается по стажу до 1 января 2016 года, если стаж меньше 60 месяцев.") is None
    # the days of a happening told as a span are no bound: "в период с 16 по 22 марта 2020 года"
    survey = "Росстат представил данные. Исследование проводили в период с 16 по 22 марта 2020 года."
    assert day(survey) == "2020-03-16"
    assert day("Данные опубликованы. Суд 4 января 2012 года вынес приговор бывшему прокурору.") == "2012-01-04"


def test_a_year_named_alone_dates_its_own_sentence_only():
    # background years, undated texts: "с 1994 года" does not make 8 May 1994, nor "в 2019 году" the
    # March of the next sentence (opened by a quote)
    text = ("Лукашенко руководит страной с 1994 года. 8 мая президент сказал, что вирус отступает. "
            "Завод заключил контракт в 2019 году, затем его продлили. «В марте было решено продлить его», — сказал он.")
    values = {m.text: m.value for m in resolve_dates(text)}
    assert values["8 мая"] == "XXXX-05-08" and values["В марте"] == "XXXX-03"
    anchored = {m.text: m.value for m in resolve_dates(text, date(2020, 5, 25))}
    assert anchored["8 мая"] == "2020-05-08" and anchored["В марте"] == "2020-03"


def test_a_month_of_last_or_this_year_counts_from_the_writing_day():
    text = ("В сентябре прошлого года мэр пообещал открыть мост, 17 мая этого года его открыли, а ремонт "
            "набережной начнут в марте следующего года. In September last year the bridge was closed.")
    written = {m.text: m.value for m in resolve_dates(text, date(2020, 5, 25))}
    assert written == {"В сентябре прошлого года": "2019-09", "17 мая этого года": "2020-05-17",
                       "в марте следующего года": "2021-03", "In September last year": "2019-09"}
    assert {m.value for m in resolve_dates(text, None, 2020)} == set(written.values())  # the story's year
    assert {m.value for m in resolve_dates(text)} == {"XXXX-09", "XXXX-05-17", "XXXX-03"}  # no year to count from


@pytest.mark.parametrize("text, anchor, expected", [
    # a past verb does not put the day a period runs to in the past
    ("В Нидерландах продлили запрет на въезд до 15 июня.", date(2020, 5, 12), [("15 июня", "2020-06-15")]),
    # a plan told in the past is no future
    ("The Test series was originally scheduled to be played in October.", date(2019, 11, 20),
     [("in October", "2019-10")]),
])
def test_the_day_a_period_runs_to_and_a_past_plan_keep_the_writing_year(text, anchor, expected):
    assert [(m.text, m.value) for m in resolve_dates(text, anchor)] == expected


@pytest.mark.parametrize("text, bound", [
    ("Соглашение с клубом рассчитано до 30 июня 2020 года.", "until"),
    ("Экспозиция открыта from May 7 until September 7, 2020.", "until"),
    ("Шахтёры не получали зарплату ещё с октября 2019 года.", "since"),
    ("Число случаев опустилось ниже 70 тысяч впервые с 28 марта.", "since"),
    ("С декабря 2019 года Ашимбаев занимал должность замглавы аппарата.", "since"),
    ("В Нидерландах с 11 мая смягчили карантин.", None),
    ("С 1 июля откроются кемпинги.", None),
    ("С 6 по 8 мая 2020 года почтальоны доставят поздравления.", None),
])
def test_a_day_bounding_a_period_is_told_from_a_happening_day(text, bound):
    *_, last = resolve_dates(text, date(2020, 5, 20))
    assert period_bound(text, last.start, last.stop) == bound


def test_an_undated_text_puts_no_day_before_what_it_tells_in_the_past():
    """Given the story's year 2019 (read off "в декабре 2019 года"), the text's "15 мая", named with no
    year, is May 2020: the text was written after the December it tells in the past. A year the text
    names before a day still dates it ("В мае 2019 года …, 15 мая …")."""
    text = ("15 мая в Москве стартовало бесплатное тестирование на антитела к коронавирусу. Напомним, в "
            "декабре 2019 года в китайском городе Ухань выявили новый коронавирус.")
    assert [m.value for m in resolve_dates(text, None, 2019)] == ["2020-05-15", "2019-12"]
    told = "В мае 2019 года завод закрыли. 15 мая рабочие вышли на митинг. В декабре 2019 года его продали."
    assert [m.value for m in resolve_dates(told, None, 2019)] == ["2019-05", "2019-05-15", "2019-12"]
    plan = "15 мая подписали закон. Он вступит в силу в декабре 2019 года."  # a future day sets no floor
    assert [m.value for m in resolve_dates(plan, None, 2019)] == ["2019-05-15", "2019-12"]


@pytest.mark.parametrize("text, expected", [
    # "накануне" with what it is the eve of names no day (NEREL and factRuEval: 16 of 16 so read, right)
    ("Накануне подписания контракта, 22 июня, глава агентства побывал на заводе.", [("22 июня", "2020-06-22")]),
    ("Накануне голосования в Конгрессе лидер фракции выступил с речью.", []),
    # the day before the writing day
    ("Накануне министр заявил о реформе.", [("Накануне", "2020-05-19")]),
    ("Накануне дороги были обработаны реагентами.", [("Накануне", "2020-05-19")]),
])
def test_the_eve_of_a_happening_is_no_day_before_the_writing_day(text, expected):
    assert [(m.text, m.value) for m in resolve_dates(text, date(2020, 5, 20))] == expected


def test_a_month_of_another_year_beside_a_later_year_told_does_not_date_the_story():
    from svodka.brief import in_story_year
    from svodka.enrich import enrich
    from svodka.enrich.redate import story_year
    from svodka.model import Article

    def make(id, title, text, language="ru"):
        return enrich(Article(id=id, source=id, title=title, paragraphs=(text,), language=language))

    # an undated check-up report: its only month with a year is a weight of 2016; it also names a
    # later year ("a very busy 2020"), so 2016 is background and "Feb. 8" is of no year it can tell
    checkup = make("en", "Trump having tests as part of medical checkup",
                   "President Trump was at Walter Reed on Saturday for medical tests. He was \u201canticipating a very "
                   "busy 2020\u201d. He spent four hours there on Feb. 8 for his last checkup, and weighed 243 pounds, "
                   "compared with 236 pounds in September 2016 before he became President.", "en")
    assert story_year([checkup]) is None
    (placed,) = in_story_year((checkup,))
    assert {m.value for m in placed.dates if m.text == "Feb. 8"} == {"XXXX-02-08"}
    # a later year in a past clause does the same ("В 2019 году … снизились" beside "октября 2018 года")
    timber = make("ru", "В 2019 году в Коми снизились объемы продаж древесины",
                  "Запасы древесины, заготовленной с октября 2018 года, не вывезены. На 1 октября продано 577 тыс. "
                  "кубометров.")
    assert story_year([timber]) is None
    # a later year of a plan does not: "запустят в январе 2020 года" beside "2 декабря 2019 года"
    cinema = make("ru2", "Кинотеатр «Соловей» закроется",
                  "Закрытие киноцентра запланировано на 2 декабря 2019 года. Программу запустят в январе 2020 года.")
    assert story_year([cinema]) == 2019


@pytest.mark.parametrize("sentence, ahead, only_ahead", [
    ("Официальный представитель МИД России Мария Захарова сообщила, что разговор может состояться в начале февраля.",
     True, False),
    ("Телефонные переговоры Лаврова и Блинкена пройдут 1 февраля.", True, True),
    ("Белгородцы отметят Крещение в ночь с 18 на 19 января.", True, True),
    ("Лавров во вторник, 1 февраля, провёл телефонный разговор с Блинкеном.", False, False),
    ("The match was originally scheduled to be played in October.", False, False),
    ("The two ministers will speak by phone on Tuesday.", True, True),
])
def test_a_sentence_telling_what_is_to_come(sentence, ahead, only_ahead):
    """`foretells`: something to come in any clause (a summary drops it where the happening is told);
    `foretold`: only that (a timeline's plan line)."""
    assert foretells(sentence) is ahead
    assert foretold(sentence) is only_ahead
