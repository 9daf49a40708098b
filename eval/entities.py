"""Named entities: span+type P/R/F1 per type on factRuEval-2016 dev and NEREL dev, svodka
against plain natasha in the same run.

    python -m eval.entities

factRuEval LOCORG counts as LOC (its official scorer accepts either); NEREL's CITY, COUNTRY,
STATE_OR_PROVINCE, LOCATION and DISTRICT are LOC, ORGANIZATION is ORG, PERSON is PER.
A mention matches when its start, stop and type equal the gold's.
"""
from __future__ import annotations

import json
import sys
from collections import Counter

from eval.common import DATA, prf
from svodka.enrich.entities import extract_entities, natasha_spans

NEREL_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "CITY": "LOC", "COUNTRY": "LOC", "STATE_OR_PROVINCE": "LOC",
               "LOCATION": "LOC", "DISTRICT": "LOC"}
FRE_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "LOCORG": "LOC"}


def load(name: str) -> list[tuple[str, set[tuple[int, int, str]]]]:
    if name == "factrueval":
        rows = [json.loads(l) for l in open(DATA / "factrueval" / "devset.jsonl", encoding="utf-8")]
        return [(r["text"], {(e["start"], e["end"], FRE_TYPES[e["type"]]) for e in r["entities"] if e["type"] in FRE_TYPES})
                for r in rows]
    rows = [json.loads(l) for l in open(DATA / "nerel" / "dev.jsonl", encoding="utf-8")]
    return [(r["text"], {(e["start"], e["end"], NEREL_TYPES[e["type"]]) for e in r["entities"]
                         if e["type"] in NEREL_TYPES and len(e.get("fragments") or [[0, 0]]) == 1})
            for r in rows]


def score(docs, system) -> dict[str, tuple[float, float, float]]:
    counts = {t: Counter() for t in ("PER", "ORG", "LOC")}
    for text, gold in docs:
        pred = {(e.start, e.stop, e.type) for e in system(text)}
        for t in counts:
            g = {x for x in gold if x[2] == t}
            p = {x for x in pred if x[2] == t}
            counts[t]["tp"] += len(g & p)
            counts[t]["fp"] += len(p - g)
            counts[t]["fn"] += len(g - p)
    return {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in counts.items()}


def main() -> int:
    systems = {"svodka": lambda text: extract_entities(text, "ru"), "natasha": natasha_spans}
    for name in ("factrueval", "nerel"):
        docs = load(name)
        print(f"== {name} dev: {len(docs)} texts")
        for sys_name, fn in systems.items():
            res = score(docs, fn)
            print(f"{sys_name:8} " + "  ".join(f"{t} P={p:.3f} R={r:.3f} F1={f:.3f}" for t, (p, r, f) in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
