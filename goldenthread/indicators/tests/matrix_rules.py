"""Who may use the returns spreadsheet pages: the indicators app's part of the permission
matrix (goldenthread/tests/test_permission_matrix.py); its other pages are core rules there."""

from typing import Any

from goldenthread.tests.matrix import EITHER, Rule, Samples, members

RULES: dict[str, Rule] = {
    # Each person downloads and uploads their own returns: a person with none gets an empty
    # workbook, and an upload saves only what they may enter.
    "indicators:returns_spreadsheet": Rule(members()),
    "indicators:returns_download": Rule(
        members(other=EITHER), extra={"kind": "xlsx"}, query="period={period_label}"
    ),
}


def _period_label(samples: Samples) -> Any:
    return samples.indicator_return.period.label


SAMPLES = {"period_label": _period_label}
