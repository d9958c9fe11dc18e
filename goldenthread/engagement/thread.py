"""Needs assessment evidence on the golden thread: each objective shows the sources that
informed it."""

from goldenthread.engagement.models import EvidenceObjective
from goldenthread.strategy.thread import ThreadItem


def evidence_on_thread(objective_ids: list[int]) -> dict[int, list[ThreadItem]]:
    links = EvidenceObjective.objects.filter(objective_id__in=objective_ids).select_related(
        "evidence"
    )
    found: dict[int, list[ThreadItem]] = {}
    for link in links.order_by("evidence__title"):
        evidence = link.evidence
        found.setdefault(link.objective_id, []).append(
            ThreadItem(
                kind="Evidence",
                title=evidence.title,
                url=evidence.get_absolute_url(),
                link_kind=link.kind,
                status=evidence.get_kind_display(),
            )
        )
    return found
