"""Registers: the list of registers, one register (the corporate one with its heat map), and
every risk across the registers, each filterable by category, owner, band and appetite."""

from collections import Counter

from django.http import Http404
from django.urls import path, reverse
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.history import history_for
from goldenthread.risks import selectors
from goldenthread.risks.heatmap import heat_map, heat_map_svg
from goldenthread.risks.models import Register, Risk, RiskCategory
from goldenthread.risks.views.common import crumbs, filters_from, register_for


class RegisterListView(OrganisationMemberMixin, TemplateView):
    """Every register with its open risks counted by band and above appetite."""

    template_name = "risks/register_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        rows = selectors.risks_filtered(self.organisation, selectors.RiskFilters())
        bands = selectors.score_bands_for(self.organisation)
        by_band: Counter[tuple[int, str]] = Counter()
        above: Counter[int] = Counter()
        for row in rows:
            by_band[(row.risk.register_id, row.residual.band.name)] += 1
            above[row.risk.register_id] += row.above_appetite
        registers = [
            (
                register,
                [(band.name, by_band[(register.pk, band.name)]) for band in reversed(bands)],
                above[register.pk],
            )
            for register in selectors.registers_for(self.organisation)
        ]
        return super().get_context_data(
            registers=registers,
            bands=list(reversed(bands)),
            above_total=sum(above.values()),
            corporate=selectors.corporate_register(self.organisation),
            breadcrumbs=[{"text": "Home", "href": reverse("home")}, {"text": "Risks"}],
            **kwargs,
        )


class RisksView(OrganisationMemberMixin, TemplateView):
    """Risks narrowed by the filters, with the heat map of those still open."""

    template_name = "risks/register_detail.html"

    def get_register(self) -> Register | None:
        return None

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        register = self.get_register()
        filters = filters_from(self.request, register_id=register.pk if register else None)
        rows = selectors.risks_filtered(self.organisation, filters)
        kind = filters.kind or Risk.Kind.RISK
        mapped = [r for r in rows if r.risk.is_open and r.risk.kind == kind]
        noun = "opportunities" if kind == Risk.Kind.OPPORTUNITY else "risks"
        bands = selectors.score_bands_for(self.organisation)
        data = heat_map(selectors.heat_map_for(mapped), bands)
        title = f"Heat map of open {noun}" + (f" on the {register}" if register else "")
        name = register.name if register else "All registers"
        return super().get_context_data(
            register=register,
            rows=rows,
            above_count=sum(row.above_appetite for row in rows),
            heat_map=data,
            heat_map_svg=heat_map_svg(data, chart_id="heat-map", title=title, noun=noun),
            heat_map_title=title,
            noun=noun,
            filters=filters,
            filtered=any(
                [filters.category_id, filters.owner_id, filters.band, filters.above_appetite]
            ),
            registers=selectors.registers_for(self.organisation),
            categories=RiskCategory.objects.filter(organisation=self.organisation),
            owners=selectors.owners_of_risks(self.organisation),
            bands=list(reversed(bands)),
            kinds=Risk.Kind.choices,
            statuses=Risk.Status.choices,
            can_add=register is not None and permissions.can_add_risk(self.request.user, register),
            history=history_for(register) if register else [],
            breadcrumbs=crumbs((name, None)),
            **kwargs,
        )


class RegisterDetailView(RisksView):
    def get_register(self) -> Register | None:
        return register_for(self.organisation, self.kwargs["pk"])


class CorporateRegisterView(RisksView):
    def get_register(self) -> Register | None:
        register = selectors.corporate_register(self.organisation)
        if register is None:
            raise Http404("There is no corporate risk register.")
        return register


urlpatterns = [
    path("risks/", RegisterListView.as_view(), name="register_list"),
    path("risks/all/", RisksView.as_view(), name="risk_list"),
    path("risks/corporate/", CorporateRegisterView.as_view(), name="corporate_register"),
    path("risks/registers/<int:pk>/", RegisterDetailView.as_view(), name="register_detail"),
]
