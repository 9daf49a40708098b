"""SQLite store: articles, their enrichment, event/story assignments and rejected inputs.

Every article is committed as soon as it is processed (WAL mode), so a crash or Ctrl-C
loses nothing already stored, and a later run picks up what was left unassigned.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from svodka.errors import SvodkaError
from svodka.model import Article, Doc
from svodka.store.codec import doc_from_dict, doc_to_dict

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    language TEXT,
    site TEXT,
    category TEXT,
    published TEXT,
    duplicate_of TEXT,
    content_hash TEXT NOT NULL,
    doc TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed TEXT,
    author TEXT,
    identity TEXT,
    topic TEXT,
    is_news INTEGER
);
-- records of one text under other identities are other articles (reprints): not unique
DROP INDEX IF EXISTS articles_hash;
CREATE INDEX IF NOT EXISTS articles_content ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_duplicate ON articles(duplicate_of);
CREATE TABLE IF NOT EXISTS assignments (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    event_id TEXT NOT NULL,
    story_id TEXT NOT NULL,
    event_score REAL,
    story_score REAL,
    detail TEXT,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS assignments_story ON assignments(story_id);
CREATE INDEX IF NOT EXISTS assignments_seq ON assignments(seq);
-- events the clusterer built that hold two happenings, cut in two (svodka.cluster.split): each
-- member's shown event, the clustered event it came from and the scores that decided the cut
CREATE TABLE IF NOT EXISTS happenings (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    event_id TEXT NOT NULL,
    clustered_event TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS happenings_event ON happenings(event_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(id UNINDEXED, title, text, tokenize='unicode61');
CREATE TABLE IF NOT EXISTS corrections (
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS briefs (
    story_id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    made_with TEXT
);
CREATE TABLE IF NOT EXISTS site_lines (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    pages INTEGER NOT NULL,
    PRIMARY KEY (site, key)
);
CREATE TABLE IF NOT EXISTS outlet_chrome (
    outlet TEXT NOT NULL,
    key TEXT NOT NULL,
    pages INTEGER NOT NULL,
    PRIMARY KEY (outlet, key)
);
CREATE INDEX IF NOT EXISTS outlet_chrome_key ON outlet_chrome(key);
CREATE TABLE IF NOT EXISTS outlet_pages (outlet TEXT PRIMARY KEY, pages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS embeddings (
    article_id TEXT NOT NULL REFERENCES articles(id),
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (article_id, model)
);
CREATE TABLE IF NOT EXISTS signatures (
    article_id TEXT NOT NULL REFERENCES articles(id),
    scheme TEXT NOT NULL,
    hashes BLOB NOT NULL,
    PRIMARY KEY (article_id, scheme)
);
-- the clusterer's state after the last grouping (svodka.cluster.stored), so that a later run
-- loads the groups it needs instead of replaying every stored article: events and stories as
-- JSON, the index keys, the neighbour index's vectors, near-duplicate bands, term counts
CREATE TABLE IF NOT EXISTS cluster_groups (id TEXT PRIMARY KEY, state TEXT NOT NULL, live INTEGER);
CREATE TABLE IF NOT EXISTS cluster_keys (key TEXT PRIMARY KEY, events TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cluster_alias (gone TEXT PRIMARY KEY, kept TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cluster_points (space TEXT NOT NULL, day INTEGER, chunk INTEGER,
    article_id TEXT NOT NULL, vector BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS cluster_points_day ON cluster_points(space, day);
CREATE INDEX IF NOT EXISTS cluster_points_chunk ON cluster_points(space, chunk);
CREATE TABLE IF NOT EXISTS cluster_bands (band INTEGER NOT NULL, key BLOB NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cluster_bands_key ON cluster_bands(band, key);
CREATE TABLE IF NOT EXISTS cluster_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS cluster_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rejects (
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    at TEXT NOT NULL
);
"""


# Assignments as readers see them: an article of an event cut in two shows the event of its side.
_SHOWN = "assignments a LEFT JOIN happenings h ON h.article_id = a.article_id"
_SHOWN_EVENT = "COALESCE(h.event_id, a.event_id)"


class SqliteStore:
    def __init__(self, path: str | Path, check_same_thread: bool = True, reader: bool = False) -> None:
        """``reader=True``: a connection that only reads a store already set up (cheap to open)."""
        self.path = str(path)
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, check_same_thread=check_same_thread, timeout=30)
            if reader:
                return
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
            columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
            for column in ("removed", "author", "identity", "topic", "is_news"):  # added after the first stores were written
                if column not in columns:
                    self.db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
            self.db.execute("CREATE INDEX IF NOT EXISTS articles_identity ON articles(identity)")
            if "made_with" not in {r[1] for r in self.db.execute("PRAGMA table_info(briefs)")}:
                self.db.execute("ALTER TABLE briefs ADD COLUMN made_with TEXT")
            if self.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 0:
                # A store from before full-text search: index what it holds.
                with self.db:
                    for aid, title, paragraphs in self.db.execute("SELECT id, title, paragraphs FROM articles").fetchall():
                        self.db.execute("INSERT INTO articles_fts VALUES (?,?,?)",
                                        (aid, title, "\n\n".join(json.loads(paragraphs))))
        except OSError as exc:
            raise SvodkaError(f"{self.path}: cannot create the store ({exc.strerror}); pass another --db file") from exc
        except sqlite3.OperationalError as exc:
            raise SvodkaError(f"{self.path}: cannot open the store ({exc}); check the path and its permissions") from exc
        except sqlite3.DatabaseError as exc:
            raise SvodkaError(f"{self.path}: not a svodka store ({exc}); pass another --db file") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "SqliteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- articles -----------------------------------------------------------------------
    def has_record(self, identity: str, content_hash: str) -> str | None:
        """The article stored from the record of this identity with this content, if any."""
        row = self.db.execute("SELECT id FROM articles WHERE identity=? AND content_hash=?",
                              (identity, content_hash)).fetchone()
        return row[0] if row else None

    def has_hash(self, content_hash: str, unnamed: bool = False) -> str | None:
        """The article stored under ``content_hash``; ``unnamed``: only one stored without an
        identity (by a store written before records had one)."""
        row = self.db.execute("SELECT id FROM articles WHERE content_hash=?" + _UNNAMED * unnamed,
                              (content_hash,)).fetchone()
        return row[0] if row else None

    def hash_row(self, content_hash: str, unnamed: bool = False) -> tuple[str, str | None, str] | None:
        """The id, address and title of the article stored under ``content_hash`` (``unnamed``: as above)."""
        return self.db.execute("SELECT id, url, title FROM articles WHERE content_hash=?" + _UNNAMED * unnamed,
                               (content_hash,)).fetchone()

    def has_id(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def add_doc(self, doc: Doc, content_hash: str, identity: str | None = None) -> None:
        a = doc.article
        with self.db:
            self.db.execute(
                "INSERT INTO articles (id, source, url, title, paragraphs, language, site, category, published,"
                " duplicate_of, content_hash, doc, added_at, removed, author, identity, topic, is_news)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (a.id, a.source, a.url, a.title, json.dumps(list(a.paragraphs), ensure_ascii=False), a.language,
                 a.site, a.category, a.published, a.duplicate_of, content_hash,
                 json.dumps(doc_to_dict(doc), ensure_ascii=False), _now(),
                 json.dumps(list(a.removed), ensure_ascii=False) if a.removed else None, a.author, identity,
                 a.topic, a.is_news))
            self.db.execute("INSERT INTO articles_fts (id, title, text) VALUES (?,?,?)", (a.id, a.title, a.text))

    def docs_without(self, key: str) -> list[Doc]:
        """The stored articles whose Doc was written without ``key`` (by an earlier svodka)."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE json_type(doc, ?) IS NULL ORDER BY rowid",
                                             ("$." + key,))]
        return self.docs(ids) if ids else []

    def update_docs(self, docs: Iterable[Doc]) -> None:
        """Write these stored articles' Docs again (their articles unchanged)."""
        with self.db:
            self.db.executemany("UPDATE articles SET doc=? WHERE id=?",
                                [(json.dumps(doc_to_dict(d), ensure_ascii=False), d.id) for d in docs])

    def docs(self, ids: Iterable[str] | None = None) -> list[Doc]:
        """Every stored article, in the order they were stored; or those of ``ids``."""
        if ids is not None:
            rows = [r for aid in ids
                    for r in self.db.execute(f"SELECT {_DOC_COLUMNS} FROM articles WHERE id=?", (aid,))]
            return [_doc(r) for r in rows]
        rows = self.db.execute(f"SELECT {_DOC_COLUMNS} FROM articles ORDER BY rowid").fetchall()
        return [_doc(r) for r in rows]

    def articles(self, ids: Iterable[str] | None = None, not_news: bool = False) -> dict[str, Article]:
        """Every stored article without its Doc (left undecoded), in the order stored; or those
        of ``ids``; or (``not_news``) those judged not news that no event holds."""
        if ids is not None:
            rows = [r for aid in ids for r in self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id=?", (aid,))]
        elif not_news:
            rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE is_news = 0 AND id NOT IN"
                                   " (SELECT article_id FROM assignments) ORDER BY rowid")
        else:
            rows = self.db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY rowid")
        return {r[0]: _article(r) for r in rows}

    def article(self, article_id: str) -> Article | None:
        return self.articles([article_id]).get(article_id)

    def removed(self, article_id: str) -> list[str] | None:
        """The lines extraction dropped from a text dump; None when not recorded (HTML pages)."""
        row = self.db.execute("SELECT removed FROM articles WHERE id=?", (article_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def reprints(self, ids: Iterable[str]) -> int:
        """How many of these articles are reprints of another."""
        return sum(self.db.execute("SELECT duplicate_of IS NOT NULL FROM articles WHERE id=?", (aid,)).fetchone()[0]
                   for aid in ids)

    def set_duplicate(self, article_id: str, original: str | None) -> None:
        with self.db:
            self.db.execute("UPDATE articles SET duplicate_of=? WHERE id=?", (original, article_id))

    # --- assignments --------------------------------------------------------------------
    def assignments(self, stories: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """Each article's event and story as readers see them: an event the clusterer built
        with two happenings in it shows as two. Of every article, or of those in ``stories``."""
        if stories is None:
            rows = self.db.execute(f"SELECT a.article_id, {_SHOWN_EVENT}, a.story_id FROM {_SHOWN} ORDER BY a.seq")
        else:
            rows = sorted((r for sid in set(stories) for r in self.db.execute(
                f"SELECT a.seq, a.article_id, {_SHOWN_EVENT}, a.story_id FROM {_SHOWN} WHERE a.story_id=?", (sid,))))
            rows = (r[1:] for r in rows)
        return {a: (e, s) for a, e, s in rows}

    def clustered(self) -> dict[str, tuple[str, str]]:
        """Each article's event and story as the clusterer built them, for it to replay."""
        rows = self.db.execute("SELECT article_id, event_id, story_id FROM assignments ORDER BY seq")
        return {a: (e, s) for a, e, s in rows}

    def set_happenings(self, cuts: list[tuple[list[str], dict[str, str], str, dict]]) -> None:
        """The happenings of clustered events, in one transaction: for each, its members, the
        event each shows as (empty: it reads as one), its id and the scores of the cut;
        replaces what an earlier run stored for those members."""
        with self.db:
            self.db.executemany("DELETE FROM happenings WHERE article_id=?", [(a,) for m, *_ in cuts for a in m])
            self.db.executemany("INSERT INTO happenings VALUES (?,?,?,?)",
                                [(a, e, eid, json.dumps(detail)) for _, shown, eid, detail in cuts
                                 for a, e in shown.items()])

    def cut_off(self, events: Iterable[str] | None = None) -> dict[str, str]:
        """Event id -> the event the clusterer built, for each event cut off one (the side of a
        cut that took a new id; the other side keeps the built event's id); of every event, or
        of those of ``events``."""
        query = "SELECT DISTINCT event_id, clustered_event FROM happenings WHERE event_id != clustered_event"
        if events is None:
            return dict(self.db.execute(query))
        return {e: c for eid in events for e, c in self.db.execute(query + " AND event_id=?", (eid,))}

    def happening(self, article_id: str) -> dict | None:
        """How an article's clustered event was cut, when it was."""
        row = self.db.execute("SELECT event_id, clustered_event, detail FROM happenings WHERE article_id=?",
                              (article_id,)).fetchone()
        return {"event": row[0], "clustered_event": row[1], **json.loads(row[2])} if row else None

    def assign(self, article_id: str, event_id: str, story_id: str, event_score: float, story_score: float,
               detail: dict, merged: tuple[str, ...] = ()) -> None:
        """Store where an article went; `merged` events join its event (and its story) in the
        same transaction."""
        with self.db:
            seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM assignments").fetchone()[0]
            if merged:
                marks = ",".join("?" * len(merged))
                self.db.execute(f"UPDATE assignments SET event_id=?, story_id=? WHERE event_id IN ({marks})",
                                (event_id, story_id, *merged))
            self.db.execute("INSERT OR REPLACE INTO assignments VALUES (?,?,?,?,?,?,?)",
                            (article_id, event_id, story_id, event_score, story_score, json.dumps(detail), seq))

    def merged_by(self, event_id: str) -> tuple[str, str] | None:
        """The article that showed ``event_id`` to be the same as an older event and merged it, and
        the event it went into then; None when it was never merged."""
        for aid, current, detail in self.db.execute(
                "SELECT article_id, event_id, detail FROM assignments WHERE detail LIKE ? ORDER BY seq",
                (f'%"{event_id}"%',)):
            parts = json.loads(detail or "{}")
            if event_id in parts.get("merged_events", ()):
                return aid, parts.get("placed_in", current)
        return None

    def assignment_detail(self, article_id: str) -> dict | None:
        row = self.db.execute("SELECT event_id, story_id, event_score, story_score, detail FROM assignments"
                              " WHERE article_id=?", (article_id,)).fetchone()
        if not row:
            return None
        out = {"event": row[0], "story": row[1], "event_score": row[2], "story_score": row[3],
               "parts": json.loads(row[4] or "{}")}
        cut = self.happening(article_id)
        if cut:
            out["event"], out["split"] = cut["event"], cut
        return out

    def move_events(self, event_ids: list[str], story_id: str, action: str, detail: dict) -> int:
        """A person's correction: put these events in that story. Logged; later runs replay it."""
        marks = ",".join("?" * len(event_ids))
        articles = [a for (a,) in self.db.execute(
            f"SELECT a.article_id FROM {_SHOWN} WHERE {_SHOWN_EVENT} IN ({marks})", tuple(event_ids))]
        with self.db:
            n = self.db.executemany("UPDATE assignments SET story_id=? WHERE article_id=?",
                                    [(story_id, a) for a in articles]).rowcount
            self.db.execute("INSERT INTO corrections VALUES (?,?,?)",
                            (_now(), action, json.dumps(detail, ensure_ascii=False)))
        return n

    def version(self) -> tuple[int, int, int, int]:
        """Changes whenever articles, groups, corrections or embeddings change: readers' cache
        key, and what tells `svodka serve` its groups in memory are still the store's. Rows of
        these tables are never deleted (an embedding made again is a new row), so their largest
        row ids tell (a count would read every row: 3 ms per call on a store of 20 000 articles)."""
        return tuple(self.db.execute(
            "SELECT (SELECT COALESCE(MAX(rowid), 0) FROM articles), (SELECT COALESCE(MAX(seq), 0) FROM assignments),"
            " (SELECT COALESCE(MAX(rowid), 0) FROM corrections), (SELECT COALESCE(MAX(rowid), 0) FROM embeddings)"
        ).fetchone())

    def data_version(self) -> int:
        """Changes when another connection commits to the store (SQLite's data_version)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def corrected_events(self) -> frozenset[str]:
        """Events a person placed (svodka merge/split): the events named or moved by a
        correction and those of the story it put them in."""
        details = [json.loads(d) for (d,) in self.db.execute("SELECT detail FROM corrections")]
        if not details:
            return frozenset()
        shown, clustered = self.assignments(), self.clustered()
        stories = {s for d in details for s in (d.get("into"), d.get("from")) if s}
        out = {e for d in details for e in d.get("events", [])}
        out |= {e for e, s in shown.values() if s in stories}
        # and the events the clusterer built that they were cut from, which are what it knows
        out |= {clustered[a][0] for a, (e, _) in shown.items() if e in out}
        return frozenset(out)

    def events_of_story(self, story_id: str) -> list[str]:
        """The story's events as readers see them, in the order they began."""
        rows = self.db.execute(f"SELECT {_SHOWN_EVENT} FROM {_SHOWN} WHERE a.story_id=? ORDER BY a.seq", (story_id,))
        return list(dict.fromkeys(e for (e,) in rows))

    # --- briefs: written by the writer after every change, read by the server ---------------
    def save_briefs(self, records: dict[str, dict], keep_only: bool = False, made_with: str | None = None) -> None:
        """Save these stories' brief records (``made_with``: what wrote them, see `saved_briefs`);
        ``keep_only``: and drop every other story's."""
        if keep_only:
            self.keep_briefs(set(records))
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO briefs VALUES (?,?,?)",
                                [(k, json.dumps(v, ensure_ascii=False), made_with) for k, v in records.items()])

    def keep_briefs(self, story_ids: set[str]) -> None:
        """Drop the saved briefs of every story but these."""
        gone = [s for (s,) in self.db.execute("SELECT story_id FROM briefs").fetchall() if s not in story_ids]
        with self.db:
            self.db.executemany("DELETE FROM briefs WHERE story_id=?", [(s,) for s in gone])

    def saved_briefs(self, made_with: str, story_ids: Iterable[str] | None = None) -> dict[str, dict]:
        """Story id -> its saved brief record, of those written by ``made_with`` (the same svodka,
        briefer and brief settings); of every story, or of ``story_ids``."""
        if story_ids is not None:
            rows = [r for sid in story_ids for r in self.db.execute(
                "SELECT story_id, record FROM briefs WHERE made_with=? AND story_id=?", (made_with, sid))]
        else:
            rows = self.db.execute("SELECT story_id, record FROM briefs WHERE made_with=?", (made_with,))
        return {s: json.loads(r) for s, r in rows}

    def delete_briefs(self, story_ids: set[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM briefs WHERE story_id=?", [(s,) for s in story_ids])

    def saved_brief(self, story_id: str) -> dict | None:
        row = self.db.execute("SELECT record FROM briefs WHERE story_id=?", (story_id,)).fetchone()
        return json.loads(row[0]) if row else None

    # --- site memory: lines that recur on a site's pages are its template ---------------------
    def site_template(self, site: str, min_pages: int) -> frozenset[str]:
        rows = self.db.execute("SELECT key FROM site_lines WHERE site=? AND pages>=?", (site, min_pages))
        return frozenset(r[0] for r in rows)

    def site_line_counts(self, site: str, keys: list[str]) -> dict[str, int]:
        """How many stored pages of ``site`` hold each of ``keys`` (those none holds left out)."""
        out: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            out.update(self.db.execute(f"SELECT key, pages FROM site_lines WHERE site=? AND key IN ({','.join('?' * len(chunk))})",
                                       (site, *chunk)).fetchall())
        return out

    def remember_site_lines(self, site: str, keys: set[str]) -> None:
        with self.db:
            self.db.executemany("INSERT INTO site_lines VALUES (?,?,1) ON CONFLICT(site, key) DO UPDATE SET pages=pages+1",
                                [(site, k) for k in keys])

    # --- outlets by their chrome: the lines around the articles of text dumps that named them ---
    def remember_outlet_chrome(self, outlet: str, keys: frozenset[str], up_to: int) -> None:
        """Count ``keys`` as one more page's chrome of ``outlet``, while it has fewer than ``up_to``."""
        row = self.db.execute("SELECT pages FROM outlet_pages WHERE outlet=?", (outlet,)).fetchone()
        if row is not None and row[0] >= up_to:
            return
        with self.db:
            self.db.execute("INSERT INTO outlet_pages VALUES (?,1) ON CONFLICT(outlet) DO UPDATE SET pages=pages+1",
                            (outlet,))
            self.db.executemany("INSERT INTO outlet_chrome VALUES (?,?,1) "
                                "ON CONFLICT(outlet, key) DO UPDATE SET pages=pages+1", [(outlet, k) for k in keys])

    def outlets_sharing(self, keys: frozenset[str]) -> set[str]:
        """The outlets holding one of ``keys`` in their pages' chrome."""
        names: set[str] = set()
        listed = sorted(keys)
        for start in range(0, len(listed), 500):
            chunk = listed[start:start + 500]
            names.update(r[0] for r in self.db.execute(
                f"SELECT DISTINCT outlet FROM outlet_chrome WHERE key IN ({','.join('?' * len(chunk))})", chunk))
        return names

    def outlet_chrome(self, outlet: str) -> tuple[frozenset[str], int]:
        """An outlet's typical chrome (the lines on at least half of its pages) and its pages."""
        row = self.db.execute("SELECT pages FROM outlet_pages WHERE outlet=?", (outlet,)).fetchone()
        pages = row[0] if row else 0
        lines = self.db.execute("SELECT key FROM outlet_chrome WHERE outlet=? AND 2*pages>=?", (outlet, pages))
        return frozenset(r[0] for r in lines), pages

    # --- sentence embeddings (optional, svodka run --embeddings) -------------------------------
    def embeddings(self, model: str, ids: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Article id -> its embedding by ``model`` (vectors of two models never meet); of every
        article that has one, or of those of ``ids``."""
        if ids is not None:
            rows = [r for aid in ids for r in self.db.execute(
                "SELECT article_id, vector FROM embeddings WHERE model=? AND article_id=?", (model, aid))]
        else:
            rows = self.db.execute("SELECT article_id, vector FROM embeddings WHERE model=?", (model,))
        return {aid: np.frombuffer(blob, dtype=np.float32) for aid, blob in rows}

    def docs_without_embedding(self, model: str) -> list[Doc]:
        rows = self.db.execute(f"SELECT {_DOC_COLUMNS} FROM articles WHERE id NOT IN"
                               " (SELECT article_id FROM embeddings WHERE model=?) ORDER BY rowid", (model,))
        return [_doc(r) for r in rows.fetchall()]

    def add_embeddings(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?,?,?)",
                                [(aid, model, np.asarray(v, dtype=np.float32).tobytes()) for aid, v in vectors.items()])

    def signatures(self, scheme: str) -> dict[str, np.ndarray]:
        """Article id -> its near-duplicate signature made by ``scheme`` (svodka.dedup.minhash)."""
        return {aid: np.frombuffer(blob, dtype=np.uint32)
                for aid, blob in self.db.execute("SELECT article_id, hashes FROM signatures WHERE scheme=?", (scheme,))}

    def add_signatures(self, scheme: str, signatures: dict[str, np.ndarray]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO signatures VALUES (?,?,?)",
                                [(aid, scheme, np.asarray(v, dtype=np.uint32).tobytes()) for aid, v in signatures.items()])

    def signatures_of(self, scheme: str, ids: Iterable[str]) -> dict[str, np.ndarray]:
        return {aid: np.frombuffer(blob, dtype=np.uint32) for aid in ids for (blob,) in self.db.execute(
            "SELECT hashes FROM signatures WHERE scheme=? AND article_id=?", (scheme, aid))}

    # --- the clusterer's state (svodka.cluster.stored) -----------------------------------
    def unplaced(self, after: int) -> list[Doc]:
        """The articles stored after row ``after`` that no event holds."""
        rows = self.db.execute(f"SELECT {_DOC_COLUMNS} FROM articles a WHERE a.rowid > ? AND NOT EXISTS (SELECT 1"
                               " FROM assignments p WHERE p.article_id = a.id) ORDER BY rowid", (after,))
        return [_doc(r) for r in rows.fetchall()]

    def cluster_meta(self) -> dict:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM cluster_meta")}

    def grouping_stamp(self, since_embedding: int | None = None) -> dict:
        """What the clusterer's stored state must have been written at to be the store's: the last
        assignment, correction, embedding and article, and (given the embedding it was written at)
        whether an article already placed got an embedding since."""
        seq, corrections, embedded, articles = self.db.execute(
            "SELECT (SELECT COALESCE(MAX(seq), 0) FROM assignments), (SELECT COALESCE(MAX(rowid), 0) FROM corrections),"
            " (SELECT COALESCE(MAX(rowid), 0) FROM embeddings), (SELECT COALESCE(MAX(rowid), 0) FROM articles)"
        ).fetchone()
        out = {"seq": seq, "corrections": corrections, "embedding": embedded, "articles": articles}
        if since_embedding is not None:
            out["late_embedding"] = bool(self.db.execute(
                "SELECT EXISTS (SELECT 1 FROM embeddings e JOIN assignments a ON a.article_id = e.article_id"
                " WHERE e.rowid > ?)", (since_embedding,)).fetchone()[0])
        return out

    def cluster_groups(self, ids: Iterable[str]) -> dict[str, tuple[str, int | None]]:
        return {gid: (state, live) for gid in ids for state, live in self.db.execute(
            "SELECT state, live FROM cluster_groups WHERE id=?", (gid,))}

    def cluster_keys(self, keys: Iterable[str]) -> dict[str, list[str]]:
        return {k: json.loads(v) for k in keys
                for (v,) in self.db.execute("SELECT events FROM cluster_keys WHERE key=?", (k,))}

    def cluster_alias(self, ids: Iterable[str]) -> dict[str, str]:
        return {g: k for g in ids for (k,) in self.db.execute("SELECT kept FROM cluster_alias WHERE gone=?", (g,))}

    def clustered_events(self, article_ids: Iterable[str]) -> dict[str, str]:
        return {a: e for a in article_ids
                for (e,) in self.db.execute("SELECT event_id FROM assignments WHERE article_id=?", (a,))}

    def placed_order(self, article_ids: Iterable[str]) -> dict[str, int]:
        return {a: s for a in article_ids for (s,) in self.db.execute("SELECT seq FROM assignments WHERE article_id=?", (a,))}

    def duplicates_of(self, article_ids: Iterable[str]) -> dict[str, str | None]:
        return {a: o for a in article_ids for (o,) in self.db.execute("SELECT duplicate_of FROM articles WHERE id=?", (a,))}

    def credited_to(self, original: str) -> list[str]:
        """The articles marked reprints of ``original``."""
        return [a for (a,) in self.db.execute("SELECT id FROM articles WHERE duplicate_of=?", (original,))]

    def cluster_points(self, space: str, first: int | None = None, last: int | None = None,
                       from_chunk: int | None = None) -> list[tuple[int | None, int | None, str, np.ndarray]]:
        """(day, chunk, article id, vector) of one neighbour index: its days ``first``..``last``,
        or its undated chunks from ``from_chunk`` on; in the order they were added."""
        if from_chunk is None:
            rows = self.db.execute("SELECT day, chunk, article_id, vector FROM cluster_points WHERE space=? AND day"
                                   " BETWEEN ? AND ? ORDER BY rowid", (space, first, last))
        else:
            rows = self.db.execute("SELECT day, chunk, article_id, vector FROM cluster_points WHERE space=? AND day"
                                   " IS NULL AND chunk >= ? ORDER BY rowid", (space, from_chunk))
        return [(d, c, a, np.frombuffer(v, dtype=np.float32)) for d, c, a, v in rows]

    def band_hits(self, keys: Iterable[tuple[int, bytes]]) -> set[str]:
        return {a for band, key in keys for (a,) in self.db.execute(
            "SELECT article_id FROM cluster_bands WHERE band=? AND key=?", (band, key))}

    def term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: n for t in terms for (n,) in self.db.execute("SELECT df FROM cluster_terms WHERE term=?", (t,))}

    def save_cluster_state(self, change, whole: bool = False) -> None:
        """Write the clusterer's state (a ``svodka.cluster.stored.Change``) in one transaction;
        ``whole``: it is all of the state, and replaces what was stored."""
        with self.db:
            if whole:
                for table in ("groups", "keys", "alias", "points", "bands", "terms", "meta"):
                    self.db.execute(f"DELETE FROM cluster_{table}")
            self.db.executemany("DELETE FROM cluster_groups WHERE id=?", [(g,) for g in change.gone])
            self.db.executemany("INSERT OR REPLACE INTO cluster_groups VALUES (?,?,?)", change.groups)
            self.db.executemany("INSERT OR REPLACE INTO cluster_keys VALUES (?,?)",
                                ((k, json.dumps(v, ensure_ascii=False)) for k, v in change.keys))
            self.db.executemany("INSERT OR REPLACE INTO cluster_alias VALUES (?,?)", change.alias)
            self.db.executemany("INSERT INTO cluster_points VALUES (?,?,?,?,?)",
                                ((s, d, c, a, np.asarray(v, dtype=np.float32).tobytes()) for s, d, c, a, v in change.points))
            self.db.executemany("INSERT INTO cluster_bands VALUES (?,?,?)", change.bands)
            self.db.executemany("INSERT INTO cluster_terms VALUES (?,?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
                                change.terms)
            self.db.executemany("INSERT OR REPLACE INTO cluster_meta VALUES (?,?)",
                                [(k, json.dumps(v, ensure_ascii=False)) for k, v in change.meta.items()])

    def drop_cluster_state(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM cluster_meta")

    # --- search -------------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[tuple[str, str, str]]:
        """(article id, title, snippet) for a full-text query; words are matched as prefixes.
        In the snippet, \x02 and \x03 wrap the matched words."""
        terms = [t for t in re.findall(r"\w+", query) if t]
        if not terms:
            return []
        match = " ".join(f'"{t}"*' for t in terms)
        rows = self.db.execute(
            "SELECT id, title, snippet(articles_fts, 2, char(2), char(3), '…', 12) FROM articles_fts WHERE articles_fts MATCH ?"
            " ORDER BY rank LIMIT ?", (match, limit))
        return [tuple(r) for r in rows]

    # --- rejects ------------------------------------------------------------------------
    def add_reject(self, source: str, reason: str, detail: str) -> None:
        with self.db:
            self.db.execute("INSERT INTO rejects VALUES (?,?,?,?)", (source, reason, detail, _now()))

    def rejects(self) -> Iterator[tuple[str, str, str]]:
        yield from self.db.execute("SELECT source, reason, detail FROM rejects ORDER BY rowid")


_UNNAMED = " AND identity IS NULL"
_DOC_COLUMNS = ("id, source, url, title, paragraphs, language, site, category, published, duplicate_of, doc, author,"
                " topic, is_news")


_ARTICLE_COLUMNS = _DOC_COLUMNS.replace(" doc,", "")


def _article(row) -> Article:
    aid, source, url, title, paragraphs, language, site, category, published, duplicate_of, author, topic, is_news = row
    return Article(id=aid, source=source, title=title, paragraphs=tuple(json.loads(paragraphs)),
                   language=language, site=site, category=category, published=published, url=url,
                   duplicate_of=duplicate_of, author=author, topic=topic,
                   is_news=None if is_news is None else bool(is_news))


def _doc(row) -> Doc:
    return doc_from_dict(_article(row[:10] + row[11:]), json.loads(row[10]))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
