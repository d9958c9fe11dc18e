from goldenthread.people.models import AppraisalObjective
from goldenthread.strategy.thread import items_for


def test_objective_shows_the_count_never_the_content(council, sams_appraisal, signed_in):
    linked = sams_appraisal.objectives.filter(objective__isnull=False).first()
    objective = linked.objective
    direct = AppraisalObjective.objects.filter(objective=objective).count()
    items = [i for i in items_for([objective.pk])[objective.pk] if i.kind == "Appraisal objectives"]
    assert items[0].title == f"{direct} individual objective{'s' if direct != 1 else ''}"
    page = signed_in("cllr.leader").get(objective.get_absolute_url()).content.decode()
    assert f"{direct} individual objective" in page
    assert linked.title not in page


def test_indicator_and_action_links_count_towards_their_objectives(council):
    via_indicator = (
        AppraisalObjective.objects.filter(indicator__objective_links__isnull=False)
        .select_related("indicator")
        .first()
    )
    assert via_indicator is not None
    measured = via_indicator.indicator.objective_links.first()
    items = items_for([measured.objective_id]).get(measured.objective_id, [])
    assert any(i.title.endswith("through its indicators and actions") for i in items)
