"""The add or edit page whose save goes through one service: shared by the apps whose forms
all work that way (challenge, engagement)."""

from abc import ABCMeta, abstractmethod
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.delivery.forms import add_service_errors


class ServiceFormView(OrganisationMemberMixin, FormView, metaclass=ABCMeta):
    """An add or edit page whose save goes through one service, inside a transaction that
    first checks nobody saved the record since the form was drawn (forms that edit a record
    have `check_current`)."""

    template_name = "form_page.html"
    heading = ""
    # The app's front page, as (title, URL name): the breadcrumbs start Home, then this.
    section: tuple[str, str] = ("", "")
    with_organisation = True  # the form takes the organisation

    @abstractmethod
    def get_instance(self) -> Any:
        """The record being edited, or a new one (or None) for an add page."""

    @abstractmethod
    def save(self, form: Any) -> Any:
        """Saves through the app's service and returns the saved record."""

    def heading_for(self) -> str:
        return self.heading

    def back(self) -> tuple[str, str] | None:
        """The page above this form, for the breadcrumbs."""
        return None

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.instance = self.get_instance()
        kwargs = super().get_form_kwargs()
        if self.instance is not None:
            kwargs["instance"] = self.instance
        if self.with_organisation:
            kwargs["organisation"] = self.organisation
        return kwargs

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            with transaction.atomic():
                if hasattr(form, "check_current") and not form.check_current():
                    return self.form_invalid(form)
                saved = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{saved} has been saved.")
        return redirect(self.success_url_for(saved))

    def success_url_for(self, saved):  # type: ignore[no-untyped-def]
        return saved.get_absolute_url()

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading_for()
        title, url_name = self.section
        above = self.back()
        context["breadcrumbs"] = [
            {"text": "Home", "href": reverse("home")},
            {"text": title, "href": reverse(url_name)},
            *(
                {"text": text, "href": href}
                for text, href in [*([above] if above else []), (context["heading"], None)]
            ),
        ]
        return context
