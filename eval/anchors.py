"""The writing day of an undated article, read from its text alone.

    python -m eval.anchors            # DAnIEL (ru) and the AEB benchmark (en)
    python -m eval.anchors --errors   # and the pages whose day was read wrongly

A page dump often loses its date line, and svodka then reads the day the article was written from
the text ("накануне", "во вторник" count from it; `svodka.enrich.dates.infer_anchor`). The gold
day is the page's publication date as trafilatura reads it from the HTML metadata (independent of
svodka); the text is the set's hand-cleaned article body. DAnIEL pages whose metadata date is after
the crawl or more than 60 days before it are left out (site-wide dates, not the article's).
Reports, per set: how many pages get a day, how many of those are the publication day or the day
before it (a report of yesterday's events written after midnight), and how many are off by more
than a week; the same for the rule svodka used before (the latest day the text names).
"""
from __future__ import annotations

import gzip
import json
import sys
from datetime import date, timedelta

from eval.common import DATA
from svodka.enrich.dates import infer_anchor, resolve_dates
from svodka.extract.language import detect_language


def _metadata_day(html: str) -> date | None:
    from trafilatura import extract_metadata

    meta = extract_metadata(html)
    try:
        return date.fromisoformat(meta.date[:10]) if meta is not None and meta.date else None
    except ValueError:
        return None


def daniel() -> list[tuple[str, str, date]]:
    root = DATA / "daniel-ru"
    out = []
    for line in open(root / "index.jsonl", encoding="utf-8"):
        r = json.loads(line)
        day = _metadata_day((root / r["html_path"]).read_text(encoding="utf-8", errors="replace"))
        crawl = date(int(r["crawl_date"][:4]), int(r["crawl_date"][4:6]), int(r["crawl_date"][6:]))
        if day is None or not crawl - timedelta(days=60) <= day <= crawl:
            continue
        out.append((r["id"], (root / r["gold_path"]).read_text(encoding="utf-8"), day))
    return out


def aeb() -> list[tuple[str, str, date]]:
    root = DATA / "aeb-en"
    gold = json.load(open(root / "ground-truth.json", encoding="utf-8"))
    out = []
    for key, rec in sorted(gold.items()):
        path = root / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        day = _metadata_day(gzip.open(path, "rt", encoding="utf-8", errors="replace").read())
        if day is not None and detect_language(rec["articleBody"]) == "en":  # the set holds a few others
            out.append((key, rec["articleBody"], day))
    return out


def latest_day(text: str) -> date | None:
    """The rule svodka used before: the latest full day the text names."""
    days = [m.value for m in resolve_dates(text) if len(m.value) == 10 and not m.value.startswith("XXXX")]
    return date.fromisoformat(max(days)) if days else None


def read_day(text: str) -> date | None:
    """The writing day as `svodka.enrich.enrich` reads it for an undated article."""
    return infer_anchor(resolve_dates(text), text)


def score(pages, rule, show: bool = False) -> tuple[int, int, int]:
    answered = right = far = 0
    for key, text, gold in pages:
        day = rule(text)
        if day is None:
            continue
        answered += 1
        off = (gold - day).days
        right += off in (0, 1)
        far += abs(off) > 7
        if show and off not in (0, 1):
            print(f"    {key[:40]}: read {day}, published {gold}")
    return answered, right, far


def main() -> int:
    show = "--errors" in sys.argv[1:]
    for name, pages in (("DAnIEL ru", daniel()), ("AEB en", aeb())):
        print(f"== {name}: {len(pages)} pages with a metadata date")
        for label, rule in (("svodka", read_day), ("latest day named", latest_day)):
            answered, right, far = score(pages, rule, show and rule is read_day)
            share = right / answered if answered else 0.0
            print(f"  {label:18} a day for {answered}/{len(pages)}; publication day or the day before "
                  f"{right}/{answered} = {share:.3f}; off by more than a week {far}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
