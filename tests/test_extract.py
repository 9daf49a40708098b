"""Extraction on dumps: every line's decision is checked, written as data."""

import gzip

import pytest

from svodka.errors import Rejected
from svodka.extract import classify_dump, extract_article
from svodka.extract.html import extract_html, html_to_text, render_html, without_site
from svodka.extract.lines import is_caption, wire_dateline
from svodka.extract.meta import parse_dateline
from svodka.model import Page

from conftest import EXAMPLES, SHARED

# Gold for ../shared/samples, written by hand from reading each page: the line numbers of the
# title, lead and body paragraphs. Every other non-empty line is boilerplate (menus, captions,
# related cards, tags, video errors, feeds of other headlines, tickers, ads, other posts' dates).
SAMPLE_GOLD = {
    "000_77cf30c681e9f4c0.txt": {"title": 3, "kept": [5, 7, 9, 11, 13, 15], "category": "Политика"},
    # RBC prints its headline (5) over a subheadline saying the same (7): either is the title
    "001_01e8daefee0e15b8.txt": {"title": 5, "kept": [7, 8, 12, 14, 16, 18, 24, 26, 28], "category": "Политика",
                                 "subheadline": 7},
    "002_c352e78ea18c01c1.txt": {"title": 5, "kept": [10, 12, 14, 20, 22, 24], "category": "Военная операция на Украине"},
}


@pytest.mark.parametrize("name", sorted(SAMPLE_GOLD))
def test_shared_samples_keep_every_body_line_and_drop_all_boilerplate(samples, name):
    gold = SAMPLE_GOLD[name]
    result = classify_dump((samples / name).read_text(encoding="utf-8"))
    headlines = {gold["title"], gold.get("subheadline")}
    kept = [d.number for d in result.decisions if d.label in ("lead", "body") and d.number not in headlines]
    titles = [d.number for d in result.decisions if d.label == "title"]
    assert len(titles) == 1 and titles[0] in headlines
    assert kept == [n for n in gold["kept"] if n not in headlines]
    assert result.category == gold["category"]


def test_extraction_gold_for_samples_agrees_with_the_eval(samples):
    from eval.extraction import SAMPLE_GOLD_LINES, bow_prf, load_samples, svodka_dump

    assert SAMPLE_GOLD_LINES == {k: sorted([v["title"], *v["kept"]]) for k, v in SAMPLE_GOLD.items()}
    for _, raw, gold in load_samples():
        assert bow_prf(svodka_dump(raw), gold)[2] >= 0.97


DUMP = """Перейти к основному контенту
Новости
Политика ,
Мэр открыл новый мост через реку Озёрку
12 марта 2024, 10:15
Мэр Андрей Соколов открыл новый мост через реку Озёрку после двух лет строительства.
Андрей Соколов
Андрей Соколов (Фото: пресс-служба)
Мост длиной 420 метров соединил два района города и сократит путь до центра на 20 минут.
В городе закрыли старый рынок
Общество
Иван Петров
«Мы обещали открыть мост к весне и сдержали слово», — сказал Соколов.
Автор: Ирина Петрова
Теги
Лента новостей
Курс доллара на 13 марта
USD ЦБ: 91,20 (+0,15)
Инвестиции, 17:44
В области выпал снег Общество, 18:56
"""


def test_dump_with_inline_card_caption_feed_and_ticker():
    r = classify_dump(DUMP)
    assert r.title == "Мэр открыл новый мост через реку Озёрку"
    assert r.published == "2024-03-12"
    assert r.category == "Политика" and r.author == "Ирина Петрова"
    assert [p[:20] for p in r.paragraphs] == ["Мэр Андрей Соколов о", "Мост длиной 420 метр", "«Мы обещали открыть "]
    labels = {d.text: d.label for d in r.decisions}
    for line in ("В городе закрыли старый рынок", "Иван Петров", "Андрей Соколов (Фото: пресс-служба)",
                 "USD ЦБ: 91,20 (+0,15)", "В области выпал снег Общество, 18:56", "Теги"):
        assert labels[line] == "boilerplate", line
    assert labels["12 марта 2024, 10:15"] == "dateline"


def _wrap(text: str, width: int = 72) -> list[str]:
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    return lines + [cur]


def test_hard_wrapped_dump_is_unwrapped_into_paragraphs():
    paras = ["Мост длиной 420 метров соединил два района города и сократит путь до центра на "
             "двадцать минут, сообщили в администрации. Строительство заняло два года и обошлось "
             "городу в полтора миллиарда рублей, из которых половину выделил регион.",
             "Движение по мосту откроют в субботу утром, после того как комиссия примет работы. "
             "Мэр Андрей Соколов пообещал, что к лету на набережной у моста появятся новый сквер, "
             "велосипедные дорожки и остановка городского автобуса."]
    dump = "Мэр открыл новый мост через реку Озёрку\n\n" + "\n\n".join("\n".join(_wrap(p)) for p in paras) + "\n"
    assert classify_dump(dump).paragraphs == tuple(paras)


def test_page_with_only_menus_is_rejected():
    page = Page(id="menu", source="menu.txt", raw="Главная\nНовости\nСпорт\nПоиск\n", kind="text")
    with pytest.raises(Rejected) as info:
        extract_article(page)
    assert info.value.reason == "no-text"


def test_russian_html_page_via_the_dump_classifier_with_metadata():
    raw = (EXAMPLES / "teploset" / "04_gazeta-oz.html").read_text(encoding="utf-8")
    assert extract_html(raw).method == "dump"
    a = extract_article(Page(id="g", source="g.html", raw=raw, kind="html"))
    assert a.title == "Прокуратура проверит причины аварии на теплотрассе в Верхнеозёрске"
    assert a.published == "2024-01-19"
    assert a.language == "ru"
    assert any(p.startswith("Прокуроры проверят") for p in a.paragraphs)
    assert not any("Читайте также" in p or "console.log" in p or "Главная" in p for p in a.paragraphs)


def test_html_to_text_puts_blocks_on_lines_and_drops_scripts():
    text = html_to_text("<div><h1>Заголовок</h1><p>Абзац один.</p><script>alert(1)</script><p>Абзац два.</p></div>")
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    assert lines == ["Заголовок", "Абзац один.", "Абзац два."]


def test_jsonl_title_only_item_is_an_article():
    page = Page(id="t", source="f.jsonl:1", raw="", kind="text", title="Bank of Nordland hikes key rate by half a point")
    a = extract_article(page)
    assert a.title.startswith("Bank of Nordland") and a.paragraphs == () and a.language == "en"


PROMO = "Подписывайтесь на наш канал в мессенджере, чтобы первыми узнавать главные новости города."


def site_page(n: int, body: list[str]) -> str:
    return "\n".join(["Вести Озёрска", "Новости", f"Мэр открыл новый объект номер {n} в городе Озёрске", "",
                      *body, PROMO, "Читайте также", "Теги"])


def test_site_memory_drops_recurring_lines_whatever_their_shape():
    from svodka.extract.dump import line_key

    body = ["Мэр Андрей Соколов открыл новый мост через реку после двух лет строительства.", "Да.",
            "Мост длиной 420 метров соединил два района города."]
    alone = classify_dump(site_page(1, body))
    assert PROMO in alone.paragraphs  # a sentence like any other, until the site's pages show it recurs
    remembered = classify_dump(site_page(1, body), template=frozenset({line_key(PROMO)}))
    assert PROMO not in remembered.paragraphs
    assert list(remembered.paragraphs) == body  # the short "Да." stays: shortness alone removes nothing
    reasons = {d.text: d.reason for d in remembered.decisions}
    assert reasons[PROMO] == "recurs on other pages of this site"


def test_html_to_text_collapses_source_line_breaks_like_a_browser():
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>Опрос провели\n   исследователи\n'
            'из Гарварда.</p><pre>строка 1\nстрока 2</pre></body></html>')
    lines = [l for l in html_to_text(page).splitlines() if l]
    assert lines == ["Опрос провели исследователи из Гарварда.", "строка 1", "строка 2"]


REGIONS = ("Алтайский край Амурская область Архангельская область Астраханская область Белгородская область "
           "Брянская область Владимирская область Волгоградская область Вологодская область Воронежская область "
           "Ивановская область Иркутская область Калининградская область Калужская область Камчатский край")


def test_a_long_list_without_function_words_is_not_the_body():
    dump = "\n".join([
        "Выберите регион", REGIONS, "",
        "В Липецке открылся центр помощи бездомным животным",
        "Центр на улице Гагарина принимает собак и кошек, которых нашли на улицах города.",
        "По словам волонтёров, за первую неделю в центр привезли уже двенадцать животных.",
    ])
    res = classify_dump(dump)
    assert res.title == "В Липецке открылся центр помощи бездомным животным"
    assert not any("Амурская область" in p for p in res.paragraphs)
    assert any(p.startswith("Центр на улице Гагарина") for p in res.paragraphs)


def test_html_to_text_keeps_a_blank_line_in_source_text_as_a_break():
    text = html_to_text("<div>Служба поддержки отвечает на вопросы.\n\n  Телефон: 8 800 000-00-00</div>")
    assert [l for l in text.splitlines() if l] == ["Служба поддержки отвечает на вопросы.", "Телефон: 8 800 000-00-00"]


def test_a_feed_run_together_on_one_line_is_not_the_body_but_a_schedule_sentence_is():
    feed = ("18:52 Президент принял делегацию во главе с губернатором Измира18:44 Музыка Кара Караева прозвучала "
            "в Париже18:31 В Баку пройдет конференция ЮНЕСКО в сфере образования18:20 Тарифный совет повысил тарифы")
    dump = "\n".join([
        "Ярмарка выходного дня откроется в Верхнеозёрске",
        "Ярмарка будет работать по субботам на площади у Дома культуры, сообщили в администрации города.",
        "Фермеры начнут торговлю в 08:00, концерт начнётся в 12:30, а розыгрыш призов пройдёт в 15:00.",
        "", feed,
    ])
    res = classify_dump(dump)
    assert res.title == "Ярмарка выходного дня откроется в Верхнеозёрске"
    assert any(p.startswith("Фермеры начнут") for p in res.paragraphs)
    assert not any("Караева" in p for p in res.paragraphs)


def test_a_long_teaser_after_a_headline_does_not_join_the_body_on_two_chance_words():
    dump = "\n\n".join([
        "Натуральное молоко поможет отказаться от курения",
        "Учёные выяснили, что натуральное молоко помогает избавиться от привычки курить у взрослых людей.",
        "По выводам исследователей, молоко выводит из организма токсины и даёт силы на восстановление.",
        "Исследование проводилось в течение двух лет на добровольцах из нескольких городов страны.",
        "//Политика",
        "Пятая государственная дума отголосовалась",
        "Депутаты пятого думского созыва завершили свою работу в течение осенней сессии: вчерашнее финальное "
        "заседание увенчалось торжественным звучанием гимна, председатель поблагодарил коллег за законопроекты, "
        "принятые в нескольких чтениях, и фракции подвели итоги созыва.",
    ])
    res = classify_dump(dump)
    assert res.title == "Натуральное молоко поможет отказаться от курения"
    assert len(res.paragraphs) == 3 and not any("Депутаты" in p for p in res.paragraphs)


def test_a_long_notice_after_the_comments_marker_is_not_the_body_though_the_menu_names_it_too():
    notice = ("При воспроизведении или цитировании статей, опубликованных на портале, гиперссылка на портал "
              "обязательна; материалы с пометкой «Реклама» публикуются на правах рекламы, а мнение авторов может "
              "не совпадать с позицией редакции, которая не несёт ответственности за содержание комментариев "
              "читателей, оставленных на страницах портала, и оставляет за собой право удалять их без объяснения.")
    dump = "\n\n".join([
        "Новости", "Комментарии", "Дневник эмигранта: хорошо ли там, где нас нет?",
        "Распускать сплетни оказалось полезно для здоровья",
        "Опрос исследователей Гарвардского университета показал, что большинство людей любит слушать сплетни.",
        "По словам психологов, обсуждение знакомых помогает людям снять стресс и чувствовать себя увереннее.",
        "Комментарии", notice,
    ])
    res = classify_dump(dump)
    assert res.title == "Распускать сплетни оказалось полезно для здоровья"
    assert [p[:10] for p in res.paragraphs] == ["Опрос иссл", "По словам "]


def test_a_short_headline_lends_a_block_little_title_affinity():
    """A footer under "Газета «Комсомольская правда»" shares both long words of that headline;
    a short headline must not weigh like a full title over the article's block."""
    from svodka.extract.dump import TITLE_MIN_STEMS, _long_stems, _title_affinity

    footer = "Учредитель: ЗАО «Издательский дом «Комсомольская правда», свидетельство о регистрации СМИ."
    items = [(1, "Газета «Комсомольская правда»"), (2, footer)]
    assert _title_affinity(items, 1, _long_stems(footer)) == 2 / TITLE_MIN_STEMS
    title = "Тарифы на тепловую энергию в Верхнеозёрске вырастут с первого июля"
    body = "Тарифы на тепловую энергию в Верхнеозёрске вырастут с первого июля на девять процентов."
    assert _title_affinity([(1, title), (2, body)], 1, _long_stems(body)) == 1.0


def test_markup_printed_as_text_is_not_the_body():
    code = ('<a href="http://ads.example.net/cgi-bin/href/234?1222" target="_top"><img src="http://ads.example.net/'
            'cgi-bin/banner/234?1222" alt="Реклама на сайте, подробнее по ссылке." width="240" height="400"></a>')
    dump = "\n\n".join([
        "Прокуратура проверит причины аварии на теплотрассе",
        "Прокуратура Верхнеозёрска начала проверку после аварии на теплотрассе на улице Строителей.",
        "Прокуроры проверят, как выполнялась программа замены изношенных труб в прошлом году.",
        code, code, code,
    ])
    res = classify_dump(dump)
    assert res.title == "Прокуратура проверит причины аварии на теплотрассе"
    assert len(res.paragraphs) == 2 and not any("href" in p for p in res.paragraphs)


def test_a_hidden_copy_of_the_body_is_dropped_but_short_repeats_stay():
    p1 = "Американские диетологи составили список из десяти самых полезных продуктов для человека."
    p2 = "Второе место занял сладкий перец, богатый витаминами и фолиевой кислотой, третье досталось ягодам."
    dump = "\n\n".join(["Американцы признали помидор самым полезным продуктом", p1, "Да.", p2, "Да.", p1, p2])
    res = classify_dump(dump)
    assert res.paragraphs == (p1, "Да.", p2, "Да.")


def test_comment_notices_are_dropped_but_a_quote_about_comments_stays():
    quote = "«Вы можете не ждать нашего комментария до понедельника», — сказал представитель компании."
    report = ("Вашингтон передал свои ответы по поставкам 26 января. Глава службы, комментируя полученные ответы, "
              "сообщил, что новых ограничений не будет.")
    dump = "\n\n".join([
        "В куриных субпродуктах обнаружили сальмонеллу",
        "Ветеринарная служба обнаружила возбудитель сальмонеллеза в субпродуктах птицы одного из заводов.",
        quote,
        report,
        "Свой комментарий Вы можете написать в форме ниже.",
        "Помните, что комментарии модерируются и ваш комментарий может быть удален без объяснения причин.",
    ])
    res = classify_dump(dump)
    assert res.paragraphs == ("Ветеринарная служба обнаружила возбудитель сальмонеллеза в субпродуктах птицы "
                              "одного из заводов.", quote, report)


def test_a_question_opening_the_prose_is_its_title():
    dump = "\n\n".join([
        "//Здоровье",
        "Жевательная резинка избавит от лишнего веса?",
        "26 ноября 2011, 20:52",
        "Одним из новых методов похудения без нагрузок и диет исследователи назвали жевательную резинку после еды.",
        "Автором исследования стал профессор Сиракузского университета, который наблюдал за добровольцами год.",
    ])
    res = classify_dump(dump)
    assert res.title == "Жевательная резинка избавит от лишнего веса?"
    assert [p[:12] for p in res.paragraphs] == ["Одним из нов", "Автором иссл"]


def test_a_text_browser_image_placeholder_is_not_part_of_a_paragraph():
    dump = "\n\n".join([
        "[logo.gif]",
        "В Днепропетровске впервые в Украине сделали сложную операцию на сердце",
        "[spacer.gif] В областной клинической больнице впервые в Украине провели сложную операцию на сердце.",
        "По словам медицинского персонала, прооперированная пациентка сейчас в хорошем состоянии.",
    ])
    res = classify_dump(dump)
    assert res.paragraphs[0].startswith("В областной клинической больнице") and len(res.paragraphs) == 2


def test_a_paragraph_wrapped_by_hand_in_the_source_is_one_paragraph_but_a_menu_is_not_joined():
    dump = "\n".join([
        "власть", "деньги", "стиль жизни", "",
        "Хирург признал свою ошибку после операции в Лондоне",
        "",
        "Адам Картер, так зовут хирурга, который проводил операцию, признал",
        "свою ошибку и согласился, что смерть женщины наступила по его вине.",
        "Дело в том, что Картер позволил практиканту, который прежде не проводил",
        "подобные операции, удалить женщине больной орган.",
    ])
    res = classify_dump(dump)
    assert res.title == "Хирург признал свою ошибку после операции в Лондоне"
    assert res.paragraphs == (
        "Адам Картер, так зовут хирурга, который проводил операцию, признал свою ошибку и согласился, что смерть "
        "женщины наступила по его вине.",
        "Дело в том, что Картер позволил практиканту, который прежде не проводил подобные операции, удалить "
        "женщине больной орган.")
    assert [d.text for d in res.decisions if d.label == "boilerplate"] == ["власть", "деньги", "стиль жизни"]


ENGLISH_PAGE = """<html lang="en"><head><title>Council approves new bridge | Lakeside Herald</title>
<meta property="og:title" content="Council approves new bridge over the Lake river"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council approves new bridge over the Lake river</h1>
<p>The city council on Tuesday approved the construction of a new bridge over the Lake river, ending a
debate that has lasted for more than three years, the mayor's office said in a statement.</p>
<p>The bridge, 420 metres long, will link the northern districts with the city centre and is expected
to cut the average commute by twenty minutes once it opens to traffic in two years.</p>
<p>Mayor Anna Smith said the city would ask the regional government to share the cost of the project,
which engineers estimate at about 90 million dollars.</p></article>
<aside><h3>Related</h3><ul><li><a href="/1">New ice rink opens downtown</a></li></ul></aside>
</body></html>"""


def test_english_html_page_goes_to_trafilatura_and_russian_falls_back_to_it_without_prose():
    res = extract_html(ENGLISH_PAGE)
    assert res.method == "trafilatura"
    assert res.paragraphs[0].startswith("The city council on Tuesday approved")
    assert not any("ice rink" in p for p in res.paragraphs)
    # a Russian page whose text the dump classifier cannot find (one short line) still gets
    # trafilatura's reading
    short = "<html><body><article><p>Прокуратура начала проверку после аварии на теплотрассе.</p></article></body></html>"
    assert extract_html(short).paragraphs == ("Прокуратура начала проверку после аварии на теплотрассе.",)


def test_render_marks_lines_of_link_text_and_skips_the_head():
    page = ("<html><head><title>Заголовок — Сайт</title></head><body>"
            "<div><a href='/'>Главная</a> <a href='/news'>Новости</a></div>"
            "<p>В Озёрске открыли мост, сообщает <a href='/src'>администрация</a> города.</p>"
            "<ul><li><a href='/2'>Синоптики обещают потепление в выходные дни по всей области</a> 18:56</li></ul>"
            "</body></html>")
    rendered = render_html(page)
    lines = rendered.text.split("\n")
    assert "Заголовок — Сайт" not in rendered.text  # <head> is not shown by a browser
    assert {lines[n - 1] for n in rendered.links} == {
        "Главная Новости", "Синоптики обещают потепление в выходные дни по всей области 18:56"}
    assert rendered.text == html_to_text(page)


def dump_of(*lines: str) -> str:
    """A text dump with the given lines, a blank line between them."""
    return "\n\n".join(lines) + "\n"


FEED_OF_LINKS = [
    "Жители Озёрска пожаловались на плохую уборку снега во дворах и на остановках общественного транспорта.",
    "Областные власти пообещали выделить деньги на ремонт дорог в малых городах региона уже в этом году.",
]


def test_lines_of_link_text_are_never_the_body():
    body = ["Прокуратура Верхнеозёрска начала проверку после аварии на теплотрассе, из-за которой без "
            "отопления остались 120 домов.",
            "Прокуроры проверят, как компания выполняла программу замены изношенных труб, сообщили в ведомстве."]
    dump = dump_of("Прокуратура проверит причины аварии на теплотрассе", *body, *FEED_OF_LINKS)
    links = frozenset({7, 9})  # the feed's lines, as render_html reports them
    assert set(FEED_OF_LINKS) <= set(classify_dump(dump).paragraphs)  # prose-shaped: plain text cannot tell
    res = classify_dump(dump, links=links)
    assert list(res.paragraphs) == body
    assert {d.reason for d in res.decisions if d.text in FEED_OF_LINKS} == {"a link (menu, headline feed or related card)"}


def test_the_body_goes_on_past_a_sharing_box_but_not_past_comments():
    first = ["Cells with taste receptors sometimes develop inside the lungs of animals after an infection, "
             "immunologists at the University of Pennsylvania reported this week.",
             "The receptors, first found on the tongue, seem to monitor the state of the tissue and call "
             "immune cells when parasites or their metabolites appear."]
    rest = ["Researchers around the world are tracing how the receptors of taste and smell came to serve "
            "the immune system in the lungs, the gut and the kidneys.",
            "In mice, tuft cells carrying the receptors multiplied eighteen times after an infection with "
            "parasites, and the immune response followed within days."]
    page = dump_of("Cells that taste danger set off immune responses", *first,
                   "Share this article", "Copied!", "Newsletter", *rest)
    assert list(classify_dump(page).paragraphs) == first + rest
    commented = page.replace("Share this article", "Comments")
    assert list(classify_dump(commented).paragraphs) == first


def test_a_feed_of_teasers_each_under_its_headline_loses_to_a_shorter_article():
    article = ["Использование столовой посуды красного цвета снизит потребление еды на 40 процентов, к такому "
               "выводу пришли немецкие и швейцарские учёные в ходе исследования.",
               "По мнению учёных, красный цвет ассоциируется у человека с опасностью и подсознательно "
               "помогает любителям поесть избегать переедания.",
               "В эксперименте участвовали студенты, которые пили из красных и синих чашек: те, кто пил из "
               "красных чашек, выпили на 44 процента меньше, пишет сайт Медвести."]
    teasers = []
    for n, region in enumerate(["Москве", "Петербурге", "Казани", "Самаре", "Перми"]):
        teasers += ["//Политика", f"Выборы президента: кандидаты в {region} собирают подписи",
                    f"Накануне выборов президента кандидаты и их сторонники в {region} собирают подписи "
                    f"избирателей, а избирательная комиссия проверяет подписные листы кандидатов и "
                    f"партий уже {n + 2} неделю подряд, сообщают наблюдатели."]
    dump = dump_of("Учёные: посуда красного цвета поможет похудеть", *article, *teasers)
    res = classify_dump(dump)
    assert res.title == "Учёные: посуда красного цвета поможет похудеть"
    assert list(res.paragraphs) == article


def test_a_feed_entry_opening_with_its_time_is_not_the_body():
    article = ["В Петербурге задержан мужчина, который открыл огонь в поликлинике, куда его привезли на машине "
               "скорой помощи, пишут городские СМИ.",
               "По словам персонала, мужчина приехал в отделение на машине скорой помощи и устроил беспорядочную "
               "стрельбу; его обезоружили врач и фельдшер."]
    feed = []
    for time, head, lead in [
            ("08:42", "КНДР вывела на боевые позиции несколько новых ракет",
             "К северу от портового города Вонсан КНДР установила на боевые позиции еще несколько ракет."),
            ("08:29", "СМИ: Глава британского МИД призвал защищать женщин на войне",
             "Министр иностранных дел рассказал о готовящемся документе по защите женщин в ходе конфликтов."),
            ("08:25", "Прокуратура флота выявила воровство на строительстве дороги",
             "Проверка военных прокуроров выявила необоснованное перечисление денег на благоустройство дороги.")]:
        feed.append(f"[favicon.ico] {time} {head} {lead}")  # a text browser joined headline and lead
    dump = dump_of("Водитель скорой устроил стрельбу в петербургской поликлинике", *article, *feed)
    res = classify_dump(dump)
    assert list(res.paragraphs) == article
    assert {d.reason for d in res.decisions if "КНДР" in d.text} == {"after the article"}


def test_a_print_copy_with_other_paragraph_breaks_is_dropped_but_a_teasers_full_paragraph_is_kept():
    first = "После опроса выяснилось, что мужчины лучшим средством от депрессии считают футбол. Так ответили 62 % опрошенных."
    second = "Представители сильного пола считают, что футбол поднимает настроение. Женщины назвали шоппинг."
    copy = first + " " + second  # the print version under the article, its paragraphs run together
    dump = dump_of("Футбол признали лучшим средством от депрессии для мужчин", first, second, "Версия для печати", copy)
    res = classify_dump(dump)
    assert list(res.paragraphs) == [first, second]
    assert {d.reason for d in res.decisions if d.text == copy} == {"repeats a paragraph above (a hidden copy of the article)"}
    teaser = "Врачи центра хирургии освоили методики, которые позволяют помочь беременным женщинам,... Подробнее »"
    full = ("Врачи центра хирургии освоили методики, которые позволяют помочь беременным женщинам, у которых "
            "будущий ребёнок болен. Операции проводят ещё до рождения.")
    dump = dump_of("Врачи освоили операции на сердце до рождения ребёнка", teaser, full,
                   "Об этом рассказали в центре хирургии, где за год провели сорок таких операций.")
    assert full in classify_dump(dump).paragraphs


def test_a_breadcrumb_sharing_a_word_with_the_body_is_not_the_title():
    body = ["Вооружённые мужчины ворвались в церковь в Нигерии во время службы и открыли огонь по прихожанам, "
            "шесть человек погибли.",
            "Как рассказал журналистам пастор церкви, нападение произошло вечером, боевики скрылись."]
    dump = dump_of("RSS / Самые главные новости / Важные новости / Все новости / В мире / Африка / Нигерия / Боевики",
                   "В Нигерии боевики открыли огонь в церкви: шесть прихожан убиты", *body)
    res = classify_dump(dump)
    assert res.title == "В Нигерии боевики открыли огонь в церкви: шесть прихожан убиты"
    assert list(res.paragraphs) == body


def test_a_call_to_follow_the_outlet_is_not_the_body_but_news_about_twitter_is():
    body = ["Опрос исследователей Гарвардского университета показал, что сплетни снижают уровень стресса у "
            "большинства участников.",
            "Президент компании написал в Twitter, что следить за результатами опроса можно на сайте университета."]
    promo = "Читайте новости Comments.UA в социальных сетях facebook и twitter."
    dump = dump_of("Сплетни помогают снять стресс, выяснили учёные", body[0], promo, body[1])
    res = classify_dump(dump)
    assert list(res.paragraphs) == body


def test_a_list_in_lower_case_inside_the_body_neither_ends_it_nor_is_dropped():
    before = ["Диета Аткинса состоит из двух фаз: в первую, которая длится две недели, углеводы почти исключены.",
              "На протяжении первых двух недель углеводов должно быть не больше двадцати граммов в сутки."]
    items = ["любая рыба (и морская, и речная)", "любая птица (включая дичь)", "любые морепродукты",
             "яйца в любом виде", "твёрдый сыр", "все овощи, которые едят сырыми", "свежие грибы"]
    after = ["Во второй фазе норма углеводов растёт до сорока граммов в сутки, и к ней привыкают легко.",
             "Диета не сбалансирована, поэтому перед ней советуют поговорить с врачом."]
    dump = dump_of("Диета Аткинса: потеря веса до десяти килограммов за две недели", *before,
                   "Список продуктов, разрешённых в первой фазе:", *items, *after)
    res = classify_dump(dump)
    assert list(res.paragraphs) == before + ["Список продуктов, разрешённых в первой фазе:"] + items + after


# A lynx dump: paragraphs indented three spaces, the headline at the left edge; between the
# headline and the body, the headline again and the photo captions a browser shows on the
# pictures (each says again a sentence of the body); under it, a "like" frame printed as its address.
LYNX_PAGE = """   #RSS / Главные новости / Все новости / В мире / Африка / Нигерия / Боевики home

   Новости в мире: боевики напали на церковь в Нигерии

В Нигерии боевики открыли огонь в церкви: шесть прихожан убиты

   время публикации: 6 января 2012 г., 11:46

          В Нигерии боевики открыли огонь в церкви: шесть прихожан убиты

   Волна жестокости захлестнула Нигерию после выборов президента

   Вооруженные мужчины ворвались в церковь в Нигерии во время службы и
   открыли огонь по прихожанам, по меньшей мере шесть человек погибли.

   Как рассказал журналистам пастор церкви, нападение произошло вечером.
   Волна жестокости захлестнула Нигерию после выборов президента, победу
   на которых одержал Джонатан Гудлак.
   Версия для печати

   IFRAME:
   //www.facebook.com/plugins/like.php?href=http%3A%2F%2Fnews.example%2
   F2012%2F01%2F06%2Fnigeria%2F&send=false&layout=standard&width=430&show
   _faces=false&action=like&colorscheme=light&font=arial&height=35

   Поделиться
"""


def test_a_lynx_headline_at_the_left_edge_is_the_title_and_no_line_above_it_no_caption_echo_no_title_repeat_is_a_lead():
    res = classify_dump(LYNX_PAGE)
    assert res.title == "В Нигерии боевики открыли огонь в церкви: шесть прихожан убиты"
    echo = next(d for d in res.decisions if d.text == "Волна жестокости захлестнула Нигерию после выборов президента")
    assert echo.label == "boilerplate"
    assert [p[:20] for p in res.paragraphs] == ["Вооруженные мужчины ", "Как рассказал журнал"]  # no line above the title
    reasons = [d.reason for d in res.decisions if d.text == res.title]
    assert reasons[0].startswith("the line the headline model rates highest (") and reasons[1:] == ["says the title again"]
    # the same lines without the margin: the headline still wins over the echo above it
    flat = classify_dump("\n".join(line.strip() for line in LYNX_PAGE.split("\n")))
    assert flat.title == res.title


def test_a_breadcrumb_ending_in_a_date_is_not_prose_nor_the_start_of_the_body():
    crumb = "NEWSru.com // Новости в мире // Четверг, 5 января 2012 г."
    title = "Серия взрывов в Ираке: 67 погибших, около 140 раненых"
    body = ["Четыре взрыва прогремели 5 января в Багдаде, их жертвами стали 29 человек, сообщает РИА Новости.",
            "По данным полиции, все взрывы произошли в шиитских районах иракской столицы."]
    res = classify_dump(dump_of("#RSS / Главные новости RSS / В мире RSS / Ближний Восток / Ирак",
                                crumb, "Архив Расширенный поиск ________________ начать поиск", title,
                                "время публикации: 5 января 2012 г., 10:28", *body))
    assert res.title == title
    assert list(res.paragraphs) == body
    assert [d.label for d in res.decisions if d.text == crumb] == ["boilerplate"]


def test_a_print_copy_is_dropped_though_its_address_wraps_and_a_repeat_may_lack_its_full_stop():
    first = ("Американские диетологи составили список из десяти самых полезных продуктов. "
             "На первом месте находится томат, в котором много антиоксидантов.")
    second = "Второе место занял сладкий перец, богатый витаминами С и В."
    # a text browser wraps the print version's address where the line ends
    copy = (first + " " + second + " http://tengrinews.kz/medicine/amerikantsyi-priznali-pomidor-pole "
            "znyim-v-mire-produktom-205272/")
    dump = dump_of("Американцы признали помидор самым полезным продуктом", first, second, "Версия для печати", copy)
    res = classify_dump(dump)
    assert list(res.paragraphs) == [first, second]
    # a caption above the body that repeats two sentences, the last without its full stop: said once
    caption = ("Обострение отношений между суннитами и шиитами вылилось в регулярные теракты с обеих сторон. "
               "Жертвами серии взрывов в Багдаде 22 декабря стали более 60 человек, около 200 получили ранения")
    opening = "Два взрыва прогремели в четверг в Багдаде, шесть человек погибли, около 20 получили ранения."
    closing = "Как считают наблюдатели, эскалация напряженности между суннитами и шиитами может привести к хаосу."
    res = classify_dump(dump_of("Серия взрывов в Ираке: 67 погибших", opening, caption, closing, caption + "."))
    assert list(res.paragraphs) == [opening, caption, closing]
    # a line that is only an address is not a copy of anything
    link = "http://www.example.com/2013/02/tomatoes.html"
    third = "Диетологи составили список по результатам исследований, томат и перец полезны для сердца."
    res = classify_dump(dump_of("Американцы признали помидор самым полезным продуктом", first, link, third))
    assert [d.reason for d in res.decisions if d.text == link] == ["list item inside the body (goes on in lower case)"]


def test_a_photo_credit_without_a_colon_does_not_hide_the_title_from_its_article():
    title = "Мощное средство для профилактики ВИЧ разработали ученые в США"
    article = [
        "Мощное средство для профилактики ВИЧ разработали ученые из Техасского университета вместе с коллегами "
        "из института Скриппса. Им удалось найти соединение, способное разрушать вирус до того, как он проникнет "
        "в клетки.",
        "Не исключено, что профилактический препарат против ВИЧ вскоре будет доступен для больных, пишет Medical Xpress.",
        "По словам авторов, соединение разрушает оболочку вируса, и тот теряет свой генетический материал прежде, "
        "чем сможет проникнуть в клетки человека. Испытания на животных начнутся в следующем году.",
    ]
    teasers = [("Игрок ЦСКА Ненад Крстич признан лучшим игроком ноября в Евролиге",
                "Сербский центровой ЦСКА Ненад Крстич стал лучшим игроком баскетбольной Евролиги в ноябре, сообщает "
                "официальный сайт турнира."),
               ("Официальный мяч чемпионата Европы-2012 будет называться «Танго-12»",
                "Официальный мяч чемпионата Европы по футболу 2012 года, созданный компанией Adidas, будет "
                "называться «Танго-12», сообщает официальный сайт турнира.")]
    lines = ["Верите ли вы, что выборы в России пройдут честно? Голосуйте в нашем опросе.", "Новости партнеров",
             title, "28 ноября 2011, 14:15", title, "Фото с scimedx.com", *article, "Читать далее"]
    for head, text in teasers:
        lines += [head, head, text]
    res = classify_dump(dump_of(*lines))
    assert list(res.paragraphs) == article
    assert res.title == title


def test_when_trafilatura_precision_keeps_only_a_notice_the_default_mode_gives_the_article():
    page = SHARED / "data" / "aeb-en" / "html" / "f8ff621a0b9b7646cc0d57d37416feabba2bf78ef5dd0bfc5b080f9f97bbe584.html.gz"
    if not page.is_file():
        pytest.skip(f"../shared/data/aeb-en is absent ({page}); the shared pages are not bundled")
    res = extract_html(gzip.open(page).read().decode("utf-8", errors="replace"))
    text = "\n".join(res.paragraphs)
    assert res.method == "trafilatura"
    assert "Home Depot (ticker: HD) reported" in text and len(text.split()) > 300


def test_a_horizontal_rule_ends_a_wrapped_paragraph_and_the_body_crosses_it_only_on_the_same_topic():
    title = "Эпидемию гриппа в Омске ожидают в феврале"
    paras = ["В начале февраля, по прогнозам врачей, омичам стоит опасаться сезонной смешанной эпидемии гриппа. "
             "Как сообщает пресс-служба Роспотребнадзора по региону, за неделю заболеваемость гриппом "
             "оставалась на неэпидемическом уровне.",
             "Врачи напоминают, что к группе повышенного риска заболевания гриппом и острыми респираторными "
             "инфекциями относятся больные с хронической патологией, дети и люди пожилого возраста."]
    rule = "   " + "_" * 66
    other = ("Банк России отозвал лицензию у московского коммерческого банка, который не выполнял требования "
             "законодательства о противодействии отмыванию доходов, сообщил регулятор в четверг.")
    same = ("Прививку от гриппа в Омске сделали уже больше половины жителей региона, сообщили в министерстве "
            "здравоохранения, заболеваемость гриппом ниже эпидемического порога.")

    def lynx(*blocks: str) -> str:  # paragraphs wrapped and indented, no blank line between them
        return "\n".join(["", title, ""] + ["   " + l for p in blocks for l in _wrap(p, 70)] + [rule]) + "\n"

    assert classify_dump(lynx(*paras)).paragraphs == tuple(paras)
    page = lynx(*paras) + "\n" + "\n".join("   " + l for l in _wrap(other, 70)) + "\n"
    assert classify_dump(page).paragraphs == tuple(paras)
    page = lynx(*paras) + "\n" + "\n".join("   " + l for l in _wrap(same, 70)) + "\n"
    assert classify_dump(page).paragraphs == (*paras, same)


def test_rights_notices_and_comment_rules_are_not_the_body_and_do_not_outweigh_a_short_article():
    title = "В Алтайском крае отремонтировали кардиодиспансер"
    article = [
        "В краевом кардиологическом диспансере завершен капремонт стоимостью 87 млн рублей, 17 января сообщает "
        "официальный сайт Алтайского края.",
        "На эти средства в лечебном учреждении капитально отремонтированы кардиохирургическое отделение, "
        "кардиологические отделения и отделение неотложной кардиологии.",
        "«Все права защищены», — шутят врачи о новом оборудовании, которое закупили в рамках программы "
        "модернизации здравоохранения региона.",
        "Все права на разработку принадлежат краевому центру, а использование его методики в других "
        "больницах допускается только по договору.",
    ]
    rights = ["При использовании материалов сайта ссылка (в Интернете - гиперссылка) на сайт \"Вестник\" обязательна, "
              "если не заявлено однозначно, что авторские права принадлежат третьим лицам.",
              "Фотографии, рисунки, карты, аудио- видеофрагменты и графика могут использоваться только при "
              "согласовании с администрацией сайта \"Вестник\"."]
    lines = ["Главная", "Новости", title, *article, "Оставить комментарий",
             "* Администрация сайта не несет ответственности за содержание сообщений, публикуемых в комментариях.",
             "Пожалуйста, не оставляйте оскорбительные комментарии и сообщения не по теме. Эти комментарии будут удалены.",
             "Комментарии нашего читателя: кардиолог",
             "Действительно, главврач многим насолил, даже великому хирургу, но ремонт сделан хорошо и вовремя.",
             "12:45 17-January-2012", *rights, "Архив", *rights]
    res = classify_dump(dump_of(*lines))
    assert list(res.paragraphs) == article
    assert res.title == title


def test_a_long_caption_ending_with_its_photo_credit_is_not_a_paragraph():
    title = "Jaguar Land Rover cuts output as unsold cars pile up"
    article = [
        "Jaguar Land Rover will cut production at two of its plants next month, the carmaker said on Tuesday, "
        "as sales of its sport-utility vehicles slowed in the United States and China.",
        "The company said the cuts were temporary and that no jobs would be lost. Dealers have reported rising "
        "stocks of unsold cars since the summer, and prices have been cut to move them.",
        "Analysts said the slowdown reflected weaker demand for diesel engines in Europe as well as trade "
        "tensions that have hit exports to China, where the brand had grown fast.",
    ]
    caption = ("In this Sunday, Nov. 17, 2019, photograph, a long row of unsold E-Pace sports-utility vehicles sits "
               "at a Jaguar dealership in Littleton, Colo. The company has said it will cut output at two plants "
               "next month. (AP Photo/David Zalubowski)")
    res = classify_dump(dump_of("Business", "Markets", title, "Published 9:15 AM EST Nov 19, 2019",
                                article[0], caption, *article[1:], "Related Coverage", "Sign up for our newsletter"))
    assert list(res.paragraphs) == article
    assert res.title == title


def test_the_body_goes_on_past_an_inline_related_articles_box_on_the_same_topic_only():
    title = "Bubonic plague: Third case of plague confirmed in China as health officials trace contacts"
    before = [
        "A third case of the plague has been reported in China, with health officials tracing the contacts "
        "of the patient in Inner Mongolia.",
        "Health authorities in Inner Mongolia have confirmed that a third instance of the plague was found in a "
        "man who had eaten wild rabbit meat, and 28 people who met him were put in quarantine.",
    ]
    after = [
        "However, the other 28 people who had contact with the patient have showed no signs or symptoms of the "
        "plague, the health authorities in Inner Mongolia said.",
        "The pneumonic plague is one of three diseases caused by the same bacterium, and the health officials "
        "said the risk of an outbreak in China was very low.",
    ]
    elsewhere = ("The Bank of England kept interest rates on hold on Thursday, with two members of its monetary "
                 "committee voting for a cut as the economy slowed.")
    res = classify_dump(dump_of(
        "News", "World", title, "By Sean Martin", "PUBLISHED: 00:01, Tue, Nov 19, 2019", *before,
        "Related articles", "Plague outbreak: China hit by highly contagious pneumonic plague",
        "Horror as plague of killer mosquitos are headed to Britain", *after,
        "Related articles", "Interest rates: what the decision means for your mortgage", elsewhere))
    assert list(res.paragraphs) == before + after


@pytest.mark.parametrize("line, day", [
    ("12 марта 2024, 10:15", "2024-03-12"),
    ("May 3rd, 2013 2:00pm EDT", "2013-05-03"),
    ("Posted August 2nd, 2013 at 5:19 pm", "2013-08-02"),
    ("Fri., May. 3, 2013 11:45 AM PDT", "2013-05-03"),
    ("PUBLISHED: THURSDAY, MAY 2, 2013", "2013-05-02"),
    ("21st July 2013 Last updated at 11:11 GMT", "2013-07-21"),
    ("Updated: 05.03.2013", "2013-03-05"),
    ("3rd round, 2013 season", None),
    ("May 32, 2013", None),
])
def test_dateline_forms(line, day):
    assert parse_dateline(line) == day


def test_english_dump_takes_its_date_from_an_ordinal_dateline():
    raw = ("Home | World | Business\n"
           "Lindsay Lohan checks into rehab at Betty Ford Center\n"
           "May 3rd, 2013 2:00pm EDT\n"
           "Actress Lindsay Lohan checked into the Betty Ford Center late on Thursday, her lawyer said, "
           "beginning a 90-day stay ordered by a court last month.\n"
           "The actress had left another facility in Newport Beach less than an hour after arriving there, "
           "according to people close to the case.\n")
    r = classify_dump(raw)
    assert r.title == "Lindsay Lohan checks into rehab at Betty Ford Center"
    assert r.published == "2013-05-03"


def test_a_russian_html_title_the_classifier_missed_is_marked_from_the_pages_own_title():
    # the headline ends with a full stop, so on its own the classifier reads it as a line above
    # the article; the page's <title> names it, and --explain must show it as the title
    html = """<html><head><title>В Алтайском крае отремонтировали кардиодиспансер.</title></head><body>
<ul><li><a href="/">Главная</a></li><li><a href="/news">Новости</a></li><li><a href="/reg">Регионы</a></li></ul>
<p>В Алтайском крае отремонтировали кардиодиспансер.</p>
<p>В краевом кардиологическом диспансере завершен капитальный ремонт стоимостью 87 миллионов рублей, сообщили в управлении здравоохранения края.</p>
<p>На эти средства в лечебном учреждении капитально отремонтированы кардиохирургическое отделение, операционный блок и палаты для пациентов.</p>
<p>Финансирование ремонта осуществлялось из федерального и краевого бюджетов в рамках программы модернизации здравоохранения.</p>
<ul><li><a href="/a">Другие новости региона</a></li></ul>
</body></html>"""
    res = extract_html(html)
    assert res.method == "dump" and res.title == "В Алтайском крае отремонтировали кардиодиспансер."
    labels = {d.text: d.label for d in res.decisions}
    assert labels["В Алтайском крае отремонтировали кардиодиспансер."] == "title"
    assert len(res.paragraphs) == 3 and res.paragraphs[0].startswith("В краевом кардиологическом")


def test_a_russian_html_page_is_titled_by_the_headline_it_states_not_by_a_caption_or_a_standfirst():
    """Above the body a caption, the <h1> headline, a toolbar and a standfirst: the classifier alone
    titles the page by the caption or the standfirst; the page's <h1>, which its <title> holds before
    the rubric and the site, is its headline. A logo's <h1> states nothing; a <title> cut by " - "
    inside its headline is found as a run of its parts."""
    body = ("<p>Городская больница получила новый аппарат магнитно-резонансной томографии, сообщили в "
            "управлении здравоохранения области.</p>"
            "<p>Аппарат стоимостью 90 миллионов рублей позволит обследовать до сорока пациентов в сутки, "
            "а очередь на томографию сократится с месяца до недели.</p>"
            "<p>Первые пациенты пройдут обследование на новом аппарате уже в понедельник, уточнили в больнице.</p>")
    html = f"""<html><head><title>В больнице Заречска появился новый томограф | Здоровье | Вести Заречска</title></head>
<body><h1><a href="/">Вести Заречска</a></h1>
<div class="photo"><img src="t.jpg"> Новый томограф в приёмном отделении. Фото пресс-службы больницы</div>
<h1>В больнице Заречска появился новый томограф</h1>
<div>Версия для печати</div><div>Отправить по почте</div>
<p class="lead">Больница Заречска первой в области получила томограф нового поколения</p>
{body}</body></html>"""
    res = extract_html(html)
    assert res.method == "dump" and res.title == "В больнице Заречска появился новый томограф"
    assert res.paragraphs[-1].startswith("Первые пациенты")
    cut = html.replace("<title>В больнице Заречска появился новый томограф | Здоровье",
                       "<title>В Заречске новый томограф - первый в области | Здоровье")
    cut = cut.replace("<h1>В больнице Заречска появился новый томограф</h1>", "<h2>В Заречске новый томограф - первый в области</h2>")
    assert extract_html(cut).title == "В Заречске новый томограф - первый в области"


def test_a_dumps_headline_above_its_counters_date_and_photo_credit_is_its_title():
    """Copied from the page, the headline stands above a comment counter, the site's name, the date
    and the photo's credit; nothing headline-shaped sits right above the body."""
    raw = "\n\n".join([
        "Новости", "Эстония", "Мнение", "Темы",
        "Для скорой помощи Таллинна прошедший год был самым трудным",
        "(3)", "rus.Вести.ee", "04. январь 2012 10:22", "Foto: Андрес Пуутинг",
        "Минувший год оказался для таллиннской службы скорой медицинской помощи самым трудным за последнее "
        "десятилетие, сообщил руководитель службы на пресс-конференции в среду.",
        "В среднем бригады скорой помощи выезжали на вызов 186 раз в день, а всего за год было принято более "
        "шестидесяти восьми тысяч вызовов, что на семь процентов больше, чем годом ранее.",
        "По словам руководителя службы, в новом году город выделит средства на ещё две бригады скорой помощи."])
    res = classify_dump(raw)
    assert res.title == "Для скорой помощи Таллинна прошедший год был самым трудным"
    assert res.paragraphs[0].startswith("Минувший год") and len(res.paragraphs) == 3


def test_a_caption_ending_with_its_credit_after_a_full_stop_is_no_title():
    assert all(is_caption(line) for line in (
        "Аналогов аппарата в Украине нет. Фото city.kharkov.ua",
        'Дом ребенка в Можайской женской колонии. Кадр телеканала "Россия 1"',
        "Польза винограда для глаз распространяется на всю жизнь / shutterstock"))
    assert not is_caption("Снимок сделали в мае. Фото сделано на окраине города.")


def test_a_title_that_is_a_date_is_the_pages_date_not_its_headline():
    # exports that title a page by its date; the headline is then the text's first line
    short = extract_article(Page("a", "feed.jsonl:3", "June 06, 2013\nEsther Williams, swimming star, dies at 91",
                                 "text", title="June 06, 2013"))
    assert (short.title, short.published) == ("Esther Williams, swimming star, dies at 91", "2013-06-06")
    ru = extract_article(Page("b", "feed.jsonl:4", "Москва, 25 мая 2020\nВ Москве открылись летние веранды кафе. "
                              "Посетителей рассаживают на расстоянии полутора метров друг от друга, сообщили "
                              "в мэрии.", "text", title="25 мая 2020"))
    assert ru.title != "25 мая 2020" and ru.published == "2020-05-25"
    assert any("летние веранды" in p for p in ru.paragraphs)
    # a stated date of its own wins over the title's
    kept = extract_article(Page("c", "feed.jsonl:5", "Esther Williams dies at 91", "text", title="June 06, 2013",
                                published="2013-06-07"))
    assert (kept.title, kept.published) == ("Esther Williams dies at 91", "2013-06-07")
    # a title naming a day is a title: a forecast's, a horoscope's, the day's summary
    for title in ("Погода на 16 мая 2020 года", "Гороскоп на сегодня: 16 мая 2020 года", "Итоги 16 мая 2020 года"):
        page = extract_article(Page("d", "feed.jsonl:6", "Синоптики обещают облачную погоду, днём до плюс "
                                    "трёх градусов, к вечеру мокрый снег.", "text", title=title))
        assert (page.title, page.published) == (title, None)
    for stamp in ("MOSCOW, May 25, 2020", "Опубликовано: 25.05.2020 14:30", "Санкт-Петербург, 25 мая 2020 года, 12:00"):
        page = extract_article(Page("e", "feed.jsonl:7", "В Москве открылись летние веранды кафе.", "text", title=stamp))
        assert page.published == "2020-05-25" and page.title == "В Москве открылись летние веранды кафе."


def test_the_outlet_of_a_text_dump_is_read_from_its_own_lines():
    body = ("Глава МИД России Сергей Лавров и госсекретарь США Энтони Блинкен провели переговоры в Женеве. "
            "Переговоры продолжались полтора часа и касались гарантий безопасности.")
    own = Page(id="p1", source="p1.txt", raw=f"Политика\n\nЛавров и Блинкен провели переговоры\n\n{body}\n\n"
               "На вопрос корреспондента РБК Лавров ответил, что ждёт письменного ответа.\n\nПодписывайтесь на РБК\n",
               kind="text")
    address = Page(id="p2", source="p2.txt", raw=f"Новости Озёрска\n\nЛавров и Блинкен провели переговоры\n\n{body}\n\n"
                   "Читайте нас на www.ozersk-news.ru\nНаш сайт ozersk-news.ru — новости города\n",
                   kind="text")
    source = Page(id="p3", source="p3.txt", raw=f"Лавров и Блинкен провели переговоры\n\n{body} Как сообщили "
                  "«Интерфаксу» источники в делегации, встреча завершилась раньше.\n", kind="text")
    assert extract_article(own).site == "РБК"
    assert extract_article(address).site == "ozersk-news.ru"
    assert extract_article(source).site is None  # a source quoted is not the outlet
    registered = Page(id="p4", source="p4.txt", raw=f"Лавров и Блинкен провели переговоры\n\n{body}\n\nоб издании | реклама\n"
                      "Все права защищены © 1999-2024\n\"Озёрское утро\", свидетельство о регистрации СМИ Эл №ФС 77-23513\n"
                      "Информация об ограничениях © Reuters.\n", kind="text")
    assert extract_article(registered).site == "Озёрское утро"  # the name its media registration gives
    news = Page(id="p5", source="p5.txt", raw=f"Лавров и Блинкен провели переговоры\n\n{body} Роскомнадзор "
                "заблокировал сетевое издание «Вечерний Озёрск», свидетельство о регистрации отозвано.\n", kind="text")
    assert extract_article(news).site is None  # an outlet in the news, with no registration number
    # the logo's text the dump opens with, its photo credited to it under the article; a first line
    # that is a menu's, named again in the page, is none
    logo = Page(id="p6", source="p6.txt", raw=f"ОЗЁРСК 24 — новости города и области\nГлавная\nВидео\n\n"
                f"Лавров и Блинкен провели переговоры\n\n{body}\n\nФото: Озёрск 24\n\nЧитайте также\n", kind="text")
    menu = Page(id="p7", source="p7.txt", raw=f"О нас\nРеклама\n\nЛавров и Блинкен провели переговоры\n\n{body}\n\n"
                "Фото: Сергей Бобылев / ТАСС\nО нас\n", kind="text")
    assert extract_article(logo).site == "Озёрск 24" and extract_article(menu).site is None


def test_the_outlet_is_read_from_copyright_lines_as_pages_write_them():
    body = ("Глава МИД России Сергей Лавров и госсекретарь США Энтони Блинкен провели переговоры в Женеве. "
            "Переговоры продолжались полтора часа и касались гарантий безопасности.")

    def outlet(*footer: str) -> str | None:
        raw = f"Политика\n\nЛавров и Блинкен провели переговоры\n\n{body}\n\n" + "\n".join(footer) + "\n"
        return extract_article(Page(id="p", source="p.txt", raw=raw, kind="text")).site

    assert outlet("© 2004–2024, Озёрский вестник. Все права защищены.") == "Озёрский вестник"
    assert outlet("© 2010 - 2024 ИА «Озёрск.Ру»") == "Озёрск.Ру"
    assert outlet("Все права защищены. © 2001 - 2024 Озёрская Медиагруппа.") == "Озёрская Медиагруппа"
    assert outlet("2001-2024 © Информационное агентство «Вести Озёрска»") == "Вести Озёрска"
    assert outlet("© 2003—2024 Городской портал «Озёрск сегодня»") == "Озёрск сегодня"
    assert outlet('© ЗАО "Редакция газеты "Озёрская правда"') == "Озёрская правда"
    assert outlet("Озёрсквести © 2008—2024") == "Озёрсквести"
    # the rights of the page before a wire's credit; who made the site, a photo's author: no outlet
    assert outlet("© 1995 - 2024 ОзёрскМедиа.", "Информация об ограничениях © Reuters.") == "ОзёрскМедиа"
    assert outlet("© 1995 - 2024 Вести Озёрска", "© Иван Петров") == "Вести Озёрска"  # a dated line first
    assert outlet("Все права защищены © 2001-2024", "© 2024 Разработка сайта — Веб-студия Альфа") is None
    assert outlet("Фото © Иван Петров") is None
    # a company's name is more often the owner's than the outlet's
    assert outlet("© 2008 - 2024 ТОО «Медиа Холдинг»") is None


def test_a_flattened_texts_closing_notices_are_not_the_article():
    from svodka.ingest.files import page_from_record

    def text_of(body):
        record = {"id": "1", "title": "Метро закроют на ремонт", "text": body, "url": "https://example.ru/n/1"}
        return extract_article(page_from_record(record, "1", "1")).text

    story = ("В Казани на три дня закроют станцию метро «Кремлёвская», сообщили в мэрии. Ремонт эскалаторов "
             "продлится до пятницы, а поезда будут проходить станцию без остановки.")
    endings = ["Читайте нас в Яндексе", "Интересно? Жми, чтобы подписаться на сайт в Яндексе Автор: Мария Иванова",
               "Фото: пресс-служба мэрии / Иван Петров", "Подписывайтесь на наш канал в Яндекс.Дзене Источник: Казань24",
               "Казань, служба информации © 2020 Написать автору или сообщить новостьПодписывайтесь на каналыЯндекс",
               "Читайте также: «Мэрия Казани закрыла на ремонт ещё три моста»",
               "(Reporting by Joyce Zhou and Farah Master; writing by Nick Macfie; editing by Peter Graff)",
               "Самые важные новости теперь в нашем Telegram-канале."]  # the outlet's own channel, no verb
    for ending in endings:
        assert text_of(f"{story} {ending}") == story, ending
    # a sentence of the article that names a network or the outlet's subscribers stays
    kept = story + " Пассажиры, подписанные на канал метро в Telegram, получили уведомление заранее."
    assert text_of(kept) == kept


def test_a_metadata_day_weeks_after_the_day_printed_with_the_article_is_a_later_save_of_the_page():
    """htmldate may read a page saved again later by its menu's archive links ("/archive/2013/04/10/"
    on a report of December 2011), or a copyright year as 1 January: the day printed with the
    article then dates it. A metadata day before the printed one, or days after it, stays."""
    from svodka.extract.html import page_day

    assert page_day("2013-04-10", "2011-12-09") == "2011-12-09"
    assert page_day("2005-01-01", "2012-01-05") == "2012-01-05"
    assert page_day("2011-12-09", "2013-04-04") == "2011-12-09"  # a later day printed: the menu's, not the article's
    assert page_day("2012-01-17", "2012-01-15") == "2012-01-17"
    assert page_day(None, "2012-01-15") == "2012-01-15" and page_day("2012-01-17", None) == "2012-01-17"


def test_the_english_stop_words_are_scikit_learns_without_importing_it():
    """Read from the module that holds them (importing scikit-learn costs a command a second)."""
    import subprocess
    import sys

    probe = ("import sys; from svodka.extract.lines import english_stop_words; w = english_stop_words(); "
             "print('sklearn' in sys.modules); "
             "from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as E; print(w == E, 'the' in w)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"]


@pytest.mark.parametrize("sentence, dateline", [
    ("HARLOW, England (Reuters) - British opposition leader Jeremy Corbyn accused", "HARLOW, England (Reuters) - "),
    ("PARIS, Nov 2 — Novak Djokovic saw off Grigor Dimitrov", "PARIS, Nov 2 — "),
    ("TOKYO (Nov 14): SoftBank's Yahoo Japan confirmed", "TOKYO (Nov 14): "),
    ("INTERFAX.RU - Сезон отпусков на российских курортах может состояться", "INTERFAX.RU - "),
    ("ТБИЛИСИ, 17 ноя - РИА Новости.МВД Грузии призывает", "ТБИЛИСИ, 17 ноя - РИА Новости."),
    ("МОСКВА, 5 мая - /ТАСС/. Президент России подписал указ", "МОСКВА, 5 мая - /ТАСС/. "),
    # an abbreviation that opens a sentence is no dateline, nor a name alone before a dash
    ("МВД: преступник задержан", ""), ("ФАС — это служба", ""), ("ISPA told MyBroadband that", ""),
    ("Путин - о переговорах", ""),
])
def test_a_wires_dateline_is_told_from_a_sentence(sentence, dateline):
    assert sentence[:wire_dateline(sentence)] == dateline


TOOLBAR_PAGE = """Главная
Новости
Общество
Здоровье
Что делать, если вами управляет погода?
Тест для занятых: далеко ли вам до нервного срыва?
Архив
То, что вы хотели, но не успели прочитать
В Верхнеозёрске открыли новую поликлинику
Фото: пресс-служба администрации
Опубликовано 12 марта 2024 (14:41)
Увеличить шрифт
Уменьшить шрифт
Версия для печати
Отправить по почте
Добавить в избранное
Нравится
Поликлиника на 400 посещений в смену, построенная за два года, приняла первых пациентов в микрорайоне Северный
В микрорайоне Северный Верхнеозёрска открылась поликлиника на 400 посещений в смену. Жителям района больше не придётся ездить к врачу через весь город.
В новой поликлинике работают терапевты, педиатры, хирург и окулист, есть кабинет ультразвуковой диагностики и дневной стационар.
Строительство обошлось городскому бюджету в 380 миллионов рублей, сообщили в администрации Верхнеозёрска.
Записаться на приём можно по телефону регистратуры или через портал госуслуг.
Комментарии
"""

ENGLISH_DUMP = """Skip to main content
World
Business
Tech
Local
Riverside opens its first public library in forty years
By Jane Porter
March 12, 2024, 10:15 AM
Share
Tweet
Email
Readers queue at the door of the new library on Mill Street
The town of Riverside opened a public library on Mill Street on Tuesday, its first new library in forty years.
The building holds 60,000 books, a children's room and a hall for evening classes, the town council said.
It cost $12 million, paid for by a state grant and a local bond approved by voters in 2021.
The library will be open seven days a week from 9 am to 9 pm.
Related stories
Riverside council approves the budget for next year
"""


def test_the_headline_above_the_toolbar_is_the_title_and_the_standfirst_a_lead():
    # aif.ru's layout (DAnIEL): the headline over a photo credit, a date and a toolbar; a standfirst right above the body
    res = classify_dump(TOOLBAR_PAGE)
    assert res.title == "В Верхнеозёрске открыли новую поликлинику"
    assert res.paragraphs[0].startswith("Поликлиника на 400 посещений в смену, построенная")
    assert res.paragraphs[1].startswith("В микрорайоне Северный")
    why = next(d.reason for d in res.decisions if d.label == "title")
    assert why.startswith("the line the headline model rates highest (")


def test_an_english_headline_over_byline_and_share_buttons_is_the_title():
    res = classify_dump(ENGLISH_DUMP)
    assert res.title == "Riverside opens its first public library in forty years"
    assert res.paragraphs[-1].startswith("The library will be open")
    assert not any("Related" in p or "council approves" in p for p in res.paragraphs)


def test_headline_weights_for_other_features_are_refused_with_what_to_do(tmp_path, monkeypatch):
    from svodka.extract import headline

    stale = tmp_path / "headline.json"
    stale.write_text('{"features": ["words_log"], "weights": [1.0], "intercept": 0.0}', encoding="utf-8")
    monkeypatch.setattr(headline, "WEIGHTS", stale)
    headline._model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="retrain them with `python -m eval.titles --train --write`"):
            headline.probability(("words_log", "body_share"), (1.0, 0.5))
    finally:
        monkeypatch.undo()
        headline._model.cache_clear()


def test_a_text_without_a_headline_keeps_its_first_sentence_which_titles_it():
    # ECB+-like: no headline, the text opens with its first sentence; taking it for the title must not cut it
    text = ("Perennial party girl Tara Reid checked herself into a treatment center in Malibu, her representative said.\n"
            "\"We appreciate your respect to her and her family's privacy at this time,\" the actress's representative "
            "told the magazine.\n"
            "He would not say what the actress was being treated for, nor how long she would stay at the center.")
    res = classify_dump(text)
    assert res.title == text.split("\n")[0]
    assert res.paragraphs[0] == res.title and len(res.paragraphs) == 3
    first = next(d for d in res.decisions if d.number == 1)
    assert first.label == "body" and "the title too" in first.reason


def test_a_titles_site_name_is_cut_where_the_page_names_its_site():
    body = "".join(f"<p>{s}</p>" for s in (
        "The Senate adjourned plenary on Tuesday after a motion moved by the Senate leader in honour of two "
        "lawmakers who died last week, the chamber said in a statement.",
        "Senators observed a minute's silence and paid tribute to the late members, recalling their work on "
        "the budget and on the electoral reform bill in the last session.",
        "The chamber will resume sitting next week, when the budget debate is expected to continue.") * 2)
    page = ('<html><head><title>Senate adjourns over deaths of two senators | The Paradigm</title>'
            '<meta property="og:title" content="Senate adjourns over deaths of two senators | The Paradigm">'
            '<meta property="og:site_name" content="The Paradigm"></head><body><article>'
            f'<div class="headline">Senate adjourns over deaths of two senators</div>{body}</article></body></html>')
    article = extract_article(Page("p", "p.html", page, "html"))
    assert article.title == "Senate adjourns over deaths of two senators"
    # before or after the headline, the name whole ("X | tagline") or shortened ("Inexhibit" of "Inexhibit magazine")
    assert without_site("LinkNaija | Nigeria's popular news platform: Kate Henshaw Is Looking Stunning",
                        "LinkNaija | Nigeria's popular news platform") == "Kate Henshaw Is Looking Stunning"
    assert without_site("The 7th Amsterdam Light Festival | Inexhibit", "Inexhibit magazine") == \
        "The 7th Amsterdam Light Festival"
    # a headline that names its site, one with too few words left, and a site of one letter stay
    for title, site in (("9to5Mac Gift Guide: What do you buy for the person who has it all?", "9to5Mac"),
                        ("Editorial - The Guardian", "The Guardian"), ("Weather - X", "X")):
        assert without_site(title, site) == title
