"""A text dump's outlet by the page around its article: the menus, feeds and notices a site prints
on every page (the lines its classifier dropped) are alike on two pages of one site, unlike on two
sites. A dump that names no outlet of its own takes the one whose pages' chrome its own is most
like, when it names that outlet somewhere ("Узнайте на событии от РБК" under RBC's chrome)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from svodka.extract.dump import line_key
from svodka.model import Article

# Jaccard of a page's chrome and an outlet's typical chrome (`python -m eval.outlets --calibrate`: DAnIEL's
# dumps naming their outlet, read as if not): 0.05-0.1 best on site half 0 (26 right, 0 wrong), half 1 22 / 0.
CHROME_MATCH = 0.1
# an outlet's chrome is learnt from its first pages: their feeds' headlines, each on one page, would
# otherwise grow the store by every page read
CHROME_PAGES = 20


@dataclass(frozen=True, slots=True)
class ChromeMatch:
    outlet: str
    share: float  # Jaccard of the page's chrome and the outlet's typical chrome
    pages: int  # how many pages of the outlet the typical chrome was read from


def chrome_keys(article: Article) -> frozenset[str]:
    """The keys of the lines a text dump's classifier dropped around its article."""
    return frozenset(k for line in article.removed if (k := line_key(line)))


def outlet_by_chrome(keys: frozenset[str], raw: str, outlets: Iterable[str],
                     chrome_of: Callable[[str], tuple[frozenset[str], int]],
                     threshold: float = CHROME_MATCH) -> ChromeMatch | None:
    """Of ``outlets`` the page's text ``raw`` names as a word, the one whose typical chrome (by
    ``chrome_of``: the lines on at least half of its pages, and how many pages it was read from) is
    most like ``keys``, at ``threshold`` or more. The chrome of an outlet the page does not name is
    not read."""
    scored = []
    for name in sorted(outlets):
        if _names(raw, name):
            chrome, pages = chrome_of(name)
            if keys | chrome:
                scored.append((len(keys & chrome) / len(keys | chrome), name, pages))
    share, name, pages = max(scored, key=lambda s: s[0], default=(0.0, "", 0))
    return ChromeMatch(name, round(share, 3), pages) if share >= threshold else None


def _names(raw: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", raw, re.I) is not None
