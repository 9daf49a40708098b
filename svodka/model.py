"""The nouns of svodka: frozen values that flow one way through the stages.

Every annotation is a half-open ``[start, stop)`` span into the text it came from;
every claim in a brief carries the ids of the articles that support it.
"""
from __future__ import annotations

from dataclasses import dataclass, field


DEFAULT_LANGUAGE = "ru"  # a Doc's language when its Article has none (svodka reads Russian first)


@dataclass(frozen=True, slots=True)
class Page:
    """One raw input item, before extraction."""

    id: str
    source: str  # path, path:line for JSONL, or URL
    raw: str
    kind: str  # "text" | "html"
    url: str | None = None
    published: str | None = None  # ISO date or datetime when the input states it
    site: str | None = None
    title: str | None = None
    language: str | None = None  # ISO 639-1 code when the input states it ("ru"); else detected
    # what makes a record the same record again: its JSONL/API id, else its URL, else its file path
    identity: str | None = None
    notes: tuple[str, ...] = ()  # repairs made while reading it (bytes dropped, a field left out)


@dataclass(frozen=True, slots=True)
class LineDecision:
    """Why one line of a text dump was kept or dropped (for --explain and tests)."""

    number: int  # 1-based line number in the raw page
    text: str
    label: str  # title | lead | body | category | boilerplate | blank
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A clean article: what a reader would copy from the page."""

    id: str
    source: str
    title: str
    paragraphs: tuple[str, ...]
    language: str | None = None
    site: str | None = None
    category: str | None = None
    published: str | None = None
    url: str | None = None
    duplicate_of: str | None = None
    removed: tuple[str, ...] = ()  # lines of a text dump judged boilerplate (shown on request)
    author: str | None = None
    topic: str | None = None  # one of svodka.classify.TOPICS
    is_news: bool | None = None  # False for ads, horoscopes, recipes, listings (svodka.classify)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    stop: int


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    stop: int
    text: str
    type: str  # PER | ORG | LOC
    normal: str
    kind: str = "name"  # "role": a named person's role standing for them ("глава МИДа"), normal their name


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    stop: int
    text: str
    value: str  # "YYYY-MM-DD" or "YYYY-MM"; "XXXX-..." while the year is unknown
    confidence: float
    end: str | None = None  # last day of a range ("9 и 10 января")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # span of the quoted words, without the quote marks
    stop: int
    text: str
    speaker: str | None
    verb: str | None
    attribution: str | None = None  # no speaker named: the verb and who it says spoke ("сообщили в штабе")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    stop: int
    text: str


@dataclass(frozen=True, slots=True)
class Doc:
    """An article with everything svodka understood of it; spans index ``article.text``."""

    article: Article
    language: str
    sentences: tuple[Sentence, ...]
    lemmas: tuple[str, ...]  # content-word lemmas of title + text, in order
    title_lemmas: tuple[str, ...]
    entities: tuple[Entity, ...]
    dates: tuple[DateMention, ...]
    quotes: tuple[Quote, ...]
    anchor_date: str | None = None  # the date relative expressions were resolved against
    anchor_inferred: bool = False  # True when the anchor came from the text, not the page
    title_entities: tuple[Entity, ...] = ()  # spans index ``article.title``
    named_after: tuple[Entity, ...] = ()  # people inside other names ("института имени Пушкина")
    title_dates: tuple[DateMention, ...] = ()  # spans index ``article.title``

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def written(self) -> str | None:
        """An undated page's writing day as its text shows it (that day or later, `infer_anchor`);
        None for a page that states its own date."""
        return self.anchor_date if self.anchor_inferred and not self.article.published else None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    story_id: str
    title: str
    date: str | None
    articles: tuple[str, ...]
    cut_from: str | None = None  # the event the clusterer built, when this one was cut off it (svodka.cluster.split)


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    events: tuple[Event, ...]
    # a story none of whose events has a date: the days its articles' texts show them written on
    # or after (`Doc.written` once the story's year places their days), earliest first
    written: tuple[str, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(a for e in self.events for a in e.articles)

    @property
    def date_from_text(self) -> str | None:
        """An undated story's day as its texts tell it: the earliest day one was written on or after."""
        return self.written[0] if self.written else None

    @property
    def latest_day(self) -> str | None:
        """The latest event date or, for an undated story, the latest day its texts show."""
        days = [e.date for e in self.events if e.date]
        return max(days) if days else self.written[-1] if self.written else None


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    start: int
    stop: int
    field: str = "text"  # what start and stop index: the article's "text", or its "title" (a headline's)


@dataclass(frozen=True, slots=True)
class SummaryItem:
    text: str
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: str
    text: str
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    planned: bool = False  # its reports tell it as a plan or a promise ("пройдёт", "может вступить в силу"), not as done


@dataclass(frozen=True, slots=True)
class QuoteItem:
    speaker: str | None
    text: str
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    verb: str | None = None
    direct: bool = True  # False for reported speech ("по словам министра, …")
    attribution: str | None = None  # no speaker named: who the reports say spoke ("по словам инсайдера")


@dataclass(frozen=True, slots=True)
class EntityCount:
    name: str
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    site: str | None
    title: str
    published: str | None
    duplicate_of: str | None = None
    written: str | None = None  # an undated article's text shows it written on this day or later (infer_anchor)


@dataclass(frozen=True, slots=True)
class Side:
    value: str
    sources: tuple[str, ...]
    text: str  # how the first of these sources words it


@dataclass(frozen=True, slots=True)
class Difference:
    event: str | None
    claim: str
    sides: tuple[Side, ...]


@dataclass(frozen=True, slots=True)
class Brief:
    story_id: str
    headline: str
    summary: tuple[SummaryItem, ...]
    timeline: tuple[TimelineItem, ...]
    quotes: tuple[QuoteItem, ...]
    entities: tuple[EntityCount, ...]
    sources: tuple[Source, ...] = field(default_factory=tuple)
    differences: tuple[Difference, ...] = ()
    topic: str | None = None  # the topic most of its articles have (svodka.classify)
    event_days: tuple[tuple[str, str], ...] = ()  # (event id, day) of undated events a timeline line dates
