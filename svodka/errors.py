"""Errors that say what to do next. Converted to a one-line message once, at the edge."""
from __future__ import annotations


class SvodkaError(Exception):
    """Base for errors a user can act on."""


class Rejected(SvodkaError):
    """An input item svodka will not process, and why.

    ``reason`` is a short stable code (counted in run summaries); ``detail`` says what was
    seen and what to do about it.
    """

    def __init__(self, source: str, reason: str, detail: str, count: int = 1) -> None:
        super().__init__(f"{source}: {reason}: {detail}")
        self.source = source
        self.reason = reason
        self.detail = detail
        self.count = count  # items it stands for (the records of an archive that are no pages, on one line)


class NotFound(SvodkaError):
    """A story or article id that the store does not hold."""


class NothingProcessed(SvodkaError):
    """A run in which no page could be processed."""
