"""The store's groups in memory: every article's features, the near-duplicate index and the online
clusterer, taken up from the state the last grouping stored (svodka.cluster.stored) or replayed
from every stored assignment; `Grouping.place` puts new articles in, cuts the events they changed
and writes the state back. svodka.pipeline makes one per run; `svodka serve` keeps one
(`LiveGrouping`)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import replace
from datetime import date
from typing import Protocol

import numpy as np

from svodka.cluster import DocFeatures, Featurizer
from svodka.cluster.features import doc_day
from svodka.cluster.groups import Group
from svodka.cluster.online import Assignment, OnlineClusterer
from svodka.cluster.scoring import series_apart
from svodka.cluster.split import SPLIT_MIN_MEMBERS, cut_id, split_event
from svodka.cluster.stored import FORMAT as STATE_FORMAT
from svodka.cluster.stored import Bound, Loaded, StoredDeduper, changes, stored_tables, whole_state
from svodka.dedup import SIGNATURE_SCHEME, signature
from svodka.dedup.minhash import MinHashDeduper
from svodka.embed import MODEL as EMBEDDING_MODEL
from svodka.enrich.dates import resolve_dates
from svodka.model import Doc
from svodka.stages import Clusterer, Stages
from svodka.store import SqliteStore


class Tally(Protocol):
    """What placing counts (svodka.pipeline.RunReport): articles placed, stories changed."""
    assigned: int
    stories: set[str]


def _quiet(_: str) -> None:
    return None


def _time_key(doc: Doc) -> tuple[str, str]:
    day = doc_day(doc)
    return (day.isoformat() if day else "9999", doc.id)


def upgrade(store: SqliteStore) -> None:
    """Fill in, once, what a store written by an earlier svodka lacks before it is grouped: the
    dates a title names (read from the title as `enrich` reads them)."""
    if old := store.docs_without("title_dates"):
        store.update_docs([replace(d, title_dates=resolve_dates(d.article.title, _day(d.anchor_date))
                                   if d.article.title else ()) for d in old])


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# A grouping kept in memory (`svodka serve`) or in the store (a later run) is read anew, its
# articles featurized under the grown store's term weights, once the articles added since it was
# made reach this share of those it was made from.
REFIT_SHARE = 0.1


class Grouping:
    """The store's groups: the articles' features, the near-duplicate index and the clusterer;
    ``place`` puts new articles in. Read from the clusterer's state the last grouping left in the
    store (svodka.cluster.stored: only what the new articles touch is loaded), or, when there is
    none to trust (another svodka wrote it, a person corrected a story, articles placed since got
    embeddings, the store grew by REFIT_SHARE since it was replayed, other stages), replayed from
    every stored assignment. ``svodka run`` makes one per run; ``svodka serve`` keeps one between
    the pages it is sent (``LiveGrouping``). Pages judged not news are checked for reprints but
    placed in no event (unless ``keep_not_news``); those checked in an earlier run are known again."""

    def __init__(self, store: SqliteStore, keep_not_news: bool = False, stages: Stages = Stages()) -> None:
        self.keep_not_news = keep_not_news
        self._made: dict[str, np.ndarray] = {}  # signatures made since the last store write
        self._weighed: dict[str, DocFeatures] = {}  # features under the IDF as it is (`refeaturize`)
        self.keeps_state = stages.deduper is MinHashDeduper and stages.clusterer is OnlineClusterer
        meta = store.cluster_meta() if self.keeps_state else {}
        self.stored = bool(meta) and self._resume(store, meta, stages)
        if not self.stored:  # (a stored state was written after `upgrade`, by this svodka)
            upgrade(store)
            self._replay(store, stages)

    def _resume(self, store: SqliteStore, meta: dict, stages: Stages) -> bool:
        """Take up the state the last grouping stored, if it is the store's; whether it was."""
        stamp = meta.get("stamp") or {}
        now = store.grouping_stamp(stamp.get("embedding", 0))
        if meta.get("format") != STATE_FORMAT or meta.get("keep_not_news") != self.keep_not_news \
                or (now["seq"], now["corrections"]) != (stamp.get("seq"), stamp.get("corrections")) \
                or now["late_embedding"]:
            return False
        fresh = store.unplaced(stamp["articles"])  # every article stored since: counted, checked for reprints
        self.fitted = meta["fitted"]
        if meta["n"] + len(fresh) - self.fitted > REFIT_SHARE * self.fitted:
            return False
        src = self._source = Bound(store)
        self.featurizer = Featurizer.stored(meta["n"], lambda terms: src.term_counts(terms))
        self.by_id: MutableMapping[str, Doc] = Loaded(lambda ids: {d.id: d for d in src.docs(ids)})
        self.vectors: MutableMapping[str, np.ndarray] = Loaded(lambda ids: src.embeddings(EMBEDDING_MODEL, ids))
        self.learn(fresh, src.embeddings(EMBEDDING_MODEL, [d.id for d in fresh]))
        new = [d for d in fresh if self._groupable(d) or d.lemmas]
        self.deduper = StoredDeduper(src, lambda aid: self.by_id[aid].lemmas)
        self.clusterer = stages.clusterer(pinned=frozenset(meta["pinned"]), tables=stored_tables(src, meta))
        self.duplicate_of: MutableMapping[str, str] = Loaded(
            lambda ids: {a: o for a, o in src.duplicates_of(ids).items() if o})
        self._stored_signatures = store.signatures_of(SIGNATURE_SCHEME, [d.id for d in new])
        self.order: MutableMapping[str, int] = Loaded(lambda ids: src.placed_order(ids))  # the order articles were placed in
        self._placed = stamp["seq"]
        self.unplaced = sorted(new, key=_time_key)
        self._whole = False
        return True

    def _replay(self, store: SqliteStore, stages: Stages) -> None:
        docs = store.docs()
        done = store.clustered()
        self.vectors = store.embeddings(EMBEDDING_MODEL)
        self.featurizer = Featurizer(docs)
        self.deduper = stages.deduper()
        self.clusterer = stages.clusterer(pinned=store.corrected_events())
        self.by_id = {d.id: d for d in docs}
        self.duplicate_of = {d.id: d.article.duplicate_of for d in docs if d.article.duplicate_of}
        self._stored_signatures = store.signatures(SIGNATURE_SCHEME)
        self.order = {}
        apart = [d for d in docs if d.id not in done and not self._groupable(d)
                 and (d.id in self._stored_signatures or not d.lemmas)]
        for d in apart:
            self.deduper.restore(d.id, d.lemmas, self._signature(d), duplicate_of=d.article.duplicate_of)
        for aid, (event_id, story_id) in done.items():
            d = self.by_id[aid]
            self.deduper.restore(aid, d.lemmas, self._signature(d), duplicate_of=d.article.duplicate_of)
            self.clusterer.restore(self.featurize(d), event_id, story_id)
            self.order[aid] = len(self.order)
        self._placed = len(self.order)
        known = done.keys() | {d.id for d in apart}
        self.unplaced = sorted((d for d in docs if d.id not in known), key=_time_key)
        self.fitted = len(docs)  # how many articles the IDF was fitted on
        self._whole = self.keeps_state  # the whole state is written after the first placing

    def bind(self, store: SqliteStore) -> None:
        """Read what is still to be read from ``store`` (the same file, opened again)."""
        if self.stored:
            self._source.store = store

    def _groupable(self, d: Doc) -> bool:
        return self.keep_not_news or d.article.is_news is not False

    def featurize(self, d: Doc):
        return self.featurizer(d, self.vectors.get(d.id))

    def refeaturize(self, f: DocFeatures) -> DocFeatures:
        """A placed article's features made again under the IDF learned since (``learn``); once
        until the IDF learns again."""
        w = self._weighed.get(f.id)
        if w is None:
            w = self._weighed[f.id] = self.featurizer.reweigh(f, self.by_id[f.id])
        return w

    def _current(self, ev: Group, members: list[str]) -> list[DocFeatures]:
        """The members' features under the term weights as they are: the latest members' as the
        event holds them when nothing was learned since the fit, else those made since (`_weighed`);
        the others made again."""
        known = self._weighed if self.featurizer.learned else {f.id: f for f in ev.recent}
        return [known.get(a) or self.featurize(self.by_id[a]) for a in members]

    def _signature(self, d: Doc) -> np.ndarray | None:
        sig = self._stored_signatures.get(d.id)
        if sig is None and (sig := signature(d.lemmas)) is not None:
            self._made[d.id] = sig
        return sig

    def learn(self, docs: list[Doc], vectors: dict[str, np.ndarray]) -> None:
        """Take in articles added to the store since it was read, before they are placed."""
        for d in docs:
            self.by_id[d.id] = d
            self.featurizer.learn(d)
        self.vectors.update(vectors)
        self._weighed.clear()

    def place(self, store: SqliteStore, docs: list[Doc], report: Tally, on_page=_quiet) -> None:
        """Place ``docs`` (articles of the store, not yet placed), oldest first, store where each
        went, then cut the events they changed."""
        by_id, deduper, duplicate_of = self.by_id, self.deduper, self.duplicate_of
        touched: set[str] = set()
        placed: list[Assignment] = []
        features: list[DocFeatures] = []
        bands: list[tuple[str, np.ndarray]] = []
        for d in sorted(docs, key=_time_key):
            sig = self._signature(d)
            if sig is not None and not self._whole:  # (the whole state takes the signatures the deduper holds)
                bands.append((d.id, sig))
            original, similarity = deduper.add(d.id, d.lemmas, sig=sig,
                                               apart=lambda cand: cand in by_id and series_apart(d, by_id[cand]))
            joins = original  # a reprint joins its original's event
            later = original is not None and _time_key(by_id[original]) > _time_key(d)
            if later:  # a stored page repeats this one, written after it: this one is the first report
                moved = sorted(deduper.credit(d.id, original), key=lambda aid: _time_key(by_id[aid]))
                for aid in moved:
                    store.set_duplicate(aid, d.id)
                    duplicate_of[aid] = d.id
                original = None
            elif original is not None:
                store.set_duplicate(d.id, original)
                duplicate_of[d.id] = original
            if not self._groupable(d):  # checked for reprints, placed in no event
                on_page(d.id)
                continue
            # pages learned since the fit: the members' features are weighed afresh
            reweigh = self.refeaturize if self.featurizer.learned else None
            f = self.featurize(d)
            if reweigh is not None:
                self._weighed[d.id] = f
            a = self.clusterer.add(f, duplicate_of=joins, reweigh=reweigh)
            if not self._whole:  # what `changes` writes; the whole state is written from the clusterer
                placed.append(a)
                features.append(f)
            detail = {k: round(v, 4) for k, v in a.event_parts.items()}
            # the event and story as they were then: a later bridge may merge them away
            detail["placed_in"], detail["placed_in_story"] = a.event_id, a.story_id
            detail["new_event"], detail["new_story"] = a.new_event, a.new_story  # the clusterer's decision, kept
            if joins is not None:
                detail["duplicate_similarity"] = round(similarity, 4)
            if later:
                detail["first_report_of"] = moved
            if a.closest_event is not None:
                detail["closest_event"] = a.closest_event
            if a.closest_story is not None:
                detail["closest_story"] = a.closest_story
            if a.story_apart is not None:
                detail["closest_story_apart"] = a.story_apart
            if a.merged:
                detail["merged_events"] = list(a.merged)
            if a.left_stories:
                detail["merged_from_stories"] = list(a.left_stories)
            store.assign(d.id, a.event_id, a.story_id, a.event_score, a.story_score, detail, a.merged)
            self._placed += 1
            self.order[d.id] = self._placed
            touched.add(a.event_id)
            report.assigned += 1
            report.stories.update((a.story_id, *a.left_stories))
            on_page(d.id)
        store.add_signatures(SIGNATURE_SCHEME, self._made)
        self._stored_signatures.update(self._made)
        self._made = {}
        _cut_events(store, self.clusterer, touched, self._current, duplicate_of, self.order)
        if self.keeps_state:
            self._save(store, placed, features, bands)

    def _save(self, store: SqliteStore, placed: list[Assignment], features: list[DocFeatures],
              bands: list[tuple[str, np.ndarray]]) -> None:
        """Write the clusterer's state to the store: all of it after a replay, what this placing
        changed otherwise; stamped with the store's last assignment."""
        stamp = store.grouping_stamp()
        extra = {"n": self.featurizer.n, "fitted": self.fitted, "keep_not_news": self.keep_not_news,
                 "pinned": sorted(self.clusterer.pinned), "stamp": stamp}
        counted = self.featurizer.take_counted()
        if self._whole:
            sigs = {aid: sig for aid, sig in self._stored_signatures.items() if self.deduper.holds(aid)}
            change = whole_state(self.clusterer, self.featurizer.df, sigs, extra)
        else:
            change = changes(self.clusterer, placed, features, counted, bands, extra)
        store.save_cluster_state(change, whole=self._whole)
        self._whole = False


class LiveGrouping:
    """A ``Grouping`` kept between writes to one store (``svodka serve``). It is used again only
    while the store is as this process left it: when anything else wrote to it (``svodka run``,
    another process) or a write failed half-way, it is read again from the store. Its term counts
    learn each page, and the earlier articles an event is scored on are weighed again under them
    (``Grouping.refeaturize``), so a page scores as a run over the grown store would score it. It
    is also read again once the articles added since make up a tenth of the store: the index keys
    and the stories' summed vectors keep the weights their articles were placed with (on ECB+,
    eval.stream --serve, never reading it again scored the same: events 0.994 against 0.993)."""

    def __init__(self, refit_share: float = REFIT_SHARE) -> None:
        self.refit_share = refit_share
        self._grouping: Grouping | None = None
        self._version: tuple | None = None

    def get(self, store: SqliteStore) -> Grouping | None:
        """The kept grouping if the store is as it was left; None otherwise (and it is dropped)."""
        g = self._grouping
        if g is not None and store.version() == self._version \
                and g.featurizer.n - g.fitted <= self.refit_share * g.fitted:
            g.bind(store)
            return g
        self._grouping = self._version = None
        return None

    def keep(self, store: SqliteStore, grouping: Grouping) -> None:
        self._grouping, self._version = grouping, store.version()

    def drop(self) -> None:
        self._grouping = self._version = None


def _cut_events(store: SqliteStore, clusterer: Clusterer, touched: set[str],
                features: Callable[[Group, list[str]], list[DocFeatures]], duplicate_of: Mapping[str, str],
                order: Mapping[str, int]) -> None:
    """Tell apart the two happenings an event the clusterer built may hold (svodka.cluster.split),
    for the events this run changed; the cut is a function of an event's members alone, so a pile
    read at once and the same pages fed one by one end with the same happenings."""
    cuts = []
    for eid in sorted(touched):
        ev = clusterer.events.get(eid)
        if ev is None:  # merged into another event since: that one is in `touched` too
            continue
        members = sorted(ev.members, key=order.__getitem__)
        cut = split_event(features(ev, members), duplicate_of) if len(members) >= SPLIT_MIN_MEMBERS else None
        shown = {**dict.fromkeys(cut.kept, eid), **dict.fromkeys(cut.apart, cut_id(cut))} if cut else {}
        cuts.append((members, shown, eid, cut.detail() if cut else {}))
    store.set_happenings(cuts)
