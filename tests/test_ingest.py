import json

import pytest

from svodka.errors import Rejected
from svodka.ingest import decode_bytes, iter_pages
from svodka.model import Page

RU = "Переговоры глав МИД России и США завершились в Женеве раньше запланированного времени."


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "koi8_r", "utf-16"])
def test_decodes_cyrillic_code_pages(encoding):
    text = (RU + "\n") * 3
    assert decode_bytes(text.encode(encoding), "page.txt").strip() == text.strip()


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
])
def test_rejects_bad_bytes_with_a_reason(data, reason):
    with pytest.raises(Rejected) as info:
        decode_bytes(data, "bad.txt")
    assert info.value.reason == reason
    assert "bad.txt" in str(info.value)


def test_folder_walk_keeps_ids_sources_and_goes_on_after_bad_items(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>" + RU + "</p></body></html>", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "x1", "text": RU, "url": "https://www.example.ru/a/1", "published": "2022-01-21"}),
        "{broken json",
        json.dumps({"title": "Только заголовок новости о переговорах"}),
        json.dumps({"id": "x3", "text": 5}),
    ]), encoding="utf-8")
    items = list(iter_pages([tmp_path]))
    pages = [i for i in items if isinstance(i, Page)]
    rejected = {(i.source.split("/")[-1], i.reason) for i in items if isinstance(i, Rejected)}
    assert {p.id for p in pages} == {"a", "b", "x1", "feed-3"}
    assert rejected == {("empty.txt", "empty"), ("c.bin", "binary"), ("feed.jsonl:2", "broken-jsonl"),
                        ("feed.jsonl:4", "broken-jsonl")}
    x1 = next(p for p in pages if p.id == "x1")
    assert (x1.site, x1.published, x1.source) == ("example.ru", "2022-01-21", "https://www.example.ru/a/1")
    assert next(p for p in pages if p.id == "b").kind == "html"


def test_gzipped_pages_and_exports_are_read_as_the_files_they_hold(tmp_path):
    import gzip

    lines = [json.dumps({"id": f"r{i}", "text": f"{RU} Запись {i}."}, ensure_ascii=False) for i in range(400)]
    (tmp_path / "export.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(f"<html><body><p>{RU}</p></body></html>".encode()))
    whole = gzip.compress(("\n".join(lines) + "\n").encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[:len(whole) // 2])  # a download cut short
    items = list(iter_pages([tmp_path]))
    pages = [i for i in items if isinstance(i, Page)]
    assert sum(p.source.startswith(str(tmp_path / "export.jsonl.gz")) for p in pages) == 400
    [page] = [p for p in pages if p.source.endswith("page.html.gz")]
    assert (page.id, page.kind) == ("page", "html")
    cut = [p for p in pages if "cut.jsonl.gz" in p.source]
    assert 0 < len(cut) < 400 and [p.id for p in cut] == [f"r{i}" for i in range(len(cut))]
    [broken] = [i for i in items if isinstance(i, Rejected)]
    assert broken.reason == "broken-gzip" and "cut.jsonl.gz" in str(broken)


def test_a_spreadsheets_rows_are_records_under_its_header(tmp_path):
    import csv
    import gzip
    import io

    rows = [["Title", "Text", "URL", "Published"],
            ["Переговоры в Женеве", RU + "\nВторой абзац с «кавычками»; и точкой с запятой.", "https://ria.ru/1", "21.01.2022"],
            ["", "", "", ""],
            ["Только заголовок", "", "", ""]]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)  # Excel's Russian export: semicolons, cp1251
    (tmp_path / "excel.csv").write_bytes(out.getvalue().encode("cp1251"))
    tsv = "title\ttext\n" + "\n".join(f"Новость {i}\t{RU} Номер {i}." for i in range(3)) + "\n"
    (tmp_path / "feed.tsv.gz").write_bytes(gzip.compress(tsv.encode()))
    (tmp_path / "prices.csv").write_text("sku,price\n1,10\n", encoding="utf-8")
    items = list(iter_pages([tmp_path]))
    pages = {p.id: p for p in items if isinstance(p, Page)}
    # a record's id is its file and the line it starts on (the first spans two, the blank row is none)
    assert set(pages) == {"excel-2", "excel-5", "feed-2", "feed-3", "feed-4"}
    first = pages["excel-2"]
    assert (first.title, first.published, first.site, first.source) == (
        "Переговоры в Женеве", "21.01.2022", "ria.ru", "https://ria.ru/1")
    assert "точкой с запятой" in first.raw and first.raw.count("\n") == 1
    assert pages["excel-5"].title == "Только заголовок" and pages["feed-3"].raw.endswith("Номер 1.")
    [refused] = [i for i in items if isinstance(i, Rejected)]
    assert refused.reason == "csv-columns" and "prices.csv" in str(refused) and "sku, price" in str(refused)


def test_a_zip_archives_files_are_read_as_the_files_they_are(tmp_path):
    import gzip
    import zipfile

    with zipfile.ZipFile(tmp_path / "pages.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("geneva/talks.html", f"<html><body><p>{RU}</p></body></html>")
        z.writestr("geneva/export.jsonl", json.dumps({"id": "call", "text": RU}, ensure_ascii=False) + "\n")
        z.writestr("__MACOSX/geneva/._talks.html", b"\x00\x05\x16\x07")  # a resource fork: no page
        z.writestr("old.jsonl.gz", gzip.compress(b"{}"))
    (tmp_path / "report.docx").write_bytes((tmp_path / "pages.zip").read_bytes())  # a zip by content only
    items = list(iter_pages([tmp_path / "pages.zip"]))
    pages = {p.id: p for p in items if isinstance(p, Page)}
    assert set(pages) == {"talks", "call"} and pages["talks"].kind == "html"
    assert pages["talks"].source.endswith("pages.zip!geneva/talks.html")
    [nested] = [i for i in items if isinstance(i, Rejected)]
    assert nested.reason == "nested-archive" and nested.source.endswith("pages.zip!old.jsonl.gz")
    # the same archive again: the same identities, so a second run adds nothing
    assert {p.identity for p in pages.values()} == {p.identity for p in iter_pages([tmp_path / "pages.zip"])
                                                    if isinstance(p, Page)}
    [docx] = list(iter_pages([tmp_path / "report.docx"]))
    assert isinstance(docx, Rejected) and docx.reason == "binary"


def test_a_media_monitoring_export_is_read_by_its_russian_column_names(tmp_path):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([
        ["Дата", "СМИ", "Заголовок", "Текст", "Ссылка"],
        ["21.01.2022", "РБК", "Лавров сообщил о реакции США", RU, "https://www.rbc.ru/politics/21/01/2022/1"]])
    (tmp_path / "export.csv").write_bytes(out.getvalue().encode("cp1251"))
    [page] = list(iter_pages([tmp_path]))
    assert (page.title, page.raw, page.published, page.site, page.url) == (
        "Лавров сообщил о реакции США", RU, "21.01.2022", "РБК", "https://www.rbc.ru/politics/21/01/2022/1")


def test_a_json_files_records_are_read_from_a_list_or_an_apis_answer(tmp_path):
    records = [{"title": f"Новость {i}", "text": f"{RU} Номер {i}.", "url": f"https://ria.ru/{i}"} for i in range(2)]
    (tmp_path / "list.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    answer = {"status": "ok", "totalResults": 2, "articles": [
        {"title": "Лавров и Блинкен поговорили по телефону", "description": RU,
         "url": "https://www.rbc.ru/politics/1", "publishedAt": "2022-02-01T15:00:00Z", "source": {"name": "РБК"}}]}
    (tmp_path / "newsapi.json").write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"id": "solo", "text": RU}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "cut.json").write_text(json.dumps(records)[:-20], encoding="utf-8")
    (tmp_path / "odd.json").write_text(json.dumps({"a": [{"x": 1}], "b": [{"y": 2}]}), encoding="utf-8")
    items = list(iter_pages([tmp_path]))
    pages = {p.id: p for p in items if isinstance(p, Page)}
    assert set(pages) == {"list-1", "list-2", "newsapi-1", "solo"}
    assert (pages["list-2"].title, pages["list-2"].site) == ("Новость 1", "ria.ru")
    call = pages["newsapi-1"]
    assert (call.published, call.site, call.raw) == ("2022-02-01T15:00:00Z", "rbc.ru", RU)
    refused = {i.source.split("/")[-1]: i.reason for i in items if isinstance(i, Rejected)}
    assert refused == {"cut.json": "broken-json", "odd.json": "json-shape"}


def test_missing_path_is_reported_not_raised(tmp_path):
    [item] = list(iter_pages([tmp_path / "nope"]))
    assert isinstance(item, Rejected) and item.reason == "not-found"


def test_a_record_whose_text_an_export_left_quoted_as_a_csv_value_is_unquoted(tmp_path):
    from svodka.extract import extract_article

    quoted = ('"В Казани открыли новый мост через Казанку, сообщил мэр. ""Мост выдержит любой паводок"", '
              'сказал он журналистам. Движение по мосту начнётся в понедельник. "')
    plain = '"Спартак" выиграл у "Зенита" со счётом 2:1 в матче 10-го тура чемпионата России по футболу.'
    src = tmp_path / "export.jsonl"
    src.write_text("".join(json.dumps({"id": i, "title": "Новости", "text": t}, ensure_ascii=False) + "\n"
                           for i, t in (("q", quoted), ("p", plain))), encoding="utf-8")
    pages = {p.id: p for p in iter_pages([src])}
    assert pages["q"].raw.startswith("В Казани") and '«' not in pages["q"].raw
    assert '"Мост выдержит любой паводок", сказал' in pages["q"].raw
    assert any("quoted as a CSV value" in n for n in pages["q"].notes)
    assert pages["p"].raw == plain and not pages["p"].notes  # quotes of names, not a CSV field
    assert extract_article(pages["q"]).paragraphs[0].startswith("В Казани открыли новый мост")


def test_a_records_stated_language_and_other_exports_field_names_are_read(tmp_path):
    from svodka.extract import extract_article

    records = [
        # fastText reads this headline as Malay; the export says English
        {"id": "box", "title": "Cavaliers-Wizards, Box", "lang": "en", "date": "2019-11-18"},
        {"id": "gb", "headline": "Lavrov and Blinken meet in Geneva", "language": "en-GB"},
        {"id": "np", "title": "Лавров и Блинкен встретились в Женеве", "language": "ru",
         "maintext": "Министры иностранных дел России и США провели переговоры в Женеве.",
         "date_publish": "2022-01-21 14:05:00", "source_domain": "example.ru"},
        {"id": "api", "title": "Talks end early", "text": "The talks ended early.", "publishedAt": "2022-01-21T12:00:00Z",
         "published": "2022-01-22", "language": "English"},
        {"id": "epoch", "title": "Talks end early", "published": 1642759200},
        {"id": "gdelt", "title": "Talks end early", "date": "20220121T103000Z"},
        {"id": "lead", "title": "Talks end early", "description": "The talks in Geneva ended an hour early.",
         "publishedAt": "2022-01-21T12:00:00Z"},
        {"id": "none", "summary": "Only a summary", "lang": "de"},
    ]
    src = tmp_path / "export.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    items = {getattr(p, "id", None) or p.source: p for p in iter_pages([src])}
    box, gb, np_, api = items["box"], items["gb"], items["np"], items["api"]
    assert (box.language, box.published) == ("en", "2019-11-18")
    assert extract_article(box).language == "en"
    assert (gb.title, gb.language) == ("Lavrov and Blinken meet in Geneva", "en")
    assert (np_.raw, np_.published, np_.site, np_.language) == (
        "Министры иностранных дел России и США провели переговоры в Женеве.", "2022-01-21 14:05:00", "example.ru", "ru")
    assert api.published == "2022-01-22" and api.language is None  # its own field wins; a name is no code
    assert any("field 'language' is 'English', not a two-letter ISO 639-1 code" in n for n in api.notes)
    assert extract_article(api).language == "en"
    assert extract_article(items["epoch"]).published == extract_article(items["gdelt"]).published == "2022-01-21"
    assert items["lead"].raw == "The talks in Geneva ended an hour early."  # NewsAPI's description: the lead
    [rejected] = [p for p in items.values() if isinstance(p, Rejected)]
    assert rejected.source.endswith("export.jsonl:8") and "nor 'maintext', 'description'" in rejected.detail


def test_a_pipe_is_read_as_json_or_jsonl_by_its_first_line():
    import io

    from svodka.ingest.files import read_stream

    records = [{"title": f"Новость {i}", "text": f"{RU} Номер {i}."} for i in range(2)]
    answer = {"status": "ok", "articles": [{"title": "Лавров и Блинкен поговорили", "description": RU}]}
    streams = {
        "jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        "list": json.dumps(records, ensure_ascii=False, indent=1),
        "answer on one line": json.dumps(answer, ensure_ascii=False),
        "answer over lines": json.dumps(answer, ensure_ascii=False, indent=2),
    }
    read = {name: list(read_stream(io.BytesIO(text.encode()))) for name, text in streams.items()}
    assert all(isinstance(p, Page) for items in read.values() for p in items), read
    assert [p.title for p in read["jsonl"]] == [p.title for p in read["list"]] == ["Новость 0", "Новость 1"]
    assert [p.title for p in read["answer on one line"]] == [p.title for p in read["answer over lines"]] == [
        "Лавров и Блинкен поговорили"]
