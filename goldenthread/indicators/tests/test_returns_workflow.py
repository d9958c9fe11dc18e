from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.indicators import services
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    period,
    set_target,
)

Status = IndicatorReturn.Status


@pytest.fixture
def indicator(council):  # type: ignore[no-untyped-def]
    made = make_indicator(council, "T-VOID", title="Empty homes re-let within 28 days")
    set_target(made, "2025-Q2", "90", tolerance="5")
    return made


def draft(indicator, label="2025-Q2"):  # type: ignore[no-untyped-def]
    return IndicatorReturn(indicator=indicator, period=period(indicator.organisation, label))


class TestSubmitting:
    def test_a_green_value_submits_without_commentary(self, indicator, person):
        saved = services.return_save(
            indicator_return=draft(indicator),
            data=services.ReturnData(value=Decimal("92")),
            user=person("officer.estates"),
            submit=True,
        )
        assert saved.status == Status.SUBMITTED and saved.submitted_by.username == "officer.estates"

    def test_amber_needs_commentary_and_red_also_a_remedial_action(self, indicator, person):
        officer = person("officer.estates")
        with pytest.raises(ValidationError) as amber:
            services.return_save(
                indicator_return=draft(indicator),
                data=services.ReturnData(value=Decimal("87")),
                user=officer,
                submit=True,
            )
        assert set(amber.value.message_dict) == {"commentary"}
        with pytest.raises(ValidationError) as red:
            services.return_save(
                indicator_return=draft(indicator),
                data=services.ReturnData(value=Decimal("80"), commentary="Contractor delays"),
                user=officer,
                submit=True,
            )
        assert set(red.value.message_dict) == {"remedial_action"}
        assert "remedial action" in red.value.message_dict["remedial_action"][0]
        saved = services.return_save(
            indicator_return=draft(indicator),
            data=services.ReturnData(
                value=Decimal("80"),
                commentary="Contractor delays",
                remedial_action="Second contractor from May",
            ),
            user=officer,
            submit=True,
        )
        assert saved.status == Status.SUBMITTED

    def test_a_draft_saves_whatever_its_colour(self, indicator, person):
        saved = services.return_save(
            indicator_return=draft(indicator),
            data=services.ReturnData(value=Decimal("50")),
            user=person("officer.estates"),
        )
        assert saved.status == Status.DRAFT and saved.value == Decimal("50")

    def test_values_are_checked_against_the_unit(self, indicator, person):
        with pytest.raises(ValidationError) as error:
            services.return_save(
                indicator_return=draft(indicator),
                data=services.ReturnData(value=Decimal("101")),
                user=person("officer.estates"),
            )
        assert error.value.message_dict == {"value": ["A percentage must be between 0 and 100."]}
        assert not IndicatorReturn.objects.filter(indicator=indicator).exists()

    def test_the_value_can_come_from_numerator_and_denominator(self, indicator, person):
        indicator.numerator_label, indicator.denominator_label = (
            "Homes re-let in 28 days",
            "Homes re-let",
        )
        saved = services.return_save(
            indicator_return=draft(indicator),
            data=services.ReturnData(numerator=Decimal("45"), denominator=Decimal("50")),
            user=person("officer.estates"),
        )
        assert saved.value == Decimal("90")

    def test_a_value_far_outside_past_values_must_be_confirmed_and_explained(
        self, indicator, person
    ):
        approved_values(indicator, "2023-Q1", ["91", "92", "90", "93", "91", "92", "90", "91"])
        officer = person("officer.estates")
        data = services.ReturnData(
            value=Decimal("40"), commentary="Fire at the depot", remedial_action="Agency staff"
        )
        with pytest.raises(ValidationError) as error:
            services.return_save(
                indicator_return=draft(indicator), data=data, user=officer, submit=True
            )
        assert (
            "outside the range past values suggest"
            in error.value.message_dict["outlier_explanation"][0]
        )
        confirmed = services.ReturnData(
            **{
                **data.__dict__,
                "outlier_confirmed": True,
                "outlier_explanation": "Depot fire closed the voids team for six weeks",
            }
        )
        assert (
            services.return_save(
                indicator_return=draft(indicator), data=confirmed, user=officer, submit=True
            ).status
            == Status.SUBMITTED
        )

    def test_only_the_lead_officer_updaters_and_managers_enter_returns(self, indicator, person):
        with pytest.raises(PermissionDenied):
            services.return_save(
                indicator_return=draft(indicator),
                data=services.ReturnData(value=Decimal("95")),
                user=person("officer.cleansing"),
            )
        indicator.updaters.add(person("officer.cleansing"))
        services.return_save(
            indicator_return=draft(indicator),
            data=services.ReturnData(value=Decimal("95")),
            user=person("officer.cleansing"),
        )

    def test_a_qualitative_indicator_needs_a_narrative_and_a_judgement(self, council, person):
        case_study = make_indicator(council, "T-CASE", is_qualitative=True, unit="number")
        with pytest.raises(ValidationError) as error:
            services.return_save(
                indicator_return=draft(case_study),
                data=services.ReturnData(narrative="Tenants' panel redesigned the lettings letter"),
                user=person("officer.estates"),
                submit=True,
            )
        assert set(error.value.message_dict) == {"judgement"}


class TestApproving:
    def submitted(self, indicator, person):  # type: ignore[no-untyped-def]
        return services.return_save(
            indicator_return=draft(indicator),
            data=services.ReturnData(value=Decimal("93")),
            user=person("officer.estates"),
            submit=True,
        )

    def test_the_head_of_service_approves_and_nobody_can_edit_it_afterwards(
        self, indicator, person
    ):
        approved = services.return_approve(
            indicator_return=self.submitted(indicator, person), user=person("head.housing")
        )
        assert (
            approved.status == Status.APPROVED and approved.approved_by.username == "head.housing"
        )
        with pytest.raises(ValidationError, match="can no longer be changed"):
            services.return_save(
                indicator_return=approved,
                data=services.ReturnData(value=Decimal("10")),
                user=person("officer.estates"),
            )

    def test_a_head_of_another_service_cannot_approve(self, indicator, person):
        with pytest.raises(PermissionDenied):
            services.return_approve(
                indicator_return=self.submitted(indicator, person), user=person("head.cfya")
            )

    def test_sending_back_needs_a_reason_and_returns_it_to_draft(self, indicator, person):
        submitted = self.submitted(indicator, person)
        with pytest.raises(ValidationError):
            services.return_send_back(
                indicator_return=submitted, user=person("head.housing"), reason=" "
            )
        sent = services.return_send_back(
            indicator_return=submitted, user=person("head.housing"), reason="Check the June figure"
        )
        assert (sent.status, sent.sent_back_reason) == (Status.DRAFT, "Check the June figure")

    def test_reopening_an_approved_return_keeps_the_reason_in_its_history(self, indicator, person):
        approved = services.return_approve(
            indicator_return=self.submitted(indicator, person), user=person("head.housing")
        )
        reopened = services.return_reopen(
            indicator_return=approved, user=person("head.housing"), reason="Source system corrected"
        )
        assert reopened.status == Status.DRAFT
        assert reopened.history.first().history_change_reason == "Source system corrected"

    def test_published_returns_cannot_be_reopened(self, indicator, person):
        approved = services.return_approve(
            indicator_return=self.submitted(indicator, person), user=person("head.housing")
        )
        IndicatorReturn.objects.filter(pk=approved.pk).update(status=Status.LOCKED)
        with pytest.raises(ValidationError, match="published"):
            services.return_reopen(
                indicator_return=approved, user=person("head.housing"), reason="x"
            )


class TestCalculatedIndicators:
    def test_approving_an_input_recalculates_the_rate(self, council, person):
        relets = make_indicator(council, "T-RELET", unit="number", aggregation="sum")
        voids = make_indicator(council, "T-VOIDS", unit="number", aggregation="sum")
        rate = make_indicator(council, "T-RATE", formula="{T-RELET} / {T-VOIDS} * 100")
        approved_values(voids, "2025-Q2", ["40"])
        submitted = services.return_save(
            indicator_return=draft(relets),
            data=services.ReturnData(value=Decimal("30")),
            user=person("officer.estates"),
            submit=True,
        )
        services.return_approve(indicator_return=submitted, user=person("head.housing"))
        calculated = IndicatorReturn.objects.get(indicator=rate)
        assert calculated.value == Decimal("75") and calculated.is_calculated

    def test_a_formula_naming_an_unknown_indicator_is_refused(self, council):
        rate = make_indicator(council, "T-BAD")
        rate.formula = "{T-NOPE} / 2"
        with pytest.raises(ValidationError) as error:
            services.indicator_save(indicator=rate)
        assert error.value.message_dict["formula"] == ["No indicator has the code T-NOPE."]

    def test_a_formula_that_loops_is_refused(self, council):
        make_indicator(council, "T-A", formula="{T-B} + 1")
        second = make_indicator(council, "T-B")
        second.formula = "{T-A} * 2"
        with pytest.raises(ValidationError) as error:
            services.indicator_save(indicator=second)
        assert "T-A" in error.value.message_dict["formula"][0]
