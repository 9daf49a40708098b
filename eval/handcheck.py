"""The input and the printout of the hand check in docs/evaluation.md: 20 stories of tgcontest texts,
their timelines, differences and entities, from two runs of `svodka run` (before and after a change).

    python -m eval.handcheck input FILE.jsonl           # the 47 texts: every third Russian pair
                                                         # labelled OK, the first 24 of them
    svodka run FILE.jsonl --out BEFORE ...               # with the commit before, and again with
    svodka run FILE.jsonl --out AFTER ...                # the commit after
    python -m eval.handcheck show BEFORE AFTER           # the first 20 stories of 2+ articles both
                                                         # runs made, side by side

Sets read by hand in session 34, each a JSONL file for `svodka run`, and what changed between runs:

    python -m eval.handcheck pairs FILE.jsonl            # every page of the pairs file once, file order
                                                         # (the first 300 and the other 158)
    python -m eval.handcheck english FILE.jsonl          # tgcontest's 113 English category pages
    python -m eval.handcheck changes BEFORE AFTER        # entities, timeline lines and differences
                                                         # each story's brief lost or gained
    python -m eval.handcheck groups BEFORE AFTER         # the events and stories a run parted or
                                                         # joined, each part by its articles' titles
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


def write_records(path: Path, records: list[dict]) -> int:
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return len(records)


def pair_pages() -> list[dict]:
    """Every page of tgcontest's pairs file once (by URL), in file order."""
    seen, out = set(), []
    for r in map(json.loads, open(DATA / "tgcontest" / "same_story_pairs.jsonl", encoding="utf-8")):
        for side in ("first", "second"):
            if r[f"{side}_url"] not in seen:
                seen.add(r[f"{side}_url"])
                out.append({"id": f"{r['pair_id']}_{side[0]}", "title": r[f"{side}_title"], "text": r[f"{side}_text"],
                            "url": r[f"{side}_url"]})
    return out


def english_pages() -> list[dict]:
    rows = map(json.loads, open(DATA / "tgcontest" / "categories.jsonl", encoding="utf-8"))
    return [{"id": r["doc_id"], "title": r["title"], "text": r["text"], "url": r["url"]} for r in rows if r["lang"] == "en"]


def _stories(out: Path) -> list[dict]:
    """The stories of a run's output folder (its stories.json)."""
    return json.load(open(out / "stories.json", encoding="utf-8"))["stories"]


def _by_articles(out: Path) -> dict[tuple[str, ...], dict]:
    """A run's stories by their articles: the stories two runs both made share a key."""
    return {tuple(sorted(s["articles"])): s for s in _stories(out)}


def changes(before: Path, after: Path) -> None:
    """What each story both runs made lost (-) or gained (+) in its brief's entities, timeline and differences."""
    def parts(s: dict) -> set[str]:
        return ({f"entity {e['name']}/{e['type']}" for e in s["entities"]}
                | {f"timeline {t['date']} {t['text'][:100]}" for t in s["timeline"]}
                | {f"differs {d['claim'][:60]}: " + " vs ".join(x["text"] for x in d["sides"]) for d in s["differences"]})

    b, a = _by_articles(before), _by_articles(after)
    for key in [k for k in a if k in b]:
        lost, gained = parts(b[key]) - parts(a[key]), parts(a[key]) - parts(b[key])
        if lost or gained:
            print(f"--- {a[key]['headline'][:100]}")
            print("".join(f"   - {x}\n" for x in sorted(lost)) + "".join(f"   + {x}\n" for x in sorted(gained)), end="")


def groups(before: Path, after: Path) -> None:
    """Each event or story of one run the other run holds in several parts, the parts by their
    articles' titles: what the second run parted ("parted") and what it joined ("joined")."""
    def load(out: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        stories = _stories(out)
        titles = {x["id"]: x["title"] for s in stories for x in s["sources"]}
        return ({a: e["id"] for s in stories for e in s["events"] for a in e["articles"]},
                {a: s["id"] for s in stories for a in s["articles"]}, titles)

    (be, bs, titles), (ae, as_, _) = load(before), load(after)
    for level, old, new in (("event", be, ae), ("story", bs, as_)):
        for said, whole, parts in (("parted", old, new), ("joined", new, old)):
            members: dict[str, list[str]] = {}
            for a in sorted(set(whole) & set(parts)):
                members.setdefault(whole[a], []).append(a)
            for group in members.values():
                split: dict[str, list[str]] = {}
                for a in group:
                    split.setdefault(parts[a], []).append(a)
                if len(split) > 1:
                    print(f"--- {level} {said}:")
                    for part in split.values():
                        print("   | " + " / ".join(titles.get(a, a)[:60] for a in part[:3]) + (" …" if len(part) > 3 else ""))


def show(before: Path, after: Path) -> None:
    b, a = _by_articles(before), _by_articles(after)
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
    if argv[:1] in (["pairs"], ["english"]) and len(argv) == 2:
        n = write_records(Path(argv[1]), pair_pages() if argv[0] == "pairs" else english_pages())
        print(f"{n} texts written to {argv[1]}")
        return 0
    if argv[:1] == ["changes"] and len(argv) == 3:
        changes(Path(argv[1]), Path(argv[2]))
        return 0
    if argv[:1] == ["groups"] and len(argv) == 3:
        groups(Path(argv[1]), Path(argv[2]))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
