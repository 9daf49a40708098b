"""Timeline: dated sentences of a story in date order, one line per happening."""
from __future__ import annotations

from svodka.brief.summary import standalone
from svodka.enrich.text import content_lemmas
from svodka.model import Doc, Evidence, TimelineItem

SAME_EVENT = 0.3  # lemma overlap (of the smaller sentence) above which two dated sentences tell one thing
PER_DATE = 2


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def timeline(docs: list[Doc]) -> tuple[TimelineItem, ...]:
    groups: dict[str, list[dict]] = {}
    for d in docs:
        for m in d.dates:
            if m.value.startswith("XXXX") or m.confidence < 0.5 or len(m.value) not in (7, 10):
                continue
            sent = next((s for s in d.sentences if s.start <= m.start < s.stop), None)
            if sent is None or not standalone(sent.text):
                continue
            lemmas = set(content_lemmas(sent.text, d.language))
            bucket = groups.setdefault(m.value, [])
            for g in bucket:
                if _overlap(g["lemmas"], lemmas) >= SAME_EVENT:
                    g["sources"].setdefault(d.id, Evidence(d.id, sent.start, sent.stop))
                    break
            else:
                bucket.append({"text": sent.text, "lemmas": lemmas,
                               "sources": {d.id: Evidence(d.id, sent.start, sent.stop)}})
    items = []
    for value in sorted(groups):
        best = sorted(groups[value], key=lambda g: (-len(g["sources"]), len(g["text"])))[:PER_DATE]
        for g in best:
            ids = tuple(sorted(g["sources"]))
            items.append(TimelineItem(value, g["text"], ids, tuple(g["sources"][i] for i in ids)))
    return tuple(items)
