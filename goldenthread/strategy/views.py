import calendar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import FormView, TemplateView

from goldenthread import home
from goldenthread.accounts import permissions
from goldenthread.accounts.models import OrgUnit, Role
from goldenthread.accounts.selectors import committees_for_user, role_assignments_for
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.history import history_for
from goldenthread.strategy import diagrams, selectors, services
from goldenthread.strategy.forms import (
    CoreValueFormSet,
    FrameworkForm,
    ManagementPrincipleFormSet,
    ObjectiveForm,
    ObjectiveLinkForm,
    PlanApproveForm,
    PlanForm,
    ThemeForm,
)
from goldenthread.strategy.models import (
    Framework,
    Objective,
    ObjectiveLink,
    Plan,
    PlanningStage,
    Theme,
)
from goldenthread.strategy.thread import items_for


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [{"text": "Home", "href": reverse("home")}] + [
        {"text": text, "href": href} for text, href in pairs
    ]


class HomeView(TemplateView):
    """Routes each person to what their roles need; visitors see the public framework."""

    template_name = "strategy/home.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        request = self.request
        organisation = request.organisation
        context = super().get_context_data(**kwargs)
        # The page shows each theme's title (and to visitors its statement), nothing below it.
        context["themes"] = (
            Theme.objects.filter(
                organisation=organisation, plan__kind=Plan.Kind.COUNCIL_PLAN
            ).exclude(plan__status=Plan.Status.SUPERSEDED)
            if organisation
            else []
        )
        user = request.user
        if not permissions.can_view(user, organisation):
            # Visitors (and people of another council) see the public framework's vision.
            context["framework"] = selectors.framework_for(organisation) if organisation else None
            return context
        roles = {assignment.role for assignment in role_assignments_for(user, organisation)}
        context.update(
            roles=[Role(role).label for role in sorted(roles)],
            is_admin=permissions.can_configure(user, organisation),
            my_objectives=selectors.objectives_for_organisation(organisation, owner=user)[:20],
            my_committees=committees_for_user(user),
            my_unit=user.org_unit,
            managed_units=OrgUnit.objects.filter(
                role_assignments__user=user,
                role_assignments__role__in=list(permissions.APPROVERS),
            ).distinct(),
            current_period=selectors.period_current(organisation, timezone.localdate()),
            panels=home.panels_for(request),
        )
        return context


class FrameworkView(TemplateView):
    """Vision, purpose, values and principles: public, as councils publish them."""

    template_name = "strategy/framework.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        organisation = self.request.organisation
        if organisation is None:
            raise Http404("No organisation is set up yet.")
        framework = selectors.framework_for(organisation)
        return super().get_context_data(
            framework=framework,
            can_edit=permissions.can_configure(self.request.user, organisation),
            plans=Plan.objects.filter(
                organisation=organisation,
                kind__in=[Plan.Kind.COMMUNITY_PLAN, Plan.Kind.COUNCIL_PLAN],
                status=Plan.Status.APPROVED,
            ),
            history=history_for(framework) if framework else [],
            breadcrumbs=crumbs(("Our framework", None)),
            **kwargs,
        )


class FrameworkEditView(OrganisationMemberMixin, TemplateView):
    template_name = "strategy/framework_form.html"

    def setup_forms(self):  # type: ignore[no-untyped-def]
        if not permissions.can_configure(self.request.user, self.organisation):
            raise PermissionDenied("Only performance admins can change the framework.")
        framework = Framework.objects.filter(organisation=self.organisation).first() or Framework(
            organisation=self.organisation
        )
        data = self.request.POST if self.request.method == "POST" else None
        return (
            FrameworkForm(data, instance=framework, prefix="framework"),
            CoreValueFormSet(data, instance=framework, prefix="values"),
            ManagementPrincipleFormSet(data, instance=framework, prefix="principles"),
        )

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        form, values, principles = self.setup_forms()
        return self.render_to_response(self.context(form, values, principles))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        form, values, principles = self.setup_forms()
        if form.is_valid() and values.is_valid() and principles.is_valid():
            with transaction.atomic():
                if not form.check_current():
                    return self.render_to_response(self.context(form, values, principles))
                framework = form.save()
                values.instance = principles.instance = framework
                values.save()
                principles.save()
            messages.success(request, "The framework has been saved.")
            return redirect("strategy:framework")
        return self.render_to_response(self.context(form, values, principles))

    def context(self, form, values, principles):  # type: ignore[no-untyped-def]
        return self.get_context_data(
            form=form,
            formsets=[("Core values", values), ("Management principles", principles)],
            breadcrumbs=crumbs(("Our framework", reverse("strategy:framework")), ("Edit", None)),
        )


class CalendarView(OrganisationMemberMixin, TemplateView):
    """The reporting calendar: the planning cycle as a timeline, and this year's periods."""

    template_name = "strategy/calendar.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        today = timezone.localdate()
        current = selectors.period_current(self.organisation, today, "annual")
        year = int(self.request.GET.get("year") or (current.year if current else today.year))
        periods = list(selectors.periods_for_year(self.organisation, year))
        return super().get_context_data(
            today=today,
            year=year,
            year_label=f"{year}/{str(year + 1)[-2:]}",
            year_start_month=calendar.month_name[self.organisation.year_start_month],
            cycles=[
                (label, selectors.planning_timeline(self.organisation, today, cycle))
                for cycle, label in PlanningStage.Cycle.choices
            ],
            quarters=[p for p in periods if p.frequency == "quarterly"],
            months=[p for p in periods if p.frequency == "monthly"],
            breadcrumbs=crumbs(("Reporting calendar", None)),
            **kwargs,
        )


class PlanListView(OrganisationMemberMixin, TemplateView):
    template_name = "strategy/plan_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        kind = self.request.GET.get("kind", "")
        if kind not in Plan.Kind.values:
            kind = ""
        return super().get_context_data(
            plans=selectors.plans_for_organisation(self.organisation, kind=kind),
            kinds=Plan.Kind.choices,
            kind=kind,
            can_create=permissions.can_create_in(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Plans", None)),
            **kwargs,
        )


class PlanMixin(OrganisationMemberMixin):
    def get_plan(self) -> Plan:
        return get_object_or_404(
            Plan.objects.select_related("org_unit", "owner", "previous_version"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )

    def can_edit(self, plan: Plan) -> bool:
        return permissions.can_edit_owned(
            self.request.user, self.organisation, owner_id=plan.owner_id, unit_id=plan.org_unit_id
        )


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "strategy/plan_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        plan = self.get_plan()
        return super().get_context_data(
            plan=plan,
            themes=selectors.themes_for_plan(plan),
            objectives=plan.objectives.filter(theme__isnull=True).select_related(
                "owner", "org_unit"
            )
            if plan.themes.exists()
            else plan.objectives.select_related("owner", "org_unit", "theme"),
            business_plan=[
                (Plan._meta.get_field(name).verbose_name, getattr(plan, name))
                for name in Plan.BUSINESS_PLAN_FIELDS
                if getattr(plan, name)
            ],
            next_version=getattr(plan, "next_version", None),
            can_edit=self.can_edit(plan),
            can_approve=permissions.can_configure(self.request.user, self.organisation),
            history=history_for(plan),
            breadcrumbs=crumbs(("Plans", reverse("strategy:plan_list")), (plan.title, None)),
            **kwargs,
        )


class OrganisationFormView(OrganisationMemberMixin, FormView):
    """A form whose choices are limited to the organisation; subclasses check permission."""

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        return {**super().get_form_kwargs(), "organisation": self.organisation}


class PlanCreateView(OrganisationFormView):
    template_name = "form_page.html"
    form_class = PlanForm

    def get_initial(self):  # type: ignore[no-untyped-def]
        return {"kind": self.request.GET.get("kind", "")}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        if not permissions.can_create_in(self.request.user, self.organisation):
            raise PermissionDenied
        form.instance.organisation = self.organisation
        try:
            form.instance.full_clean()
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        plan = form.save()
        messages.success(self.request, f"“{plan}” has been created as a draft.")
        return redirect(plan)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            heading="Add a plan",
            breadcrumbs=crumbs(("Plans", reverse("strategy:plan_list")), ("Add a plan", None)),
            **kwargs,
        )


class PlanEditView(PlanMixin, OrganisationFormView):
    template_name = "form_page.html"
    form_class = PlanForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.plan = self.get_plan()
        if not self.can_edit(self.plan):
            raise PermissionDenied("You cannot edit this plan.")
        return {**super().get_form_kwargs(), "instance": self.plan}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            form.instance.full_clean()
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        with transaction.atomic():
            if not form.check_current():
                return self.form_invalid(form)
            plan = form.save()
        messages.success(self.request, f"“{plan}” has been saved.")
        return redirect(plan)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # builds the form, which finds the plan
        context["heading"] = f"Edit {self.plan}"
        context["breadcrumbs"] = crumbs(
            ("Plans", reverse("strategy:plan_list")),
            (self.plan.title, self.plan.get_absolute_url()),
            ("Edit", None),
        )
        return context


class PlanApproveView(PlanMixin, FormView):
    template_name = "form_page.html"
    form_class = PlanApproveForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.plan = self.get_plan()
        if not permissions.can_configure(self.request.user, self.organisation):
            raise PermissionDenied("Only performance admins record plan approval.")
        return super().get_form_kwargs()

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        services.plan_approve(plan=self.plan, **form.cleaned_data)
        messages.success(self.request, f"Approval of “{self.plan}” has been recorded.")
        return redirect(self.plan)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # builds the form, which finds the plan
        context["heading"] = f"Record approval of {self.plan}"
        context["submit_label"] = "Record approval"
        context["breadcrumbs"] = crumbs(
            ("Plans", reverse("strategy:plan_list")),
            (self.plan.title, self.plan.get_absolute_url()),
            ("Approval", None),
        )
        return context


class PlanNewVersionView(PlanMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        plan = self.get_plan()
        if not self.can_edit(plan):
            raise PermissionDenied("You cannot revise this plan.")
        try:
            draft = services.plan_new_version(plan=plan, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(plan)
        messages.success(request, f"Version {draft.version} has been created as a draft.")
        return redirect(draft)


class ThemeDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "strategy/theme_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        theme = get_object_or_404(
            Theme.objects.select_related("plan"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )
        return super().get_context_data(
            theme=theme,
            objectives=theme.objectives.select_related("owner", "org_unit").prefetch_related(
                "children"
            ),
            committees=theme.committees.all(),
            can_edit=permissions.can_configure(self.request.user, self.organisation),
            history=history_for(theme),
            breadcrumbs=crumbs(
                ("Plans", reverse("strategy:plan_list")),
                (theme.plan.title, theme.plan.get_absolute_url()),
                (theme.title, None),
            ),
            **kwargs,
        )


class ThemeFormView(OrganisationFormView):
    template_name = "form_page.html"
    form_class = ThemeForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        if not permissions.can_configure(self.request.user, self.organisation):
            raise PermissionDenied("Only performance admins can change themes.")
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(
                Theme, pk=self.kwargs["pk"], organisation=self.organisation
            )
        else:
            kwargs["initial"] = {"plan": self.request.GET.get("plan")}
        return kwargs

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        form.instance.organisation = self.organisation
        with transaction.atomic():
            if not form.check_current():
                return self.form_invalid(form)
            theme = form.save()
        messages.success(self.request, f"The theme “{theme}” has been saved.")
        return redirect(theme)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        heading = "Edit theme" if "pk" in self.kwargs else "Add a theme"
        return super().get_context_data(
            heading=heading,
            breadcrumbs=crumbs(("Plans", reverse("strategy:plan_list")), (heading, None)),
            **kwargs,
        )


class ObjectiveListView(OrganisationMemberMixin, TemplateView):
    template_name = "strategy/objective_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        query = self.request.GET
        theme_id = int(query["theme"]) if query.get("theme", "").isdigit() else None
        unit_id = int(query["unit"]) if query.get("unit", "").isdigit() else None
        plan_kind = query.get("level", "") if query.get("level") in Plan.Kind.values else ""
        objectives = selectors.objectives_for_organisation(
            self.organisation,
            theme_id=theme_id,
            unit_id=unit_id,
            plan_kind=plan_kind,
            search=query.get("q", "").strip(),
        )
        return super().get_context_data(
            objectives=objectives,
            themes=Theme.objects.filter(organisation=self.organisation).select_related("plan"),
            units=OrgUnit.objects.filter(organisation=self.organisation).order_by("name"),
            levels=Plan.Kind.choices,
            selected={
                "theme": theme_id,
                "unit": unit_id,
                "level": plan_kind,
                "q": query.get("q", ""),
            },
            can_create=permissions.can_create_in(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Objectives", None)),
            **kwargs,
        )


class ObjectiveMixin(OrganisationMemberMixin):
    def get_objective(self) -> Objective:
        return get_object_or_404(
            Objective.objects.select_related("plan", "theme", "owner", "org_unit"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )

    def can_edit(self, objective: Objective) -> bool:
        return permissions.can_edit_owned(
            self.request.user,
            self.organisation,
            owner_id=objective.owner_id,
            unit_id=objective.org_unit_id,
        )


class ObjectiveDetailView(ObjectiveMixin, TemplateView):
    template_name = "strategy/objective_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        objective = self.get_objective()
        context = {
            "objective": objective,
            "links": selectors.objective_links(objective),
            "items": items_for([objective.pk]).get(objective.pk, []),
            "can_edit": self.can_edit(objective),
            "link_form": ObjectiveLinkForm(objective=objective),
            "history": history_for(objective),
            "breadcrumbs": crumbs(
                ("Objectives", reverse("strategy:objective_list")), (objective.title, None)
            ),
        }
        return super().get_context_data(**{**context, **kwargs})


class ObjectiveFormView(ObjectiveMixin, OrganisationFormView):
    template_name = "form_page.html"
    form_class = ObjectiveForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            self.objective = self.get_objective()
            if not self.can_edit(self.objective):
                raise PermissionDenied("You cannot edit this objective.")
            kwargs["instance"] = self.objective
        else:
            self.objective = None
            if not permissions.can_create_in(self.request.user, self.organisation):
                raise PermissionDenied("You cannot add objectives.")
            query = self.request.GET
            kwargs["initial"] = {
                "plan": query.get("plan"),
                "theme": query.get("theme"),
                "owner": self.request.user.pk,
                "org_unit": self.request.user.org_unit_id,
            }
        return kwargs

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        form.instance.organisation = self.organisation
        parent = None
        parent_id = self.request.GET.get("parent", "")
        if self.objective is None and parent_id.isdigit():
            parent = Objective.objects.filter(pk=parent_id, organisation=self.organisation).first()
        try:
            with transaction.atomic():
                if not form.check_current():
                    return self.form_invalid(form)
                objective = services.objective_save(objective=form.instance)
                if parent is not None:
                    services.objective_link_add(child=objective, parent=parent, kind="direct")
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"The objective “{objective}” has been saved.")
        return redirect(objective)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # builds the form, which finds the objective
        heading = f"Edit {self.objective}" if self.objective else "Add an objective"
        context["heading"] = heading
        context["breadcrumbs"] = crumbs(
            ("Objectives", reverse("strategy:objective_list")), (heading, None)
        )
        return context


class ObjectiveLinkAddView(ObjectiveMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        objective = self.get_objective()
        if not self.can_edit(objective):
            raise PermissionDenied("You cannot change this objective's links.")
        form = ObjectiveLinkForm(request.POST, objective=objective)
        if form.is_valid():
            try:
                services.objective_link_add(
                    child=objective,
                    parent=form.cleaned_data["parent"],
                    kind=form.cleaned_data["kind"],
                )
                messages.success(request, f"Linked to “{form.cleaned_data['parent']}”.")
                return redirect(objective)
            except ValidationError as error:
                form.add_error("parent", error)
        view = ObjectiveDetailView(request=request, kwargs=kwargs)
        view.organisation = self.organisation
        context = view.get_context_data(link_form=form, form=form)
        return view.render_to_response(context)


class ObjectiveLinkRemoveView(ObjectiveMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        objective = self.get_objective()
        if not self.can_edit(objective):
            raise PermissionDenied("You cannot change this objective's links.")
        link = get_object_or_404(ObjectiveLink, child=objective, parent_id=kwargs["parent_pk"])
        link.delete()
        messages.success(request, f"No longer linked to “{link.parent}”.")
        return redirect(objective)


class ObjectiveThreadView(ObjectiveMixin, TemplateView):
    template_name = "strategy/objective_thread.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        objective = self.get_objective()
        root = selectors.golden_thread_for_objective(objective)
        title = f"The golden thread through “{objective.title}”"
        drawn = diagrams.thread_svg(root, title=title)
        svg = mark_safe(drawn)  # noqa: S308  # nosec B308, B703  # diagrams escapes every text
        return super().get_context_data(
            objective=objective,
            root=root,
            svg=svg,
            breadcrumbs=crumbs(
                ("Objectives", reverse("strategy:objective_list")),
                (objective.title, objective.get_absolute_url()),
                ("Golden thread", None),
            ),
            **kwargs,
        )


class ObjectiveThreadSvgView(ObjectiveMixin, View):
    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        objective = self.get_objective()
        root = selectors.golden_thread_for_objective(objective)
        svg = diagrams.thread_svg(root, title=f"The golden thread through “{objective.title}”")
        response = HttpResponse(svg, content_type="image/svg+xml")
        response["Content-Disposition"] = f'inline; filename="golden-thread-{objective.pk}.svg"'
        return response
