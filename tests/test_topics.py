"""Rubrics and the news filter: each article's topic and is_news, pages that are not news listed
apart, stories filtered by topic."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from svodka.classify import E5TopicClassifier, rubric_topic
from svodka.cli import app
from svodka.model import Article
from svodka.web import create_app

runner = CliRunner()
RECORDS = [
    {"id": "derby", "published": "2024-03-10", "title": "«Спартак» обыграл ЦСКА в московском дерби",
     "text": "«Спартак» победил ЦСКА со счётом 2:1 в матче 15-го тура Российской премьер-лиги. Победный гол забил "
             "Квинси Промес на 88-й минуте, сообщает пресс-служба клуба."},
    {"id": "rate", "published": "2024-03-10", "title": "Центробанк сохранил ключевую ставку на уровне 16%",
     "text": "Банк России на заседании в пятницу сохранил ключевую ставку на уровне 16% годовых. Регулятор "
             "объяснил решение устойчиво высокой инфляцией и ростом кредитования."},
    {"id": "borscht", "published": "2024-03-10", "title": "Рецепт: как приготовить борщ за 40 минут",
     "text": "Нарежьте свёклу соломкой и обжарьте её с морковью и луком. Добавьте томатную пасту и тушите десять "
             "минут. Картофель и капусту опустите в кипящий бульон, варите до готовности."},
    {"id": "sofa", "published": "2024-03-10", "title": "Купить диван недорого со скидкой до 50%",
     "text": "Распродажа мебели в салоне «Уют»: диваны, кресла и шкафы со скидкой до 50%. Доставка по городу "
             "бесплатно. Звоните и заказывайте прямо сейчас!"},
]


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("topics")
    src = tmp / "mixed.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    result = run("run", src, "--out", tmp / "o", "--db", tmp / "s.db", "-q")
    assert "2 pages judged not news listed apart" in result.output
    return tmp


@pytest.mark.parametrize("rubric, topic", [
    ("Спорт", "sports"), ("Футбол", "sports"), ("Categories: Business", None), ("Business, Markets", "economy"),
    ("Политика", "society"), ("Наука", "science"), ("Hi-Tech", "technology"), ("Культура", "entertainment"),
    ("Разное", None), (None, None),
])
def test_a_rubric_the_page_states_maps_onto_the_seven(rubric, topic):
    assert rubric_topic(rubric) == topic


def test_the_rubric_a_page_states_decides_its_topic():
    article = Article("x", "x", "Сборная вышла в финал", ("Сборная Нордланда обыграла Швецию и вышла в финал.",),
                      category="Спорт")
    [topic] = E5TopicClassifier()([article])
    assert (topic.topic, topic.is_news, topic.rubric) == ("sports", True, True)


def test_articles_carry_their_topic_and_pages_that_are_not_news_form_no_stories(store):
    articles = {a["id"]: a for a in map(json.loads, (store / "o" / "articles.jsonl").read_text(encoding="utf-8").splitlines())}
    assert {k: (a["topic"], a["is_news"]) for k, a in articles.items() if a["is_news"]} == {
        "derby": ("sports", True), "rate": ("economy", True)}
    assert {k for k, a in articles.items() if a["is_news"] is False} == {"borscht", "sofa"}
    stories = json.loads((store / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted((s["topic"], s["articles"]) for s in stories) == [("economy", ["rate"]), ("sports", ["derby"])]
    listed = (store / "o" / "not-news.html").read_text(encoding="utf-8")
    assert "Рецепт: как приготовить борщ" in listed and "Купить диван" in listed
    assert "2 pages judged not news" in (store / "o" / "index.html").read_text(encoding="utf-8")
    apart = run("articles", "--db", store / "s.db", "--not-news").stdout.splitlines()
    assert sorted(line.split()[0] for line in apart) == ["borscht", "sofa"]


def test_stories_filter_by_topic_in_the_cli_and_the_api(store):
    db = store / "s.db"
    [sports] = [json.loads(line) for line in run("stories", "--db", db, "--json", "--topic", "sports").stdout.splitlines()]
    assert (sports["topic"], sports["headline"]) == ("sports", RECORDS[0]["title"])
    assert run("stories", "--db", db, "--topic", "weather").exit_code == 2
    client = TestClient(create_app(db))
    assert [s["topic"] for s in client.get("/api/stories", params={"topic": "economy"}).json()["stories"]] == ["economy"]
    assert {a["id"] for a in client.get("/api/not-news").json()["articles"]} == {"borscht", "sofa"}
    page = client.get("/", params={"topic": "sports"}).text
    assert "«Спартак» обыграл ЦСКА" in page and "Центробанк" not in page and "2 pages judged not news" in page
    assert "Купить диван" in client.get("/not-news").text
    assert client.get("/api/articles/sofa").json()["is_news"] is False  # listed apart, still readable
    assert "Распродажа мебели" in client.get("/articles/sofa").text
    article = client.get("/api/articles/rate").json()
    assert (article["topic"], article["is_news"]) == ("economy", True)


def test_keep_not_news_groups_them_too(store, tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    result = run("run", src, "--out", tmp_path / "o", "--db", tmp_path / "s.db", "-q", "--keep-not-news")
    assert "judged not news" not in result.output
    stories = json.loads((tmp_path / "o" / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(a for s in stories for a in s["articles"]) == ["borscht", "derby", "rate", "sofa"]


def test_extract_json_gives_topic_and_is_news(tmp_path):
    page = tmp_path / "derby.txt"
    page.write_text(RECORDS[0]["title"] + "\n\n" + RECORDS[0]["text"], encoding="utf-8")
    [record] = [json.loads(line) for line in run("extract", page, "--json").stdout.splitlines()]
    assert (record["topic"], record["is_news"]) == ("sports", True)


def test_the_geneva_pages_are_news_on_society(samples):
    from svodka.extract import extract_article
    from svodka.ingest import iter_pages

    articles = [extract_article(p) for p in iter_pages([samples])]
    assert [(t.topic, t.is_news) for t in E5TopicClassifier()(articles)] == [("society", True)] * 3
