"""Actions on the golden thread: each objective shows the actions that deliver it, with their
derived status."""

from django.db.models import Prefetch
from django.utils import timezone

from goldenthread.calculations.delivery import ActionStatus
from goldenthread.delivery.models import ActionObjective, Milestone
from goldenthread.strategy.thread import ThreadItem

# The thread shows statuses with the RAG styles: a shape and the label, never colour alone.
THREAD_CLASSES = {
    ActionStatus.ON_TRACK: "gt-rag--green",
    ActionStatus.COMPLETE: "gt-rag--green",
    ActionStatus.AT_RISK: "gt-rag--amber",
    ActionStatus.OFF_TRACK: "gt-rag--red",
    ActionStatus.OVERDUE: "gt-rag--red",
}


def actions_on_thread(objective_ids: list[int]) -> dict[int, list[ThreadItem]]:
    links = ActionObjective.objects.filter(objective_id__in=objective_ids).select_related("action")
    links = links.prefetch_related(Prefetch("action__milestones", queryset=Milestone.objects.all()))
    today = timezone.localdate()
    found: dict[int, list[ThreadItem]] = {}
    for link in links.order_by("action__code"):
        action = link.action
        status = action.status_on(today)
        found.setdefault(link.objective_id, []).append(
            ThreadItem(
                kind="Action",
                title=f"{action.code} {action.title}",
                url=action.get_absolute_url(),
                link_kind=link.kind,
                status=status.label,
                status_class=THREAD_CLASSES.get(status, "gt-rag--not-assessed"),
            )
        )
    return found
