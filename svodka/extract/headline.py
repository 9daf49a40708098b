"""Which line of a text dump is the page's headline: a logistic regression over each candidate
line's shape, place and words (the features are `extract.dump.title_features`), trained on the
innerText and lynx dumps of DAnIEL's Russian pages, whose gold text opens with the headline, and of
AEB's English ones, by their og:title (`python -m eval.titles --train --write`; weights in
svodka/data/headline.json)."""
from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

WEIGHTS = Path(__file__).parent.parent / "data" / "headline.json"


@cache
def _model(names: tuple[str, ...]) -> tuple[tuple[float, ...], float]:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if tuple(data["features"]) != names:
        raise RuntimeError(f"{WEIGHTS}: its weights are for other features; retrain them with "
                           "`python -m eval.titles --train --write`")
    return tuple(data["weights"]), float(data["intercept"])


def probability(names: tuple[str, ...], row: tuple[float, ...]) -> float:
    """The model's probability that the line of these features (named ``names``) is the headline."""
    weights, intercept = _model(names)
    z = intercept + sum(w * x for w, x in zip(weights, row))
    return 1 / (1 + math.exp(-z))
