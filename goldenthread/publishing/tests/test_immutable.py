"""What was published never changes: a later edit to a return leaves the public pages and the
open data as published; a correction is a new version with its note, and the old version
stays reachable and byte for byte the same; changed content is detected, never shown."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.publishing import services
from goldenthread.publishing.models import Publication, PublishedFile, PublishedVersion
from goldenthread.publishing.services import TamperedError, version_verify
from goldenthread.publishing.tests.conftest import approved_return


def open_data_value(council, quarter, code, version=None):  # type: ignore[no-untyped-def]
    suffix = f"-v{version}" if version else ""
    response = Client().get(f"/public/{council.slug}/open-data/{quarter.label}{suffix}.csv")
    assert response.status_code == 200
    rows = csv.DictReader(io.StringIO(response.content.decode()))
    return next(row["value"] for row in rows if row["indicator_code"] == code)


def public_indicator(council, code):  # type: ignore[no-untyped-def]
    response = Client().get(f"/public/{council.slug}/indicators/{code}/")
    assert response.status_code == 200
    return response.content.decode()


def correct(council, quarter, admin, one, value, person):  # type: ignore[no-untyped-def]
    """Opens the quarter for a correction, reopens and corrects one return, approves it and
    publishes the correction: the workflow a performance admin follows."""
    publication = Publication.objects.get(organisation=council, period=quarter)
    services.publication_open_for_correction(
        publication=publication, user=admin, reason="A typing error in one figure"
    )
    approver = person("chief.executive")
    reopened = indicator_services.return_reopen(
        indicator_return=IndicatorReturn.objects.get(pk=one.pk),
        user=approver,
        reason="Typing error",
    )
    IndicatorReturn.objects.filter(pk=reopened.pk).update(value=value, status="submitted")
    indicator_services.return_approve(
        indicator_return=IndicatorReturn.objects.get(pk=one.pk), user=approver
    )
    return services.publication_correct(
        publication=publication, user=admin, note=f"{one.indicator.code} corrected"
    )


def test_a_later_edit_does_not_change_what_was_published(council, quarter, published, admin):
    one = approved_return(council, quarter)
    shown = format(one.value.normalize(), "f")
    page_before = public_indicator(council, one.indicator.code)
    hash_before = published.content_hash
    services.publication_open_for_correction(
        publication=published.publication, user=admin, reason="Checking a figure"
    )
    IndicatorReturn.objects.filter(pk=one.pk).update(value=Decimal("12345.6"))

    assert open_data_value(council, quarter, one.indicator.code) == shown
    page_after = public_indicator(council, one.indicator.code)
    assert "12345.6" not in page_after and "12,345.6" not in page_after
    assert page_after == page_before
    assert PublishedVersion.objects.get(pk=published.pk).content_hash == hash_before


def test_a_correction_is_a_new_version_with_its_note_and_the_old_one_stays(
    council, quarter, published, admin, person
):
    one = approved_return(council, quarter)
    original = format(one.value.normalize(), "f")
    first_content = published.content
    first_files = {f.key: bytes(f.content) for f in published.files.all()}
    corrected_value = one.value + Decimal("1")
    version = correct(council, quarter, admin, one, corrected_value, person)

    assert version.number == 2
    assert open_data_value(council, quarter, one.indicator.code) == format(
        corrected_value.normalize(), "f"
    )
    assert open_data_value(council, quarter, one.indicator.code, version=1) == original
    page = Client().get(f"/public/{council.slug}/{quarter.label}/").content.decode()
    assert f"{one.indicator.code} corrected" in page
    old = Client().get(f"/public/{council.slug}/{quarter.label}/versions/1/")
    assert old.status_code == 200
    assert "Corrected" not in old.content.decode()
    again = PublishedVersion.objects.get(pk=published.pk)
    assert again.content == first_content
    assert {f.key: bytes(f.content) for f in again.files.all()} == first_files
    assert IndicatorReturn.objects.get(pk=one.pk).status == "locked"


def test_a_correction_needs_the_period_opened_and_a_note(council, quarter, published, admin):
    publication = published.publication
    with pytest.raises(ValidationError, match="Open the period for a correction"):
        services.publication_correct(publication=publication, user=admin, note="Fixed")
    services.publication_open_for_correction(publication=publication, user=admin, reason="Why")
    with pytest.raises(ValidationError):
        services.publication_correct(publication=publication, user=admin, note="  ")
    assert PublishedVersion.objects.filter(publication=publication).count() == 1


def test_opening_for_correction_unlocks_the_returns_with_the_reason(
    council, quarter, published, admin
):
    services.publication_open_for_correction(
        publication=published.publication, user=admin, reason="A typing error"
    )
    statuses = set(
        IndicatorReturn.objects.filter(indicator__organisation=council, period=quarter).values_list(
            "status", flat=True
        )
    )
    assert "locked" not in statuses
    unlocked = IndicatorReturn.objects.filter(
        indicator__organisation=council, period=quarter, status="approved"
    ).first()
    assert unlocked.history.first().history_change_reason == "Opened for correction: A typing error"
    assert published.publication.history.first().history_change_reason == "A typing error"


def test_a_published_return_cannot_be_reopened_until_the_period_is_opened(
    council, quarter, published, person
):
    one = IndicatorReturn.objects.get(pk=approved_return(council, quarter).pk)
    assert one.status == "locked"
    with pytest.raises(ValidationError, match="published"):
        indicator_services.return_reopen(
            indicator_return=one, user=person("chief.executive"), reason="Change it"
        )


def test_changed_content_is_detected_and_not_shown(council, quarter, published):
    PublishedVersion.objects.filter(pk=published.pk).update(
        content=published.content.replace('"version":1', '"version":7')
    )
    with pytest.raises(TamperedError):
        version_verify(PublishedVersion.objects.get(pk=published.pk))
    assert Client().get(f"/public/{council.slug}/{quarter.label}/").status_code == 404
    assert Client().get(f"/public/{council.slug}/open-data/{quarter.label}.csv").status_code == 404


def test_a_changed_file_is_detected_and_not_served(council, quarter, published):
    PublishedFile.objects.filter(version=published, key="quarterly.html").update(
        content=b"<p>Changed</p>"
    )
    url = f"/public/{council.slug}/{quarter.label}/versions/1/files/quarterly.html"
    assert Client().get(url).status_code == 404
    with pytest.raises(TamperedError):
        version_verify(published, files=True)
