from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import AccessMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from goldenthread.accounts import permissions, selectors
from goldenthread.accounts.forms import SignInForm
from goldenthread.accounts.models import OrgUnit
from goldenthread.history import history_for


class OrganisationMemberMixin(AccessMixin):
    """Signed-in people of the organisation being shown; others sign in or get a 404."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = request.organisation  # type: ignore[attr-defined]
        if not permissions.can_view(request.user, self.organisation):
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        # The council account button, when single sign-on is on (USE_OIDC).
        return super().get_context_data(use_oidc=settings.USE_OIDC, **kwargs)


class SignOutView(auth_views.LogoutView):
    pass


class UnitTreeView(OrganisationMemberMixin, TemplateView):
    template_name = "accounts/unit_tree.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            tree=selectors.unit_tree(self.organisation),
            breadcrumbs=[{"text": "Home", "href": reverse("home")}, {"text": "Organisation"}],
            **kwargs,
        )


class UnitDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "accounts/unit_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        unit = get_object_or_404(
            OrgUnit.objects.select_related("parent", "head"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )
        return super().get_context_data(
            unit=unit,
            children=unit.children.select_related("head").order_by("name"),
            people=selectors.people_for_organisation(self.organisation).filter(org_unit=unit),
            objectives=unit.objectives.select_related("plan", "owner").order_by("plan__kind"),
            history=history_for(unit),
            breadcrumbs=[
                {"text": "Home", "href": reverse("home")},
                {"text": "Organisation", "href": reverse("accounts:unit_tree")},
                {"text": unit.name},
            ],
            **kwargs,
        )


class CommitteeListView(OrganisationMemberMixin, TemplateView):
    template_name = "accounts/committee_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            committees=selectors.committees_for_organisation(self.organisation),
            breadcrumbs=[{"text": "Home", "href": reverse("home")}, {"text": "Committees"}],
            **kwargs,
        )


class CommitteeDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "accounts/committee_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        committee = get_object_or_404(
            selectors.committees_for_organisation(self.organisation), slug=self.kwargs["slug"]
        )
        return super().get_context_data(
            committee=committee,
            memberships=committee.memberships.select_related("user").order_by("position"),
            themes=committee.themes.select_related("plan").prefetch_related("objectives"),
            history=history_for(committee),
            breadcrumbs=[
                {"text": "Home", "href": reverse("home")},
                {"text": "Committees", "href": reverse("accounts:committee_list")},
                {"text": committee.name},
            ],
            **kwargs,
        )
