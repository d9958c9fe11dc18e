"""Indicator pages: the list, the indicator page, the proforma and its targets."""

from typing import TypedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.safestring import SafeString, mark_safe
from django.views import View
from django.views.generic import FormView, TemplateView

from goldenthread import cells
from goldenthread.accounts import permissions
from goldenthread.accounts.models import OrgUnit
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.calculations.aggregation import ProfileMethod
from goldenthread.charts import chart_table_rows, indicator_chart
from goldenthread.history import history_for
from goldenthread.indicators import selectors, services
from goldenthread.indicators.forms import IndicatorForm, ProfileForm, TargetForm
from goldenthread.indicators.models import IndicatorObjective, Target
from goldenthread.indicators.sections import sections_for
from goldenthread.indicators.selectors import Performance
from goldenthread.indicators.views.common import (
    RAG_LABELS,
    crumbs,
    indicator_for,
    period_from_request,
    quarters_for,
)
from goldenthread.links import url_by_pk
from goldenthread.strategy.models import ReportingPeriod, Theme
from goldenthread.templatetags.performance import direction_html, rag_html, variation_html


class ListRow(TypedDict):
    """A row of the indicator list with its cells made ready (see `goldenthread.cells`): a
    council's list has hundreds of rows."""

    href: SafeString
    name: SafeString  # code and title
    recovery_needed: bool
    period: SafeString  # of the latest value, or "None"
    value: SafeString  # "Narrative", "No data" or the value in its unit
    target: SafeString  # "" when none
    rag: SafeString
    direction: SafeString  # since the previous period
    variation: SafeString  # "" when there is no SPC


def list_rows(rows: list[Performance]) -> list[ListRow]:
    indicator_url = url_by_pk("indicators:indicator_detail")
    table = []
    for row in rows:
        indicator, current = row.indicator, row.current
        target = current.target_value if current is not None else None
        spc = row.spc
        table.append(
            ListRow(
                href=cells.text(indicator_url(indicator.pk)),
                name=cells.text(f"{indicator.code} {indicator.title}"),
                recovery_needed=row.recovery_needed,
                period=cells.text((current.period.label if current is not None else "") or "None"),
                value=cells.text(
                    "Narrative"
                    if indicator.is_qualitative
                    else indicator.format_value(current.value if current is not None else None)
                ),
                target=cells.text(indicator.format_value(target))
                if target is not None
                else cells.EMPTY,
                rag=rag_html(row.rag),
                direction=direction_html(row.since_previous),
                variation=cells.EMPTY if spc is None else variation_html(spc.variation),
            )
        )
    return table


class IndicatorListView(OrganisationMemberMixin, TemplateView):
    template_name = "indicators/indicator_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        query = self.request.GET
        period = period_from_request(self.request, self.organisation)
        theme_id = int(query["theme"]) if query.get("theme", "").isdigit() else None
        unit_id = int(query["unit"]) if query.get("unit", "").isdigit() else None
        basket = {"yes": True, "no": False}.get(query.get("basket", ""))
        indicators = list(
            selectors.indicators_for_organisation(
                self.organisation,
                theme_id=theme_id,
                unit_id=unit_id,
                basket=basket,
                search=query.get("q", "").strip(),
            )
        )
        performance = selectors.performance_for(indicators, period)
        rag = query.get("rag", "")
        rows = [
            performance[indicator.pk]
            for indicator in indicators
            if not rag or performance[indicator.pk].rag.value == rag
        ]
        return super().get_context_data(
            period=period,
            periods=quarters_for(self.organisation),
            rows=rows,
            table=list_rows(rows),
            counts=selectors.counts_of(rows),
            themes=Theme.objects.filter(organisation=self.organisation).select_related("plan"),
            units=OrgUnit.objects.filter(organisation=self.organisation).order_by("name"),
            rag_choices=RAG_LABELS.items(),
            selected={
                "theme": theme_id,
                "unit": unit_id,
                "basket": query.get("basket", ""),
                "rag": rag,
                "q": query.get("q", ""),
            },
            can_create=permissions.can_configure(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Indicators", None)),
            **kwargs,
        )


class IndicatorDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "indicators/indicator_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        indicator = indicator_for(self.organisation, self.kwargs["pk"])
        period = period_from_request(self.request, self.organisation, indicator.frequency)
        # People who can enter or approve the indicator's returns see unapproved values,
        # marked provisional; everyone else sees approved figures only.
        insider = permissions.can_enter_return(
            self.request.user, indicator
        ) or permissions.can_approve_return(self.request.user, indicator)
        performance = selectors.performance_for([indicator], period, include_unapproved=insider)[
            indicator.pk
        ]
        chart_id = f"chart-{indicator.pk}"
        svg = indicator_chart(performance, chart_id=chart_id)
        chart = mark_safe(svg)  # noqa: S308  # nosec B308, B703  # matplotlib escapes its text
        context = super().get_context_data(
            indicator=indicator,
            period=period,
            performance=performance,
            chart=chart,
            chart_id=chart_id,
            table_rows=chart_table_rows(performance),
            returns=(
                indicator.returns.all()
                if insider
                else indicator.returns.filter(status__in=selectors.APPROVED)
            )
            .select_related("period", "approved_by", "submitted_by")
            .order_by("-period__start_date")[:24],
            targets=Target.objects.filter(indicator=indicator)
            .select_related("period", "set_by")
            .order_by("-period__start_date", "-version")[:40],
            objectives=IndicatorObjective.objects.filter(indicator=indicator).select_related(
                "objective__plan"
            ),
            updaters=indicator.updaters.all(),
            can_edit=permissions.can_edit_indicator(self.request.user, indicator),
            can_sign_off=permissions.can_approve(
                self.request.user, self.organisation, unit_id=indicator.org_unit_id
            ),
            can_enter=permissions.can_enter_return(self.request.user, indicator),
            history=history_for(indicator),
            breadcrumbs=crumbs(
                ("Indicators", reverse("indicators:indicator_list")), (indicator.code, None)
            ),
            **kwargs,
        )
        page = {key: context[key] for key in ("indicator", "performance", "can_edit")}
        context["sections"] = sections_for(self.request, indicator, performance, page)
        return context


class IndicatorFormView(OrganisationMemberMixin, FormView):
    template_name = "indicators/indicator_form.html"
    form_class = IndicatorForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        kwargs = {**super().get_form_kwargs(), "organisation": self.organisation}
        self.indicator = None
        if "pk" in self.kwargs:
            self.indicator = indicator_for(self.organisation, self.kwargs["pk"])
            if not permissions.can_edit_indicator(self.request.user, self.indicator):
                raise PermissionDenied("You cannot edit this indicator.")
            kwargs["instance"] = self.indicator
        elif not permissions.can_configure(self.request.user, self.organisation):
            raise PermissionDenied("Only performance admins add indicators.")
        return kwargs

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        indicator = form.instance
        indicator.organisation = self.organisation
        existing = (
            {link.objective_id: link.kind for link in indicator.objective_links.all()}
            if indicator.pk
            else {}
        )
        objectives = [
            (objective, existing.get(objective.pk, "direct"))
            for objective in form.cleaned_data["objectives"]
        ]
        try:
            with transaction.atomic():
                if not form.check_current():
                    return self.form_invalid(form)
                services.indicator_save(indicator=indicator, objectives=objectives)
                indicator.updaters.set(form.cleaned_data["updaters"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{indicator} has been saved.")
        return redirect(indicator)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        heading = f"Edit {self.indicator}" if self.indicator else "Add an indicator"
        context.update(
            heading=heading,
            breadcrumbs=crumbs(
                ("Indicators", reverse("indicators:indicator_list")), (heading, None)
            ),
        )
        return context


class IndicatorSignOffView(OrganisationMemberMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        indicator = indicator_for(self.organisation, kwargs["pk"])
        services.indicator_sign_off(indicator=indicator, user=request.user)
        messages.success(request, f"You have signed off the proforma for {indicator.code}.")
        return redirect(indicator)


class TargetsView(OrganisationMemberMixin, TemplateView):
    """Set a period's target (a new version when one exists) or profile an annual target."""

    template_name = "indicators/targets.html"

    def setup_forms(self):  # type: ignore[no-untyped-def]
        self.indicator = indicator_for(self.organisation, self.kwargs["pk"])
        if not permissions.can_edit_indicator(self.request.user, self.indicator):
            raise PermissionDenied("You cannot set targets for this indicator.")
        periods = ReportingPeriod.objects.filter(
            organisation=self.organisation, frequency__in=[self.indicator.frequency, "annual"]
        ).order_by("-start_date")
        post = self.request.POST if self.request.method == "POST" else None
        action = self.request.POST.get("action") if post else None
        target_form = TargetForm(
            post if action == "target" else None, periods=periods, prefix="target"
        )
        profile_form = ProfileForm(post if action == "profile" else None, prefix="profile")
        return target_form, profile_form, action

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        target_form, profile_form, _ = self.setup_forms()
        return self.render_to_response(self.context(target_form, profile_form))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        target_form, profile_form, action = self.setup_forms()
        form = target_form if action == "target" else profile_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "target":
                    services.target_set(
                        indicator=self.indicator,
                        period=data["period"],
                        values=services.TargetValues(
                            value=data["value"],
                            band_lower=data["band_lower"],
                            band_upper=data["band_upper"],
                            tolerance=data["tolerance"],
                            tolerance_is_percentage=data["tolerance_is_percentage"],
                            comparator=data["comparator"],
                        ),
                        user=request.user,
                        reason=data["reason"],
                    )
                else:
                    services.targets_profile_annual(
                        indicator=self.indicator,
                        year=data["year"],
                        annual=data["annual"],
                        method=ProfileMethod(data["method"]),
                        weights=data["weights"],
                        tolerance=data["tolerance"],
                        tolerance_is_percentage=data["tolerance_is_percentage"],
                        user=request.user,
                        reason=data["reason"],
                    )
            except (ValidationError, ValueError) as error:
                form.add_error(
                    None, ValidationError(str(error)) if isinstance(error, ValueError) else error
                )
            else:
                messages.success(request, "The target has been saved.")
                return redirect("indicators:targets", pk=self.indicator.pk)
        return self.render_to_response(self.context(target_form, profile_form, form=form))

    def context(self, target_form, profile_form, **extra):  # type: ignore[no-untyped-def]
        return self.get_context_data(
            indicator=self.indicator,
            target_form=target_form,
            profile_form=profile_form,
            targets=Target.objects.filter(indicator=self.indicator)
            .select_related("period", "set_by")
            .order_by("-period__start_date", "-version")[:60],
            breadcrumbs=crumbs(
                ("Indicators", reverse("indicators:indicator_list")),
                (self.indicator.code, self.indicator.get_absolute_url()),
                ("Targets", None),
            ),
            **extra,
        )


urlpatterns = [
    path("indicators/", IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/add/", IndicatorFormView.as_view(), name="indicator_create"),
    path("indicators/<int:pk>/", IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<int:pk>/edit/", IndicatorFormView.as_view(), name="indicator_edit"),
    path(
        "indicators/<int:pk>/sign-off/", IndicatorSignOffView.as_view(), name="indicator_sign_off"
    ),
    path("indicators/<int:pk>/targets/", TargetsView.as_view(), name="targets"),
]


class SummaryView(OrganisationMemberMixin, TemplateView):
    """RAG counts rolled up by theme, service, committee and objective for a period."""

    template_name = "indicators/summary.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        from goldenthread.indicators.rollups import rag_rollups

        period = period_from_request(self.request, self.organisation)
        return super().get_context_data(
            period=period,
            periods=quarters_for(self.organisation),
            rollups=rag_rollups(self.organisation, period),
            breadcrumbs=crumbs(
                ("Indicators", reverse("indicators:indicator_list")), ("Summary", None)
            ),
            **kwargs,
        )


urlpatterns.append(path("indicators/summary/", SummaryView.as_view(), name="summary"))
