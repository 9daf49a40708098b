"""Roles that stand for a person the article names: "госсекретарь США Энтони Блинкен" makes a
later "госсекретарь" mean Blinken, in quotes' attributions and as a mention of him."""
from __future__ import annotations

import re

from svodka.model import Entity

ROLE_WORDS = re.compile(
    r"\b(министр\w*|госсекретар\w*|замгоссекретар\w*|заместител\w*|глав[аеуыой]\w*|представител\w*|"
    r"пресс-секретар\w*|постпред\w*|президент\w*|премьер\w*|генсек\w*|секретар\w*|посол|посла|послом|спикер\w*|"
    r"мэр\w*|губернатор\w*|директор\w*|председател\w*|дипломат\w*|прокурор\w*|тренер\w*|"
    r"minister|secretary|president|spokesman|spokeswoman|spokesperson|ambassador|chancellor|governor|mayor|"
    r"chief|envoy|director|premier|coach|prosecutor)\b", re.I)
WINDOW = 60  # characters before a name where its title stands ("главы МИД РФ Сергея Лаврова")


def role_key(word: str) -> str:
    """The role's lemma, so 'главы' and 'глава', 'посла' and 'посол' are one role."""
    from svodka.enrich.text import lemma

    return lemma(word, "ru" if re.search("[а-яё]", word.lower()) else "en")


def role_map(text: str, entities: tuple[Entity, ...]) -> dict[str, str]:
    """Role stem -> the person's normal name, from appositions; a role two people share is dropped."""
    seen: dict[str, set[str]] = {}
    previous_stop = 0
    for e in sorted((e for e in entities if e.type == "PER"), key=lambda e: e.start):
        # The title stands between the previous name and this one, in the same sentence.
        window = re.split(r"[.!?\n;]", text[max(previous_stop, e.start - WINDOW):e.start])[-1]
        previous_stop = e.stop
        for m in ROLE_WORDS.finditer(window):
            seen.setdefault(role_key(m.group()), set()).add(e.normal)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def role_mentions(text: str, entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """Mentions of named people by their role alone ("отметил глава российского МИДа")."""
    roles = role_map(text, entities)
    people = [e for e in entities if e.type == "PER"]
    out = []
    for m in ROLE_WORDS.finditer(text):
        person = roles.get(role_key(m.group()))
        if person is None:
            continue
        # A role right before a name is that name's apposition, not a mention of its own.
        after = text[m.end():m.end() + WINDOW]
        if any(m.end() <= e.start < m.end() + WINDOW and not re.search(r"[.!?\n;,]", text[m.end():e.start])
               for e in people) or not after:
            continue
        out.append(Entity(m.start(), m.end(), m.group(), "PER", person, "role"))
    return tuple(out)
