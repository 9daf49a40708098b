"""Quotes and their speakers: «…», — сказал Лавров; Лавров заявил: «…»; partial quotes inside a
sentence; по словам министра, …; and the English "…," X said forms.

A speaker is resolved, in order, from a person named in the attribution, a role word the
article attached to a person ("госсекретарь США Энтони Блинкен" makes "госсекретарь" mean
Blinken), or a pronoun pointing to the last person named before the quote.
"""
from __future__ import annotations

import re

from svodka.enrich.roles import ROLE_WORDS, role_key, role_map
from svodka.enrich.text import quoted_term, title_of_a_work
from svodka.model import Entity, Quote, Sentence

_RU_VERB = (r"(сказал|заявил|отметил|подчеркнул|добавил|сообщил|пояснил|заметил|указал|написал|рассказал|"
            r"признал|уточнил|констатировал|ответил|напомнил|предупредил|призвал|резюмировал|объяснил|"
            r"говорит|говорил|считает|полагает|заявляет|отмечает|подчеркивает|подчёркивает|сообщает|пишет|"
            r"цитирует|передает|передаёт|объявил|сообщила|пообещал|уверен|убежден|убеждён|признался)(а|и|о|ет|ы)?")
EN_SPEECH_VERB = r"(said|says|added|told|stated|noted|wrote|asked|explained|warned|insisted|declared|replied|announced)"
VERB = re.compile(r"\b(" + _RU_VERB + r"|" + EN_SPEECH_VERB + r")\b", re.I)
_DASH = r"[—–-]"
_AFTER_RU = re.compile(r"^\s*[,.!?…]?\s*" + _DASH + r"\s*" + r"(?P<verb>" + _RU_VERB + r")\b(?P<attr>[^.!?\n]{0,160})", re.I)
_AFTER_RU_SUBJ = re.compile(r"^\s*[,.!?…]?\s*" + _DASH + r"\s*(?P<attr>[^.!?\n]{1,80}?)\s+(?P<verb>" + _RU_VERB + r")\b", re.I)
_AFTER_EN = re.compile(r"^\s*[,.!?]?\s*(?P<verb>" + EN_SPEECH_VERB + r")\s+(?P<attr>[^.!?\n]{1,120})", re.I)
_AFTER_EN_SUBJ = re.compile(r"^\s*[,.!?]?\s*(?P<attr>[^.!?\n\"“”]{1,80}?)\s+(?P<verb>" + EN_SPEECH_VERB + r")\b", re.I)
_BEFORE = re.compile(r"(?P<attr>[^.!?\n]{1,160})\s*(?P<verb>" + _RU_VERB + r"|" + EN_SPEECH_VERB + r")\b[^.!?\n:]{0,60}:\s*$", re.I)
_AS_SAID = re.compile(r"\b[Кк]ак\s+(?P<verb>" + _RU_VERB + r")\b(?P<attr>[^,]{2,80}),\s*$")
_COLON = re.compile(r"(?P<attr>[^.!?\n]{2,120}):\s*$")
_ABBREV = re.compile(r"\b(Dr|Mr|Mrs|Ms|Prof|St|Jr|Sen|Gov|Gen|Rep)\.")
# the source named within its sentence: "according to her publicist.\nThroughout WWII, she was …"
# is no quote of "her publicist. Throughout WWII"; a dot after one capital ("U.S.", "J.") is no end
_ACCORDING = re.compile(r"\b(?:[Пп]о словам|[Пп]о мнению|[Aa]ccording to)\s+"
                        r"(?P<attr>(?:[^,.!?\n]|(?<=\b[A-ZА-ЯЁ])\.){2,80}),\s*(?P<text>[^.!?\n]{8,}[.!?]?)")
# the attribution inside a reported sentence ("Путин, по словам Пескова, изучит их")
_ACCORDING_INSIDE = re.compile(r",\s*(?:по словам|по мнению|according to)\s+(?:[^,.!?\n]|(?<=\b[A-ZА-ЯЁ])\.){2,80},\s*", re.I)


_INTRODUCTORY = re.compile(r"(?:в частности|кроме того|вместе с тем|при этом|в то же время|таким образом|"
                           r"however|in particular)$", re.I)


def reported_words(text: str) -> str:
    """What a reported quote says, without the words naming who said it inside it ("Путин, по словам
    пресс-секретаря Кремля Дмитрия Пескова, изучит их" -> "Путин изучит их"); a comma stays where it
    also closes what came before ("Газета, обнародуя эти данные, по словам Вульфа, перейдёт …")."""
    m = _ACCORDING_INSIDE.search(text)
    if m is None:
        return text
    before = text[:m.start()]
    keep = before.count(",") % 2 == 1 or _INTRODUCTORY.search(before.strip())
    return before + (", " if keep else " ") + text[m.end():]


_PRONOUN = re.compile(r"\b(он|она|он же|she|he)\b", re.I)
_OPEN_CLOSE = {"«": "»", "“": "”", "„": "“"}
MIN_QUOTE_WORDS = 3  # «Интерфаксу», «Вместе с …»: names in quote marks, not quotes


INDIRECT_VERBS = ("по словам", "according to")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quoted spans (inside the marks), nesting of «…«…»…» respected."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN_CLOSE:
            close, depth, j = _OPEN_CLOSE[ch], 1, i + 1
            while j < n and depth:
                if text[j] == ch and ch != close:
                    depth += 1
                elif text[j] == close:
                    depth -= 1
                elif text[j] == "\n" and text[j - 1:j + 1] == "\n\n":
                    break
                j += 1
            if depth == 0:
                spans.append((i + 1, j - 1))
                i = j
                continue
        elif ch == '"' and _opens(text, i):
            j = _straight_close(text, i + 1)
            para_end = text.find("\n\n", i)
            if j != -1 and (para_end == -1 or j < para_end):
                spans.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return spans


def _opens(text: str, i: int) -> bool:
    """A straight quote opens before a word, not before a space or another quote (CSV exports
    double every quote mark: 'в Минпромторге заявили, что ""Ростех"" прорабатывает вопрос')."""
    return i + 1 < len(text) and not text[i + 1].isspace() and text[i + 1] != '"'


def _straight_close(text: str, start: int) -> int:
    """The straight quote after a word that closes the one opened before ``start``, or -1."""
    j = text.find('"', start)
    while j != -1 and (text[j - 1].isspace() or text[j - 1] == '"'):
        j = text.find('"', j + 1)
    return j


def find_quotes(text: str, sentences: tuple[Sentence, ...], entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    roles = role_map(text, entities)
    out: list[Quote] = []
    # Patterns read a copy where "Dr." is "Dr " (same length), so titles do not end a clause.
    work = _ABBREV.sub(lambda m: m.group(1) + " ", text)
    for qs, qe in quote_spans(text):
        body = text[qs:qe]
        if len(body.split()) < MIN_QUOTE_WORDS or title_of_a_work(body) or quoted_term(body) or \
                _NAMED_WORK.search(text, max(0, qs - 41), max(0, qs - 1)):
            continue
        after, sent = work[qe + 1:qe + 200], _sentence_of(sentences, qs)
        verb = attr = None
        attr_start = qe + 1
        verb_first = True  # the verb before the words naming who spoke ("сообщили в штабе", not "The court said")
        base = sent.start if sent else max(0, qs - 200)
        prefix = work[base:max(0, qs - 1)]
        # "Pemberton said: “…fantastic.” When asked …": the words that open the quote name who speaks
        if introduced := _BEFORE.search(prefix):
            verb, attr, attr_start, verb_first = introduced["verb"], introduced["attr"], base + introduced.start("attr"), False
        elif m := next(filter(None, (rx.match(after) for rx in (_AFTER_RU, _AFTER_EN, _AFTER_EN_SUBJ, _AFTER_RU_SUBJ))),
                       None):
            verb, attr, attr_start = m.group("verb"), m.group("attr"), qe + 1 + m.start("attr")
            verb_first = m.start("verb") < m.start("attr")
        if verb is None:
            if m := _AS_SAID.search(prefix):  # "Как сообщила пресс-служба, «…»"
                verb, attr, attr_start = m.group("verb"), m.group("attr"), base + m.start("attr")
            elif (m := VERB.search(prefix)) and (_starts_sentence_clause(prefix) or m.group(0).lower() in _EN_VERBS):
                verb, attr, attr_start, verb_first = m.group(1), prefix[:m.start()], base, False
            elif (m := _COLON.search(prefix)) and any(e.type == "PER" and base <= e.start < qs for e in entities):
                verb, attr, attr_start = ":", m.group("attr"), base + m.start("attr")  # "Ильин был краток: «…»"
        if verb is None:
            continue
        speaker = _speaker(text, attr or "", attr_start, qs, entities, roles)
        trimmed = body.rstrip(" ,")  # '"…we will act," Lindqvist said': the comma belongs to the sentence
        out.append(Quote(qs, qs + len(trimmed), trimmed, speaker, verb.lower(),
                         _attribution(verb, attr, speaker, verb_first)))
    for m in _ACCORDING.finditer(work):  # the copy, so that "according to Dr. Fauci" is one sentence
        if any(q.start <= m.start("text") < q.stop for q in out):
            continue
        start, sent = m.start("text"), _sentence_of(sentences, m.start())
        if sent is not None and text[sent.start:m.start()].strip(" ,"):
            start = sent.start  # "Путин, по словам Пескова, изучит их": what is said opens the sentence
        attr = text[m.start("attr"):m.end("attr")]
        speaker = _speaker(text, attr, m.start("attr"), m.start(), entities, roles)
        verb = INDIRECT_VERBS[0] if m.group(0).lower().startswith("по") else INDIRECT_VERBS[1]
        out.append(Quote(start, m.end("text"), text[start:m.end("text")], speaker, verb,
                         _attribution(verb, attr, speaker)))
    return tuple(sorted(out, key=lambda q: q.start))


_EN_VERBS = set(EN_SPEECH_VERB.strip("()").split("|"))


def _starts_sentence_clause(prefix: str) -> bool:
    # "Лукашевич заявил, что … «…»": a speech verb before the quote in the same sentence.
    return bool(re.search(r"\b(что|that)\b", prefix))


def _sentence_of(sentences: tuple[Sentence, ...], offset: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= offset < s.stop), None)


# "в программе «Москва. Кремль. Путин»", "по ст. 166 УК РФ («Неправомерное завладение …»)": a name
_NAMED_WORK = re.compile(r"(?:(?<![\w-])(?:программ|передач|фильм|сериал|книг|песн|альбом|спектакл|рубрик|"
                         r"операци|законопроект)\w*|\b(?:УК|КоАП|ГК|НК|ТК)(?:\s+(?:РФ|РК|РБ|Украины))?\s*\(?)\s*$", re.I)
ATTRIBUTION_WORDS = 6


# words that open a clause, not a name of who spoke ("Since a police report said", "Таким образом
# белорусский лидер ответил"), or that name no one ("…, and asked")
_CLAUSE_OPENERS = re.compile(r"^(?:(?:since|as|when|while|because|after|and|but|so|then|и|а|но|однако|также|"
                             r"таким образом|при этом)\b[\s,]*)+", re.I)


def _attribution(verb: str, attr: str | None, speaker: str | None, verb_first: bool = True) -> str | None:
    """With no speaker named, the verb and the words that say who spoke, in the text's order
    ("сообщили в штабе", "по словам инсайдера", "The court said"): up to ATTRIBUTION_WORDS, not a
    pronoun and not a clause's opening words."""
    words = _CLAUSE_OPENERS.sub("", (attr or "").strip(" ,.:;!?—–-\xa0\n")).strip(" ,")
    if speaker is not None or verb == ":" or not words or len(words.split()) > ATTRIBUTION_WORDS or \
            re.fullmatch(r"(?:он|она|оно|они|он же|she|he|they|it|we|мы|я|i)", words, re.I):
        return None
    return f"{verb.lower()} {words}" if verb_first else f"{words} {verb.lower()}"


_SINGLE_QUOTED = re.compile(r"(?<!\w)‘[^‘’\n]{1,120}’(?!\w)")  # ‘…’, not the apostrophe of "it’s"


def _speaker(text: str, attr: str, attr_start: int, quote_start: int,
             entities: tuple[Entity, ...], roles: dict[str, str]) -> str | None:
    """Who speaks, from the words ``attr`` that name them: the first person they name, not one inside
    quote marks ("the theme ‘Boosting Trade’")."""
    attr_stop = attr_start + len(attr)
    if re.search(r"\bwhich\s*$", attr, re.I):
        return None  # "Curtis asked about the written operations, which said: “…”": a text speaks
    words = text[attr_start:attr_stop]
    quoted = quote_spans(words) + [m.span() for m in _SINGLE_QUOTED.finditer(words)]
    named = [e for e in entities if e.type == "PER" and attr_start <= e.start < attr_stop
             and not any(a <= e.start - attr_start < b for a, b in quoted)]
    if named:
        return named[0].normal
    for bare in (attr.strip(), attr.rsplit(",", 1)[-1].strip()):  # '"…," Lindqvist said', "…, Ndubisi said:"
        if re.fullmatch(r"[A-ZА-ЯЁ][\w-]+", bare) and not _PRONOUN.fullmatch(bare) and \
                not _ABBREV.match(bare + ".") and not _CLAUSE_OPENERS.fullmatch(bare + " "):
            return bare  # a bare surname the tagger did not type
    for m in ROLE_WORDS.finditer(attr):
        if (key := role_key(m.group())) in roles:
            return roles[key]
    orgs = [e for e in entities if e.type == "ORG" and attr_start <= e.start < attr_stop]
    if _PRONOUN.search(attr) or not attr.strip() or ROLE_WORDS.search(attr):
        before = [e for e in entities if e.type == "PER" and e.stop <= quote_start]
        if before:
            return before[-1].normal
    return orgs[0].normal if orgs else None
