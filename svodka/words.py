"""Words a person reads next to a number."""
from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """'1 event', '2 events': a count with its noun agreeing."""
    return f"{n} {noun}" + ("" if n == 1 else "s")
