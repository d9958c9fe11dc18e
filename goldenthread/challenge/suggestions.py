"""What a clinic or scrutiny meeting might challenge, suggested from every area of the
framework through one registry.

Each app that has something worth challenging registers a *source* in its
AppConfig.ready()::

    from goldenthread.challenge.suggestions import register_source
    register_source("budget", budget_variances)

A source takes the organisation and the day and returns `Suggestion`s. Indicators (red or
declining), actions (off track or overdue) and risks (above appetite) are registered by the
challenge app itself; a finance app registers its budget variances the same way.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.delivery import ActionStatus
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.trend import Direction
from goldenthread.delivery.selectors import action_rows, actions_for_organisation
from goldenthread.indicators.selectors import (
    indicators_for_organisation,
    performance_for,
    period_latest_ended,
)
from goldenthread.risks.selectors import RiskFilters, risks_filtered


@dataclass(frozen=True)
class Suggestion:
    source: str  # what it is: "indicator", "action", "risk", "budget"...
    key: str  # unique across sources, such as "indicator:12"; kept on the chosen item
    title: str
    reason: str  # why it is suggested, in words
    url: str
    unit_id: int | None  # the responsible unit, so a clinic on one service sees its own


Source = Callable[[Organisation, date], Iterable[Suggestion]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    _sources.setdefault(name, source)


def source_names() -> list[str]:
    return list(_sources)


def suggestions_for(
    organisation: Organisation, today: date, *, unit_ids: set[int] | None = None
) -> list[Suggestion]:
    """Every registered source's suggestions, in registration order; within `unit_ids` when
    given (suggestions with no unit are kept, as they concern the whole council)."""
    found = []
    for source in _sources.values():
        for suggestion in source(organisation, today):
            if unit_ids is None or suggestion.unit_id is None or suggestion.unit_id in unit_ids:
                found.append(suggestion)
    return found


# The sources registered by this app ---------------------------------------------------------


def red_or_declining_indicators(organisation: Organisation, today: date) -> list[Suggestion]:
    """Indicators red in the latest quarter reported, or getting worse since the period
    before; judged on approved values, as the clinic papers are."""
    period = period_latest_ended(organisation, "quarterly", today)
    if period is None:
        return []
    indicators = list(indicators_for_organisation(organisation).filter(is_qualitative=False))
    found = []
    performances = performance_for(indicators, period)
    for indicator in indicators:
        performance = performances[indicator.pk]
        reasons = []
        if performance.rag == RagStatus.RED:
            reasons.append(f"red in {period.label}")
        if performance.since_previous == Direction.DECLINING:
            reasons.append("declining since the previous period")
        if reasons:
            found.append(
                Suggestion(
                    source="indicator",
                    key=f"indicator:{indicator.pk}",
                    title=f"{indicator.code} {indicator.title}",
                    reason="Indicator " + " and ".join(reasons),
                    url=indicator.get_absolute_url(),
                    unit_id=indicator.org_unit_id,
                )
            )
    return found


def off_track_actions(organisation: Organisation, today: date) -> list[Suggestion]:
    wanted = {ActionStatus.OFF_TRACK, ActionStatus.OVERDUE}
    return [
        Suggestion(
            source="action",
            key=f"action:{row.action.pk}",
            title=f"{row.action.code} {row.action.title}",
            reason=f"Action {row.status.label.lower()}",
            url=row.action.get_absolute_url(),
            unit_id=row.action.org_unit_id,
        )
        for row in action_rows(actions_for_organisation(organisation), today)
        if row.status in wanted
    ]


def risks_above_appetite(organisation: Organisation, today: date) -> list[Suggestion]:
    return [
        Suggestion(
            source="risk",
            key=f"risk:{row.risk.pk}",
            title=f"{row.risk.reference} {row.risk.title}",
            reason=f"Risk above appetite: residual score {row.residual}",
            url=row.risk.get_absolute_url(),
            unit_id=row.risk.org_unit_id,
        )
        for row in risks_filtered(organisation, RiskFilters(above_appetite=True))
    ]
