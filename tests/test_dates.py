"""Date resolution on the table in tests/data/dates.tsv (71 expressions, Russian and English)."""
from datetime import date
from pathlib import Path

from svodka.enrich.dates import resolve_dates

TABLE = Path(__file__).parent / "data" / "dates.tsv"


def rows():
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, anchor, hint, expected = (line.split("\t") + [""])[:4]
        yield (text, date.fromisoformat(anchor) if anchor != "-" else None, int(hint) if hint != "-" else None,
               [tuple(x.strip().split("=")) for x in expected.split(" ; ") if x.strip()])


def test_date_table_accuracy():
    table = list(rows())
    assert len(table) >= 60
    wrong = []
    for text, anchor, hint, expected in table:
        got = [(m.text, m.value) for m in resolve_dates(text, anchor, hint)]
        if got != expected:
            wrong.append(f"{text!r}: got {got}, want {expected}")
    accuracy = 1 - len(wrong) / len(table)
    assert accuracy >= 0.95, "\n".join(wrong)


def test_range_keeps_its_last_day():
    [m] = resolve_dates("9 и 10 января 2022 года прошли переговоры.")
    assert (m.value, m.end) == ("2022-01-09", "2022-01-10")
