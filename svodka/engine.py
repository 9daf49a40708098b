"""The engine: the one façade that `svodka run`, `svodka serve`, the evaluations and the benchmarks
call. It holds a store, the stages it was given (svodka.stages: each behind a protocol, with a null
version, injected rather than patched) and the workers that read pages; its steps are
svodka.pipeline's."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from svodka import pipeline
from svodka.embed import Embedder
from svodka.model import Article, Brief, Doc, Page, Story
from svodka.grouping import LiveGrouping
from svodka.pipeline import Notify, RunReport
from svodka.stages import NULL, Stages
from svodka.store import SqliteStore
from svodka.workers import Workers

__all__ = ["Engine", "Listener", "Stages", "NULL", "RunReport"]


def _quiet(_: str) -> None:
    return None


def _no_phase(name: str, total: int) -> None:
    return None


@dataclass(frozen=True)
class Listener:
    """What a caller hears while an engine runs: an item skipped (``reject``, one line with its
    reason), a repair (``note``), an item done (``page``) and a step begun (``phase``: its name,
    "embedding" or "grouping", and how many items it has)."""

    reject: Notify = _quiet
    note: Notify = _quiet
    page: Notify = _quiet
    phase: Callable[[str, int], None] = _no_phase


class Engine:
    """``store``: where articles and groups are kept; ``workers``: where pages are read (this process
    when None); ``embedder``: each new article gets its e5 embedding too, and with ``embed_stored``
    so does every stored article that has none (`--embeddings`)."""

    def __init__(self, store: SqliteStore, stages: Stages = Stages(), workers: Workers | None = None,
                 embedder: Embedder | None = None, keep_not_news: bool = False, embed_stored: bool = True) -> None:
        self.store, self.stages, self.workers = store, stages, workers
        self.embedder, self.keep_not_news, self.embed_stored = embedder, keep_not_news, embed_stored

    def run(self, paths: Iterable[str | os.PathLike], listen: Listener = Listener(),
            report: RunReport | None = None) -> RunReport:
        """What `svodka run` does before its outputs: store every new page's article (read in the
        workers, stored in input order), embed, place the new articles in events and stories."""
        report = report if report is not None else RunReport()
        pipeline.ingest(paths, self.store, report, listen.reject, listen.page, listen.note, self.stages,
                        self.workers, self.embedder)
        if self.embedder is not None and self.embed_stored:
            pipeline.embed(self.store, self.embedder, listen.page, lambda n: listen.phase("embedding", n))
        pipeline.cluster(self.store, report, listen.page, self.keep_not_news,
                         lambda n: listen.phase("grouping", n), self.stages)
        return report

    def briefs(self) -> tuple[list[tuple[Story, Brief]], dict[str, Doc]]:
        """Every story with its brief (written in the workers, saved in the store)."""
        return pipeline.briefs(self.store, self.workers, self.stages.briefer)

    def records(self) -> tuple[list[dict], dict[str, Article]]:
        """Every story's brief record, as stories.json holds it (those of stories unchanged since
        they were saved read back, the others written in the workers and saved), and every article."""
        return pipeline.brief_records(self.store, self.workers, self.stages.briefer)

    def add(self, page: Page, live: LiveGrouping | None = None) -> dict:
        """One page read, stored and placed at once (`POST /api/articles`); where it went."""
        return pipeline.add_one(self.store, page, self.embedder, live, self.stages)

    def stories(self, story_ids: set[str] | None = None) -> tuple[list[Story], dict[str, Doc]]:
        return pipeline.load_stories(self.store, story_ids)

    def saved_stories(self, story_ids: set[str] | None = None) -> tuple[list[Story], dict[str, dict], dict[str, Doc]]:
        """The stories (every one, or those of ``story_ids``), the brief records saved for them and
        the Docs of those without one (`pipeline.saved_stories`)."""
        return pipeline.saved_stories(self.store, self.stages.briefer, story_ids)

    def story_record(self, story: Story, docs: dict[str, Doc]) -> dict:
        return pipeline.story_record(self.store, story, docs, self.stages.briefer)

    def explain(self, a: str, b: str) -> dict:
        """Why two stored articles are or are not in one event and one story."""
        return pipeline.explain_pair(self.store, a, b)
