"""Reads of what has been published. Nothing here reads live data: every public page and
download is drawn from the frozen versions, checked against their hashes."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.publishing.models import Publication, PublishedFile, PublishedVersion
from goldenthread.publishing.services import file_verify, version_verify
from goldenthread.reporting.blocks import IndicatorEntry, Report, report_from_json


@dataclass(frozen=True)
class Published:
    """A published version with its content read."""

    version: PublishedVersion

    @cached_property
    def data(self) -> dict:
        return json.loads(self.version.content)  # type: ignore[no-any-return]

    @property
    def label(self) -> str:
        return self.data["period"]["label"]

    @property
    def rows(self) -> list[dict]:
        return self.data["indicators"]  # type: ignore[no-any-return]

    @property
    def counts(self) -> RagCounts:
        return rag_counts(RagStatus(row["rag"]) for row in self.rows)

    def theme_counts(self) -> list[tuple[str, RagCounts]]:
        themes: dict[str, list[RagStatus]] = {}
        for row in self.rows:
            themes.setdefault(row["theme"] or "Not linked to a theme", []).append(
                RagStatus(row["rag"])
            )
        return [(theme, rag_counts(statuses)) for theme, statuses in sorted(themes.items())]

    def directions(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for row in self.rows:
            found[row["direction"]] = found.get(row["direction"], 0) + 1
        return found


def publications(organisation: Organisation) -> QuerySet[Publication]:
    """The organisation's published periods, latest first."""
    return Publication.objects.filter(
        organisation=organisation, latest_number__gt=0
    ).select_related("period")


def published_version(
    organisation: Organisation, label: str, number: int | None = None
) -> Published | None:
    """The period's latest published version (or the one numbered); None when unpublished."""
    publication = publications(organisation).filter(period__label=label).first()
    if publication is None:
        return None
    version = (
        publication.versions.select_related("publication__period")
        .filter(number=number or publication.latest_number)
        .first()
    )
    if version is None:
        return None
    version_verify(version)
    return Published(version)


def versions_of(organisation: Organisation, label: str) -> list[PublishedVersion]:
    return list(
        PublishedVersion.objects.filter(
            publication__organisation=organisation, publication__period__label=label
        )
        .defer("content")
        .order_by("number")
    )


def latest_published(organisation: Organisation) -> Published | None:
    publication = publications(organisation).first()
    return published_version(organisation, publication.period.label) if publication else None


def published_file(published: Published, key: str) -> PublishedFile | None:
    file = published.version.files.filter(key=key).first()
    if file is not None:
        file_verify(file)
    return file


def published_report(published: Published, key: str) -> Report | None:
    file = published_file(published, f"{key}.json")
    return report_from_json(bytes(file.content).decode()) if file is not None else None


@dataclass(frozen=True)
class HistoryRow:
    published: Published
    row: dict

    @property
    def shown(self) -> dict:
        """The value and target as the reader sees them."""
        return self.published.data["display"].get(self.row["indicator_code"], {})  # type: ignore[no-any-return]


def indicator_history(organisation: Organisation, code: str) -> list[HistoryRow]:
    """The indicator in each published period's latest version, oldest first."""
    found = []
    for publication in publications(organisation).order_by("period__start_date"):
        published = published_version(organisation, publication.period.label)
        if published is None:
            continue
        for row in published.rows:
            if row["indicator_code"] == code:
                found.append(HistoryRow(published, row))
    return found


def indicator_entry(published: Published, code: str) -> IndicatorEntry | None:
    """The indicator as the council's published quarterly report shows it, with its chart."""
    report = published_report(published, "quarterly")
    if report is None:
        return None
    return next((entry for entry in report.entries if entry.code == code), None)


def national_rows() -> Iterator[dict]:
    """Every organisation's latest published period, one row an indicator, read an
    organisation at a time."""
    for organisation in (
        Organisation.objects.filter(publications__latest_number__gt=0).distinct().order_by("name")
    ):
        published = latest_published(organisation)
        if published is not None:
            yield from published.rows
