"""Quote spans and speakers on the |-marked gold in tests/data/quotes.txt (46 quotes, ru + en)."""
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


def test_titles_of_works_and_sources_across_a_sentence_end_are_no_quotes():
    from svodka.enrich import enrich
    from svodka.model import Article

    doc = enrich(Article(id="w", source="w", title="Esther Williams dies at 91", language="en", paragraphs=(
        'Esther Williams: "Million Dollar Mermaid" swimmer and actress dies aged 91.',
        "Williams, 91, passed away early Thursday in her sleep, according to her publicist.",
        "Throughout WWII, she was a popular pinup for GIs, and her wit kept her popular afterwards.",
        "According to U.S. officials, the studio archive will open next year.",
        "According to Dr. Harlan Boll, her family was with her.")))
    got = [(q.text, q.speaker) for q in doc.quotes]
    assert not [t for t, _ in got if "Million Dollar" in t or "pinup" in t]
    assert [t for t, _ in got] == ["the studio archive will open next year.", "her family was with her."]
    assert got[1][1] == "Harlan Boll"
