"""Extractive summary: central sentences of the story, no repeats, each with the articles saying it.

Centrality is a LexRank-style score: TF-IDF cosine of each sentence to the other articles'
text, so a sentence that several outlets echo rises above one outlet's aside.
"""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from svodka.enrich.text import content_lemmas
from svodka.model import Doc, Evidence, SummaryItem

MIN_WORDS, MAX_WORDS = 6, 60
# Sentences that lean on the one before them make no sense alone in a summary.
ANAPHORIC = ("об этом", "это ", "он ", "она ", "они ", "при этом", "кроме того", "также", "напомним",
             "this ", "he ", "she ", "they ", "it ", "also")


def standalone(text: str) -> bool:
    """A sentence a reader can take out of its article: no dangling quote, no leaning start."""
    low = text.lower()
    opened = sum(text.count(c) for c in "«“„") - sum(text.count(c) for c in "»”")
    return (text[:1].isupper() or text[:1].isdigit()) and opened == 0 and text.count('"') % 2 == 0 \
        and not low.startswith(ANAPHORIC)
SUPPORT = 0.45  # another article's sentence this close counts as that article saying it
# A candidate this close to a chosen sentence says the same thing again. No higher than SUPPORT:
# a sentence cited as another article saying a chosen one must not come back as a sentence of its own.
REPEAT = SUPPORT
LEAD_BONUS = 0.15  # news puts the essentials first


def candidates(docs: list[Doc]) -> list[tuple[Doc, int, int, str, float]]:
    out = []
    for d in docs:
        for i, s in enumerate(d.sentences):
            n = len(s.text.split())
            if MIN_WORDS <= n <= MAX_WORDS and not s.text.startswith(("«", '"', "“")) and standalone(s.text):
                out.append((d, s.start, s.stop, s.text, LEAD_BONUS / (1 + i)))
    return out


def summarize(docs: list[Doc], max_sentences: int = 5) -> tuple[SummaryItem, ...]:
    cands = candidates(docs)
    if not cands:
        return ()
    lemma_strings = [" ".join(content_lemmas(c[3], c[0].language)) or c[3] for c in cands]
    matrix = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(lemma_strings)
    sim = cosine_similarity(matrix)
    doc_ids = [c[0].id for c in cands]
    score = np.zeros(len(cands))
    for i in range(len(cands)):
        others = [j for j in range(len(cands)) if doc_ids[j] != doc_ids[i]]
        base = sim[i, others].max() if others else 0.0
        score[i] = base + sim[i].mean() + cands[i][4]
    chosen: list[int] = []
    for i in np.argsort(-score, kind="stable"):
        if len(chosen) >= max_sentences:
            break
        if any(sim[i, j] >= REPEAT for j in chosen):
            continue
        chosen.append(int(i))
    items = []
    for i in chosen:
        support = {}
        for j in range(len(cands)):
            if j == i or sim[i, j] >= SUPPORT:
                d = doc_ids[j]
                if d not in support or j == i:
                    support[d] = Evidence(d, cands[j][1], cands[j][2])
        items.append(SummaryItem(cands[i][3], tuple(sorted(support)), tuple(support[k] for k in sorted(support))))
    return tuple(items)
