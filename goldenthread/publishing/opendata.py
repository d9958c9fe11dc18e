"""Open data: a published period as CSV and JSON, and every organisation's latest published
period as one CSV, written a row at a time. Columns: snapshot.COLUMNS."""

import csv
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from goldenthread.publishing.snapshot import COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBERS = {"value", "target", "version"}


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading quote. Numbers are left be:
    they are written by us, never typed by anyone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow(
            [row[name] if name in NUMBERS else neutralise(row[name]) for name in COLUMNS]
        )


def csv_text(rows: Iterable[dict]) -> str:
    return "".join(csv_lines(rows))


def json_document(data: dict, *, schema_url: str, csv_url: str) -> str:
    """The period as JSON: about the publication, then its rows with numbers as numbers."""
    rows = [
        {
            name: (Decimal(row[name]) if name in ("value", "target") and row[name] else row[name])
            for name in COLUMNS
        }
        for row in data["indicators"]
    ]
    document = {
        "$schema": schema_url,
        "organisation": data["organisation"],
        "period": data["period"],
        "version": data["version"],
        "published_at": data["published_at"],
        "correction_note": data["correction_note"],
        "csv": csv_url,
        "indicators": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=_number)


def _number(value: object) -> float | int:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
