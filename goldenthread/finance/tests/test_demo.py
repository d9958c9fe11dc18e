from goldenthread.finance import selectors


def test_demo_has_a_realistic_mtfp_and_variances(council):
    year = selectors.financial_year(council)
    years, rows = selectors.mtfp_table(council, year)
    total = rows[-1]
    assert rows[-1].unit is None and len(years) == 4
    assert 150_000_000 < total.amounts[0] < 200_000_000
    period = selectors.monitoring_period_current(council)
    statuses = {j.row.unit.name: j.rag for j in selectors.monitoring_rows(council, period)}
    assert statuses["Children's Social Care"] == "red"
    assert "amber" in statuses.values()


def test_demo_savings_programme_has_each_rag(council):
    rags = {row.rag for row in selectors.savings_rows(council)}
    assert {"green", "amber", "red"} <= {str(r) for r in rags}


def test_red_and_amber_variances_are_suggested_for_clinics(council):
    from django.utils import timezone

    from goldenthread.challenge.suggestions import suggestions_for

    budget = [s for s in suggestions_for(council, timezone.localdate()) if s.source == "budget"]
    titles = {s.title.split(" budget")[0] for s in budget}
    assert "Children's Social Care" in titles
    assert all("of budget" in s.reason for s in budget)
