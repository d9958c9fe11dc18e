"""The performance admins' pages: the quarters and whether each is published, publishing one
(after a confirmation), opening one for a correction and publishing the correction."""

from abc import ABC, abstractmethod

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.history import history_for
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.quality import periods_within
from goldenthread.publishing import services
from goldenthread.publishing.forms import CorrectForm, OpenForCorrectionForm, PublishForm
from goldenthread.publishing.models import Publication
from goldenthread.publishing.selectors import versions_of
from goldenthread.strategy.models import ReportingPeriod

QUARTERS_SHOWN = 8


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [{"text": "Home", "href": reverse("home")}] + [
        {"text": text, "href": href} for text, href in pairs
    ]


class PublisherMixin(OrganisationMemberMixin):
    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        if request.user.is_authenticated and not permissions.can_publish(
            request.user, request.organisation
        ):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def period(self) -> ReportingPeriod:
        return get_object_or_404(
            ReportingPeriod,
            organisation=self.organisation,  # type: ignore[attr-defined]
            frequency="quarterly",
            label=self.kwargs["label"],  # type: ignore[attr-defined]
        )


class PublishingListView(PublisherMixin, TemplateView):
    template_name = "publishing/list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        quarters = list(
            ReportingPeriod.objects.filter(
                organisation=self.organisation,
                frequency="quarterly",
                end_date__lt=timezone.localdate(),
            ).order_by("-end_date")[:QUARTERS_SHOWN]
        )
        published = {
            p.period_id: p
            for p in Publication.objects.filter(organisation=self.organisation, period__in=quarters)
        }
        return super().get_context_data(
            quarters=[(quarter, published.get(quarter.pk)) for quarter in quarters],
            breadcrumbs=crumbs(("Publishing", None)),
            **kwargs,
        )


def readiness(period: ReportingPeriod) -> dict[str, int]:
    """How many of the period's returns are approved, and how many are not yet."""
    statuses = IndicatorReturn.objects.filter(
        indicator__organisation_id=period.organisation_id, period__in=periods_within(period)
    ).values_list("status", flat=True)
    approved = sum(1 for s in statuses if s in ("approved", "locked"))
    return {
        "indicators": Indicator.objects.filter(
            organisation_id=period.organisation_id, is_active=True
        ).count(),
        "approved": approved,
        "waiting": len(statuses) - approved,
    }


class PublishView(PublisherMixin, FormView):
    template_name = "publishing/publish.html"
    form_class = PublishForm

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = self.period()
        return super().get_context_data(
            period=period,
            readiness=readiness(period),
            breadcrumbs=crumbs(
                ("Publishing", reverse("publishing:list")), (f"Publish {period.label}", None)
            ),
            **kwargs,
        )

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        period = self.period()
        try:
            version = services.publication_publish(
                organisation=self.organisation,
                period=period,
                user=self.request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            raise Http404("Not found") from error
        messages.success(self.request, f"{period.name} is published (version {version.number}).")
        return redirect("publishing:detail", label=period.label)


class PublicationDetailView(PublisherMixin, TemplateView):
    template_name = "publishing/detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = self.period()
        publication = get_object_or_404(
            Publication, organisation=self.organisation, period=period, latest_number__gt=0
        )
        return super().get_context_data(
            period=period,
            publication=publication,
            versions=versions_of(self.organisation, period.label),
            history=history_for(publication),
            breadcrumbs=crumbs(("Publishing", reverse("publishing:list")), (period.label, None)),
            **kwargs,
        )


class PublicationFormView(PublisherMixin, FormView, ABC):
    """Opening for a correction, or publishing one: a reason or note, then the service."""

    template_name = "form_page.html"
    heading = ""
    submit_label = ""

    def publication(self) -> Publication:
        return get_object_or_404(
            Publication, organisation=self.organisation, period=self.period(), latest_number__gt=0
        )

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = self.period()
        return super().get_context_data(
            heading=f"{self.heading}: {period.name}",
            submit_label=self.submit_label,
            breadcrumbs=crumbs(
                ("Publishing", reverse("publishing:list")),
                (period.label, reverse("publishing:detail", args=[period.label])),
                (self.heading, None),
            ),
            **kwargs,
        )

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            with transaction.atomic():
                message = self.act(self.publication(), form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            raise Http404("Not found") from error
        messages.success(self.request, message)
        return redirect("publishing:detail", label=self.kwargs["label"])

    @abstractmethod
    def act(self, publication: Publication, data: dict) -> str:
        """Does what the form asks to the publication; the message for the person."""


class OpenForCorrectionView(PublicationFormView):
    form_class = OpenForCorrectionForm
    heading = "Open for a correction"
    submit_label = "Unlock the returns"

    def act(self, publication: Publication, data: dict) -> str:
        services.publication_open_for_correction(
            publication=publication, user=self.request.user, reason=data["reason"]
        )
        return (
            "The period's returns are unlocked: reopen, correct and approve them, then publish "
            "the correction. The public site shows the published version until then."
        )


class CorrectView(PublicationFormView):
    form_class = CorrectForm
    heading = "Publish a correction"
    submit_label = "Publish the correction"

    def act(self, publication: Publication, data: dict) -> str:
        version = services.publication_correct(
            publication=publication, user=self.request.user, note=data["note"]
        )
        return (
            f"Version {version.number} is published with your note; earlier versions stay public."
        )


urlpatterns = [
    path("publishing/", PublishingListView.as_view(), name="list"),
    path("publishing/<str:label>/", PublicationDetailView.as_view(), name="detail"),
    path("publishing/<str:label>/publish/", PublishView.as_view(), name="publish"),
    path("publishing/<str:label>/open/", OpenForCorrectionView.as_view(), name="open"),
    path("publishing/<str:label>/correct/", CorrectView.as_view(), name="correct"),
]
