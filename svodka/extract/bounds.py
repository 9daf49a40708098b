"""Bounds on what one HTML page may cost: too many elements is refused with a reason; nesting
deeper than the HTML parser follows is flattened, so the article inside is still read."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import lxml.html
from lxml import etree

from svodka.errors import Rejected
from svodka.model import Page

# The largest of DAnIEL's and AEB's 313 pages has 2 389 elements; extraction costs about 45 us an
# element, so this bound keeps a page under about 5 s and its tree in a few hundred MB.
MAX_ELEMENTS = 100_000
# libxml2's HTML parser drops whatever is nested deeper than 256 elements
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_KEEP = frozenset("html head body title p h1 h2 h3 h4 h5 h6 a br article main".split())


def bounded(page: Page) -> Page:
    """The page as extraction may take it: an HTML page within the bounds, or flattened when it
    nests too deep (with a note saying so); ``Rejected`` when it holds too many elements."""
    if page.kind != "html":
        return page
    elements = len(re.findall(r"<[a-zA-Z]", page.raw))
    if elements > MAX_ELEMENTS:
        raise Rejected(page.source, "too-complex", f"{elements:,} HTML elements (a news page has a few thousand; "
                       f"at most {MAX_ELEMENTS:,} are read)")
    raw, removed = page.raw, []
    depth = deepest = _tag_depth(raw)
    # the tags' nesting (cheap, and above the parsed depth where closing tags are left out) first
    while depth > MAX_DEPTH and _parsed_depth(raw) > MAX_DEPTH:
        name = _widest(raw)
        if name is None:
            break
        raw = re.sub(rf"</?{re.escape(name)}(?:\s[^>]*)?>", "", raw, flags=re.I)
        removed.append(name)
        depth = _tag_depth(raw)
    if not removed:
        return page
    note = (f"HTML nested {deepest:,} elements deep (the parser follows {MAX_DEPTH}); "
            f"its {', '.join('<' + n + '>' for n in removed)} tags were removed to read the article")
    return replace(page, raw=raw, notes=page.notes + (note,))


def _parsed_depth(html: str) -> int:
    """How deep the parsed tree nests (the parser stops at 256)."""
    try:
        tree = lxml.html.fromstring(html.encode("utf-8", errors="replace"))
    except (etree.ParserError, ValueError):
        return 0
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _tag_depth(html: str) -> int:
    """How deep the page's tags nest (void and self-closed ones do not count)."""
    depth = deepest = 0
    for closing, name, selfclosed in _TAG.findall(html):
        if name.lower() in _VOID or selfclosed:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _widest(html: str) -> str | None:
    """The wrapper tag opened most often, which the flattening removes first."""
    counts = Counter(name.lower() for closing, name, _ in _TAG.findall(html) if not closing)
    return next((n for n, _ in counts.most_common() if n not in _KEEP and n not in _VOID), None)
