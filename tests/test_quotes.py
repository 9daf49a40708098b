"""Quote spans and speakers on the |-marked gold in tests/data/quotes.txt (41 quotes, ru + en)."""
from eval.quotes import evaluate, load


def test_gold_has_enough_quotes_of_every_form():
    examples = load()
    assert sum(len(spans) for _, spans, _ in examples) >= 40
    texts = " ".join(t for t, _, _ in examples)
    for form in ("», —", "заявил: «", "По словам", "что", '" ', "„", "“", "According to", "said"):
        assert form in texts, form


def test_quote_span_f1_and_speaker_accuracy():
    res = evaluate(load())
    assert res["f1"] >= 0.90, res["errors"]
    assert res["speaker_accuracy"] >= 0.90, res["errors"]
