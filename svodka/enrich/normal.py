"""Normal names a reader sees: the last pass over an article's entities.

The tagger's normaliser leaves some names as no one writes them:
- a quote its span opened is not closed ("ООО «Лента"; factRuEval's spans, and so natasha's,
  end before the closing quote), and the name shown is "ООО «Лента»";
- a name set in capitals (datelines, headlines) is not inflected ("НЕВСКИХ НОВОСТЕЙ", which the tagger
  may cut in two), and the name shown is "Невские новости"; abbreviations ("ТАСС", "ГИБДД") stay;
- a Latin place or person in capitals ("WASHINGTON") is shown in ordinary case ("Washington");
- regions named together share one plural noun ("в Донецкой и Луганской областях"): each is its own
  region, "Донецкая область" and "Луганская область", not "Донецкая" and "Луганская области";
- one country or union goes by several names ("РФ", "Российская Федерация"): each is put under the
  name most news use ("Россия"), and so typed the same everywhere.
"""
from __future__ import annotations

import re
from dataclasses import replace

from svodka.enrich.text import morph
from svodka.model import Entity

# Names of one country or union, lower-cased with ё as е, and the one they are put under.
_ALIASES = {
    "рф": ("Россия", "LOC"), "российская федерация": ("Россия", "LOC"),
    "соединенные штаты": ("США", "LOC"), "соединенные штаты америки": ("США", "LOC"),
    "британия": ("Великобритания", "LOC"), "соединенное королевство": ("Великобритания", "LOC"),
    "кнр": ("Китай", "LOC"), "китайская народная республика": ("Китай", "LOC"),
    "фрг": ("Германия", "LOC"), "федеративная республика германия": ("Германия", "LOC"),
    "объединенные арабские эмираты": ("ОАЭ", "LOC"),
    "ес": ("ЕС", "ORG"), "европейский союз": ("ЕС", "ORG"), "евросоюз": ("ЕС", "ORG"),
    "организация объединенных наций": ("ООН", "ORG"), "оон": ("ООН", "ORG"),
    "us": ("United States", "LOC"), "u.s.": ("United States", "LOC"), "usa": ("United States", "LOC"),
    "u.s.a.": ("United States", "LOC"), "united states": ("United States", "LOC"),
    "united states of america": ("United States", "LOC"), "america": ("United States", "LOC"),
    "uk": ("United Kingdom", "LOC"), "u.k.": ("United Kingdom", "LOC"), "britain": ("United Kingdom", "LOC"),
    "great britain": ("United Kingdom", "LOC"), "united kingdom": ("United Kingdom", "LOC"),
    "eu": ("European Union", "ORG"), "european union": ("European Union", "ORG"),
    "un": ("United Nations", "ORG"), "u.n.": ("United Nations", "ORG"), "united nations": ("United Nations", "ORG"),
}
# Nouns of regions that a list of regions shares: "Курской, Белгородской и Брянской областях".
_REGION_NOUNS = {"область", "край", "район", "округ", "республика", "губерния", "уезд"}
# What stands between two names of one list: "Курской, Белгородской и Брянской", "Строителей и Гагарина".
LISTED_BETWEEN = re.compile(r"\s*(?:,|,?\s*и|,?\s*или)\s*")
_PROPER = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_LETTERS = re.compile(r"[^\W\d_]+")
_OPENING_APOSTROPHE = re.compile(r"(?:^|\s)'\w")


def tidy_normals(text: str, entities: tuple[Entity, ...], language: str) -> tuple[Entity, ...]:
    out = [_closed_quotes(_latin_capitals(_person_tail(_trailing_marks(e)))) for e in _joined_capitals(text, entities)]
    if language == "ru":
        tidied = [_with_yo(_shouted_surname(_unshouted(_adjective(_oblique_place(_verbs_kept(_region_noun(e)), text)))))
                  for e in out]
        out = _elided_regions(text, _listed_regions(text, tidied))
    return tuple(_alias(e) for e in out)


_REGION_WORD = r"([А-ЯЁ][а-яё]{3,})([щч]ин)(?:а|ы|е|у|ой)"  # "Харьковщине", "Белгородчина"
_REGION_NOUN = re.compile(f"^{_REGION_WORD}$")
_REGION_IN_TEXT = re.compile(rf"(?<![\w-]){_REGION_WORD}(?![\w-])")


def _region_name(m: re.Match) -> str | None:
    """The nominative of a region named after its centre (a place the dictionary knows: Харьков,
    Белгород, Днепропетровск); None for a surname of that ending ("Тимощина", "Кучина")."""
    if any("Geox" in p.tag for end in ("", "ск", "а", "ь") for p in morph().parse((m[1] + end).lower())
           if p.score >= 0.3):
        return m[1] + m[2] + "а"
    return None


def _region_noun(e: Entity) -> Entity:
    """'На Харьковщине', 'Днепропетровщина:' the tagger read as a person: a region named after its
    centre is a place, named in the nominative; "Мария Тимощина" is left to the person."""
    name = _region_name(m) if (m := _REGION_NOUN.match(e.text)) else None
    return replace(e, type="LOC", normal=name) if name else e


def region_nouns(text: str, entities: list[Entity]) -> list[Entity]:
    """The regions named after their centre the tagger did not find ("На Белгородчине сохранятся грозы")."""
    taken = [(e.start, e.stop) for e in entities]
    return entities + [Entity(m.start(), m.end(), m[0], "LOC", name) for m in _REGION_IN_TEXT.finditer(text)
                       if not any(a < m.end() and m.start() < b for a, b in taken) and (name := _region_name(m))]


def _trailing_marks(e: Entity) -> Entity:
    """'Фото: ФедералПресс /Евгений Поторочин': a name the tagger ended on a separator is named without it."""
    normal = e.normal.rstrip(" /|\\-–—:;,")
    return e if normal == e.normal or not normal else replace(e, normal=normal)


def _verbs_kept(e: Entity) -> Entity:
    """«Говорит Москва», «Едим дома»: a name's verb is kept as written (the normaliser made
    "Говорящий Москва" of it); a name does not decline its verb."""
    words, normal = e.text.split(), e.normal.split()
    if e.type == "PER" or len(words) != len(normal):
        return e
    kept = [w if w != n and w.isalpha() and morph().parse(w.lower())[0].tag.POS == "VERB" else n
            for w, n in zip(words, normal)]
    return e if kept == normal else replace(e, normal=" ".join(kept))


_GOVERNING = {"к", "ко", "по", "в", "во", "на", "о", "об", "при"}  # prepositions of the dative and locative


def _oblique_place(e: Entity, text: str) -> Entity:
    """'Мэр Биробиджана', 'сообщил Театралу': a one-word place or organisation the tagger's normaliser
    left as written, which the dictionary reads only in an oblique case (a place as a place name), is
    put in the nominative ("Биробиджан", "Театрал", "Ведомости")."""
    if (e.type not in ("LOC", "ORG") or " " in e.normal or "-" in e.normal or e.normal != e.text
            or not e.text[:1].isupper() or e.text.isupper()):
        return e
    parses = morph().parse(e.text.lower())
    parse = parses[0]
    if e.type == "LOC" and ("Geox" not in parse.tag or parse.score < 0.5):
        return e
    # "рассказал «Медузе»", "в «Фонтанке»": a dative or locative only after a verb or a preposition
    before = re.findall(r"[а-яё]+", text[max(0, e.start - 30):e.start].lower())[-1:]
    governed = bool(before) and (before[0] in _GOVERNING or morph().parse(before[0])[0].tag.POS in ("VERB", "INFN"))
    feminine = parse.tag.gender == "femn" and parse.normal_form[-1:] in "ая" and governed
    if e.type == "ORG" and (parse.tag.POS != "NOUN" or not morph().word_is_known(e.text.lower())
                            or any(p.tag.case == "nomn" for p in parses) or (e.text.endswith("е") and not feminine)):
        return e  # "Шальке", "Барсе": a foreign name ending so reads as a dative it is not
    if "Fixd" in parse.tag or parse.tag.case in (None, "nomn") or not (form := parse.inflect({"nomn"})):
        return e
    return replace(e, normal=e.text[:1] + form.word[1:])


# A surname the dictionary lacks, in the genitive or instrumental of the -а declension.
_OBLIQUE_A = re.compile(r"(?:ы|(?<=[гкхжшчщ])и|ой)$")


def oblique_surname(e: Entity) -> Entity:
    """A person's last word the tagger's normaliser left as written in an oblique case, put in the
    nominative when the name's other words were: a woman's accusative ('Елену Кочкину'); a surname
    the dictionary knows only in that case, of the first name's sex ('Барака Обамы' -> 'Барак Обама',
    'Ирину Петрову' -> 'Ирина Петрова'; alone too when it is either sex's, 'Обамой'); a word it knows
    as no name ending as an -а genitive or instrumental ('Абдель Хамида Дбейбы', 'Анджея Дуды')."""
    words, normal = e.text.split(), e.normal.split()
    if e.type != "PER" or len(words) != len(normal) or words[-1] != normal[-1] or not words[-1][:1].isupper():
        return e
    oblique = words[:-1] != normal[:-1]  # the normaliser put the other words in the nominative
    parses = morph().parse(words[-1].lower())
    if (oblique and not morph().word_is_known(words[-1].lower()) and words[-1].endswith("у")
            and words[0][-1:] in "ую" and normal[0][-1:] in "ая"):
        return replace(e, normal=" ".join(normal[:-1] + [words[-1][:-1] + "а"]))  # "Елену Кочкину"
    if any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in parses):
        surnames = [p for p in parses if {"Surn", "sing"} <= p.tag.grammemes and (oblique or "ms-f" in p.tag)]
        if len(words) > 1:  # "Ирину Петрову": the surname of the first name's sex
            sex = next((p.tag.gender for p in morph().parse(normal[0].lower()) if "Name" in p.tag), None)
            if sex:
                surnames = [p for p in surnames if "ms-f" in p.tag or p.tag.gender == sex]
            elif len({str(p.tag.gender) for p in surnames}) > 1:
                return e  # a first name of no known sex, a surname of either
        if (not surnames or not morph().word_is_known(words[-1].lower()) or any(p.tag.case == "nomn" for p in parses)
                or not (form := surnames[0].inflect({"nomn", "sing"}))):
            return e
        return replace(e, normal=" ".join(normal[:-1] + [words[-1][:1] + form.word[1:]]))
    if oblique and len(words) > 1 and (m := _OBLIQUE_MASCULINE.match(words[-1])) and \
            any("Name" in p.tag and p.tag.gender == "masc" for p in morph().parse(normal[0].lower())):
        return replace(e, normal=" ".join(normal[:-1] + [m[1]]))  # "Павлу Зарубину": a man's -ин/-ов surname
    if not oblique or not _OBLIQUE_A.search(words[-1]):
        return e
    return replace(e, normal=" ".join(normal[:-1] + [_OBLIQUE_A.sub("", words[-1]) + "а"]))


_INITIALLED = re.compile(r"((?:[А-ЯЁ][а-яё]?\.\s?){1,2})([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")


def initialled(e: Entity) -> Entity:
    """A surname after initials ("А.Щетининой", "В.В. Путину", "Б. Обаме"): its normal is the
    initials ("В.В."), a space, and the surname in the nominative (`surname_nominative`, or as the tagger
    put it when it did)."""
    m = _INITIALLED.fullmatch(e.text)
    if e.type != "PER" or m is None:
        return e
    said = _INITIALLED.fullmatch(e.normal)
    surname = said[2] if said and said[2] != m[2] else surname_nominative(m[2])
    return replace(e, normal="".join(re.findall(r"[А-ЯЁ][а-яё]?\.", m[1])) + " " + surname)


def surname_nominative(word: str) -> str:
    """A surname alone put in the nominative when the dictionary reads it only in an oblique case of
    one sex ("Щетининой" -> "Щетинина"); as written when it may be a nominative ("Щетинина") or
    either sex's ("Лаврову")."""
    parses = [p for p in morph().parse(word.lower()) if {"Surn", "sing"} <= p.tag.grammemes]
    if not parses or any(p.tag.case == "nomn" for p in parses) or len({p.tag.gender for p in parses}) > 1:
        return word
    form = parses[0].inflect({"nomn", "sing"})
    return word[:1] + form.word[1:] if form else word


def oblique_first_name(e: Entity) -> Entity:
    """A first name the normaliser left in an oblique case before a surname it put in the nominative:
    "Анне Пономаревой" -> "Анна Пономарева" ("Анне" reads first as the indeclinable "Анне"); a
    woman's name only before a woman's surname ("Тони Фергюсона" is no "Тоня")."""
    words, normal = e.text.split(), e.normal.split()
    if e.type != "PER" or len(words) != 2 or len(normal) != 2 or words[0] != normal[0] or words[1] == normal[1]:
        return e
    form = next((p.inflect({"nomn", "sing"}) for p in morph().parse(words[0].lower())
                 if "Name" in p.tag and "Fixd" not in p.tag and p.tag.case != "nomn"
                 and (p.tag.gender != "femn" or normal[1].endswith(("а", "я")))), None)
    return replace(e, normal=f"{words[0][:1]}{form.word[1:]} {normal[1]}") if form else e


# A man's surname the dictionary lacks in an oblique case: of the -ов/-ев/-ин declension, or a
# consonant's genitive or instrumental ("Йенса Лемана"; its dative could be an -а surname's accusative)
_OBLIQUE_MASCULINE = re.compile(r"^([А-ЯЁ][а-яё]+(?:(?:ов|ев|ёв|ин|ын)(?=у|ым|е)|[бвгдзклмнпрстфхцчшщж](?=а$|ом$)))"
                                r"(?:а|у|ым|ом|е)$")


_OBLIQUE_ADJECTIVE = re.compile(r"ск(?:им|ом|ого|ому)$")


def _adjective(e: Entity) -> Entity:
    """A one-word place or organisation left in an oblique case of a "-ский" adjective ("епископом
    Енотаевским", "на Ленинском"): the tagger's normaliser does not know the word, pymorphy reads
    it by analogy. The masculine is the guess: the noun it stands for is not in the mention."""
    if e.type == "PER" or " " in e.normal or not _OBLIQUE_ADJECTIVE.search(e.normal.lower()):
        return e
    from svodka.enrich.text import morph

    parse = morph().parse(e.normal.lower())[0]
    if "ADJF" not in parse.tag or not (masc := parse.inflect({"masc", "sing", "nomn"})):
        return e
    return replace(e, normal=e.normal[:1].upper() + masc.word[1:])


def fold(word: str) -> str:
    """A word as names are compared: lower case, "ё" as "е"."""
    return word.lower().replace("ё", "е")


def _with_yo(e: Entity) -> Entity:
    """'Сёмина' -> 'Сёмин', not 'Семин': the tagger's normal forms spell ё as е, the text may not
    (factRuEval's names keep it: "Перепёлкин", "Королёв", "Объединённые Арабские Эмираты"). A
    letter е of the normal name becomes ё where a word of the text spells ё with the same
    letters before it."""
    if "ё" not in e.text.lower():
        return e
    spelled = [w for w in _LETTERS.findall(e.text) if "ё" in w.lower() and len(w) > 1]
    words = []
    for word in e.normal.split(" "):
        chars = list(word)
        for source in spelled:
            for i, ch in enumerate(source[:len(word)]):
                if ch in "ёЁ" and chars[i] in "еЕ" and fold(word[:i]) == fold(source[:i]):
                    chars[i] = "ё" if ch == "ё" else "Ё"
        words.append("".join(chars))
    normal = " ".join(words)
    return e if normal == e.normal else replace(e, normal=normal)


def _joined_capitals(text: str, entities: tuple[Entity, ...]) -> list[Entity]:
    """'НЕВСКИХ НОВОСТЕЙ', which the tagger cut into two organisations: two names in capitals of one
    type with a single space between them are one name."""
    out: list[Entity] = []
    for e in entities:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == e.type == "ORG" and text[prev.stop:e.start] == " "
                and prev.text.isupper() and e.text.isupper() and len(prev.text) > 4 and len(e.text) > 4):
            joined = text[prev.start:e.stop]
            out[-1] = Entity(prev.start, e.stop, joined, e.type, joined)
            continue
        out.append(e)
    return out


_OF_PLACE = re.compile(r"^((?:[A-Z][\w'.-]+\s+){1,3}[A-Z][\w'.-]+)\s+of\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+)*$")


def _person_tail(e: Entity) -> Entity:
    """A Latin person's name with the page's words in capitals after it ('Gerald Steyn ALSO READ',
    'David Moscow EPISODE') or the place they are from ('Corey Conners of Listowel'): the name."""
    words = e.normal.split()
    if e.type != "PER" or _CYRILLIC.search(e.normal) or e.normal.isupper():
        return e
    while len(words) > 2 and words[-1].isupper() and len(words[-1]) > 2:
        words.pop()
    normal = " ".join(words)
    if m := _OF_PLACE.match(normal):
        normal = m[1]
    return e if normal == e.normal else replace(e, normal=normal)


def _closed_quotes(e: Entity) -> Entity:
    """'ООО «Лента' -> 'ООО «Лента»', 'РГП 'Казгидромет' -> 'РГП 'Казгидромет''."""
    normal = e.normal
    if (open_ := normal.count("«") - normal.count("»")) > 0:
        normal += "»" * open_
    if normal.count('"') % 2:
        normal += '"'
    if normal.count("'") % 2 and _OPENING_APOSTROPHE.search(normal):  # "РГП 'Казгидромет"
        normal += "'"
    return e if normal == e.normal else replace(e, normal=normal)


def _latin_capitals(e: Entity) -> Entity:
    """'WASHINGTON (Reuters)', 'TOM CANAVAN': a Latin place or person in capitals, in ordinary
    case (two-letter words stay: 'WASHINGTON DC' -> 'Washington DC')."""
    if (e.type not in ("LOC", "PER") or not e.normal.isupper() or _CYRILLIC.search(e.normal)
            or not any(len(w) > 3 for w in e.normal.split())):
        return e
    return replace(e, normal=" ".join(w if len(w) <= 2 else w.capitalize() for w in e.normal.split()))


# A city's short names: a mention's normal name stays as written ("Петербург", as factRuEval names
# it), a brief counts them as the city.
SHORT_NAMES = {"петербург": "Санкт-Петербург", "питер": "Санкт-Петербург", "спб": "Санкт-Петербург"}


def full_name(normal: str) -> str:
    """The one name a brief lists a place under: 'Петербург' -> 'Санкт-Петербург'."""
    return SHORT_NAMES.get(fold(normal), normal)


def _alias(e: Entity) -> Entity:
    """'РФ' -> 'Россия' (LOC), 'Евросоюз' -> 'ЕС' (ORG): the one name and type of a country or union."""
    hit = _ALIASES.get(fold(e.normal))
    if hit is None or hit == (e.normal, e.type):
        return e
    return replace(e, normal=hit[0], type=hit[1])


def _shouted_word(word: str) -> bool:
    """A whole word in capitals that is a dictionary word, not an abbreviation: 'НОВОСТЕЙ',
    'САНКТ-ПЕТЕРБУРГ'; not 'ТАСС' (four letters or fewer) nor 'ГИБДД'."""
    letters = "".join(_LETTERS.findall(word))
    if len(letters) < 5 or not letters.isupper() or not _CYRILLIC.search(letters):
        return False
    p = morph().parse(word.lower())[0]
    return p.is_known and "Abbr" not in p.tag


def _shouted_surname(e: Entity) -> Entity:
    """A person's surname in capitals beside a name that is not, as newspapers print it: "Татьяна
    БОРДУНИС" -> "Татьяна Бордунис" (the normaliser put it in the nominative already)."""
    words = e.normal.split()
    if e.type != "PER" or not any(w[:1].isupper() and not w.isupper() for w in words):
        return e
    return replace(e, normal=" ".join("-".join(p.capitalize() for p in w.split("-"))
                                      if len("".join(_LETTERS.findall(w))) >= 4 and w.isupper() and _CYRILLIC.search(w)
                                      else w for w in words))


def _unshouted(e: Entity) -> Entity:
    """'НЕВСКИХ НОВОСТЕЙ' -> 'Невские новости', 'МИНИСТЕРСТВО ОБОРОНЫ' -> 'Министерство обороны': the dictionary
    words of a name in capitals, in the nominative and in ordinary case; its abbreviations as written."""
    words = e.text.split()
    shouted = [_shouted_word(w) for w in words]
    if not any(shouted):
        return e
    lower = [w.lower() for w in words]
    nominative = [_person_nominative(w) for w in lower] if e.type == "PER" else _nominative(lower)
    out = []
    for i, (word, was, norm) in enumerate(zip(words, shouted, nominative)):
        if not was:
            out.append(word)  # "ООО", "РИА": kept as written
        elif i == 0 or e.type == "PER" or _PROPER & morph().parse(norm)[0].tag.grammemes:
            out.append("-".join(part.capitalize() if len(part) > 2 else part for part in norm.split("-")))
        else:
            out.append(norm)
    return replace(e, normal=" ".join(out))


def _person_nominative(word: str) -> str:
    """'сергея' -> 'сергей': a given name, surname or patronymic in the nominative."""
    for p in morph().parse(word):
        if {"Name", "Surn", "Patr"} & p.tag.grammemes:
            form = p.inflect({"nomn", "sing"})
            return form.word if form else word
    return word


def _nominative(words: list[str]) -> list[str]:
    """Lower-case words of a name in the nominative up to its head noun, the adjectives before it
    agreeing with it; the words after the head keep their case ('движения против терроризма' ->
    'движение против терроризма'). A plural head after a singular adjective names one of several
    regions listed together ('луганской областях' -> 'луганская область')."""
    options = [morph().parse(w) for w in words]
    # a word the dictionary lacks may read as a noun or an adjective ('атырауской'): before a
    # noun it is the adjective
    parses = [next((p for p in ps if p.tag.POS == "ADJF"), ps[0])
              if i + 1 < len(options) and options[i + 1][0].tag.POS == "NOUN" else ps[0]
              for i, ps in enumerate(options)]
    head = next((i for i, p in enumerate(parses) if p.tag.POS == "NOUN"), None)
    if head is None:
        return words
    before = parses[:head]
    number = "plur" if "plur" in parses[head].tag and not any("sing" in p.tag for p in before) else "sing"
    noun = parses[head].inflect({"nomn", number}) or parses[head].inflect({"nomn"})
    out = list(words)
    if noun:
        out[head] = noun.word
    grammemes = {"nomn", number} | ({noun.tag.gender} if noun and number == "sing" and noun.tag.gender else set())
    for i, p in enumerate(before):
        if p.tag.POS in ("ADJF", "PRTF"):
            form = p.inflect(grammemes)
            out[i] = form.word if form else words[i]
    return out


def _listed_regions(text: str, entities: list[Entity]) -> list[Entity]:
    """'в Курской, Белгородской и Брянской областях': the last region takes the noun in the singular
    ('Брянская область') and lends it to the ones listed before it ('Курская область'). A region
    named alone gets its noun in the nominative too (natasha gives 'Атырауская области')."""
    out = list(entities)
    for k, e in enumerate(out):
        words = e.text.split()
        if e.type != "LOC" or len(words) != 2 or not _CYRILLIC.search(e.text):
            continue
        if morph().parse(words[1].lower())[0].normal_form not in _REGION_NOUNS:
            continue
        adjective, region = _nominative([w.lower() for w in words])
        out[k] = replace(e, normal=f"{adjective.capitalize()} {region}")  # 'Атырауская области' too
        j = k
        while j > 0 and _listed_before(text, out[j - 1], out[j]):
            out[j - 1] = replace(out[j - 1], normal=f"{out[j - 1].normal} {region}")
            j -= 1
    return out


# "две области — Брестская и Гомельская": a region noun this close before a bare region adjective
_REGION_BEFORE = re.compile(r"\b(област|кра[йяюе]|республик)\w*[^.!?\n]{0,70}$", re.I)


def _elided_regions(text: str, entities: list[Entity]) -> list[Entity]:
    """'только Брестская и Гомельская', after 'две области': a bare adjective read as a place, in the
    nominative, with a region noun just before it in its sentence, is that region ('Брестская
    область')."""
    out = []
    for e in entities:
        bare = e.type in ("LOC", "PER") and " " not in e.normal  # the tagger may take one for a woman
        m = _REGION_BEFORE.search(text, max(0, e.start - 90), e.start) if bare else None
        parse = morph().parse(e.text.lower())[0] if m else None
        if parse is not None and parse.tag.POS == "ADJF" and parse.tag.case == "nomn" and parse.tag.number == "sing":
            noun = morph().parse(re.match(r"\w+", m.group(0)).group().lower())[0].normal_form
            if noun in _REGION_NOUNS and morph().parse(noun)[0].tag.gender == parse.tag.gender:
                e = replace(e, normal=f"{e.normal} {noun}", type="LOC")
        out.append(e)
    return out


def _listed_before(text: str, prev: Entity, e: Entity) -> bool:
    """``prev`` is a bare region adjective listed just before ``e`` ('Донецкой и ')."""
    if prev.type != "LOC" or " " in prev.text or not LISTED_BETWEEN.fullmatch(text[prev.stop:e.start]):
        return False
    return morph().parse(prev.text.lower())[0].tag.POS == "ADJF"
