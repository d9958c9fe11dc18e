"""What a published version freezes: every indicator's approved figures and judgements for
the period as open data rows, and the reports (the council's quarterly report, each
committee's, and the annual report for the year so far) as files.

The rows are read from the council's quarterly report itself, so the open data, the public
pages and the published reports can never disagree. Links in the frozen reports lead to the
public pages, never to the service's own pages behind the sign-in.
"""

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from goldenthread.accounts.models import Committee, Organisation
from goldenthread.indicators.models import Indicator
from goldenthread.reporting.blocks import (
    IndicatorEntry,
    RagSummary,
    Report,
    Section,
    Table,
    report_to_json,
)
from goldenthread.reporting.catalogue import ReportRequest, report_build, report_resolve
from goldenthread.reporting.render import FORMATS, render
from goldenthread.strategy.models import ReportingPeriod

SCHEMA_VERSION = 1
# The formats each report is frozen in besides its JSON (which the public pages draw from).
DEFAULT_FORMATS = ("html", "pdf")
# The open data columns, in order: docs/publishing.md and schema.json describe each.
COLUMNS = (
    "organisation_gss_code",
    "organisation",
    "period",
    "indicator_code",
    "indicator_title",
    "unit",
    "polarity",
    "value_period",
    "value",
    "target",
    "rag",
    "direction",
    "direction_since_last_year",
    "spc_variation",
    "spc_assurance",
    "theme",
    "commentary",
    "version",
    "published_at",
)


@dataclass(frozen=True)
class FrozenFile:
    key: str  # "quarterly.pdf"
    title: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    content: str  # canonical JSON: the rows, the files' hashes and who published it when
    files: tuple[FrozenFile, ...]

    @property
    def content_hash(self) -> str:
        return content_hash(self.content)


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode()).hexdigest()


def formats_frozen() -> tuple[str, ...]:
    return tuple(getattr(settings, "GOLDENTHREAD_PUBLISHED_FORMATS", DEFAULT_FORMATS))


def public_indicator_url(organisation: Organisation, code: str) -> str:
    return reverse("publishing:public_indicator", args=[organisation.slug, code])


def snapshot_build(
    organisation: Organisation,
    period: ReportingPeriod,
    *,
    number: int,
    published_by: str,
    published_at: datetime,
    note: str,
    correction_note: str,
    progress: Callable[[str], None] | None = None,
) -> Snapshot:
    """Reads and renders everything the version freezes. Reads only approved figures, as the
    reports do."""
    tell = progress or (lambda message: None)
    links = _public_links(organisation)
    shared: dict = {}
    reports: list[tuple[str, Report]] = []
    tell("The council's quarterly report")
    council = _report(
        organisation, ReportRequest(kind="quarterly", period=period.label), links, shared
    )
    reports.append(("quarterly", council))
    for committee in Committee.objects.filter(organisation=organisation).order_by("name"):
        if not committee.themes.exists():
            continue
        tell(f"The quarterly report for {committee.name}")
        asked = ReportRequest(kind="quarterly", period=period.label, committee=committee.slug)
        reports.append((f"quarterly-{committee.slug}", _report(organisation, asked, links, shared)))
    tell("The annual report for the year so far")
    reports.append(
        (
            "annual",
            _report(organisation, ReportRequest(kind="annual", year=period.year), links, shared),
        )
    )
    files = []
    for key, report in reports:
        title = f"{report.title}: {report.subtitle}"
        files.append(
            FrozenFile(f"{key}.json", title, "application/json", report_to_json(report).encode())
        )
        for fmt in formats_frozen():
            tell(f"{title} ({FORMATS[fmt].label})")
            chosen = FORMATS[fmt]
            files.append(
                FrozenFile(
                    f"{key}.{chosen.extension}", title, chosen.content_type, render(report, fmt)
                )
            )
    rows = open_data_rows(
        organisation, period, council, number=number, published_at=published_at.isoformat()
    )
    content = {
        "schema_version": SCHEMA_VERSION,
        "organisation": {
            "name": organisation.name,
            "slug": organisation.slug,
            "gss_code": organisation.gss_code or "",
        },
        "period": {
            "label": period.label,
            "name": period.name,
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
        },
        "version": number,
        "published_by": published_by,
        "published_at": published_at.isoformat(),
        "note": note,
        "correction_note": correction_note,
        "indicators": rows,
        # As a reader sees them ("87.5%", "No target"), for the public pages.
        "display": {
            entry.code: {"value": entry.value_text, "target": entry.target_text}
            for entry in council.entries
        },
        "files": {file.key: {"sha256": file.sha256, "title": file.title} for file in files},
    }
    return Snapshot(content=canonical(content), files=tuple(files))


def canonical(content: dict) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _report(
    organisation: Organisation, asked: ReportRequest, links: dict[str, str], shared: dict
) -> Report:
    resolved = report_resolve(organisation, asked)
    # Every report judges the same figures: the council-wide roll-ups are read once.
    resolved.scope.memo.update(shared)
    report = report_build(organisation, resolved)
    shared.update(
        (key, value)
        for key, value in resolved.scope.memo.items()
        if isinstance(key, tuple) and key[0] == "rollups"
    )
    return dataclasses.replace(
        report,
        notes=(*report.notes, "Published figures: they do not change when returns are edited."),
        sections=tuple(_section_public(section, links) for section in report.sections),
    )


def _public_links(organisation: Organisation) -> dict[str, str]:
    """Each indicator's page in the service → its public page."""
    return {
        indicator.get_absolute_url(): public_indicator_url(organisation, indicator.code)
        for indicator in Indicator.objects.filter(organisation=organisation).only("pk", "code")
    }


def _section_public(section: Section, links: dict[str, str]) -> Section:
    blocks = []
    for block in section.blocks:
        if isinstance(block, IndicatorEntry):
            block = dataclasses.replace(block, url=links.get(block.url, ""), thread_url="")
        elif isinstance(block, Table):
            rows = tuple(
                tuple(dataclasses.replace(cell, url=links.get(cell.url, "")) for cell in row)
                for row in block.rows
            )
            block = dataclasses.replace(block, rows=rows)
        elif isinstance(block, RagSummary):
            block = dataclasses.replace(
                block,
                rows=tuple(dataclasses.replace(row, url="") for row in block.rows),
                total=dataclasses.replace(block.total, url="") if block.total else None,
            )
        blocks.append(block)
    return dataclasses.replace(section, blocks=tuple(blocks))


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def open_data_rows(
    organisation: Organisation,
    period: ReportingPeriod,
    report: Report,
    *,
    number: int,
    published_at: str,
) -> list[dict[str, str | int | None]]:
    """A row an indicator, from the council's quarterly report: each indicator once, under
    the first theme it counts towards."""
    indicators = {
        code: (unit, polarity)
        for code, unit, polarity in Indicator.objects.filter(organisation=organisation).values_list(
            "code", "unit", "polarity"
        )
    }
    rows = []
    for section in report.sections:
        for block in section.blocks:
            if not isinstance(block, IndicatorEntry):
                continue
            unit, polarity = indicators.get(block.code, (block.unit, ""))
            rows.append(
                {
                    "organisation_gss_code": organisation.gss_code or "",
                    "organisation": organisation.name,
                    "period": period.label,
                    "indicator_code": block.code,
                    "indicator_title": block.title,
                    "unit": unit,
                    "polarity": polarity,
                    "value_period": block.period,
                    "value": _number(block.value),
                    "target": _number(block.target),
                    "rag": block.rag,
                    "direction": block.since_previous,
                    "direction_since_last_year": block.since_last_year,
                    "spc_variation": block.variation,
                    "spc_assurance": block.assurance,
                    "theme": "" if section.key.endswith("-other") else section.title,
                    "commentary": block.commentary or block.narrative,
                    "version": number,
                    "published_at": published_at,
                }
            )
    rows.sort(key=lambda row: str(row["indicator_code"]))
    return rows
