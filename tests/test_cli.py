"""The CLI end to end: the bundled corpus, re-runs, bad inputs, the shared samples, escaping."""
import hashlib
import json
import shutil

import pytest
from typer.testing import CliRunner

from svodka import pipeline
from svodka.cli import app
from svodka.dedup import SIGNATURE_SCHEME
from svodka.store import SqliteStore

from conftest import BUS_CRASHES, EXAMPLES

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run")
    result = run("run", EXAMPLES, "--out", tmp / "out", "--db", tmp / "s.db", "--quiet")
    return tmp, result


def test_run_writes_the_contract(corpus_run):
    tmp, result = corpus_run
    assert result.exit_code == 0, result.output
    assert "report: file://" in result.output
    stories = json.loads((tmp / "out" / "stories.json").read_text(encoding="utf-8"))["stories"]
    articles = [json.loads(l) for l in (tmp / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"id", "source", "title", "text", "paragraphs", "language", "site", "category", "published",
            "duplicate_of"} <= set(articles[0])
    assert len(articles) == 11  # every item, the title-only JSONL one too
    by_id = {a["id"]: a for a in articles}
    assert by_id["03_region-info"]["duplicate_of"] == "01_vesti-ozersk"
    assert by_id["nordland-rate-3"]["paragraphs"] == []
    for s in stories:
        assert {"id", "headline", "articles", "events", "summary", "timeline", "quotes", "entities"} <= set(s)
        for item in s["summary"] + s["timeline"] + s["quotes"]:
            assert item["sources"] and set(item["sources"]) <= set(s["articles"])
        for t in s["timeline"]:
            assert len(t["date"]) in (7, 10) and t["date"][:4].isdigit()
    teploset = next(s for s in stories if "01_vesti-ozersk" in s["articles"])
    assert set(teploset["articles"]) == {"01_vesti-ozersk", "02_ozersk24", "03_region-info", "04_gazeta-oz",
                                         "05_radio-ozersk", "ozersk-heating-en"}
    assert teploset["first_report"] == "01_vesti-ozersk"  # the reprint of the same day is not credited
    assert [sorted(e["articles"]) for e in teploset["events"]] == [
        ["01_vesti-ozersk", "02_ozersk24", "03_region-info", "ozersk-heating-en"],  # the English report too
        ["04_gazeta-oz", "05_radio-ozersk"]]
    nordland = next(s for s in stories if "nordland-rate-1" in s["articles"])
    assert "nordland-rate-3" in nordland["articles"]  # a headline alone joins its story
    assert (tmp / "out" / "index.html").exists()
    for s in stories:
        assert (tmp / "out" / "stories" / f"{s['id']}.html").exists()


def test_explain_says_which_members_of_an_event_decided(corpus_run):
    """The English report joined the Russian reports' event on its closest members: explain says so."""
    tmp, _ = corpus_run
    text = run("explain", "ozersk-heating-en", "01_vesti-ozersk", "--db", tmp / "s.db").stdout
    assert "same event, same story" in text
    line = next(l for l in text.splitlines() if l.startswith("ozersk-heating-en: joined event"))
    assert line.endswith("the mean of its 2 closest of the 3 members it was compared with")
    # the prosecutor's check, nine days after the break: a day never one event with it
    later = run("explain", "01_vesti-ozersk", "04_gazeta-oz", "--db", tmp / "s.db").stdout
    assert "9 days apart: more than the 7 days one event spans from its first report, so never one event" in later


def test_rerun_adds_nothing_and_new_pages_join_their_story(corpus_run, tmp_path):
    tmp, _ = corpus_run
    db = tmp_path / "s.db"
    shutil.copy(tmp / "s.db", db)
    again = run("run", EXAMPLES, "--out", tmp_path / "o", "--db", db, "-q")
    assert "11 items read: 0 new articles, 0 reprints, 11 already stored, 0 skipped" in again.output
    late = tmp_path / "late.jsonl"
    late.write_text(json.dumps({"id": "late-1", "published": "2024-01-19", "title":
        "Прокуратура Верхнеозёрска проверит теплосети после аварии на улице Строителей",
        "text": "Прокуратура Верхнеозёрска начала проверку компании «Озёрские тепловые сети» после аварии на "
                "улице Строителей, из-за которой без отопления оставались 120 домов. Прокурор города Олег "
                "Краснов потребовал заменить изношенные трубы до следующего отопительного сезона."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    more = run("run", late, "--out", tmp_path / "o", "--db", db, "-q")
    assert "1 item read: 1 new article, 0 reprints, 0 already stored, 0 skipped" in more.output
    stories = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    teploset = next(s for s in stories if "01_vesti-ozersk" in s["articles"])
    assert "late-1" in teploset["articles"]
    before = json.loads((tmp / "out" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert {s["id"] for s in before} == {s["id"] for s in stories}  # story ids are stable


def test_a_later_run_finds_a_reprint_of_a_stored_page_by_its_stored_signature(tmp_path):
    """A run stores each article's near-duplicate signature; the next run rebuilds its index from
    them (a store written without them gets them made) and still finds a reprint of a stored page."""
    db = tmp_path / "s.db"
    run("run", EXAMPLES / "teploset", "--out", tmp_path / "o", "--db", db, "-q")
    with SqliteStore(db) as store:
        ids = [d.id for d in store.docs()]
        assert set(store.signatures(SIGNATURE_SCHEME)) == set(ids)
        original = store.article("01_vesti-ozersk")
        store.db.execute("DELETE FROM signatures WHERE article_id IN (?, ?)", (ids[0], ids[1]))
        store.db.commit()
    late = tmp_path / "late.jsonl"
    late.write_text(json.dumps({"id": "reprint-1", "published": "2024-01-11", "title": original.title,
                                "text": original.text + "\n\nИсточник: Вести Озёрска."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert "0 new articles, 1 reprint, 0 already stored" in run("run", late, "--out", tmp_path / "o", "--db", db, "-q").output
    with SqliteStore(db) as store:
        assert store.article("reprint-1").duplicate_of == (original.duplicate_of or "01_vesti-ozersk")
        assert set(store.signatures(SIGNATURE_SCHEME)) == {*ids, "reprint-1"}


def test_an_original_that_reaches_the_store_after_its_reprints_is_credited_as_the_first_report(tmp_path):
    """Two reprints (12 and 13 January) are stored first; the page they repeat, written on the 10th,
    comes in a later run. It becomes the original of both, the first report of their event, and
    explain says why."""
    text = ("Ночью в Верхнеозёрске произошёл прорыв магистральной теплотрассы на улице Строителей. Без "
            "отопления остались 120 многоквартирных домов, две школы и детская поликлиника. Аварийные бригады "
            "перекрыли повреждённый участок и приступили к откачке воды из котлована. Подачу тепла обещают "
            "восстановить к вечеру.")
    early, late = tmp_path / "early.jsonl", tmp_path / "late.jsonl"
    early.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [
        {"id": "reprint-12", "site": "ozersk24.example", "published": "2024-01-12",
         "title": "Без тепла остались 120 домов", "text": text + "\n\nИсточник: Вести Озёрска."},
        {"id": "reprint-13", "site": "region.example", "published": "2024-01-13",
         "title": "В Верхнеозёрске прорвало теплотрассу", "text": text + "\n\nПо материалам Вести Озёрска."}]),
        encoding="utf-8")
    late.write_text(json.dumps({"id": "original-10", "site": "vesti-ozersk.example", "published": "2024-01-10",
                                "title": "Авария на теплотрассе в Верхнеозёрске", "text": text},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    run("run", early, "--out", tmp_path / "o", "--db", db, "-q")
    with SqliteStore(db) as store:
        assert store.article("reprint-13").duplicate_of == "reprint-12"
    run("run", late, "--out", tmp_path / "o", "--db", db, "-q")
    with SqliteStore(db) as store:
        marks = {a: store.article(a).duplicate_of for a in ("original-10", "reprint-12", "reprint-13")}
    assert marks == {"original-10": None, "reprint-12": "original-10", "reprint-13": "original-10"}
    (story,) = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert story["first_report"] == "original-10"
    assert sorted(a for e in story["events"] for a in e["articles"]) == ["original-10", "reprint-12", "reprint-13"]
    text = run("explain", "original-10", "reprint-12", "--db", db).stdout
    assert ("original-10 came in after reprint-12, reprint-13, which repeat it, but was written before them: "
            "it is credited as the first report") in text
    line = next(l for l in run("explain", "reprint-13", "original-10", "--db", db).stdout.splitlines()
                if l.startswith("reprint-13: joined event"))
    assert line.endswith("with event score 1.000, as a reprint of original-10")


def test_records_of_one_text_under_other_addresses_or_headlines_are_other_pages(tmp_path):
    """Two outlets' records of one wire text are two pages, the later a reprint of the earlier; a
    feed whose text is a fixed teaser keeps every headline. A store made when a record counted by
    its text alone knows its records again and takes the others of that text in."""
    wire = ("Банк Нордланда повысил ключевую ставку на 0,5 процентного пункта, до 5,5% годовых. Регулятор "
            "объяснил решение высокой инфляцией, которая в феврале достигла 6,1%. Следующее заседание по "
            "ставке пройдёт в апреле, сообщила пресс-служба банка.")
    teaser = "Читайте подробности на нашем сайте. Подписывайтесь на наш канал, чтобы не пропустить главное."
    records = [
        {"id": "ria", "url": "https://ria.example/rate", "published": "2024-03-14",
         "title": "Банк Нордланда повысил ставку до 5,5%", "text": wire},
        {"id": "lenta", "url": "https://lenta.example/rate", "published": "2024-03-15",
         "title": "Нордланд поднял ключевую ставку", "text": wire},
        {"id": "feed-1", "published": "2024-03-14", "title": "В Верхнеозёрске прорвало теплотрассу", "text": teaser},
        {"id": "feed-2", "published": "2024-03-15", "title": "Сборная Нордланда вышла в финал", "text": teaser},
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "s.db"
    first = run("run", feed, "--out", tmp_path / "o", "--db", db, "-q")
    assert "4 items read: 3 new articles, 1 reprint, 0 already stored" in first.output
    with SqliteStore(db) as store:
        assert store.article("lenta").duplicate_of == "ria"
        assert store.article("feed-2").duplicate_of is None
    assert "0 new articles, 0 reprints, 4 already stored" in run("run", feed, "--out", tmp_path / "o", "--db", db, "-q").output

    # the same records reach a store written before: "ria" and "feed-1" stored under their text alone
    old = tmp_path / "old.db"
    older = tmp_path / "older.jsonl"
    older.write_text("".join(json.dumps(records[i], ensure_ascii=False) + "\n" for i in (0, 2)), encoding="utf-8")
    run("run", older, "--out", tmp_path / "o2", "--db", old, "-q")
    with SqliteStore(old) as store:
        for aid, text in (("ria", wire), ("feed-1", teaser)):
            legacy = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()
            store.db.execute("UPDATE articles SET content_hash=?, identity=NULL WHERE id=?", (legacy, aid))
        store.db.commit()
    again = run("run", feed, "--out", tmp_path / "o2", "--db", old, "-q")
    assert "1 new article, 1 reprint, 2 already stored" in again.output
    assert "0 new articles, 0 reprints, 4 already stored" in run("run", feed, "--out", tmp_path / "o2", "--db", old, "-q").output
    with SqliteStore(old) as store:
        assert sorted(d.id for d in store.docs()) == ["feed-1", "feed-2", "lenta", "ria"]


def test_bad_inputs_are_named_counted_and_skipped(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "bin.txt").write_bytes(b"\x00\xff\x10" * 50)
    (pages / "empty.txt").write_text("", encoding="utf-8")
    (pages / "menus.txt").write_text("Главная\nНовости\nПоиск\n", encoding="utf-8")
    (pages / "bad.jsonl").write_text('{"id": 1, "text": "oops"\n', encoding="utf-8")
    # The store inside the ingested folder is never read as a page.
    result = run("run", pages, "--out", tmp_path / "o", "--db", pages / "s.db", "-q")
    assert result.exit_code == 2
    out = result.output
    for name, reason in [("bin.txt", "binary"), ("empty.txt", "empty"), ("menus.txt", "no-text"),
                         ("bad.jsonl:1", "broken-jsonl")]:
        assert f"{name}: {reason}" in out
    assert "4 skipped" in out and "no page could be processed" in out
    shutil.copy(EXAMPLES / "teploset" / "01_vesti-ozersk.txt", pages / "good.txt")
    ok = run("run", pages, "--out", tmp_path / "o", "--db", pages / "s.db", "-q")
    assert ok.exit_code == 0
    assert "5 items read: 1 new article, 0 reprints, 0 already stored, 4 skipped" in ok.output


def test_extract_json_and_explain(tmp_path):
    page = EXAMPLES / "teploset" / "02_ozersk24.txt"
    result = run("extract", page, EXAMPLES / "teploset" / "01_vesti-ozersk.txt", "--json")
    lines = [json.loads(l) for l in result.stdout.splitlines()]
    assert [l["id"] for l in lines] == ["02_ozersk24", "01_vesti-ozersk"]
    assert lines[0]["published"] == "2024-01-10" and lines[0]["category"] == "Общество"
    explain = run("extract", page, "--explain").stdout
    assert "title" in explain and "photo caption or credit" in explain


def test_stories_and_show(corpus_run):
    tmp, _ = corpus_run
    listed = [json.loads(l) for l in run("stories", "--db", tmp / "s.db", "--json").stdout.splitlines()]
    assert len(listed) == 3
    assert [s["last"] for s in listed] == sorted((s["last"] for s in listed), reverse=True)  # newest first
    shown = run("show", listed[-1]["id"], "--db", tmp / "s.db").stdout
    assert "Summary" in shown and "Timeline" in shown and "Олег Краснов" in shown
    missing = run("show", "nope", "--db", tmp / "s.db")
    assert missing.exit_code == 1 and "no story 'nope'" in missing.output


def test_hostile_article_text_is_escaped(tmp_path):
    hostile = tmp_path / "x.jsonl"
    hostile.write_text(json.dumps({"id": "x", "title": "Заголовок <script>alert(1)</script> новости",
                                   "text": "Первый абзац <img src=x onerror=alert(2)> текста новости о событии в городе.\n"
                                           "Второй абзац с текстом новости о том же событии в городе."},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    run("run", hostile, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    pages = [tmp_path / "o" / "index.html", *(tmp_path / "o" / "stories").glob("*.html")]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in pages[0].read_text(encoding="utf-8")


def test_shared_samples_form_one_story_of_two_events(samples, tmp_path):
    result = run("run", samples, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    assert result.exit_code == 0
    [story] = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(story["articles"]) == ["000_77cf30c681e9f4c0", "001_01e8daefee0e15b8", "002_c352e78ea18c01c1"]
    assert sorted(sorted(e["articles"]) for e in story["events"]) == [
        ["000_77cf30c681e9f4c0", "001_01e8daefee0e15b8"], ["002_c352e78ea18c01c1"]]
    dates = {t["date"] for t in story["timeline"]}
    assert {"2022-01-12", "2022-01-13", "2022-01-26", "2022-01-30", "2022-02-01"} <= dates
    assert dates & {"2022-01-09", "2022-01-10"}
    speakers = {q["speaker"] for q in story["quotes"]}
    assert {"Сергей Лавров", "Энтони Блинкен", "Александр Лукашевич", "Мария Захарова"} <= speakers
    # "9 и 10 января" and "10 января" of the Geneva consultations: the span holds the day, no disagreement
    assert story["differences"] == []
    # RBC's call page names no outlet of its own ("от РБК" in a promo): it shares the talks page's chrome
    assert {s["id"]: s["site"] for s in story["sources"]} == {
        "000_77cf30c681e9f4c0": None, "001_01e8daefee0e15b8": "РБК", "002_c352e78ea18c01c1": "РБК"}
    # the pages carry no date: the listing gives the day their texts tell, as the brief does
    [listed] = [json.loads(l) for l in run("stories", "--db", tmp_path / "s.db", "--json").stdout.splitlines()]
    assert (listed["first"], listed["told"], listed["date_from_text"]) == (None, False, "2022-01-13")
    assert story["date_from_text"] == "2022-01-13"
    # ... from the earliest day a text shows to the latest: the call's page was written on 31 January
    assert listed["latest_day"] == story["latest_day"] == "2022-01-31"
    assert "≥2022-01-13–2022-01-31 (text)" in run("stories", "--db", tmp_path / "s.db").stdout
    # each event with its id, which `svodka split` takes: in the listing and on the story's page
    call = next(e["id"] for e in story["events"] if e["articles"] == ["002_c352e78ea18c01c1"])
    assert f"≥2022-01-31  {call}  Захарова анонсировала" in run("show", story["id"], "--db", tmp_path / "s.db").stdout
    assert f"1 article · {call}</span>" in (tmp_path / "o" / "stories" / f"{story['id']}.html").read_text(encoding="utf-8")
    assert "2022-01-13 or later (read from the text)" in (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    # a line cut from a longer sentence ("…, дискуссии по линии НАТО в Брюсселе 12 января …") reads as a
    # line where it is shown; stories.json keeps its words as the text has them, its evidence
    clause = next(t["text"] for t in story["timeline"] if t["date"] == "2022-01-12")
    assert clause.startswith("дискуссии по линии НАТО")
    assert "2022-01-12  Дискуссии по линии НАТО" in run("show", story["id"], "--db", tmp_path / "s.db").stdout
    assert "Дискуссии по линии НАТО" in (tmp_path / "o" / "stories" / f"{story['id']}.html").read_text(encoding="utf-8")
    # the front page's date filters take the days its texts tell: written 13-31 January
    from fastapi.testclient import TestClient

    from svodka.web import create_app
    client = TestClient(create_app(tmp_path / "s.db"))
    for since, until, found in (("2022-01-20", "2022-02-28", 1), ("2022-02-01", None, 0), (None, "2022-01-12", 0)):
        params = {k: v for k, v in (("from", since), ("to", until)) if v}
        assert len(client.get("/api/stories", params=params).json()["stories"]) == found, params
    assert "Дискуссии по линии НАТО" in client.get(f"/stories/{story['id']}").text


def test_store_in_a_new_folder_and_a_file_that_is_not_a_store(tmp_path):
    page = EXAMPLES / "teploset" / "01_vesti-ozersk.txt"
    ok = run("run", page, "--out", tmp_path / "o", "--db", tmp_path / "new" / "dir" / "s.db", "-q")
    assert ok.exit_code == 0
    bogus = tmp_path / "bogus.db"
    bogus.write_text("this is not sqlite " * 100, encoding="utf-8")
    bad = run("run", page, "--out", tmp_path / "o", "--db", bogus, "-q")
    assert bad.exit_code == 1 and "not a svodka store" in bad.output


def test_interrupted_run_keeps_what_was_stored_and_the_next_run_finishes(tmp_path, monkeypatch):
    from svodka import cli
    from svodka.enrich import enrich
    from svodka.stages import Stages

    calls = {"n": 0}

    def flaky(article):  # the third page's enrichment is interrupted
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return enrich(article)

    monkeypatch.setattr(cli, "STAGES", Stages(enricher=flaky))
    cut = run("run", EXAMPLES / "teploset", "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    assert cut.exit_code == 130 and "2 new articles are stored" in cut.output
    monkeypatch.undo()
    done = run("run", EXAMPLES / "teploset", "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    assert "5 items read: 2 new articles, 1 reprint, 2 already stored" in done.output
    articles = (tmp_path / "o" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(articles) == 5


def test_explain_says_why_two_articles_are_apart(samples, tmp_path):
    run("run", samples, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    text = run("explain", "000_77cf30c681e9f4c0", "002_c352e78ea18c01c1", "--db", tmp_path / "s.db").stdout
    assert "different events, same story" in text
    assert "Лавров" in text and "opened event" in text
    # undated, the talks' page names 13 January last, the call's page 1 February, and one reports
    # talks, the other a phone call: two happenings, and the call's line says it scored nothing
    rec = json.loads(run("explain", "000_77cf30c681e9f4c0", "002_c352e78ea18c01c1", "--db", tmp_path / "s.db",
                         "--json").stdout)
    assert rec["pair"]["mentioned_days_apart"] == 19 and rec["pair"]["kinds_apart"] == 1
    assert rec["kinds"] == {"000_77cf30c681e9f4c0": "meeting", "002_c352e78ea18c01c1": "call"}
    assert "latest days their texts name are 19 days apart (more than 14): the event score is taken x0.85" in text
    assert "000_77cf30c681e9f4c0 reports a meeting, 002_c352e78ea18c01c1 a call: two happenings (event score 0)" in text
    call = rec["assignments"]["002_c352e78ea18c01c1"]
    assert call["event_score"] == 0
    assert call["parts"]["new_event"] is True  # the clusterer's decision, kept in the store and read back
    assert f"opened event {call['event']} (no earlier event scored above 0 against it)" in text
    rec = json.loads(run("explain", "000_77cf30c681e9f4c0", "001_01e8daefee0e15b8", "--db", tmp_path / "s.db",
                         "--json").stdout)
    assert rec["same_event"] and rec["event_score"] >= rec["event_threshold"]
    missing = run("explain", "000_77cf30c681e9f4c0", "nope", "--db", tmp_path / "s.db")
    assert missing.exit_code == 1 and "no article 'nope'" in missing.output


def test_explain_names_the_nearest_story_an_article_missed(tmp_path):
    """Lavrov's talks in Geneva and, three days later, an exhibition he opened: one name shared, no
    story; explain says which story the later page came nearest to, and why it missed."""
    pages = [{"id": "geneva", "published": "2022-01-21", "title": "Лавров и Блинкен провели переговоры в Женеве",
              "text": "Министр иностранных дел России Сергей Лавров и госсекретарь США Энтони Блинкен провели в Женеве "
                      "переговоры о гарантиях безопасности. Встреча продлилась полтора часа."},
             {"id": "expo", "published": "2022-01-24", "title": "Лавров открыл выставку об истории дипломатии",
              "text": "Сергей Лавров открыл в Москве выставку, посвящённую двухсотлетию первого русского посольства в "
                      "Бразилии. Экспозиция в здании МИД будет открыта до конца марта."}]
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    run("run", src, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    rec = json.loads(run("explain", "geneva", "expo", "--db", tmp_path / "s.db", "--json").stdout)
    assert not rec["same_story"]
    expo, geneva = rec["assignments"]["expo"], rec["assignments"]["geneva"]
    # a name and few words shared: the story scored 0 by the rule that names alone make no story
    assert expo["parts"]["closest_story"] == geneva["story"] and expo["story_score"] == 0
    assert expo["parts"]["closest_story_apart"] == "words" and "words_apart" in rec["story_parts"]
    text = run("explain", "geneva", "expo", "--db", tmp_path / "s.db").stdout
    assert (f"expo: opened event {expo['event']}: the nearest event, {geneva['event']}, scored 0.") in text
    assert (f"opened story {expo['story']}: the nearest story, {geneva['story']}, shares names with it but too "
            f"few words (names alone make no story)") in text
    assert f"geneva: opened event {geneva['event']} (no earlier event scored above 0 against it); opened story" in text
    assert "3 days apart (one event spans 7 days from its first report)" in text


def test_explain_says_an_event_an_article_opened_was_merged_by_a_later_one(tmp_path):
    """Two short reports of one accident share too little to meet; a full report matches both and
    merges their events. The second report opened an event of its own that is gone now: explain
    says so, and names the report that bridged them, not a join under the threshold."""
    pages = [{"id": "m1", "published": "2024-01-10", "title": "Прорыв теплотрассы в Верхнеозёрске",
              "text": "Ночью на улице Строителей прорвало магистральную теплотрассу. Аварийные бригады перекрыли "
                      "повреждённый участок."},
             {"id": "m2", "published": "2024-01-10", "title": "Без отопления остались 120 домов",
              "text": "В Верхнеозёрске без отопления остались 120 многоквартирных домов, две школы и детская "
                      "поликлиника."},
             {"id": "m3", "published": "2024-01-10",
              "title": "Прорыв теплотрассы в Верхнеозёрске: без отопления остались 120 домов",
              "text": "Ночью в Верхнеозёрске произошёл прорыв магистральной теплотрассы на улице Строителей. Без "
                      "отопления остались 120 многоквартирных домов, две школы и детская поликлиника. Аварийные "
                      "бригады перекрыли повреждённый участок и приступили к откачке воды из котлована. Подачу "
                      "тепла обещают восстановить к вечеру."}]
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    run("run", src, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    rec = json.loads(run("explain", "m1", "m2", "--db", tmp_path / "s.db", "--json").stdout)
    m1, m2 = rec["assignments"]["m1"], rec["assignments"]["m2"]
    assert rec["same_event"] and m2["event_score"] < rec["event_threshold"]
    assert m1["merges"] == [] and m2["merges"] == [{"event": m2["parts"]["placed_in"], "into": m1["event"], "by": "m3"}]
    assert (m1["placed_in"], m2["placed_in"]) == (m1["event"], m2["parts"]["placed_in"])
    text = run("explain", "m1", "m2", "--db", tmp_path / "s.db").stdout
    assert f"m2: opened event {m2['parts']['placed_in']}: the nearest event, {m1['event']}, scored" in text
    assert f"; opened story {m2['parts']['placed_in_story']}: the nearest story" in text
    assert f"(now in story {m1['story']})" in text and m2["story"] == m1["story"] != m2["parts"]["placed_in_story"]
    assert (f"  event {m2['parts']['placed_in']} was merged into {m1['event']} when m3 came in close to both and "
            f"the two scored at least 0.26 against each other") in text
    assert "m2: joined" not in text
    text = run("explain", "m3", "m1", "--db", tmp_path / "s.db").stdout
    assert f"  m3 came in close to {m2['parts']['placed_in']} too, which scored at least 0.26 against its event" in text


def test_explain_says_two_titles_of_a_series_name_different_days(tmp_path):
    """An export without dates: forecasts written to one template, for two days, share nearly every
    word but are no reprints of each other; another site's copy of one of them is."""
    text = ("Синоптики обещают облачную погоду с прояснениями, днём до плюс {} градусов, ночью до минус "
            "двух, ветер северо-западный, к вечеру мокрый снег.")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{day}", "title": f"Прогноз погоды на {day} ноября",
                                        "text": text.format(warm)}, ensure_ascii=False) + "\n"
                            for day, warm in ((8, "трёх"), (16, "одного"))), encoding="utf-8")
    copy = tmp_path / "copy.jsonl"
    copy.write_text(json.dumps({"id": "d8-copy", "title": "Прогноз погоды на 8 ноября", "text": text.format("трёх")
                                + " Источник: Вести Озёрска."}, ensure_ascii=False) + "\n", encoding="utf-8")
    run("run", feed, copy, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    out = run("explain", "d8", "d16", "--db", tmp_path / "s.db").stdout
    assert out.startswith("d8 and d16: different events")
    assert "titles alike but for the days they name, 8 days apart" in out
    rec = json.loads(run("explain", "d16", "d8-copy", "--db", tmp_path / "s.db", "--json").stdout)
    assert rec["reprint_of"] == {"d16": None, "d8-copy": "d8"}
    # titled in another way, for a day months away: no series, yet two happenings
    may = tmp_path / "may.jsonl"
    may.write_text(json.dumps({"id": "may", "title": "Синоптики: погода на 16 мая 2020 года",
                               "text": text.format("трёх")}, ensure_ascii=False) + "\n", encoding="utf-8")
    run("run", may, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    out = run("explain", "d8", "may", "--db", tmp_path / "s.db").stdout
    assert out.startswith("d8 and may: different events")
    assert "the titles name days 176 days apart (more than 30): two happenings (event score 0)" in out


def test_annotate_spans_index_the_article_text(tmp_path):
    out = run("annotate", EXAMPLES / "teploset" / "02_ozersk24.txt", "--json").stdout
    [rec] = [json.loads(l) for l in out.splitlines()]
    text = rec["text"]
    for kind in ("entities", "dates", "quotes", "sentences"):
        assert rec[kind], kind
        for span in rec[kind]:
            assert 0 <= span["start"] < span["stop"] <= len(text)
            if "text" in span:
                assert text[span["start"]:span["stop"]] == span["text"]
    assert {"Игорь Ветров", "Андрей Соколов"} <= {e["normal"] for e in rec["entities"]}
    assert {q["speaker"] for q in rec["quotes"]} >= {"Игорь Ветров"}
    clean = tmp_path / "clean.txt"
    clean.write_text("Сергей Лавров прибыл в Женеву 21 января 2022 года.\n\n«Разговор был полезным и откровенным», "
                     "— сказал Лавров в институте имени А. С. Пушкина.", encoding="utf-8")
    [raw] = [json.loads(l) for l in run("annotate", clean, "--json", "--raw").stdout.splitlines()]
    assert raw["dates"][0]["value"] == "2022-01-21" and raw["quotes"][0]["speaker"] == "Сергей Лавров"
    assert [(e["normal"], e["nested"]) for e in raw["entities"] if e["type"] == "PER"] == [
        ("Сергей Лавров", False), ("Сергей Лавров", False), ("А. С. Пушкин", True)]
    printed = run("annotate", clean, "--raw").stdout
    assert "(inside a name)" in printed and "QUOTE Сергей Лавров (сказал): «" not in printed
    assert "QUOTE Сергей Лавров (сказал): Разговор был полезным и откровенным" in printed
    told = tmp_path / "told.txt"
    told.write_text("Пожар на складе потушили к утру.\n\n«Пострадавших нет, огонь не перекинулся на жилые дома», "
                    "— сообщили в оперативном штабе.", encoding="utf-8")
    assert "QUOTE сообщили в оперативном штабе: Пострадавших нет, огонь" in run("annotate", told, "--raw").stdout
    # a role standing for a named person is told from a name: it resolves to them, as "role"
    roles = tmp_path / "roles.txt"
    roles.write_text("В Женеве встретились глава МИД РФ Сергей Лавров и госсекретарь США Энтони Блинкен. Позже глава "
                     "российского МИДа сказал, что переговоры были полезными.", encoding="utf-8")
    [rec] = [json.loads(l) for l in run("annotate", roles, "--json", "--raw").stdout.splitlines()]
    assert [(e["text"], e["normal"], e["kind"]) for e in rec["entities"] if e["type"] == "PER"] == [
        ("Сергей Лавров", "Сергей Лавров", "name"), ("Энтони Блинкен", "Энтони Блинкен", "name"),
        ("глава", "Сергей Лавров", "role")]


def test_site_memory_grows_in_the_store_as_pages_arrive(tmp_path):
    from test_extract import PROMO, site_page

    feed = tmp_path / "site.jsonl"
    rows = []
    for n in range(1, 5):
        body = [f"Мэр Андрей Соколов открыл объект номер {n} после года строительства и ремонта.",
                f"Объект номер {n} обошёлся городу в {n * 10} миллионов рублей, сообщили в администрации."]
        rows.append({"id": f"p{n}", "site": "vesti-ozersk.example", "text": site_page(n, body)})
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    run("run", feed, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    articles = {a["id"]: a for a in map(json.loads, (tmp_path / "o" / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    assert [PROMO in articles[f"p{n}"]["paragraphs"] for n in range(1, 5)] == [True, True, False, False]
    assert all(len(articles[f"p{n}"]["paragraphs"]) >= 2 for n in range(1, 5))


def test_site_memory_also_reads_html_pages_by_their_url(tmp_path):
    from test_extract import PROMO

    feed = tmp_path / "site.jsonl"
    rows = []
    for n in range(1, 5):
        html = (f"<html><body><h1>Мэр открыл новый объект номер {n} в городе Озёрске</h1>"
                f"<p>Мэр Андрей Соколов открыл объект номер {n} после года строительства и ремонта.</p>"
                f"<p>Объект номер {n} обошёлся городу в {n * 10} миллионов рублей, сообщили в администрации.</p>"
                f"<p>{PROMO}</p></body></html>")
        rows.append({"id": f"h{n}", "url": f"https://www.vesti-ozersk.example/news/{n}", "html": html})
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    run("run", feed, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    articles = {a["id"]: a for a in map(json.loads, (tmp_path / "o" / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    assert [PROMO in articles[f"h{n}"]["paragraphs"] for n in range(1, 5)] == [True, True, False, False]


def test_explain_an_html_page_line_by_line(tmp_path):
    out = run("extract", EXAMPLES / "teploset" / "04_gazeta-oz.html", "--explain").stdout
    assert "read by the dump classifier" in out
    assert "a link (menu, headline feed or related card)" in out and "section marker" in out
    english = tmp_path / "en.html"
    from test_extract import ENGLISH_PAGE
    english.write_text(ENGLISH_PAGE, encoding="utf-8")
    assert "read by trafilatura" in run("extract", english, "--explain").stdout


def test_merge_and_split_from_the_command_line_survive_a_rerun(tmp_path):
    db = tmp_path / "s.db"
    run("run", EXAMPLES / "teploset", "--out", tmp_path / "o", "--db", db, "-q")
    [story] = [json.loads(l) for l in run("stories", "--db", db, "--json").stdout.splitlines()]
    shown = json.loads(run("show", story["id"], "--db", db, "--json").stdout)
    later_event = shown["events"][1]["id"]
    out = run("split", story["id"], later_event, "--db", db).stdout
    new_id = out.split()[2]
    with SqliteStore(db) as store:  # the events a person placed: later merges never move them
        assert store.corrected_events() == {e["id"] for e in shown["events"]}
    run("run", EXAMPLES / "teploset", "--out", tmp_path / "o", "--db", db, "-q")  # nothing new; groups stay
    ids = {json.loads(l)["id"] for l in run("stories", "--db", db, "--json").stdout.splitlines()}
    assert ids == {story["id"], new_id}
    assert "2 articles moved" in run("merge", story["id"], new_id, "--db", db).stdout
    assert [json.loads(l)["id"] for l in run("stories", "--db", db, "--json").stdout.splitlines()] == [story["id"]]
    bad = run("split", story["id"], "no-such-event", "--db", db)
    assert bad.exit_code == 1 and "split needs some" in bad.output


def test_batch_gives_the_same_groups_as_a_stream(tmp_path):
    """All pages at once, or one run per page in time order: the same events and stories."""
    files = sorted((EXAMPLES / "teploset").iterdir())
    run("run", EXAMPLES / "teploset", "--out", tmp_path / "b", "--db", tmp_path / "batch.db", "-q")
    for f in files:  # the file names follow the pages' dates
        run("run", f, "--out", tmp_path / "s", "--db", tmp_path / "stream.db", "-q")

    def groups(out):
        stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
        return (sorted(sorted(s["articles"]) for s in stories),
                sorted(sorted(e["articles"]) for s in stories for e in s["events"]))

    assert groups(tmp_path / "b") == groups(tmp_path / "s")


def test_a_run_shows_two_happenings_of_one_event_apart_and_explain_says_why(tmp_path):
    """Two bus crashes of one day chain into one event as they are placed; the run shows them as
    two events of one story, the same whether the pages come at once or one by one, and a rerun
    keeps them so."""
    pages = [{"id": i, "title": t, "text": x, "published": "2024-03-05"} for i, t, x in BUS_CRASHES]
    src = tmp_path / "buses"
    src.mkdir()
    for p in pages:
        (src / f"{p['id']}.jsonl").write_text(json.dumps(p, ensure_ascii=False) + "\n", encoding="utf-8")

    def groups(out):
        stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
        return sorted(sorted(sorted(e["articles"]) for e in s["events"]) for s in stories)

    crashes = [[f"bus-rzhev-{i}" for i in range(1, 5)], [f"bus-torzhok-{i}" for i in range(1, 5)]]
    db = tmp_path / "s.db"
    assert run("run", src, "--out", tmp_path / "b", "--db", db, "-q").exit_code == 0
    assert groups(tmp_path / "b") == [crashes]
    with SqliteStore(db) as store:  # the clusterer's own event is kept for it to replay
        assert len({e for e, _ in store.clustered().values()}) == 1
        [built] = {e for e, _ in store.clustered().values()}
    [story] = json.loads((tmp_path / "b" / "stories.json").read_text(encoding="utf-8"))["stories"]
    # stories.json names the built event on the side cut off it; the other side keeps its id
    assert sorted((e["id"] == built, e["cut_from"]) for e in story["events"]) == [(False, built), (True, None)]
    with SqliteStore(db) as store:  # a write's refresh reads the story alone, with the same cut
        [alone], _ = pipeline.load_stories(store, {story["id"]})
        assert sorted((e.id == built, e.cut_from) for e in alone.events) == [(False, built), (True, None)]
    rec = json.loads(run("explain", "bus-torzhok-1", "bus-rzhev-1", "--db", db, "--json").stdout)
    assert not rec["same_event"] and rec["same_story"]
    cut = rec["assignments"]["bus-rzhev-1"]["split"]
    assert cut["between"] < cut["ratio"] * min(cut["within_kept"], cut["within_apart"])
    text = run("explain", "bus-torzhok-1", "bus-rzhev-1", "--db", db).stdout
    assert "different events, same story" in text and "held two happenings and was cut in two" in text
    again = run("run", src, "--out", tmp_path / "b", "--db", db, "-q")
    assert "0 new articles, 0 reprints, 8 already stored" in again.output and groups(tmp_path / "b") == [crashes]
    for f in sorted(src.iterdir()):  # the order the batch places them in: by day, then id
        run("run", f, "--out", tmp_path / "s", "--db", tmp_path / "stream.db", "-q")
    assert groups(tmp_path / "s") == [crashes]
    # a person may put the cut-off crash in a story of its own; a later run keeps it there
    [story] = json.loads((tmp_path / "b" / "stories.json").read_text(encoding="utf-8"))["stories"]
    rzhev = next(e["id"] for e in story["events"] if "bus-rzhev-1" in e["articles"])
    assert f"with {rzhev}" in run("split", story["id"], rzhev, "--db", db).stdout
    run("run", src, "--out", tmp_path / "b", "--db", db, "-q")
    assert groups(tmp_path / "b") == [[crashes[0]], [crashes[1]]]


def test_an_undated_story_is_listed_with_the_day_its_texts_tell(tmp_path):
    from fastapi.testclient import TestClient

    from svodka.web import create_app

    talks = "Министры иностранных дел России и США провели переговоры в Женеве 21 января 2022 года. " \
            "Встреча Сергея Лаврова и Энтони Блинкена продолжалась полтора часа, сообщили дипломаты."
    pages = [
        {"id": "talks-1", "title": "Лавров и Блинкен провели переговоры в Женеве", "text": talks},
        {"id": "talks-2", "title": "Лавров и Блинкен встретились в Женеве",
         "text": "Сергей Лавров и Энтони Блинкен встретились в Женеве. " + talks},
        {"id": "rate", "title": "Банк России сохранил ключевую ставку", "published": "2024-04-26",
         "text": "Совет директоров Банка России сохранил ключевую ставку на уровне 16 процентов годовых. "
                 "Регулятор допустил её снижение во втором полугодии, сообщила Эльвира Набиуллина."},
    ]
    src = tmp_path / "pages.jsonl"
    src.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in pages), encoding="utf-8")
    db = tmp_path / "s.db"
    assert run("run", src, "--out", tmp_path / "o", "--db", db, "-q").exit_code == 0
    listed = {s["headline"]: s for s in map(json.loads, run("stories", "--db", db, "--json").stdout.splitlines())}
    talks_row = next(s for h, s in listed.items() if "Женев" in h)
    rate_row = next(s for h, s in listed.items() if "ставк" in h)
    assert (talks_row["first"], talks_row["date_from_text"]) == (None, "2022-01-21")
    assert (rate_row["first"], rate_row["date_from_text"]) == ("2024-04-26", None)
    assert "≥2022-01-21 (text)" in run("stories", "--db", db).stdout
    client = TestClient(create_app(db))
    page = client.get("/").text
    assert "2022-01-21 or later (read from the text)" in page and "undated" not in page
    # ranked for recency by that day: two years before the newest date, it no longer counts as new
    ranked = client.get("/api/stories").json()["stories"]
    assert [s["date_from_text"] for s in ranked] == [None, "2022-01-21"]
    assert ranked[0]["importance"] > 10 * ranked[1]["importance"]
    in_2022 = client.get("/api/stories", params={"from": "2022-01-01", "to": "2022-12-31"}).json()["stories"]
    assert [s["date_from_text"] for s in in_2022] == ["2022-01-21"]


def test_words_agree_with_their_numbers(tmp_path):
    page = tmp_path / "one.txt"
    page.write_text("Лавров и Блинкен провели переговоры в Женеве\n\nГлава МИД России Сергей Лавров и госсекретарь США "
                    "Энтони Блинкен провели переговоры в Женеве 21 января 2022 года. Встреча длилась полтора часа.",
                    encoding="utf-8")
    run("run", page, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q")
    [sid] = [line.split()[0] for line in run("stories", "--db", tmp_path / "s.db").stdout.splitlines()]
    assert "1 article, 1 event" in run("show", sid, "--db", tmp_path / "s.db").stdout
    site = (tmp_path / "o" / "stories" / f"{sid}.html").read_text(encoding="utf-8")
    assert "1 article · 1 event" in site and "1 articles" not in site
    index = (tmp_path / "o" / "index.html").read_text(encoding="utf-8")
    assert "1 article · 1 source · 1 event" in index


def test_the_help_names_the_extra_that_brings_dask():
    # rich reads "[dask]" as markup and drops it unless escaped
    assert "svodka[dask]" in " ".join(run("run", "--help").output.replace("│", " ").split())


def test_run_reads_a_pipe_and_the_same_pipe_again_adds_nothing(tmp_path):
    import gzip

    texts = ["В Туле открыли новый мост через Упу. Движение по нему запустили в субботу утром.",
             "Хоккеисты «Сокола» выиграли второй матч финала у «Звезды» со счётом 3:1.",
             "Банк России сохранил ключевую ставку на уровне 16%, сообщил регулятор в пятницу."]
    lines = [json.dumps({"title": t.split(".")[0], "text": t}, ensure_ascii=False) for t in texts]
    stream = gzip.compress(("\n".join(lines) + "\n").encode())  # records with no id or url, gzipped
    db, out = tmp_path / "s.db", tmp_path / "out"
    first = runner.invoke(app, ["run", "-", "--db", str(db), "--out", str(out), "--quiet", "--workers", "1"],
                          input=stream, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "3 items read: 3 new articles" in first.output
    again = runner.invoke(app, ["run", "-", "--db", str(db), "--out", str(out), "--quiet", "--workers", "1"],
                          input=stream, catch_exceptions=False)
    assert "3 items read: 0 new articles, 0 reprints, 3 already stored" in again.output
    warc = runner.invoke(app, ["run", "-", "--db", str(db), "--out", str(out), "--quiet"], input=b"WARC/1.0\r\n")
    assert "skipped stdin: warc-stream" in warc.output and warc.exit_code == 2
