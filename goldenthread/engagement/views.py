"""Engagement pages: consultations and their results, the complaints and commendations log
with its export, import and indicator figures, and needs assessment evidence."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from goldenthread import form_pages
from goldenthread.accounts import permissions
from goldenthread.accounts.models import OrgUnit
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.engagement import exports, importers, selectors, services
from goldenthread.engagement.forms import (
    ComplaintFeedForm,
    ComplaintForm,
    ConsultationForm,
    EvidenceForm,
    FiguresForm,
    ImportForm,
    ResultForm,
    YouSaidWeDidForm,
)
from goldenthread.engagement.models import (
    Complaint,
    ComplaintFeed,
    Consultation,
    ConsultationResult,
    NeedsEvidence,
    YouSaidWeDid,
)
from goldenthread.history import history_for
from goldenthread.strategy.models import LinkKind


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [
        {"text": "Home", "href": reverse("home")},
        {"text": "Engagement", "href": reverse("engagement:index")},
    ] + [{"text": text, "href": href} for text, href in pairs]


def parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


class ServiceFormView(form_pages.ServiceFormView):
    section = ("Engagement", "engagement:index")


# Overview and consultations ------------------------------------------------------------


class IndexView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/index.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        org = self.organisation
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in Consultation.Kind.values else ""
        return super().get_context_data(
            consultations=selectors.consultations_for(org, kind=kind),
            kinds=Consultation.Kind.choices,
            kind=kind,
            commendations=selectors.commendations_feed(org, limit=5),
            can_manage=permissions.can_manage_engagement(self.request.user, org),
            breadcrumbs=crumbs()[:-1] + [{"text": "Engagement"}],
            **kwargs,
        )


def consultation_or_404(organisation, pk):  # type: ignore[no-untyped-def]
    consultation = selectors.consultation_for_page(organisation, pk)
    if consultation is None:
        raise Http404("There is no such consultation.")
    return consultation


class ConsultationDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/consultation_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        consultation = consultation_or_404(self.organisation, self.kwargs["pk"])
        return super().get_context_data(
            consultation=consultation,
            results=selectors.result_rows(consultation),
            can_manage=permissions.can_manage_engagement(self.request.user, self.organisation),
            history=history_for(consultation),
            breadcrumbs=crumbs((consultation.title, None)),
            **kwargs,
        )


class ConsultationFormView(ServiceFormView):
    form_class = ConsultationForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if not permissions.can_manage_engagement(self.request.user, self.organisation):
            raise PermissionDenied("You cannot record consultations.")
        if "pk" in self.kwargs:
            return consultation_or_404(self.organisation, self.kwargs["pk"])
        return Consultation(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.consultation_save(consultation=form.instance, user=self.request.user)

    def heading_for(self) -> str:
        return f"Edit {self.instance}" if self.instance.pk else "Add a consultation"


class ConsultationPartMixin:
    """Pages that add to a consultation: its results and its "you said, we did"."""

    def get_instance(self):  # type: ignore[no-untyped-def]
        if not permissions.can_manage_engagement(self.request.user, self.organisation):  # type: ignore[attr-defined]
            raise PermissionDenied("You cannot change consultations.")
        self.consultation = consultation_or_404(self.organisation, self.kwargs["pk"])  # type: ignore[attr-defined]
        return self.model(consultation=self.consultation)  # type: ignore[attr-defined]

    def success_url_for(self, saved):  # type: ignore[no-untyped-def]
        return self.consultation.get_absolute_url()

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["breadcrumbs"] = crumbs(
            (self.consultation.title, self.consultation.get_absolute_url()),
            (context["heading"], None),
        )
        return context


class ResultFormView(ConsultationPartMixin, ServiceFormView):
    model = ConsultationResult
    form_class = ResultForm

    def save(self, form):  # type: ignore[no-untyped-def]
        result = form.instance
        existing = ConsultationResult.objects.filter(
            consultation=self.consultation, indicator=result.indicator, period=result.period
        ).first()
        if existing is not None:  # recording the same question again corrects it
            result.pk = existing.pk
        indicator_return = services.consultation_result_record(
            result=result, user=self.request.user, submit=form.cleaned_data["submit"]
        )
        state = indicator_return.get_status_display().lower()
        messages.info(
            self.request,
            f"{result.indicator.code} for {result.period}: "
            f"{result.indicator.format_value(indicator_return.value)} saved as a {state} return.",
        )
        return result

    def heading_for(self) -> str:
        return f"Record a result of {self.consultation}"


class YouSaidWeDidFormView(ConsultationPartMixin, ServiceFormView):
    model = YouSaidWeDid
    form_class = YouSaidWeDidForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        kwargs = super().get_form_kwargs()
        kwargs.pop("organisation")
        return kwargs

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.you_said_we_did_save(response=form.instance, user=self.request.user)

    def heading_for(self) -> str:
        return f"Add a “you said, we did” response to {self.consultation}"


# Complaints and commendations ----------------------------------------------------------


def complaint_filters(query) -> selectors.ComplaintFilters:  # type: ignore[no-untyped-def]
    unit = query.get("unit", "")
    kind = query.get("kind", "")
    outcome = query.get("outcome", "")
    return selectors.ComplaintFilters(
        kind=kind if kind in Complaint.Kind.values else "",
        unit_id=int(unit) if unit.isdigit() else None,
        outcome=outcome if outcome in {"open", *Complaint.Outcome.values} else "",
        start=parse_date(query.get("start", "")),
        end=parse_date(query.get("end", "")),
    )


class ComplaintListView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/complaint_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        org = self.organisation
        filters = complaint_filters(self.request.GET)
        complaints = selectors.complaints_filtered(org, filters)
        today = timezone.localdate()
        year_ago = today.replace(year=today.year - 1)
        return super().get_context_data(
            complaints=complaints,
            filters=filters,
            query=self.request.GET.urlencode(),
            units=OrgUnit.objects.filter(organisation=org, complaints__isnull=False)
            .distinct()
            .order_by("name"),
            kinds=Complaint.Kind.choices,
            outcomes=[("open", "Not yet decided"), *Complaint.Outcome.choices[1:]],
            by_service=selectors.complaints_by_service(org, start=year_ago, end=today),
            year_ago=year_ago,
            can_manage=permissions.can_manage_engagement(self.request.user, org),
            breadcrumbs=crumbs(("Complaints and commendations", None)),
            **kwargs,
        )


def complaint_or_404(organisation, pk):  # type: ignore[no-untyped-def]
    return get_object_or_404(
        Complaint.objects.select_related("org_unit", "organisation"),
        organisation=organisation,
        pk=pk,
    )


class ComplaintDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/complaint_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        complaint = complaint_or_404(self.organisation, self.kwargs["pk"])
        return super().get_context_data(
            complaint=complaint,
            can_edit=permissions.can_log_complaint(
                self.request.user, self.organisation, unit_id=complaint.org_unit_id
            ),
            history=history_for(complaint),
            breadcrumbs=crumbs(
                ("Complaints and commendations", reverse("engagement:complaint_list")),
                (complaint.reference, None),
            ),
            **kwargs,
        )


class ComplaintFormView(ServiceFormView):
    form_class = ComplaintForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if "pk" in self.kwargs:
            complaint = complaint_or_404(self.organisation, self.kwargs["pk"])
            if not permissions.can_log_complaint(
                self.request.user, self.organisation, unit_id=complaint.org_unit_id
            ):
                raise PermissionDenied("You cannot change this service's complaints.")
            return complaint
        if not permissions.can_manage_engagement(self.request.user, self.organisation):
            raise PermissionDenied("You cannot log complaints.")
        return Complaint(organisation=self.organisation, received_on=timezone.localdate())

    def save(self, form):  # type: ignore[no-untyped-def]
        try:
            return services.complaint_save(complaint=form.instance, user=self.request.user)
        except PermissionDenied as error:
            raise ValidationError({"org_unit": str(error)}) from error

    def heading_for(self) -> str:
        if self.instance.pk:
            return f"Edit {self.instance.reference}"
        return "Log a complaint or commendation"


class ComplaintExportView(OrganisationMemberMixin, View):
    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        complaints = selectors.complaints_filtered(
            self.organisation, complaint_filters(request.GET)
        )
        stamp = timezone.localdate().isoformat()
        if kwargs["fmt"] == "xlsx":
            response = HttpResponse(
                exports.complaints_xlsx(complaints),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(
                exports.complaints_csv(complaints), content_type="text/csv; charset=utf-8"
            )
        name = f"complaints-{stamp}.{kwargs['fmt']}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ComplaintImportView(OrganisationMemberMixin, FormView):
    template_name = "engagement/complaint_import.html"
    form_class = ImportForm

    def get_form(self, form_class=None):  # type: ignore[no-untyped-def]
        if not permissions.can_manage_engagement(self.request.user, self.organisation):
            raise PermissionDenied("You cannot import complaints.")
        return super().get_form(form_class)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        result = importers.complaints_import(
            data=form.cleaned_data["file"].read(),
            organisation=self.organisation,
            user=self.request.user,
        )
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, result=result))
        messages.success(
            self.request,
            f"Imported: {result.created} logged, {result.updated} updated.",
        )
        return redirect("engagement:complaint_list")

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            breadcrumbs=crumbs(
                ("Complaints and commendations", reverse("engagement:complaint_list")),
                ("Import", None),
            ),
            **kwargs,
        )


class CommendationFeedView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/commendations.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            commendations=selectors.commendations_feed(self.organisation, limit=50),
            breadcrumbs=crumbs(("Commendations", None)),
            **kwargs,
        )


class FiguresView(OrganisationMemberMixin, FormView):
    """Writes the quarter's complaints figures into the fed indicators' draft returns."""

    template_name = "engagement/figures.html"

    def get_form(self, form_class=None):  # type: ignore[no-untyped-def]
        return FiguresForm(
            self.request.POST or None, organisation=self.organisation, prefix="figures"
        )

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Refused before the form is read, so a bad form never answers someone refused.
        if not permissions.can_manage_engagement(request.user, self.organisation):
            raise PermissionDenied("You cannot write complaints figures.")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        written = services.complaint_figures_write(
            organisation=self.organisation,
            period=form.cleaned_data["period"],
            user=self.request.user,
        )
        return self.render_to_response(
            self.get_context_data(form=form, written=written, period=form.cleaned_data["period"])
        )

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            feeds=ComplaintFeed.objects.filter(organisation=self.organisation).select_related(
                "indicator", "org_unit"
            ),
            can_manage=permissions.can_manage_engagement(self.request.user, self.organisation),
            breadcrumbs=crumbs(
                ("Complaints and commendations", reverse("engagement:complaint_list")),
                ("Figures for indicators", None),
            ),
            **kwargs,
        )


class FeedFormView(ServiceFormView):
    form_class = ComplaintFeedForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if not permissions.can_manage_engagement(self.request.user, self.organisation):
            raise PermissionDenied("You cannot change complaints feeds.")
        return ComplaintFeed(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.complaint_feed_save(feed=form.instance, user=self.request.user)

    def success_url_for(self, saved):  # type: ignore[no-untyped-def]
        return reverse("engagement:figures")

    def heading_for(self) -> str:
        return "Feed a complaints figure into an indicator"


# Needs evidence --------------------------------------------------------------------------


class EvidenceListView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/evidence_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            evidence=selectors.evidence_for(self.organisation),
            can_manage=permissions.can_manage_engagement(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Needs assessment evidence", None)),
            **kwargs,
        )


def evidence_or_404(organisation, pk):  # type: ignore[no-untyped-def]
    return get_object_or_404(selectors.evidence_for(organisation), pk=pk)


class EvidenceDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "engagement/evidence_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        evidence = evidence_or_404(self.organisation, self.kwargs["pk"])
        return super().get_context_data(
            evidence=evidence,
            can_manage=permissions.can_manage_engagement(self.request.user, self.organisation),
            history=history_for(evidence),
            breadcrumbs=crumbs(
                ("Needs assessment evidence", reverse("engagement:evidence_list")),
                (evidence.title, None),
            ),
            **kwargs,
        )


class EvidenceFormView(ServiceFormView):
    form_class = EvidenceForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if not permissions.can_manage_engagement(self.request.user, self.organisation):
            raise PermissionDenied("You cannot record needs evidence.")
        if "pk" in self.kwargs:
            return evidence_or_404(self.organisation, self.kwargs["pk"])
        return NeedsEvidence(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.evidence_save(
            evidence=form.instance,
            user=self.request.user,
            objectives=[(o, LinkKind.DIRECT) for o in form.cleaned_data["objectives"]],
        )

    def heading_for(self) -> str:
        return f"Edit {self.instance}" if self.instance.pk else "Add needs assessment evidence"
