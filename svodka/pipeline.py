"""Orchestration only: pages in; articles, events, stories and briefs out, through the store, with
the stages an engine was given (svodka.stages; svodka.engine is the façade over these steps)."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np

from svodka.brief import build_brief, headline, in_story_year
from svodka.cluster import DocFeatures, Featurizer
from svodka.cluster.split import SPLIT_MIN_MEMBERS, cut_id, split_event
from svodka.cluster.features import doc_day, entity_key
from svodka.cluster import scoring
from svodka.cluster.explain import opened, said
from svodka.cluster.groups import stable_id
from svodka.cluster.online import Assignment, OnlineClusterer
from svodka.cluster.stored import FORMAT as STATE_FORMAT
from svodka.cluster.stored import Bound, Loaded, StoredDeduper, changes, stored_tables, whole_state
from svodka.cluster.scoring import series_apart
from svodka.config import default
from svodka.dedup import SIGNATURE_SCHEME, signature
from svodka.dedup.minhash import MinHashDeduper
from svodka.embed import MODEL as EMBEDDING_MODEL
from svodka.embed import Embedder, embed_docs
from svodka.enrich.dates import resolve_dates
from svodka.errors import NotFound, Rejected, SvodkaError
from svodka.extract import page_lines, site_key
from svodka.extract.dump import is_dateline
from svodka.ingest import iter_pages
from svodka.model import Brief, Doc, Event, Page, Story
from svodka.prepare import PageJob, Prepared, prepare
from svodka.store import SqliteStore
from svodka.ranking import rank
from svodka.stages import Briefer, Clusterer, Stages
from svodka.store.lock import lock_path
from svodka.words import counted
from svodka.workers import InProcess, Workers, ordered

Notify = Callable[[str], None]
SITE_MEMORY_PAGES = default("extraction", "site_memory_pages")  # a line on this many earlier pages of a site is its template


@dataclass
class RunReport:
    added: list[str] = field(default_factory=list)
    already: int = 0
    rejected: Counter = field(default_factory=Counter)
    assigned: int = 0
    stories: set[str] = field(default_factory=set)  # stories the run placed articles in or took events from
    reprints: int = 0  # of ``added``, those grouped as reprints of another article (set once grouped)
    replayed: int = 0  # stored articles grouping replayed (none when it took up the state the last one stored)

    @property
    def processed(self) -> int:
        return len(self.added) + self.already

    @property
    def items(self) -> int:
        return self.processed + sum(self.rejected.values())

    def summary(self) -> str:
        """One line that accounts for every item read: new + reprints + already stored + skipped."""
        skipped = sum(self.rejected.values())
        reasons = " (" + ", ".join(f"{n} {r}" for r, n in self.rejected.most_common()) + ")" if skipped else ""
        return (f"{counted(self.items, 'item')} read: {counted(len(self.added) - self.reprints, 'new article')}, "
                f"{counted(self.reprints, 'reprint')}, {self.already} already stored, {skipped} skipped{reasons}")


def _legacy_key(page: Page) -> str:
    return " ".join(page.raw.split()) or "title:" + " ".join((page.title or "").split())


def content_hash(page: Page) -> str:
    """What a page holds: its text, and the address and headline a record gives it; for a
    headline-only item, its headline. A record is the same record again when its identity
    (``Page.identity``) and this hash are both those of a stored one."""
    key = _legacy_key(page)
    if page.url:
        key += "\x00url:" + page.url.strip()
    if page.title and page.raw.strip():
        key += "\x00title:" + " ".join(page.title.split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def stored_page(store: SqliteStore, page: Page, digest: str | None = None) -> str | None:
    """The stored article of this very record (``digest``: its content_hash, when made), if any:
    the same identity with the same content. A store written before records had identities
    holds each under its content alone (or, older still, under its text alone): such an article
    is this record when its address and headline are the record's too."""
    digest = digest or content_hash(page)
    older_only = page.identity is not None  # else, any stored article of this content
    if older_only and (found := store.has_record(page.identity, digest)):
        return found
    if found := store.has_hash(digest, older_only):
        return found
    legacy = hashlib.sha1(_legacy_key(page).encode("utf-8")).hexdigest()
    row = store.hash_row(legacy, older_only) if legacy != digest else None
    if row is None:
        return None
    aid, url, title = row
    # such a store took any title that held a full date for a dateline, and a title from the text
    same_title = not page.title or is_dateline(page.title) or " ".join(page.title.split()) == " ".join(title.split())
    return aid if (url or None) == (page.url or None) and same_title else None


class SiteMemory:
    """The site memory as a run reads it: a line is a site's template when the store's pages (as
    they were before the run) and the run's earlier pages hold it SITE_MEMORY_PAGES times. Every
    page read counts, whatever became of it, so the template does not hang on which workers finish
    first; the store learns the lines of the pages it keeps."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.stored: dict[str, frozenset[str]] = {}
        self.counts: dict[str, Counter] = {}

    def template(self, site: str) -> frozenset[str]:
        if site not in self.stored:
            self.stored[site] = self.store.site_template(site, SITE_MEMORY_PAGES)
        seen = self.counts.get(site, Counter())
        return self.stored[site] | {k for k, n in seen.items() if n >= SITE_MEMORY_PAGES}

    def count(self, site: str, lines: set[str]) -> None:
        seen = self.counts.setdefault(site, Counter())
        if new := [k for k in lines if k not in seen]:  # the store's count, before this run learned any
            seen.update(self.store.site_line_counts(site, new))
        seen.update(lines)


@dataclass
class _Slot:
    """An item read, in input order: skipped at once, stored already, a repeat of an earlier one
    of the run (``leader``), or a page in the workers' hands (``future``)."""

    source: str
    rejected: Rejected | None = None
    already: bool = False
    leader: _Slot | None = None
    page: Page | None = None
    future: Future | None = None
    digest: str = ""
    site: str | None = None
    lines: frozenset[str] = frozenset()
    kept: bool = False  # a page whose article was stored
    skipped: Rejected | None = None


def ingest(paths: Iterable[str | os.PathLike], store: SqliteStore, report: RunReport,
           on_reject: Notify = lambda _: None, on_page: Notify = lambda _: None,
           on_note: Notify = lambda _: None, stages: Stages = Stages(),
           workers: Workers | None = None, embedder: Embedder | None = None) -> None:
    """Read every new page in ``workers`` (this process by default) and store each article in input
    order as it is done (nothing is lost on a crash), with its sentence embedding by ``embedder``. Each
    item not stored gets a line through ``on_reject``, each repair one through ``on_note``."""
    db = Path(store.path)
    own = frozenset({*(db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")), lock_path(db)})
    pool = workers or InProcess()
    memory, seen, pending = SiteMemory(store), {}, deque()
    for item in iter_pages(list(paths), exclude=own):
        pending.append(_dispatch(item, store, memory, seen, pool, stages, embedder))
        while len(pending) > pool.window:
            _settle(pending.popleft(), store, report, on_reject, on_note, on_page)
    while pending:
        _settle(pending.popleft(), store, report, on_reject, on_note, on_page)


def _dispatch(item: Page | Rejected, store: SqliteStore, memory: SiteMemory, seen: dict[str, dict],
              pool: Workers, stages: Stages, embedder: Embedder | None = None) -> _Slot:
    if isinstance(item, Rejected):
        return _Slot(item.source, rejected=item)
    digest = content_hash(item)
    earlier = seen.get(digest, {})  # this very record earlier in the run
    leader = earlier.get(item.identity) or earlier.get(None) or (next(iter(earlier.values()), None)
                                                                  if item.identity is None else None)
    if leader is not None:
        return _Slot(item.source, leader=leader)
    if stored_page(store, item, digest):
        return _Slot(item.source, already=True)
    site = site_key(item)
    lines, rendered, template = set(), None, frozenset()
    if site:
        lines, rendered = page_lines(item)
        template = memory.template(site)
        memory.count(site, lines)
    slot = _Slot(item.source, page=item, digest=digest, site=site, lines=frozenset(lines),
                 future=pool.submit(prepare, PageJob(item, template, rendered, stages, embedder)))
    seen.setdefault(digest, {}).setdefault(item.identity, slot)
    return slot


def _settle(slot: _Slot, store: SqliteStore, report: RunReport, on_reject: Notify, on_note: Notify,
            on_page: Notify) -> None:
    on_page(slot.source)
    if slot.rejected is not None:
        _reject(slot.rejected, store, report, on_reject)
    elif slot.already or (slot.leader is not None and slot.leader.kept):
        report.already += 1
    elif slot.leader is not None:  # its first copy in the run was skipped: this one is, for the same reason
        _reject(Rejected(slot.source, slot.leader.skipped.reason, slot.leader.skipped.detail), store, report, on_reject)
    else:
        try:
            prepared = slot.future.result()
        except (SvodkaError, OSError, MemoryError, sqlite3.Error):
            raise
        except Exception as exc:  # the worker, not the page: a process killed, a cluster gone
            raise SvodkaError(f"the worker reading {slot.source} failed ({type(exc).__name__}: {exc}); "
                              f"{len(report.added)} new articles are stored; run again to continue") from exc
        slot.kept = _keep(prepared, slot.page, slot.digest, slot.site, slot.lines, store, report, on_reject,
                          on_note) is not None
        if not slot.kept:
            slot.skipped = prepared.rejected(slot.source)
        slot.future, slot.page, slot.lines = None, None, frozenset()  # a repeat needs only kept and skipped


def add_page(page: Page, store: SqliteStore, report: RunReport, on_reject: Notify = lambda _: None,
             strict: bool = False, on_note: Notify = lambda _: None, stages: Stages = Stages()) -> str | None:
    """Store one page's article, read with ``stages`` (with its topic); None
    when it is stored already or rejected (``strict``: raise). Its repairs, and a new id when its
    own names another stored article, go to ``on_note``."""
    digest = content_hash(page)
    if stored_page(store, page, digest):
        report.already += 1
        return None
    site = site_key(page)
    lines, rendered = page_lines(page) if site else (set(), None)
    template = store.site_template(site, SITE_MEMORY_PAGES) if site else frozenset()
    prepared = prepare(PageJob(page, template, rendered, stages))
    return _keep(prepared, page, digest, site, frozenset(lines), store, report, on_reject, on_note, strict)


def _keep(prepared: Prepared, page: Page, digest: str, site: str | None, lines: frozenset[str], store: SqliteStore,
          report: RunReport, on_reject: Notify, on_note: Notify, strict: bool = False) -> str | None:
    """Store a page read (its article, the site memory's lines), or say why it was skipped."""
    notes = list(prepared.notes)
    if prepared.doc is None:
        _say(page.source, notes, on_note)
        rejected = prepared.rejected(page.source)
        _reject(rejected, store, report, on_reject)
        if strict:
            raise rejected
        return None
    doc = prepared.doc
    if store.has_id(doc.id):  # a/001.txt and b/001.txt, or one id given to two articles
        fresh = _free_id(store, doc.id, digest)
        notes.append(f"id '{doc.id}' already names another stored article; stored as '{fresh}'")
        doc = replace(doc, article=replace(doc.article, id=fresh))
    store.add_doc(doc, digest, page.identity)
    if prepared.embedding is not None:
        store.add_embeddings(EMBEDDING_MODEL, {doc.id: prepared.embedding})
    if site:
        store.remember_site_lines(site, set(lines))
    report.added.append(doc.id)
    _say(page.source, notes, on_note)
    return doc.id


def _free_id(store: SqliteStore, taken: str, digest: str) -> str:
    fresh, n = f"{taken}-{digest[:8]}", 1
    while store.has_id(fresh):
        n += 1
        fresh = f"{taken}-{digest[:8]}-{n}"
    return fresh


def _say(source: str, notes: list[str], on_note: Notify) -> None:
    for note in notes:
        on_note(f"{source}: {note}")


def _reject(rej: Rejected, store: SqliteStore, report: RunReport, on_reject: Notify) -> None:
    report.rejected[rej.reason] += rej.count
    store.add_reject(rej.source, rej.reason, rej.detail)
    on_reject(str(rej))


def _time_key(doc: Doc) -> tuple[str, str]:
    day = doc_day(doc)
    return (day.isoformat() if day else "9999", doc.id)


EMBED_BATCH = 32


def embed(store: SqliteStore, embedder: Embedder, on_page: Notify = lambda _: None,
          on_total: Callable[[int], None] = lambda _: None) -> int:
    """Compute and store the sentence embedding of every stored article that has none yet;
    how many were computed."""
    todo = store.docs_without_embedding(EMBEDDING_MODEL)
    on_total(len(todo))
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start:start + EMBED_BATCH]
        vectors = embed_docs(batch, embedder)
        store.add_embeddings(EMBEDDING_MODEL, {d.id: v for d, v in zip(batch, vectors)})
        for d in batch:
            on_page(d.id)
    return len(todo)


def cluster(store: SqliteStore, report: RunReport, on_page: Notify = lambda _: None,
            keep_not_news: bool = False, on_total: Callable[[int], None] = lambda _: None,
            stages: Stages = Stages()) -> None:
    """Replay stored groups, then place every unassigned article, oldest first (with its stored
    sentence embedding, when ``embed`` computed one); ``on_total`` hears how many there are."""
    grouping = Grouping(store, keep_not_news, stages)
    report.replayed = 0 if grouping.stored else len(grouping.order)
    on_total(len(grouping.unplaced))
    grouping.place(store, grouping.unplaced, report, on_page)
    report.reprints = store.reprints(report.added)


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
        new = [d for d in store.unplaced(stamp["articles"], self.keep_not_news, SIGNATURE_SCHEME)
               if self._groupable(d) or d.lemmas]
        self.fitted = meta["fitted"]
        if meta["n"] + len(new) - self.fitted > REFIT_SHARE * self.fitted:
            return False
        src = self._source = Bound(store)
        self.featurizer = Featurizer.stored(meta["n"], lambda terms: src.term_counts(terms))
        self.by_id: MutableMapping[str, Doc] = Loaded(lambda ids: {d.id: d for d in src.docs(ids)})
        self.vectors: MutableMapping[str, np.ndarray] = Loaded(lambda ids: src.embeddings(EMBEDDING_MODEL, ids))
        self.learn(new, src.embeddings(EMBEDDING_MODEL, [d.id for d in new]))
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

    def place(self, store: SqliteStore, docs: list[Doc], report: RunReport, on_page: Notify = lambda _: None) -> None:
        """Place ``docs`` (articles of the store, not yet placed), oldest first, store where each
        went, then cut the events they changed."""
        by_id, deduper, duplicate_of = self.by_id, self.deduper, self.duplicate_of
        touched: set[str] = set()
        placed: list[Assignment] = []
        features: list[DocFeatures] = []
        bands: list[tuple[str, np.ndarray]] = []
        for d in sorted(docs, key=_time_key):
            sig = self._signature(d)
            if sig is not None:
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
        # a cut weighs every member under the current term weights (those read from the store keep older ones)
        _cut_events(store, self.clusterer, touched, self.featurize, by_id, duplicate_of, self.order, not self.stored)
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


def _cut_events(store: SqliteStore, clusterer: Clusterer, touched: set[str], featurize,
                by_id: Mapping[str, Doc], duplicate_of: Mapping[str, str], order: Mapping[str, int],
                reuse: bool = True) -> None:
    """Tell apart the two happenings an event the clusterer built may hold (svodka.cluster.split),
    for the events this run changed; the cut is a function of an event's members alone, so a pile
    read at once and the same pages fed one by one end with the same happenings."""
    cuts = []
    for eid in sorted(touched):
        ev = clusterer.events.get(eid)
        if ev is None:  # merged into another event since: that one is in `touched` too
            continue
        members = sorted(ev.members, key=order.__getitem__)
        cut = None
        if len(members) >= SPLIT_MIN_MEMBERS:
            known = {f.id: f for f in ev.recent} if reuse else {}  # the latest members' features: older ones are made again
            cut = split_event([known.get(a) or featurize(by_id[a]) for a in members], duplicate_of)
        shown = {**dict.fromkeys(cut.kept, eid), **dict.fromkeys(cut.apart, cut_id(cut))} if cut else {}
        cuts.append((members, shown, eid, cut.detail() if cut else {}))
    store.set_happenings(cuts)


def load_stories(store: SqliteStore, story_ids: set[str] | None = None) -> tuple[list[Story], dict[str, Doc]]:
    """Stories from the store, newest first (by the latest known date of their articles); every
    story, or those of ``story_ids`` (with only their articles read)."""
    assigned = store.assignments(story_ids)
    docs = {d.id: d for d in (store.docs() if story_ids is None else store.docs(assigned))}
    events: dict[str, list[str]] = defaultdict(list)
    event_story: dict[str, str] = {}
    for aid, (event_id, story_id) in assigned.items():
        events[event_id].append(aid)
        event_story[event_id] = story_id
    story_events: dict[str, list[Event]] = defaultdict(list)
    cut_off = store.cut_off(None if story_ids is None else events)
    for event_id, members in events.items():
        member_docs = [docs[a] for a in members]
        days = sorted(day.isoformat() for d in member_docs if (day := doc_day(d)))
        story_events[event_story[event_id]].append(
            Event(event_id, event_story[event_id], headline(member_docs), days[0] if days else None, tuple(members),
                  cut_off.get(event_id)))
    stories = []
    for sid, evs in story_events.items():
        evs.sort(key=lambda e: (e.date or "9999", e.articles[0]))
        stories.append(Story(sid, tuple(evs), _written(evs, docs)))
    stories.sort(key=lambda s: (s.latest_day or "", len(s.articles)), reverse=True)
    return stories, docs


def _written(events: list[Event], docs: dict[str, Doc]) -> tuple[str, ...]:
    """`Story.written`: read as the brief reads it, with the story's year for days named without one."""
    if any(e.date for e in events):
        return ()
    members = in_story_year(tuple(docs[a] for e in events for a in e.articles if a in docs))
    return tuple(sorted(w for d in members if (w := d.written)))


def briefs(store: SqliteStore, workers: Workers | None = None, briefer: Briefer = build_brief
           ) -> tuple[list[tuple[Story, Brief]], dict[str, Doc]]:
    """Every story's brief, each written by ``briefer`` in ``workers`` (this process by default);
    saved in the store too, for the server to read."""
    from svodka.report import brief_record

    stories, docs = load_stories(store)
    jobs = ((s, {a: docs[a] for a in s.articles if a in docs}, briefer) for s in stories)
    out = list(zip(stories, ordered(workers or InProcess(), story_brief, jobs)))
    store.save_briefs({s.id: brief_record(s, b) for s, b in out}, keep_only=True)
    return out, docs


def story_record(store: SqliteStore, story: Story, docs: dict[str, Doc], briefer: Briefer = build_brief) -> dict:
    """A story's stories.json record: the brief the last write saved, made again when the story has
    changed since (or the store was written before briefs were saved)."""
    from svodka.report import brief_record

    rec = store.saved_brief(story.id)
    if rec is None or set(rec["articles"]) != set(story.articles):
        rec = brief_record(story, briefer(story, docs))
    return rec


def story_brief(job: tuple[Story, dict[str, Doc], Briefer]) -> Brief:
    """One story's brief from its articles (what a worker runs)."""
    story, docs, briefer = job
    return briefer(story, docs)


def refresh_briefs(store: SqliteStore, story_ids: set[str], briefer: Briefer = build_brief) -> None:
    """Rebuild and save the briefs of the stories a write touched."""
    from svodka.report import brief_record

    stories, docs = load_stories(store, story_ids)
    store.save_briefs({s.id: brief_record(s, briefer(s, docs)) for s in stories})
    store.delete_briefs(story_ids - {s.id for s in stories})


def explain_pair(store: SqliteStore, a: str, b: str) -> dict:
    """Why two stored articles are or are not in one event and one story: the scores that decide."""
    docs = store.docs()
    by_id = {d.id: d for d in docs}
    for x in (a, b):
        if x not in by_id:
            raise NotFound(f"no article '{x}' in {store.path}; `svodka stories` and the run's articles.jsonl list ids")
    featurize, vectors = Featurizer(docs), store.embeddings(EMBEDDING_MODEL)
    fa, fb = featurize(by_id[a], vectors.get(a)), featurize(by_id[b], vectors.get(b))
    parts, event_score, story_score = scoring.pair_decision(fa, fb)
    da, db = store.assignment_detail(a), store.assignment_detail(b)
    for x, d in ((a, da), (b, db)):
        if d:
            d["merges"] = merge_chain(store, x, d)
            # the event it was placed in: the first merged away since, else the event it is in
            d["placed_in"] = d["merges"][0]["event"] if d["merges"] else _clustered_event(d)
    days = abs((fa.day - fb.day).days) if fa.day and fb.day else None
    names = {entity_key(e.normal, e.type): e.normal for d in (by_id[b], by_id[a]) for e in d.entities}
    shared_terms = sorted(set(fa.vector) & set(fb.vector), key=lambda t: -(fa.vector[t] * fb.vector[t]))[:10]
    rec = {
        "articles": [a, b],
        "same_event": bool(da and db and da["event"] == db["event"]),
        "same_story": bool(da and db and da["story"] == db["story"]),
        "assignments": {a: da, b: db},
        "pair": {k: round(v, 4) for k, v in parts.items()},
        "event_score": round(event_score, 4), "event_threshold": scoring.EVENT_THRESHOLD,
        "headlines": fa.headline or fb.headline,  # a title without text in the pair: scored as headlines
        "story_score": round(story_score, 4), "story_threshold": scoring.STORY_THRESHOLD,
        "days_apart": days, "event_max_days": scoring.EVENT_MAX_DAYS,
        "mention_max_days": scoring.MENTION_MAX_DAYS, "mention_penalty": scoring.MENTION_PENALTY,
        "shared_entities": sorted(names.get(k, k) for k in set(fa.entities) & set(fb.entities)),
        "shared_terms": shared_terms,
        "reprint_of": {x: by_id[x].article.duplicate_of for x in (a, b)},
        "kinds": {a: fa.kind, b: fb.kind},  # the kind of contact each reports (a call, a meeting), if any
        "recap": {a: fa.recap, b: fb.recap},  # a background piece recounting several happenings
    }
    rec["said"] = said(rec)  # the same in words, as the clusterer words it
    return rec


def _clustered_event(detail: dict) -> str:
    """The event the clusterer holds an article in (before an event holding two happenings was cut)."""
    return detail["split"]["clustered_event"] if detail.get("split") else detail["event"]


def merge_chain(store: SqliteStore, article_id: str, detail: dict) -> list[dict[str, str]]:
    """How the event an article was placed in became the event it is in now: each merge, the
    event merged away, the event it went into and the article that bridged them."""
    now = _clustered_event(detail)
    event = detail["parts"].get("placed_in")
    if event is None:  # stored before placements were kept: only an event the article opened is known
        event = stable_id("e", article_id)
    chain: list[dict[str, str]] = []
    while event != now and len(chain) < 50 and (step := store.merged_by(event)):
        chain.append({"event": event, "into": step[1], "by": step[0]})
        event = step[1]
    return chain


def ranked_stories(store: SqliteStore) -> tuple[list[tuple[Story, float]], dict[str, Doc]]:
    """Every story with its importance (svodka.ranking), most important first."""
    stories, docs = load_stories(store)
    return rank(stories, docs), docs


def add_one(store: SqliteStore, page: Page, embedder: Embedder | None = None,
            live: LiveGrouping | None = None, stages: Stages = Stages()) -> dict:
    """Extract, enrich and group one page at once; say where it went. With ``embedder`` the page
    (and any stored article still without one) gets its sentence embedding before it is placed.
    With ``live`` the groups in memory from the last page are used again when the store has not
    changed since (the page is placed without replaying the store)."""
    report, notes = RunReport(), []
    grouping = live.get(store) if live is not None else None  # before this page changes the store
    aid = add_page(page, store, report, strict=True, on_note=notes.append, stages=stages)
    if aid is None:
        existing = stored_page(store, page)
        return {"article": existing, "duplicate_page": True, **(store.assignment_detail(existing) or {})}
    detail = group_added(store, aid, report, grouping, live, embedder, stages)
    article = store.article(aid)
    return {"article": aid, "duplicate_page": False, "event": detail.get("event"), "story": detail.get("story"),
            "new_event": opened(detail.get("parts") or {}, "event", detail.get("event"), aid),
            "new_story": opened(detail.get("parts") or {}, "story", detail.get("story"), aid),
            "event_score": detail.get("event_score"), "stories_changed": sorted(report.stories),
            "reprint_of": article.duplicate_of, "topic": article.topic, "is_news": article.is_news, "notes": notes}


def group_added(store: SqliteStore, aid: str, report: RunReport, grouping: Grouping | None = None,
                live: LiveGrouping | None = None, embedder: Embedder | None = None, stages: Stages = Stages()) -> dict:
    """Place the stored article ``aid`` just added, refresh the briefs of the stories that
    changed, and return its assignment. ``grouping``: ``live.get(store)`` taken before the
    article was added, or None to read the store (and keep what was read in ``live``)."""
    try:
        if embedder is not None:
            embed(store, embedder)
        if grouping is None:
            grouping = Grouping(store, stages=stages)
            new = grouping.unplaced
        else:
            new = store.docs([aid])
            grouping.learn(new, store.embeddings(EMBEDDING_MODEL, [aid]))
        grouping.place(store, new, report)  # report.stories: the page's story and any it merged
        detail = store.assignment_detail(aid) or {}
        refresh_briefs(store, report.stories, stages.briefer)
    except BaseException:
        if live is not None:
            live.drop()
        raise
    if live is not None:
        live.keep(store, grouping)
    return detail
