"""Named entities: span+type P/R/F1 per type on factRuEval-2016 dev and NEREL dev, svodka
against plain natasha in the same run.

    python -m eval.entities
    python -m eval.entities --nested   # how many missed NEREL PER mentions are names inside names
    python -m eval.entities --english  # English types on ECB+: the 200 phrases of eval/data/ecbplus_entity_types.tsv

factRuEval LOCORG counts as LOC (its official scorer accepts either); NEREL's CITY, COUNTRY,
STATE_OR_PROVINCE, LOCATION and DISTRICT are LOC, ORGANIZATION is ORG, PERSON is PER.
A mention matches when its start, stop and type equal the gold's. svodka's mentions are what
`svodka annotate` reports: the article's entities and the names inside other names
("имени Петра Чайковского", marked nested there).
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from eval.common import DATA, prf
from svodka.enrich.entities import extract_entities, natasha_spans, split_named_after


def svodka_mentions(text: str) -> tuple:
    kept, nested = split_named_after(text, extract_entities(text, "ru"))
    return kept + nested

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


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("ё", "е").split())


def normal_accuracy(system, also_found_by=None) -> dict[str, tuple[int, int]]:
    """factRuEval dev: of the gold mentions a system finds exactly, how many get the right
    normal name. PER: the name parts in the mention, nominative, from the coreference layer
    (a surname alone may be completed to the full name the text gives); ORG/LOC: one of the
    names the coreference layer gives the entity (its chains list several: "РФ" and "Россия",
    "ЕС" and "Европейский союз")."""
    rows = [json.loads(l) for l in open(DATA / "factrueval" / "devset.jsonl", encoding="utf-8")]
    counts = {t: [0, 0] for t in ("PER", "ORG", "LOC")}
    for r in rows:
        attrs = {m: c["attrs"] for c in r["coref"] for m in c["mentions"]}
        pred = {(e.start, e.stop, e.type): e.normal for e in system(r["text"])}
        if also_found_by is not None:  # compare on the mentions both systems find
            other = {(e.start, e.stop, e.type) for e in also_found_by(r["text"])}
            pred = {k: v for k, v in pred.items() if k in other}
        for e in r["entities"]:
            kind = FRE_TYPES.get(e["type"])
            a = attrs.get(e["id"])
            if kind is None or a is None or (e["start"], e["end"], kind) not in pred:
                continue
            got = _norm(pred[(e["start"], e["end"], kind)])
            if kind == "PER":
                parts = {"name": "firstname", "surname": "lastname", "patronymic": "patronymic", "nickname": "nickname"}
                want = [_norm(a[parts[sp["span_type"]]][0]) for sp in e["spans"]
                        if sp["span_type"] in parts and a.get(parts[sp["span_type"]])]
                full = {_norm(v[0]) for k, v in a.items() if k in parts.values() and v}
                if not want:
                    continue
                ok = set(want) <= set(got.split()) and set(got.split()) <= full
            else:
                if not a.get("name"):
                    continue
                ok = got in {_norm(n) for n in a["name"]}
            counts[kind][0] += ok
            counts[kind][1] += 1
    return {t: (c[0], c[1]) for t, c in counts.items()}


def nested_misses() -> tuple[int, int]:
    """NEREL dev PER mentions svodka misses, and how many of them lie inside a longer gold name
    of another type ("Института Пушкина"): names svodka leaves out on purpose."""
    rows = [json.loads(l) for l in open(DATA / "nerel" / "dev.jsonl", encoding="utf-8")]
    missed = nested = 0
    for r in rows:
        ents = [e for e in r["entities"] if len(e.get("fragments") or [[0, 0]]) == 1]
        pred = {(e.start, e.stop) for e in svodka_mentions(r["text"]) if e.type == "PER"}
        for e in ents:
            span = (e["start"], e["end"])
            if e["type"] != "PERSON" or span in pred:
                continue
            missed += 1
            nested += any(o["start"] <= span[0] and span[1] <= o["end"] and (o["start"], o["end"]) != span
                          and o["type"] != "PERSON" for o in ents)
    return missed, nested


ENGLISH_GOLD = Path(__file__).parent / "data" / "ecbplus_entity_types.tsv"


def english_types(extract=extract_entities) -> dict[str, tuple]:
    """The type the English tagger gives each gold phrase (its most frequent over the ECB+ texts,
    "-" when never found), scored against the hand-read types: accuracy over all phrases and
    P/R/F1 of calling a phrase a person (what a brief lists as its people)."""
    gold = {}
    for line in ENGLISH_GOLD.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            phrase, kind = line.split("\t")
            if kind != "?":
                gold[phrase] = set(kind.split("/"))
    seen: dict[str, Counter] = defaultdict(Counter)
    for line in open(DATA / "ecbplus" / "docs.jsonl", encoding="utf-8"):
        for e in extract(json.loads(line)["text"], "en"):
            if e.text in gold:
                seen[e.text][e.type] += 1
    got = {p: seen[p].most_common(1)[0][0] if seen[p] else "-" for p in gold}
    ok = {p: got[p] in kinds or ("OTHER" in kinds and got[p] in ("ORG", "-")) for p, kinds in gold.items()}
    tp = sum(got[p] == "PER" and "PER" in kinds for p, kinds in gold.items())
    fp = sum(got[p] == "PER" and "PER" not in kinds for p, kinds in gold.items())
    fn = sum(got[p] != "PER" and "PER" in kinds for p, kinds in gold.items())
    wrong = sorted(f"{p} ({got[p]}, not {'/'.join(sorted(k))})" for p, k in gold.items() if not ok[p])
    return {"accuracy": (sum(ok.values()), len(gold)), "PER": prf(tp, fp, fn), "wrong": tuple(wrong)}


def main() -> int:
    if "--english" in sys.argv[1:]:
        res = english_types()
        right, n = res["accuracy"]
        p, r, f = res["PER"]
        print(f"ECB+ English types, {n} phrases: accuracy {right}/{n}={right / n:.3f}; "
              f"PER P={p:.3f} R={r:.3f} F1={f:.3f}")
        print("wrong: " + "; ".join(res["wrong"]))
        return 0
    if "--nested" in sys.argv[1:]:
        missed, nested = nested_misses()
        print(f"NEREL dev: {missed} gold PER mentions missed, {nested} of them inside a longer name of another type")
        return 0
    systems = {"svodka": svodka_mentions, "natasha": natasha_spans}
    for name in ("factrueval", "nerel"):
        docs = load(name)
        print(f"== {name} dev: {len(docs)} texts")
        for sys_name, fn in systems.items():
            res = score(docs, fn)
            print(f"{sys_name:8} " + "  ".join(f"{t} P={p:.3f} R={r:.3f} F1={f:.3f}" for t, (p, r, f) in res.items()))
    print("== normal names, factRuEval dev (of exactly found gold mentions)")
    for sys_name, fn in systems.items():
        res = normal_accuracy(fn)
        print(f"{sys_name:8} " + "  ".join(f"{t} {ok}/{n}={ok / max(1, n):.3f}" for t, (ok, n) in res.items()))
    print("== normal names on the mentions both find")
    for sys_name, fn in systems.items():
        other = systems["natasha" if sys_name == "svodka" else "svodka"]
        res = normal_accuracy(fn, also_found_by=other)
        print(f"{sys_name:8} " + "  ".join(f"{t} {ok}/{n}={ok / max(1, n):.3f}" for t, (ok, n) in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
