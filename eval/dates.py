"""Date mentions on NEREL dev DATE spans.

    python -m eval.dates

NEREL marks date spans without values and its texts carry no publication date, so two things
are measured: (1) detection: the share of the calendar gold spans (naming a month or a year;
weekdays and relative days need a publication date NEREL lacks) that a svodka mention overlaps; (2) value accuracy on the
self-contained gold spans (a year, a month and year, or a full date), where the value is checked
against dateparser's independent reading of the gold text, at svodka's level of detail.
"""
from __future__ import annotations

import json
import re
import sys

from eval.common import DATA
from svodka.enrich.dates import resolve_dates

# Spans svodka can resolve without the article's date: a month or a year named. Weekdays and
# "вчера"/"сегодня" need the publication date, which NEREL texts do not carry; year ranges and
# decades ("1998—2010 годах", "1980-е") are periods, not dates.
CALENDAR = re.compile(r"(январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|\b\d{4}\b)", re.I)
PERIOD = re.compile(r"\d{4}\s*[-–—]\s*\d{4}|\d{4}-[еэх]|\bпо\s+\d{4}")
ABSOLUTE = re.compile(r"^\D*(\d{1,2}\s+\w+\s+)?(\w+\s+)?\d{4}\s*(года|году|год|г\.?)?$", re.I)


def main() -> int:
    import dateparser

    rows = [json.loads(l) for l in open(DATA / "nerel" / "dev.jsonl", encoding="utf-8")]
    found = total = checked = right = 0
    wrong = []
    for r in rows:
        mentions = resolve_dates(r["text"], None, None)
        for e in r["entities"]:
            if e["type"] != "DATE" or not CALENDAR.search(e["text"]) or PERIOD.search(e["text"]):
                continue
            total += 1
            hit = [m for m in mentions if m.start < e["end"] and e["start"] < m.stop]
            found += bool(hit)
            if not ABSOLUTE.match(e["text"].replace("\xa0", " ")) or not hit:
                continue
            value = hit[0].value
            if not re.search(r"[а-яё]{3,}", re.sub(r"\b(года|году|год|г)\b|^\W*\w{1,2}\s", "", e["text"].lower())):
                # A year alone: its value is the number it names (dateparser reads "в 2018 году"
                # as a duration).
                want, value = re.search(r"\d{4}", e["text"]).group(), value[:4]
            else:
                ref = dateparser.parse(e["text"], languages=["ru"], settings={"REQUIRE_PARTS": ["year"]})
                if ref is None:
                    continue
                want = ref.strftime("%Y-%m-%d")[:len(value)]
            checked += 1
            if value == want:
                right += 1
            else:
                wrong.append(f"{e['text']!r}: {value} vs {want}")
    print(f"detection: {found}/{total} calendar-like DATE spans overlapped = {found / total:.3f}")
    print(f"value accuracy on self-contained spans: {right}/{checked} = {right / checked:.3f}")
    for w in wrong[:15]:
        print("  ", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
