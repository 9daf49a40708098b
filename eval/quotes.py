"""Quotes: span F1 and speaker accuracy on the |-marked gold in tests/data/quotes.txt.

    python -m eval.quotes
"""
from __future__ import annotations

import sys
from pathlib import Path

from svodka.enrich.entities import extract_entities
from svodka.enrich.quotes import find_quotes
from svodka.enrich.text import sentences
from svodka.extract.language import detect_language

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "quotes.txt"


def load(path: Path = GOLD) -> list[tuple[str, list[tuple[int, int]], list[str | None]]]:
    """(text, quote spans, speakers) per example."""
    out = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [l for l in block.strip().splitlines() if not l.startswith("#")]
        if len(lines) != 2:
            continue
        marked, speakers = lines[0], lines[1].lstrip("→ ").split(";")
        spans, text = [], ""
        parts = marked.split("|")
        for k, part in enumerate(parts):
            if k % 2 == 1:
                spans.append((len(text), len(text) + len(part)))
            text += part
        out.append((text, spans, [None if s.strip() == "-" else s.strip() for s in speakers]))
    return out


def speaker_ok(got: str | None, want: str | None) -> bool:
    if want is None or got is None:
        return got == want
    return want in got or got in want


def evaluate(examples) -> dict:
    tp = fp = fn = right = 0
    wrong = []
    for text, spans, speakers in examples:
        lang = detect_language(text) or "ru"
        quotes = find_quotes(text, sentences(text), extract_entities(text, lang))
        got = {(q.start, q.stop): q for q in quotes}
        for span, want in zip(spans, speakers):
            # The quoted words may end with or without the sentence's final stop.
            q = got.get(span) or got.get((span[0], span[1] - 1)) or got.get((span[0], span[1] + 1))
            if q is None:
                fn += 1
                wrong.append(f"missed {text[span[0]:span[1]]!r} in {text!r}")
                continue
            tp += 1
            if speaker_ok(q.speaker, want):
                right += 1
            else:
                wrong.append(f"speaker {q.speaker!r} instead of {want!r}: {text!r}")
        fp += max(0, len(quotes) - sum(1 for s in spans if s in got or (s[0], s[1] - 1) in got
                                       or (s[0], s[1] + 1) in got))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"quotes": tp + fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "speaker_accuracy": right / tp if tp else 0.0, "errors": wrong}


def main() -> int:
    res = evaluate(load())
    print(f"{res['quotes']} gold quotes: span P={res['precision']:.3f} R={res['recall']:.3f} F1={res['f1']:.3f}; "
          f"speaker accuracy {res['speaker_accuracy']:.3f}")
    for e in res["errors"]:
        print("  ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
