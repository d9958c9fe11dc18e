"""The residual score history chart: an image with a title and description, the points it
plots, and the table of the same figures beside it."""

import re
import xml.etree.ElementTree as ET

from goldenthread.calculations.risk import DEFAULT_BANDS
from goldenthread.risks.charts import score_history_chart
from goldenthread.risks.selectors import score_history
from goldenthread.risks.tests.factories import make_risk, risk

SVG = "{http://www.w3.org/2000/svg}"


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    [found] = [e for e in root.iter() if e.get("id") == element_id]
    return found


def point_count(root: ET.Element, group: str) -> int:
    found = [e for e in root.iter() if e.get("id") == group]
    return len(list(found[0].iter(f"{SVG}use"))) if found else 0


def test_the_chart_plots_each_quarterly_review(council):
    damp = risk("DNS-03")
    history = score_history(damp)
    root = ET.fromstring(score_history_chart(damp, history, DEFAULT_BANDS, chart_id="c"))
    assert root.get("role") == "img"
    assert len(history) == 4
    approved = sum(1 for p in history if p.return_status == "Approved")
    assert point_count(root, "c-points") == approved
    assert point_count(root, "c-points-provisional") == len(history) - approved
    title = by_id(root, "c-title").text
    assert (
        title == f"DNS-03 residual score, {history[0].period.label} to {history[-1].period.label}"
    )
    description = by_id(root, "c-desc").text
    latest = history[-1]
    assert f"Latest residual score, {latest.period.label}: {latest.residual}." in description
    assert "Appetite 8: above appetite." in description
    assert "4 quarters shown." in description
    for rank in range(3):
        assert by_id(root, f"c-band-{rank}") is not None
    assert {e.text for e in root.iter(f"{SVG}text")} >= {"Low", "Medium", "High", "Appetite"}


def test_a_risk_never_reviewed_says_so(council):
    new = make_risk(council, "T-01")
    root = ET.fromstring(score_history_chart(new, [], DEFAULT_BANDS, chart_id="n"))
    assert (
        by_id(root, "n-desc").text == "This risk has not been reviewed in a quarterly return yet."
    )
    assert point_count(root, "n-points") == 0


def test_an_opportunity_has_no_appetite_line(council):
    solar = risk("DNS-OP1")
    root = ET.fromstring(
        score_history_chart(solar, score_history(solar), DEFAULT_BANDS, chart_id="o")
    )
    assert not [e for e in root.iter() if e.get("id") == "o-appetite"]
    assert "ppetite" not in by_id(root, "o-desc").text


def test_the_page_gives_the_chart_and_the_same_figures_in_a_table(council, signed_in):
    damp = risk("DNS-03")
    html = signed_in("cllr.leader").get(damp.get_absolute_url()).content.decode()
    assert f'aria-labelledby="risk-{damp.pk}-history-title risk-{damp.pk}-history-desc"' in html
    table = re.search(r'<table[^>]*id="review-history".*?</table>', html, re.DOTALL).group(0)
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', table)
    assert rows == [point.period.label for point in reversed(score_history(damp))]
    assert "<caption" in table
