"""A text dump's outlet by the page around its article: the menus, feeds and notices a site prints
on every page (the lines its classifier dropped) are alike on two pages of one site, unlike on two
sites. A dump that names no outlet of its own takes the one whose pages' chrome its own is most
like, when it names that outlet somewhere ("Узнайте на событии от РБК" under RBC's chrome)."""
from __future__ import annotations

import re
from collections.abc import Mapping
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


def outlet_by_chrome(keys: frozenset[str], raw: str, outlets: Mapping[str, tuple[frozenset[str], int]],
                     threshold: float = CHROME_MATCH) -> ChromeMatch | None:
    """The outlet (of ``outlets``: name -> its typical chrome, the lines on at least half of its
    pages, and how many pages it was read from) whose chrome is most like ``keys``, at ``threshold``
    or more, that the page's text ``raw`` names as a word."""
    scored = [(len(keys & chrome) / len(keys | chrome), name, pages)
              for name, (chrome, pages) in sorted(outlets.items()) if keys | chrome]
    named = [s for s in scored if s[0] >= threshold and _names(raw, s[1])]
    if not named:
        return None
    share, name, pages = max(named, key=lambda s: s[0])
    return ChromeMatch(name, round(share, 3), pages)


def _names(raw: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", raw, re.I) is not None
