"""svodka: raw news pages in; clean articles, events, stories and cited briefs out."""

__version__ = "0.3.2"
