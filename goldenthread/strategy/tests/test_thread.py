from xml.etree import ElementTree

from goldenthread.strategy import diagrams, thread
from goldenthread.strategy.models import Objective
from goldenthread.strategy.selectors import golden_thread_for_objective


def chain_to(root: thread.ThreadNode, title: str) -> list[thread.ThreadNode]:
    """The nodes from the root down to the first node with this title."""
    if root.title == title:
        return [root]
    for child in root.children:
        found = chain_to(child, title)
        if found:
            return [root, *found]
    return []


class TestGoldenThread:
    def test_the_homelessness_cascade_shows_all_four_levels_under_the_vision(self, db):
        work = Objective.objects.get(title__startswith="Collect keys")
        root = golden_thread_for_objective(work)
        chain = chain_to(root, work.title)
        assert [node.level_label for node in chain] == [
            "Vision",
            "Council Plan",
            "Theme",
            "Council Plan objective",
            "Service plan target",
            "Team target",
            "Individual work plan",
        ]
        assert [node.title for node in chain][3:6] == [
            "Zero homelessness",
            "100% of homeless households offered accommodation within 21 days",
            "100% of houses available for re-let within 28 days",
        ]
        assert chain[-1].is_current and not any(node.is_current for node in chain[:-1])

    def test_above_the_objective_only_its_ancestors_show_and_below_it_everything(self, db):
        zero = Objective.objects.get(title="Zero homelessness")
        root = golden_thread_for_objective(zero)
        titles = {node.title for node in root.walk()}
        assert {
            "Prevent homelessness through early advice",
            "100% of houses available for re-let within 28 days",
        } <= titles
        assert "Clean streets and open spaces" not in titles  # a sibling in another theme
        service = Objective.objects.get(title__startswith="100% of homeless households")
        titles = {node.title for node in golden_thread_for_objective(service).walk()}
        assert (
            "Prevent homelessness through early advice" not in titles
        )  # a sibling, not an ancestor

    def test_an_objective_contributing_to_two_objectives_appears_under_both(self, db):
        new_deal = Objective.objects.get(title__startswith="Increase job success")
        attainment = Objective.objects.get(title="Raise attainment at 16")
        new_deal.links_up.create(parent=attainment, kind="contributory")
        root = golden_thread_for_objective(new_deal)
        current = [node for node in root.walk() if node.is_current]
        assert len(current) == 2
        assert {node.link_kind for node in current} == {"contributory"}

    def test_the_query_count_does_not_grow_with_the_thread(self, db):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        zero = Objective.objects.get(title="Zero homelessness")

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                golden_thread_for_objective(zero)
            return len(captured)

        queries()  # warms caches that are filled once a process, such as content types
        before = queries()
        team_plan = Objective.objects.get(title__startswith="100% of houses available").plan
        for number in range(10):
            extra = Objective.objects.create(
                organisation=zero.organisation, plan=team_plan, title=f"Extra target {number}"
            )
            extra.links_up.create(parent=zero, kind="direct")
        assert queries() == before

    def test_other_apps_hang_items_on_the_thread_through_the_registry(self, db):
        zero = Objective.objects.get(title="Zero homelessness")

        def contributor(objective_ids: list[int]) -> dict[int, list[thread.ThreadItem]]:
            return {zero.pk: [thread.ThreadItem("Indicator", "Households in B&B", "/x/", "direct")]}

        thread.register_contributor(contributor)
        try:
            node = chain_to(golden_thread_for_objective(zero), "Zero homelessness")[-1]
            assert "Households in B&B" in [item.title for item in node.items]
        finally:
            thread._contributors.remove(contributor)


class TestThreadDiagram:
    def test_the_svg_is_well_formed_labelled_and_marks_contributory_links(self, db):
        new_deal = Objective.objects.get(title__startswith="Increase job success")
        svg = diagrams.thread_svg(golden_thread_for_objective(new_deal), title="Thread & <test>")
        tree = ElementTree.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        assert tree.get("role") == "img"
        assert tree.find(f"{ns}title").text == "Thread & <test>"
        texts = " ".join(element.text or "" for element in tree.iter(f"{ns}text"))
        assert "Keep unemployment below the" in texts
        assert "contributory" in texts
        dashed = [path for path in tree.iter(f"{ns}path") if path.get("stroke-dasharray")]
        assert len(dashed) == 1

    def test_long_titles_are_cut_to_three_lines(self):
        node = thread.ThreadNode(kind="objective", level_label="Objective", title="word " * 60)
        lines = diagrams._label_lines(node)
        assert len(lines) == 3 and lines[-1].endswith("…")
