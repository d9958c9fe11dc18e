"""The bulk load of historical values: streamed, all or nothing, row-level problems, and a
second load of the same rows changing nothing."""

import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from goldenthread.accounts.models import User
from goldenthread.indicators import importers, services
from goldenthread.indicators.importers import values_import
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.indicators.tests.factories import make_indicator
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.strategy.services import reporting_periods_ensure

HEADER = "code,period,value,numerator,denominator,target,status,commentary"


@pytest.fixture
def voids(council):  # type: ignore[no-untyped-def]
    return make_indicator(council, "HV-001", title="Void homes re-let within 28 days")


@pytest.fixture
def lettings(council):  # type: ignore[no-untyped-def]
    return make_indicator(council, "HV-002", unit="number", frequency="monthly")


def write(tmp_path, *rows: str, header: str = HEADER, name: str = "values.csv"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def load(council, path, **options):  # type: ignore[no-untyped-def]
    return values_import(path, organisation=council, **options)


def problems(result) -> list[tuple[int | None, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.row, e.column, e.reason) for e in result.errors]


def returns_of(indicator) -> dict[str, IndicatorReturn]:  # type: ignore[no-untyped-def]
    return {r.period.label: r for r in indicator.returns.select_related("period")}


class TestLoading:
    def test_values_are_loaded_as_approved_returns_with_their_history(
        self, tmp_path, council, voids, lettings
    ):
        path = write(
            tmp_path,
            "HV-001,2019-Q1,81.5,,,90,,Before the new contract",
            "HV-001,2019/20 Q2,84,,,,,",
            "HV-002,2019-M01,12,,,,draft,",
        )
        result = load(council, path)
        assert result.ok, problems(result)
        assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
        loaded = returns_of(voids)
        assert loaded["2019-Q1"].value == Decimal("81.5")
        assert loaded["2019-Q1"].status == "approved"
        assert loaded["2019-Q1"].approved_at is not None
        assert loaded["2019-Q1"].commentary == "Before the new contract"
        assert loaded["2019-Q2"].value == Decimal(84)
        assert returns_of(lettings)["2019-M01"].status == "draft"
        history = loaded["2019-Q1"].history.get()
        assert (history.history_type, history.history_change_reason) == (
            "+",
            "Loaded from values.csv",
        )
        target = Target.objects.get(indicator=voids, period__label="2019-Q1")
        assert (target.value, target.version) == (Decimal(90), 1)
        assert target.history.count() == 1

    def test_a_value_from_numerator_and_denominator(self, tmp_path, council, voids):
        result = load(council, write(tmp_path, "HV-001,2019-Q1,,45,50,,,"))
        assert result.ok, problems(result)
        assert returns_of(voids)["2019-Q1"].value == Decimal(90)

    def test_loading_the_same_file_again_changes_nothing(self, tmp_path, council, voids):
        path = write(tmp_path, "HV-001,2019-Q1,81.5,,,90,,", "HV-001,2019-Q2,84,,,91,,")
        assert load(council, path).created == 2
        before = {label: r.updated_at for label, r in returns_of(voids).items()}
        again = load(council, path)
        assert again.ok
        assert (again.created, again.updated, again.unchanged, again.targets) == (0, 0, 2, 0)
        assert {label: r.updated_at for label, r in returns_of(voids).items()} == before
        assert IndicatorReturn.history.filter(indicator_id=voids.pk).count() == 2
        assert Target.objects.filter(indicator=voids).count() == 2

    def test_a_changed_value_replaces_the_return_and_a_changed_target_adds_a_version(
        self, tmp_path, council, voids
    ):
        load(council, write(tmp_path, "HV-001,2019-Q1,81.5,,,90,,", "HV-001,2019-Q2,84,,,,,"))
        result = load(
            council, write(tmp_path, "HV-001,2019-Q1,82,,,92,,", "HV-001,2019-Q2,84,,,,,")
        )
        assert (result.created, result.updated, result.unchanged, result.targets) == (0, 1, 1, 1)
        assert returns_of(voids)["2019-Q1"].value == Decimal(82)
        latest = Target.objects.filter(indicator=voids, period__label="2019-Q1").order_by(
            "-version"
        )
        assert [(t.version, t.value) for t in latest] == [(2, Decimal(92)), (1, Decimal(90))]
        assert latest[0].reason == "Loaded from values.csv"
        kinds = IndicatorReturn.history.filter(
            indicator_id=voids.pk, period__label="2019-Q1"
        ).values_list("history_type", flat=True)
        assert sorted(kinds) == ["+", "~"]

    def test_missing_reporting_periods_are_made(self, tmp_path, council, voids):
        assert not ReportingPeriod.objects.filter(organisation=council, year=1998).exists()
        result = load(council, write(tmp_path, "HV-001,1998-Q3,70,,,,,"))
        assert result.ok, problems(result)
        assert result.periods_created == 17  # twelve months, four quarters and the year
        made = ReportingPeriod.objects.get(organisation=council, label="1998-Q3")
        assert (made.start_date.isoformat(), made.end_date.isoformat()) == (
            "1998-10-01",
            "1998-12-31",
        )
        assert returns_of(voids)["1998-Q3"].value == Decimal(70)

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
    def test_the_periods_a_load_makes_are_counted_in_the_planners_statistics(
        self, tmp_path, council, voids
    ):
        # Counted while small, the statistics would have the foreign-key check of every row
        # read the whole, growing, table of periods (importers._PeriodStatistics).
        def counted() -> float:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                    [ReportingPeriod._meta.db_table],
                )
                return cursor.fetchone()[0]

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE strategy_reportingperiod")
        before = counted()
        rows = [f"HV-001,{year}-Q{q},70,,,,," for year in range(1990, 2010) for q in (1, 2, 3, 4)]
        result = load(council, write(tmp_path, *rows))
        assert result.ok, problems(result)
        assert result.periods_created == 20 * 17
        # Counted again whenever 50 and a tenth more than last counted had been made, as
        # autovacuum would once they were committed.
        total = ReportingPeriod.objects.count()
        assert total == before + result.periods_created
        assert total - counted() <= 50 + 0.1 * counted()

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
    def test_rows_are_found_by_index_while_writing_and_the_settings_go_back_after(
        self, tmp_path, council, voids, monkeypatch
    ):
        # The foreign-key checks of a table of a few pages, such as the periods, would read
        # it whole for every row (importers._rows_found_by_index).
        def settings() -> tuple[str, str]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
                return cursor.fetchone()

        before = settings()
        write_rows = importers._ReturnWriter.write
        during: list[tuple[str, str]] = []

        def recorded(writer, rows):  # type: ignore[no-untyped-def]
            during.append(settings())
            return write_rows(writer, rows)

        monkeypatch.setattr(importers._ReturnWriter, "write", recorded)
        result = load(council, write(tmp_path, "HV-001,2019-Q1,81.5,,,90,,"))
        assert result.ok, problems(result)
        assert during and set(during) == {("off", "off")}
        assert settings() == before

    def test_a_dry_run_saves_nothing_not_even_periods(self, tmp_path, council, voids):
        result = load(council, write(tmp_path, "HV-001,1997-Q1,70,,,80,,"), dry_run=True)
        assert result.ok and result.rows == 1
        assert not voids.returns.exists()
        assert not Target.objects.filter(indicator=voids).exists()
        assert not ReportingPeriod.objects.filter(organisation=council, year=1997).exists()

    def test_many_rows_stream_through_in_batches(self, tmp_path, council):
        indicators = [
            make_indicator(council, f"HV-M{n:02d}", unit="number", frequency="monthly")
            for n in range(12)
        ]
        labels = [f"{year}-M{month:02d}" for year in range(2001, 2011) for month in range(1, 13)]
        rows = [f"{i.code},{label},{n % 97},,,,," for i in indicators for n, label in
                enumerate(labels)]  # fmt: skip
        path = write(tmp_path, *rows)
        seen: list[tuple[int, int, int]] = []
        result = load(council, path, batch_size=250, progress=lambda *args: seen.append(args))
        assert result.ok, problems(result)
        assert result.created == len(rows) == 1440
        assert IndicatorReturn.objects.filter(indicator__in=indicators).count() == 1440
        assert len(seen) >= 1440 // 250
        assert seen[-1] == (1440, path.stat().st_size, path.stat().st_size)
        assert [rows for rows, _done, _size in seen] == sorted(r for r, _d, _s in seen)


class TestReadingAhead:
    """The file is read and checked a batch ahead in a second thread while this one writes;
    only this one, the connection's, uses the database."""

    def test_periods_are_made_on_the_connections_thread(
        self, tmp_path, council, voids, monkeypatch
    ):
        ensure = importers.PeriodLookup.ensure
        threads: list[int] = []

        def recorded(lookup, text, organisation):  # type: ignore[no-untyped-def]
            threads.append(threading.get_ident())
            return ensure(lookup, text, organisation)

        monkeypatch.setattr(importers.PeriodLookup, "ensure", recorded)
        rows = [f"HV-001,{year}-Q{q},70,,,,," for year in range(1991, 1999) for q in (1, 2, 3, 4)]
        result = load(council, write(tmp_path, *rows), batch_size=5)
        assert result.ok, problems(result)
        assert result.created == 32 and result.periods_created == 8 * 17
        assert threads and set(threads) == {threading.get_ident()}

    def test_a_failure_in_writing_stops_the_reader(self, tmp_path, council, voids, monkeypatch):
        written: list[int] = []

        def failing(writer, rows):  # type: ignore[no-untyped-def]
            written.append(len(rows))
            raise RuntimeError("the database went away")

        monkeypatch.setattr(importers._ReturnWriter, "write", failing)
        rows = [f"HV-001,{year}-Q{q},70,,,,," for year in range(1991, 2011) for q in (1, 2, 3, 4)]
        with pytest.raises(RuntimeError, match="went away"):
            load(council, write(tmp_path, *rows), batch_size=5)
        assert written == [5]
        assert not [t for t in threading.enumerate() if t.name == "values-import-reader"]
        assert not voids.returns.exists()


class TestProblems:
    def test_every_bad_row_is_named_and_nothing_is_written(
        self, tmp_path, council, voids, lettings
    ):
        reporting_periods_ensure(organisation=council, year=2019)
        quarter = ReportingPeriod.objects.get(organisation=council, label="2019-Q4")
        IndicatorReturn.objects.create(indicator=voids, period=quarter, value=1, status="locked")
        path = write(
            tmp_path,
            "HV-001,2019-Q1,81.5,,,,,",  # fine
            "HV-009,2019-Q1,1,,,,,",  # unknown code
            "HV-001,2019-Q2,lots,,,,,",  # not a number
            "HV-001,2019-Q3,150,,,,,",  # a percentage over 100
            "HV-001,2019-Q1,82,,,,,",  # the same period twice
            "HV-001,2019-M04,82,,,,,",  # a month for a quarterly indicator
            "HV-001,2019-Q4,82,,,,,",  # published
            "HV-002,2019-M05,3,,,,maybe,",  # not a status
            "HV-001,someday,3,,,,,",  # not a period
        )
        result = load(council, path)
        assert problems(result) == [
            (3, "code", "There is no indicator with the code “HV-009”."),
            (4, "value", "“lots” is not a number."),
            (5, "value", "A percentage must be between 0 and 100."),
            (6, "period", "HV-001 2019-Q1 appears more than once in the file."),
            (7, "period", "HV-001 is reported quarterly, but 2019-M04 is a month."),
            (8, "period", "HV-001 2019-Q4 has been published; publish a correction instead."),
            (9, "status", "“maybe” is not a status: use draft, submitted or approved."),
            (10, "period", "“someday” is not a reporting period: use labels like 2025-Q2, "
             "2025-M07 or 2025/26."),
        ]  # fmt: skip
        assert voids.returns.count() == 1  # only the published one from before
        assert not lettings.returns.exists()

    def test_a_bad_row_after_many_good_batches_rolls_everything_back(
        self, tmp_path, council, lettings
    ):
        labels = [f"{year}-M{month:02d}" for year in range(2010, 2020) for month in range(1, 13)]
        rows = [f"HV-002,{label},{n},,,,," for n, label in enumerate(labels)]
        rows.append("HV-002,2020-M01,-5,,,,,")
        result = load(council, write(tmp_path, *rows), batch_size=20)
        assert problems(result) == [(122, "value", "A number cannot be negative.")]
        assert not lettings.returns.exists()

    def test_the_first_hundred_problems_are_listed_with_a_count_of_the_rest(
        self, tmp_path, council
    ):
        rows = [f"NOPE-{n},2019-Q1,1,,,,," for n in range(150)]
        result = load(council, write(tmp_path, *rows))
        assert (len(result.errors), result.error_count, result.errors_not_listed) == (100, 150, 50)
        assert result.errors[0].row == 2 and result.errors[-1].row == 101

    def test_missing_and_unknown_columns_are_named(self, tmp_path, council):
        result = load(council, write(tmp_path, "HV-001,81", header="code,colour"))
        assert [(e.column, e.reason.split(".")[0]) for e in result.errors] == [
            ("colour", "“colour” is not a column this import reads"),
            ("period", "Required column missing: period"),
            ("value", "Required column missing: value"),
        ]

    def test_latin_1_bytes_are_refused_with_the_line(self, tmp_path, council, voids):
        path = tmp_path / "values.csv"
        path.write_bytes(b"code,period,value,commentary\nHV-001,2019-Q1,8,Caf\xe9\n")
        result = load(council, path)
        assert problems(result) == [(2, "", importers.NOT_UTF8)]
        assert not voids.returns.exists()

    def test_an_empty_file_is_refused(self, tmp_path, council):
        path = tmp_path / "values.csv"
        path.write_bytes(b"")
        assert problems(load(council, path)) == [(None, "", "The file is empty.")]

    def test_a_heading_row_alone_is_refused(self, tmp_path, council):
        assert problems(load(council, write(tmp_path))) == [
            (None, "", "The file has no values in it.")
        ]

    def test_semicolons_are_explained(self, tmp_path, council):
        result = load(council, write(tmp_path, "HV-001;2019-Q1;8", header="code;period;value"))
        assert "semicolons" in result.errors[0].reason

    def test_a_band_target_is_refused(self, tmp_path, council):
        make_indicator(council, "HV-B", polarity="band")
        result = load(council, write(tmp_path, "HV-B,2019-Q1,50,,,55,,"))
        assert [(e.row, e.column) for e in result.errors] == [(2, "target")]

    def test_only_performance_admins_may_load(self, tmp_path, council, voids):
        with pytest.raises(PermissionDenied):
            load(council, write(tmp_path, "HV-001,2019-Q1,8,,,,,"),
                 user=User.objects.get(username="officer.estates"))  # fmt: skip
        result = load(
            council,
            write(tmp_path, "HV-001,2019-Q1,8,,,,,"),
            user=User.objects.get(username="performance.lead"),
        )
        assert result.ok
        assert returns_of(voids)["2019-Q1"].approved_by.username == "performance.lead"


class TestCommand:
    def test_the_command_loads_and_reports(self, tmp_path, council, voids):
        path = write(tmp_path, "HV-001,2019-Q1,81.5,,,90,,", "HV-001,2019-Q2,84,,,,,")
        stdout, stderr = io.StringIO(), io.StringIO()
        call_command("values", "import", str(path), stdout=stdout, stderr=stderr)
        assert "2 rows loaded: 2 new, 0 changed, 0 unchanged; 1 target set" in stdout.getvalue()
        assert "100%" in stderr.getvalue()  # the progress bar
        assert voids.returns.count() == 2

    def test_problems_go_to_stderr_and_nothing_is_loaded(self, tmp_path, council, voids):
        rows = [f"NOPE-{n},2019-Q1,1,,,,," for n in range(103)]
        stderr = io.StringIO()
        with pytest.raises(CommandError, match="Nothing was loaded: 103 problems in 103 rows"):
            call_command(
                "values", "import", str(write(tmp_path, *rows)), "--no-progress",
                stdout=io.StringIO(), stderr=stderr,
            )  # fmt: skip
        lines = stderr.getvalue().splitlines()
        assert lines[0] == (
            "values.csv, row 2, column code: There is no indicator with the code “NOPE-0”."
        )
        assert lines[-1] == "… and 3 more problems."

    def test_a_dry_run_says_so(self, tmp_path, council, voids):
        stdout = io.StringIO()
        call_command(
            "values", "import", str(write(tmp_path, "HV-001,2019-Q1,8,,,,,")), "--dry-run",
            "--no-progress", stdout=stdout,
        )  # fmt: skip
        assert "1 row checked: no problems; nothing saved." in stdout.getvalue()
        assert not voids.returns.exists()


class TestQuickPaths:
    """The bulk load's quick paths for the usual row give the same answers as the general
    code they stand in for."""

    CELLS = [
        "", " ", "0", "81.5", " 81.5 ", "-3", "+4", "007", "81.", ".5", "1.1234567",
        "1.12345649", "-0.0000001", "99.9999999", "100.0000004", "1e3", "1E-7", "1_000",
        "£1,200", "1,234.5", "87.5%", "12,34", "lots", "NaN", "-Infinity", "sNaN",
        "999999999999.9999999", "1000000000000", "-999999999999", "٣٤.٥",
    ]  # fmt: skip

    @pytest.mark.parametrize("cell", CELLS)
    def test_a_plain_number_is_read_as_number_from_reads_it(self, cell):
        def read(parse):  # type: ignore[no-untyped-def]
            try:
                number = parse(cell)
            except importers.CellError as error:
                return ("problem", str(error))
            return ("number", number, None if number is None else str(number))

        assert read(importers.plain_number_from) == read(importers.number_from)

    @pytest.mark.parametrize("unit", [unit.value for unit in Indicator.Unit])
    def test_a_value_within_its_units_range_is_one_the_service_accepts(self, council, unit):
        indicator = make_indicator(council, f"HV-{unit}", unit=unit)
        known = importers._Known.of(indicator, 0)
        for text in ["-1000000", "-100.000001", "-0.000001", "0", "0.000001", "50", "99.999999",
                     "100", "100.000001", "1000", "999999999999.999999"]:  # fmt: skip
            value = Decimal(text)
            problems = services.return_validate_value(indicator, services.ReturnData(value=value))
            assert (known.low <= value <= known.high) == (not problems), (unit, text, problems)


class TestTargetsAndSignOff:
    def test_a_target_is_compared_with_the_latest_version_only(self, tmp_path, council, voids):
        load(council, write(tmp_path, "HV-001,2019-Q1,81.5,,,90,,"))
        load(council, write(tmp_path, "HV-001,2019-Q1,81.5,,,92,,"))
        result = load(council, write(tmp_path, "HV-001,2019-Q1,81.5,,,90,,"))
        assert result.targets == 1
        versions = Target.objects.filter(indicator=voids).order_by("version")
        assert [(t.version, t.value, t.reason) for t in versions] == [
            (1, Decimal(90), ""),
            (2, Decimal(92), "Loaded from values.csv"),
            (3, Decimal(90), "Loaded from values.csv"),
        ]
        assert [t.history.get().history_type for t in versions] == ["+", "+", "+"]
        again = load(council, write(tmp_path, "HV-001,2019-Q1,81.5,,,90.000,,"))
        assert again.targets == 0

    def test_who_and_when_follow_each_rows_status(self, tmp_path, council, voids, lettings):
        lead = User.objects.get(username="performance.lead")
        path = write(
            tmp_path,
            "HV-001,2019-Q1,81.5,,,,draft,",
            "HV-001,2019-Q2,82,,,,submitted,",
            "HV-001,2019-Q3,83,,,95,Approved,",
        )
        result = load(council, path, user=lead)
        assert result.ok, problems(result)
        loaded = returns_of(voids)
        signed = {
            label: (r.status, r.submitted_by, r.submitted_at is not None, r.approved_by,
                    r.approved_at is not None)
            for label, r in loaded.items()
        }  # fmt: skip
        assert signed == {
            "2019-Q1": ("draft", None, False, None, False),
            "2019-Q2": ("submitted", lead, True, None, False),
            "2019-Q3": ("approved", lead, True, lead, True),
        }
        assert loaded["2019-Q3"].updated_at == loaded["2019-Q1"].updated_at
        assert loaded["2019-Q1"].narrative == "" and loaded["2019-Q1"].method_followed
        target = Target.objects.get(indicator=voids)
        assert (target.set_by, target.version, target.reason) == (lead, 1, "")
        assert loaded["2019-Q3"].history.get().history_user == lead
