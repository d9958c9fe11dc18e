"""Writes for publishing: publish a period, open it for a correction, publish the correction.

Published content is only ever inserted: `_version_freeze` is the one place a version or a
file is written, always as a new row, and nothing here updates one. A version's hash covers
its content, which lists every file's hash, so `version_verify` shows any later change.
Publishing locks the period's approved returns (status "locked", shown as "Published"), so
they change only by opening the period for a correction, which unlocks them with a reason.
"""

import json
from hashlib import sha256

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.quality import periods_within
from goldenthread.publishing.models import Publication, PublishedFile, PublishedVersion
from goldenthread.publishing.snapshot import Snapshot, content_hash, snapshot_build
from goldenthread.strategy.models import ReportingPeriod

Status = IndicatorReturn.Status


class TamperedError(RuntimeError):
    """Published content that no longer matches the hash it was published with."""


def period_for_publishing(organisation: Organisation, label: str) -> ReportingPeriod:
    """The quarter named by its label, which must have ended."""
    period = ReportingPeriod.objects.filter(
        organisation=organisation, frequency="quarterly", label=label.strip()
    ).first()
    if period is None:
        raise ValidationError(f"There is no quarter {label!r}: give one like 2025-Q2.")
    if period.end_date >= timezone.localdate():
        raise ValidationError(f"{period.label} has not ended yet, so it cannot be published.")
    return period


def _check(user: User, organisation: Organisation) -> None:
    if not permissions.can_publish(user, organisation):
        raise PermissionDenied("Only performance admins may publish.")


@transaction.atomic
def publication_publish(
    *, organisation: Organisation, period: ReportingPeriod, user: User, note: str = ""
) -> PublishedVersion:
    """Freezes the period's approved data and reports as version 1 and locks its returns."""
    _check(user, organisation)
    publication, _created = Publication.objects.select_for_update().get_or_create(
        organisation=organisation, period=period
    )
    if publication.latest_number:
        raise ValidationError(
            f"{period.label} was published on {publication.first_published_at:%-d %B %Y}; "
            "to change it, open it for a correction and publish a correction."
        )
    version = _version_freeze(publication=publication, user=user, note=note, correction_note="")
    publication.first_published_at = version.published_at
    publication.save()
    returns_lock(organisation=organisation, period=period, user=user)
    return version


@transaction.atomic
def publication_open_for_correction(
    *, publication: Publication, user: User, reason: str
) -> Publication:
    """Unlocks the period's published returns so a figure can be corrected (reopened,
    changed and approved again). The public site keeps showing the published version."""
    _check(user, publication.organisation)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the period needs a correction."})
    if not locked.latest_number:
        raise ValidationError("This period has not been published yet.")
    if locked.open_for_correction:
        raise ValidationError("This period is already open for a correction.")
    locked.open_for_correction = True
    locked.correction_reason = reason.strip()
    locked._change_reason = reason.strip()  # type: ignore[attr-defined]  # kept by simple-history
    locked.save()
    returns_unlock(
        organisation=locked.organisation, period=locked.period, reason=reason.strip(), user=user
    )
    return locked


@transaction.atomic
def publication_correct(*, publication: Publication, user: User, note: str) -> PublishedVersion:
    """Publishes a new version with a note saying what was corrected, and locks the returns
    again. Earlier versions stay as they were, and reachable."""
    _check(user, publication.organisation)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if not note.strip():
        raise ValidationError({"note": "Say what was corrected: the public pages show it."})
    if not locked.open_for_correction:
        raise ValidationError("Open the period for a correction before publishing one.")
    version = _version_freeze(publication=locked, user=user, note="", correction_note=note.strip())
    locked.open_for_correction = False
    locked.correction_reason = ""
    locked._change_reason = f"Correction published: {note.strip()}"  # type: ignore[attr-defined]
    locked.save()
    returns_lock(organisation=locked.organisation, period=locked.period, user=user)
    return version


def _version_freeze(
    *, publication: Publication, user: User, note: str, correction_note: str
) -> PublishedVersion:
    """Inserts the next version and its files; never updates one."""
    number = publication.latest_number + 1
    published_at = timezone.now()
    snapshot: Snapshot = snapshot_build(
        publication.organisation,
        publication.period,
        number=number,
        published_by=user.get_full_name() or user.get_username(),
        published_at=published_at,
        note=note.strip(),
        correction_note=correction_note,
    )
    version = PublishedVersion(
        publication=publication,
        number=number,
        content=snapshot.content,
        content_hash=snapshot.content_hash,
        published_by=user,
        published_at=published_at,
        note=note.strip(),
        correction_note=correction_note,
    )
    version.save(force_insert=True)
    PublishedFile.objects.bulk_create(
        PublishedFile(
            version=version,
            key=file.key,
            title=file.title,
            content_type=file.content_type,
            content=file.content,
            sha256=file.sha256,
        )
        for file in snapshot.files
    )
    publication.latest_number = number
    return version


def version_verify(version: PublishedVersion, *, files: bool = False) -> None:
    """Raises TamperedError when the content (and, if asked, any file) no longer matches the
    hashes it was published with."""
    if content_hash(version.content) != version.content_hash:
        raise TamperedError(f"{version} does not match its published hash.")
    if files:
        listed = json.loads(version.content)["files"]
        for file in version.files.all():
            _file_verify(file, listed)


def file_verify(file: PublishedFile) -> None:
    version_verify(file.version)
    _file_verify(file, json.loads(file.version.content)["files"])


def _file_verify(file: PublishedFile, listed: dict) -> None:
    actual = sha256(bytes(file.content)).hexdigest()
    if actual != file.sha256 or listed.get(file.key, {}).get("sha256") != actual:
        raise TamperedError(f"{file} does not match its published hash.")


def returns_lock(
    *, organisation: Organisation, period: ReportingPeriod, user: User | None = None
) -> int:
    """Locks the approved returns for the period and the months within it: published."""
    return _returns_move(organisation, period, Status.APPROVED, Status.LOCKED, "Published", user)


def returns_unlock(
    *, organisation: Organisation, period: ReportingPeriod, reason: str, user: User | None = None
) -> int:
    """Puts the period's published returns back to approved, so they can be reopened."""
    return _returns_move(
        organisation,
        period,
        Status.LOCKED,
        Status.APPROVED,
        f"Opened for correction: {reason}",
        user,
    )


def _returns_move(
    organisation: Organisation,
    period: ReportingPeriod,
    old: str,
    new: str,
    reason: str,
    user: User | None,
) -> int:
    chosen = list(
        IndicatorReturn.objects.select_for_update().filter(
            indicator__organisation=organisation, period__in=periods_within(period), status=old
        )
    )
    now = timezone.now()
    for indicator_return in chosen:
        indicator_return.status = new
        indicator_return.updated_at = now  # so a form drawn before this is seen to be stale
    bulk_update_with_history(
        chosen,
        IndicatorReturn,
        ["status", "updated_at"],
        batch_size=500,
        default_user=user,
        default_change_reason=reason,
    )
    return len(chosen)
