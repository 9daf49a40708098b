"""Nothing lost, nothing hangs: every record kept or named, every input bounded, every failure one line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from svodka.engine import Engine
from svodka import pipeline
from svodka.enrich import enrich
from svodka.cli import app
from svodka.ingest.decode import decode
from svodka.stages import Stages
from svodka.store import SqliteStore, writer_lock
from svodka.web import create_app

from conftest import EXAMPLES, SHARED

runner = CliRunner()
WIRE = ("Правительство Нордланда утвердило программу строительства дорог на 2025–2027 годы. На ремонт и "
        "строительство трасс направят 48 млрд крон, сообщил министр транспорта Ингвар Соль. Первые участки "
        "откроют летом будущего года, работы начнутся в северных провинциях.")
ARTICLE = ("Министр иностранных дел Нордланда Ингрид Вальстрём встретилась в Осло с генеральным секретарём НАТО. "
           "Стороны обсудили безопасность на Балтике и поставки энергии зимой. По словам министра, переговоры "
           "прошли конструктивно, следующая встреча намечена на весну. ") * 6


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def stored(db: Path) -> dict[str, str | None]:
    with SqliteStore(db) as store:
        return {d.id: d.article.duplicate_of for d in store.docs()}


def test_a_headline_stream_keeps_every_record_and_marks_the_repeats_as_reprints(tmp_path):
    heads = ["Сборная Нордланда вышла в финал чемпионата мира по хоккею",
             "В Осло открылся новый мост через фьорд",
             "Центробанк Нордланда сохранил ключевую ставку на уровне 5%",
             "Землетрясение магнитудой 5,1 произошло у берегов Исландии"]
    records = [{"id": f"h{i}", "site": f"site{i}.example", "published": "2024-05-01", "title": t, "text": t}
               for i, t in enumerate(heads)]
    # other outlets repeat a headline word for word, under their own ids
    records += [{"id": f"r{n}", "site": f"other{n}.example", "published": "2024-05-01", "title": heads[i],
                 "text": heads[i]} for n, i in enumerate((0, 0, 2))]
    db = tmp_path / "s.db"
    result = run("run", jsonl(tmp_path / "heads.jsonl", records), "--out", tmp_path / "o", "--db", db, "-q")
    assert "7 items read: 4 new articles, 3 reprints, 0 already stored, 0 skipped" in result.output
    kept = stored(db)
    assert set(kept) == {r["id"] for r in records}
    assert {k: v for k, v in kept.items() if v} == {"r0": "h0", "r1": "h0", "r2": "h2"}
    stories = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    final = next(s for s in stories if "h0" in s["articles"])
    assert {"h0", "r0", "r1"} <= set(final["articles"])  # the reprints are in their original's event
    assert {"site0.example", "other0.example", "other1.example"} <= {s["site"] for s in final["sources"]}
    again = run("run", tmp_path / "heads.jsonl", "--out", tmp_path / "o", "--db", db, "-q")
    assert "7 items read: 0 new articles, 0 reprints, 7 already stored" in again.output


@pytest.mark.parametrize("with_urls", [False, True])
def test_five_outlets_records_of_one_wire_text_are_all_stored_four_as_reprints(tmp_path, with_urls):
    records = [{"id": f"wire-{n}", "site": f"outlet{n}.example", "published": f"2024-03-1{n}",
                "title": "Нордланд построит дороги на 48 млрд крон", "text": WIRE} for n in range(5)]
    if with_urls:  # the same address and text as the original, under another id, and a record of its own
        for r in records[:4]:
            r["url"] = "https://wire.example/roads"
        records[4]["url"] = "https://outlet4.example/roads"
    db = tmp_path / "s.db"
    result = run("run", jsonl(tmp_path / "wire.jsonl", records), "--out", tmp_path / "o", "--db", db, "-q")
    assert "5 items read: 1 new article, 4 reprints, 0 already stored, 0 skipped" in result.output
    assert stored(db) == {"wire-0": None, **{f"wire-{n}": "wire-0" for n in range(1, 5)}}


def test_an_id_given_to_two_articles_stores_both_and_says_so(tmp_path):
    records = [{"id": "a1", "title": "Нордланд построит дороги", "text": WIRE},
               {"id": "a1", "title": "Министр встретился с генсеком НАТО", "text": ARTICLE}]
    db = tmp_path / "s.db"
    result = run("run", jsonl(tmp_path / "x.jsonl", records), "--out", tmp_path / "o", "--db", db, "-q")
    renamed = next(k for k in stored(db) if k != "a1")
    assert renamed.startswith("a1-") and len(stored(db)) == 2
    assert f"x.jsonl:2: id 'a1' already names another stored article; stored as '{renamed}'" in result.output
    assert "2 items read: 2 new articles" in result.output


def test_a_field_of_the_wrong_type_gets_a_line_naming_it(tmp_path):
    records = [{"id": {"a": 1}, "url": 12, "title": "Нордланд построит дороги", "text": WIRE}]
    db = tmp_path / "s.db"
    result = run("run", jsonl(tmp_path / "t.jsonl", records), "--out", tmp_path / "o", "--db", db, "-q")
    assert "t.jsonl:1: field 'id' is an object, not a string or number; the record is stored as 't-1'" in result.output
    assert "t.jsonl:1: field 'url' is a number, not a string; left out" in result.output
    with SqliteStore(db) as store:
        [doc] = store.docs()
    assert (doc.id, doc.article.url) == ("t-1", None)


def test_bad_names_links_pipes_and_broken_bytes_get_one_line_each_and_the_run_goes_on(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    body = ("Лавров в Женеве\n\n" + ARTICLE).encode("utf-8")
    (pages / os.fsdecode(b"bad_\xff_bytes.txt")).write_bytes(body)
    (pages / "nul.txt").write_bytes(body[:9000] + b"\x00" + body[9000:])  # one NUL byte after 8 KB
    cut = "Женева\n\n" + ARTICLE.strip() + " Встреча закончилась"
    (pages / "cut.txt").write_bytes(cut.encode("utf-8")[:-1])  # the last character cut in half
    (pages / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    db = tmp_path / "s.db"
    result = run("run", pages, fifo, "--out", tmp_path / "o", "--db", db, "-q")
    out = result.output
    assert result.exit_code == 0
    assert "bad_\ufffd_bytes.txt: the file name is not valid UTF-8" in out
    assert "nul.txt: 1 control character (NUL and the like) dropped" in out
    assert "cut.txt: 1 byte sequence not valid utf-8 dropped" in out
    assert f"dangling.txt: broken-link: a symbolic link to {tmp_path / 'gone.txt'}, which does not exist" in out
    assert "pipe: not-a-file: a FIFO (named pipe); svodka reads files and folders" in out
    assert "5 items read: 1 new article, 2 reprints, 0 already stored, 2 skipped (1 broken-link, 1 not-a-file)" in out
    kept = stored(db)
    assert set(kept) == {"bad_\ufffd_bytes", "nul", "cut"}
    with SqliteStore(db) as store:
        assert len(store.assignments()) == 3  # all grouped
        assert store.article("cut").text.endswith("Встреча закончилас")


@pytest.mark.parametrize("name, page, reason", [
    ("spans.html", "<html><body>" + "<span>" * 1_000_000 + "</body></html>", "too-complex"),
    ("huge.txt", "слово " * 2_000_000, "too-large"),
])
def test_a_page_past_the_bounds_is_refused_at_once_with_a_line(tmp_path, name, page, reason):
    (tmp_path / name).write_text(page, encoding="utf-8")
    started = time.perf_counter()
    result = run("run", tmp_path / name, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    assert time.perf_counter() - started < 30
    assert f"{name}: {reason}:" in result.output and result.exit_code == 2


def test_an_article_inside_50000_nested_divs_is_read(tmp_path):
    article = "<h1>Министры встретились в Осло</h1>" + "".join(f"<p>{s}.</p>" for s in ARTICLE.split(". ")[:4])
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 50_000 + article + "</div>" * 50_000 + "</body></html>", encoding="utf-8")
    result = run("extract", page, "--json")
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["title"] == "Министры встретились в Осло" and "генеральным секретарём НАТО" in record["text"]
    assert "deep.html: HTML nested 50,00" in result.output and "<div> tags were removed" in result.output


def test_extract_goes_on_past_a_page_with_a_control_character(tmp_path):
    good = tmp_path / "a.html"
    good.write_text(f"<html><body><h1>Министры встретились</h1><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    bad = tmp_path / "b.html"
    bad.write_text(f"<html><body><h1>Встреча \x0b в Осло</h1><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    result = run("extract", bad, good, "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["b", "a"] and result.exit_code == 0
    assert "b.html: 1 control character (NUL and the like) dropped" in result.output


@pytest.mark.parametrize("encoding, declared, text", [
    ("iso-8859-2", True, "Minister spraw zagranicznych Polski spotkał się w środę z przedstawicielami Unii "
                         "Europejskiej. Rozmowy dotyczyły bezpieczeństwa energetycznego i współpracy gospodarczej."),
    ("cp1250", False, "Minister spraw zagranicznych Polski spotkał się w środę z przedstawicielami Unii "
                      "Europejskiej. Rozmowy dotyczyły bezpieczeństwa energetycznego i współpracy gospodarczej."),
    ("gb2312", True, "中国外交部发言人周三表示，双方将继续加强在经济和贸易领域的合作。会谈在友好的气氛中进行。"),
    ("gb2312", False, "中国外交部发言人周三表示，双方将继续加强在经济和贸易领域的合作。会谈在友好的气氛中进行。"),
    ("koi8_r", False, "Переговоры глав МИД России и США завершились в Женеве раньше запланированного времени."),
])
def test_pages_in_other_code_pages_are_read_by_their_declared_charset_or_detected(encoding, declared, text):
    head = f'<meta charset="{encoding}">' if declared else ""
    page = f"<html><head>{head}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"
    assert text in decode(page.encode(encoding), "page.html").text


def test_a_run_over_nothing_creates_nothing(tmp_path):
    result = run("run", tmp_path / "nosuch.txt", "--out", tmp_path / "o", "--db", tmp_path / "o.db")
    assert result.exit_code == 2 and "nosuch.txt: not-found" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_second_writer_waits_for_the_first_and_says_so(tmp_path):
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "svodka.cli", "run", str(EXAMPLES / "teploset"), "--out", str(tmp_path / "o"),
           "--db", str(db), "-q"]
    with writer_lock(db):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = proc.stderr.readline()  # said before it waits
        assert "is being written by another svodka process" in line and f"pid {os.getpid()}" in line
        time.sleep(0.5)
        assert proc.poll() is None and not db.exists()  # still waiting, nothing written
    _, rest = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "5 items read: 4 new articles, 1 reprint" in rest


def test_articles_a_killed_run_left_ungrouped_are_grouped_by_the_next_run(tmp_path):
    db = tmp_path / "s.db"
    with SqliteStore(db) as store:  # what `kill -9` after the pages were stored leaves: no groups
        pipeline.ingest([EXAMPLES / "teploset"], store, pipeline.RunReport())
        assert store.assignments() == {}
    result = run("run", EXAMPLES / "teploset", "--out", tmp_path / "o", "--db", db, "-q")
    assert "0 new articles, 0 reprints, 5 already stored" in result.output
    with SqliteStore(db) as store:
        assert len(store.assignments()) == 5


@pytest.mark.skipif(not (SHARED / "data" / "tgcontest").is_dir(), reason="../shared/data/tgcontest is absent")
def test_tgcontest_records_with_distinct_ids_are_all_stored(tmp_path):
    pairs = [json.loads(line) for line in open(SHARED / "data" / "tgcontest" / "same_story_pairs.jsonl", encoding="utf-8")]
    records = [{"id": f"{p['pair_id']}-{k}", "url": p[f"{k}_url"], "title": p[f"{k}_title"], "text": p[f"{k}_text"]}
               for p in pairs for k in ("first", "second")]
    seen: dict[tuple, int] = {}
    for r in records:
        seen[(r["title"], r["text"])] = seen.get((r["title"], r["text"]), 0) + 1
    repeated = [r for r in records if seen[(r["title"], r["text"])] > 1][:40]  # texts the set holds twice or more
    db = tmp_path / "s.db"
    result = run("run", jsonl(tmp_path / "tg.jsonl", repeated), "--out", tmp_path / "o", "--db", db, "-q")
    kept = stored(db)
    assert set(kept) == {r["id"] for r in repeated}
    firsts = len({(r["title"], r["text"]) for r in repeated})
    assert sum(v is None for v in kept.values()) == firsts
    assert f"{len(repeated)} items read: {firsts} new articles, {len(repeated) - firsts} reprints, 0 already stored" in result.output


# --- the server -------------------------------------------------------------------------------
@pytest.fixture
def served(tmp_path):
    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        Engine(store).run([EXAMPLES / "teploset"])
    return TestClient(create_app(db)), db


def test_a_body_past_the_bound_gets_413_in_the_error_shape(served):
    client, _ = served
    big = json.dumps({"id": "big", "text": "слово " * 1_800_000})  # about 11 MB
    response = client.post("/api/articles", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large" and "8 MB" in response.json()["error"]["message"]


def test_readers_are_served_while_a_page_is_being_added(served):
    _, db = served
    started, release = threading.Event(), threading.Event()

    def slow(article):  # an enricher that holds the write until the test lets it go
        started.set()
        release.wait(30)
        return enrich(article)

    client = TestClient(create_app(db, stages=Stages(enricher=slow)))
    answers = {}
    writer = threading.Thread(target=lambda: answers.setdefault("post", client.post(
        "/api/articles", json={"id": "late", "title": "Нордланд построит дороги", "text": WIRE})))
    writer.start()
    assert started.wait(30)
    t = time.perf_counter()
    assert client.get("/api/stories").status_code == 200  # while the write is held
    assert time.perf_counter() - t < 10
    release.set()
    writer.join(60)
    assert answers["post"].status_code == 201


@pytest.mark.parametrize("path", ["/", "/api/stories", "/docs", "/nope"])
def test_every_response_is_hardened_and_head_is_answered(served, path):
    client, _ = served
    response = client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY" and response.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    head = client.head(path)
    assert head.status_code == response.status_code and head.content == b""


def test_the_api_reference_is_served_without_outside_requests(served):
    client, _ = served
    page = client.get("/docs").text
    assert "POST /api/articles" in page and "GET /api/stories" in page and "/openapi.json" in page
    assert "http://" not in page and "https://" not in page  # nothing loaded from elsewhere
    assert client.get("/style.css").headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("page, rows", [
    ("table_ru.html", ["Место | Команда | Время", "1 | Нордланд | 1:32:15.4", "3 | Финляндия | 1:32:40.2"]),
    ("table_en.html", ["| Place | Team | Time |", "| 1 | Nordland | 1:32:15.4 |", "| 3 | Finland | 1:32:40.2 |"]),
])
def test_a_results_table_inside_the_article_is_kept_as_text(page, rows):
    """Russian pages go through the dump classifier over the render, others through trafilatura:
    both keep a data table's rows, cells split by " | ", between the paragraphs around it."""
    [record] = [json.loads(line) for line in run("extract", Path(__file__).parent / "data" / page, "--json").stdout.splitlines()]
    paragraphs = record["text"].split("\n\n")
    assert [p for p in paragraphs if "|" in p and not p.strip("|-: ")] == []  # no rule line under the head row
    at = [paragraphs.index(r) for r in rows]
    assert at == sorted(at) and 0 < at[0] and at[-1] < len(paragraphs) - 1


def test_a_short_record_without_running_prose_is_kept_as_a_headline(tmp_path):
    records = [{"id": "heist", "text": "Robbers in drag steal 80 million euros from a Paris diamond store"},
               {"id": "obit", "text": "June 06, 2013\nEsther Williams, swimming star, dies at 91"},
               {"id": "coach", "text": "MONDAY, MAY 23, 2005\nFIRED IN PHILLY!!\nSixers' coach Jim O'Brien was fired "
                                       "today and taking over will be a former Portland coach..."},
               {"id": "menu", "text": "Home\nNews\nSearch"}]
    db = tmp_path / "s.db"
    result = run("run", jsonl(tmp_path / "short.jsonl", records), "--out", tmp_path / "o", "--db", db, "-q")
    assert "4 items read: 3 new articles, 0 reprints, 0 already stored, 1 skipped (1 no-text)" in result.output
    with SqliteStore(db) as store:
        heist, obit, coach = (store.article(a) for a in ("heist", "obit", "coach"))
    assert heist.title.startswith("Robbers in drag") and heist.paragraphs == ()
    assert (obit.title, obit.published) == ("Esther Williams, swimming star, dies at 91", "2013-06-06")
    assert coach.title == "FIRED IN PHILLY!!" and coach.paragraphs[0].startswith("Sixers' coach")


def test_a_paragraph_whose_closing_quote_stands_apart_is_prose():
    from svodka.extract.dump import classify_dump

    text = ("Riot after a vigil in Brooklyn\n"
            "Police said officers shot a teenager who pointed a revolver at them on Saturday night.\n"
            "His sister said the family did not believe the police account of the shooting. \"\n"
            "\"They killed my little brother for no reason, \" she told reporters at the vigil. \"\n"
            "A crowd of about seventy people gathered on Monday evening to remember him.\n")
    result = classify_dump(text)
    assert len(result.paragraphs) == 4


def test_a_utf8_page_that_declares_another_charset_is_read_as_utf8():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Переговоры в Женеве завершились.</p></body></html>'
    decoded = decode(page.encode("utf-8"), "mislabelled.html")
    assert "Переговоры в Женеве" in decoded.text and decoded.encoding == "utf-8"


def test_a_table_inside_a_layout_table_splits_its_cells_once():
    from svodka.extract.html import render_html

    page = ("<html><body><table><tr><td>Итоги</td><td><table><tr><td>1</td><td>Нордланд</td></tr>"
            "<tr><td>2</td><td>Швеция</td></tr></table></td></tr></table></body></html>")
    rendered = render_html(page)
    assert "1 | Нордланд\n" in rendered.text and "| |" not in rendered.text and len(rendered.rows) == 2


def test_a_page_past_its_time_is_refused_with_a_line():
    from svodka.deadline import deadline
    from svodka.errors import Rejected

    started = time.perf_counter()
    with pytest.raises(Rejected) as info, deadline("slow.html", seconds=0.2):
        while True:  # a page that never ends
            pass
    assert info.value.reason == "too-slow" and time.perf_counter() - started < 5
    with deadline("fast.html", seconds=5):  # and a page within its time is left alone
        pass


def _rbc_like(headline: str, body: str, feed: list[str], tail: str = "") -> str:
    """A text dump as copied from a page of one outlet: its menus, a feed of other headlines with their
    times, the article, its footer."""
    lines = ["Перейти к основному контенту", "Политика ,", "0", "", headline, "", body, "", "Теги", "Прямой эфир",
             "Ошибка воспроизведения видео. Пожалуйста, обновите ваш браузер.", "Лента новостей",
             *feed, "Как лидеру обосновать повышение?", "Зарегистрироваться", tail,
             "Редакция", "Реклама", "Вакансии", "Политика конфиденциальности"]
    return "\n".join(lines) + "\n"


FEED_A = ["Курс евро на 24 января", "EUR ЦБ: 89,06 (+0,27)", "Курс доллара на 24 января", "USD ЦБ: 75,92 (-0,11)",
          "Рябков сообщил, что США не отпустили захваченных на танкере россиян Политика, 21:46",
          "Украина начала импортировать еще больше электричества из Европы Политика, 21:24"]
FEED_B = ["Курс евро на 25 января", "EUR ЦБ: 88,70 (-0,36)", "Курс доллара на 25 января", "USD ЦБ: 76,10 (+0,18)",
          "Клуб Овечкина подписал новый контракт с российским хоккеистом Спорт, 20:28",
          "ОАЭ раскрыли, как прошли переговоры по Украине в Абу-Даби Политика, 20:11"]


def test_a_dump_that_names_no_outlet_takes_the_one_whose_pages_chrome_it_shares(tmp_path):
    talks = ("Российская сторона в ходе встречи в Женеве услышала предварительную устную реакцию на проекты по "
             "гарантиям безопасности. Об этом заявил министр иностранных дел Сергей Лавров. На вопрос "
             "корреспондента РБК о сроках министр ответил, что письменный ответ ждут на следующей неделе.")
    call = ("Телефонные переговоры между министром иностранных дел России Сергеем Лавровым и госсекретарем США "
            "Энтони Блинкеном пройдут 1 февраля, сообщила официальный представитель МИД Мария Захарова. "
            "Очная встреча не планируется, сказала она.")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "1_talks.txt").write_text(_rbc_like("Лавров рассказал о реакции США", talks, FEED_A,
                                                  "Подписывайтесь на РБК"), encoding="utf-8")
    # no correspondent, no copyright, no address: RBC only in a promo line under RBC's chrome
    (folder / "2_call.txt").write_text(_rbc_like("Захарова анонсировала разговор Лаврова и Блинкена", call, FEED_B,
                                                 "Узнайте на событии от РБК"), encoding="utf-8")
    # the same chrome, RBC named nowhere: nothing to confirm the outlet
    (folder / "3_quiet.txt").write_text(_rbc_like("Захарова рассказала о разговоре министров", call.replace(
        "Очная", "Личная"), FEED_B), encoding="utf-8")
    db = tmp_path / "s.db"
    assert run("run", folder, "--db", db, "--out", tmp_path / "out", "--workers", 1).exit_code == 0
    with SqliteStore(db) as store:
        sites = {a.id: a.site for a in store.articles().values()}
    assert sites == {"1_talks": "РБК", "2_call": "РБК", "3_quiet": None}
    # a later run learns from the store: another page of the outlet's chrome, alone in its folder
    later = tmp_path / "later"
    later.mkdir()
    (later / "4_more.txt").write_text(_rbc_like("Песков оценил итоги переговоров в Женеве", talks.replace(
        "корреспондента РБК", "журналистов").replace("Лавров", "Дмитрий Песков"), FEED_A,
        "РБК и ПИК: критерии качества жизни"), encoding="utf-8")
    # a page of another outlet that names RBC in its text: its chrome is not RBC's
    (later / "5_other.txt").write_text("Главная\nНовости\nОбщество\n\nДумцы обсудили пенсии\n\nДепутаты обсудили "
                                       "индексацию пенсий, сообщает РБК со ссылкой на источники. Решение примут в "
                                       "марте, а выплаты пересчитают с апреля.\n\nВсе новости\nКонтакты\n",
                                       encoding="utf-8")
    assert run("run", later, "--db", db, "--out", tmp_path / "out").exit_code == 0
    with SqliteStore(db) as store:
        sites = {a.id: a.site for a in store.articles().values()}
    assert (sites["4_more"], sites["5_other"]) == ("РБК", None)


def test_an_outlets_chrome_is_learnt_from_its_first_pages_and_read_as_the_lines_on_half_of_them(tmp_path):
    with SqliteStore(tmp_path / "s.db") as store:
        for n in range(4):
            store.remember_outlet_chrome("РБК", frozenset({"лента новостей", "прямой эфир" if n else "теги",
                                                           f"курс евро на {20 + n} января"}), up_to=3)
        # three pages learnt: "теги" and each day's rate on one of them, under half
        assert store.outlets_sharing(frozenset({"теги"})) == {"РБК"}
        assert store.outlet_chrome("РБК") == (frozenset({"лента новостей", "прямой эфир"}), 3)
        assert store.outlets_sharing(frozenset({"курс евро на 23 января"})) == set()  # the fourth page's
