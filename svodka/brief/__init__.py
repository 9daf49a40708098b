"""Brief: Story -> headline, cited summary, timeline, quotes, entities, sources."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from anyascii import anyascii

from svodka.brief.differences import differences
from svodka.brief.summary import summarize
from svodka.brief.timeline import event_days, timeline, with_events
from svodka.cluster.features import entity_key, name_skeleton
from svodka.config import default
from svodka.enrich.quotes import INDIRECT_VERBS, reported_words
from svodka.enrich.entities import treated_as_person, unsure_person
from svodka.enrich.redate import as_told, redate, story_year, told_days
from svodka.enrich.normal import fold, full_name
from svodka.enrich.text import content_lemmas
from svodka.extract.lines import CREDIT_LABEL
from svodka.model import Brief, Doc, EntityCount, Evidence, QuoteItem, Source, Story

__all__ = ["ENTITY_TYPES", "build_brief", "headline", "in_story_year", "story_headline"]

MAX_QUOTES = default("briefs", "max_quotes")
SAME_QUOTE = 0.8  # share of the shorter quote's content words the longer holds: the same quote
# Each type has places of its own, so the places a story names in every line do not crowd out the
# people it quotes (the Geneva story's spokeswoman fell out of 15 places by count).
MAX_ENTITIES = default("briefs", "max_entities")
ENTITY_TYPES = {"PER": "People", "ORG": "Organisations", "LOC": "Places"}


# Re-reading the dates costs about 1 ms an article and both the story list (`Story.written`) and
# the brief ask for it, the server after every write: cached by value (a Doc hashes in ~20 µs),
# for at most 8 192 stories.
@lru_cache(maxsize=1 << 13)
def in_story_year(members: tuple[Doc, ...]) -> tuple[Doc, ...]:
    """A story's articles with their days named without a year placed in the year another report
    names for that day (`as_told`), else in the story's year (`redate`)."""
    told = told_days(list(members), story_year(list(members)))
    placed = [as_told(d, told) for d in members]
    hint = story_year(placed)
    return tuple(as_told(redate(d, hint), told) for d in placed)


def build_brief(story: Story, docs: dict[str, Doc]) -> Brief:
    members = list(in_story_year(tuple(docs[a] for a in story.articles if a in docs)))
    originals = [d for d in members if d.article.duplicate_of is None] or members
    heading = headline_doc(originals)
    summary = summarize(originals, lead_of=heading.id)
    lines = with_events(timeline(originals), story.events, by_id := {d.id: d for d in originals})
    said = quotes(originals)
    shown = [_shown(item, by_id) for item in (*summary, *lines, *said) if item.evidence]
    listed = entities(originals, shown, {q.speaker for q in said if q.speaker})
    return Brief(
        story_id=story.id,
        headline=heading.article.title,
        summary=summary,
        timeline=lines,
        quotes=tuple(replace(q, speaker=as_listed(q.speaker, listed)) for q in said),
        entities=listed,
        sources=tuple(Source(d.id, d.article.site, d.article.title, d.article.published, d.article.duplicate_of,
                             d.written)
                      for d in sorted(members, key=lambda d: (d.article.published or "9999", d.id))),
        differences=differences(originals, {a: e.id for e in story.events for a in e.articles}),
        topic=topic(originals),
        event_days=event_days(lines, story.events, by_id),
    )


def _shown(item, by_id: dict[str, Doc]) -> Evidence:
    """The evidence whose words a line of the brief shows (the others say it in their own words)."""
    return next((e for e in item.evidence if e.article_id in by_id
                 and by_id[e.article_id].article.text[e.start:e.stop] == item.text), item.evidence[0])


def topic(docs: list[Doc]) -> str | None:
    """The topic most of the story's originals have (reprints left out; a tie: the first article's)."""
    originals = [d for d in docs if d.article.duplicate_of is None] or docs
    counts = Counter(d.article.topic for d in originals if d.article.topic)
    return counts.most_common(1)[0][0] if counts else None


def story_headline(docs: list[Doc]) -> str:
    """A story's one headline, the same in every output: its originals' (reprints left out)."""
    return headline([d for d in docs if d.article.duplicate_of is None] or docs)


def headline(docs: list[Doc]) -> str:
    """The member title sharing the most words with the other members' titles and text."""
    return headline_doc(docs).article.title


def headline_doc(docs: list[Doc]) -> Doc:
    """The member whose title is the story's headline."""
    if len(docs) == 1:
        return docs[0]
    pool = Counter(t for d in docs for t in set(d.lemmas))
    def centrality(d: Doc) -> float:
        words = set(d.title_lemmas)
        return sum(pool[t] - 1 for t in words) / (len(words) + 2) if words else 0.0
    return max(docs, key=lambda d: (centrality(d), -len(d.article.title)))


def quotes(docs: list[Doc]) -> tuple[QuoteItem, ...]:
    merged: dict[str, dict] = {}
    for d in docs:
        for q in d.quotes:
            words = frozenset(content_lemmas(q.text, d.language))
            key = " ".join(content_lemmas(q.text, d.language)[:8]) or q.text[:40]
            # the same words quoted again, whole or in part (one outlet cuts a quote the other gives
            # whole): one quote, its fullest text
            key = next((k for k, m in merged.items() if words and m["words"] and
                        len(words & m["words"]) >= SAME_QUOTE * min(len(words), len(m["words"]))), key)
            item = merged.setdefault(key, {"speaker": q.speaker, "text": q.text, "sources": {}, "verb": q.verb,
                                           "words": words, "attribution": q.attribution})
            item["sources"].setdefault(d.id, Evidence(d.id, q.start, q.stop))
            if len(q.text) > len(item["text"]):
                item["text"], item["words"] = q.text, words
            if item["speaker"] is None:
                item["speaker"] = q.speaker
            if item["attribution"] is None:
                item["attribution"] = q.attribution
    ranked = sorted(merged.values(), key=lambda m: (m["speaker"] is None, m["verb"] in INDIRECT_VERBS,
                                                    -len(m["sources"])))
    return tuple(QuoteItem(m["speaker"], reported_words(m["text"]) if m["verb"] in INDIRECT_VERBS else m["text"],
                           tuple(sorted(m["sources"])),
                           tuple(m["sources"][k] for k in sorted(m["sources"])), m["verb"],
                           m["verb"] not in INDIRECT_VERBS, None if m["speaker"] else m["attribution"])
                 for m in ranked[:MAX_QUOTES])


def as_listed(speaker: str | None, listed: tuple[EntityCount, ...]) -> str | None:
    """A speaker under the name the brief lists them by ("Andrei Sokolov" of an English report is
    the story's "Андрей Соколов", "Ветров" its "Игорь Ветров"): the one listed person of the same
    surname and first name; a full name is not cut to a listed surname."""
    if not speaker:
        return speaker
    words = speaker.split()
    same = [e.name for e in listed if e.type == "PER" and entity_key(e.name, "PER") == entity_key(speaker, "PER")
            and (len(words) == 1 or len(e.name.split()) >= 2
                 and name_skeleton(e.name.split()[0][:6]) == name_skeleton(words[0][:6]))]
    return same[0] if len(same) == 1 else speaker


def entities(docs: list[Doc], shown: Iterable[Evidence] = (), speakers: set[str] = frozenset()
             ) -> tuple[EntityCount, ...]:
    """The story's people, organisations and places, each type up to its places: the commonest
    first; of those as often named, the one more reports name, then the one the brief's lines
    (``shown``: the evidence of its summary, timeline and quotes) name more or quote."""
    counts: Counter[str] = Counter()
    told: Counter[str] = Counter()  # a normal name -> its mentions inside the brief's own lines
    spans = defaultdict(list)
    for ev in shown:
        spans[ev.article_id].append((ev.start, ev.stop))
    names: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    declined: set[str] = set()  # names the tagger brought back from another case: surely nominative
    forms: dict[str, set[str]] = defaultdict(set)  # the words of a name as the reports write them
    sources: dict[str, set[str]] = defaultdict(set)  # a name -> the reports naming it
    # the English tagger's guesses at people ("Splash Canyon") are listed as people where some report
    # bears them out; unlisted, they still count for a name of another type they are (`_merge_types`)
    unsure: dict[tuple[str, str], list[Doc]] = defaultdict(list)  # (name, normal) -> the reports naming it
    for d in docs:
        for e in {(e.text, e.normal) for e in (*d.title_entities, *d.entities) if e.type == "PER"}:
            if unsure_person(e[0]):
                unsure[e].append(d)
    doubtful = {normal for (text, normal), named in unsure.items()
                if not any(treated_as_person(f"{d.article.title}\n{d.article.text}", text) for d in named)}
    for d in docs:
        credited = _credited(d)
        in_title = len(d.title_entities)
        for i, e in enumerate((*d.title_entities, *(e for e in d.entities if e.start not in credited))):
            normal = full_name(e.normal) if e.type == "LOC" else e.normal
            sources[normal].add(d.id)
            k = entity_key(normal if e.type == "PER" else _HYPHEN.sub(" ", normal), e.type)  # "Россия-1" is "Россия 1"
            counts[k] += 1
            names[k][normal] += 1
            kinds[k] = e.type
            if i >= in_title and any(a <= e.start < b for a, b in spans.get(d.id, ())):
                told[normal] += 1
            if e.text.lower() != normal.lower() and len(e.text.split()) == len(normal.split()):
                declined.add(normal)  # not a surname that took the report's full name ("Башага": "Фатхи Башаги")
            forms[k].update(e.text.split())
    bracketed = _merge_bracketed(docs, counts, names, kinds)  # "митрополит Иона (Карпухин)"
    _split_namesakes(counts, names, kinds)
    _merge_types(counts, names, kinds)
    _merge_initial_surnames(counts, names, kinds)  # "Александр И."
    _merge_bare_names(counts, names, kinds, 0, ("PER",))  # "Хабиб" alone
    _merge_bare_names(counts, names, kinds, -1, ("LOC", "ORG"))  # "Сапижак" taken for a place
    spelled_out = _merge_short_forms(counts, names, kinds)
    outlets = {_letters(site.split(".")[-2] if "." in site else site) for d in docs if (site := d.article.site)}
    cyrillic = 2 * sum(bool(_CYRILLIC.search(d.article.title)) for d in docs) >= len(docs)  # the story's script
    out, taken = [], Counter()
    # the commonest first, each type up to its places; of people as often named, the one more reports
    # name (of places, that would put the country before the district of a local story)
    reach = {k: len(set().union(*(sources[n] for n in names[k]))) if kinds[k] == "PER" else 0 for k in counts}
    quoted = {entity_key(name, "PER") for name in speakers}
    shown_in = {k: sum(told[n] for n in names[k]) + (kinds[k] == "PER" and k.split("|")[0] in quoted) for k in counts}
    for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], -reach[kc[0]], -shown_in[kc[0]])):
        if taken[kinds[k]] >= MAX_ENTITIES.get(kinds[k], 0) or not _listable(max(names[k], key=names[k].get),
                                                                             kinds[k], outlets) \
                or (kinds[k] == "PER" and set(names[k]) <= doubtful):
            continue
        taken[kinds[k]] += 1
        # Prefer the full name ("Сергей Лавров") over a surname alone, then a name in the script most
        # of the story's reports use ("Андрей Соколов" over an English report's "Andrei Sokolov"), then
        # a person's name seen declined ("Башага" from "Башагой" over "Башаги", which may be a
        # genitive), then the commonest spelling.
        per = kinds[k] == "PER"
        name = max(names[k], key=lambda n: (per and 2 <= len(n.split()) <= 3 and not _initialled(n),
                                            bool(_CYRILLIC.search(n)) == cyrillic,
                                            per and n in declined, k in spelled_out and n != spelled_out[k],
                                            names[k][n]))
        if per and name not in declined:
            name = nominative(name, forms[k])
        if k in spelled_out or k in bracketed:
            name = f"{name} ({spelled_out.get(k) or bracketed[k]})"
        out.append(EntityCount(name, kinds[k], c))
    return tuple(out)


_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
# The case endings a Russian name of each nominative ending takes ("Куркаб": "Куркаба", "Куркабом";
# "Башага": "Башаги", "Башагой"; "Андрей": "Андрея"), read to tell a nominative among a name's forms.
_ENDINGS = {"а": ("ы", "и", "е", "у", "ой", "ей"), "я": ("и", "е", "ю", "ей", "ёй"), "й": ("я", "ю", "ем", "е"),
            "ь": ("я", "ю", "ем", "е")}
_STEM_ENDINGS = ("а", "у", "ом", "ым", "е")  # a name ending in a consonant


def _paradigm(word: str, forms: set[str]) -> int:
    """How many of ``forms`` are case forms of ``word`` taken as a nominative."""
    last = word[-1:].lower()
    if last in _ENDINGS:
        return sum(word[:-1] + e in forms for e in _ENDINGS[last])
    return sum(word + e in forms for e in _STEM_ENDINGS) if re.fullmatch(r"[бвгджзклмнпрстфхцчшщ]", last) else 0


def nominative(name: str, forms: set[str]) -> str:
    """A Cyrillic name whose words the tagger left in another case ("Редху Куркаба", names no
    dictionary knows) with each word in the form whose case forms the reports also write ("Редха",
    "Куркаб" beside "Редху", "Куркабом"); a word no other form bears out stays as it is."""
    words = name.split()
    for i, word in enumerate(words):
        if not _CYRILLIC.search(word) or _paradigm(word, forms):
            continue
        stem = word[:max(3, len(word) - 2)]
        best = max((f for f in forms if f.startswith(stem)), key=lambda f: _paradigm(f, forms), default=word)
        if _paradigm(best, forms):
            words[i] = best
    return " ".join(words)


# "Фото: Ирина Штольба/ РГ", "Photo: …": a photographer named in a credit inside the text
_CREDIT = re.compile(CREDIT_LABEL + r"\s*$", re.I)
# "By Donny Kwok and Jessie Pang HONG KONG (Reuters) -": a wire's reporters, in its byline before its dateline
_BYLINE = re.compile(r"\bBy\s+((?:[A-Z][a-z'][\w'.-]*\s+){1,3}(?:and\s+(?:[A-Z][a-z'][\w'.-]*\s+){1,3})?)"
                     r"(?=[A-Z]{2,}[A-Z ,.]*\((?:Reuters|AP|AFP|Bloomberg)\))")


def _credited(d: Doc) -> set[int]:
    """Where the text's entities named in a photo credit or a byline start: no one of the story."""
    text = d.article.text
    bylines = [m.span(1) for m in _BYLINE.finditer(text)]
    return {e.start for e in d.entities if _CREDIT.search(text, max(0, e.start - 24), e.start)
            or any(a <= e.start < b for a, b in bylines)}


_HYPHEN = re.compile(r"(?<=\w)[-‐‑‒–](?=\w)")
# "Telegram-канал", "YouTube-блог": a kind of medium, no one's name
_MEDIUM = re.compile(r"-(?:канал|аккаунт|блог|паблик|портал|издание)\w*$", re.I)
_DOMAIN = re.compile(r"\.(?:ru|com|ua|net|org|info|by|kz|рф)$", re.I)
_NOT_NAMES = {"VERB", "INFN", "ADVB", "PREP", "CONJ", "PRCL", "GRND", "PRTF", "PRTS"}
_PROPER_TAGS = {"Orgn", "Geox", "Name", "Surn", "Patr", "Abbr", "Trad"}


def _letters(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(name).lower())


def _listable(name: str, kind: str, outlets: set[str]) -> bool:
    """A name a reader looks for in a brief: not the outlet that published a report ("РИАМО" on
    riamo.ru, "INTERFAX.RU"), not a common word taken for a name ("Центр", "Видео", "Бюро",
    "Проезжайте"), not the press as such ("СМИ", "Telegram-канал"), not two letters no dictionary
    knows ("СЧ"), not a number ("01")."""
    if _DOMAIN.search(name) or (kind == "ORG" and _letters(name) in outlets) or name.lower() == "сми" \
            or name[-1:] in "!?" or _MEDIUM.search(name) or not any(c.isalpha() for c in name):
        return False
    if " " in name or "-" in name or not re.fullmatch(r"[А-ЯЁа-яё]+", name):
        return True
    from svodka.enrich.text import morph

    parse = morph().parse(name.lower())[0]
    if parse.tag.POS in _NOT_NAMES or (len(name) <= 2 and not parse.is_known):  # "СЧ": a cut-off fragment
        return False
    # an organisation named by a dictionary's common noun as it stands ("Центр", "Видео"); a word the
    # dictionary does not know or reads as another word's form ("АгроГазТрейдинг", "Шальке") and an
    # acronym ("ПИК") are names
    return not (kind == "ORG" and parse.is_known and parse.tag.POS == "NOUN" and not name.isupper()
                and parse.normal_form == name.lower() and not _PROPER_TAGS & set(parse.tag.grammemes))


def _merge_types(counts: Counter, names: dict[str, Counter], kinds: dict[str, str]) -> None:
    """One name typed two ways is one entity, of its commoner type: an English report's
    "Ozerskiye Teplovye Seti", taken for a person, is the Russian reports' company «Озёрские
    тепловые сети»; "Челябинск" in a dateline, taken for an organisation, is the city. A name of
    several words matches on every word's skeleton (across scripts), so two people who share only
    a surname stay apart; a one-word name on its spelling."""
    home: dict[str, str] = {}
    for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        for name in list(names[k]):
            words = name.split()
            skeleton = " ".join(name_skeleton(w) for w in words) if len(words) > 1 else "=" + name.lower()
            target = home.setdefault(skeleton, k)
            if target != k and kinds[target] != kinds[k]:
                counts[target] += counts.pop(k)
                names[target].update(names.pop(k))
                for other, key in home.items():  # names seen under k now lead to target
                    if key == k:
                        home[other] = target
                break



# words an acronym skips ("Министерство по чрезвычайным ситуациям": МЧС) and the generic head of a
# republic's full name ("Республика Коми" is "Коми")
_SKIPPED = {"и", "по", "в", "на", "для", "of", "and", "the", "for", "de", "la"}
_HEADS = {"республика", "republic"}


def _initials(name: str) -> str:
    """"Одесский припортовый завод" -> "ОПЗ", "АгроГазТрейдинг" -> "АГТ"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SKIPPED]
    if len(words) == 1:
        return "".join(c for c in words[0] if c.isupper())
    return "".join(w[0] for w in words).upper()


_BEFORE_BRACKET = re.compile(r"([А-ЯЁA-Z][\w-]+)\s*\(\s*$")


def _merge_bracketed(docs: list[Doc], counts: Counter, names: dict[str, Counter], kinds: dict[str, str]
                     ) -> dict[str, str]:
    """A person named with another name in brackets ("митрополит Иона (Карпухин)", a monk's secular
    surname; "Patriarch Kirill (Gundyayev)") is one person, listed by the first name; returns the
    keys merged into, with the bracketed name (the brief shows it in brackets)."""
    out: dict[str, str] = {}
    for d in docs:
        people = [e for e in d.entities if e.type == "PER"]
        text = d.article.text
        for b in people:
            before = _BEFORE_BRACKET.search(text, max(0, b.start - 40), b.start)
            # the name before the bracket, as the tagger read it there or elsewhere in the report
            a = next((e for e in people if e.stop == before.end(1) or e.text == before[1]), None) if before else None
            if a is None or a is b or text[b.stop:b.stop + 1] != ")":
                continue
            main, other = entity_key(a.normal, "PER"), entity_key(b.normal, "PER")
            if main != other and main in counts and other in counts:
                counts[main] += counts.pop(other)
                out[main] = max(names.pop(other).items(), key=lambda nc: nc[1])[0]
                kinds.pop(other, None)
    return out


def _merge_short_forms(counts: Counter, names: dict[str, Counter], kinds: dict[str, str]) -> dict[str, str]:
    """An organisation's or place's acronym is the one name of the story it spells ("ОПЗ" and
    "Одесский припортовый завод", "АГТ" and "АгроГазТрейдинг"), a republic's short name its full
    one ("Коми", "Республика Коми"): each pair is one entity, listed by the full name. Returns the
    keys merged into, with the acronym each was also named by (the brief shows it in brackets)."""
    longer: dict[str, set[str]] = defaultdict(set)  # an acronym or a short name -> keys of the names it stands for
    for t in [t for t in counts if kinds[t] in ("ORG", "LOC")]:
        for n in names[t]:
            words = n.split()
            if len(words) == 2 and fold(words[0]) in _HEADS:
                longer[fold(words[1])].add(t)
            if not n.isupper() and len(initials := _initials(n)) >= 2:
                longer[kinds[t] + initials].add(t)  # an organisation's acronym spells an organisation
    spelled_out: dict[str, str] = {}
    for k in [k for k in counts if kinds[k] in ("ORG", "LOC") and len(names[k]) == 1]:
        short = next(iter(names[k]))
        acronym = short.isupper() and 2 <= len(short) <= 6 and short.isalpha()
        homes = longer.get(kinds[k] + short if acronym else fold(short), set()) - {k} if acronym or " " not in short else set()
        if len(homes) == 1 and (target := homes.pop()) in counts and k in counts:
            counts[target] += counts.pop(k)
            names[target].update(names.pop(k))
            if acronym:
                spelled_out[target] = short
    return spelled_out


def _split_namesakes(counts: Counter, names: dict[str, Counter], kinds: dict[str, str]) -> None:
    """Two people of one surname ("Хабиб Нурмагомедов", his father "Абдулманап Нурмагомедов"),
    whom a name's key joins, are listed apart; the surname alone goes with the commoner."""
    for k in [k for k in counts if kinds[k] == "PER"]:
        firsts = Counter()
        for name, c in names[k].items():
            if 2 <= len(name.split()) <= 3 and not _INITIALS.fullmatch(name.split()[0]):
                firsts[name_skeleton(name.split()[0])] += c  # "Андрей" and "Andrei" alike
        if len(firsts) < 2:
            continue
        lead = firsts.most_common(1)[0][0]
        parts: dict[str, Counter] = defaultdict(Counter)
        held = names.pop(k)
        for name, c in held.items():
            first = name_skeleton(name.split()[0]) if 2 <= len(name.split()) <= 3 else lead
            if first not in firsts:  # initials: "А. Щетинина" is Анастасия's, "А. Щетинин" Алексей's
                first = _initials_owner(name, held) or lead
            parts[first][name] += c
        del counts[k]
        for first, named in parts.items():
            key = k if first == lead else f"{k}|{first}"
            counts[key], names[key], kinds[key] = sum(named.values()), named, "PER"


_INITIALS = re.compile(r"(?:[А-ЯЁA-Z][а-яёa-z]?\.)+")


def _initialled(name: str) -> bool:
    """A name given by initials ("А. Щетинина", "Александр И.")."""
    words = name.split()
    return bool(_INITIALS.fullmatch(words[0]) or (len(words) > 1 and _INITIALS.fullmatch(words[-1])))


def _initials_owner(name: str, held: Counter) -> str | None:
    """The first name (its skeleton) of the one person, of the names ``held`` under one key, whose
    name the initials of ``name`` stand for: the same first letter and the same surname as written
    ("Щетинина", not "Щетинин"), or only the same first letter; None when no one or two fit."""
    initial, surname = name_skeleton(name.split()[0])[:1], fold(name.split()[-1])
    full = [n for n in held if 2 <= len(n.split()) <= 3 and not _INITIALS.fullmatch(n.split()[0])]
    for same_surname in (True, False):
        fit = {name_skeleton(n.split()[0]) for n in full if name_skeleton(n.split()[0])[:1] == initial
               and (not same_surname or fold(n.split()[-1]) == surname)}
        if len(fit) == 1:
            return fit.pop()
    return None


def _merge_initial_surnames(counts: Counter, names: dict[str, Counter], kinds: dict[str, str]) -> None:
    """A first name and a surname's initial ("Александр И.", as courts and police name the accused)
    is the one person of the story of that first name whose surname starts so (Александр Игнатенко)."""
    for k in [k for k in counts if kinds[k] == "PER"]:
        shown = {n for n in names[k] if re.fullmatch(r"\S+ [А-ЯЁA-Z]\.", n)}
        if not shown or len(shown) != len(names[k]) or len({n.split()[0] for n in shown}) > 1:
            continue
        first, letter = next(iter(shown)).split()
        fits = {t for t in counts if t != k and kinds[t] == "PER"
                and any(len(n.split()) == 2 and fold(n.split()[0]) == fold(first) and n.split()[1][:1] == letter[0]
                        for n in names[t])}
        if len(fits) == 1:
            target = fits.pop()
            counts[target] += counts.pop(k)
            names[target].update(names.pop(k))


def _merge_bare_names(counts: Counter, names: dict[str, Counter], kinds: dict[str, str], at: int,
                      bare: tuple[str, ...]) -> None:
    """A one-word name of a ``bare`` type that is word ``at`` of one person's full name in the story
    is that person: a first name alone ("Хабиб", "Меган"), a surname the tagger took for a place or
    an organisation ("Сапижак"). With two such people, or none, it stays apart."""
    full: dict[str, set[str]] = defaultdict(set)
    for k in counts:
        if kinds[k] == "PER":
            for name in names[k]:
                if 2 <= len(name.split()) <= 3:
                    full[fold(name.split()[at])].add(k)
    for k in [k for k in counts if kinds[k] in bare]:
        alone = {fold(n) for n in names[k]}
        if len(alone) == 1 and " " not in (w := alone.pop()) and len(full.get(w, ())) == 1 and k not in full[w]:
            target = next(iter(full[w]))
            counts[target] += counts.pop(k)
            names[target].update(names.pop(k))
