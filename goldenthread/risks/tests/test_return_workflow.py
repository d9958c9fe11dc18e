"""The quarterly risk return: owners review each risk, the return is submitted and signed
off, then the senior management team's review and the audit committee's approval follow."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from goldenthread.accounts.models import User
from goldenthread.risks import services
from goldenthread.risks.models import Register, RiskReturn, RiskReview
from goldenthread.risks.selectors import risk_return_for, risks_for_return
from goldenthread.risks.tests.factories import DNS, current_quarter, register, risk


@pytest.fixture
def dns_return(council) -> RiskReturn:  # type: ignore[no-untyped-def]
    """The directorate's return for the quarter we are in: not started yet."""
    return risk_return_for(register(council, DNS), current_quarter(council))


def review_all(risk_return: RiskReturn, user: User) -> None:
    for each in risks_for_return(risk_return.register, risk_return.period):
        if each.is_open:
            services.risk_review_save(
                risk_return=risk_return,
                risk=each,
                likelihood=each.residual_likelihood,
                impact=each.residual_impact,
                reason="",
                control_changes="",
                user=user,
            )


def submitted(risk_return: RiskReturn, person) -> RiskReturn:  # type: ignore[no-untyped-def]
    review_all(risk_return, person("performance.lead"))
    return services.risk_return_submit(
        risk_return=risk_return, user=person("officer.estates"), commentary="All reviewed."
    )


class TestReviews:
    def test_a_review_records_the_score_before_and_after_and_updates_the_risk(
        self, dns_return, person
    ):
        voids = risk("DNS-01")  # 3 × 3 now
        review = services.risk_review_save(
            risk_return=dns_return,
            risk=voids,
            likelihood=4,
            impact=3,
            reason="Contractor in administration.",
            control_changes="Weekly void meetings added.",
            user=person("head.housing"),
        )
        assert (review.previous_score, review.score, review.movement) == (9, 12, "up")
        assert review.score_changed and review.reviewed_by == person("head.housing")
        voids.refresh_from_db()
        assert (voids.residual_likelihood, voids.residual_impact) == (4, 3)
        assert dns_return.pk and dns_return.status == "draft"

    def test_reviewing_again_keeps_the_score_before_the_quarter(self, dns_return, person):
        voids = risk("DNS-01")
        for likelihood in (4, 2):
            review = services.risk_review_save(
                risk_return=dns_return, risk=voids, likelihood=likelihood, impact=3,
                reason="Why", control_changes="", user=person("head.housing"),
            )  # fmt: skip
        assert (review.previous_score, review.score, review.movement) == (9, 6, "down")
        assert RiskReview.objects.filter(risk=voids, risk_return=dns_return).count() == 1

    def test_a_changed_score_needs_a_reason(self, dns_return, person):
        with pytest.raises(ValidationError) as raised:
            services.risk_review_save(risk_return=dns_return, risk=risk("DNS-01"), likelihood=5,
                                      impact=3, reason=" ", control_changes="",
                                      user=person("head.housing"))  # fmt: skip
        assert raised.value.message_dict == {
            "reason": ["The score has changed from 9 to 15: say why."]
        }
        assert dns_return.pk is None  # nothing was started
        assert not RiskReturn.objects.filter(register=dns_return.register, period=dns_return.period)
        assert risk("DNS-01").residual_likelihood == 3

    def test_an_unchanged_score_needs_no_reason(self, dns_return, person):
        review = services.risk_review_save(risk_return=dns_return, risk=risk("DNS-01"),
                                           likelihood=3, impact=3, reason="", control_changes="",
                                           user=person("head.housing"))  # fmt: skip
        assert review.movement == "same" and not review.score_changed

    def test_only_the_owner_and_managers_over_it_review_a_risk(self, dns_return, person):
        for username in ("officer.cleansing", "cllr.leader", "auditor"):
            with pytest.raises(PermissionDenied):
                services.risk_review_save(risk_return=dns_return, risk=risk("DNS-01"),
                                          likelihood=3, impact=3, reason="", control_changes="",
                                          user=person(username))  # fmt: skip

    def test_a_risk_of_another_directorate_is_not_in_the_return(self, dns_return, person):
        with pytest.raises(ValidationError, match="CESC-01 is not in this return"):
            services.risk_review_save(risk_return=dns_return, risk=risk("CESC-01"), likelihood=3,
                                      impact=3, reason="", control_changes="",
                                      user=person("performance.lead"))  # fmt: skip

    def test_service_registers_are_reviewed_in_their_directorate_s_return(self, council, person):
        housing = Register.objects.create(
            organisation=council,
            kind="service",
            org_unit=risk("DNS-01").org_unit.parent,
            name="Housing risk register",
        )
        assert housing.org_unit.name == "Housing"
        own = risk("DNS-02")
        own.register = housing
        own.save()
        assert own in risks_for_return(register(council, DNS), current_quarter(council))
        with pytest.raises(ValidationError, match="reviewed in their directorate"):
            services.risk_review_save(
                risk_return=RiskReturn(register=housing, period=current_quarter(council)),
                risk=own, likelihood=3, impact=3, reason="", control_changes="",
                user=person("performance.lead"),
            )  # fmt: skip


class TestSubmission:
    def test_every_open_risk_must_be_reviewed_first(self, dns_return, person):
        services.risk_review_save(risk_return=dns_return, risk=risk("DNS-01"), likelihood=3,
                                  impact=3, reason="", control_changes="",
                                  user=person("head.housing"))  # fmt: skip
        with pytest.raises(ValidationError) as raised:
            services.risk_return_submit(
                risk_return=dns_return, user=person("officer.estates"), commentary=""
            )
        message = raised.value.messages[0]
        assert message.startswith("Review every open risk before submitting: DNS-02, DNS-03")
        assert "DNS-01," not in message and "DNS-14" not in message  # reviewed; closed
        dns_return.refresh_from_db()
        assert dns_return.status == "draft"

    def test_a_complete_return_is_submitted_and_then_locked(self, dns_return, person):
        done = submitted(dns_return, person)
        assert (done.status, done.submitted_by.username) == ("submitted", "officer.estates")
        with pytest.raises(ValidationError, match="it can no longer be changed"):
            services.risk_review_save(risk_return=done, risk=risk("DNS-01"), likelihood=1,
                                      impact=1, reason="x", control_changes="",
                                      user=person("head.housing"))  # fmt: skip

    def test_people_outside_the_directorate_cannot_submit_it(self, dns_return, person):
        review_all(dns_return, person("performance.lead"))
        for username in ("officer.yot", "head.schools", "cllr.leader"):
            with pytest.raises(PermissionDenied):
                services.risk_return_submit(
                    risk_return=dns_return, user=person(username), commentary=""
                )


class TestSignOff:
    @pytest.mark.parametrize("username", ["head.housing", "head.cfya", "director.dns"])
    def test_the_director_or_a_head_of_service_in_the_directorate_approves(
        self, dns_return, person, username
    ):
        approved = services.risk_return_approve(
            risk_return=submitted(dns_return, person), user=person(username)
        )
        assert (approved.status, approved.approved_by.username) == ("approved", username)

    @pytest.mark.parametrize("username", ["officer.estates", "manager.estates", "head.schools"])
    def test_others_cannot_approve(self, dns_return, person, username):
        with pytest.raises(PermissionDenied):
            services.risk_return_approve(
                risk_return=submitted(dns_return, person), user=person(username)
            )

    def test_a_return_nobody_has_started_cannot_be_decided(self, dns_return, signed_in):
        args = [dns_return.register_id, dns_return.period_id, "approve"]
        response = signed_in("director.dns").post(reverse("risks:return_decision", args=args))
        assert response.status_code == 404

    def test_a_draft_cannot_be_approved(self, dns_return, person):
        services.risk_review_save(risk_return=dns_return, risk=risk("DNS-01"), likelihood=3,
                                  impact=3, reason="", control_changes="",
                                  user=person("head.housing"))  # fmt: skip
        with pytest.raises(ValidationError, match="Only submitted returns can be approved"):
            services.risk_return_approve(risk_return=dns_return, user=person("director.dns"))

    def test_sending_back_needs_a_reason_and_reopens_the_reviews(self, dns_return, person):
        done = submitted(dns_return, person)
        with pytest.raises(ValidationError):
            services.risk_return_send_back(risk_return=done, user=person("head.housing"), reason="")
        back = services.risk_return_send_back(
            risk_return=done, user=person("head.housing"), reason="DNS-03 looks too low."
        )
        assert (back.status, back.sent_back_reason) == ("draft", "DNS-03 looks too low.")
        services.risk_review_save(risk_return=back, risk=risk("DNS-03"), likelihood=4, impact=4,
                                  reason="Raised after challenge.", control_changes="",
                                  user=person("head.housing"))  # fmt: skip


class TestGovernance:
    def approved(self, dns_return, person):  # type: ignore[no-untyped-def]
        return services.risk_return_approve(
            risk_return=submitted(dns_return, person), user=person("director.dns")
        )

    def test_the_smt_reviews_then_the_audit_committee_approves(self, dns_return, person):
        today = timezone.localdate()
        done = self.approved(dns_return, person)
        with pytest.raises(ValidationError, match="senior management team's review before"):
            services.risk_return_record_audit_committee(
                risk_return=done, user=person("performance.lead"), approved_on=today
            )
        services.risk_return_record_smt_review(
            risk_return=done, user=person("chief.executive"), reviewed_on=today,
            outcome="Escalate DNS-02 next quarter if it rises.",
        )  # fmt: skip
        recorded = services.risk_return_record_audit_committee(
            risk_return=done, user=person("performance.lead"), approved_on=today
        )
        assert (recorded.smt_reviewed_on, recorded.audit_committee_approved_on) == (today, today)
        assert recorded.smt_outcome == "Escalate DNS-02 next quarter if it rises."

    def test_the_smt_reviews_only_an_approved_return(self, dns_return, person):
        with pytest.raises(ValidationError, match="once it has been approved"):
            services.risk_return_record_smt_review(
                risk_return=submitted(dns_return, person), user=person("chief.executive"),
                reviewed_on=timezone.localdate(), outcome="Noted",
            )  # fmt: skip

    def test_dates_in_the_future_or_out_of_order_are_refused(self, dns_return, person):
        today = timezone.localdate()
        done = self.approved(dns_return, person)
        with pytest.raises(ValidationError) as raised:
            services.risk_return_record_smt_review(
                risk_return=done, user=person("chief.executive"),
                reviewed_on=today + timedelta(days=1), outcome="",
            )  # fmt: skip
        assert set(raised.value.message_dict) == {"reviewed_on", "outcome"}
        with pytest.raises(ValidationError):
            services.risk_return_record_smt_review(
                risk_return=done, user=person("chief.executive"),
                reviewed_on=today - timedelta(days=400), outcome="Noted",
            )  # fmt: skip
        services.risk_return_record_smt_review(risk_return=done, user=person("chief.executive"),
                                               reviewed_on=today, outcome="Noted")  # fmt: skip
        with pytest.raises(ValidationError) as raised:
            services.risk_return_record_audit_committee(
                risk_return=done, user=person("performance.lead"),
                approved_on=today - timedelta(days=1),
            )  # fmt: skip
        assert "after the senior management team's review" in raised.value.messages[0]

    @pytest.mark.parametrize("username", ["head.housing", "auditor", "cllr.audit"])
    def test_only_senior_leaders_and_performance_admins_record_governance(
        self, dns_return, person, username
    ):
        done = self.approved(dns_return, person)
        with pytest.raises(PermissionDenied):
            services.risk_return_record_smt_review(risk_return=done, user=person(username),
                                                   reviewed_on=timezone.localdate(),
                                                   outcome="Noted")  # fmt: skip


class TestThePages:
    def test_an_officer_reviews_a_risk_through_the_form(self, council, dns_return, signed_in):
        voids = risk("DNS-01")
        client = signed_in("head.housing")
        url = reverse("risks:review_edit", args=[dns_return.register_id, dns_return.period_id,
                                                  voids.pk])  # fmt: skip
        page = client.get(url).content.decode()
        assert 'name="likelihood"' in page
        response = client.post(url, {"likelihood": "5", "impact": "3", "reason": ""})
        html = response.content.decode()
        assert "There is a problem" in html and "The score has changed from 9 to 15" in html
        response = client.post(url, {"likelihood": "5", "impact": "3", "reason": "Worse."})
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "1 of" in page and "9 to 15" in page

    def test_submit_approve_and_record_through_the_return_page(self, dns_return, person,
                                                               signed_in):  # fmt: skip
        review_all(dns_return, person("performance.lead"))
        args = [dns_return.register_id, dns_return.period_id]
        officer = signed_in("officer.estates")
        assert (
            "Submit for approval"
            in officer.get(reverse("risks:return_detail", args=args)).content.decode()
        )
        officer.post(reverse("risks:return_decision", args=[*args, "submit"]),
                     {"submit-commentary": "Quiet quarter."})  # fmt: skip
        assert RiskReturn.objects.get(pk=dns_return.pk).status == "submitted"
        approve = reverse("risks:return_decision", args=[*args, "approve"])
        assert officer.post(approve).status_code == 403
        assert RiskReturn.objects.get(pk=dns_return.pk).status == "submitted"  # not theirs to do
        head = signed_in("head.housing")
        response = head.post(reverse("risks:return_decision", args=[*args, "send-back"]),
                             {"send_back-reason": ""})  # fmt: skip
        assert "Say why the return is being sent back." in response.content.decode()
        head.post(reverse("risks:return_decision", args=[*args, "approve"]))
        assert RiskReturn.objects.get(pk=dns_return.pk).status == "approved"
        lead = signed_in("performance.lead")
        today = timezone.localdate().isoformat()
        lead.post(reverse("risks:return_decision", args=[*args, "smt-review"]),
                  {"smt-reviewed_on": today, "smt-outcome": "Noted."})  # fmt: skip
        lead.post(reverse("risks:return_decision", args=[*args, "audit-committee"]),
                  {"ac-approved_on": today})  # fmt: skip
        done = RiskReturn.objects.get(pk=dns_return.pk)
        assert done.audit_committee_approved_on == timezone.localdate()
        page = lead.get(reverse("risks:return_detail", args=args)).content.decode()
        assert "Approved on" in page and "Noted." in page
