"""The input and the printout of the hand check in docs/evaluation.md: 20 stories of tgcontest texts,
their timelines, differences and entities, from two runs of `svodka run` (before and after a change).

    python -m eval.handcheck input FILE.jsonl           # the 47 texts: every third Russian pair
                                                         # labelled OK, the first 24 of them
    svodka run FILE.jsonl --out BEFORE ...               # with the commit before, and again with
    svodka run FILE.jsonl --out AFTER ...                # the commit after
    python -m eval.handcheck show BEFORE AFTER           # the first 20 stories of 2+ articles both
                                                         # runs made, side by side
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from eval.common import DATA

PAIRS = 24


def write_input(path: Path) -> int:
    rows = [json.loads(line) for line in open(DATA / "tgcontest" / "same_story_pairs.jsonl", encoding="utf-8")]
    rows = [r for r in rows if r["lang"] == "ru" and r["label"] == "OK" and not r.get("duplicate_of_earlier_pair")]
    seen, n = set(), 0
    with open(path, "w", encoding="utf-8") as out:
        for r in rows[::3][:PAIRS]:
            for side in ("first", "second"):
                if r[f"{side}_url"] in seen:
                    continue
                seen.add(r[f"{side}_url"])
                out.write(json.dumps({"id": f"{r['pair_id']}_{side[0]}", "url": r[f"{side}_url"],
                                      "title": r[f"{side}_title"], "text": r[f"{side}_text"]}, ensure_ascii=False) + "\n")
                n += 1
    return n


def show(before: Path, after: Path) -> None:
    def load(out: Path) -> dict:
        return {tuple(sorted(s["articles"])): s for s in json.load(open(out / "stories.json", encoding="utf-8"))["stories"]}

    b, a = load(before), load(after)
    for i, key in enumerate([k for k in a if len(k) >= 2 and k in b][:20], 1):
        for name, s in (("before", b[key]), ("after", a[key])):
            print(f"--- {i} {name}: {s['headline']}")
            for t in s["timeline"]:
                print(f"   timeline {t['date']} {t['text'][:150]}")
            for d in s["differences"]:
                print(f"   differs {d['claim'][:80]}: " + " vs ".join(x["text"][:40] for x in d["sides"]))
            print("   entities " + "; ".join(f"{e['name']}/{e['type']}" for e in s["entities"]))


def main(argv: list[str]) -> int:
    if argv[:1] == ["input"] and len(argv) == 2:
        print(f"{write_input(Path(argv[1]))} texts written to {argv[1]}")
        return 0
    if argv[:1] == ["show"] and len(argv) == 3:
        show(Path(argv[1]), Path(argv[2]))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
