"""The audit trail: every domain model keeps its history, each object's page shows it, and
approved data changes only through a reopen with a reason, which is recorded."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from simple_history.models import HistoricalChanges, registered_models

from goldenthread.accounts.models import User
from goldenthread.indicators import services
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.tests.matrix import ADMIN, USERNAMES, Samples

# Models that deliberately keep no history, each with the reason.
WITHOUT_HISTORY = {
    "indicators.ReminderSent": "a log of the reminder emails sent: written once, never changed",
    "benchmarking.ExternalValue": (
        "published statistics, written only by the importer from the official file (the "
        "source and its metrics keep history); tens of thousands of rows a load"
    ),
    "benchmarking.PublishedAverage": "published averages, loaded with the values above",
    "reporting.ReportRun": (
        "a background job's progress; the report it makes is a snapshot of data that keeps "
        "its own history"
    ),
    "publishing.PublishedVersion": "a frozen published version: inserted once, never updated",
    "publishing.PublishedFile": "a report frozen with a published version: inserted once",
}


def domain_models() -> list[str]:
    labels = []
    for model in apps.get_models():
        if not model.__module__.startswith("goldenthread."):
            continue
        if issubclass(model, HistoricalChanges) or model._meta.auto_created:
            continue
        labels.append(model._meta.label)
    return sorted(labels)


@pytest.mark.parametrize("label", [m for m in domain_models() if m not in WITHOUT_HISTORY])
def test_every_domain_model_keeps_history(label):
    model = apps.get_model(label)
    historied = {m._meta.label for m in registered_models.values()}
    assert label in historied, (
        f"{label} has no `history = HistoricalRecords()`; add it (and a migration) or list it "
        "in WITHOUT_HISTORY in goldenthread/tests/test_history.py with the reason"
    )
    assert hasattr(model, "history")


def test_the_allow_list_names_real_models():
    present = set(domain_models())
    installed = {config.label for config in apps.get_app_configs()}
    for label in WITHOUT_HISTORY:
        if label.split(".")[0] in installed:
            assert label in present, f"{label} is listed but is not a model"


# Object pages and the sampled object each shows.
OBJECT_PAGES = {
    "strategy:plan_detail": "plan",
    "strategy:theme_detail": "theme",
    "strategy:objective_detail": "objective",
    "indicators:indicator_detail": "indicator",
    "delivery:action_detail": "action",
    "delivery:recovery_plan_detail": "recovery_plan",
    "risks:risk_detail": "risk",
    "benchmarking:group_detail": "group",
    "accounts:unit_detail": "unit",
    "accounts:committee_detail": "committee",
    "risks:register_detail": "register",
    "indicators:audit_sample_detail": "audit_sample",
}


@pytest.mark.parametrize(("name", "sample"), list(OBJECT_PAGES.items()))
def test_object_page_shows_its_history(name, sample, council, signed_in):  # type: ignore[no-untyped-def]
    samples = Samples(council)
    key = "slug" if name == "accounts:committee_detail" else "pk"
    response = signed_in(USERNAMES[ADMIN]).get(reverse(name, kwargs={key: samples.value(sample)}))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="history"' in page and "History of changes" in page
    # Every sampled object was created by the demo or the test, so a row says so.
    assert "Created" in page.split('id="history"', 1)[1]


def test_a_change_is_shown_with_who_made_it(council, signed_in, person):  # type: ignore[no-untyped-def]
    client = signed_in("officer.estates")
    objective = Samples(council).objective
    response = client.get(reverse("strategy:objective_detail", kwargs={"pk": objective.pk}))
    before = response.content.decode().split('id="history"', 1)[1]
    assert "Officer Changed Title" not in before
    objective.title = "Officer Changed Title"
    objective._history_user = person("officer.estates")
    objective.save()
    response = client.get(reverse("strategy:objective_detail", kwargs={"pk": objective.pk}))
    history = response.content.decode().split('id="history"', 1)[1]
    assert "Officer Changed Title" in history
    assert str(person("officer.estates")) in history


def test_a_persons_history_keeps_no_password(person):  # type: ignore[no-untyped-def]
    officer: User = person("officer.estates")
    officer.set_password("a-new-password-for-the-test")
    officer.job_title = "Senior Estates Officer"
    officer.save()
    latest = officer.history.latest()
    assert latest.job_title == "Senior Estates Officer"
    assert not hasattr(latest, "password")


# --- approved and published data is locked ---------------------------------------------------


def _approved_return(council):  # type: ignore[no-untyped-def]
    indicator = Samples(council).indicator
    approved = indicator.returns.filter(status=IndicatorReturn.Status.APPROVED)
    return approved.order_by("-period__start_date").first()


def test_an_approved_return_cannot_be_edited(council, person):  # type: ignore[no-untyped-def]
    approved = _approved_return(council)
    value = approved.value
    with pytest.raises(ValidationError, match="approved; it can no longer be changed"):
        services.return_save(
            indicator_return=approved,
            data=services.ReturnData(value=Decimal("1"), commentary="Quietly corrected"),
            user=person("officer.estates"),
        )
    approved.refresh_from_db()
    assert approved.value == value
    assert approved.status == IndicatorReturn.Status.APPROVED


def test_reopening_needs_a_reason_and_an_approver(council, person):  # type: ignore[no-untyped-def]
    approved = _approved_return(council)
    with pytest.raises(ValidationError, match="Say why the return is being reopened"):
        services.return_reopen(indicator_return=approved, user=person("head.housing"), reason="  ")
    with pytest.raises(PermissionDenied):
        services.return_reopen(
            indicator_return=approved, user=person("officer.estates"), reason="Typo in value"
        )
    approved.refresh_from_db()
    assert approved.status == IndicatorReturn.Status.APPROVED


def test_a_reopen_is_recorded_and_then_the_return_can_be_corrected(council, person):  # type: ignore[no-untyped-def]
    approved = _approved_return(council)
    services.return_reopen(
        indicator_return=approved, user=person("head.housing"), reason="Keys counted twice"
    )
    approved.refresh_from_db()
    assert approved.status == IndicatorReturn.Status.DRAFT
    latest = approved.history.latest()
    assert latest.history_change_reason == "Keys counted twice"
    assert latest.status == IndicatorReturn.Status.DRAFT
    assert approved.history.filter(status=IndicatorReturn.Status.APPROVED).exists()
    corrected = services.return_save(
        indicator_return=approved,
        data=services.ReturnData(value=Decimal("95"), commentary="Corrected after a recount"),
        user=person("officer.estates"),
    )
    assert corrected.value == Decimal("95")


def test_a_published_return_cannot_be_reopened(council, person):  # type: ignore[no-untyped-def]
    approved = _approved_return(council)
    IndicatorReturn.objects.filter(pk=approved.pk).update(status=IndicatorReturn.Status.LOCKED)
    with pytest.raises(ValidationError, match="publish a correction instead"):
        services.return_reopen(
            indicator_return=approved, user=person("head.housing"), reason="Late correction"
        )
    approved.refresh_from_db()
    assert approved.status == IndicatorReturn.Status.LOCKED
