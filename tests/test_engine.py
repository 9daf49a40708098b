"""The engine façade with injected stages: svodka's own, the null ones, and a mix."""
from __future__ import annotations

from dataclasses import replace

from svodka.classify import Topic
from svodka.engine import NULL, Engine, Listener, Stages
from svodka.enrich import enrich
from svodka.stages import NoReprints, Singletons, bare, headline_only, verbatim
from svodka.store import SqliteStore

from conftest import EXAMPLES

TEPLOSET = EXAMPLES / "teploset"  # five reports of one heating accident, one a reprint


def test_the_default_stages_group_the_accident_and_find_its_reprint(tmp_path):
    with SqliteStore(tmp_path / "s.db") as store:
        engine = Engine(store)
        report = engine.run([TEPLOSET])
        briefs, docs = engine.briefs()
    assert len(report.added) == 5 and report.reprints == 1
    assert len(briefs) == 1 and len(briefs[0][0].articles) == 5
    assert briefs[0][1].summary and briefs[0][1].timeline  # the whole brief


def test_the_null_stages_run_the_whole_path_and_group_nothing(tmp_path):
    heard = []
    with SqliteStore(tmp_path / "s.db") as store:
        engine = Engine(store, NULL)
        report = engine.run([TEPLOSET], Listener(phase=lambda name, n: heard.append((name, n))))
        briefs, docs = engine.briefs()
    assert len(report.added) == 5 and report.reprints == 0 and report.assigned == 5
    assert len(briefs) == 5 and all(len(story.articles) == 1 for story, _ in briefs)
    assert all(b.headline and not b.summary and not b.entities for _, b in briefs)  # headline_only
    assert all(not d.entities and d.lemmas for d in docs.values())  # bare: words, no names
    assert heard == [("grouping", 5)]


def test_one_stage_swapped_changes_only_what_it_decides(tmp_path):
    with SqliteStore(tmp_path / "s.db") as store:
        report = Engine(store, Stages(deduper=NoReprints)).run([TEPLOSET])
        stories, _ = Engine(store).stories()
    assert report.reprints == 0  # no reprint is told ...
    assert len(stories) == 1 and len(stories[0].articles) == 5  # ... and the clusterer still groups all five


def test_an_injected_classifier_decides_what_is_news(tmp_path):
    def nothing_is_news(articles):
        return [Topic("other", False, 1.0) for _ in articles]

    with SqliteStore(tmp_path / "s.db") as store:
        report = Engine(store, Stages(classifier=nothing_is_news)).run([TEPLOSET])
        stories, _ = Engine(store).stories()
        kept = Engine(store, Stages(classifier=nothing_is_news), keep_not_news=True)
    assert len(report.added) == 5 and report.assigned == 0 and stories == []
    assert kept.keep_not_news


def test_a_stage_failing_on_one_page_skips_that_page_with_its_reason(tmp_path):
    def fragile(article):
        if article.id == "05_radio-ozersk":
            raise ValueError("no tokens")
        return enrich(article)

    skipped = []
    with SqliteStore(tmp_path / "s.db") as store:
        report = Engine(store, Stages(enricher=fragile)).run([TEPLOSET], Listener(reject=skipped.append))
        rejects = list(store.rejects())
    assert len(report.added) == 4 and report.rejected == {"failed": 1}
    assert len(skipped) == 1 and "05_radio-ozersk.txt" in skipped[0] and "ValueError: no tokens" in skipped[0]
    assert [r[0] for r in rejects] == [str(TEPLOSET / "05_radio-ozersk.txt")]


def test_adding_a_page_returns_the_clusterers_typed_decision(tmp_path):
    from svodka.ingest import iter_pages

    pages = sorted(iter_pages([TEPLOSET]), key=lambda p: p.source)
    with SqliteStore(tmp_path / "s.db") as store:
        engine = Engine(store, Stages(clusterer=Singletons))
        first, second = engine.add(pages[0]), engine.add(replace(pages[1], id="second"))
        again = engine.add(pages[0])
    assert first["new_event"] and first["new_story"] and second["new_event"] and second["new_story"]
    assert first["story"] != second["story"]
    assert again["duplicate_page"] and again["article"] == first["article"]


def test_the_null_versions_stand_alone():
    from svodka.ingest import iter_pages

    page = sorted(iter_pages([TEPLOSET]), key=lambda p: p.source)[3]  # the HTML page
    article = verbatim(page)
    assert "<" not in article.title + article.text and article.paragraphs
    doc = bare(article)
    assert doc.lemmas and not doc.entities and not doc.dates
    assert NoReprints().add("x", doc.lemmas) == (None, 0.0)
    assert headline_only.__name__ in repr(NULL)
