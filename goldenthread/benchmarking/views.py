"""Benchmarking pages: the overview, a metric among a comparator group, comparator groups,
and the forms that link indicators to published metrics and set comparator targets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import FormView, TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.benchmarking import selectors, services
from goldenthread.benchmarking.charts import chart_id_for, comparator_chart
from goldenthread.benchmarking.forms import (
    ComparatorGroupForm,
    ComparatorTargetForm,
    MetricLinkForm,
)
from goldenthread.benchmarking.models import ComparatorGroup, ExternalMetric
from goldenthread.history import history_for
from goldenthread.indicators.models import Indicator


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [
        {"text": "Home", "href": reverse("home")},
        {"text": "Benchmarking", "href": reverse("benchmarking:index")},
    ] + [{"text": text, "href": href} for text, href in pairs]


class IndexView(OrganisationMemberMixin, TemplateView):
    template_name = "benchmarking/index.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        organisation = self.organisation
        return super().get_context_data(
            links=selectors.metric_links_for(organisation),
            groups=selectors.groups_for(organisation),
            sources=selectors.sources_with_metrics(),
            can_configure=permissions.can_configure(self.request.user, organisation),
            breadcrumbs=[{"text": "Home", "href": reverse("home")}, {"text": "Benchmarking"}],
            **kwargs,
        )


class MetricDetailView(OrganisationMemberMixin, TemplateView):
    """A metric among a comparator group: the council's figure, rank and quartile against the
    group's median and quartiles and the national and regional averages, period by period.
    ?council=<GSS code> looks at another council among its own (published) groups."""

    template_name = "benchmarking/metric_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        metric = get_object_or_404(ExternalMetric.objects.select_related("source"), pk=kwargs["pk"])
        query = self.request.GET
        subject = self.organisation
        code = query.get("council", "").strip().upper()
        if code and code != (subject.gss_code or ""):
            subject = get_object_or_404(Organisation, gss_code=code)
        groups = list(selectors.groups_for(subject))
        if subject != self.organisation:
            groups = [g for g in groups if g.kind != ComparatorGroup.Kind.USER_DEFINED]
        # A group or period from an earlier choice of council may not apply: show the default.
        chosen = next((g for g in groups if str(g.pk) == query.get("group")), None)
        group = chosen or selectors.default_group(metric, subject, groups)
        context = super().get_context_data(
            metric=metric,
            subject=subject,
            groups=groups,
            group=group,
            councils=selectors.councils_with_values(metric),
            breadcrumbs=crumbs((metric.code, None)),
            **kwargs,
        )
        if group is None:
            return context
        result = selectors.benchmark_for(metric=metric, group=group, subject=subject)
        figures = result.figures_for(query.get("period", "").strip()) or result.latest
        context.update(benchmark=result, figures=figures)
        if figures is not None:
            chart_id = chart_id_for(metric, figures)
            svg = comparator_chart(
                result, figures, chart_id=chart_id, is_viewer=subject == self.organisation
            )
            chart = mark_safe(svg)  # noqa: S308  # nosec B308, B703  # matplotlib escapes its text
            context.update(
                chart=chart,
                chart_id=chart_id,
                series=result.series(figures.period.frequency),
            )
        return context


class GroupListView(OrganisationMemberMixin, TemplateView):
    template_name = "benchmarking/group_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            groups=selectors.groups_for(self.organisation),
            can_configure=permissions.can_configure(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Comparator groups", None)),
            **kwargs,
        )


class GroupDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "benchmarking/group_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        group = selectors.group_visible(kwargs["pk"], self.organisation)
        if group is None:
            raise Http404("No such comparator group.")
        return super().get_context_data(
            group=group,
            members=group.members.order_by("name"),
            can_edit=group.owner_id == self.organisation.pk
            and group.kind == ComparatorGroup.Kind.USER_DEFINED
            and permissions.can_configure(self.request.user, self.organisation),
            history=history_for(group),
            breadcrumbs=crumbs(
                ("Comparator groups", reverse("benchmarking:group_list")), (group.name, None)
            ),
            **kwargs,
        )


class GroupFormView(OrganisationMemberMixin, FormView):
    """Add or change a group the council chooses itself."""

    template_name = "form_page.html"
    form_class = ComparatorGroupForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        if not permissions.can_configure(self.request.user, self.organisation):
            raise PermissionDenied("Only performance admins keep comparator groups.")
        self.group = None
        if "pk" in self.kwargs:
            self.group = get_object_or_404(
                ComparatorGroup,
                pk=self.kwargs["pk"],
                owner=self.organisation,
                kind=ComparatorGroup.Kind.USER_DEFINED,
            )
        return {**super().get_form_kwargs(), "instance": self.group}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        group = form.instance
        group.owner = self.organisation
        try:
            services.comparator_group_save(
                group=group, members=form.cleaned_data["councils"], user=self.request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{group.name} has been saved.")
        return redirect(group)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # makes the form, which finds the group
        heading = f"Change {self.group.name}" if self.group else "Add a comparator group"
        context.update(
            heading=heading,
            breadcrumbs=crumbs(
                ("Comparator groups", reverse("benchmarking:group_list")), (heading, None)
            ),
        )
        return context


class GroupStandardView(OrganisationMemberMixin, View):
    """Makes (or brings up to date) the council's region and council-type groups."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        groups = services.comparator_groups_standard_ensure(
            owner=self.organisation, user=request.user
        )
        names = " and ".join(group.name for group in groups)
        messages.success(request, f"{names} are up to date.")
        return redirect("benchmarking:group_list")


class MetricLinkView(OrganisationMemberMixin, FormView):
    """Say that one of the council's indicators has a published metric's definition."""

    template_name = "form_page.html"
    form_class = MetricLinkForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        editable = [
            indicator.pk
            for indicator in Indicator.objects.filter(
                organisation=self.organisation, is_active=True, is_qualitative=False
            ).select_related("organisation")
            if permissions.can_edit_indicator(self.request.user, indicator)
        ]
        if not editable:
            raise PermissionDenied("You cannot change any indicator.")
        initial = {}
        if self.request.GET.get("indicator", "").isdigit():
            initial["indicator"] = int(self.request.GET["indicator"])
        return {
            **super().get_form_kwargs(),
            "initial": initial,
            "indicators": Indicator.objects.filter(pk__in=editable).order_by("code"),
            "groups": ComparatorGroup.objects.filter(owner=self.organisation),
        }

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        try:
            link = services.indicator_metric_link_save(
                indicator=data["indicator"],
                metric=data["metric"],
                group=data["group"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{link.indicator.code} is linked to {link.metric.code}.")
        return redirect(link.indicator)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        heading = "Link an indicator to a published metric"
        return super().get_context_data(
            heading=heading, breadcrumbs=crumbs((heading, None)), **kwargs
        )


class ComparatorTargetView(OrganisationMemberMixin, FormView):
    """Set a period's target against comparators for one indicator."""

    template_name = "form_page.html"
    form_class = ComparatorTargetForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.indicator = get_object_or_404(
            Indicator.objects.select_related("organisation"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )
        if not permissions.can_edit_indicator(self.request.user, self.indicator):
            raise PermissionDenied("You cannot set targets for this indicator.")
        return {
            **super().get_form_kwargs(),
            "indicator": self.indicator,
            "groups": ComparatorGroup.objects.filter(owner=self.organisation),
        }

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        try:
            rule = services.comparator_target_set(
                indicator=self.indicator,
                period=data["period"],
                metric=data["metric"],
                group=data["group"],
                statistic=data["statistic"],
                margin=data["margin"],
                tolerance=data["tolerance"],
                tolerance_is_percentage=data["tolerance_is_percentage"],
                user=self.request.user,
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Target for {data['period'].label}: {rule.description.lower()}."
        )
        return redirect(self.indicator)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # makes the form, which finds the indicator
        heading = f"Target against comparators for {self.indicator.code}"
        context.update(heading=heading, breadcrumbs=crumbs((heading, None)))
        return context
