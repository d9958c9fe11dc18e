"""The indicator list's rows are made in Python, not by tags and filters in the template
(issue #9: hundreds of rows), and show exactly what the template showed: the row markup as
it was is kept here and compared with the page. An indicator with no values at all, which
the template could not show (it formatted an empty string as a number), shows "No data"."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from goldenthread.indicators.tests.factories import make_indicator

ROWS_AS_THEY_WERE = Path(__file__).parent / "list_rows_as_they_were.html"


def _flat(html: str) -> str:
    return "".join(line.strip() for line in html.splitlines())


@pytest.mark.parametrize("query", [{"period": "2025-Q2"}, {"period": "2024-Q4", "rag": "red"}])
def test_the_rows_show_what_the_template_showed(council, signed_in, query):  # type: ignore[no-untyped-def]
    response = signed_in("performance.lead").get(reverse("indicators:indicator_list"), query)
    assert response.status_code == 200
    rows = response.context["rows"]
    body = _flat(response.content.decode().split('<tbody class="govuk-table__body">')[1])
    shown = body.split("</tbody>")[0].split('<tr class="govuk-table__row">')[1:]
    assert len(shown) == len(rows) > 0
    template = Template(ROWS_AS_THEY_WERE.read_text())
    compared = 0
    for row, html in zip(rows, shown, strict=True):
        if row.current is None and not row.indicator.is_qualitative:
            continue  # the template failed on these (below)
        was = _flat(template.render(Context({"rows": [row]})))
        assert '<tr class="govuk-table__row">' + html == was
        compared += 1
    assert compared > 0


def test_an_indicator_with_no_values_shows_no_data(council, signed_in):  # type: ignore[no-untyped-def]
    make_indicator(council, code="ZZ-NEW", title="Not yet reported")
    response = signed_in("performance.lead").get(
        reverse("indicators:indicator_list"), {"period": "2025-Q2", "q": "ZZ-NEW"}
    )
    assert response.status_code == 200
    row = _flat(response.content.decode()).split("ZZ-NEW Not yet reported</a>")[1]
    assert row.startswith(
        '</td><td class="govuk-table__cell">None</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">No data</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric"></td>'
    )
