"""What clustering compares: lemma TF-IDF (title weighted), key entities, title words, time."""
from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import numpy as np
from anyascii import anyascii

from svodka.embed import is_headline
from svodka.enrich.text import content_lemmas
from svodka.model import Doc

TITLE_WEIGHT = 2  # title lemmas count this many extra times: titles name the event
ENTITY_WEIGHT = {"PER": 1.0, "ORG": 0.7, "LOC": 0.4}  # places are shared by unrelated events
LEAD_LEMMAS = 40  # content words of the lead: title, standfirst and the first sentence or two
KEY_ENTITIES = 8  # an article's most mentioned entities are what it is about
TOP_TERMS = 15  # an article's strongest terms: the keys it is found by among earlier events
# Dense side of an article for the nearest-neighbour index: its TF-IDF vector hashed into this
# many signed buckets (a sparse random projection: inner products are kept in expectation).
DENSE_DIM = 256


Day = tuple[int | None, int, int]  # (year, or None when the text leaves it open; month; day)
TitleDays = tuple[tuple[Day, Day], ...]  # the days a title names, each a range (first, last)
Places = tuple[tuple[str, tuple[str, ...]], ...]  # (entity key, the name's lemmas) of each place a title names


@dataclass(frozen=True, slots=True)
class DocFeatures:
    id: str
    vector: dict[str, float]  # L2-normalised TF-IDF of title + text
    lead: dict[str, float]  # the same over title + first sentences: what the article is about
    title: frozenset[str]
    entities: dict[str, float]  # entity key -> weight
    day: date | None
    mentioned: Day | None = None  # latest day the text names
    dense: np.ndarray | None = None  # unit vector for the nearest-neighbour index
    language: str | None = None
    embedding: np.ndarray | None = None  # unit sentence embedding of title + lead, when one was given
    top_terms: tuple[tuple[str, float], ...] = ()  # the TOP_TERMS heaviest terms of `vector`
    headline: bool = False  # a title without text (embed.is_headline)
    title_days: TitleDays = ()  # the days the title names: what happened when
    kind: str | None = None  # the kind of contact its title and lead report (`happening_kind`)
    recap: bool = False  # a background piece recounting several happenings (`is_recap`)
    places: Places = ()  # the places its title names (`title_places`)
    names: frozenset[str] = frozenset()  # the keys of the people, organisations and places it names


# One sound's spellings across scripts and languages, folded before the vowels go: "Джонсон" and
# "Johnson" -> "jonson", "Шифф" and "Schiff" -> "şiff", "Шольц" and "Scholz" -> "şols", "Макрон" and
# "Macron" -> "makron"; "ш" and "ч" stay apart from "с" and "к".
_FOLDS = (("'", ""), ("shch", "ş"), ("dzh", "j"), ("tch", "ç"), ("sch", "ş"), ("ch", "ç"), ("sh", "ş"), ("kh", "h"),
          ("zh", "j"), ("ck", "k"), ("ph", "f"), ("th", "t"), ("w", "v"), ("q", "k"), ("x", "ks"), ("ts", "s"),
          ("tz", "s"), ("z", "s"))
_SOFT_C = re.compile(r"c(?=[eiy])")


def name_skeleton(word: str) -> str:
    """A spelling-free key shared by a name's Russian and Latin forms: transliterated, one sound's
    spellings folded (``_FOLDS``), a doubled letter and an "h" after the first letter dropped, then
    its first letter and consonants: Лавров/Lavrov/Лаврова → 'lvrv', Байден/Biden → 'bdn',
    Трамп/Trump → 'trmp', Байлз/Biles → 'bls'. Vowels are where transliterations and case endings differ."""
    low = anyascii(word.lower().replace("ё", "е")).lower()
    if word[:1] in "Уу" and low[1:2] in ("a", "e", "i", "o"):  # "Уильямс", "Уотсон": an English W
        low = "v" + low[1:]
    for a, b in _FOLDS:
        low = low.replace(a, b)
    letters = [c for c in _SOFT_C.sub("s", low).replace("c", "k") if c.isalnum()]
    if not letters:
        return word.lower()
    letters = [c for i, c in enumerate(letters) if i == 0 or (c != "h" and c != letters[i - 1])]
    return letters[0] + "".join(c for c in letters[1:] if c not in "aeiouy")


# A Russian surname's case ending with a consonant in it, left by a tagger's normal form ("Путиным")
_CASE_END = re.compile(r"(?<=[а-яё]{4})(?:ым|им|ом|ем|ого|его|ому|ему)$")
SURNAME_KEY = 5  # eval.names, first count: 4 / 5 / 6 letters met 130 / 129 / 129 of 162, en collisions 43 / 36 / 35


# Street words in Russian, transliterated and in English, and the one key word each stands for.
_STREET_KEYS = {"улица": "st", "ulitsa": "st", "street": "st", "st.": "st", "проспект": "av", "prospekt": "av",
                "avenue": "av", "ave.": "av", "площадь": "sq", "ploshchad": "sq", "square": "sq",
                "переулок": "ln", "pereulok": "ln", "lane": "ln", "бульвар": "bd", "bulvar": "bd",
                "boulevard": "bd", "шоссе": "hw", "shosse": "hw", "highway": "hw", "набережная": "em",
                "naberezhnaya": "em", "embankment": "em"}


@lru_cache(maxsize=1 << 17)
def entity_key(normal: str, kind: str) -> str:
    """'Сергей Лавров', 'Лавров' and 'Sergei Lavrov' share a key: the surname's skeleton, cut to
    ``SURNAME_KEY`` letters (case endings, typos at the end and transliteration do not split them:
    "Thunberg" and "Тунберга" are 'tnbrg', "Johnson" and "Джонсон" 'jnsn').
    A street's key puts its street word first in one language: "улица Строителей" and
    "Stroiteley Street" share "loc:st strtl". Cached: a run featurizes every stored article, and
    the same names recur (featurizing ECB+'s 982 texts, median of 5: 0.242 ms a text uncached,
    0.200 cached, the cache filled by the run itself)."""
    words = normal.split()
    if kind == "PER":
        return "per:" + name_skeleton(_CASE_END.sub("", words[-1].lower()))[:SURNAME_KEY] if words else "per:"
    street = [_STREET_KEYS[w.lower()] for w in words if w.lower() in _STREET_KEYS] if kind == "LOC" else []
    if street and len(words) > 1:
        words = [street[0]] + [name_skeleton(w) for w in words if w.lower() not in _STREET_KEYS]
        return "loc:" + " ".join(words)
    return kind.lower() + ":" + " ".join(name_skeleton(w) for w in words)


def doc_day(doc: Doc) -> date | None:
    value = doc.article.published or (doc.anchor_date if not doc.anchor_inferred else None)
    if value and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _day(value: str) -> Day:
    """'2022-01-21' or 'XXXX-01-21' as (year or None, month, day)."""
    return int(value[:4]) if value[:4].isdigit() else None, int(value[5:7]), int(value[8:10])


def title_days(doc: Doc) -> TitleDays:
    """The full days a title names ("Прогноз погоды на 8 ноября", "С 6 по 8 мая ..."), as ranges;
    none when the dates are half the title or more: a dateline taken for a title ("Updated
    Saturday, December 05, 2009 8: 28 PM") says when the page was written, not what happened when."""
    if 2 * sum(m.stop - m.start for m in doc.title_dates) >= len(doc.article.title.strip()):
        return ()
    return tuple((_day(m.value), _day(m.end or m.value)) for m in doc.title_dates if len(m.value) == 10)


# Kinds of happening two reports of the same people cannot both be: talks in person and a phone
# call are two happenings however alike their words (the Geneva talks and the call ten days later).
# A call is named so even where the word for talks is used of it ("телефонные переговоры").
KINDS = {"call": frozenset("телефон телефонный позвонить созвониться phone telephone".split()),
         "meeting": frozenset("переговоры встреча встретиться саммит talks meeting meet met summit".split())}
KIND_LEMMAS = 40  # the title and the lead: what the report is about
RECAP_DAYS, RECAP_SPAN = 5, 14  # a text naming five days or more, two weeks apart or more, recounts


def happening_kind(doc: Doc) -> str | None:
    """The kind of contact (call, meeting) the title and lead report, a call before a meeting;
    None when they name neither."""
    head = set(doc.lemmas[:len(doc.title_lemmas) + KIND_LEMMAS])
    return next((kind for kind, words in KINDS.items() if head & words), None)


def is_recap(doc: Doc) -> bool:
    """A background piece: its text names RECAP_DAYS days or more, spread over RECAP_SPAN days or
    more ("9 и 10 января … 12 января … 21 января … 26 января"); it recounts several happenings."""
    days = {_day(m.value) for m in doc.dates if len(m.value) == 10}
    if len(days) < RECAP_DAYS:
        return False
    ordinal = sorted(date(2001, m, min(d, 28)).toordinal() for _, m, d in days)
    return ordinal[-1] - ordinal[0] >= RECAP_SPAN


def latest_mentioned_day(doc: Doc) -> Day | None:
    """The latest full day an undated article names, its year possibly unknown ("XXXX-02-01").
    An article is written on or after the last day it speaks of: a weak clue to its date."""
    days = [_day(m.end or m.value) for m in doc.dates if len(m.value) == 10]
    return max(days, key=lambda d: (d[0] or 0, d[1], d[2])) if days else None


class Featurizer:
    """Fitted on the document frequencies of the whole store plus the new pages; or (``stored``)
    on the counts kept in the store, each term's read when first needed."""

    def __init__(self, docs: Iterable[Doc], n: int = 0,
                 lookup: Callable[[Iterable[str]], dict[str, int]] | None = None) -> None:
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d.lemmas))
            n += 1
        self.n = n
        self.df = df
        self.learned = 0  # articles counted by `learn` since the fit
        self.counted: Counter[str] = Counter()  # what `learn` added to the counts, until `take_counted`
        self._lookup = lookup
        # IDF = log((n + 1) / (df + 1)) + 1 = _base - log(df + 1): a term's part changes only
        # when an article holding it is learned, the base with every article
        self._base = math.log(n + 1) + 1.0
        self._log_df = {t: math.log(c + 1) for t, c in df.items()}
        self._buckets: dict[str, tuple[int, float]] = {}

    @classmethod
    def stored(cls, n: int, lookup: Callable[[Iterable[str]], dict[str, int]]) -> "Featurizer":
        """Fitted on ``n`` articles whose terms' counts ``lookup`` gives (terms never seen: none)."""
        return cls((), n, lookup)

    def _know(self, terms: Iterable[str]) -> None:
        if self._lookup is not None and (missing := [t for t in terms if t not in self._log_df]):
            found = self._lookup(missing)
            for t in missing:
                c = self.df[t] = found.get(t, 0)
                self._log_df[t] = math.log(c + 1)

    def learn(self, doc: Doc) -> None:
        """Count an article added after the fit: every term's weight is then what a fit over the
        grown collection gives (articles featurized before are weighed otherwise: `learned` says
        that they may be)."""
        self.n += 1
        self._base = math.log(self.n + 1) + 1.0
        terms = set(doc.lemmas)
        self._know(terms)
        for t in terms:
            c = self.df[t] = self.df[t] + 1
            self._log_df[t] = math.log(c + 1)
        self.counted.update(terms)
        self.learned += 1

    def take_counted(self) -> Counter[str]:
        counted, self.counted = self.counted, Counter()
        return counted

    def _bucket(self, term: str) -> tuple[int, float]:
        b = self._buckets.get(term)
        if b is None:
            h = zlib.crc32(term.encode("utf-8"))
            b = self._buckets[term] = (h % DENSE_DIM, 1.0 if h & 0x80000000 else -1.0)
        return b

    def dense(self, vector: dict[str, float]) -> np.ndarray:
        out = np.zeros(DENSE_DIM, dtype=np.float32)
        for t, v in vector.items():
            i, sign = self._bucket(t)
            out[i] += sign * v
        norm = float(np.linalg.norm(out))
        return out / norm if norm else out

    def _weigh(self, tf: Counter) -> dict[str, float]:
        self._know(tf)
        base, log_df, log = self._base, self._log_df.get, math.log
        vec = {t: (1 + log(c)) * (base - log_df(t, 0.0)) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    @staticmethod
    def _counts(doc: Doc) -> tuple[Counter, Counter]:
        """Term counts of the whole article (title weighted) and of its lead."""
        tf = Counter(doc.lemmas)
        for t in doc.title_lemmas:
            tf[t] += TITLE_WEIGHT
        # doc.lemmas starts with the title's lemmas, then the text's in order.
        return tf, Counter(doc.lemmas[:len(doc.title_lemmas) + LEAD_LEMMAS])

    def reweigh(self, f: DocFeatures, doc: Doc) -> DocFeatures:
        """``f`` (``doc``'s features) with its text and lead vectors weighed under the current
        IDF: the parts an event is scored on that the store's growth changes. Its index keys
        (``dense``, ``top_terms``) stay as they were made when it was placed."""
        tf, lead = self._counts(doc)
        return replace(f, vector=self._weigh(tf), lead=self._weigh(lead))

    def __call__(self, doc: Doc, embedding: np.ndarray | None = None) -> DocFeatures:
        tf, lead = self._counts(doc)
        ents: dict[str, float] = {}
        for e in (*doc.entities, *doc.title_entities):
            k = entity_key(e.normal, e.type)
            ents[k] = ents.get(k, 0.0) + ENTITY_WEIGHT.get(e.type, 0.5)
        ents = top_entities(ents)
        vector = self._weigh(tf)
        if embedding is not None:
            embedding = np.asarray(embedding, dtype=np.float32)
            embedding = embedding / (float(np.linalg.norm(embedding)) or 1.0)
        return DocFeatures(doc.id, vector, self._weigh(lead), frozenset(doc.title_lemmas), ents, doc_day(doc),
                           latest_mentioned_day(doc), self.dense(vector), doc.article.language, embedding,
                           tuple(sorted(vector.items(), key=lambda kv: -kv[1])[:TOP_TERMS]),
                           is_headline(doc), title_days(doc), happening_kind(doc), is_recap(doc), title_places(doc),
                           named(doc))


def named(doc: Doc) -> frozenset[str]:
    """The keys of the people, organisations and places a text names."""
    return frozenset(entity_key(e.normal, e.type) for e in (*doc.entities, *doc.title_entities)
                     if e.type in ("PER", "ORG", "LOC"))


def title_places(doc: Doc) -> Places:
    """The places a title names, each with its entity key and its name's lemmas."""
    return tuple(sorted({(entity_key(e.normal, e.type), content_lemmas(e.normal, doc.language))
                         for e in doc.title_entities if e.type == "LOC"}))


def names_a_place(names: Collection[str], words: Collection[str], places: Iterable) -> bool:
    """Whether a text naming ``names`` (entity keys) with ``words`` (its terms) names one of ``places``."""
    return any(key in names or (lemmas and all(w in words for w in lemmas)) for key, lemmas in places)


def places_apart(a: Places, a_names: Collection[str], a_words: Collection[str],
                 b: Places, b_names: Collection[str], b_words: Collection[str]) -> bool:
    """Two titles naming places, none of which the other text names anywhere, as a name or in its
    words ("Погода в Бресте …", "Погода в Гомеле …"; Russia's daily count and Bashkiria's):
    reports of two happenings, however alike their words."""
    return bool(a and b) and not names_a_place(b_names, b_words, a) and not names_a_place(a_names, a_words, b)


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two unit vectors. Only the shared terms are visited (a set intersection in C,
    twice as fast as looking up every term), and fsum makes the result independent of the order
    in which a set yields them."""
    if len(a) > len(b):
        a, b = b, a
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def top_entities(ents: dict[str, float], top: int = KEY_ENTITIES) -> dict[str, float]:
    if len(ents) <= top:
        return ents
    return dict(sorted(ents.items(), key=lambda kv: (-kv[1], kv[0]))[:top])


_PREFIX_WEIGHT = {kind.lower(): w for kind, w in ENTITY_WEIGHT.items()}


@lru_cache(maxsize=1 << 16)
def _key_weight(k: str) -> float:
    """An entity key's type weight; cached, as the clusterer asks for the same keys at every
    comparison (in a profile of 20 000 synthetic articles the entity overlaps took a sixth of the
    clusterer's time, these lookups a third of that)."""
    return _PREFIX_WEIGHT.get(k.partition(":")[0].lower(), ENTITY_WEIGHT["LOC"])


def entity_overlap(a: dict[str, float], b: dict[str, float], floor: float = 0.0) -> float:
    """Weighted overlap of the two sides' most mentioned entities (0..1): the shared weight over
    the lighter side's, or over ``floor`` when that is more (so that one shared place is not a
    full overlap for an article naming nothing else)."""
    ta, tb = top_entities(a), top_entities(b)
    if not ta or not tb:
        return 0.0
    shared = ta.keys() & tb.keys()
    if not shared:
        return 0.0
    num = math.fsum(map(_key_weight, shared))
    den = max(min(math.fsum(map(_key_weight, ta)), math.fsum(map(_key_weight, tb))), floor)
    return num / den if den else 0.0


def title_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
