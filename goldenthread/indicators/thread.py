"""Indicators on the golden thread: each objective shows the indicators that measure it,
with their latest RAG status."""

from goldenthread.indicators.models import IndicatorObjective
from goldenthread.strategy.thread import ThreadItem

RAG_LABELS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "no_data": "No data",
    "no_target": "No target",
    "not_assessed": "Not assessed",
}


def indicators_on_thread(objective_ids: list[int]) -> dict[int, list[ThreadItem]]:
    from goldenthread.indicators.selectors import performance_for, period_latest_ended

    links = list(
        IndicatorObjective.objects.filter(
            objective_id__in=objective_ids, indicator__is_active=True
        ).select_related("indicator__organisation")
    )
    if not links:
        return {}
    organisation = links[0].indicator.organisation
    period = period_latest_ended(organisation)
    indicators = {link.indicator_id: link.indicator for link in links}
    performance = performance_for(indicators.values(), period) if period else {}
    found: dict[int, list[ThreadItem]] = {}
    for link in links:
        indicator = link.indicator
        status = performance[indicator.pk].rag.value if indicator.pk in performance else "no_data"
        found.setdefault(link.objective_id, []).append(
            ThreadItem(
                kind="Indicator",
                title=f"{indicator.code} {indicator.title}",
                url=indicator.get_absolute_url(),
                link_kind=link.kind,
                status=RAG_LABELS[status],
                status_class=f"gt-rag--{status.replace('_', '-')}",
            )
        )
    return found
