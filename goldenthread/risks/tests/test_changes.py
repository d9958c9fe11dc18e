"""What a quarterly return says changed over the quarter: new, closed, escalated,
de-escalated, and scores up or down."""

from datetime import timedelta

import pytest

from goldenthread.risks import services
from goldenthread.risks.models import Risk
from goldenthread.risks.selectors import risk_return_changes, risk_return_for
from goldenthread.risks.tests.factories import (
    DNS,
    current_quarter,
    day_in,
    latest_quarter,
    make_risk,
    register,
    risk,
)


@pytest.fixture
def quarter(council):  # type: ignore[no-untyped-def]
    return current_quarter(council)


def review(risk_return, reference, likelihood, impact, person):  # type: ignore[no-untyped-def]
    return services.risk_review_save(
        risk_return=risk_return,
        risk=risk(reference),
        likelihood=likelihood,
        impact=impact,
        reason="Moved this quarter.",
        control_changes="",
        user=person("performance.lead"),
    )


def test_every_kind_of_change_is_listed_once(council, quarter, person):
    dns = register(council, DNS)
    risk_return = risk_return_for(dns, quarter)
    new = make_risk(council, "DNS-99", identified_on=day_in(quarter, 1))
    before = quarter.start_date - timedelta(days=1)
    make_risk(council, "DNS-98", identified_on=before)  # last quarter's: not new
    Risk.objects.filter(reference="DNS-01").update(
        status="closed", closed_on=day_in(quarter, 2), closure_reason="Contract re-let."
    )
    Risk.objects.filter(reference="DNS-02").update(
        status="closed", closed_on=before, closure_reason="Closed last quarter."
    )
    services.risk_escalate(risk=risk("DNS-04"), user=person("director.dns"), reason="Streets.",
                           on=day_in(quarter, 3))  # fmt: skip
    services.risk_de_escalate(risk=risk("DNS-03"), user=person("chief.executive"),
                              reason="Claims settled.", on=day_in(quarter, 4))  # fmt: skip
    services.risk_escalate(risk=risk("CESC-01"), user=person("director.cesc"),
                           reason="Another directorate's.", on=day_in(quarter, 3))  # fmt: skip
    review(risk_return, "DNS-05", 4, 3, person)  # 3 × 3 → 12: up
    review(risk_return, "DNS-08", 1, 3, person)  # 2 × 3 → 3: down
    review(risk_return, "DNS-10", 3, 3, person)  # unchanged

    changes = risk_return_changes(risk_return)

    assert changes.new == [new]
    assert [r.reference for r in changes.closed] == ["DNS-01"]
    assert [(m.risk.reference, m.reason) for m in changes.escalated] == [("DNS-04", "Streets.")]
    assert [(m.risk.reference, m.reason) for m in changes.de_escalated] == [
        ("DNS-03", "Claims settled.")
    ]
    assert [(r.risk.reference, r.previous_score, r.score) for r in changes.score_up] == [
        ("DNS-05", 9, 12)
    ]
    assert [(r.risk.reference, r.previous_score, r.score) for r in changes.score_down] == [
        ("DNS-08", 6, 3)
    ]
    assert changes.total == 6


def test_the_corporate_return_sees_escalations_into_and_out_of_it(council, quarter, person):
    services.risk_escalate(risk=risk("DNS-04"), user=person("director.dns"), reason="Streets.",
                           on=day_in(quarter, 3))  # fmt: skip
    changes = risk_return_changes(risk_return_for(register(council), quarter))
    assert [m.risk.reference for m in changes.escalated] == ["DNS-04"]
    assert changes.new == [] and changes.score_up == []


def test_a_return_nobody_has_started_lists_no_score_changes(council, quarter):
    changes = risk_return_changes(risk_return_for(register(council, DNS), quarter))
    assert (changes.score_up, changes.score_down, changes.total) == ([], [], 0)


def test_the_demo_s_latest_quarter(council):
    """The demo's Development and Neighbourhood Services return for the latest quarter: a new
    flood risk, the depot lease closed, and the planning appeals risk come back."""
    changes = risk_return_changes(risk_return_for(register(council, DNS), latest_quarter(council)))
    assert [r.reference for r in changes.new] == ["DNS-15"]
    assert [r.reference for r in changes.closed] == ["DNS-14"]
    assert [m.risk.reference for m in changes.de_escalated] == ["DNS-07"]
    assert all(r.score > r.previous_score for r in changes.score_up)
    assert all(r.score < r.previous_score for r in changes.score_down)


def test_the_return_page_shows_the_changes(council, quarter, person, signed_in):
    dns = register(council, DNS)
    risk_return = risk_return_for(dns, quarter)
    review(risk_return, "DNS-05", 4, 3, person)
    html = signed_in("cllr.scrutiny").get(risk_return.get_absolute_url()).content.decode()
    changes = html[html.index('id="changes"') : html.index("</table>", html.index('id="changes"'))]
    assert "DNS-05 Recycling contamination</a>: 9 to 12" in changes
