"""Sentences, tokens and lemmas: razdel for segmentation, pymorphy3 for Russian and Ukrainian
lemmas, Snowball stems for the other languages it has stemmers for."""
from __future__ import annotations

import re
from functools import lru_cache

from razdel import sentenize, tokenize

from svodka.extract.lines import english_stop_words
from svodka.model import Sentence

# Parts of speech that carry topic: nouns, adjectives, verbs, participles; unknown words
# (Latin names, numbers) stay too.
_CONTENT_POS = {"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", None}
_WORD = re.compile(r"^[^\W_]+(?:[-'’][^\W_]+)*$")


# The small words an English Title Case heading leaves in lower case.
SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from",
                         "as", "vs"})


def title_of_a_work(body: str) -> bool:
    """'Million Dollar Mermaid', 'Take Me Out to the Ball Game' in quote marks: a film's, song's or
    book's title, every word but the small ones capitalised, no sentence in it."""
    words = body.split()
    return 2 <= len(words) <= 8 and not re.search(r"[.!?,;:]", body) and \
        all(w[0].isupper() or w[0].isdigit() or w.lower() in SMALL_WORDS for w in words)


TERM_WORDS = 6  # a quoted phrase this short with no verb in it names a thing: «министр внутренних дел»


def quoted_term(body: str) -> bool:
    """A Russian phrase in quote marks that no one says: a few words opening in lower case, no verb,
    no comma, no sentence end («министр внутренних дел»; speech opens as a sentence does)."""
    words = re.findall(r"[а-яё-]+", body.lower())
    if not words or not body[:1].islower() or len(body.split()) > TERM_WORDS or re.search(r"[.!?…,]", body):
        return False
    return not any({"VERB", "INFN", "PRTS", "GRND"} & {str(p.tag.POS) for p in morph().parse(w)[:1]} for w in words)


@lru_cache(maxsize=1)
def morph():
    """The one pymorphy3 analyser of the process (loading its dictionaries takes a while)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _parse_ru(word: str) -> tuple[str, str | None]:
    p = morph().parse(word)[0]
    return p.normal_form, p.tag.POS


@lru_cache(maxsize=1)
def _morph_uk():
    """The Ukrainian analyser, with a tag class of its own: pymorphy3 keeps one class per tag format
    and sets it up anew for each dictionary it loads, which leaves the Russian analyser's tags
    reading Ukrainian grammemes ("Grammeme is unknown: Geox")."""
    import collections
    import copy

    import pymorphy3
    from pymorphy3 import tagset

    fmt = tagset.OpencorporaTag.FORMAT
    shared = tagset.registry[fmt]
    tagset.registry[fmt] = type("UkrainianTag", (shared,), {
        "__slots__": (), "KNOWN_GRAMMEMES": set(), "_EXTRA_INCOMPATIBLE": copy.deepcopy(shared._EXTRA_INCOMPATIBLE),
        "_GRAMMEME_INDICES": collections.defaultdict(int), "_GRAMMEME_INCOMPATIBLE": collections.defaultdict(set)})
    try:
        return pymorphy3.MorphAnalyzer(lang="uk")
    finally:
        tagset.registry[fmt] = shared


@lru_cache(maxsize=100_000)
def _parse_uk(word: str) -> tuple[str, str | None]:
    p = _morph_uk().parse(word)[0]
    return p.normal_form, p.tag.POS


# Languages read by their words' Snowball stems. Read word for word, as these were before, the
# Russian tgcontest pairs through `svodka run` fall from 0.805 to 0.782 (titles alone 0.648 -> 0.593);
# by Snowball's Russian stems they score 0.807 (0.634): an inflected language needs its endings cut.
SNOWBALL = {"ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
            "nl": "dutch", "et": "estonian", "fi": "finnish", "fr": "french", "de": "german", "el": "greek",
            "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
            "ne": "nepali", "no": "norwegian", "nb": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese",
            "ro": "romanian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish"}


@lru_cache(maxsize=None)
def _stemmer(language: str):
    import snowballstemmer

    return snowballstemmer.stemmer(SNOWBALL[language]).stemWord


@lru_cache(maxsize=200_000)
def _stem(word: str, language: str) -> str:
    return _stemmer(language)(word)


# An English abbreviation razdel ends a sentence at: a month before its day ("on Feb. 8"), a title
# before a name ("Gov. Brown").
_MONTH_ABBR = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_TITLE_ABBR = re.compile(r"\b(?:Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Prof|Dr|Mr|Mrs|Ms|St|Mt|Ft|Pres|Atty)\.$")


# a sentence's stop with no space after it, as pages lose a line break between two paragraphs: a
# lower-case Russian word, its stop, a capitalised one ("правительства.Все"; not "Яндекс.Дзен")
_GLUED_STOP = re.compile(r"(?<![\w.-])[а-яё][а-яё-]+[.!?](?=[А-ЯЁ][а-яё])")


def sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences within each paragraph (razdel never joins across a blank line here)."""
    out: list[Sentence] = []
    offset = 0
    for para in text.split("\n\n"):
        spans: list[list[int]] = []
        for s in sentenize(para):
            if spans and _runs_on(para[spans[-1][0]:spans[-1][1]], s.text):
                spans[-1][1] = s.stop
                continue
            start = s.start
            for glued in _GLUED_STOP.finditer(s.text):  # "… правительства.Все оппозиционные …"
                spans.append([start, s.start + glued.end()])
                start = s.start + glued.end()
            spans.append([start, s.stop])
        out.extend(Sentence(offset + a, offset + b, para[a:b]) for a, b in spans)
        offset += len(para) + 2
    return tuple(out)


def _runs_on(sentence: str, following: str) -> bool:
    return bool((_MONTH_ABBR.search(sentence) and following[:1].isdigit())
                or (_TITLE_ABBR.search(sentence) and following[:1].isupper()))


def words(text: str) -> list[tuple[int, int, str]]:
    return [(t.start, t.stop, t.text) for t in tokenize(text) if _WORD.match(t.text)]


def _dictionary(low: str, language: str) -> tuple[str, str | None] | None:
    """A Russian or Ukrainian word's lemma and part of speech from pymorphy3's dictionary; None for
    a word of another language or script."""
    if language == "ru" and re.search("[а-я]", low):
        return _parse_ru(low)
    if language == "uk" and re.search("[а-яіїєґ]", low):
        return _parse_uk(low)
    return None


def lemma(word: str, language: str) -> str:
    low = word.lower().replace("ё", "е")
    if parsed := _dictionary(low, language):
        return parsed[0]
    if language == "en" and len(low) > 4 and low.endswith("s") and not low.endswith("ss"):
        return low[:-1]
    return _stem(low, language) if language in SNOWBALL else low


# Chinese and Japanese write words without spaces: a run of their characters is read as its
# overlapping pairs of characters ("东京奥运会" -> 东京 京奥 奥运 运会), as CJK search engines do.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def content_lemmas(text: str, language: str) -> tuple[str, ...]:
    """Lemmas of topic-bearing words, in order; stop words and 1-2 letter words dropped."""
    out, english = [], english_stop_words()
    for _, _, w in words(text):
        low = w.lower().replace("ё", "е")
        if _CJK.search(low):
            out += [pair for run in _CJK.findall(low) for pair in ([run] if len(run) == 1 else
                                                                     (run[i:i + 2] for i in range(len(run) - 1)))]
            continue
        if len(low) < 3 or low.isdigit():
            continue
        if parsed := _dictionary(low, language):
            if parsed[1] not in _CONTENT_POS:
                continue
            out.append(parsed[0])
        elif low not in english:
            out.append(lemma(low, language))
    return tuple(out)
