"""A person's entity key across scripts: does a Russian transcription meet its original, and do
two other surnames meet by mistake? On tgcontest's English pages and their Russian machine
translations (eval.crosslingual's set), each read by svodka's taggers.

    python -m eval.names            # the figures
    python -m eval.names --misses   # the people whose two spellings still get two keys

- met: of the people an English page names by first and last name whose first name its Russian
  translation names too (the same person, most often), how many share the surname's key
  (``entity_key``: "Boris Johnson" and "Борис Джонсон");
- collisions: pairs of different surnames (lower-cased) that share a key, among the surnames the
  English pages name and among those the Russian pages of tgcontest name (there case forms of one
  surname left by the tagger count too: "петров" / "петрова").
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from difflib import SequenceMatcher

from anyascii import anyascii

from eval.common import DATA
from eval.crosslingual import load
from svodka.cluster.features import entity_key
from svodka.enrich.entities import extract_entities


def people(text: str, language: str) -> list[str]:
    return [e.normal for e in extract_entities(text, language) if e.type == "PER"]


def alike(a: str, b: str) -> bool:
    """Two first names spelled alike once transliterated ("Simone" and "Симона", "John" and "Джон"),
    by a measure the key does not use."""
    return SequenceMatcher(None, anyascii(a).lower(), anyascii(b).lower()).ratio() >= 0.6


def same_people() -> list[tuple[str, list[str]]]:
    """Each English page's full names, with its translation's full names of the same first name."""
    out = []
    for r in load():
        ru = [n for n in people(r["trans_title"] + "\n" + r["trans_text"][:3000], "ru") if len(n.split()) >= 2]
        for name in sorted({n for n in people(r["title"] + "\n" + r["text"][:3000], "en") if len(n.split()) >= 2}):
            same = [n for n in ru if alike(name.split()[0], n.split()[0])]
            if same:
                out.append((name, same))
    return out


def collisions(language: str) -> list[list[str]]:
    surnames = set()
    for line in open(DATA / "tgcontest" / "categories.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if r["lang"] == language:
            surnames |= {n.split()[-1].lower() for n in people(r["title"] + "\n" + r["text"][:3000], language)
                         if len(n.split()) >= 2}
    keys = defaultdict(set)
    for s in surnames:
        keys[entity_key(s, "PER")].add(s)
    return [sorted(v) for v in keys.values() if len(v) > 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    pairs = same_people()
    met = [(n, same) for n, same in pairs if entity_key(n, "PER") in {entity_key(m, "PER") for m in same}]
    print(f"people named in English and in the Russian translation: {len(pairs)}, sharing the key {len(met)}")
    for language in ("en", "ru"):
        groups = collisions(language)
        print(f"{language} surnames sharing a key with another: "
              f"{sum(len(g) * (len(g) - 1) // 2 for g in groups)} pairs; {groups[:12]}")
    if args.misses:
        for n, same in pairs:
            if (n, same) not in met:
                print("  ", n, entity_key(n, "PER"), sorted({(m, entity_key(m, "PER")) for m in same}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
