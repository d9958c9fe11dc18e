"""Actions hang on the golden thread: an objective shows the actions that deliver it."""

from goldenthread.delivery.models import ActionObjective
from goldenthread.delivery.tests.factories import days, make_action
from goldenthread.strategy.models import Objective
from goldenthread.strategy.selectors import golden_thread_for_objective
from goldenthread.strategy.thread import items_for


def test_an_objective_shows_its_actions_with_their_derived_status(council):
    objective = Objective.objects.get(organisation=council, code="CP-SAF-1")
    lagging = make_action(council, "T-THR", title="Hostel replacement", progress=5)
    ActionObjective.objects.create(action=lagging, objective=objective, kind="contributory")
    items = [i for i in items_for([objective.pk])[objective.pk] if i.kind == "Action"]
    mine = next(item for item in items if item.title == "T-THR Hostel replacement")
    assert (mine.status, mine.status_class, mine.link_kind) == (
        "Off track",
        "gt-rag--red",
        "contributory",
    )
    assert mine.url == lagging.get_absolute_url()


def test_the_thread_page_shows_actions_below_the_objective(council, signed_in):
    objective = Objective.objects.get(organisation=council, code="CP-SAF-1")
    done = make_action(council, "T-THR", title="Landlord forum", manual_status="complete")
    ActionObjective.objects.create(action=done, objective=objective)
    tree = golden_thread_for_objective(objective)
    shown = [item for node in tree.walk() for item in node.items if item.kind == "Action"]
    assert any(i.title == "T-THR Landlord forum" and i.status == "Complete" for i in shown)
    page = signed_in("cllr.leader").get(objective.get_thread_url())
    assert page.status_code == 200
    assert "T-THR Landlord forum" in page.content.decode()


def test_actions_not_linked_stay_off_the_thread(council):
    objective = Objective.objects.get(organisation=council, code="CP-SAF-1")
    make_action(council, "T-OFF", title="Unlinked", start_date=days(-1))
    titles = [i.title for i in items_for([objective.pk]).get(objective.pk, [])]
    assert "T-OFF Unlinked" not in titles
