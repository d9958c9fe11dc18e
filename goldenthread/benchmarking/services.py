"""Writes for benchmarking: imports of the council list and of published data (all or
nothing, and idempotent: importing the same file again changes nothing), comparator groups,
links from the council's indicators to published metrics, and comparator targets."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.benchmarking import importers
from goldenthread.benchmarking.importers import (
    Batch,
    ImportFailed,
    Known,
    Metric,
    RowError,
)
from goldenthread.benchmarking.models import (
    ComparatorGroup,
    ComparatorTarget,
    ExternalMetric,
    ExternalSource,
    ExternalValue,
    IndicatorMetricLink,
    PublishedAverage,
)
from goldenthread.calculations.polarity import Polarity
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import ReportingPeriod

FORMATS = ("tidy", "oflog", "lgbf")
KIND_PLURALS = {
    Organisation.Kind.UNITARY: "Unitary authorities",
    Organisation.Kind.METROPOLITAN: "Metropolitan boroughs",
    Organisation.Kind.LONDON_BOROUGH: "London boroughs",
    Organisation.Kind.COUNTY: "County councils",
    Organisation.Kind.DISTRICT: "District councils",
    Organisation.Kind.SCOTTISH: "Scottish councils",
    Organisation.Kind.WELSH: "Welsh principal areas",
    Organisation.Kind.NORTHERN_IRISH: "Northern Ireland districts",
    Organisation.Kind.OTHER: "Other public bodies",
}
BATCH_SIZE = 1000
ORGANISATION_FIELDS = ("name", "short_name", "kind", "region", "population")
METRIC_FIELDS = (
    "title",
    "definition",
    "category",
    "unit",
    "unit_label",
    "polarity",
    "decimal_places",
    "published_format",
    "scale",
    "band_midpoint",
    "family_grouping",
)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportResult:
    source: str
    dry_run: bool
    rows: int
    metrics: Counts = field(default_factory=Counts)
    councils: Counts = field(default_factory=Counts)  # made when missing, never changed
    values: Counts = field(default_factory=Counts)
    averages: Counts = field(default_factory=Counts)
    groups: Counts = field(default_factory=Counts)
    skipped: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class OrganisationsResult:
    dry_run: bool
    counts: Counts
    notes: list[str]


# The council list ------------------------------------------------------------------------


def organisations_import(
    *, path: Path = importers.COUNCIL_LIST, dry_run: bool = False
) -> OrganisationsResult:
    """Creates or updates an organisation for each council in the list, matched by GSS code.

    The list decides their name, short name, type, region and population. Any bad row means
    nothing is written (ImportFailed lists every problem); the same list again changes nothing.
    """
    listed = importers.read_council_list(path)
    if listed.errors:
        raise ImportFailed(listed.errors)
    counts = Counts()
    with transaction.atomic():
        existing = {
            organisation.gss_code: organisation
            for organisation in Organisation.objects.filter(
                gss_code__in=[council.gss_code for council in listed.councils]
            )
        }
        new, changed = [], []
        for council in listed.councils:
            organisation = existing.get(council.gss_code)
            wanted = {name: getattr(council, name) for name in ORGANISATION_FIELDS}
            if organisation is None:
                new.append(council)
            elif any(getattr(organisation, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(organisation, name, value)
                changed.append(organisation)
            else:
                counts.unchanged += 1
        _organisations_create(new)
        if changed:
            bulk_update_with_history(changed, Organisation, list(ORGANISATION_FIELDS))
        counts.created, counts.updated = len(new), len(changed)
        if dry_run:
            transaction.set_rollback(True)
    return OrganisationsResult(dry_run, counts, listed.notes)


def _organisations_create(councils: Sequence[importers.Council]) -> None:
    """New organisations with slugs from their short names, made unique with the GSS code."""
    if not councils:
        return
    bases = {
        council.gss_code: slugify(council.short_name or council.name)[:50] for council in councils
    }
    taken = set(Organisation.objects.filter(slug__in=bases.values()).values_list("slug", flat=True))
    organisations = []
    for council in councils:
        slug = bases[council.gss_code] or council.gss_code.lower()
        if slug in taken:
            slug = f"{slug[:40]}-{council.gss_code.lower()}"
        taken.add(slug)
        organisations.append(
            Organisation(
                slug=slug,
                gss_code=council.gss_code,
                **{name: getattr(council, name) for name in ORGANISATION_FIELDS},
            )
        )
    bulk_create_with_history(organisations, Organisation, batch_size=BATCH_SIZE)


# Published data ----------------------------------------------------------------------------


def benchmarks_import(
    *,
    paths: Sequence[Path],
    fmt: str,
    source_name: str = "",
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Imports published values in one of FORMATS (see `importers`), all or nothing.

    Any invalid row means nothing is written (ImportFailed lists every problem), unless
    `skip_invalid`: then valid rows are written and every skipped row is listed in the result.
    Whole-file problems (a missing column, an unreadable file) always stop the import.
    Councils the rows name are created when missing; existing organisations are not changed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "oflog":
        name = importers.OFLOG_SOURCE.name
    elif fmt == "lgbf":
        name = importers.LGBF_SOURCE.name
    else:
        name = source_name or paths[0].stem
    known = _known(name)
    if fmt == "oflog":
        batch = importers.read_oflog(paths, known)
    elif fmt == "lgbf":
        batch = importers.read_lgbf(paths, known)
    else:
        batch = importers.read_tidy(paths, known, name)
    if any(error.fatal for error in batch.errors) or (batch.errors and not skip_invalid):
        raise ImportFailed(batch.errors)
    result = ImportResult(
        source=name, dry_run=dry_run, rows=batch.rows, skipped=batch.errors, notes=batch.notes
    )
    with transaction.atomic():
        _batch_write(batch, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _known(source_name: str) -> Known:
    metrics = ExternalMetric.objects.filter(source__name=source_name)
    return Known(
        metrics={metric.code: _metric_record(metric) for metric in metrics},
        councils=dict(
            Organisation.objects.exclude(gss_code__isnull=True)
            .exclude(gss_code="")
            .values_list("gss_code", "name")
        ),
    )


def _metric_record(metric: ExternalMetric) -> Metric:
    fields = {name: getattr(metric, name) for name in METRIC_FIELDS}
    return Metric(code=metric.code, **{**fields, "polarity": Polarity(metric.polarity)})


def _batch_write(batch: Batch, result: ImportResult) -> None:
    source = _source_save(batch.source)
    metric_ids = _metrics_save(source, batch.metrics, result.metrics)
    result.councils.created = _councils_ensure(batch)
    result.councils.unchanged = len(batch.councils) - result.councils.created
    organisation_ids = dict(
        Organisation.objects.filter(
            gss_code__in={value.gss_code for value in batch.values}
            | {group.owner_gss for group in batch.groups}
            | {member for group in batch.groups for member in group.members}
        ).values_list("gss_code", "pk")
    )
    _values_save(batch, metric_ids, organisation_ids, result.values)
    _averages_save(batch, metric_ids, result.averages)
    _groups_save(batch, source, organisation_ids, result.groups)


def _source_save(record: importers.Source) -> ExternalSource:
    source, _created = ExternalSource.objects.get_or_create(name=record.name)
    wanted = {
        name: getattr(record, name)
        for name in ("publisher", "licence", "url", "retrieved")
        if getattr(record, name)  # a tidy file says nothing about its publisher
    }
    if any(getattr(source, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(source, name, value)
        source.save()
    return source


def _metrics_save(
    source: ExternalSource, records: dict[str, Metric], counts: Counts
) -> dict[str, int]:
    existing = {metric.code: metric for metric in source.metrics.all()}
    for code, record in records.items():
        wanted = {name: getattr(record, name) for name in METRIC_FIELDS}
        wanted["polarity"] = record.polarity.value
        metric = existing.get(code)
        if metric is None:
            existing[code] = ExternalMetric.objects.create(source=source, code=code, **wanted)
            counts.created += 1
        elif any(getattr(metric, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(metric, name, value)
            metric.save()
            counts.updated += 1
        else:
            counts.unchanged += 1
    return {code: metric.pk for code, metric in existing.items()}


def _councils_ensure(batch: Batch) -> int:
    held = set(
        Organisation.objects.filter(gss_code__in=batch.councils).values_list("gss_code", flat=True)
    )
    missing = [council for code, council in batch.councils.items() if code not in held]
    _organisations_create(missing)
    return len(missing)


def _period_fields(period: importers.PeriodKey) -> dict[str, object]:
    return {
        "period_label": period.label,
        "year": period.year,
        "frequency": period.frequency.value,
        "number": period.number,
    }


def _optional(number: Decimal | None) -> Decimal | None:
    return importers.stored(number) if number is not None else None


def _values_save(
    batch: Batch, metric_ids: dict[str, int], organisation_ids: dict[str, int], counts: Counts
) -> None:
    fields = ("value", "numerator", "denominator")
    existing = {
        (metric_id, organisation_id, year, frequency, number): (pk, figures)
        for pk, metric_id, organisation_id, year, frequency, number, *figures in (
            ExternalValue.objects.filter(
                metric_id__in={metric_ids[value.metric_code] for value in batch.values}
            ).values_list(
                "pk", "metric_id", "organisation_id", "year", "frequency", "number", *fields
            )
        )
    }
    new, changed = [], []
    for record in batch.values:
        metric_id = metric_ids[record.metric_code]
        organisation_id = organisation_ids[record.gss_code]
        period = record.period
        figures = [record.value, _optional(record.numerator), _optional(record.denominator)]
        key = (metric_id, organisation_id, period.year, period.frequency.value, period.number)
        found = existing.get(key)
        if found is None:
            new.append(
                ExternalValue(
                    metric_id=metric_id,
                    organisation_id=organisation_id,
                    **_period_fields(period),
                    **dict(zip(fields, figures, strict=True)),
                )
            )
        elif found[1] != figures:
            changed.append(ExternalValue(pk=found[0], **dict(zip(fields, figures, strict=True))))
        else:
            counts.unchanged += 1
    ExternalValue.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ExternalValue.objects.bulk_update(changed, list(fields), batch_size=BATCH_SIZE)
    counts.created += len(new)
    counts.updated += len(changed)


def _averages_save(batch: Batch, metric_ids: dict[str, int], counts: Counts) -> None:
    fields = ("mean", "median", "pooled")
    existing = {
        (metric_id, area, year, frequency, number): (pk, figures)
        for pk, metric_id, area, year, frequency, number, *figures in (
            PublishedAverage.objects.filter(
                metric_id__in={metric_ids[average.metric_code] for average in batch.averages}
            ).values_list("pk", "metric_id", "area", "year", "frequency", "number", *fields)
        )
    }
    new, changed = [], []
    for record in batch.averages:
        metric_id = metric_ids[record.metric_code]
        period = record.period
        figures = [record.mean, record.median, record.pooled]
        key = (metric_id, record.area, period.year, period.frequency.value, period.number)
        found = existing.get(key)
        if found is None:
            new.append(
                PublishedAverage(
                    metric_id=metric_id,
                    area=record.area,
                    **_period_fields(period),
                    **dict(zip(fields, figures, strict=True)),
                )
            )
        elif found[1] != figures:
            changed.append(PublishedAverage(pk=found[0], **dict(zip(fields, figures, strict=True))))
        else:
            counts.unchanged += 1
    PublishedAverage.objects.bulk_create(new, batch_size=BATCH_SIZE)
    PublishedAverage.objects.bulk_update(changed, list(fields), batch_size=BATCH_SIZE)
    counts.created += len(new)
    counts.updated += len(changed)


def _groups_save(
    batch: Batch, source: ExternalSource, organisation_ids: dict[str, int], counts: Counts
) -> None:
    owners = {organisation_ids[group.owner_gss] for group in batch.groups}
    existing = {
        (group.owner_id, group.kind, group.name): group
        for group in ComparatorGroup.objects.filter(owner_id__in=owners).prefetch_related("members")
    }
    for record in batch.groups:
        owner_id = organisation_ids[record.owner_gss]
        members = {organisation_ids[code] for code in record.members}
        wanted = {
            "description": record.description,
            "applies_to": record.applies_to,
            "source": source,
        }
        group = existing.get((owner_id, record.kind, record.name))
        if group is None:
            group = ComparatorGroup.objects.create(
                owner_id=owner_id, kind=record.kind, name=record.name, **wanted
            )
            group.members.set(members)
            counts.created += 1
            continue
        changed = any(getattr(group, name) != value for name, value in wanted.items())
        if changed:
            for name, value in wanted.items():
                setattr(group, name, value)
            group.save()
        if {member.pk for member in group.members.all()} != members:
            group.members.set(members)
            changed = True
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1


# Comparator groups, links and targets --------------------------------------------------


def comparator_group_save(
    *, group: ComparatorGroup, members: Iterable[Organisation], user: User
) -> ComparatorGroup:
    """Saves a group the council chose itself; performance admins keep them."""
    if not permissions.can_configure(user, group.owner):
        raise PermissionDenied("Only performance admins keep comparator groups.")
    if group.pk and group.kind != ComparatorGroup.Kind.USER_DEFINED:
        raise PermissionDenied("Groups made from published data are changed by importing it.")
    group.kind = ComparatorGroup.Kind.USER_DEFINED
    group.full_clean()
    with transaction.atomic():
        group.save()
        group.members.set(list(members))
    return group


def comparator_groups_standard_ensure(*, owner: Organisation, user: User) -> list[ComparatorGroup]:
    """The council's region and council-type groups, made or brought up to date from the
    organisations held (councils with a GSS code; combined authorities and the like left out)."""
    if not permissions.can_configure(user, owner):
        raise PermissionDenied("Only performance admins keep comparator groups.")
    councils = (
        Organisation.objects.exclude(gss_code__isnull=True)
        .exclude(gss_code="")
        .exclude(kind=Organisation.Kind.OTHER)
    )
    wanted = []
    if owner.region:
        wanted.append(
            (
                ComparatorGroup.Kind.REGION,
                f"Councils in {owner.region}",
                councils.filter(region=owner.region),
            )
        )
    wanted.append(
        (
            ComparatorGroup.Kind.COUNCIL_TYPE,
            KIND_PLURALS[owner.kind],
            councils.filter(kind=owner.kind),
        )
    )
    groups = []
    with transaction.atomic():
        for kind, name, members in wanted:
            group, _created = ComparatorGroup.objects.get_or_create(
                owner=owner, kind=kind, name=name
            )
            ids = set(members.values_list("pk", flat=True))
            if set(group.members.values_list("pk", flat=True)) != ids:
                group.members.set(ids)
            groups.append(group)
    return groups


def _same_polarity(indicator: Indicator, metric: ExternalMetric) -> None:
    if indicator.polarity != metric.polarity:
        raise ValidationError(
            {
                "metric": f"{indicator.code} is “{indicator.get_polarity_display().lower()}” but "
                f"{metric.code} is “{metric.get_polarity_display().lower()}”: they cannot be "
                "the same measure."
            }
        )


def _own_group(indicator: Indicator, group: ComparatorGroup | None) -> None:
    if group is not None and group.owner_id != indicator.organisation_id:
        raise ValidationError({"group": "Choose one of your council's comparator groups."})


def indicator_metric_link_save(
    *,
    indicator: Indicator,
    metric: ExternalMetric,
    group: ComparatorGroup | None,
    user: User,
) -> IndicatorMetricLink:
    """Records that the indicator has the same definition as a published metric, so its page
    shows how the council compares (with `group`, when given)."""
    if not permissions.can_edit_indicator(user, indicator):
        raise PermissionDenied("You cannot change this indicator.")
    _same_polarity(indicator, metric)
    _own_group(indicator, group)
    link, _created = IndicatorMetricLink.objects.update_or_create(
        indicator=indicator, metric=metric, defaults={"group": group}
    )
    return link


@transaction.atomic
def comparator_target_set(
    *,
    indicator: Indicator,
    period: ReportingPeriod,
    metric: ExternalMetric,
    group: ComparatorGroup | None,
    statistic: str,
    margin: Decimal,
    tolerance: Decimal | None,
    tolerance_is_percentage: bool,
    user: User,
    reason: str = "",
) -> ComparatorTarget:
    """Sets the period's target relative to comparators ("at or better than the
    nearest-neighbour median"): a new target version, carrying the rule."""
    if not permissions.can_edit_indicator(user, indicator):
        raise PermissionDenied("You cannot set targets for this indicator.")
    if indicator.polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
        raise ValidationError(
            "A target against comparators needs an indicator where higher or lower is better."
        )
    _same_polarity(indicator, metric)
    _own_group(indicator, group)
    rule = ComparatorTarget(metric=metric, group=group, statistic=statistic, margin=margin)
    if statistic in ComparatorTarget.GROUP_STATISTICS and group is None:
        raise ValidationError({"group": "Choose the group whose figure the target follows."})
    if margin < 0:
        raise ValidationError({"margin": "The margin cannot be negative."})
    target = indicator_services.target_set(
        indicator=indicator,
        period=period,
        values=indicator_services.TargetValues(
            tolerance=tolerance,
            tolerance_is_percentage=tolerance_is_percentage,
            comparator=rule.description,
            comparator_margin=margin,
        ),
        user=user,
        reason=reason,
    )
    rule.target = target
    rule.full_clean()
    rule.save()
    return rule
