"""A seeded, deterministic synthetic national dataset for benchmarks and load tests.

Each organisation gets its own random stream (seed and organisation number), so council 7
has the same units, indicators and values whatever the number of councils generated, and a
run interrupted part-way carries on where it stopped: councils already present are skipped.
Each council is written in one transaction through `bulk_create` in batches, so memory stays
flat whatever the size.

Per council, in proportion to the number of indicators: four directorates and about one
service per 40 indicators; an officer per service who owns its indicators and a performance
admin; a council plan with five themes of four objectives, each indicator measuring one of
them; quarterly values with a level, a trend, seasonality and noise, a shift or an outlier
planted in some series (special causes), a few missing returns and the latest quarter partly
unapproved; quarterly targets for the last three years; one action per ten indicators and a
risk per twenty on the corporate register.
"""

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from goldenthread.accounts.models import Organisation, OrgUnit, Role, RoleAssignment, User
from goldenthread.delivery.models import Action
from goldenthread.indicators.models import Indicator, IndicatorObjective, IndicatorReturn, Target
from goldenthread.risks.models import Register, Risk
from goldenthread.strategy.models import Objective, Plan, ReportingPeriod, Theme
from goldenthread.strategy.services import reporting_periods_ensure

BATCH = 5000
LAST_YEAR = 2025  # the financial year of the latest quarter generated
PASSWORD = "golden-thread-synth"  # noqa: S105 (synthetic log-ins for load tests)
THEMES = ["Homes", "Health", "Economy", "Environment", "Communities"]
UNITS = [("percent", "higher"), ("percent", "lower"), ("number", "lower"), ("days", "lower")]


@dataclass
class Counts:
    organisations: int = 0
    skipped: int = 0
    indicators: int = 0
    values: int = 0
    targets: int = 0
    actions: int = 0
    risks: int = 0


def slug_for(number: int) -> str:
    return f"synth-{number:04d}"


def synth_generate(
    *,
    organisations: int,
    indicators: int,
    quarters: int,
    seed: int = 1,
    progress: Callable[[str], None] = lambda line: None,
) -> Counts:
    """Generates councils 1..`organisations` that are not there yet."""
    if organisations < 1 or indicators < 1 or quarters < 1:
        raise ValueError("organisations, indicators and quarters must each be at least 1")
    counts = Counts()
    password = make_password(PASSWORD)  # hashed once: hashing per user would dominate
    for number in range(1, organisations + 1):
        if Organisation.objects.filter(slug=slug_for(number)).exists():
            counts.skipped += 1
            continue
        started = datetime.now(UTC)
        with transaction.atomic():
            _organisation(number, indicators, quarters, seed, password, counts)
        counts.organisations += 1
        seconds = (datetime.now(UTC) - started).total_seconds()
        progress(
            f"council {number}/{organisations}: {indicators} indicators × {quarters} quarters "
            f"in {seconds:.1f} s ({counts.values:,} values so far)"
        )
    return counts


def _organisation(
    number: int, indicators: int, quarters: int, seed: int, password: str, counts: Counts
) -> None:
    rng = random.Random(f"{seed}:{number}")
    organisation = Organisation.objects.create(
        name=f"Synthetic council {number}", short_name=f"Synth {number}", slug=slug_for(number)
    )
    years = math.ceil(quarters / 4)
    for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        reporting_periods_ensure(organisation=organisation, year=year)
    periods = list(
        ReportingPeriod.objects.filter(organisation=organisation, frequency="quarterly").order_by(
            "start_date"
        )
    )[-quarters:]

    directorates = OrgUnit.objects.bulk_create(
        OrgUnit(organisation=organisation, kind="directorate", name=f"Directorate {d + 1}")
        for d in range(4)
    )
    services = OrgUnit.objects.bulk_create(
        OrgUnit(
            organisation=organisation,
            kind="service",
            name=f"Service {s + 1}",
            parent=directorates[s % len(directorates)],
        )
        for s in range(max(3, min(25, indicators // 40)))
    )
    officers = User.objects.bulk_create(
        User(
            username=f"{slug_for(number)}-officer-{s + 1}",
            first_name="Officer",
            last_name=f"{s + 1}",
            organisation=organisation,
            org_unit=service,
            password=password,
        )
        for s, service in enumerate(services)
    )
    admin = User.objects.create(
        username=f"{slug_for(number)}-admin",
        first_name="Performance",
        last_name="Admin",
        organisation=organisation,
        password=password,
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=admin, organisation=organisation, role=Role.PERFORMANCE_ADMIN),
            *(
                RoleAssignment(
                    user=officer, organisation=organisation, role=Role.OFFICER, org_unit=service
                )
                for officer, service in zip(officers, services, strict=True)
            ),
        ]
    )

    plan = Plan.objects.create(
        organisation=organisation,
        kind="council_plan",
        title="Council Plan",
        start_date=periods[0].start_date,
        end_date=periods[-1].end_date,
        status="approved",
    )
    themes = Theme.objects.bulk_create(
        Theme(organisation=organisation, plan=plan, title=title, slug=title.lower(), order=t)
        for t, title in enumerate(THEMES)
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            organisation=organisation,
            plan=plan,
            theme=theme,
            code=f"O{t + 1}.{o + 1}",
            title=f"{theme.title} objective {o + 1}",
            order=o,
        )
        for t, theme in enumerate(themes)
        for o in range(4)
    )

    made: list[Indicator] = []
    for start in range(0, indicators, BATCH // max(1, quarters)):
        stop = min(indicators, start + BATCH // max(1, quarters))
        batch = Indicator.objects.bulk_create(
            _indicator(organisation, number, i, rng, services, officers) for i in range(start, stop)
        )
        IndicatorObjective.objects.bulk_create(
            IndicatorObjective(indicator=indicator, objective=rng.choice(objectives))
            for indicator in batch
        )
        returns, targets = [], []
        for indicator in batch:
            returns.extend(_returns(indicator, periods, rng, indicator.owner))
            targets.extend(_targets(indicator, periods, returns[-len(periods) :], rng))
        _insert(IndicatorReturn, returns)
        _insert(Target, targets)
        counts.values += sum(1 for r in returns if r["value"] is not None)
        counts.targets += len(targets)
        made.extend(batch)
    counts.indicators += len(made)

    actions = Action.objects.bulk_create(
        Action(
            organisation=organisation,
            plan=plan,
            theme=rng.choice(themes),
            code=f"A-{a + 1:04d}",
            title=f"Improvement action {a + 1}",
            lead=rng.choice(officers),
            org_unit=rng.choice(services),
            start_date=periods[-4].start_date,
            due_date=periods[-1].end_date + timedelta(days=rng.randrange(0, 365)),
            progress=rng.randrange(0, 101, 5),
        )
        for a in range(max(1, indicators // 10))
    )
    counts.actions += len(actions)
    register = Register.objects.create(
        organisation=organisation, kind="corporate", name="Corporate risk register"
    )
    risks = Risk.objects.bulk_create(
        _risk(organisation, register, r, rng, officers, services)
        for r in range(max(1, indicators // 20))
    )
    counts.risks += len(risks)


def _indicator(
    organisation: Organisation,
    number: int,
    i: int,
    rng: random.Random,
    services: list[OrgUnit],
    officers: list[User],
) -> Indicator:
    unit, polarity = rng.choice(UNITS)
    s = rng.randrange(len(services))
    return Indicator(
        organisation=organisation,
        code=f"S{number}-{i + 1:04d}",
        title=f"Synthetic indicator {i + 1}",
        owner=officers[s],
        org_unit=services[s],
        polarity=polarity,
        unit=unit,
        decimal_places=1,
        frequency="quarterly",
        aggregation="average" if unit == "percent" else "sum",
        in_corporate_basket=rng.random() < 0.1,
    )


def _series(quarters: int, rng: random.Random, bounded: bool) -> Iterator[float | None]:
    """Level, trend, a yearly season and noise, with a planted shift or outlier in some
    series and about 2% of returns missing."""
    level = rng.uniform(20, 80) if bounded else rng.uniform(50, 5000)
    trend = rng.gauss(0, level * 0.004)
    season = level * rng.uniform(0, 0.05)
    noise = level * rng.uniform(0.01, 0.06)
    shift_at = rng.randrange(quarters) if rng.random() < 0.05 else None
    outlier_at = rng.randrange(quarters) if rng.random() < 0.03 else None
    for q in range(quarters):
        value = level + trend * q + season * math.sin(q * math.pi / 2) + rng.gauss(0, noise)
        if shift_at is not None and q >= shift_at:
            value += 4 * noise
        if q == outlier_at:
            value += 6 * noise
        missing = rng.random() < 0.02
        if missing:
            yield None
        else:
            yield min(100.0, max(0.0, value)) if bounded else max(0.0, value)


def _returns(
    indicator: Indicator, periods: list[ReportingPeriod], rng: random.Random, owner: User
) -> list[dict[str, object]]:
    returns = []
    for q, (period, value) in enumerate(
        zip(periods, _series(len(periods), rng, indicator.unit == "percent"), strict=True)
    ):
        latest = q == len(periods) - 1
        status = rng.choice(["draft", "submitted", "approved"]) if latest else "approved"
        approved_at = datetime.combine(period.end_date, datetime.min.time(), tzinfo=UTC)
        returns.append(
            {
                "indicator_id": indicator.pk,
                "period_id": period.pk,
                "value": None if value is None else Decimal(f"{value:.1f}"),
                "status": status if value is not None else "draft",
                "submitted_by_id": owner.pk if status != "draft" else None,
                "approved_at": approved_at + timedelta(days=30) if status == "approved" else None,
            }
        )
    return returns


def _targets(
    indicator: Indicator,
    periods: list[ReportingPeriod],
    returns: list[dict[str, object]],
    rng: random.Random,
) -> list[dict[str, object]]:
    """A target for each of the last twelve quarters, near the series' level."""
    known: list[Decimal] = [r["value"] for r in returns if r["value"] is not None]  # type: ignore[misc]
    centre = sum(known, Decimal(0)) / len(known) if known else Decimal(50)
    better = Decimal(1 if indicator.polarity == "higher" else -1)
    target = (centre * (1 + better * Decimal(rng.randrange(-5, 10)) / 100)).quantize(Decimal("0.1"))
    return [
        {
            "indicator_id": indicator.pk,
            "period_id": period.pk,
            "value": target,
            "tolerance": Decimal(5),
            "tolerance_is_percentage": True,
        }
        for period in periods[-12:]
    ]


def _insert(model: type[Model], rows: list[dict[str, object]]) -> None:
    """Inserts plain rows, every column not given taking the field's default: COPY on
    PostgreSQL, one prepared statement on SQLite. Building a model instance per row was
    most of the time of generating a council. Values are converted for the database once
    per distinct value, as they repeat a great deal."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    defaults = {
        field.attname: now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
    }
    memos: list[dict[object, object]] = [{} for _ in fields]

    def prepared(row: dict[str, object]) -> tuple[object, ...]:
        values = []
        for field, memo in zip(fields, memos, strict=True):
            value = row.get(field.attname, defaults[field.attname])
            try:
                values.append(memo[value])
            except KeyError:
                memo[value] = field.get_db_prep_save(value, connection)
                values.append(memo[value])
        return tuple(values)

    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608  # nosec B608 - names from the model
                [prepared(row) for row in rows],
            )


def _risk(
    organisation: Organisation,
    register: Register,
    r: int,
    rng: random.Random,
    officers: list[User],
    services: list[OrgUnit],
) -> Risk:
    likelihood, impact = rng.randint(2, 5), rng.randint(2, 5)
    return Risk(
        organisation=organisation,
        register=register,
        reference=f"CR-{r + 1:03d}",
        title=f"Risk {r + 1}",
        cause="Synthetic cause.",
        event="Synthetic event.",
        consequence="Synthetic consequence.",
        owner=rng.choice(officers),
        org_unit=rng.choice(services),
        inherent_likelihood=likelihood,
        inherent_impact=impact,
        residual_likelihood=max(1, likelihood - 1),
        residual_impact=impact,
        target_likelihood=1,
        target_impact=max(1, impact - 1),
    )
