"""Challenge pages: clinics and scrutiny meetings, the scrutiny work programme, the Best
Value review programme, inspections and Turning the Curve worksheets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from goldenthread import form_pages
from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.challenge import charts, selectors, services
from goldenthread.challenge.forms import (
    AgreedActionForm,
    InspectionForm,
    ItemForm,
    MeetingForm,
    MonitorNoteForm,
    PartnerForm,
    ReviewForm,
    ScheduleForm,
    ScrutinyTopicForm,
    WorksheetForm,
)
from goldenthread.challenge.models import (
    BestValueReview,
    ChallengeItem,
    CurvePartner,
    CurveWorksheet,
    Inspection,
    Meeting,
    MonitorNote,
    ScrutinyTopic,
)
from goldenthread.delivery.forms import add_service_errors
from goldenthread.history import history_for


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [
        {"text": "Home", "href": reverse("home")},
        {"text": "Challenge", "href": reverse("challenge:index")},
    ] + [{"text": text, "href": href} for text, href in pairs]


class ServiceFormView(form_pages.ServiceFormView):
    section = ("Challenge", "challenge:index")


def run_challenge(view) -> None:  # type: ignore[no-untyped-def]
    if not permissions.can_run_challenge(view.request.user, view.organisation):
        raise PermissionDenied("Only performance admins and senior leaders can do this.")


# Overview and meetings ---------------------------------------------------------------------


class IndexView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/index.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        org, user = self.organisation, self.request.user
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in Meeting.Kind.values else ""
        today = timezone.localdate()
        meetings = list(selectors.meetings_for(org, kind=kind))
        return super().get_context_data(
            upcoming=sorted((m for m in meetings if m.held_on >= today), key=lambda m: m.held_on),
            past=[m for m in meetings if m.held_on < today],
            kinds=Meeting.Kind.choices,
            kind=kind,
            can_run=permissions.can_run_challenge(user, org),
            can_scrutinise=permissions.can_record_scrutiny(user, org),
            breadcrumbs=crumbs()[:-1] + [{"text": "Challenge"}],
            **kwargs,
        )


def meeting_or_404(organisation, pk):  # type: ignore[no-untyped-def]
    meeting = selectors.meeting_for_page(organisation, pk)
    if meeting is None:
        raise Http404("There is no such meeting.")
    return meeting


def can_change_meeting(user, meeting) -> bool:  # type: ignore[no-untyped-def]
    if meeting.kind == Meeting.Kind.SCRUTINY:
        return permissions.can_record_scrutiny(user, meeting.organisation)
    return permissions.can_run_challenge(user, meeting.organisation)


class MeetingDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/meeting_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        meeting = meeting_or_404(self.organisation, self.kwargs["pk"])
        today = timezone.localdate()
        previous = selectors.previous_meeting(meeting)
        can_change = can_change_meeting(self.request.user, meeting)
        return super().get_context_data(
            meeting=meeting,
            items=meeting.items.all(),
            suggestions=selectors.suggestions_for_meeting(meeting, today) if can_change else [],
            actions=selectors.actions_of(meeting, today),
            previous=previous,
            follow_up=selectors.actions_of(previous, today) if previous else [],
            can_change=can_change,
            can_agree=can_change
            and permissions.can_add_action(self.request.user, meeting.organisation),
            history=history_for(meeting),
            breadcrumbs=crumbs((meeting.title, None)),
            **kwargs,
        )


class MeetingFormView(ServiceFormView):
    form_class = MeetingForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if "pk" in self.kwargs:
            meeting = meeting_or_404(self.organisation, self.kwargs["pk"])
            if not can_change_meeting(self.request.user, meeting):
                raise PermissionDenied("You cannot change this meeting.")
            return meeting
        if not permissions.can_record_scrutiny(self.request.user, self.organisation):
            raise PermissionDenied("You cannot add meetings.")
        return Meeting(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        try:
            return services.meeting_save(meeting=form.instance, user=self.request.user)
        except PermissionDenied as error:
            raise ValidationError({"kind": str(error)}) from error

    def heading_for(self) -> str:
        return f"Edit {self.instance}" if self.instance.pk else "Add a clinic or scrutiny meeting"


class ScheduleView(OrganisationMemberMixin, FormView):
    template_name = "form_page.html"
    form_class = ScheduleForm

    def get_form(self, form_class=None):  # type: ignore[no-untyped-def]
        run_challenge(self)
        return super().get_form(form_class)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        try:
            made = services.clinics_schedule(
                organisation=self.organisation,
                kind=data["kind"],
                first_on=data["first_on"],
                count=data["count"],
                user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{len(made)} clinics have been scheduled.")
        return redirect("challenge:index")

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            heading="Schedule the year's clinics",
            submit_label="Schedule",
            breadcrumbs=crumbs(("Schedule the year's clinics", None)),
            **kwargs,
        )


class ItemChooseView(OrganisationMemberMixin, View):
    """Puts a suggested item on the meeting's agenda."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        meeting = meeting_or_404(self.organisation, kwargs["pk"])
        if not can_change_meeting(request.user, meeting):
            raise PermissionDenied("You cannot change this meeting.")
        key = request.POST.get("key", "")
        found = {s.key: s for s in selectors.suggestions_for_meeting(meeting, timezone.localdate())}
        if key not in found:
            messages.error(request, "That suggestion is no longer open: it may be chosen already.")
            return redirect(meeting)
        try:
            item = services.item_choose(meeting=meeting, suggestion=found[key], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{item.title}” is on the agenda.")
        return redirect(meeting)


class ItemFormView(ServiceFormView):
    form_class = ItemForm
    with_organisation = False

    def get_instance(self):  # type: ignore[no-untyped-def]
        self.meeting = meeting_or_404(self.organisation, self.kwargs["pk"])
        if not can_change_meeting(self.request.user, self.meeting):
            raise PermissionDenied("You cannot change this meeting.")
        if "item" in self.kwargs:
            return get_object_or_404(ChallengeItem, meeting=self.meeting, pk=self.kwargs["item"])
        return ChallengeItem(meeting=self.meeting, source="other")

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.item_save(item=form.instance, user=self.request.user)

    def heading_for(self) -> str:
        if self.instance.pk:
            return f"Discussion and root cause: {self.instance.title}"
        return "Add an item to challenge"

    def back(self) -> tuple[str, str] | None:
        return (self.meeting.title, self.meeting.get_absolute_url())


# Agreed actions, for every kind of source -----------------------------------------------------

SOURCES = {
    "meeting": lambda org, pk: meeting_or_404(org, pk),
    "review": lambda org, pk: get_object_or_404(BestValueReview, organisation=org, pk=pk),
    "inspection": lambda org, pk: get_object_or_404(Inspection, organisation=org, pk=pk),
    "worksheet": lambda org, pk: get_object_or_404(
        CurveWorksheet.objects.select_related("indicator__organisation"), organisation=org, pk=pk
    ),
}


def may_agree(user, source) -> bool:  # type: ignore[no-untyped-def]
    if not permissions.can_add_action(user, source.organisation):
        return False
    if isinstance(source, Meeting):
        return can_change_meeting(user, source)
    if isinstance(source, CurveWorksheet):
        return permissions.can_edit_turning_the_curve(user, source.indicator)
    return permissions.can_run_challenge(user, source.organisation)


class AgreedActionView(OrganisationMemberMixin, FormView):
    """Records an action agreed by a meeting, review, inspection or worksheet: a delivery
    action, owned and dated, that appears in its owner's quarterly action updates."""

    template_name = "form_page.html"
    form_class = AgreedActionForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        if self.kwargs["source"] not in SOURCES:
            raise Http404("Actions are agreed by meetings, reviews, inspections and worksheets.")
        self.source = SOURCES[self.kwargs["source"]](self.organisation, self.kwargs["pk"])
        if not may_agree(self.request.user, self.source):
            raise PermissionDenied("You cannot add actions here.")
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        try:
            action = services.agreed_action_add(
                source=self.source,
                data=services.AgreedAction(
                    title=data["title"],
                    description=data["description"],
                    lead=data["lead"],
                    org_unit=data["org_unit"],
                    due_date=data["due_date"],
                ),
                user=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{action.code} has been added to {action.lead}'s actions.")
        return redirect(self.source)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # builds the form, which finds the source
        heading = f"Add an agreed action: {self.source}"
        context.update(
            heading=heading,
            submit_label="Add the action",
            breadcrumbs=crumbs((str(self.source), self.source.get_absolute_url()), (heading, None)),
        )
        return context


# Scrutiny --------------------------------------------------------------------------------------


class ScrutinyView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/scrutiny.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            topics=selectors.work_programme(self.organisation),
            notes=selectors.monitor_notes(self.organisation)[:30],
            can_scrutinise=permissions.can_record_scrutiny(self.request.user, self.organisation),
            user_id=self.request.user.pk,
            breadcrumbs=crumbs(("Scrutiny", None)),
            **kwargs,
        )


class TopicFormView(ServiceFormView):
    form_class = ScrutinyTopicForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if not permissions.can_record_scrutiny(self.request.user, self.organisation):
            raise PermissionDenied("You cannot change the scrutiny work programme.")
        if "pk" in self.kwargs:
            return get_object_or_404(
                ScrutinyTopic, organisation=self.organisation, pk=self.kwargs["pk"]
            )
        return ScrutinyTopic(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.scrutiny_topic_save(topic=form.instance, user=self.request.user)

    def success_url_for(self, saved):  # type: ignore[no-untyped-def]
        return reverse("challenge:scrutiny")

    def heading_for(self) -> str:
        return f"Edit {self.instance}" if self.instance.pk else "Add a work programme topic"

    def back(self) -> tuple[str, str] | None:
        return ("Scrutiny", reverse("challenge:scrutiny"))


class NoteFormView(TopicFormView):
    form_class = MonitorNoteForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if not permissions.can_record_scrutiny(self.request.user, self.organisation):
            raise PermissionDenied("You cannot write monitors' notes.")
        if "pk" in self.kwargs:
            note = get_object_or_404(
                MonitorNote, organisation=self.organisation, pk=self.kwargs["pk"]
            )
            if note.author_id != self.request.user.pk:
                raise PermissionDenied("Only the note's author can change it.")
            return note
        return MonitorNote(organisation=self.organisation, written_on=timezone.localdate())

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.monitor_note_save(note=form.instance, user=self.request.user)

    def heading_for(self) -> str:
        return "Edit your note" if self.instance.pk else "Write a performance monitor's note"


# Best Value -------------------------------------------------------------------------------------


class ProgrammeView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/programme.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        rows = selectors.best_value_programme(self.organisation, timezone.localdate())
        return super().get_context_data(
            rows=rows,
            overdue=sum(1 for row in rows if row.standing.state == "overdue"),
            reviews=selectors.reviews_for(self.organisation),
            can_run=permissions.can_run_challenge(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Best Value review programme", None)),
            **kwargs,
        )


def review_or_404(organisation, pk):  # type: ignore[no-untyped-def]
    return get_object_or_404(selectors.reviews_for(organisation), pk=pk)


class ReviewDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/review_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        review = review_or_404(self.organisation, self.kwargs["pk"])
        can_run = permissions.can_run_challenge(self.request.user, self.organisation)
        return super().get_context_data(
            review=review,
            actions=selectors.actions_of(review, timezone.localdate()),
            can_run=can_run,
            history=history_for(review),
            breadcrumbs=crumbs(
                ("Best Value review programme", reverse("challenge:programme")),
                (review.title, None),
            ),
            **kwargs,
        )


class ReviewFormView(ServiceFormView):
    form_class = ReviewForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        run_challenge(self)
        if "pk" in self.kwargs:
            return review_or_404(self.organisation, self.kwargs["pk"])
        return BestValueReview(organisation=self.organisation, started_on=timezone.localdate())

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.review_save(review=form.instance, user=self.request.user)

    def heading_for(self) -> str:
        return f"Edit {self.instance}" if self.instance.pk else "Start a Best Value review"

    def back(self) -> tuple[str, str] | None:
        return ("Best Value review programme", reverse("challenge:programme"))


class ReviewCompleteView(OrganisationMemberMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        review = review_or_404(self.organisation, kwargs["pk"])
        try:
            services.review_complete(review=review, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{review} is complete; the next review is due in five years."
            )
        return redirect(review)


# Inspections -----------------------------------------------------------------------------------


class InspectionListView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/inspection_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            inspections=selectors.inspections_for(self.organisation).prefetch_related("actions"),
            can_run=permissions.can_run_challenge(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Inspections and peer assessments", None)),
            **kwargs,
        )


class InspectionDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/inspection_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        inspection = get_object_or_404(
            selectors.inspections_for(self.organisation), pk=self.kwargs["pk"]
        )
        return super().get_context_data(
            inspection=inspection,
            actions=selectors.actions_of(inspection, timezone.localdate()),
            can_run=permissions.can_run_challenge(self.request.user, self.organisation),
            history=history_for(inspection),
            breadcrumbs=crumbs(
                ("Inspections and peer assessments", reverse("challenge:inspection_list")),
                (inspection.title, None),
            ),
            **kwargs,
        )


class InspectionFormView(ServiceFormView):
    form_class = InspectionForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        run_challenge(self)
        if "pk" in self.kwargs:
            return get_object_or_404(
                Inspection, organisation=self.organisation, pk=self.kwargs["pk"]
            )
        return Inspection(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.inspection_save(inspection=form.instance, user=self.request.user)

    def heading_for(self) -> str:
        return (
            f"Edit {self.instance}"
            if self.instance.pk
            else "Record an inspection or peer assessment"
        )

    def back(self) -> tuple[str, str] | None:
        return ("Inspections and peer assessments", reverse("challenge:inspection_list"))


# Turning the Curve -----------------------------------------------------------------------------


class WorksheetListView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/worksheet_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            worksheets=selectors.worksheets_for(self.organisation),
            can_add=permissions.can_create_in(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Turning the Curve", None)),
            **kwargs,
        )


def worksheet_or_404(organisation, pk):  # type: ignore[no-untyped-def]
    return get_object_or_404(
        CurveWorksheet.objects.select_related("indicator__organisation"),
        organisation=organisation,
        pk=pk,
    )


class WorksheetDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "challenge/worksheet_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        worksheet = worksheet_or_404(self.organisation, self.kwargs["pk"])
        indicator = worksheet.indicator
        today = timezone.localdate()
        points = selectors.curve_baseline(indicator, today)
        return super().get_context_data(
            worksheet=worksheet,
            indicator=indicator,
            points=points,
            chart=charts.curve_chart(indicator, points, chart_id="curve") if points else "",
            description=charts.curve_description(indicator, points),
            actions=selectors.actions_of(worksheet, today),
            can_edit=permissions.can_edit_turning_the_curve(self.request.user, indicator),
            history=history_for(worksheet),
            breadcrumbs=crumbs(
                ("Turning the Curve", reverse("challenge:worksheet_list")), (indicator.code, None)
            ),
            **kwargs,
        )


class WorksheetFormView(ServiceFormView):
    form_class = WorksheetForm

    def get_instance(self):  # type: ignore[no-untyped-def]
        if "pk" in self.kwargs:
            worksheet = worksheet_or_404(self.organisation, self.kwargs["pk"])
            if not permissions.can_edit_turning_the_curve(self.request.user, worksheet.indicator):
                raise PermissionDenied("You cannot change this worksheet.")
            return worksheet
        if not permissions.can_create_in(self.request.user, self.organisation):
            raise PermissionDenied("You cannot start worksheets.")
        return CurveWorksheet(organisation=self.organisation)

    def save(self, form):  # type: ignore[no-untyped-def]
        try:
            return services.worksheet_save(worksheet=form.instance, user=self.request.user)
        except PermissionDenied as error:
            raise ValidationError({"indicator": str(error)}) from error

    def heading_for(self) -> str:
        return (
            f"Edit {self.instance}" if self.instance.pk else "Start a Turning the Curve worksheet"
        )

    def back(self) -> tuple[str, str] | None:
        return ("Turning the Curve", reverse("challenge:worksheet_list"))


class PartnerFormView(ServiceFormView):
    form_class = PartnerForm
    with_organisation = False

    def get_instance(self):  # type: ignore[no-untyped-def]
        self.worksheet = worksheet_or_404(self.organisation, self.kwargs["pk"])
        if not permissions.can_edit_turning_the_curve(self.request.user, self.worksheet.indicator):
            raise PermissionDenied("You cannot change this worksheet.")
        return CurvePartner(worksheet=self.worksheet)

    def save(self, form):  # type: ignore[no-untyped-def]
        return services.partner_add(partner=form.instance, user=self.request.user)

    def success_url_for(self, saved):  # type: ignore[no-untyped-def]
        return self.worksheet.get_absolute_url()

    def heading_for(self) -> str:
        return f"Add a partner to {self.worksheet}"

    def back(self) -> tuple[str, str] | None:
        return (str(self.worksheet), self.worksheet.get_absolute_url())
