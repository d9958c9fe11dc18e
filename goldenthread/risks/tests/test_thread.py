"""Risks on the golden thread: objectives show their open risks with the residual band."""

from django.urls import reverse

from goldenthread.risks.models import Risk, RiskObjective
from goldenthread.risks.thread import risks_on_thread
from goldenthread.strategy.models import Objective
from goldenthread.strategy.thread import items_for


def test_an_objective_lists_its_open_risks_with_their_band(council):
    homelessness = Objective.objects.get(organisation=council, code="CP-SAF-1")
    items = risks_on_thread([homelessness.pk])[homelessness.pk]
    linked = Risk.objects.filter(objective_links__objective=homelessness, status="open")
    assert sorted(item.title for item in items) == sorted(
        f"{r.reference} {r.title}" for r in linked
    )
    damp = next(item for item in items if item.title.startswith("DNS-03"))
    assert (damp.kind, damp.status, damp.status_class) == ("Risk", "Medium 12", "gt-rag--amber")
    assert damp.url == Risk.objects.get(reference="DNS-03").get_absolute_url()
    solar = risks_on_thread([Objective.objects.get(code="CP-ENV-1").pk])
    assert any(item.kind == "Opportunity" for items in solar.values() for item in items)


def test_closed_risks_leave_the_thread(council):
    depot_links = RiskObjective.objects.filter(risk__status="closed")
    ids = list(depot_links.values_list("objective_id", flat=True))
    closed = set(depot_links.values_list("risk__reference", flat=True))
    shown = {item.title.split()[0] for items in items_for(ids).values() for item in items}
    assert closed and not closed & shown


def test_the_thread_page_shows_them(council, signed_in):
    homelessness = Objective.objects.get(organisation=council, code="CP-SAF-1")
    html = (
        signed_in("officer.estates")
        .get(reverse("strategy:objective_thread", args=[homelessness.pk]))
        .content.decode()
    )
    assert "DNS-03 Damp and mould in council homes" in html
    assert "Medium 12" in html
