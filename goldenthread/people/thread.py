"""Appraisal objectives on the golden thread: an objective shows how many individual
objectives hang from it (directly, or through an indicator or action), never what they say."""

from django.urls import reverse

from goldenthread.people.selectors import appraisal_objective_counts
from goldenthread.strategy.thread import ThreadItem


def appraisal_objectives_on_thread(objective_ids: list[int]) -> dict[int, list[ThreadItem]]:
    found: dict[int, list[ThreadItem]] = {}
    for objective_id, (direct, indirect) in appraisal_objective_counts(objective_ids).items():
        items = found.setdefault(objective_id, [])
        url = reverse("people:objective_counts", args=[objective_id])
        if direct:
            items.append(
                ThreadItem(
                    kind="Appraisal objectives",
                    title=f"{direct} individual objective{'s' if direct != 1 else ''}",
                    url=url,
                    link_kind="direct",
                )
            )
        if indirect:
            items.append(
                ThreadItem(
                    kind="Appraisal objectives",
                    title=f"{indirect} through its indicators and actions",
                    url=url,
                    link_kind="contributory",
                )
            )
    return found
