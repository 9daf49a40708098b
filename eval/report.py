"""The figures of docs/evaluation.md as one table, regenerated: each row runs one scorer of eval/
(the command is in the row) and reads svodka's figure and the baseline's off what it prints.

    python -m eval.report            # print the table (about 14 minutes on 2 cores)
    python -m eval.report --write    # and put it in docs/evaluation.md between its markers
    python -m eval.report --only topics,pairs   # just the rows whose key holds one of these
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "evaluation.md"
BEGIN, END = "<!-- figures: python -m eval.report --write -->", "<!-- end of figures -->"


@dataclass(frozen=True)
class Row:
    key: str
    set: str
    metric: str
    command: str
    svodka: str  # a regex whose groups, joined by " / ", are svodka's figure
    baseline: str | None  # likewise for the baseline in the same run, if any
    baseline_name: str
    split: str  # how the figure relates to what was tuned


F = r"(\d\.\d{3})"
ROWS = [
    Row("extraction-daniel", "DAnIEL-ru HTML, 132 pages", "bag-of-words F1 of title + text", "eval.extraction daniel",
        rf"svodka html\s+P=\S+ R=\S+ F1={F}", rf"trafilatura bare_extraction\s+P=\S+ R=\S+ F1={F}", "trafilatura",
        "tuned on DAnIEL and AEB together"),
    Row("extraction-aeb", "AEB-en HTML, 181 pages", "bag-of-words F1 of title + text", "eval.extraction aeb",
        rf"svodka html\s+P=\S+ R=\S+ F1={F}", rf"trafilatura bare_extraction\s+P=\S+ R=\S+ F1={F}", "trafilatura",
        "tuned on DAnIEL and AEB together"),
    Row("extraction-dumps", "DAnIEL-ru text dumps (innerText / lynx)", "bag-of-words F1", "eval.extraction daniel --dumps",
        rf"svodka dump \(innertext\)\s+P=\S+ R=\S+ F1={F}[\s\S]*svodka dump \(lynx\)\s+P=\S+ R=\S+ F1={F}",
        rf"justext on dump \(innertext\)\s+P=\S+ R=\S+ F1={F}", "jusText (innerText)", "tuned on these pages"),
    Row("extraction-samples", "../shared/samples, 3 dumps, gold by hand", "bag-of-words F1", "eval.extraction samples",
        rf"svodka dump \(samples\)\s+P=\S+ R=\S+ F1={F}", rf"justext on the dumps\s+P=\S+ R=\S+ F1={F}", "jusText", "tuned on these pages"),
    Row("titles", "DAnIEL-ru HTML, 132 pages, through `svodka run`", "title is the gold's headline: all / site half 0 / 1",
        "eval.titles", rf"share right: svodka {F} \(site halves {F} / {F}\)", rf"trafilatura {F}",
        "trafilatura's metadata title", "written reading these pages' titles"),
    Row("titles-dumps", "the same pages as innerText dumps, through `svodka run`", "title is the gold's headline: all / site half 0 / 1",
        "eval.titles --dumps --held-out", rf"share right: svodka {F} \(site halves {F} / {F}\)", rf"trafilatura {F}",
        "trafilatura's metadata title (of the HTML)", "each site half by the headline model trained on the other half of DAnIEL and AEB"),
    Row("titles-aeb", "AEB-en pages as innerText / lynx dumps, through `svodka run`", "title is the page's og:title",
        "eval.titles --aeb --held-out", rf"innertext dumps: .* \({F};[\s\S]*lynx dumps: .* \({F};", None, "",
        "each site half by the headline model trained on the other half of DAnIEL and AEB"),
    Row("outlets-run", "DAnIEL-ru pages as innerText dumps (.txt files, no URL), through `svodka run`",
        "share with an outlet named: all / site half 0 / 1", "eval.outlets --run",
        rf"share of pages with an outlet: {F} \(site halves {F} / {F}\)", None, "",
        "copyright formats read on all pages; the chrome threshold chosen on site half 0 (`eval.outlets --calibrate`)"),
    Row("published", "DAnIEL-ru HTML, 132 pages, through `svodka run`",
        "share whose day is after the crawl or over a year before it (fewer is better): site half 0 / 1",
        "eval.published", rf"share dated wrongly \(fewer is better\): svodka {F} / {F}",
        rf"trafilatura {F} / {F}", "trafilatura's metadata date", "written reading these pages"),
    Row("pairs", "tgcontest same-event pairs, ru 210 / en 35", "F1 at svodka's threshold", "eval.pairs",
        rf"== ru[\s\S]*?svodka event score .*F1={F}[\s\S]*== en[\s\S]*?svodka event score .*F1={F}",
        rf"== ru[\s\S]*?baseline tfidf cosine .*F1={F}[\s\S]*== en[\s\S]*?baseline tfidf cosine .*F1={F}",
        "TF-IDF cosine", "threshold tuned on the ru pairs"),
    Row("pairs-run", "the same pairs' pages as one JSONL file through `svodka run`",
        "F1 of same event or not: ru / its two site halves / en", "eval.pairs --run",
        rf"svodka run ru all pairs .*F1={F}[\s\S]*ru site half 0 .*F1={F}[\s\S]*ru site half 1 .*F1={F}"
        rf"[\s\S]*svodka run en all pairs .*F1={F}", None, "", "threshold tuned on the ru pairs"),
    Row("ecbplus", "ECB+ 982 texts, 86 events (clusterer on eval's docs)", "events B-cubed F1, median of 5 orders",
        "eval.clustering --seeds 5", rf"median B3 F1 over 5 orders: {F}", rf"tfidf agglomerative B3 .*F1={F}",
        "TF-IDF + average link", "weights tuned on tgcontest ru and ECB+"),
    Row("ecbplus-run", "ECB+ as JSONL through `svodka run` (undated: placed in id order, so any file order)",
        "events B-cubed F1 / odd topics / even topics", "eval.clustering --run --seeds 0",
        rf"svodka run file order .*F1={F}  odd topics {F} even {F}", None, "", "weights tuned on tgcontest ru and ECB+"),
    Row("stream", "ECB+ 300 texts, runs of 10 against one run", "events B-cubed F1 of the stream vs the batch",
        "eval.stream --limit 300", rf"events  stream vs batch .*F1={F}[\s\S]*stories stream vs batch .*F1={F}", None, "",
        "not tuned (events / stories)"),
    Row("crosslingual", "English news and their Russian translations (112 events), words only",
        "events B-cubed F1, median of 3 orders", "eval.crosslingual --seeds 3",
        rf"svodka online .*F1={F}", rf"tfidf agglomerative .*F1={F}", "TF-IDF + average link", "not tuned on it"),
    Row("crosslingual-run", "the same English news and translations as JSONL through `svodka run`",
        "events B-cubed F1 / site half 0 / site half 1", "eval.crosslingual --run",
        rf"svodka run seed 0 .*F1={F}  site halves {F} / {F}", None, "", "not tuned on it"),
    Row("pile", "a pile of 363 unrelated news (tgcontest categories)", "pairs wrongly put in one event (fewer is better)",
        "eval.pile --seeds 3", r"svodka events .*pairs in one event (\d+)", r"tfidf agglomerative .*pairs in one event (\d+)",
        "TF-IDF + average link", "not tuned on it"),
    Row("pile-run", "the same pile as JSONL through `svodka run` (pages judged not news stand alone)",
        "pairs wrongly put in one event (fewer is better)", "eval.pile --run --seeds 1",
        r"svodka run .*pairs in one event (\d+)", r"tfidf agglomerative .*pairs in one event (\d+)",
        "TF-IDF + average link", "not tuned on it"),
    Row("topics", "tgcontest categories, 365 pages (ru 252, en 113)", "accuracy of not-news, else topic",
        "eval.topics", rf"svodka .*accuracy {F}", rf"char TF-IDF \+ LR baseline +accuracy {F}",
        "char TF-IDF + logistic regression", "5-fold cross-validation"),
    Row("entities", "factRuEval dev, 122 texts", "PER / ORG / LOC span F1", "eval.entities",
        rf"== factrueval[\s\S]*?svodka +PER .*F1={F} +ORG .*F1={F} +LOC .*F1={F}",
        rf"== factrueval[\s\S]*?natasha +PER .*F1={F} +ORG .*F1={F} +LOC .*F1={F}", "natasha", "tuned on it"),
    Row("entities-nerel", "NEREL dev, 94 texts", "PER / ORG / LOC span F1", "eval.entities",
        rf"== nerel[\s\S]*?svodka +PER .*F1={F} +ORG .*F1={F} +LOC .*F1={F}",
        rf"== nerel[\s\S]*?natasha +PER .*F1={F} +ORG .*F1={F} +LOC .*F1={F}", "natasha", "not tuned on it"),
    Row("dates", "NEREL dev DATE spans", "detection / value accuracy", "eval.dates",
        rf"detection: .*= {F}[\s\S]*value accuracy .*= {F}", None, "", "not tuned on it"),
    Row("years", "tgcontest's 820 pages (Nov 2019 - May 2020), undated, through `svodka run`",
        "share dated wrongly (fewer is better): stories (outside 2019-2020 or after May 2020) site half 0 / 1, timeline lines (outside 2019-2020) half 0 / 1",
        "eval.years", rf"stories {F} / {F}, timeline lines {F} / {F}", None, "",
        "no constant; rules written reading cases of both halves"),
    Row("years-daniel", "DAnIEL's 132 hand-cleaned texts (crawled Nov 2011 - Jan 2012), undated, through `svodka run`",
        "share dated wrongly (fewer is better): stories (after the crawl or over a year before it) site half 0 / 1, timeline lines (not the crawl's year or the one before) half 0 / 1",
        "eval.years --daniel", rf"stories {F} / {F}, timeline lines {F} / {F}", None, "",
        "one rule read on a half 1 page (session 46), none on half 0"),
    Row("blend", "ECB+ and tgcontest ru pairs through `svodka run`: the e5 cosine's shift fitted on one half, measured on the other",
        "ECB+ even topics B-cubed F1 / ru pairs site half 1 F1 (fitted on the others) / ECB+ odd / ru half 0 (the swap)", "eval.blend",
        rf"fitted on ECB\+ odd .*?: .*?ECB\+ {F} \(words alone [\d.]+, shipped [\d.]+\), ru pairs {F}[\s\S]*fitted on ECB\+ even .*?ECB\+ {F} .*?ru pairs {F}",
        rf"fitted on ECB\+ odd .*?words alone {F}.*?words alone {F}[\s\S]*fitted on ECB\+ even .*?words alone {F}.*?words alone {F}",
        "words alone", "fitted on the other half"),
    Row("quotes", "tests/data/quotes.txt, 46 quotes", "span F1 / speaker accuracy", "eval.quotes",
        rf"span .*F1={F}; speaker accuracy {F}", None, "", "written and tuned here"),
]


def figure(pattern: str | None, text: str) -> str:
    if pattern is None:
        return ""
    found = re.search(pattern, text)
    return " / ".join(g for g in found.groups() if g) if found else "?"


def measure(rows: list[Row]) -> list[dict]:
    outputs: dict[str, str] = {}
    out = []
    for row in rows:
        if row.command not in outputs:
            print(f"running python -m {row.command}", file=sys.stderr)
            done = subprocess.run([sys.executable, "-m", *row.command.split()], cwd=ROOT, capture_output=True,
                                  text=True)
            outputs[row.command] = done.stdout + done.stderr
        text = outputs[row.command]
        out.append({"row": row, "svodka": figure(row.svodka, text), "baseline": figure(row.baseline, text)})
    return out


def table(results: list[dict]) -> str:
    lines = ["| set | metric | svodka | baseline (same run) | split | command |", "|---|---|---|---|---|---|"]
    for r in results:
        row = r["row"]
        base = f"{row.baseline_name} {r['baseline']}" if r["baseline"] else ""
        lines.append(f"| {row.set} | {row.metric} | **{r['svodka']}** | {base} | {row.split} | "
                     f"`python -m {row.command}` |")
    return "\n".join(lines) + "\n"


def merged(old: list[str], fresh: dict[str, str]) -> str:
    """The whole table in the order of ROWS: the rows run now (``fresh``, by key), the others as the
    old table has them, found by their set and metric, else (one renamed) by their command and metric."""
    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip("| ").split(" | ")]

    by_row = {(cells(line)[0], cells(line)[1]): line for line in old[2:]}
    by_run = {(cells(line)[5], cells(line)[1]): line for line in old[2:]}
    lines = old[:2]
    for row in ROWS:
        line = fresh.get(row.key) or by_row.get((row.set, row.metric)) or \
            by_run.get((f"`python -m {row.command}`", row.metric))
        if line:
            lines.append(line)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="put the table in docs/evaluation.md")
    ap.add_argument("--only", default="", help="comma-separated parts of row keys")
    args = ap.parse_args(argv)
    keys = [k for k in args.only.split(",") if k]
    rows = [r for r in ROWS if not keys or any(k in r.key for k in keys)]
    text = table(measure(rows))
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        start, stop = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        if keys:  # the rows not run again stay as the table had them
            text = merged(doc[start:stop].strip().splitlines(), dict(zip([r.key for r in rows], text.splitlines()[2:])))
        DOC.write_text(doc[:start] + "\n" + text + doc[stop:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
