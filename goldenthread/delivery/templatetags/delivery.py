"""The action status tag, the same on every page (its label in a GOV.UK tag), and the rows of
the action table, made in Python: a council's action list has a hundred rows or more, and
a tag, a link and two dates a row through the template cost more than the rest of the page."""

from collections.abc import Iterable
from datetime import date

from django import template
from django.utils import dateformat
from django.utils.safestring import SafeString

from goldenthread.calculations.delivery import ActionStatus
from goldenthread.cells import text
from goldenthread.delivery.selectors import STATUS_TAGS, ActionRow
from goldenthread.links import url_by_pk

register = template.Library()


def _label_and_css(status: object) -> tuple[str, str]:
    try:
        found = ActionStatus(str(status))
    except ValueError:
        return "Not known", "govuk-tag--grey"
    return found.label, STATUS_TAGS[found]


@register.inclusion_tag("delivery/partials/status_tag.html")
def action_status_tag(status: object) -> dict:
    label, css = _label_and_css(status)
    return {"label": label, "css": css}


def _day(day: date) -> str:
    return dateformat.format(day, "j M Y")  # as {{ day|date:"j M Y" }}


def _row(row: ActionRow, action_url: str) -> str:
    action = row.action
    unit = (
        f'<br><span class="govuk-body-s">{text(action.org_unit)}</span>' if action.org_unit else ""
    )
    due = _day(action.due_date) if action.due_date else ""
    if action.original_due_date:
        due += f'<br><span class="govuk-body-s">originally {_day(action.original_due_date)}</span>'
    label, css = _label_and_css(row.status)
    return (
        '\n  <tr class="govuk-table__row">'
        '\n    <th scope="row" class="govuk-table__header">'
        f'<a class="govuk-link" href="{action_url}">'
        f"{text(action.code)} {text(action.title)}</a>{unit}</th>"
        f'\n    <td class="govuk-table__cell">{text(action.lead or "No lead officer")}</td>'
        f'\n    <td class="govuk-table__cell">{due}</td>'
        f'\n    <td class="govuk-table__cell govuk-table__cell--numeric">{action.progress}%</td>'
        '\n    <td class="govuk-table__cell">'
        f'<strong class="govuk-tag {css}">{text(label)}</strong></td>'
        "\n  </tr>"
    )


@register.simple_tag
def action_table_rows(rows: Iterable[ActionRow]) -> SafeString:
    """The table's rows for the actions, each as the partial showed it row by row."""
    action_url = url_by_pk("delivery:action_detail")
    return SafeString("".join(_row(row, action_url(row.action.pk)) for row in rows))  # nosec B703  # each value escaped by text()
