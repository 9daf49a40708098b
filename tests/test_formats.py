"""The formats analysts already have: RSS and Atom feeds, WARC archives in; CSV and Markdown out."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from svodka.cli import app
from svodka.errors import Rejected
from svodka.extract import extract_article
from svodka.ingest import iter_pages
from svodka.model import Page
from svodka.store import SqliteStore

DATA = Path(__file__).parent / "data"
runner = CliRunner()
PAGE = """<html><head><meta charset="{charset}"><title>{title}</title></head><body>
<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>
<article><h1>{title}</h1>{body}</article><footer>© Нордланд Ньюс</footer></body></html>"""
BRIDGE = ("<p>В Осло в среду открылся новый мост через фьорд длиной 1,2 километра, он соединил два района "
          "столицы Нордланда.</p><p>Строительство моста заняло четыре года и обошлось в 3,5 млрд крон, сообщил "
          "мэр города Ингвар Соль на церемонии открытия.</p>")
STRIKE = ("<p>Водители автобусов Осло в четверг начали забастовку с требованием повысить зарплату на восемь "
          "процентов.</p><p>Профсоюз транспортников заявил, что забастовка продлится до конца недели, если мэрия "
          "не предложит новый договор.</p>")


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def write_warc(path: Path, cut: int | None = None) -> Path:
    """A WARC.gz of what a crawler keeps: request and response records, an image, a cp1251 page."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    pages = [("https://nordnews.example/bridge", "utf-8", "Новый мост открылся в Осло", BRIDGE,
              "Wed, 13 Mar 2024 10:00:00 GMT"),
             ("https://nordnews.example/strike", "windows-1251", "Водители автобусов Осло начали забастовку", STRIKE,
              None)]
    for uri, charset, title, body, day in pages:
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        html = PAGE.format(charset=charset, title=title, body=body).encode(charset)
        headers = [("Content-Type", f"text/html; charset={charset}")] + ([("Date", day)] if day else [])
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(html),
                                           http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
                                           warc_headers_dict={"WARC-Date": "2024-03-14T07:00:00Z"})
        writer.write_record(record)
    logo = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://nordnews.example/logo.png", "response",
                                                  payload=io.BytesIO(b"\x89PNG..."), http_headers=logo))
    data = buf.getvalue()
    path.write_bytes(data[:cut] if cut else data)
    return path


def items(path: Path) -> tuple[list[Page], list[Rejected]]:
    got = list(iter_pages([path]))
    return [i for i in got if isinstance(i, Page)], [i for i in got if isinstance(i, Rejected)]


def test_an_rss_feed_gives_one_page_per_item_with_its_link_date_and_channel(tmp_path):
    feed = tmp_path / "vesti.rss"  # read by its content, whatever its name
    shutil.copy(DATA / "feed_rss.xml", feed)
    pages, rejected = items(feed)
    assert rejected == []
    roads, broken, bridge = pages
    assert (roads.id, roads.url, roads.site, roads.kind) == ("vesti-1001", "https://vesti.example/news/roads",
                                                            "vesti.example", "html")  # content:encoded: the full text
    assert roads.published == "2024-03-12T09:30:00+03:00" and roads.title.startswith("Правительство утвердило")
    assert (bridge.kind, bridge.raw, bridge.id) == ("text", "Мост длиной 1,2 км соединил два района столицы.", "vesti-3")
    assert broken.title == "Сломанный элемент" and broken.published is None
    assert {p.language for p in pages} == {"ru"}  # the channel's <language>ru-RU</language>
    # the item that is not well-formed XML is read leniently, said once
    assert roads.notes == ("the feed " + str(feed) + " is not well-formed XML (mismatched tag at line 16); "
                           "read leniently, 3 items found",)


def test_an_atom_feed_gives_its_entries_full_text_or_summary(tmp_path):
    pages, rejected = items(DATA / "feed_atom.xml")
    assert rejected == []
    roads, bridge = pages
    assert (roads.id, roads.url, roads.published) == ("urn:uuid:herald-roads", "https://herald.example/2024/03/roads",
                                                      "2024-03-12T10:15:00+01:00")
    assert "48 billion crowns to repairs" in roads.raw and roads.kind == "html"
    assert (bridge.raw, bridge.published, bridge.site) == ("The 1.2 km bridge links two districts of the capital.",
                                                           "2024-03-13T09:00:00+00:00", "herald.example")
    assert roads.language == bridge.language == "en"  # the feed's xml:lang


def test_a_feeds_language_that_is_no_code_is_named_once_and_left_to_detection(tmp_path):
    (tmp_path / "f.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                    "<language>Russian</language><item><title>Мост открыли</title></item>"
                                    "<item><title>Дорогу закрыли</title></item></channel></rss>", encoding="utf-8")
    (first, second), _ = items(tmp_path / "f.xml")
    assert first.notes == ("the feed's language is 'Russian', not a two-letter ISO 639-1 code (ru, en, de…); "
                           "the language is detected from the text",) and not second.notes
    assert first.language is None and extract_article(first).language == "ru"


def test_a_warc_archive_gives_its_html_responses_and_counts_the_other_records(tmp_path):
    pages, rejected = items(write_warc(tmp_path / "crawl.warc.gz"))
    assert [(p.url, p.published) for p in pages] == [
        ("https://nordnews.example/bridge", "2024-03-13T10:00:00+00:00"),  # the response's date
        ("https://nordnews.example/strike", "2024-03-14T07:00:00Z")]  # else the record's
    assert "начали забастовку" in pages[1].raw  # decoded by the charset its HTTP header names
    [other] = rejected
    assert (other.reason, other.count) == ("not-html", 3)
    assert other.detail == "3 records that are no HTML response (request records: 2, image/png responses: 1)"


def test_a_warc_cut_short_keeps_the_records_before_the_cut_and_says_so(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz").read_bytes()
    pages, rejected = items(write_warc(tmp_path / "cut.warc.gz", cut=len(whole) - 300))
    assert [p.url for p in pages] == ["https://nordnews.example/bridge", "https://nordnews.example/strike"]
    assert any(r.reason == "broken-archive" and "cut short or damaged" in r.detail for r in rejected)


def test_an_empty_feed_gets_one_line(tmp_path):
    (tmp_path / "empty.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                        "</channel></rss>", encoding="utf-8")
    _, [rej] = items(tmp_path / "empty.xml")
    assert rej.reason == "empty-feed"


def test_feeds_and_an_archive_given_together_store_every_item_and_write_the_tables(tmp_path):
    out, db = tmp_path / "o", tmp_path / "s.db"
    result = run("run", DATA / "feed_rss.xml", DATA / "feed_atom.xml", write_warc(tmp_path / "crawl.warc.gz"),
                 "--out", out, "--db", db, "-q")
    assert result.exit_code == 0
    assert "10 items read: 7 new articles, 0 reprints, 0 already stored, 3 skipped (3 not-html)" in result.output
    with SqliteStore(db) as store:
        stored = {d.article.url: d.article.published for d in store.docs()}
    assert stored == {
        "https://vesti.example/news/roads": "2024-03-12T09:30:00+03:00", "https://vesti.example/news/broken": None,
        "https://vesti.example/news/bridge": "2024-03-13T11:00:00+03:00",
        "https://herald.example/2024/03/roads": "2024-03-12T10:15:00+01:00",
        "https://herald.example/2024/03/bridge": "2024-03-13T09:00:00+00:00",
        "https://nordnews.example/bridge": "2024-03-13T10:00:00+00:00",
        "https://nordnews.example/strike": "2024-03-14T07:00:00Z"}
    rows = list(csv.DictReader(io.StringIO((out / "articles.csv").read_text(encoding="utf-8-sig"))))
    assert sorted(r["url"] for r in rows) == sorted(stored)
    # every news article is in a story; a page judged not news is listed apart
    assert all(bool(r["story"] and r["event"]) == (r["is_news"] == "true") for r in rows)
    assert [r["title"] for r in rows if r["is_news"] == "false"] == ["Сломанный элемент"]
    stories = list(csv.DictReader(io.StringIO((out / "stories.csv").read_text(encoding="utf-8-sig"))))
    listed = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(r["id"] for r in stories) == sorted(s["id"] for s in listed)
    assert list(stories[0]) == ["id", "headline", "topic", "first", "last", "articles", "sources", "events", "sites",
                                "entities"]
    printed = list(csv.DictReader(io.StringIO(run("stories", "--db", db, "--format", "csv").stdout)))
    assert printed == stories


def test_a_brief_as_markdown_escapes_the_articles_own_marks(tmp_path):
    record = {"id": "x", "title": "Мост *открыт* <script>alert(1)</script>", "published": "2024-03-13",
              "text": "В Осло открылся мост [длиной](http://evil.example) 1,2 км через фьорд, сообщил мэр города. "
                      "Строительство моста заняло четыре года и обошлось в 3,5 млрд крон."}
    src = tmp_path / "x.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    run("run", src, "--out", tmp_path / "o", "--db", db, "-q")
    [story] = [json.loads(line) for line in run("stories", "--db", db, "--json").stdout.splitlines()]
    md = run("show", story["id"], "--db", db, "--format", "md").stdout
    assert md.startswith("# Мост \\*открыт\\* &lt;script&gt;alert(1)&lt;/script&gt;\n")
    assert "## Summary" in md and "## Sources" in md and "`x`" in md
    assert "<script>" not in md and "\\[длиной\\](http" in md


def test_a_csv_cell_that_a_spreadsheet_would_run_is_quoted():
    from svodka.report.tables import to_csv

    text = to_csv([{"id": "a", "headline": "=HYPERLINK(\"http://evil.example\")"}], ["id", "headline"])
    assert text.splitlines()[1] == "a,\"'=HYPERLINK(\"\"http://evil.example\"\")\""


def test_a_feed_item_with_a_control_character_is_read_and_the_repair_said(tmp_path):
    feed = tmp_path / "ctl.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Мост '
                    "открыт</title><link>https://x.example/1</link><description>Мост длиной 1,2 км \x01 открыт в "
                    "Осло.</description></item></channel></rss>", encoding="utf-8")
    [page], _ = items(feed)
    assert "\x01" not in page.raw and any("control character" in n for n in page.notes)


def test_a_quote_with_no_speaker_named_is_shown_with_who_the_report_says_spoke(tmp_path):
    record = {"id": "q", "title": "В регионе выросло число заболевших", "published": "2020-05-17",
              "text": "За сутки в регионе выявили 52 новых случая инфекции. «За весь период зафиксирован 2631 "
                      "летальный исход, больницы загружены на две трети», — сообщили в оперативном штабе. Власти "
                      "продлили режим самоизоляции до конца месяца."}
    src = tmp_path / "q.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db, out = tmp_path / "s.db", tmp_path / "o"
    run("run", src, "--out", out, "--db", db, "-q")
    [story] = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    [quote] = story["quotes"]
    assert quote["speaker"] is None and quote["attribution"] == "сообщили в оперативном штабе"
    assert "сообщили в оперативном штабе: «За весь период" in run("show", story["id"], "--db", db).stdout
    assert "- сообщили в оперативном штабе: «За весь период" in run("show", story["id"], "--db", db, "--format", "md").stdout
    assert "— сообщили в оперативном штабе" in (out / "stories" / f"{story['id']}.html").read_text(encoding="utf-8")
