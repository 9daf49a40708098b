"""The HTTP API and pages over a store of the bundled corpus: every route, errors, writes."""
import json
import shutil
from dataclasses import replace

import numpy as np
import pytest
from fastapi.testclient import TestClient

from svodka.engine import Engine
from svodka.model import Page
from svodka.store import SqliteStore
from svodka import grouping, pipeline
from svodka.web import create_app

from conftest import EXAMPLES


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "s.db"
    with SqliteStore(db) as store:  # as `svodka run` leaves it: briefs saved
        Engine(store).run([EXAMPLES])
        Engine(store).records()
    return db


@pytest.fixture
def client(corpus_db, tmp_path):
    db = tmp_path / "s.db"
    shutil.copy(corpus_db, db)
    return TestClient(create_app(db))


def teploset_id(client):
    return next(s["id"] for s in client.get("/api/stories").json()["stories"] if "Верхнеозёрск" in s["headline"])


def test_stories_are_ranked_and_filterable(client):
    stories = client.get("/api/stories").json()["stories"]
    assert len(stories) == 3
    assert [s["importance"] for s in stories] == sorted((s["importance"] for s in stories), reverse=True)
    assert {"id", "headline", "sources", "articles", "events", "first", "last", "entities"} <= set(stories[0])
    only_en = client.get("/api/stories", params={"language": "en"}).json()["stories"]
    assert [s["headline"] for s in only_en] == [s["headline"] for s in stories if "en" in s["languages"]]
    assert len(only_en) == 2  # the rate story, and the heating story with its English report
    by_entity = client.get("/api/stories", params={"entity": "Краснов"}).json()["stories"]
    assert [s["id"] for s in by_entity] == [teploset_id(client)]
    in_april = client.get("/api/stories", params={"from": "2024-04-01", "to": "2024-04-30"}).json()["stories"]
    assert len(in_april) == 1 and "Сокол" in in_april[0]["headline"]


def test_story_article_and_search(client):
    sid = teploset_id(client)
    story = client.get(f"/api/stories/{sid}").json()
    assert story["id"] == sid and len(story["events"]) == 2 and story["summary"]
    article = client.get("/api/articles/04_gazeta-oz").json()
    assert article["story"] == sid and article["annotations"]["quotes"][0]["speaker"] == "Олег Краснов"
    hits = client.get("/api/search", params={"q": "прокуратура теплотрасс"}).json()["results"]
    assert hits and hits[0]["article"] == "04_gazeta-oz" and hits[0]["story"] == sid
    assert hits[0]["published"] and "site" in hits[0]
    page = client.get("/", params={"q": "прокуратура теплотрасс"}).text
    assert hits[0]["published"][:10] in page and "<h2>Stories</h2>" not in page  # the hits, not every story again


@pytest.mark.parametrize("method, url, body, status, code", [
    ("get", "/api/stories/nope", None, 404, "not_found"),
    ("get", "/api/articles/nope", None, 404, "not_found"),
    ("get", "/api/search", None, 422, "invalid"),
    ("get", "/api/search?q=%20", None, 422, "invalid"),
    ("get", "/api/nothing-here", None, 404, "not_found"),
    ("post", "/api/articles", {"id": "x", "text": 5}, 422, "invalid"),
    ("post", "/api/articles", {"id": "x"}, 422, "invalid"),
    ("post", "/api/stories/nope/merge", {"with": "other"}, 404, "not_found"),
    ("post", "/api/stories/nope/split", {"events": ["e"]}, 404, "not_found"),
    ("post", "/api/stories/nope/merge", {}, 422, "invalid"),
])
def test_errors_have_one_shape(client, method, url, body, status, code):
    r = getattr(client, method)(url, **({"json": body} if body is not None else {}))
    assert r.status_code == status
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]


def test_raw_body_of_the_wrong_kind(client):
    r = client.post("/api/articles", content=b"\x00\x01", headers={"content-type": "application/octet-stream"})
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"
    r = client.post("/api/articles", content=b"   ", headers={"content-type": "text/plain"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "empty"


def test_posted_page_joins_its_story(client):
    sid = teploset_id(client)
    page = (EXAMPLES / "teploset" / "05_radio-ozersk.txt").read_text(encoding="utf-8")
    page = page.replace("Радио Озёрск FM", "Городские вести").replace("Слушайте также", "Смотрите также")
    r = client.post("/api/articles?id=late-radio&published=2024-01-19", content=page.encode("utf-8"),
                    headers={"content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 201, r.text
    placed = r.json()
    assert placed["article"] == "late-radio" and placed["story"] == sid and not placed["new_story"]
    assert "late-radio" in client.get(f"/api/stories/{sid}").json()["articles"]
    again = client.post("/api/articles?id=late-radio&published=2024-01-19", content=page.encode("utf-8"),
                        headers={"content-type": "text/plain"})
    assert again.status_code == 201 and again.json()["duplicate_page"]
    r = client.post("/api/articles", json={"id": "feed-1", "published": "2024-03-14",
                                           "title": "Bank of Nordland lifts key rate by half a point to 5.5%"})
    assert r.status_code == 201 and not r.json()["duplicate_page"] and r.json()["story"] != sid


def test_a_posted_texts_stated_language_is_taken_and_a_bad_one_named(client):
    croatian = ("Vlada je danas predstavila proračun za sljedeću godinu. Ministar financija rekao je da je "
                "proračun strog, ali da plaće u javnom sektoru neće biti smanjene.")
    r = client.post("/api/articles?id=hr&language=hr", content=croatian.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 201 and not r.json()["notes"]
    assert client.get("/api/articles/hr").json()["language"] == "hr"  # detected alone: Serbian
    r = client.post("/api/articles?id=nl&language=Dutch", content="Lavrov en Blinken praten in Genève".encode(),
                    headers={"content-type": "text/plain"})
    assert r.status_code == 201 and "?language= is 'Dutch', not a two-letter" in r.json()["notes"][0]


def test_split_and_merge_survive_a_later_run(client, tmp_path):
    sid = teploset_id(client)
    events = [e["id"] for e in client.get(f"/api/stories/{sid}").json()["events"]]
    split = client.post(f"/api/stories/{sid}/split", json={"events": [events[1]]}).json()
    new_sid = split["new_story"]
    assert client.get(f"/api/stories/{new_sid}").json()["events"][0]["id"] == events[1]
    assert client.post(f"/api/stories/{sid}/split", json={"events": events}).status_code == 422
    # A later run over more pages keeps the correction.
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "x-late", "published": "2024-04-20", "title": "Металлург проиграл Соколу",
                                 "text": "Хоккеисты Металлурга уступили Соколу в первом матче финала со счётом 2:3."},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    r = client.post("/api/articles", json=json.loads(extra.read_text(encoding="utf-8")))
    assert r.status_code == 201
    assert client.get(f"/api/stories/{new_sid}").json()["events"][0]["id"] == events[1]
    merged = client.post(f"/api/stories/{sid}/merge", json={"with": new_sid})
    assert merged.status_code == 200 and merged.json()["articles_moved"] == 2
    assert len(client.get(f"/api/stories/{sid}").json()["events"]) == 2
    assert client.get(f"/api/stories/{new_sid}").status_code == 404


def test_pages_render_and_escape(client):
    sid = teploset_id(client)
    assert client.get("/").status_code == 200
    page = client.get("/", params={"q": "Lindqvist"}).text
    assert "<mark>Lindqvist</mark>" in page
    story = client.get(f"/stories/{sid}").text
    assert "Sources × claims" in story and "?hl=" in story
    article = client.get("/articles/01_vesti-ozersk", params={"hl": "0-20"}).text
    assert 'id="hl"' in article and "Лента новостей" in article  # the removed lines, behind a toggle
    assert client.get("/stories/nope").status_code == 404
    hostile = client.post("/api/articles", json={"id": "evil", "title": "Новость <script>alert(1)</script>",
                                                 "text": "Текст <img src=x onerror=alert(2)> новости о событии в городе."})
    assert hostile.status_code == 201
    html = client.get("/articles/evil").text
    assert "<script>alert" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    assert client.get("/docs").status_code == 200 and client.get("/openapi.json").json()["paths"]


def test_a_page_added_to_the_kept_groups_is_scored_as_a_run_over_the_grown_store_would_score_it(tmp_path):
    """The kept groups learn each page's terms, so the articles placed before it are weighed
    again when they are scored against it: the words a new report shares with an earlier one were
    rarer when that one was placed, and weighed so, it scored the report higher than a run would."""
    day = "2022-01-21"
    pages = [
        Page("talks-1", "api", kind="text", published=day, title="Лавров и Блинкен провели переговоры в Женеве",
             raw="Министр иностранных дел России Сергей Лавров и госсекретарь США Энтони Блинкен провели в Женеве "
                 "переговоры о гарантиях безопасности. Встреча длилась полтора часа. Лавров назвал разговор "
                 "полезным, Блинкен пообещал письменный ответ на предложения Москвы на следующей неделе."),
        Page("weather", "api", kind="text", published=day, title="В Москве ожидается снегопад",
             raw="Синоптики предупредили москвичей о сильном снегопаде в выходные. За сутки выпадет до трети "
                 "месячной нормы осадков, на дорогах ожидаются заторы."),
        Page("talks-2", "api", kind="text", published=day, title="Блинкен пообещал Лаврову письменный ответ",
             raw="Госсекретарь США Энтони Блинкен после встречи с Сергеем Лавровым в Женеве пообещал, что "
                 "Вашингтон передаст Москве письменный ответ на предложения о гарантиях безопасности. "
                 "Переговоры министров продолжались около полутора часов."),
    ]

    def placed(db, live):
        with SqliteStore(db) as store:
            return [Engine(store).add(page, live) for page in pages]

    live = grouping.LiveGrouping(refit_share=10.0)  # never read again: every page placed in memory
    kept, replayed = placed(tmp_path / "live.db", live), placed(tmp_path / "replay.db", None)
    assert [p["event"] for p in kept] == [p["event"] for p in replayed]
    assert kept[2]["event"] == kept[0]["event"] != kept[1]["event"]
    assert kept[2]["event_score"] == pytest.approx(replayed[2]["event_score"], abs=1e-9)


def test_pages_added_one_at_a_time_are_placed_from_the_groups_kept_in_memory(tmp_path, monkeypatch):
    """`svodka serve` keeps the groups between added pages: the same events and stories as
    replaying the store for every page, the store read once; read again when another writer
    changed it, and once the pages added since make up the given share of it."""
    from svodka.ingest import iter_pages

    pages = sorted((p for p in iter_pages([EXAMPLES]) if isinstance(p, Page)), key=lambda p: (p.published or "", p.source))
    reads = []
    real_init = grouping.Grouping.__init__
    monkeypatch.setattr(grouping.Grouping, "__init__", lambda self, store, *keep, **kw: (reads.append(1), real_init(self, store, *keep, **kw))[1])

    def groups(db, live):
        with SqliteStore(db) as store:
            placed = [Engine(store).add(page, live) for page in pages]
            shown = store.assignments()
        assert all(not p["duplicate_page"] for p in placed)
        events, stories = {}, {}
        for aid, (e, s) in shown.items():
            events.setdefault(e, set()).add(aid)
            stories.setdefault(s, set()).add(aid)
        return sorted(map(sorted, events.values())), sorted(map(sorted, stories.values()))

    replayed = groups(tmp_path / "replay.db", None)
    assert len(reads) == len(pages)
    reads.clear()
    live = grouping.LiveGrouping(refit_share=10.0)
    kept = groups(tmp_path / "live.db", live)
    assert reads == [1] and kept == replayed
    assert len(replayed[0]) < len(pages) and len(replayed[1]) < len(replayed[0])  # pages did join events and stories

    # Another writer (`svodka run` in another process) adds a reprint of a stored page: the next
    # page is placed after the store is read again, and joins the event of the two.
    with SqliteStore(tmp_path / "live.db") as other:
        assert live.get(other) is not None
        feed = tmp_path / "feed.jsonl"
        feed.write_text(json.dumps({"id": "other-writer", "published": "2024-03-15",
                                    "title": "Bank of Nordland raises key rate to 5.5% to fight inflation"}) + "\n",
                        encoding="utf-8")
        Engine(other).run([feed])
    reads.clear()
    with SqliteStore(tmp_path / "live.db") as store:
        page = Page("after-other", "api", "Bank of Nordland raises its key rate to 5.5% to fight inflation", "text",
                    published="2024-03-15", title="Bank of Nordland raises its key rate to 5.5% to fight inflation")
        r = Engine(store).add(page, live)
        assert reads == [1] and r["event"] == store.assignments()["other-writer"][0]
        # Embeddings made beside the server (`svodka run --embeddings` over no new page): read again.
        assert live.get(store) is not None
        with SqliteStore(tmp_path / "live.db") as other:
            other.add_embeddings("another-model", {"after-other": np.ones(4, dtype=np.float32)})
        assert live.get(store) is None
        # Grown by more than the refit share since the store was read: read again.
        live.refit_share = 0.0
        Engine(store).add(replace(page, id="one-more", published="2024-03-16", raw=page.raw + "!"), live)
        assert reads == [1, 1] and live.get(store) is not None  # read with "one-more" in it
        Engine(store).add(replace(page, id="two-more", published="2024-03-16", raw=page.raw + "!!"), live)
        assert reads == [1, 1]
        assert live.get(store) is None
        assert live.get(store) is None  # dropped, not kept stale


def test_after_a_write_readers_see_the_same_stories_as_a_server_reading_the_store_afresh(client, tmp_path, monkeypatch):
    """The server updates its snapshot with the stories a write changed instead of reading the
    whole store again; what readers get is what a fresh server over the same store gives, and
    that one decodes no article's Doc when every story's brief is saved."""
    db = tmp_path / "s.db"
    whole_reads, decoded = [], []
    real, real_docs = pipeline.load_stories, SqliteStore.docs
    monkeypatch.setattr(pipeline, "load_stories",
                        lambda store, ids=None: (whole_reads.append(ids is None), real(store, ids))[1])
    monkeypatch.setattr(SqliteStore, "docs", lambda self, ids=None: (decoded.append(ids), real_docs(self, ids))[1])
    client.get("/api/stories")
    sid = teploset_id(client)
    whole_reads.clear()
    page = (EXAMPLES / "teploset" / "05_radio-ozersk.txt").read_text(encoding="utf-8").replace("Радио Озёрск FM", "Городские вести")
    added = client.post("/api/articles?id=late-radio&published=2024-01-19", content=page.encode("utf-8"),
                        headers={"content-type": "text/plain; charset=utf-8"}).json()
    assert sid in added["stories_changed"]
    client.post("/api/articles", json={"id": "feed-9", "published": "2024-05-02",
                                       "title": "Нордландский банк снизил ключевую ставку до 5%"})
    events = [e["id"] for e in client.get(f"/api/stories/{sid}").json()["events"]]
    new_sid = client.post(f"/api/stories/{sid}/split", json={"events": [events[-1]]}).json()["new_story"]
    assert client.get(f"/api/stories/{new_sid}").status_code == 200
    client.get(f"/api/stories/{sid}")  # a brief cached before the next write
    client.post(f"/api/stories/{sid}/merge", json={"with": new_sid})
    seen = client.get("/api/stories").json()
    brief = client.get(f"/api/stories/{sid}").json()
    assert True not in whole_reads and None not in decoded  # no write made the readers read the whole store
    decoded.clear()
    fresh = TestClient(create_app(db))
    assert fresh.get("/api/stories").json() == seen and fresh.get(f"/api/stories/{sid}").json() == brief
    assert decoded == []
    fresh.get("/api/articles/late-radio")
    assert decoded == [["late-radio"]]  # an article's Doc read when asked for
    assert "late-radio" in brief["articles"] and [e["id"] for e in brief["events"]] == events


def test_a_server_over_a_store_without_saved_briefs_shows_what_one_reading_them_does(client, corpus_db, tmp_path):
    """Stories without a saved brief are listed and briefed from their articles' Docs; the saved
    ones without a Doc: the lists, briefs and search are the same."""
    bare = tmp_path / "bare.db"
    shutil.copy(corpus_db, bare)
    with SqliteStore(bare) as store:
        store.keep_briefs(set())
    other = TestClient(create_app(bare))
    listed = client.get("/api/stories").json()
    assert other.get("/api/stories").json() == listed and len(listed["stories"]) == 3
    for story in listed["stories"]:
        assert other.get(f"/api/stories/{story['id']}").json() == client.get(f"/api/stories/{story['id']}").json()
    assert other.get("/api/search", params={"q": "отопления"}).json() == client.get("/api/search", params={"q": "отопления"}).json()
    assert other.get("/api/stories", params={"language": "en"}).json()["stories"] \
        == client.get("/api/stories", params={"language": "en"}).json()["stories"] != []
    from typer.testing import CliRunner

    from svodka.cli import app

    for args in (["stories", "--format", "json"], ["stories", "--format", "csv"], ["stories", "--topic", "economy"]):
        bare_out, saved_out = (CliRunner().invoke(app, [*args, "--db", str(db)]).stdout for db in (bare, corpus_db))
        assert bare_out == saved_out and len(bare_out.splitlines()) >= 1


def test_a_story_has_one_headline_in_every_output(client, corpus_db):
    """The list, the story's own record, the CLI listing and the brief agree (a reprint's title
    counts no more than its original's)."""
    from typer.testing import CliRunner

    from svodka.cli import app

    listed = {s["id"]: s["headline"] for s in client.get("/api/stories").json()["stories"]}
    assert listed and all(client.get(f"/api/stories/{sid}").json()["headline"] == h for sid, h in listed.items())
    cli = [json.loads(line) for line in CliRunner().invoke(app, ["stories", "--db", str(corpus_db), "--json"]).stdout.splitlines()]
    assert {s["id"]: s["headline"] for s in cli} == listed
    assert "Авария на теплосетях оставила без отопления школы и 120 домов в Верхнеозёрске" in listed.values()
