"""Orchestration only: pages in; articles, events, stories and briefs out, through the store, with
the stages an engine was given (svodka.stages; svodka.engine is the façade over these steps)."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path

from svodka.brief import build_brief, entities, headline, in_story_year, story_headline, topic
from svodka.cluster import Featurizer
from svodka.cluster.features import doc_day, entity_key
from svodka.cluster import scoring
from svodka.cluster.explain import opened, said
from svodka.cluster.groups import stable_id
from svodka import config
from svodka.config import default
from svodka.embed import MODEL as EMBEDDING_MODEL
from svodka.embed import Embedder, embed_docs
from svodka.errors import NotFound, Rejected, SvodkaError
from svodka.extract import page_lines, site_key
from svodka.extract.chrome import CHROME_PAGES, chrome_keys, outlet_by_chrome
from svodka.extract.dump import is_dateline
from svodka.ingest import iter_pages
from svodka.model import Article, Brief, Doc, Event, Page, Story
from svodka.prepare import PageJob, Prepared, prepare
from svodka.grouping import Grouping, LiveGrouping
from svodka.store import SqliteStore
from svodka.stages import Briefer, Stages
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
             strict: bool = False, on_note: Notify = lambda _: None, stages: Stages = Stages(),
             embedder: Embedder | None = None) -> str | None:
    """Store one page's article, read with ``stages`` (with its topic, and its embedding by
    ``embedder``); None when it is stored already or rejected (``strict``: raise). Its repairs, and
    a new id when its own names another stored article, go to ``on_note``."""
    digest = content_hash(page)
    if stored_page(store, page, digest):
        report.already += 1
        return None
    site = site_key(page)
    lines, rendered = page_lines(page) if site else (set(), None)
    template = store.site_template(site, SITE_MEMORY_PAGES) if site else frozenset()
    prepared = prepare(PageJob(page, template, rendered, stages, embedder))
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
    doc, chrome = _by_chrome(prepared.doc, page, store)
    if store.has_id(doc.id):  # a/001.txt and b/001.txt, or one id given to two articles
        fresh = _free_id(store, doc.id, digest)
        notes.append(f"id '{doc.id}' already names another stored article; stored as '{fresh}'")
        doc = replace(doc, article=replace(doc.article, id=fresh))
    store.add_doc(doc, digest, page.identity)
    if prepared.embedding is not None:
        store.add_embeddings(EMBEDDING_MODEL, {doc.id: prepared.embedding})
    if site:
        store.remember_site_lines(site, set(lines))
    if chrome:
        store.remember_outlet_chrome(doc.article.site, chrome, CHROME_PAGES)
    report.added.append(doc.id)
    _say(page.source, notes, on_note)
    return doc.id


def _by_chrome(doc: Doc, page: Page, store: SqliteStore) -> tuple[Doc, frozenset[str]]:
    """A text dump that names no outlet takes the one whose pages' chrome its own is like
    (`outlet_by_chrome`); one that names its outlet gives its chrome to learn from (else none)."""
    keys = chrome_keys(doc.article) if page.kind == "text" else frozenset()
    if doc.article.site or not keys:
        return doc, keys
    match = outlet_by_chrome(keys, page.raw, store.outlets_sharing(keys), store.outlet_chrome)
    return (doc if match is None else replace(doc, article=replace(doc.article, site=match.outlet))), frozenset()


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
    """Take up or replay the stored groups, then place every unassigned article, oldest first (with
    its stored sentence embedding, when ``embed`` computed one); ``on_total`` hears how many."""
    grouping = Grouping(store, keep_not_news, stages)
    report.replayed = 0 if grouping.stored else len(grouping.order)
    on_total(len(grouping.unplaced))
    grouping.place(store, grouping.unplaced, report, on_page)
    report.reprints = store.reprints(report.added)


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


def made_with(briefer: Briefer) -> str:
    """What a saved brief was written by: svodka's version, the briefer and the brief settings."""
    from svodka import __version__

    name = f"{getattr(briefer, '__module__', '')}.{getattr(briefer, '__qualname__', type(briefer).__qualname__)}"
    return json.dumps([__version__, name, config.in_force("briefs")], sort_keys=True, default=str)


def briefs(store: SqliteStore, workers: Workers | None = None, briefer: Briefer = build_brief
           ) -> tuple[list[tuple[Story, Brief]], dict[str, Doc]]:
    """Every story's brief, each written by ``briefer`` in ``workers`` (this process by default);
    saved in the store too, for the server to read."""
    from svodka.report import brief_record

    stories, docs = load_stories(store)
    jobs = ((s, {a: docs[a] for a in s.articles if a in docs}, briefer) for s in stories)
    out = list(zip(stories, ordered(workers or InProcess(), story_brief, jobs)))
    store.save_briefs({s.id: brief_record(s, b) for s, b in out}, keep_only=True, made_with=made_with(briefer))
    return out, docs


def brief_records(store: SqliteStore, workers: Workers | None = None, briefer: Briefer = build_brief
                  ) -> tuple[list[dict], dict[str, Article]]:
    """Every story's brief record (stories.json), newest story first, and every stored article.
    A story whose events and their articles are those of the record saved by the same svodka,
    briefer and settings keeps that record; the others are written again (in ``workers``, from
    their own articles' Docs alone) and saved. A later run thus reads and writes what it changed,
    not every story."""
    from svodka.report import brief_record

    story_events = _story_events(store.assignments())
    stamp = made_with(briefer)
    saved = _still_theirs(store.saved_briefs(stamp), story_events)
    todo, docs = load_stories(store, set(story_events) - set(saved))
    jobs = ((s, {a: docs[a] for a in s.articles if a in docs}, briefer) for s in todo)
    made = {s.id: brief_record(s, b) for s, b in zip(todo, ordered(workers or InProcess(), story_brief, jobs))}
    store.save_briefs(made, made_with=stamp)
    store.keep_briefs(set(story_events))
    records = [made.get(sid) or saved[sid] for sid in story_events]
    records.sort(key=lambda r: (r["latest_day"] or "", len(r["articles"])), reverse=True)  # as load_stories
    return records, store.articles()


def saved_stories(store: SqliteStore, briefer: Briefer = build_brief, story_ids: set[str] | None = None
                  ) -> tuple[list[Story], dict[str, dict], dict[str, Doc]]:
    """The stories in the store (every one, or those of ``story_ids``), the brief records saved for
    them and the Docs of the others. A story whose record, saved by the same svodka, briefer and
    settings, holds its events and their articles is read from that record without a Doc; the
    others are loaded from their Docs (`load_stories`). What readers list, without decoding every
    article; newest first, as `load_stories` orders them."""
    story_events = _story_events(store.assignments(story_ids))
    saved = _still_theirs(store.saved_briefs(made_with(briefer), story_ids), story_events)
    stale = set(story_events) - set(saved)
    loaded, docs = load_stories(store, stale) if stale else ([], {})
    by_id = {s.id: s for s in loaded}
    stories = [_story_of(saved[sid]) if sid in saved else by_id[sid] for sid in story_events]
    stories.sort(key=lambda s: (s.latest_day or "", len(s.articles)), reverse=True)
    return stories, saved, docs


def story_heading(story: Story, saved: dict[str, dict], docs: dict[str, Doc]) -> tuple[str, str | None, list[dict]]:
    """A story's headline, topic and entities as its brief gives them: from its saved record
    (`saved_stories`), else from its articles' Docs."""
    if story.id in saved:
        rec = saved[story.id]
        return rec["headline"], rec["topic"], rec["entities"]
    members = [docs[a] for a in story.articles if a in docs]
    originals = [d for d in members if d.article.duplicate_of is None] or members  # as build_brief reads them
    return (story_headline(members), topic(members),
            [{"name": e.name, "type": e.type, "count": e.count} for e in entities(originals)])


def _story_events(assigned: dict[str, tuple[str, str]]) -> dict[str, dict[str, list[str]]]:
    """Story id -> event id -> its articles, in the order the assignments give them."""
    out: dict[str, dict[str, list[str]]] = {}
    for aid, (event_id, story_id) in assigned.items():
        out.setdefault(story_id, {}).setdefault(event_id, []).append(aid)
    return out


def _still_theirs(saved: dict[str, dict], story_events: dict[str, dict[str, list[str]]]) -> dict[str, dict]:
    """The saved records whose story still has their events holding their articles."""
    return {sid: rec for sid, rec in saved.items() if sid in story_events and "latest_day" in rec
            and {e["id"]: e["articles"] for e in rec["events"]} == story_events[sid]}


def _story_of(rec: dict) -> Story:
    """The Story a brief record was written for (of ``written`` only the first and last day, all
    that a Story reads of it)."""
    events = tuple(Event(e["id"], rec["id"], e["title"], e["date"], tuple(e["articles"]), e["cut_from"])
                   for e in rec["events"])
    dated = any(e.date for e in events)
    return Story(rec["id"], events, () if dated else tuple(dict.fromkeys(
        d for d in (rec["date_from_text"], rec["latest_day"]) if d)))


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
    store.save_briefs({s.id: brief_record(s, briefer(s, docs)) for s in stories}, made_with=made_with(briefer))
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
    parts, event_score, story = scoring.pair_decision(fa, fb)
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
        "story_score": round(story["score"], 4), "story_threshold": scoring.STORY_THRESHOLD,
        "story_parts": {k: round(v, 4) for k, v in story.items() if k != "score"},
        "story_text_floor": scoring.STORY_TEXT_FLOOR,
        "days_apart": days, "event_max_days": scoring.EVENT_MAX_DAYS,
        "mention_max_days": scoring.MENTION_MAX_DAYS, "mention_penalty": scoring.MENTION_PENALTY,
        "shared_entities": sorted(names.get(k, k) for k in set(fa.entities) & set(fb.entities)),
        "shared_terms": shared_terms,
        "reprint_of": {x: by_id[x].article.duplicate_of for x in (a, b)},
        "kinds": {a: fa.kind, b: fb.kind},  # the kind of contact each reports (a call, a meeting), if any
        "recap": {a: fa.recap, b: fb.recap},  # a background piece recounting several happenings
        # the places each title names (a pair whose titles name places the other never names: "places_apart")
        "places": {x: sorted({e.normal for e in by_id[x].title_entities if e.type == "LOC"}) for x in (a, b)},
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


def add_one(store: SqliteStore, page: Page, embedder: Embedder | None = None,
            live: LiveGrouping | None = None, stages: Stages = Stages()) -> dict:
    """Extract, enrich and group one page at once; say where it went. With ``embedder`` the page
    gets its sentence embedding (the topic model's pass; stored articles without one stay so, as
    in a default `svodka run`, not embedded on the server's hot path).
    With ``live`` the groups in memory from the last page are used again when the store has not
    changed since (the page is placed without replaying the store)."""
    report, notes = RunReport(), []
    grouping = live.get(store) if live is not None else None  # before this page changes the store
    aid = add_page(page, store, report, strict=True, on_note=notes.append, stages=stages, embedder=embedder)
    if aid is None:
        existing = stored_page(store, page)
        return {"article": existing, "duplicate_page": True, **(store.assignment_detail(existing) or {})}
    detail = group_added(store, aid, report, grouping, live, stages)
    article = store.article(aid)
    return {"article": aid, "duplicate_page": False, "event": detail.get("event"), "story": detail.get("story"),
            "new_event": opened(detail.get("parts") or {}, "event", detail.get("event"), aid),
            "new_story": opened(detail.get("parts") or {}, "story", detail.get("story"), aid),
            "event_score": detail.get("event_score"), "stories_changed": sorted(report.stories),
            "reprint_of": article.duplicate_of, "topic": article.topic, "is_news": article.is_news, "notes": notes}


def group_added(store: SqliteStore, aid: str, report: RunReport, grouping: Grouping | None = None,
                live: LiveGrouping | None = None, stages: Stages = Stages()) -> dict:
    """Place the stored article ``aid`` just added, refresh the briefs of the stories that
    changed, and return its assignment. ``grouping``: ``live.get(store)`` taken before the
    article was added, or None to read the store (and keep what was read in ``live``)."""
    try:
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
