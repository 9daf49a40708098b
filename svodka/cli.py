"""The command line: a thin shell over the library. Errors become one line here, once."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)

from svodka import __version__, config, corrections
from svodka.deadline import deadline
from svodka.embed import e5_embedder
from svodka.engine import Engine, Listener, RunReport
from svodka.errors import Rejected, SvodkaError
from svodka.extract import classify_dump
from svodka.extract.bounds import bounded
from svodka.extract.html import extract_html
from svodka.ingest import iter_pages
from svodka.ingest.files import entries, missing, shown
from svodka.pipeline import story_heading
from svodka.prepare import with_topic
from svodka.report import annotation_record, article_record, write_outputs
from svodka.brief import ENTITY_TYPES
from svodka.classify import TOPICS
from svodka.stages import Stages
from svodka.report.tables import (ARTICLE_FIELDS, STORY_FIELDS, article_rows, as_line, brief_markdown, story_row,
                                  stored_span, to_csv)
from svodka.store import SqliteStore, writer_lock
from svodka.words import counted
from svodka.workers import workers as make_workers

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="svodka: raw news pages in; clean articles, events, stories and cited briefs out.")
out_console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
DB_HELP = "SQLite store (created if missing)."
CONFIG_HELP = ("A TOML file of settings (svodka/data/settings.toml names them all, with their defaults and "
               "what each was tuned on).")
SET_HELP = "One setting, over the file's and the default: grouping.event_threshold=0.3 (repeatable)."
READ_DB_HELP = "SQLite store written by `svodka run` (an error if there is none)."
STAGES = Stages()  # the stages the commands run (svodka.stages); a test may give others


def _version(value: bool) -> None:
    if value:
        out_console.print(f"svodka {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print svodka's version and exit.", metavar="")) -> None:
    """svodka: raw news pages in; clean articles, events, stories and cited briefs out."""


def _fail(message: str, code: int = 1) -> None:
    err.print(f"svodka: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


@app.command()
def run(
    pages: list[Path] = typer.Argument(..., help="Files or folders: text dumps, HTML, JSON, JSONL, CSV, RSS/Atom "
                                       "feeds, WARC archives, gzipped, zipped or not; - reads the standard input."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for stories.json, articles.jsonl and the HTML site."),
    db: Path = typer.Option(Path("svodka.db"), "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar.", metavar=""),
    embeddings: Optional[bool] = typer.Option(None, "--embeddings/--no-embeddings", help="Compare articles by "
                                              "the e5 embedding of title and lead too (on by default: the topic "
                                              "model makes it). --embeddings also embeds stored articles that have "
                                              "none; --no-embeddings compares words and names only."),
    keep_not_news: bool = typer.Option(False, "--keep-not-news", help="Group pages judged not news (ads, "
                                       "horoscopes, recipes) into stories too; by default they are listed apart.", metavar=""),
    workers: Optional[int] = typer.Option(None, "--workers", envvar="SVODKA_WORKERS", min=1, metavar="N",
                                          help="Processes that read pages (default: one per core; 1: this process "
                                          "only). The result is the same for any N."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="tcp://HOST:PORT", help="Read pages on "
                                            "a Dask distributed cluster (pip install 'svodka\\[dask]'); the store "
                                            "stays here."),
    config_file: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help=CONFIG_HELP),
    sets: list[str] = typer.Option([], "--set", metavar="SECTION.NAME=VALUE", help=SET_HELP),
) -> None:
    """Ingest pages, group them into events and stories, write briefs and the HTML report."""
    _configure(config_file, sets)
    if all(missing(p) for p in pages):  # nothing to read: create no store and no site
        for p in pages:
            err.print(f"skipped {shown(p)}: not-found: no such file or folder; check the path", markup=False,
                      highlight=False, style="yellow")
        _fail("no page could be processed; see the reasons above", 2)
    report = RunReport()
    try:
        embedder = e5_embedder() if embeddings is not False else None  # before any work: a missing package says so
        with _pool(workers, scheduler) as pool, writer_lock(db, on_wait=_warn), SqliteStore(db) as store, \
                _progress(quiet) as progress:
            task = progress.add_task("reading pages", total=_page_count(pages))
            line = lambda prefix, style: lambda m: progress.console.print(  # noqa: E731
                f"{prefix} {m}", markup=False, highlight=False, style=style)
            engine = Engine(store, STAGES, workers=pool, embedder=embedder, keep_not_news=keep_not_news,
                            embed_stored=embeddings is True)
            engine.run(pages, Listener(reject=line("skipped", "yellow"), note=line("repaired", "cyan"),
                                       page=lambda _: progress.advance(task),
                                       phase=lambda name, n: progress.reset(task, total=n, description=name)), report)
            progress.remove_task(task)
            progress.add_task("writing briefs", total=None)
            records, articles = engine.records()
            index = write_outputs(out, records, articles)
    except KeyboardInterrupt:
        added = len(report.added)
        _fail(f"interrupted: {counted(added, 'new article')} {'is' if added == 1 else 'are'} stored in {db}; "
              "run again to continue", 130)
    except SvodkaError as exc:
        _fail(str(exc))
    err.print(report.summary(), markup=False, highlight=False)
    if report.processed == 0:
        _fail("no page could be processed; see the reasons above", 2)
    apart = sum(1 for a in articles.values() if a.is_news is False) if not keep_not_news else 0
    err.print(f"{len(records)} {'story' if len(records) == 1 else 'stories'} in {db}" + (
        f"; {apart} {'page' if apart == 1 else 'pages'} judged not news listed apart (`svodka articles --not-news`)"
        if apart else ""), markup=False, highlight=False)
    out_console.print(f"report: {index.resolve().as_uri()}", markup=False, highlight=False)
    err.print(f"to browse and search: svodka serve --db {db}  (then open http://127.0.0.1:8000/)",
              markup=False, highlight=False)


@contextmanager
def _pool(n: int | None, scheduler: str | None):
    pool = make_workers(n, scheduler)
    try:
        yield pool
    finally:
        pool.close()


def _configure(path: Path | None, sets: list[str]) -> None:
    try:
        config.apply(config.settings(path, flags=sets))
    except SvodkaError as exc:
        _fail(str(exc), 2)


def _warn(message: str) -> None:
    err.print(message, markup=False, highlight=False, style="yellow")


def _progress(quiet: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(), console=err, disable=quiet or not err.is_terminal,
                    transient=True)


SINGLE_PAGE = {".txt", ".html", ".htm", ".xhtml", ".text", ".md"}


def _page_count(paths: list[Path]) -> int | None:
    """How many pages the inputs hold, when every file is one page; None when a JSONL file, a feed
    or an archive holds an unknown number of them."""
    if any(str(p) == "-" for p in paths):
        return None  # a pipe holds an unknown number of them
    files = [f for p in paths for f in (entries(p) if p.is_dir() else [p])]
    return len(files) if all(f.suffix.lower() in SINGLE_PAGE for f in files) else None


def _articles(pages: list[Path], what: str, raw: bool = False):
    """(page, article) for every page that yields one; a line on stderr for every other; exit
    2 when none did."""
    from svodka.extract.language import detect_language
    from svodka.model import Article

    done = 0
    for item in iter_pages(pages):
        try:
            if isinstance(item, Rejected):
                raise item
            if raw:  # the file is the article's clean text
                paragraphs = tuple(p.strip() for p in item.raw.split("\n\n") if p.strip())
                article = Article(id=item.id, source=item.source, title=item.title or "", paragraphs=paragraphs,
                                  language=item.language or detect_language(item.raw), published=item.published)
            else:
                item = bounded(item)
                with deadline(item.source):
                    article = with_topic(STAGES.extractor(item), STAGES.classifier)
        except Rejected as rej:
            err.print(f"skipped {rej}", markup=False, highlight=False)
            continue
        except Exception as exc:  # a fault met on one page: that page is skipped, the others go on
            err.print(f"skipped {item.source}: failed: {type(exc).__name__}: {exc} (a fault in svodka on this "
                      "page; please report it with the page)", markup=False, highlight=False)
            continue
        for note in item.notes:
            err.print(f"repaired {item.source}: {note}", markup=False, highlight=False)
        done += 1
        yield item, article
    if done == 0:
        _fail(f"no page could be {what}", 2)


@app.command()
def extract(
    pages: list[Path] = typer.Argument(..., help="Pages to extract, in order."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line.", metavar=""),
    explain: bool = typer.Option(False, "--explain", help="Show each line's decision and why (text dumps; HTML pages the dump classifier read, as rendered).", metavar=""),
) -> None:
    """Extract the clean article of each page (nothing is stored)."""
    for item, article in _articles(pages, "extracted"):
        if explain:
            if item.kind == "html":
                res = extract_html(item.raw, url=item.url)
                decisions = res.decisions
                how = ("read by the dump classifier; line numbers are those of the page rendered as text"
                       if res.method == "dump" else "read by trafilatura, which gives no line decisions")
                out_console.print(f"{item.id}: {how}", markup=False, highlight=False, style="dim")
            else:
                decisions = classify_dump(item.raw, known_title=item.title).decisions
            for d in decisions:
                out_console.print(f"{item.id}:{d.number:<4} {d.label:<11} {d.text[:70]:<70}  {d.reason}",
                                  markup=False, highlight=False)
        elif as_json:
            sys.stdout.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        else:
            out_console.print(f"# {article.title}", markup=False, highlight=False)
            meta = [x for x in (article.site, article.category, article.published, article.language) if x]
            if meta:
                out_console.print(" · ".join(meta), markup=False, highlight=False, style="dim")
            out_console.print("\n\n".join(article.paragraphs) + "\n", markup=False, highlight=False)


@app.command()
def annotate(
    pages: list[Path] = typer.Argument(..., help="Pages to annotate (extracted first)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line.", metavar=""),
    raw: bool = typer.Option(False, "--raw", help="Treat each file as clean article text (no extraction).", metavar=""),
) -> None:
    """Entities, dates, quotes and sentences of each article, as spans into its text."""
    from svodka.enrich import enrich

    for _, article in _articles(pages, "annotated", raw=raw):
        rec = annotation_record(enrich(article))
        if as_json:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            continue
        out_console.print(f"# {rec['id']} ({rec['language']})", markup=False, highlight=False)
        for e in rec["entities"]:
            inside = "  (inside a name)" if e["nested"] else "  (a role standing for the name)" if e["kind"] == "role" else ""
            out_console.print(f"{e['start']:>6} {e['type']:<4} {e['text']} -> {e['normal']}{inside}",
                              markup=False, highlight=False)
        for d in rec["dates"]:
            out_console.print(f"{d['start']:>6} DATE {d['text']} -> {d['value']} ({d['confidence']:.2f})",
                              markup=False, highlight=False)
        for q in rec["quotes"]:
            # an attribution holds its verb ("сообщили в штабе"): the verb is not printed twice
            who = f"{q['speaker']} ({q['verb']})" if q["speaker"] else q.get("attribution") or f"? ({q['verb']})"
            out_console.print(f"{q['start']:>6} QUOTE {who}: {q['text']}", markup=False, highlight=False)


@app.command()
def stories(db: Path = typer.Option(Path("svodka.db"), "--db", help=READ_DB_HELP),
            as_json: bool = typer.Option(False, "--json", help="JSON lines: id, headline, counts (as --format json).", metavar=""),
            fmt: str = typer.Option("text", "--format", help="text, json (one object a line) or csv (as OUT/stories.csv)."),
            topic: str | None = typer.Option(None, "--topic", help=f"Only stories of this topic ({', '.join(TOPICS)}).")
            ) -> None:
    """List the stories in the store, newest first."""
    fmt, topic = _format(fmt, as_json, ("text", "json", "csv")), _topic(topic)
    with _open(db) as store:
        engine = Engine(store)
        items, saved, docs = engine.saved_stories()  # a story without a saved brief read from its Docs
        heads = {s.id: story_heading(s, saved, docs) for s in items}
        if topic is not None:
            items = [s for s in items if heads[s.id][1] == topic]
        if fmt == "csv":
            records = [saved.get(s.id) or engine.story_record(s, docs) for s in items]
            sys.stdout.write(to_csv([story_row(r) for r in records], STORY_FIELDS))
            return
        for s in items:
            first, last, by_timeline = stored_span(s, saved.get(s.id))
            head = heads[s.id][0]
            from_text = s.date_from_text
            if fmt == "json":
                sys.stdout.write(json.dumps({"id": s.id, "headline": head, "topic": heads[s.id][1],
                                             "articles": len(s.articles),
                                             "events": len(s.events), "first": first, "last": last,
                                             "told": by_timeline, "date_from_text": from_text,
                                             "latest_day": s.latest_day},
                                            ensure_ascii=False) + "\n")
            else:
                # an undated story: from the earliest day its texts show one written on or after, to the latest
                latest = s.latest_day if s.latest_day != from_text else None
                span = f"{first}–{last}{' (told)' if by_timeline else ''}" if first else \
                    f"≥{from_text}{'–' + latest if latest else ''} (text)" if from_text else "undated"
                out_console.print(f"{s.id}  {len(s.articles):>3} art {len(s.events):>2} ev  {span:<21}  {head}",
                                  markup=False, highlight=False)


@app.command()
def articles(db: Path = typer.Option(Path("svodka.db"), "--db", help=READ_DB_HELP),
             not_news: bool = typer.Option(False, "--not-news", help="Only the pages judged not news, which form no stories.", metavar=""),
             topic: str | None = typer.Option(None, "--topic", help=f"Only articles of this topic ({', '.join(TOPICS)})."),
             fmt: str = typer.Option("text", "--format", help="text, json (one object a line) or csv (as OUT/articles.csv).")
             ) -> None:
    """List the stored articles (id, site, date, topic, title), in the order they were stored."""
    fmt, topic = _format(fmt, False, ("text", "json", "csv")), _topic(topic)
    with _open(db) as store:
        listed = {k: a for k, a in store.articles().items() if (not not_news or a.is_news is False)
                  and (topic is None or a.topic == topic)}
        placed = {a: (story, event) for a, (event, story) in store.assignments().items()}
    if fmt == "csv":
        sys.stdout.write(to_csv(article_rows(listed, placed), ARTICLE_FIELDS))
        return
    for a in listed.values():
        if fmt == "json":
            sys.stdout.write(json.dumps(article_record(a), ensure_ascii=False) + "\n")
        else:
            flag = "  (not news)" if a.is_news is False else ""
            out_console.print(f"{a.id}  {a.site or '-'}  {(a.published or '-')[:10]}  {a.topic or '-'}  {a.title}{flag}",
                              markup=False, highlight=False)


def _topic(topic: str | None) -> str | None:
    if topic is not None and topic not in TOPICS:
        _fail(f"--topic {topic}: choose one of {', '.join(TOPICS)}", 2)
    return topic


def _format(fmt: str, as_json: bool, allowed: tuple[str, ...]) -> str:
    fmt = "json" if as_json else fmt.lower()
    if fmt not in allowed:
        _fail(f"--format {fmt}: choose one of {', '.join(allowed)}", 2)
    return fmt


@app.command()
def show(story_id: str = typer.Argument(..., help="A story id from `svodka stories`."),
         db: Path = typer.Option(Path("svodka.db"), "--db", help=READ_DB_HELP),
         as_json: bool = typer.Option(False, "--json", help="The story's JSON record (as --format json).", metavar=""),
         fmt: str = typer.Option("text", "--format", help="text, json (the stories.json record) or md (Markdown).")
         ) -> None:
    """Print one story's brief."""
    fmt = _format(fmt, as_json, ("text", "json", "md"))
    with _open(db) as store:
        engine = Engine(store)
        items, docs = engine.stories({story_id})  # that story's articles alone
        if not items:
            _fail(f"no story '{story_id}' in {db}; `svodka stories --db {db}` lists them")
        rec = engine.story_record(items[0], docs)
    if fmt == "json":
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "md":
        sys.stdout.write(brief_markdown(rec))
        return
    p = lambda text="", **kw: out_console.print(text, markup=False, highlight=False, **kw)  # noqa: E731
    p(rec["headline"], style="bold")
    p(f"{counted(len(rec['articles']), 'article')}, {counted(len(rec['events']), 'event')}")
    p("\nSummary", style="bold")
    for s in rec["summary"]:
        p(f"• {s['text']}  [{', '.join(s['sources'])}]")
    if rec["timeline"]:
        p("\nTimeline", style="bold")
        for t in rec["timeline"]:
            p(f"{t['date']:>10}  {'(planned) ' if t.get('planned') else ''}{as_line(t['text'])}  "
              f"[{', '.join(t['sources'])}]")
    if rec["quotes"]:
        p("\nQuotes", style="bold")
        for q in rec["quotes"]:
            said = f"«{q['text']}»" if q["direct"] else f"(reported) {q['text']}"
            p(f"{q['speaker'] or q.get('attribution') or 'unattributed'}: {said}  [{', '.join(q['sources'])}]")
    if rec["differences"]:
        p("\nWhere sources differ", style="bold")
        for d in rec["differences"]:
            p(f"{d['claim']}: " + " vs ".join(f"{s['text']} [{', '.join(s['sources'])}]" for s in d["sides"]))
    for kind, heading in ENTITY_TYPES.items():
        if named := [e for e in rec["entities"] if e["type"] == kind]:
            p(f"\n{heading}", style="bold")
            p(", ".join(f"{e['name']} ({e['count']})" for e in named))
    p("\nEvents", style="bold")
    for e in rec["events"]:
        day = e["date"] or e.get("day_told") or (f"≥{e['date_from_text']}" if e["date_from_text"] else "undated")
        p(f"{day:>11}  {e['id']}  {e['title']}  [{', '.join(e['articles'])}]")
    p("\nSources", style="bold")
    for s in rec["sources"]:
        dup = f"  (reprint of {s['duplicate_of']})" if s["duplicate_of"] else ""
        p(f"{s['id']}: {s['site'] or 'unknown site'} — {s['title']}{dup}")


@app.command()
def explain(a: str = typer.Argument(..., help="An article id."), b: str = typer.Argument(..., help="Another article id."),
            db: Path = typer.Option(Path("svodka.db"), "--db", help=READ_DB_HELP),
            as_json: bool = typer.Option(False, "--json", help="The scores as JSON.", metavar="")) -> None:
    """Why two articles are or are not in one event and one story."""
    with _open(db) as store:
        try:
            rec = Engine(store).explain(a, b)
        except SvodkaError as exc:
            _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, indent=1) + "\n")
        return
    for line in rec["said"]:
        out_console.print(line, markup=False, highlight=False)


def _correct(db: Path, correction, *args):
    """Apply a person's correction to the store, under its writer lock; its errors become one line."""
    with _open(db) as store, writer_lock(db, on_wait=_warn):
        try:
            return correction(store, *args)
        except SvodkaError as exc:
            _fail(str(exc))


@app.command()
def merge(story: str = typer.Argument(..., help="The story to keep."),
          other: str = typer.Argument(..., help="The story whose events move into it."),
          db: Path = typer.Option(Path("svodka.db"), "--db", help=READ_DB_HELP)) -> None:
    """Merge one story into another (a correction later runs keep)."""
    moved = _correct(db, corrections.merge_stories, story, other)
    out_console.print(f"{other} merged into {story}: {counted(moved, 'article')} moved", markup=False, highlight=False)


@app.command()
def split(story: str = typer.Argument(..., help="The story to split."),
          events: list[str] = typer.Argument(..., help="Event ids (from `svodka show`) that become a new story."),
          db: Path = typer.Option(Path("svodka.db"), "--db", help=READ_DB_HELP)) -> None:
    """Move some events of a story into a new story (a correction later runs keep)."""
    new_id = _correct(db, corrections.split_story, story, events)
    out_console.print(f"new story {new_id} with {', '.join(events)}", markup=False, highlight=False)


@app.command()
def serve(db: Path = typer.Option(Path("svodka.db"), "--db", help=DB_HELP),
          host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings", help="Embed pages added through "
                                          "the API, as `run` does (on by default)."),
          config_file: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help=CONFIG_HELP),
          sets: list[str] = typer.Option([], "--set", metavar="SECTION.NAME=VALUE", help=SET_HELP)) -> None:
    """Serve story pages and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    _configure(config_file, sets)
    from svodka.web import create_app

    embedder = e5_embedder() if embeddings else None  # before serving: a missing package says so at once
    out_console.print(f"svodka: serving {db} at http://{host}:{port}/", markup=False, highlight=False)
    # Keep-alive longer than uvicorn's 5 s default: busy readers reuse their connections.
    uvicorn.run(create_app(db, embedder, STAGES), host=host, port=port, log_level="warning", timeout_keep_alive=30)


def _open(db: Path) -> SqliteStore:
    if not db.exists():
        _fail(f"no store at {db}; run `svodka run PAGES --db {db}` first")
    return SqliteStore(db)


def main() -> None:
    try:
        app()
    except SvodkaError as exc:
        err.print(f"svodka: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
