"""Pages in a real headless Chromium (Debian's package, driven by Playwright; no browser download)."""
import shutil
import socket
import threading
import time

import pytest

from svodka.engine import Engine
from svodka import pipeline
from svodka.model import Page
from svodka.store import SqliteStore

from conftest import EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    uvicorn = pytest.importorskip("uvicorn")
    from svodka.web import create_app

    db = tmp_path_factory.mktemp("web") / "s.db"
    with SqliteStore(db) as store:
        Engine(store).run([EXAMPLES])
        hostile = Page(id="evil", source="evil", kind="text", raw="",
                                title="Новость <script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\">")
        Engine(store).add(hostile)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser.new_page()
        browser.close()


def test_front_page_search_story_and_cited_passage(server, page):
    page.goto(server + "/")
    assert page.locator(".story").count() >= 3
    page.fill("input[name=q]", "прокуратура")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#results li a")
    assert "Прокуратура" in page.inner_text("#results")
    page.goto(server + "/")
    page.click("text=Авария на теплосетях")
    page.wait_for_selector("#summary")
    first_cite = page.locator("#summary .src a").first
    first_cite.click()
    page.wait_for_selector("mark#hl")
    passage = page.inner_text("mark#hl")
    assert len(passage) > 20 and passage in page.inner_text("#text")


def test_hostile_article_executes_nothing(server, page):
    page.goto(server + "/articles/evil")
    assert "<script>" in page.inner_text("h1")
    assert page.evaluate("window.__pwned === undefined")
    page.click("text=its story")
    page.wait_for_url("**/stories/*")
    assert "<script>" in page.inner_text("h1") and "onerror" in page.inner_text("h1")
    assert page.evaluate("window.__pwned === undefined")
    page.goto(server + "/")
    assert page.evaluate("window.__pwned === undefined")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from svodka.report import write_outputs

    out = tmp_path_factory.mktemp("report")
    with SqliteStore(out / "s.db") as store:
        Engine(store).run([EXAMPLES])
        records, articles = pipeline.brief_records(store)
    return write_outputs(out / "site", records, articles)


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    yield page
    page.set_viewport_size({"width": 1280, "height": 800})


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_story_reads_on_a_phone_screen_served_and_static(server, report, phone):
    for start, link in ((server + "/", "text=Авария на теплосетях"), (report.as_uri(), "text=Авария на теплосетях")):
        phone.goto(start)
        assert _fits_the_screen(phone)
        phone.click(link)
        phone.wait_for_selector("table.matrix")
        assert _fits_the_screen(phone)  # the sources × claims table scrolls inside its own box
        chips = phone.locator("#summary .src a, .src a").all_inner_texts()
        # chips name the outlet where the page gave one, not a file id
        assert chips and any("." in c or " " in c for c in chips) and not all(c[:2].isdigit() for c in chips)
        boxes = phone.evaluate("Array.from(document.querySelectorAll('.src a')).map(a => a.getBoundingClientRect().right)")
        assert max(boxes) <= 390


def test_the_static_report_gives_the_sources_and_claims_table_and_source_counts(report, page):
    page.goto(report.as_uri())
    assert page.locator(".story .meta").first.inner_text().count("source") == 1
    page.click("text=Авария на теплосетях")
    page.wait_for_selector("table.matrix")
    header = page.locator("table.matrix tr").first.locator("th").all_inner_texts()
    assert header[0] == "claim" and len(header) >= 3  # a column per source
    rows = page.locator("table.matrix tr").count()
    assert rows >= 4 and page.locator("table.matrix td.yes").count() >= rows - 1
