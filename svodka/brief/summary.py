"""Extractive summary: central sentences of the story, no repeats, each with the articles saying it.

Centrality is a LexRank-style score: TF-IDF cosine of each sentence to the other articles'
text, so a sentence that several outlets echo rises above one outlet's aside.
"""
from __future__ import annotations

import re

import numpy as np

from svodka.cluster.features import KINDS
from svodka.enrich.dates import foretells
from svodka.enrich.quotes import quote_spans
from svodka.enrich.text import content_lemmas
from svodka.extract.lines import CREDIT_LABEL, is_notice, wire_dateline
from svodka.model import Doc, Evidence, SummaryItem

MIN_WORDS, MAX_WORDS = 6, 60
# Sentences that lean on the one before them make no sense alone in a summary.
ANAPHORIC = ("об этом", "это ", "он ", "она ", "оно ", "они ", "там ", "тогда ", "затем ", "ну,", "ну ",
             "правда, ", "that was ", "that is ", "при этом", "кроме того", "также", "напомним",
             "по его словам", "по её словам", "по ее словам", "по их словам", "а ", "но ", "однако", "в свою очередь",
             "тем не менее", "и ", "между тем", "впрочем", "зато ", "я ", "мы ", "this ", "he ", "she ", "they ",
             "it ", "also", "but ", "however", "according to him", "according to her", "and ", "i ", "we ")
# ... and, read alone as a summary's sentence, these too (a timeline's dated line may start so: "После этого 9 января")
LEANS = ("в обоих случаях", "таким образом", "еще ", "ещё ", "с ней", "с ним", "кроме этого", "помимо этого",
         "в частности", "после этого", "позднее", "позже", "его ", "её ", "ее ", "их ", "ему ", "ей ", "им ",
         "his ", "her ", "their ", "its ", "thus", "in addition", "meanwhile", "later,", "поэтому", "therefore")
# "занялась этим делом", "в обоих случаях", "these figures": a thing named in another sentence
LEANING = re.compile(r"\b(?:эт(?:им|ой|ого|ому|их|ими|от|а|и)|обоих|обеих|указанн\w+|these|those|both)\s+"
                     r"(?!(?:год|недел|месяц|лет|весн|осен|зим|выходн|утр|вечер|ноч|сезон))[а-яёa-z]{3,}", re.I)  # "этого года" is a date
# "В разговоре с URA.RU он высказал …", "Если они ухаживали …": a person named in another sentence
PRONOUN_EARLY = re.compile(r"^(?:[^\s,]+\s+){1,4}(?:он|она|они|he|she|they)\b", re.I)
# "Информацию об этом сообщает издание Bild": a sentence that only names the source of the one before
SOURCE_ONLY = re.compile(r"\bоб этом\b|\bthis was reported\b", re.I)
SOURCE_ONLY_WORDS = 8


# a straight quote mark that closes a quote opened in a sentence before: 'недели", - сказала она'
_CLOSING_FIRST = re.compile(r'^[^"«“„]*[\w.!?…]"\s*,?\s*[-—–]')


def standalone(text: str) -> bool:
    """A sentence a reader can take out of its article: no dangling quote, no leaning start, no
    promo's link arrow (">>"), not only the source of the sentence before."""
    low = text.lower()
    opened = sum(text.count(c) for c in "«“„") - sum(text.count(c) for c in "»”")
    return (text[:1].isupper() or text[:1].isdigit()) and opened == 0 and text.count('"') % 2 == 0 \
        and not _CLOSING_FIRST.match(text) \
        and not low.startswith(ANAPHORIC) and ">>" not in text \
        and not (SOURCE_ONLY.search(text) and len(text.split()) <= SOURCE_ONLY_WORDS)


# a sentence's end: a caption, a subheading, a card's title or tags run into a text end otherwise
ENDED = re.compile(r"[.!…][»\"”’`')\]]*$")
# a caption or a page's chrome run into the sentence that follows it: a capitalised word that opens
# sentences, mid-sentence ("Софья и Константин Эрнст В сети поздравляют …", "… без рекламы При этом …"),
# or a photo credit
GLUED = re.compile(r"[а-яёa-z0-9»\"]{2}\s+(?:В|Во|На|По|С|Со|За|Из|К|О|У|А|И|Но|От|До|Для|При|После)\s+[А-ЯЁа-яё]{3,}"
                   r"|\b" + CREDIT_LABEL)


def summary_sentence(text: str) -> bool:
    """A sentence that stands alone (`standalone`) and states a fact of its own: no leaning start
    or reference back ("В обоих случаях", "этим делом", "В столице он …"), no question, no call to
    follow, ended as a sentence is (`ENDED`) and not run into a caption (`GLUED`)."""
    return standalone(text) and not text.lower().startswith(LEANS) and not LEANING.search(text) \
        and not PRONOUN_EARLY.search(text) and ENDED.search(text.rstrip()) is not None \
        and GLUED.search(text) is None and not is_notice(text)
SUPPORT = 0.45  # another article's sentence this close counts as that article saying it
# A candidate this close to a chosen sentence says the same thing again. No higher than SUPPORT:
# a sentence cited as another article saying a chosen one must not come back as a sentence of its own.
REPEAT = SUPPORT
LEAD_BONUS = 0.15  # news puts the essentials first


# "Все, что нужно знать о коронавирусе. Спецпроект РИАМО>> …": a card's title before its link
LINK_ARROW = re.compile(r"^(?:\S+\s+){0,2}\S*>>")


def candidates(docs: list[Doc]) -> list[tuple[Doc, int, int, str, float, int]]:
    """Each sentence a summary may take: (doc, start, stop, text, lead bonus, its place in the doc)."""
    out = []
    for d in docs:
        quoted = quote_spans(d.article.text)
        for i, s in enumerate(d.sentences):
            if any(a < s.start < b for a, b in quoted):
                continue  # a sentence inside a quote begun before it ("She's in rehab right now. Nothing bad …")
            cut = wire_dateline(s.text)  # "МОСКВА, 25 мая (Рейтер) - ": the sentence starts after it
            text = s.text[cut:]
            n = len(text.split())
            if i + 1 < len(d.sentences) and LINK_ARROW.match(d.sentences[i + 1].text):
                continue
            if MIN_WORDS <= n <= MAX_WORDS and not text.startswith(("«", '"', "“")) and summary_sentence(text):
                out.append((d, s.start + cut, s.stop, text, LEAD_BONUS / (1 + i), i))
    return out


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def facts(text: str) -> set[str]:
    """The figures a sentence states ("120 домов", "5.5%"), years left out: a second sentence
    stating one of them again repeats a fact, however it is worded."""
    out = set()
    for number in _NUMBER.findall(text):
        digits = number.replace(",", ".")
        if len(digits.replace(".", "")) >= 2 and not (len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100):
            out.add(digits)
    return out


Told = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]  # kinds, days, people, places


def happening(doc: Doc, start: int, stop: int, lemmas: str) -> Told:
    """The kinds of contact (`KINDS`: a call, a meeting), the full days, the people (by surname)
    and the places a sentence names."""
    words = set(lemmas.split())
    named = [e for e in doc.entities if start <= e.start < stop and e.normal.split()]
    return (frozenset(kind for kind, said in KINDS.items() if words & said),
            frozenset(m.value for m in doc.dates if start <= m.start < stop and len(m.value) == 10),
            frozenset(e.normal.split()[-1].lower() for e in named if e.type == "PER"),
            frozenset(e.normal.lower() for e in named if e.type == "LOC"))


def _apart(a: Told, b: Told, days: bool = True) -> bool:
    """Two sentences on two happenings, however alike their words: one tells a call and the other
    talks in person ("провела телефонный разговор с …" against "провели в Осло переговоры с …"), or
    (``days``) they name different days. Neither says the other for another source; of two kinds,
    neither repeats the other (a report written to a template for each day still does)."""
    return bool(a[0] and b[0] and a[0].isdisjoint(b[0])) or (days and bool(a[1] and b[1] and a[1].isdisjoint(b[1])))


def same_contact(a: Told, b: Told) -> bool:
    """Two sentences telling one contact in other words: the same kind between the same two people
    or more at the same place, on no two different days ("В Женеве завершились переговоры Лаврова и
    Блинкена" and "21 января в Женеве встретились Лавров и Блинкен")."""
    return bool(a[0] & b[0]) and len(a[2] & b[2]) >= 2 and bool(a[3] & b[3]) and not _apart(a, b)


# "разговор может состояться": of a forecast, a bare "разговор" is a call too
_FORECAST_KINDS = {**KINDS, "call": KINDS["call"] | {"разговор", "созвон", "conversation"}}


def stale(cands: list, words: list[frozenset[str]]) -> set[int]:
    """The candidates that foretell a contact (a call, a meeting) some other report tells as done
    ("Захарова сообщила, что разговор может состояться" beside "Лавров … провёл телефонный
    разговор с Блинкеном"): the forecast is old news where the happening is."""
    kinds = [{k for k, said in _FORECAST_KINDS.items() if w & said} for w in words]
    ahead = [bool(kinds[i]) and foretells(c[3]) for i, c in enumerate(cands)]
    done = {(c[0].id, k) for i, c in enumerate(cands) if kinds[i] and not ahead[i] for k in kinds[i]}
    return {i for i, c in enumerate(cands) if ahead[i] and any(k in kinds[i] for d, k in done if d != c[0].id)}


CONTAINED = 0.8  # share of a sentence's content lemmas in another that makes it a repeat (set, not tuned)


def contained(a: frozenset[str], b: frozenset[str]) -> bool:
    """A sentence's content lemmas (six or more) nearly all in another's: it says nothing more than
    the other ("Россия передала США и НАТО проекты соглашений" in "Россия направила США и НАТО
    проекты соглашений …, в которых …"), which says it too."""
    return len(a) >= MIN_WORDS and len(a & b) >= CONTAINED * len(a)


def similarity(lemma_strings: list[str]) -> np.ndarray:
    """The TF-IDF cosine of every two texts given as their lemmas, space-separated."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # imported when first read (a second)
    from sklearn.metrics.pairwise import cosine_similarity

    return cosine_similarity(TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(lemma_strings))


def summarize(docs: list[Doc], max_sentences: int = 5, lead_of: str | None = None) -> tuple[SummaryItem, ...]:
    """Up to ``max_sentences`` central sentences, the lead first: the opening sentence of ``lead_of``
    (the article whose title heads the story) when it can stand alone, else the most central
    opening sentence."""
    cands = candidates(docs)
    if not cands:
        return headlines(docs, max_sentences, lead_of)
    lemma_strings = [" ".join(content_lemmas(c[3], c[0].language)) or c[3] for c in cands]
    sim = similarity(lemma_strings)
    doc_ids = [c[0].id for c in cands]
    score = np.zeros(len(cands))
    for i in range(len(cands)):
        others = [j for j in range(len(cands)) if doc_ids[j] != doc_ids[i]]
        base = sim[i, others].max() if others else 0.0
        score[i] = base + sim[i].mean() + cands[i][4]
    stated = [facts(c[3]) for c in cands]
    words = [frozenset(lemmas.split()) for lemmas in lemma_strings]
    told = [happening(c[0], c[1], c[2], lemmas) for c, lemmas in zip(cands, lemma_strings)]
    leads = [i for i, c in enumerate(cands) if c[5] == 0]
    own = [i for i in leads if cands[i][0].id == lead_of]
    first = own or ([max(leads, key=lambda i: score[i])] if leads else [])
    late = stale(cands, words)  # taken only when nothing else is left
    ranked = [int(i) for i in np.argsort(-score, kind="stable")]
    order = first + [i for i in ranked if i not in late] + [i for i in ranked if i in late]
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= max_sentences:
            break
        if i in chosen or any((sim[i, j] >= REPEAT and not _apart(told[i], told[j], days=False))
                              or stated[i] & stated[j] or same_contact(told[i], told[j])
                              or contained(words[i], words[j]) or contained(words[j], words[i]) for j in chosen):
            continue
        chosen.append(i)
    items = []
    for i in chosen:
        support = {}
        for j in range(len(cands)):
            if j == i or ((sim[i, j] >= SUPPORT or contained(words[i], words[j]))
                          and not _apart(told[i], told[j])):
                d = doc_ids[j]
                if d not in support or j == i:
                    support[d] = Evidence(d, cands[j][1], cands[j][2])
        items.append(SummaryItem(cands[i][3], tuple(sorted(support)), tuple(support[k] for k in sorted(support))))
    return tuple(items)


HEADLINES = 3  # of a story of headlines alone, the summary's
# content words a headline must add to those already said: two are often synonyms ("заболевший
# COVID-19" for "заразившийся коронавирусом"); not tuned, read on tgcontest's titles alone
FRESH = 3


def headlines(docs: list[Doc], max_items: int = HEADLINES, lead_of: str | None = None) -> tuple[SummaryItem, ...]:
    """A story with no sentence to tell it (a feed's or an export's headlines alone): the headlines
    in the brief's language that add ``FRESH`` content words to its own (``lead_of``'s) and to those
    chosen before, the ones most alike to others first; each cites the headlines that say half its
    new words too (two at least), its evidence their titles. The brief's own headline only when
    none adds. Up to ``max_items`` (at most ``HEADLINES``). One event's headlines share its words,
    so a cosine (`REPEAT`) would call each a repeat of the others."""
    lemmas = [" ".join(content_lemmas(d.article.title, d.language)) for d in docs]
    at = [i for i, x in enumerate(lemmas) if len(x.split()) >= 2]
    if not at:
        return ()
    docs, words = [docs[i] for i in at], [frozenset(lemmas[i].split()) for i in at]
    sim = similarity([lemmas[i] for i in at])
    own = next((i for i, d in enumerate(docs) if d.id == lead_of), 0)
    # a headline in another language most often says the brief's own again, in words TF-IDF cannot match
    order = sorted((i for i in range(len(docs)) if docs[i].language == docs[own].language and i != own),
                   key=lambda i: (-(sim[i] >= SUPPORT).sum(), i))
    said, chosen = set(words[own]), []
    for i in order:
        if len(chosen) < min(max_items, HEADLINES) and len(fresh := words[i] - said) >= FRESH:
            chosen.append((i, fresh))
            said |= words[i]
    items = []
    for i, fresh in chosen or [(own, words[own])]:
        alike = [j for j in range(len(docs)) if len(fresh & words[j]) >= max(2, len(fresh) / 2)]
        items.append(SummaryItem(docs[i].article.title, tuple(sorted(docs[j].id for j in alike)),
                                 tuple(Evidence(docs[j].id, 0, len(docs[j].article.title), "title")
                                       for j in sorted(alike, key=lambda j: docs[j].id))))
    return tuple(items)
