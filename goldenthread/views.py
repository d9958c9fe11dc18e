"""Pages that belong to the site rather than to one area of the framework."""

from django.conf import settings
from django.urls import path, reverse
from django.views.generic import TemplateView


class AccessibilityStatementView(TemplateView):
    """The accessibility statement UK public sector websites must publish (Public Sector
    Bodies Accessibility Regulations 2018): public, like the framework it sits beside."""

    template_name = "accessibility.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            contact_email=settings.DEFAULT_FROM_EMAIL,
            breadcrumbs=[
                {"text": "Home", "href": reverse("home")},
                {"text": "Accessibility statement", "href": None},
            ],
            **kwargs,
        )


urlpatterns = [
    path("accessibility/", AccessibilityStatementView.as_view(), name="accessibility"),
]
