"""Risks on the golden thread: each objective shows the open risks and opportunities that
affect it, with their residual score band."""

from goldenthread.risks.models import Risk, RiskObjective
from goldenthread.risks.selectors import score_bands_for, scored
from goldenthread.strategy.thread import ThreadItem

# The thread shows statuses with the RAG classes (shape and text as well as colour).
TONE_CLASSES = {
    "green": "gt-rag--green",
    "yellow": "gt-rag--amber",
    "orange": "gt-rag--amber",
    "red": "gt-rag--red",
}


def risks_on_thread(objective_ids: list[int]) -> dict[int, list[ThreadItem]]:
    links = list(
        RiskObjective.objects.filter(
            objective_id__in=objective_ids, risk__status=Risk.Status.OPEN
        ).select_related("risk__organisation")
    )
    if not links:
        return {}
    bands = score_bands_for(links[0].risk.organisation)
    found: dict[int, list[ThreadItem]] = {}
    for link in sorted(links, key=lambda link: link.risk.reference):
        risk = link.risk
        residual = scored(risk.residual_score, bands)
        found.setdefault(link.objective_id, []).append(
            ThreadItem(
                kind=risk.get_kind_display(),
                title=f"{risk.reference} {risk.title}",
                url=risk.get_absolute_url(),
                link_kind=link.kind,
                status=f"{residual.band.name} {residual.score}",
                status_class=TONE_CLASSES[residual.tone],
            )
        )
    return found
