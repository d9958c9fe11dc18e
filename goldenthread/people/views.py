"""Appraisal pages. An appraisal page answers 404 to anyone but the employee, their
line-management chain and performance admins; summary pages show counts only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.models import User
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.history import history_for
from goldenthread.people import selectors, services
from goldenthread.people.forms import (
    AgreeForm,
    AppraisalObjectiveForm,
    ReviewForm,
    TrainingNeedForm,
    add_service_errors,
)
from goldenthread.people.models import Appraisal, AppraisalObjective, Review
from goldenthread.strategy.models import Objective


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [
        {"text": "Home", "href": reverse("home")},
        {"text": "Appraisals", "href": reverse("people:my_appraisal")},
    ] + [{"text": text, "href": href} for text, href in pairs]


class AppraisalMixin(OrganisationMemberMixin):
    def get_appraisal(self) -> Appraisal:
        appraisal = selectors.appraisal_for(self.request.user, self.organisation, self.kwargs["pk"])
        if appraisal is None:
            raise Http404("There is no such appraisal.")
        return appraisal

    def require_manager(self, appraisal: Appraisal) -> None:
        if not permissions.can_manage_appraisal(self.request.user, appraisal):
            raise PermissionDenied("Only the employee's line-management chain can do this.")


class MyAppraisalView(OrganisationMemberMixin, TemplateView):
    template_name = "people/my_appraisal.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        user, organisation = self.request.user, self.organisation
        return super().get_context_data(
            appraisals=Appraisal.objects.filter(employee=user, organisation=organisation)
            .select_related("manager")
            .order_by("-year"),
            has_team=bool(selectors.reports_of(user, organisation)),
            can_see_counts=permissions.can_see_appraisal_counts(user, organisation),
            breadcrumbs=[{"text": "Home", "href": reverse("home")}, {"text": "Appraisals"}],
            **kwargs,
        )


class TeamView(OrganisationMemberMixin, TemplateView):
    """A manager's team: everyone below them in the line-management chain, with the stage of
    this year's appraisal."""

    template_name = "people/team.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        user, organisation = self.request.user, self.organisation
        year = selectors.appraisal_year(organisation)
        team = selectors.reports_of(user, organisation)
        current = {
            a.employee_id: a
            for a in Appraisal.objects.filter(
                employee__in=team, year=year, organisation=organisation
            )
        }
        return super().get_context_data(
            year=year,
            year_label=selectors.year_label(year),
            rows=[(person, current.get(person.pk)) for person in team],
            breadcrumbs=crumbs(("My team's appraisals", None)),
            **kwargs,
        )


class StartView(OrganisationMemberMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        employee = get_object_or_404(User, pk=kwargs["user_pk"], organisation=self.organisation)
        if not permissions.can_start_appraisal(request.user, employee):
            raise Http404("There is no such person in your team.")
        try:
            appraisal = services.appraisal_start(
                employee=employee,
                year=selectors.appraisal_year(self.organisation),
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("people:team")
        messages.success(request, f"The appraisal for {appraisal} has been started.")
        return redirect(appraisal)


class AppraisalDetailView(AppraisalMixin, TemplateView):
    template_name = "people/appraisal_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        appraisal = self.get_appraisal()
        reviews = {
            review.stage: review
            for review in appraisal.reviews.select_related(
                "rating", "recorded_by"
            ).prefetch_related("progress__rating", "progress__objective")
        }
        can_manage = permissions.can_manage_appraisal(self.request.user, appraisal)
        return super().get_context_data(
            appraisal=appraisal,
            year_label=selectors.year_label(appraisal.year),
            objectives=appraisal.objectives.select_related("objective", "indicator", "action"),
            mid_year=reviews.get(Review.Stage.MID_YEAR),
            year_end=reviews.get(Review.Stage.YEAR_END),
            training_needs=appraisal.training_needs.all(),
            can_manage=can_manage,
            agree_form=AgreeForm(initial={"on": timezone.localdate()}),
            next_review={
                Appraisal.Status.AGREED: Review.Stage.MID_YEAR,
                Appraisal.Status.MID_YEAR: Review.Stage.YEAR_END,
            }.get(appraisal.status),
            history=history_for(appraisal),
            breadcrumbs=crumbs((str(appraisal), None)),
            **kwargs,
        )


class ObjectiveFormView(AppraisalMixin, View):
    def objective(self, appraisal: Appraisal) -> AppraisalObjective:
        if "objective_pk" in self.kwargs:
            return get_object_or_404(
                AppraisalObjective, pk=self.kwargs["objective_pk"], appraisal=appraisal
            )
        return AppraisalObjective(appraisal=appraisal)

    def show(self, appraisal, form, objective):  # type: ignore[no-untyped-def]
        heading = "Edit the objective" if objective.pk else "Add an objective"
        return render(
            self.request,
            "people/form.html",
            {
                "form": form,
                "heading": heading,
                "caption": str(appraisal),
                "history": history_for(objective) if objective.pk else None,
                "breadcrumbs": crumbs(
                    (str(appraisal), appraisal.get_absolute_url()), (heading, None)
                ),
            },
        )

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        appraisal = self.get_appraisal()
        self.require_manager(appraisal)
        objective = self.objective(appraisal)
        form = AppraisalObjectiveForm(instance=objective, organisation=self.organisation)
        return self.show(appraisal, form, objective)

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        appraisal = self.get_appraisal()
        self.require_manager(appraisal)
        objective = self.objective(appraisal)
        form = AppraisalObjectiveForm(
            request.POST, instance=objective, organisation=self.organisation
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    if form.check_current():
                        services.appraisal_objective_save(
                            objective=form.instance, user=request.user
                        )
                        messages.success(request, "The objective has been saved.")
                        return redirect(appraisal)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.show(appraisal, form, objective)


class AgreeView(AppraisalMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        appraisal = self.get_appraisal()
        self.require_manager(appraisal)
        form = AgreeForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Enter the date the objectives were agreed.")
            services.appraisal_objectives_agree(
                appraisal=appraisal, on=form.cleaned_data["on"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The objectives have been agreed.")
        return redirect(appraisal)


class ReviewView(AppraisalMixin, View):
    def setup_review(self):  # type: ignore[no-untyped-def]
        appraisal = self.get_appraisal()
        self.require_manager(appraisal)
        stage = self.kwargs["stage"].replace("-", "_")
        if stage not in Review.Stage.values:
            raise Http404("There is no such review.")
        return appraisal, stage

    def show(self, appraisal, stage, form):  # type: ignore[no-untyped-def]
        heading = Review.Stage(stage).label
        return render(
            self.request,
            "people/form.html",
            {
                "form": form,
                "heading": heading,
                "caption": str(appraisal),
                "submit_label": "Record the review",
                "breadcrumbs": crumbs(
                    (str(appraisal), appraisal.get_absolute_url()), (heading, None)
                ),
            },
        )

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        appraisal, stage = self.setup_review()
        form = ReviewForm(
            organisation=self.organisation,
            objectives=appraisal.objectives.all(),
            initial={"held_on": timezone.localdate()},
        )
        return self.show(appraisal, stage, form)

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        appraisal, stage = self.setup_review()
        form = ReviewForm(
            request.POST, organisation=self.organisation, objectives=appraisal.objectives.all()
        )
        if form.is_valid():
            data = services.ReviewData(
                stage=stage,
                held_on=form.cleaned_data["held_on"],
                summary=form.cleaned_data["summary"],
                rating=form.cleaned_data["rating"],
                employee_comments=form.cleaned_data["employee_comments"],
                progress=form.progress(),
            )
            try:
                services.review_record(appraisal=appraisal, data=data, user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"The {Review.Stage(stage).label.lower()} is recorded.")
                return redirect(appraisal)
        return self.show(appraisal, stage, form)


class TrainingNeedView(AppraisalMixin, View):
    def show(self, appraisal, form):  # type: ignore[no-untyped-def]
        return render(
            self.request,
            "people/form.html",
            {
                "form": form,
                "heading": "Add a training or development need",
                "caption": str(appraisal),
                "breadcrumbs": crumbs(
                    (str(appraisal), appraisal.get_absolute_url()), ("Training need", None)
                ),
            },
        )

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.show(self.get_appraisal(), TrainingNeedForm())

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        appraisal = self.get_appraisal()
        form = TrainingNeedForm(request.POST)
        if form.is_valid():
            try:
                services.training_need_add(
                    appraisal=appraisal, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The training need has been added.")
                return redirect(appraisal)
        return self.show(appraisal, form)


class SummaryView(OrganisationMemberMixin, TemplateView):
    """Completion and training needs by service, for training planning: counts only."""

    template_name = "people/summary.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        if not permissions.can_see_appraisal_counts(self.request.user, self.organisation):
            raise PermissionDenied("Appraisal summaries are for managers and performance admins.")
        year = selectors.appraisal_year(self.organisation)
        if self.request.GET.get("year", "").isdigit():
            year = int(self.request.GET["year"])
        categories, rows, totals = selectors.training_summary(self.organisation, year)
        return super().get_context_data(
            year_label=selectors.year_label(year),
            previous=year - 1,
            completion=selectors.completion_by_service(self.organisation, year),
            categories=categories,
            rows=rows,
            totals=totals,
            breadcrumbs=crumbs(("Completion and training needs", None)),
            **kwargs,
        )


class ObjectiveCountsView(OrganisationMemberMixin, TemplateView):
    """How many appraisal objectives hang on an objective of the thread: a count, no content."""

    template_name = "people/objective_counts.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        objective = get_object_or_404(
            Objective, pk=self.kwargs["pk"], organisation=self.organisation
        )
        direct, indirect = selectors.appraisal_objective_counts([objective.pk]).get(
            objective.pk, (0, 0)
        )
        return super().get_context_data(
            objective=objective,
            direct=direct,
            indirect=indirect,
            breadcrumbs=crumbs(
                (objective.title, objective.get_absolute_url()), ("Appraisal objectives", None)
            ),
            **kwargs,
        )


urlpatterns = [
    path("appraisals/", MyAppraisalView.as_view(), name="my_appraisal"),
    path("appraisals/team/", TeamView.as_view(), name="team"),
    path("appraisals/start/<int:user_pk>/", StartView.as_view(), name="start"),
    path("appraisals/summary/", SummaryView.as_view(), name="summary"),
    path("appraisals/thread/<int:pk>/", ObjectiveCountsView.as_view(), name="objective_counts"),
    path("appraisals/<int:pk>/", AppraisalDetailView.as_view(), name="appraisal_detail"),
    path("appraisals/<int:pk>/objectives/add/", ObjectiveFormView.as_view(), name="objective_add"),
    path(
        "appraisals/<int:pk>/objectives/<int:objective_pk>/edit/",
        ObjectiveFormView.as_view(),
        name="objective_edit",
    ),
    path("appraisals/<int:pk>/agree/", AgreeView.as_view(), name="agree"),
    path("appraisals/<int:pk>/review/<slug:stage>/", ReviewView.as_view(), name="review"),
    path("appraisals/<int:pk>/training/add/", TrainingNeedView.as_view(), name="training_add"),
]
