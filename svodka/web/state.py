"""What `svodka serve` keeps between requests: the readers' snapshot of the store, and the one
way writes go in. Reads open their own SQLite connection (WAL: they never wait for the writer);
every write goes through one lock. Stories and briefs are cached per store version, so readers
share the work."""
from __future__ import annotations

import threading

from fastapi.concurrency import run_in_threadpool
from markupsafe import Markup, escape

from svodka.embed import Embedder
from svodka.engine import Engine
from svodka.model import DEFAULT_LANGUAGE, Doc, Page
from svodka.grouping import LiveGrouping
from svodka.pipeline import story_heading
from svodka.ranking import rank
from svodka.report.tables import stored_span
from svodka.stages import Stages
from svodka.store import SqliteStore, writer_lock


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Snapshot:
    """Ranked stories, articles and briefs of one store version. Made from the store (stories with
    a saved brief read from it, no Doc decoded; the Docs of the others kept for their rows and
    briefs), or from the snapshot before a write of this process and the stories the write
    ``changed`` (only theirs are read again; the rest is carried over, importance ranked anew)."""

    def __init__(self, store: SqliteStore, base: Snapshot | None = None, changed: frozenset[str] = frozenset()) -> None:
        self.path = store.path
        self.version = store.version()
        if base is None:
            stories, saved, self.docs = Engine(store).saved_stories()
            self.articles = store.articles()
        else:
            fresh, saved, fresh_docs = Engine(store).saved_stories(set(changed))
            gone = {a for sid in changed if sid in base.stories for a in base.stories[sid].articles}
            self.docs = {a: d for a, d in base.docs.items() if a not in gone} | fresh_docs
            self.articles = {a: x for a, x in base.articles.items() if a not in gone} \
                | store.articles({a for s in fresh for a in s.articles})
            stories = [s for s in base.stories.values() if s.id not in changed] + fresh
            saved = {sid: rec for sid, rec in base.saved.items() if sid not in changed} | saved
        self.saved = saved  # the brief records saved for the stories, by story id
        self.ranked = rank(stories, self.articles)
        # pages judged not news that no story holds (a run with --keep-not-news groups them)
        self.not_news = store.articles(not_news=True)
        self.not_news_list = sorted(self.not_news.values(), key=lambda a: (a.published or "", a.id), reverse=True)
        self.stories = {s.id: s for s, _ in self.ranked}
        self.score = {s.id: x for s, x in self.ranked}
        self.story_of = {a: s.id for s, _ in self.ranked for a in s.articles}
        kept = {} if base is None else {r["id"]: r for r in base.rows if r["id"] not in changed}
        self.rows = [{**kept[s.id], "importance": round(x, 4)} if s.id in kept else self._row(s)
                     for s, x in self.ranked]
        self._briefs: dict[str, dict] = {} if base is None else {
            sid: {**rec, "importance": round(self.score[sid], 4)} for sid, rec in base._briefs.items()
            if sid not in changed and sid in self.score}

    def _row(self, story) -> dict:
        """A story's line on the front page: its headline, topic and entities from its saved brief
        (or its Docs), without building a brief."""
        members = [self.articles[a] for a in story.articles if a in self.articles]
        originals = [a for a in members if a.duplicate_of is None] or members
        first, last, by_timeline = stored_span(story, self.saved.get(story.id))
        head, topic, entities = story_heading(story, self.saved, self.docs)
        return {"id": story.id, "headline": head, "importance": round(self.score[story.id], 4),
                "articles": len(members), "events": len(story.events),
                "sources": len({a.site or a.id for a in originals}),
                "first": first, "last": last, "told": by_timeline,
                "date_from_text": story.date_from_text,
                "languages": sorted({a.language or DEFAULT_LANGUAGE for a in members}), "topic": topic,
                "sites": sorted({a.site for a in members if a.site}), "entities": entities}

    def brief(self, story_id: str) -> dict:
        # No lock: two readers may build the same brief at once; both get the same record.
        rec = self._briefs.get(story_id)
        if rec is None:
            rec = self.saved.get(story_id)
            if rec is None:
                with _reader(self.path) as store:
                    rec = Engine(store).story_record(self.stories[story_id], self.docs)
            rec = self._briefs.setdefault(story_id, {**rec, "importance": round(self.score[story_id], 4)})
        return rec


class State:
    """One served store: its snapshot for readers and its writer (``embedder``: pages added
    through the API get their sentence embedding, serve --embeddings; ``stages``: what reads them)."""

    def __init__(self, db_path: str, embedder: Embedder | None = None, stages: Stages = Stages()) -> None:
        self.db_path, self.embedder, self.stages = db_path, embedder, stages
        self.write_lock = threading.Lock()
        self.live = LiveGrouping()  # the groups in memory between added pages; used under write_lock
        self._snapshot: Snapshot | None = None
        self._cache_lock = threading.Lock()

    def add(self, store: SqliteStore, page: Page) -> dict:
        """A page added through the API: read, stored and placed with the groups kept in memory."""
        return Engine(store, self.stages, embedder=self.embedder).add(page, self.live)

    def snapshot(self) -> Snapshot:
        with _reader(self.db_path) as store:
            version = store.version()
            with self._cache_lock:
                if self._snapshot is None or self._snapshot.version != version:
                    self._snapshot = Snapshot(store)
                return self._snapshot

    async def write(self, fn, *args, changed=lambda result: frozenset()):
        """Run a write in a worker thread (readers are served meanwhile), one at a time and under
        the store's writer lock (a `svodka run` on the same store waits for it, or it for the run);
        when the readers' snapshot was current before it and no other process wrote meanwhile,
        update the snapshot with the stories ``changed(result)`` names (instead of every reader
        after a write waiting for the whole store to be read again)."""
        return await run_in_threadpool(self._write, fn, args, changed)

    def _write(self, fn, args, changed):
        with self.write_lock, writer_lock(self.db_path):
            with SqliteStore(self.db_path, check_same_thread=False) as store:
                before, outside = store.version(), store.data_version()
                result = fn(store, *args)
                stories = changed(result)
                with self._cache_lock:
                    snap = self._snapshot
                    if stories and snap is not None and snap.version == before and store.data_version() == outside:
                        self._snapshot = Snapshot(store, snap, stories)
                return result

    def story(self, snap: Snapshot, story_id: str):
        if story_id not in snap.stories:
            raise ApiError(404, "not_found", f"no story '{story_id}'")
        return snap.stories[story_id]

    def article(self, snap: Snapshot, article_id: str) -> Doc:
        """A stored article's Doc, read when asked for (a page not news is in no story)."""
        if article_id not in snap.articles and article_id not in snap.not_news:
            raise ApiError(404, "not_found", f"no article '{article_id}'")
        with _reader(self.db_path) as store:
            return store.docs([article_id])[0]

    def search(self, snap: Snapshot, q: str) -> list[dict]:
        with _reader(self.db_path) as store:
            hits = store.search(q)
        out = []
        for aid, title, snippet in hits:
            art = snap.articles.get(aid) or snap.not_news.get(aid)
            out.append({"article": aid, "title": title, "snippet": snippet.replace("\x02", "").replace("\x03", ""),
                        "marked": _marked(snippet), "story": snap.story_of.get(aid),
                        "site": art.site if art else None, "published": art.published if art else None})
        return out

    def removed_lines(self, article_id: str) -> list[str] | None:
        with _reader(self.db_path) as store:
            return store.removed(article_id)


def filtered(snap: Snapshot, params: dict[str, str], limit: int | None = None) -> list[dict]:
    """The front page's rows that pass the reader's filters (dates, topic, language, site, entity)."""
    rows = snap.rows
    # an undated story is filtered by the days its texts tell: its latest for "from", its earliest for "to"
    if params.get("from"):
        rows = [r for r in rows if (snap.stories[r["id"]].latest_day or "") >= params["from"]]
    if params.get("to"):
        rows = [r for r in rows if (day := r["first"] or r["date_from_text"]) and day <= params["to"]]
    if params.get("topic"):
        rows = [r for r in rows if r["topic"] == params["topic"]]
    if params.get("language"):
        rows = [r for r in rows if params["language"] in r["languages"]]
    if params.get("site"):
        rows = [r for r in rows if params["site"] in r["sites"]]
    if params.get("entity"):
        want = params["entity"].lower()
        rows = [r for r in rows if any(want in e["name"].lower() for e in r["entities"])]
    return [{**r, "entities": r["entities"][:6]} for r in rows[:limit]]


def _marked(snippet: str) -> Markup:
    return Markup(str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>"))


def _reader(db_path: str) -> SqliteStore:
    """A read-only connection for one request (readers never wait for the writer: WAL)."""
    return SqliteStore(db_path, check_same_thread=False, reader=True)
