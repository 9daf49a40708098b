"""A later run takes up the clusterer's state the last grouping stored (svodka.cluster.stored):
the same events, stories and cuts as replaying every stored article, and a replay whenever the
stored state cannot be trusted."""
from __future__ import annotations

import json
import shutil

import pytest

from svodka import grouping
from svodka.corrections import merge_stories
from svodka.engine import Engine
from svodka.store import SqliteStore

from conftest import EXAMPLES


@pytest.fixture
def runs(tmp_path, monkeypatch):
    """The bundled examples in two runs: the feed export and two reports of the heating accident,
    then its three other reports (one a reprint). The examples are a small store, so the share it
    may grow by before it is replayed is raised."""
    monkeypatch.setattr(grouping, "REFIT_SHARE", 10.0)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    shutil.copy(EXAMPLES / "exports" / "feeds.jsonl", first)
    for i, path in enumerate(sorted((EXAMPLES / "teploset").iterdir())):
        shutil.copy(path, first if i < 2 else second)
    return first, second


def _grouped(store: SqliteStore) -> tuple[dict, dict, dict]:
    detail = {a: store.assignment_detail(a) for a in store.assignments()}
    return store.assignments(), store.clustered(), detail


def test_a_later_run_groups_from_the_stored_state_as_a_replay_would(tmp_path, runs):
    first, second = runs
    out = {}
    for how in ("stored", "replayed"):
        with SqliteStore(tmp_path / f"{how}.db") as store:
            assert Engine(store).run([first]).replayed == 0  # an empty store: nothing to replay
            if how == "replayed":
                store.drop_cluster_state()
            report = Engine(store).run([second])
            out[how] = report, _grouped(store)
    stored, replayed = out["stored"], out["replayed"]
    assert stored[0].replayed == 0 and replayed[0].replayed == 8  # the six feed records and two reports
    assert stored[1][:2] == replayed[1][:2]  # every event and story the same, as built and as shown
    for a, detail in stored[1][2].items():  # scores against groups stored under the term weights of
        again = replayed[1][2][a]  # a smaller store (8 articles of 11 here) move a little
        assert detail["parts"]["new_event"] == again["parts"]["new_event"]
        assert detail["event_score"] == pytest.approx(again["event_score"], abs=0.02)
        assert detail["story_score"] == pytest.approx(again["story_score"], abs=0.02)
    shown, _, _ = stored[1]
    later = ("03_region-info", "04_gazeta-oz", "05_radio-ozersk")
    assert {shown[a][1] for a in later} == {shown["01_vesti-ozersk"][1]}  # the later reports joined the story
    assert shown["03_region-info"][0] == shown["01_vesti-ozersk"][0] and stored[0].reprints == 1


def test_a_correction_or_a_half_written_grouping_makes_the_next_run_replay(tmp_path, runs, monkeypatch):
    first, second = runs
    with SqliteStore(tmp_path / "s.db") as store:
        Engine(store).run([first])
        stories = sorted({s for _, s in store.assignments().values()})
        merge_stories(store, stories[0], stories[1])  # a person's correction: the stored state is stale
        real_save = SqliteStore.save_cluster_state

        def fail(self, change, whole=False):
            raise OSError("disk full")

        monkeypatch.setattr(SqliteStore, "save_cluster_state", fail)
        with pytest.raises(OSError):
            Engine(store).run([second])  # the articles placed, the state not written
        monkeypatch.setattr(SqliteStore, "save_cluster_state", real_save)
        report = Engine(store).run([second])
        assert report.replayed == 11 and report.added == []  # all stored before, all replayed
        placed = store.assignments()
        assert len(placed) == 11 and len(store.docs()) == 11  # nothing lost, nothing twice
        merged = {a for a, (_, s) in placed.items() if s == stories[0]}
        assert len(merged) >= 4 and not any(s == stories[1] for _, s in placed.values())  # the correction kept
        assert Engine(store).run([second]).replayed == 0  # written again: the next run takes it up


@pytest.mark.slow  # a synthetic stream of 3 300 articles grouped twice: about 50 s
def test_a_synthetic_stream_in_later_runs_groups_as_replays_would(tmp_path):
    """A fifth of the articles undated, 30 % in English, with embeddings: three later runs of 100
    from the stored state end with every event, story and cut a replay before each gives."""
    from benchmarks.cluster_speed import stream
    from svodka.embed import MODEL
    from svodka.pipeline import RunReport, cluster

    docs, vectors, _ = stream(3300, per_day=300, embeddings=True, undated=0.2, english=0.3)
    out = {}
    for how in ("stored", "replayed"):
        with SqliteStore(tmp_path / f"{how}.db") as store:
            for start, stop in ((0, 3000), (3000, 3100), (3100, 3200), (3200, 3300)):
                for i in range(start, stop):
                    store.add_doc(docs[i], f"h{i}")
                store.add_embeddings(MODEL, {docs[i].id: vectors[i] for i in range(start, stop)
                                             if vectors[i] is not None})
                if how == "replayed":
                    store.drop_cluster_state()
                report = RunReport()
                cluster(store, report)
                assert (report.replayed == 0) == (how == "stored" or start == 0)
            out[how] = store.assignments(), store.clustered()
    assert out["stored"] == out["replayed"]


def test_a_later_run_writes_the_briefs_of_the_stories_it_changed(tmp_path, runs, monkeypatch):
    """Briefs are saved with what wrote them; a later run reads back those of unchanged stories
    and writes the others (here the heating story the later reports joined), and all of them
    again when the brief settings change."""
    from svodka import brief
    from svodka.brief import build_brief
    from svodka.engine import Stages

    first, second = runs
    written = []

    def counting(story, docs):
        written.append(story.id)
        return build_brief(story, docs)

    with SqliteStore(tmp_path / "s.db") as store:
        engine = Engine(store, Stages(briefer=counting))
        engine.run([first])
        before, _ = engine.records()
        assert sorted(written) == sorted(r["id"] for r in before) and len(before) == 3
        written.clear()
        engine.run([second])
        after, _ = engine.records()
        heating = next(r for r in after if "01_vesti-ozersk" in r["articles"])
        assert written == [heating["id"]] and len(heating["articles"]) == 6
        assert [r for r in after if r["id"] != heating["id"]] == [r for r in before if r["id"] != heating["id"]]
        written.clear()
        monkeypatch.setattr(brief, "MAX_QUOTES", brief.MAX_QUOTES + 1)  # as `--set briefs.max_quotes=...`
        engine.records()
        assert len(written) == 3


def test_a_page_judged_not_news_in_a_later_run_is_known_to_the_next(tmp_path, runs):
    """Stored after the state, judged not news: checked for reprints and placed in no event; the
    run after that, from the state, finds its reprint (another outlet's copy of the same text)."""
    from svodka.classify import Topic
    from svodka.engine import Stages

    first, second = runs

    def heating_is_not_news(articles):
        return [Topic("other", not a.id.startswith("04"), 1.0) for a in articles]

    with SqliteStore(tmp_path / "s.db") as store:
        Engine(store).run([first])
        report = Engine(store, Stages(classifier=heating_is_not_news)).run([second])
        assert report.replayed == 0 and "04_gazeta-oz" not in store.assignments()
        copy = tmp_path / "copy"
        copy.mkdir()
        text = store.article("04_gazeta-oz")
        (copy / "reprint.jsonl").write_text(json.dumps({"id": "reprint", "title": text.title,
                                                        "text": "\n\n".join(text.paragraphs)}) + "\n", encoding="utf-8")
        again = Engine(store).run([copy])
        assert again.replayed == 0 and again.reprints == 1 and store.article("reprint").duplicate_of == "04_gazeta-oz"


def test_a_later_run_writes_the_pages_of_the_stories_it_changed(tmp_path, runs):
    """The site of a later run is the site written afresh, but only the changed story's page is
    written again; stories.json keeps the order the stories are ranked in (newest first)."""
    import os

    from svodka.pipeline import load_stories
    from svodka.report import write_outputs

    first, second = runs
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    with SqliteStore(tmp_path / "s.db") as store:
        engine = Engine(store)
        engine.run([first])
        write_outputs(site, *engine.records())
        pages = sorted((site / "stories").glob("*.html"))
        for page in pages:
            os.utime(page, ns=(0, 0))
        engine.run([second])
        records, articles = engine.records()
        write_outputs(site, records, articles)
        write_outputs(fresh, records, articles)
        assert [r["id"] for r in records] == [s.id for s in load_stories(store)[0]]
    heating = next(r["id"] for r in records if "01_vesti-ozersk" in r["articles"])
    kept = [p.stem for p in pages if p.stat().st_mtime_ns == 0]
    assert len(pages) == 3 and sorted(kept) == sorted(p.stem for p in pages if p.stem != heating)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    assert all((site / f).read_bytes() == (fresh / f).read_bytes() for f in files)
