"""The calendar of undated pages (issue 33.1), measured without gold dates: every tgcontest page
(../shared/data/tgcontest) was written between November 2019 and May 2020, and none carries its
date. A timeline line whose year its own sentence does not state was given it by svodka (from
the text's other mentions or the story's year); when that year is not 2019 or 2020 it is wrong
but for rare background told without its year. So is a story dated by its text outside them, or
after May 2020 (it would say its pages were written on or after that day: none was).

    python -m eval.years            # the pair pages and the category pages, once each, as one JSONL
                                    # file through the calls `svodka run` makes; by site half
    python -m eval.years --show     # each line counted wrong, with its sources, and each story's date
    python -m eval.years --daniel   # DAnIEL's 132 hand-cleaned Russian texts (crawled Nov 2011 - Jan
                                    # 2012), undated: a set no dating rule was written reading

Counts, per site half: timeline lines dated by svodka (the year not in their sentence), those in
2019-2020 and those outside; stories dated by their text, in and outside; stories undated.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from eval import pile
from eval.common import DATA, run_file, site_half
from eval.handcheck import pair_pages
from svodka.engine import Engine
from svodka.store import SqliteStore

CONTEST_YEARS = {2019, 2020}
LAST_DAY = "2020-05-31"  # a page of the contest was written by then: "written on or after" a later day is wrong


def pages() -> list[dict]:
    """The pairs' pages and the category pages, each URL once, in file order."""
    out = pair_pages()
    seen = {r["url"] for r in out}
    return out + [{"id": r["doc_id"], "title": r["title"], "text": r["text"], "url": r["url"]}
                  for r in pile.load() if r["url"] not in seen]


def product(records: list[dict]) -> list[dict]:
    """The story records (as stories.json holds them) of one `svodka run` over ``records``."""
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = run_file(records, Path(tmp), "years")
        with SqliteStore(db) as store:
            return Engine(store).records()[0]


def stated(year: str, text: str) -> bool:
    """Whether ``text`` names ``year`` itself: "2016", "17.01.16"."""
    return re.search(rf"(?<!\d){year}(?!\d)|\d\.{year[2:]}(?!\d)", text) is not None


def tally(stories: list[dict], judge_story) -> tuple[dict, list[str]]:
    """Counts by site half, and the lines and stories to show. ``judge_story(s)``: the story's site
    half, the years its timeline lines may take, whether a day dates it rightly, and a note for
    what is shown; None passes it by. A line whose sentence states its year is not counted."""
    counts = {h: dict.fromkeys(("lines", "lines_out", "stories", "stories_out", "undated"), 0) for h in (0, 1)}
    shown = []
    for s in stories:
        if (judged := judge_story(s)) is None:
            continue
        h, years, right, note = judged
        for line in s["timeline"]:
            year = line["date"][:4]
            if not year.isdigit() or stated(year, line["text"]):
                continue
            counts[h]["lines"] += 1
            if int(year) not in years:
                counts[h]["lines_out"] += 1
                shown.append(f"line {line['date']}{note} {line['text'][:120]!r} {line['sources']}")
        day = s.get("date_from_text")
        if day is None:
            counts[h]["undated"] += 1
            continue
        counts[h]["stories"] += 1
        out = not right(day[:10])
        counts[h]["stories_out"] += out
        shown.append(f"story {'out' if out else 'in'} {day}..{s.get('latest_day')}{note} {s['headline'][:100]!r}")
    return counts, shown


def judge(stories: list[dict], half_of: dict[str, int]) -> tuple[dict, list[str]]:
    return tally(stories, lambda s: (half_of[s["sources"][0]["id"]] if s.get("sources") else 0, CONTEST_YEARS,
                                     lambda day: int(day[:4]) in CONTEST_YEARS and day <= LAST_DAY, ""))


def daniel_pages() -> tuple[list[dict], dict[str, str]]:
    """DAnIEL's gold texts as undated records (the first paragraph the title), and each page's crawl
    day: a page was written on or before it, and news within the year before."""
    folder = DATA / "daniel-ru"
    records, crawled = [], {}
    for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        title, _, text = (folder / row["gold_path"]).read_text(encoding="utf-8").strip().partition("\n")
        records.append({"id": row["id"], "title": title.strip(), "text": text.strip(), "site": row["site"]})
        c = row["crawl_date"]
        crawled[row["id"]] = f"{c[:4]}-{c[4:6]}-{c[6:]}"
    return records, crawled


def judge_daniel(stories: list[dict], crawled: dict[str, str]) -> tuple[dict, list[str]]:
    """By site half: a story dated after its earliest page's crawl day or more than a year before
    it is wrong; so is a timeline line (its year not in its sentence) not in the crawl's year or
    the one before."""
    def judge_story(s: dict):
        ids = [src["id"] for src in s.get("sources", ())]
        if not ids:
            return None
        crawl = min(crawled[i] for i in ids)
        earliest = (date.fromisoformat(crawl) - timedelta(days=365)).isoformat()
        return (site_half("http://" + ids[0].split("_", 2)[1]), {int(crawl[:4]), int(crawl[:4]) - 1},
                lambda day: earliest <= day <= crawl, f" (crawled {crawl})")

    return tally(stories, judge_story)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--daniel", action="store_true", help="DAnIEL's texts, dated by their crawl day")
    args = ap.parse_args()
    if args.daniel:
        records, crawled = daniel_pages()
        counts, shown = judge_daniel(product(records), crawled)
        print(f"{len(records)} DAnIEL texts (crawled Nov 2011 - Jan 2012), undated, through `svodka run`")
        return report(counts, shown if args.show else [], "in the crawl's year or the one before", "within the year before the crawl")
    if not (DATA / "tgcontest").exists():
        print(f"skipped: {DATA / 'tgcontest'} is missing", file=sys.stderr)
        return 0
    records = pages()
    half_of = {r["id"]: site_half(r["url"]) for r in records}
    counts, shown = judge(product(records), half_of)
    print(f"{len(records)} tgcontest pages (Nov 2019 - May 2020), undated, through `svodka run`")
    return report(counts, shown if args.show else [], "in 2019-2020", "in 2019 - May 2020")


def report(counts: dict, shown: list[str], lines_right: str, stories_right: str) -> int:
    for h, c in counts.items():
        print(f"site half {h}: timeline lines dated by svodka {c['lines']}, not {lines_right} {c['lines_out']}; "
              f"stories dated by their text {c['stories']}, not {stories_right} {c['stories_out']}; "
              f"undated {c['undated']}")
    share = {h: (c["stories_out"] / max(1, c["stories"]), c["lines_out"] / max(1, c["lines"])) for h, c in counts.items()}
    print(f"wrong, site half 0 / 1: stories {share[0][0]:.3f} / {share[1][0]:.3f}, "
          f"timeline lines {share[0][1]:.3f} / {share[1][1]:.3f}")
    if shown:
        print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
