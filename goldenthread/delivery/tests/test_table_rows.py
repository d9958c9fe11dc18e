"""The action table's rows are made in Python, not by a tag, a link and two date filters per
row in the template (a council's action list has a hundred rows or more), and show exactly
what the template showed: the row markup as it was is kept here and compared with the
pages that include the table."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from goldenthread.delivery.tests.factories import days, make_action

ROWS_AS_THEY_WERE = Path(__file__).parent / "action_rows_as_they_were.html"


def _shown_rows(html: str, caption: str = "Actions matching the filters") -> list[str]:
    table = html.split(f"{caption}</caption>")[1]
    body = table.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [
        '<tr class="govuk-table__row">' + row
        for row in body.split('<tr class="govuk-table__row">')[1:]
    ]


@pytest.mark.parametrize(
    ("username", "page", "caption", "key"),
    [
        ("performance.lead", "delivery:action_list", "Actions matching the filters", "rows"),
        ("officer.estates", "delivery:my_actions", "Actions you lead", "actions"),
    ],
)
def test_the_rows_show_what_the_template_showed(council, signed_in, username, page, caption, key):  # type: ignore[no-untyped-def]
    make_action(
        council,
        "ZZ-1",
        title="Fish & <chips>",
        lead="officer.estates",
        unit="Estate Management",
        original_due_date=days(10),
        due_date=days(40),
    )
    make_action(council, "ZZ-2", lead="officer.estates", progress=100, manual_status="complete")
    response = signed_in(username).get(reverse(page))
    assert response.status_code == 200
    rows = response.context[key]
    shown = _shown_rows(response.content.decode(), caption)
    assert len(shown) == len(rows) > 1
    template = Template(ROWS_AS_THEY_WERE.read_text())
    for row, html in zip(rows, shown, strict=True):
        was = template.render(Context({"rows": [row]}))
        assert html.strip() == was.strip()
    assert "Fish &amp; &lt;chips&gt;" in response.content.decode()


def test_an_action_without_a_lead_or_unit(council, signed_in):  # type: ignore[no-untyped-def]
    action = make_action(council, "ZZ-3", title="Nobody's", due_date=days(5))
    action.lead = None
    action.org_unit = None
    action.save()
    response = signed_in("performance.lead").get(reverse("delivery:action_list"), {"q": "ZZ-3"})
    row = _shown_rows(response.content.decode())[0]
    assert "Nobody&#x27;s</a></th>" in row
    assert '<td class="govuk-table__cell">No lead officer</td>' in row


def test_no_actions_says_so(council, signed_in):  # type: ignore[no-untyped-def]
    response = signed_in("performance.lead").get(
        reverse("delivery:action_list"), {"q": "no-such-action"}
    )
    assert (
        '<td class="govuk-table__cell" colspan="5">No actions match.</td>'
        in response.content.decode()
    )
