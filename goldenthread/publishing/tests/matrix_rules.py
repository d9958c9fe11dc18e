"""Who may use the publishing pages: this app's part of the permission matrix
(goldenthread/tests/test_permission_matrix.py).

Publishing, opening a period for a correction and publishing the correction are for
performance admins; anyone else, another council's people included, is refused with a 404.
The public site needs no sign-in and shows only what was published, so the samples publish
the demo council's latest ended quarter first (its reports frozen as HTML only, to keep the
matrix quick) and its pages are open to everyone, visitors included.
"""

from typing import Any

from django.test import override_settings
from django.utils import timezone

from goldenthread.accounts.models import User
from goldenthread.publishing import selectors, services
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.tests.matrix import ADMIN, USERNAMES, Rule, Samples, everyone, obj, only


def public(**given: Any) -> Rule:
    """A page of the public site: everyone, visitors included, and it names the council."""
    return Rule(everyone(), public=True, **given)


PUBLIC = obj(org="publisher", label="published_label")
VERSION = obj(**PUBLIC, number="published_number")

RULES: dict[str, Rule] = {
    # --- the performance admins' pages ---
    "publishing:list": Rule(only(ADMIN)),
    "publishing:detail": Rule(only(ADMIN), kwargs=obj(label="published_label")),
    # An ended quarter not yet published; the empty POST lacks the confirmation, so it shows
    # the form again and publishes nothing.
    "publishing:publish": Rule(only(ADMIN), kwargs=obj(label="unpublished_label")),
    # The empty POSTs lack a reason or note: the form again, nothing changed.
    "publishing:open": Rule(only(ADMIN), kwargs=obj(label="published_label")),
    "publishing:correct": Rule(only(ADMIN), kwargs=obj(label="published_label")),
    # --- the public site: published data only, for everyone ---
    "publishing:public_home": public(kwargs=obj(org="publisher")),
    "publishing:public_open_data_index": public(kwargs=obj(org="publisher")),
    "publishing:public_open_data": public(kwargs=PUBLIC, extra={"fmt": "csv"}),
    "publishing:public_open_data_version": public(kwargs=VERSION, extra={"fmt": "json"}),
    "publishing:public_indicator": public(kwargs=obj(org="publisher", code="published_code")),
    "publishing:public_period": public(kwargs=PUBLIC),
    "publishing:public_version": public(kwargs=VERSION),
    "publishing:public_report": public(kwargs=VERSION, extra={"key": "quarterly"}),
    "publishing:public_file": public(kwargs=VERSION, extra={"key": "quarterly.html"}),
    # Every council's latest published period (the query, which the view ignores, only has
    # the samples publish one first), and the open data's schema.
    "publishing:public_national": public(query="org={publisher}"),
    "publishing:public_schema": public(),
}


def _ended_quarters(samples: Samples) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(
            organisation=samples.council,
            frequency="quarterly",
            end_date__lt=timezone.localdate(),
        ).order_by("-end_date")[:2]
    )


def _published(samples: Samples) -> selectors.Published:
    """The latest ended quarter, published by a performance admin."""
    quarter = _ended_quarters(samples)[0]
    with override_settings(GOLDENTHREAD_PUBLISHED_FORMATS=("html",)):
        services.publication_publish(
            organisation=samples.council,
            period=quarter,
            user=User.objects.get(username=USERNAMES[ADMIN]),
            note="Published for the permission matrix.",
        )
    published = selectors.published_version(samples.council, quarter.label)
    assert published is not None
    return published


def _published_label(samples: Samples) -> Any:
    return samples.published.label


def _published_number(samples: Samples) -> Any:
    return samples.published.version.number


def _published_code(samples: Samples) -> Any:
    return samples.published.rows[0]["indicator_code"]


def _unpublished_label(samples: Samples) -> Any:
    return _ended_quarters(samples)[1].label


def _publisher(samples: Samples) -> Any:
    """The demo council's slug, once it has published a period."""
    return samples.published.version.publication.organisation.slug


SAMPLES = {
    "publisher": _publisher,
    "published": _published,
    "published_label": _published_label,
    "published_number": _published_number,
    "published_code": _published_code,
    "unpublished_label": _unpublished_label,
}
