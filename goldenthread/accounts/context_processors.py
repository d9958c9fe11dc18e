from django.http import HttpRequest

from goldenthread import navigation


def site(request: HttpRequest) -> dict:
    """The organisation being shown and the navigation this person may use."""
    return {
        "organisation": getattr(request, "organisation", None),
        "service_navigation": navigation.entries_for(request),
    }
