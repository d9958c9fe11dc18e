"""A directorate risk goes up to the corporate register and back, with every reason kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from goldenthread.history import history_for
from goldenthread.risks import services
from goldenthread.risks.models import RiskEscalation
from goldenthread.risks.selectors import risks_for_return
from goldenthread.risks.tests.factories import DNS, current_quarter, register, risk


class TestEscalatingAndBack:
    def test_a_risk_goes_up_and_comes_back_with_both_reasons_kept(self, council, person):
        voids = risk("DNS-01")  # Estate Management, in Housing
        home, corporate = register(council, DNS), register(council)
        services.risk_escalate(
            risk=voids, user=person("head.housing"), reason="Void losses now top £1m a year."
        )
        voids.refresh_from_db()
        assert (voids.register, voids.escalated_from) == (corporate, home)

        services.risk_de_escalate(
            risk=voids, user=person("chief.executive"), reason="The new contractor has cleared it."
        )
        voids.refresh_from_db()
        assert (voids.register, voids.escalated_from) == (home, None)
        moves = list(RiskEscalation.objects.filter(risk=voids).order_by("pk"))
        assert [(m.direction, m.from_register, m.to_register, m.reason, m.decided_by.username)
                for m in moves] == [
            ("escalate", home, corporate, "Void losses now top £1m a year.", "head.housing"),
            ("de_escalate", corporate, home, "The new contractor has cleared it.",
             "chief.executive"),
        ]  # fmt: skip

    def test_the_risk_s_history_records_each_move(self, council, person):
        voids = risk("DNS-01")
        services.risk_escalate(risk=voids, user=person("head.housing"), reason="Losses rising.")
        latest = history_for(voids)[0]
        assert latest.who == str(person("head.housing"))
        home, corporate = register(council, DNS), register(council)
        # The shared history partial shows foreign keys by their id.
        assert ("Escalated from", "(blank)", str(home.pk)) in latest.changes
        assert ("Register", str(home.pk), str(corporate.pk)) in latest.changes

    def test_an_escalated_risk_is_still_reviewed_by_its_directorate(self, council, person):
        voids = risk("DNS-01")
        services.risk_escalate(risk=voids, user=person("head.housing"), reason="Losses rising.")
        quarter = current_quarter(council)
        assert voids in risks_for_return(register(council, DNS), quarter)
        assert voids not in risks_for_return(register(council), quarter)

    def test_a_risk_that_began_on_the_corporate_register_needs_somewhere_to_go(
        self, council, person
    ):
        budget = risk("CR-01")
        with pytest.raises(ValidationError) as raised:
            services.risk_de_escalate(
                risk=budget, user=person("chief.executive"), reason="Managed by Resources now."
            )
        assert "to_register" in raised.value.message_dict
        resources = register(council, "Resources")
        services.risk_de_escalate(
            risk=budget,
            user=person("chief.executive"),
            reason="Managed by Resources now.",
            to_register=resources,
        )
        budget.refresh_from_db()
        assert budget.register == resources


class TestTheRules:
    def test_a_reason_is_required_both_ways(self, council, person):
        with pytest.raises(ValidationError) as raised:
            services.risk_escalate(risk=risk("DNS-01"), user=person("head.housing"), reason="  ")
        assert raised.value.message_dict == {"reason": ["Say why the risk is being escalated."]}
        with pytest.raises(ValidationError):
            services.risk_de_escalate(
                risk=risk("DNS-03"), user=person("chief.executive"), reason=""
            )
        assert risk("DNS-03").register.is_corporate

    def test_officers_cannot_escalate_and_heads_of_service_cannot_de_escalate(self, person):
        with pytest.raises(PermissionDenied):
            services.risk_escalate(risk=risk("DNS-01"), user=person("officer.estates"), reason="x")
        with pytest.raises(PermissionDenied):
            services.risk_escalate(risk=risk("DNS-01"), user=person("head.schools"), reason="x")
        with pytest.raises(PermissionDenied):
            services.risk_de_escalate(risk=risk("DNS-03"), user=person("head.housing"), reason="x")

    def test_a_closed_risk_or_a_corporate_one_cannot_be_escalated(self, person):
        with pytest.raises(ValidationError, match="A closed risk cannot be escalated"):
            services.risk_escalate(risk=risk("DNS-14"), user=person("director.dns"), reason="x")
        with pytest.raises(ValidationError, match="already on the corporate register"):
            services.risk_escalate(risk=risk("CR-01"), user=person("chief.executive"), reason="x")


class TestThePages:
    def test_escalating_through_the_page(self, council, signed_in):
        voids = risk("DNS-01")
        client = signed_in("head.housing")
        url = reverse("risks:risk_escalate", args=[voids.pk])
        response = client.post(url, {"reason": ""})
        assert "There is a problem" in response.content.decode()
        assert "Say why the risk is being escalated." in response.content.decode()
        assert not RiskEscalation.objects.filter(risk=voids).exists()
        response = client.post(url, {"reason": "Void losses now top £1m a year."})
        assert response.status_code == 302
        page = client.get(voids.get_absolute_url()).content.decode()
        assert "Escalated from the Development and Neighbourhood Services risk register" in page
        assert "Void losses now top £1m a year." in page
        register_page = client.get(reverse("risks:corporate_register")).content.decode()
        assert "DNS-01 Void turnaround times" in register_page

    def test_the_page_refuses_those_who_may_not(self, signed_in):
        voids = risk("DNS-01")
        assert (
            signed_in("officer.estates")
            .post(reverse("risks:risk_escalate", args=[voids.pk]), {"reason": "x"})
            .status_code
            == 403
        )
        assert (
            signed_in("head.housing")
            .get(reverse("risks:risk_de_escalate", args=[risk("DNS-03").pk]))
            .status_code
            == 403
        )

    def test_de_escalating_through_the_page_returns_it_home(self, council, signed_in):
        damp = risk("DNS-03")
        response = signed_in("director.dns").post(
            reverse("risks:risk_de_escalate", args=[damp.pk]),
            {"reason": "Disrepair claims settled; managed in Housing."},
        )
        assert response.status_code == 302
        damp.refresh_from_db()
        assert damp.register == register(council, DNS)
        page = signed_in("director.dns").get(damp.get_absolute_url()).content.decode()
        assert "Two disrepair claims and a regulator inquiry" in page  # the first reason
        assert "Disrepair claims settled; managed in Housing." in page
