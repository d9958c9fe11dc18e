"""Reading published comparator data: the UK council list, tidy CSV, and the Oflog and LGBF
files as their publishers lay them out.

Readers check every row and return plain records with every problem found, each naming the
file, row (as a spreadsheet numbers it: the header is row 1), column and reason. They write
nothing: `services` writes a batch, all or nothing. Periods are read by
`calculations.periods.parse_period` and polarities by `calculations.polarity.parse_polarity`;
a spelling neither knows is reported, never guessed.

Known quirks of the real files, each reported precisely:

- Oflog ``ASC_data.csv``: 298 rows have no value, and their ``rank_order`` is blank too.
- Oflog ``NN.json``: Isles of Scilly and City of London list no neighbours but themselves
  (no group is made); district and combined-authority entries repeat codes (not used: they
  have no adult social care rows).
- LGBF ``Indicator Data - Real - Quarterly.csv``: North Lanarkshire's CORP 10 for 2022-23 Q4
  is 0 of 0, and three CORP 09 rows have a numerator above the denominator.
- LGBF ``Scottish Averages.csv``: monthly rows are labelled like "2016;August", which could
  be a calendar or a financial year, so they are reported rather than guessed.
"""

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.periods import PeriodError, PeriodKey, parse_period
from goldenthread.calculations.polarity import Polarity, UnknownPolarity, parse_polarity
from goldenthread.indicators.models import Indicator

DATA = Path(__file__).resolve().parent / "data"
COUNCIL_LIST = DATA / "uk_local_authorities.csv"
LGBF_COUNCILS = DATA / "lgbf_councils.csv"

GSS = re.compile(r"[EWSN]\d{8}")
THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")
MONTH_AND_YEAR = re.compile(r"\d{4}\s*;\s*[A-Za-z]+")
STORED = Decimal("0.000001")  # the places a value is stored to
LIMIT = Decimal(10) ** 12  # the database keeps 18 digits, 6 after the point
MOST_PLACES = 3  # shown for Oflog measures, which publish unrounded values

Kind = Organisation.Kind
Unit = Indicator.Unit

POLARITY_WORDS = {
    Polarity.HIGHER_IS_BETTER: "higher is better",
    Polarity.LOWER_IS_BETTER: "lower is better",
    Polarity.WITHIN_BAND: "within a band is best",
    Polarity.NONE: "no better direction",
}


# Records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A problem with one row (or, when ``row`` is None, with the whole file)."""

    file: str
    row: int | str | None  # the row number, a JSON entry's key, or None for the whole file
    column: str
    reason: str

    @property
    def fatal(self) -> bool:
        """A whole-file problem: no option skips it."""
        return self.row is None

    def __str__(self) -> str:
        if self.row is None:
            where = self.file
        elif isinstance(self.row, int):
            where = f"{self.file}, row {self.row}"
        else:
            where = f"{self.file}, entry {self.row}"
        return (
            f"{where}, column {self.column}: {self.reason}"
            if self.column
            else f"{where}: {self.reason}"
        )


class ImportFailed(Exception):
    """Nothing was written; ``errors`` says why."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} problem{'' if len(errors) == 1 else 's'}")
        self.errors = list(errors)


@dataclass(frozen=True)
class Source:
    name: str
    publisher: str = ""
    licence: str = ""
    url: str = ""
    retrieved: date | None = None


@dataclass(frozen=True)
class Council:
    gss_code: str
    name: str
    short_name: str
    kind: str
    region: str
    population: int | None = None


@dataclass(frozen=True)
class Metric:
    code: str
    title: str
    polarity: Polarity
    unit: str = Unit.NUMBER
    unit_label: str = ""
    decimal_places: int = 1
    published_format: str = ""
    scale: Decimal = Decimal(1)
    band_midpoint: Decimal | None = None
    definition: str = ""
    category: str = ""
    family_grouping: str = ""


@dataclass(frozen=True)
class Value:
    metric_code: str
    gss_code: str
    period: PeriodKey
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Group:
    owner_gss: str
    kind: str  # a ComparatorGroup.Kind value
    name: str
    members: tuple[str, ...]
    description: str = ""
    applies_to: str = ""


@dataclass(frozen=True)
class Average:
    metric_code: str
    area: str
    period: PeriodKey
    mean: Decimal | None
    median: Decimal | None
    pooled: Decimal | None = None


@dataclass(frozen=True)
class Known:
    """What the database already holds, for rows that refer to it."""

    metrics: Mapping[str, Metric]  # the source's metrics by code
    councils: Mapping[str, str]  # GSS code -> name of every organisation with one


@dataclass
class Batch:
    """Everything read from one import's files, and every problem found."""

    source: Source
    metrics: dict[str, Metric] = field(default_factory=dict)
    councils: dict[str, Council] = field(default_factory=dict)  # made if missing, never changed
    values: list[Value] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    averages: list[Average] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: int = 0


@dataclass
class CouncilList:
    councils: list[Council] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# Cells and rows --------------------------------------------------------------------------


def stored(number: Decimal) -> Decimal:
    return number.quantize(STORED, rounding=ROUND_HALF_UP)


def number_from(text: str) -> Decimal:
    """A number from a cell ("87.5", "1,234.5", "-0.2"); ValueError saying why not."""
    cleaned = text.replace(",", "") if THOUSANDS.fullmatch(text) else text
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a number")
    if abs(number) >= LIMIT:
        raise ValueError(f"{text} is too large: keep it below 1,000,000,000,000")
    return number


def period_reason(text: str, error: PeriodError) -> str:
    if MONTH_AND_YEAR.fullmatch(text):
        return (
            f"{error}: a month with a year that could be a calendar or a financial year, "
            "so it is not guessed"
        )
    return str(error)


class Row:
    """One row of a file being read: typed cells, each problem recorded against its column."""

    def __init__(
        self,
        file: str,
        number: int,
        cells: Mapping[str, str],
        errors: list[RowError],
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.file = file
        self.line = number
        self.cells = cells
        self.errors = errors
        self.names = names or {}  # column key -> the heading as the file writes it
        self.ok = True

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.file, self.line, self.names.get(column, column), reason))
        self.ok = False

    def text(self, column: str, *, required: bool = True) -> str:
        text = self.cells.get(column, "")
        if required and not text:
            self.fail(column, "blank")
        return text

    def number(self, column: str, *, required: bool = True) -> Decimal | None:
        text = self.cells.get(column, "")
        if not text:
            if required:
                self.fail(column, "blank: a number is needed")
            return None
        try:
            return number_from(text)
        except ValueError as error:
            self.fail(column, str(error))
            return None

    def period(self, column: str) -> PeriodKey | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return parse_period(text)
        except PeriodError as error:
            self.fail(column, period_reason(text, error))
            return None

    def gss(self, column: str) -> str | None:
        text = self.text(column).upper()
        if text and not GSS.fullmatch(text):
            self.fail(column, f"{text!r} is not a GSS code (a letter and 8 digits, E06000004)")
            return None
        return text or None

    def polarity(self, column: str, *, required: bool = True) -> Polarity | None:
        text = self.cells.get(column, "")
        if not text:
            if required:
                self.fail(column, "blank, so the measure's polarity is unknown")
            return None
        try:
            return parse_polarity(text)
        except UnknownPolarity:
            self.fail(
                column,
                f"{text!r} is not a polarity we know (for example higher is better, desc, "
                "Ascending, Goldilocks)",
            )
            return None


def read_csv(
    path: Path, required: Iterable[str], errors: list[RowError]
) -> list[tuple[int, dict[str, str]]] | None:
    """The rows of a CSV with their numbers, cells stripped; None (and a whole-file error)
    when the file cannot be read or lacks a required column."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            missing = [column for column in required if column not in header]
            if missing:
                plural = "s" if len(missing) > 1 else ""
                errors.append(
                    RowError(path.name, None, "", f"missing column{plural}: {', '.join(missing)}")
                )
                return None
            reader.fieldnames = header
            return [
                (number, {k: (v or "").strip() for k, v in cells.items() if k is not None})
                for number, cells in enumerate(reader, start=2)
            ]
    except FileNotFoundError:
        errors.append(RowError(str(path), None, "", "no such file"))
    except IsADirectoryError:
        errors.append(RowError(str(path), None, "", "is a folder, not a file"))
    except UnicodeDecodeError:
        errors.append(RowError(path.name, None, "", "is not UTF-8 text"))
    except csv.Error as error:
        errors.append(RowError(path.name, None, "", f"cannot be read as CSV: {error}"))
    except OSError as error:
        errors.append(RowError(path.name, None, "", f"cannot be read: {error.strerror or error}"))
    return None


def header_of(path: Path) -> list[str]:
    """The column headings of a CSV, or none when it cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [name.strip() for name in next(csv.reader(handle), [])]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _repeats(seen: dict[object, int], key: object, row: Row, column: str, what: str) -> None:
    """Fails a row that repeats an earlier row's key."""
    if key in seen:
        row.fail(column, f"repeats {what} on row {seen[key]}")
    else:
        seen[key] = row.line


# The UK council list -------------------------------------------------------------------

COUNCIL_TYPES = {
    "UA": Kind.UNITARY,
    "MD": Kind.METROPOLITAN,
    "LBO": Kind.LONDON_BOROUGH,
    "CTY": Kind.COUNTY,
    "NMD": Kind.DISTRICT,
    "SCO": Kind.SCOTTISH,
    "WPA": Kind.WELSH,
    "NID": Kind.NORTHERN_IRISH,
    "COMB": Kind.OTHER,  # combined authority
    "SRA": Kind.OTHER,  # Greater London Authority
    "CC": Kind.OTHER,  # City of London Corporation
}


def read_council_list(path: Path = COUNCIL_LIST) -> CouncilList:
    """The mySociety list of UK local authorities: GSS code, name, type, region, population.

    Only current authorities are imported (former ones are listed as left out): comparator
    groups by region and type are made from what is held. Former councils that appear in
    published data are made by that data's import.
    """
    result = CouncilList()
    rows = read_csv(
        path,
        ("gss-code", "official-name", "nice-name", "local-authority-type", "region"),
        result.errors,
    )
    if rows is None:
        return result
    seen: dict[object, int] = {}
    former = []
    for number, cells in rows:
        row = Row(path.name, number, cells, result.errors)
        name = row.text("official-name")
        if cells.get("current-authority") == "False":
            former.append(str(number))
            continue
        gss = row.gss("gss-code")
        if gss is None:
            continue
        type_code = row.text("local-authority-type")
        kind = COUNCIL_TYPES.get(type_code)
        if type_code and kind is None:
            known = ", ".join(COUNCIL_TYPES)
            row.fail("local-authority-type", f"{type_code!r} is not a type we know ({known})")
        population = row.number("pop-2020", required=False)
        if population is not None and population != population.to_integral_value():
            row.fail("pop-2020", f"{population} is not a whole number of people")
        _repeats(seen, gss, row, "gss-code", "the GSS code")
        if row.ok and kind is not None:
            result.councils.append(
                Council(
                    gss_code=gss,
                    name=name,
                    short_name=(cells.get("nice-name") or name)[:60],
                    kind=kind,
                    region=cells.get("region", ""),
                    population=int(population) if population is not None else None,
                )
            )
    if former:
        result.notes.append(
            f"{path.name}: {len(former)} former authorities left out: rows {', '.join(former)}."
        )
    return result


# Tidy CSV ------------------------------------------------------------------------------

TIDY_REQUIRED = ("area_code", "period", "indicator", "value")
UNIT_WORDS = {
    **{unit.value: unit.value for unit in Unit},
    **{str(unit.label).lower(): unit.value for unit in Unit},
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "percentage": Unit.PERCENT,
    "£": Unit.CURRENCY,
    "gbp": Unit.CURRENCY,
    "pounds": Unit.CURRENCY,
    "count": Unit.NUMBER,
    "rate per 1,000": Unit.RATE_PER_1000,
    "rate per 1000": Unit.RATE_PER_1000,
    "rate per 100,000": Unit.RATE_PER_100000,
    "rate per 100000": Unit.RATE_PER_100000,
}


def tidy_key(heading: str) -> str:
    """Headings match ignoring case, spaces, hyphens and underscores: "Area code" = area_code."""
    return "_".join(heading.lower().replace("-", " ").replace("_", " ").split())


def read_tidy(paths: Sequence[Path], known: Known, source_name: str) -> Batch:
    """Tidy CSV: one value a row, with the columns area code (GSS), period, indicator (code)
    and value, and optionally numerator, denominator, unit, title and polarity. A new indicator
    needs its polarity; units and titles, when given, update the indicator's definition."""
    batch = Batch(Source(name=source_name))
    seen: dict[object, int] = {}
    facts: dict[str, dict[str, tuple[str, Row]]] = defaultdict(dict)  # code -> column -> first
    rows_of: dict[str, list[Row]] = defaultdict(list)
    for path in paths:
        # Read first, so a file that cannot be read says why rather than lacking every column.
        rows = read_csv(path, [], batch.errors)
        if rows is None or not _tidy_has_columns(path, batch):
            continue
        names = {tidy_key(heading): heading for heading in header_of(path)}
        for number, raw in rows:
            batch.rows += 1
            cells = {tidy_key(k): v for k, v in raw.items()}
            row = Row(path.name, number, cells, batch.errors, names)
            gss = row.gss("area_code")
            if gss is not None and gss not in known.councils:
                row.fail(
                    "area_code",
                    f"no organisation has the GSS code {gss}: import the council list first "
                    "(goldenthread orgs import)",
                )
            period = row.period("period")
            code = row.text("indicator")
            value = row.number("value")
            numerator = row.number("numerator", required=False)
            denominator = row.number("denominator", required=False)
            if denominator == 0:
                row.fail("denominator", "0: nothing can be a share of none")
            for column in ("unit", "polarity", "title"):
                _tidy_fact(row, code, column, facts)
            if code and gss and period:
                _repeats(
                    seen, (code, gss, period), row, "period", "this indicator, area and period"
                )
            if row.ok and code and gss and period and value is not None:
                rows_of[code].append(row)
                batch.values.append(Value(code, gss, period, stored(value), numerator, denominator))
    _tidy_metrics(batch, known, facts, rows_of)
    return batch


def _tidy_has_columns(path: Path, batch: Batch) -> bool:
    headings = {tidy_key(heading) for heading in header_of(path)}
    missing = [column for column in TIDY_REQUIRED if column not in headings]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        batch.errors.append(
            RowError(path.name, None, "", f"missing column{plural}: {', '.join(missing)}")
        )
    return not missing


def _tidy_fact(
    row: Row, code: str, column: str, facts: dict[str, dict[str, tuple[str, Row]]]
) -> None:
    """Checks a unit, polarity or title and that it agrees with the indicator's other rows."""
    text = row.cells.get(column, "")
    if not text or not code:
        return
    if column == "unit" and text.lower() not in UNIT_WORDS:
        row.fail(column, f"{text!r} is not a unit we know (for example %, £, number, days)")
        return
    if column == "polarity" and row.polarity(column) is None:
        return
    first = facts[code].get(column)
    if first is None:
        facts[code][column] = (text, row)
    elif first[0] != text:
        row.fail(column, f"{text!r} differs from {first[0]!r} on row {first[1].line} for {code}")


def _tidy_metrics(
    batch: Batch,
    known: Known,
    facts: dict[str, dict[str, tuple[str, Row]]],
    rows_of: dict[str, list[Row]],
) -> None:
    for code, rows in rows_of.items():
        given = {column: text for column, (text, _row) in facts[code].items()}
        existing = known.metrics.get(code)
        if existing is None and "polarity" not in given:
            for row in rows:
                row.fail(
                    "polarity",
                    f"blank, and {code} is a new indicator, so its polarity is needed",
                )
            batch.values = [value for value in batch.values if value.metric_code != code]
            continue
        base = existing or Metric(code=code, title=code, polarity=Polarity.NONE)
        batch.metrics[code] = Metric(
            **{
                **base.__dict__,
                "title": given.get("title", base.title),
                "unit": UNIT_WORDS[given["unit"].lower()] if "unit" in given else base.unit,
                "polarity": (
                    parse_polarity(given["polarity"]) if "polarity" in given else base.polarity
                ),
            }
        )


# Oflog adult social care ---------------------------------------------------------------

OFLOG_SOURCE = Source(
    name="Oflog adult social care metrics",
    publisher="Office for Local Government (Oflog), DLUHC/MHCLG",
    licence="Not stated in the repository; Oflog data is normally published under the Open "
    "Government Licence v3.0",
    url="https://github.com/communitiesuk/oflog-automated-text",
    retrieved=date(2024, 11, 4),
)
OFLOG_COLUMNS = (
    "Financial year",
    "Local authority code",
    "Local authority name",
    "Entity_Name",
    "Region",
    "Measure",
    "Code",
    "Value",
    "MEDIAN",
    "rank_order",
)
OFLOG_KINDS = {
    "Unitary Authorities": Kind.UNITARY,
    "Metropolitan Districts": Kind.METROPOLITAN,
    "London Boroughs": Kind.LONDON_BOROUGH,
    "Counties": Kind.COUNTY,
}
OFLOG_AREA = "England"
NEIGHBOURS_FILE = "NN.json"
NEIGHBOURS_GROUP = "Oflog nearest neighbours"


def read_oflog(paths: Sequence[Path], known: Known) -> Batch:
    """Oflog's ``ASC_data.csv`` (one value a row, with the national median and the measure's
    ``rank_order`` polarity on every row) and ``NN.json`` (each council's nearest neighbours),
    read from beside the CSV unless given."""
    batch = Batch(OFLOG_SOURCE)
    tables = [path for path in paths if path.suffix.lower() != ".json"]
    neighbours = [path for path in paths if path.suffix.lower() == ".json"]
    if len(tables) != 1 or len(neighbours) > 1:
        batch.errors.append(
            RowError(
                ", ".join(path.name for path in paths),
                None,
                "",
                "give one Oflog data file (ASC_data.csv) and at most one NN.json",
            )
        )
        return batch
    table = tables[0]
    rows = read_csv(table, OFLOG_COLUMNS, batch.errors)
    if rows is None:
        return batch
    polarity_of: dict[str, tuple[Polarity, str, int]] = {}
    median_of: dict[tuple[str, PeriodKey], tuple[Decimal, int]] = {}
    places: dict[str, Counter[int]] = defaultdict(Counter)
    seen: dict[object, int] = {}
    for number, cells in rows:
        batch.rows += 1
        row = Row(table.name, number, cells, batch.errors)
        period = row.period("Financial year")
        gss = row.gss("Local authority code")
        name = row.text("Local authority name")
        entity = row.text("Entity_Name")
        kind = OFLOG_KINDS.get(entity)
        if entity and kind is None:
            row.fail("Entity_Name", f"{entity!r} is not a type of council we know")
        code = row.text("Code")
        title = row.text("Measure")
        polarity = row.polarity("rank_order")
        if polarity is not None and code:
            _same_polarity(row, code, polarity, polarity_of)
        value = row.number("Value", required=False)
        if not cells.get("Value"):
            year = cells.get("Financial year")
            row.fail("Value", f"blank: {name} ({gss}) has no {code} value for {year}")
        median = row.number("MEDIAN")
        if median is not None and code and period:
            _same_median(row, (code, period), median, median_of)
        if code and gss and period:
            _repeats(seen, (code, gss, period), row, "Code", "this measure, council and year")
        if not (row.ok and gss and period and kind and value is not None and polarity):
            continue
        exponent = value.as_tuple().exponent
        places[code][-exponent if isinstance(exponent, int) and exponent < 0 else 0] += 1
        batch.councils.setdefault(gss, Council(gss, name, name[:60], kind, cells.get("Region", "")))
        batch.metrics.setdefault(code, Metric(code=code, title=title, polarity=polarity))
        batch.values.append(Value(code, gss, period, stored(value)))
    for code, metric in batch.metrics.items():
        shown = min(places[code].most_common(1)[0][0], MOST_PLACES)
        batch.metrics[code] = Metric(**{**metric.__dict__, "decimal_places": shown})
    batch.averages = [
        Average(code, OFLOG_AREA, period, None, stored(median))
        for (code, period), (median, _row) in median_of.items()
        if code in batch.metrics
    ]
    _oflog_neighbours(
        neighbours[0] if neighbours else table.with_name(NEIGHBOURS_FILE),
        batch,
        known,
        given=bool(neighbours),
        table=table.name,
    )
    return batch


def _same_polarity(
    row: Row, code: str, polarity: Polarity, polarity_of: dict[str, tuple[Polarity, str, int]]
) -> None:
    text = row.cells["rank_order"]
    first = polarity_of.setdefault(code, (polarity, text, row.line))
    if first[0] != polarity:
        row.fail(
            "rank_order",
            f"{text!r} ({POLARITY_WORDS[polarity]}) contradicts {first[1]!r} "
            f"({POLARITY_WORDS[first[0]]}) on row {first[2]} for {code}",
        )


def _same_median(
    row: Row,
    key: tuple[str, PeriodKey],
    median: Decimal,
    median_of: dict[tuple[str, PeriodKey], tuple[Decimal, int]],
) -> None:
    first = median_of.setdefault(key, (median, row.line))
    if first[0] != median:
        row.fail("MEDIAN", f"{median} differs from {first[0]} on row {first[1]} for {key[0]}")


def _oflog_neighbours(path: Path, batch: Batch, known: Known, *, given: bool, table: str) -> None:
    """A nearest-neighbour group for each council in the data file, from ``NN.json``."""
    if not path.is_file():
        if given:
            batch.errors.append(RowError(str(path), None, "", "no such file"))
        else:
            batch.notes.append(f"No {NEIGHBOURS_FILE} beside {table}: no nearest-neighbour groups.")
        return
    try:
        listed = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        batch.errors.append(RowError(path.name, None, "", f"is not JSON: {error}"))
        return
    if not isinstance(listed, dict):
        batch.errors.append(
            RowError(path.name, None, "", "should map GSS codes to lists of GSS codes")
        )
        return
    held = set(batch.councils) | set(known.councils)
    unused = 0
    for key, codes in listed.items():
        council = batch.councils.get(key)
        if council is None:
            unused += 1
            continue
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            batch.errors.append(RowError(path.name, key, "", "should be a list of GSS codes"))
            continue
        unknown = [code for code in codes if code not in held]
        if unknown:
            batch.errors.append(
                RowError(
                    path.name,
                    key,
                    "",
                    f"{', '.join(unknown)}: no such council in {table} or among the "
                    "organisations held (import the council list with goldenthread orgs import)",
                )
            )
            continue
        members = tuple(dict.fromkeys(codes))
        for code, count in Counter(codes).items():
            if count > 1:
                batch.notes.append(f"{path.name}, entry {key}: {code} is listed {count} times.")
        if len(members) < 2:
            batch.notes.append(
                f"{path.name}, entry {key} ({council.name}): no neighbours besides the council "
                "itself, so no group was made."
            )
            continue
        batch.groups.append(
            Group(
                owner_gss=key,
                kind="nearest_neighbours",
                name=NEIGHBOURS_GROUP,
                members=members,
                description=f"The {len(members)} councils Oflog lists as {council.name}'s "
                "nearest neighbours (the council itself among them).",
            )
        )
    without = sorted(
        f"{batch.councils[code].name} ({code})" for code in set(batch.councils) - set(listed)
    )
    if without:
        batch.notes.append(f"{path.name} lists no nearest neighbours for {', '.join(without)}.")
    if unused:
        batch.notes.append(
            f"{path.name}: {unused} entries are for councils with no rows in {table} "
            "(districts and combined authorities), so were not used."
        )


# Scottish LGBF ---------------------------------------------------------------------------

LGBF_SOURCE = Source(
    name="Scottish Local Government Benchmarking Framework",
    publisher="Improvement Service (LGBF), files reshaped by SC-TPP",
    licence="MIT (c) 2021 SC-TPP; the data is public on the Improvement Service website",
    url="https://github.com/SC-TPP/LGBF",
    retrieved=date(2024, 3, 20),
)
LGBF_AREA = "Scotland"
LGBF_REGION = "Scotland"
DEFINITIONS, FAMILIES, VALUES, AVERAGES = "definitions", "families", "values", "averages"
LGBF_FILES = {  # in the order they are read: values need definitions
    DEFINITIONS: ("Code_Sortable", "Title", "Ranking_Type", "MeasureType", "NumberFormat"),
    FAMILIES: ("Family_Group", "Local_Authority", "Type"),
    VALUES: ("Code", "LocalAuthority", "Period", "Value", "DataType"),
    AVERAGES: ("Code", "Period", "DataType", "Value_Scot_Mean"),
}
LGBF_FILE_NAMES = {
    DEFINITIONS: "Indicator Information.csv",
    FAMILIES: "Family Groups.csv",
    VALUES: "Indicator Data - Real - Quarterly.csv",
    AVERAGES: "Scottish Averages.csv",
}
LGBF_UNITS = {
    "Percentage": Unit.PERCENT,
    "Cost": Unit.CURRENCY,
    "Score": Unit.SCORE,
    "Days": Unit.DAYS,
    "Rate per 1,000": Unit.RATE_PER_1000,
    "Rate per 10,000": Unit.NUMBER,
    "Weeks": Unit.NUMBER,
    "Other Measurement": Unit.NUMBER,
}
PLACES = re.compile(r"[0#](?:\.([0#]+))?")


def lgbf_councils(path: Path = LGBF_COUNCILS) -> dict[str, Council]:
    """The LGBF's spellings of the 32 Scottish councils, with their GSS codes and names."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["LGBF name"]: Council(
                row["gss-code"], row["official-name"], row["nice-name"], Kind.SCOTTISH, LGBF_REGION
            )
            for row in csv.DictReader(handle)
        }


def _lgbf_kind(path: Path) -> str | None:
    header = set(header_of(path))
    return next((kind for kind, columns in LGBF_FILES.items() if header >= set(columns)), None)


def read_lgbf(paths: Sequence[Path], known: Known) -> Batch:
    """The LGBF files, given one by one or as a folder, each recognised by its columns:
    ``Indicator Information.csv`` (definitions, polarity as ``Ranking_Type``, Goldilocks
    midpoints, number formats), ``Family Groups.csv``, ``Indicator Data - Real - ….csv``
    (values, joined to definitions on ``Code_Sortable``) and ``Scottish Averages.csv``.

    Percentages are published as fractions (0.98 with the format 0.0%): values, averages and
    midpoints of a measure whose format ends in % are multiplied by 100 (``scale``).
    Cash-terms rows are left out: benchmarks compare real-terms figures.
    """
    batch = Batch(LGBF_SOURCE)
    found: dict[str, list[Path]] = defaultdict(list)
    for given in paths:
        if given.is_dir():
            for path in sorted(given.glob("*.csv")):
                kind = _lgbf_kind(path)
                if kind is None:
                    batch.notes.append(f"{path.name} is not an LGBF file we read: not used.")
                else:
                    found[kind].append(path)
            continue
        kind = _lgbf_kind(given) if given.is_file() else None
        if kind is None:
            reason = (
                "no such file"
                if not given.exists()
                else (
                    "is not one of the LGBF files we read: " + ", ".join(LGBF_FILE_NAMES.values())
                )
            )
            batch.errors.append(
                RowError(str(given) if not given.exists() else given.name, None, "", reason)
            )
        else:
            found[kind].append(given)
    councils = lgbf_councils()
    for path in found[DEFINITIONS]:
        _lgbf_definitions(path, batch)
    for path in found[FAMILIES]:
        _lgbf_families(path, batch, councils)
    metrics = {**known.metrics, **batch.metrics}
    for path in found[VALUES]:
        _lgbf_values(path, batch, councils, metrics)
    for path in found[AVERAGES]:
        _lgbf_averages(path, batch, metrics)
    return batch


def _lgbf_definitions(path: Path, batch: Batch) -> None:
    rows = read_csv(path, LGBF_FILES[DEFINITIONS], batch.errors)
    seen: dict[object, int] = {}
    for number, cells in rows or []:
        batch.rows += 1
        row = Row(path.name, number, cells, batch.errors)
        code = row.text("Code_Sortable")
        title = row.text("Title")
        polarity = row.polarity("Ranking_Type")
        measure = row.text("MeasureType")
        unit = LGBF_UNITS.get(measure)
        if measure and unit is None:
            row.fail("MeasureType", f"{measure!r} is not a measure type we know")
        number_format = row.text("NumberFormat")
        scale = Decimal(100) if number_format.endswith("%") else Decimal(1)
        midpoint = None
        if polarity == Polarity.WITHIN_BAND:
            midpoint = row.number("Ranking_GoldilocksMidpoint", required=False)
            if midpoint is None and not cells.get("Ranking_GoldilocksMidpoint"):
                row.fail("Ranking_GoldilocksMidpoint", "blank: a Goldilocks measure needs one")
        if code:
            _repeats(seen, code, row, "Code_Sortable", "the code")
        if not (row.ok and polarity and unit):
            continue
        places = PLACES.search(number_format)
        parts = [
            f"Numerator: {cells['Numerator_Correct']}." if cells.get("Numerator_Correct") else "",
            f"Denominator: {cells['Denominator_Correct']}."
            if cells.get("Denominator_Correct")
            else "",
            cells.get("Source", ""),
        ]
        batch.metrics[code] = Metric(
            code=code,
            title=title,
            polarity=polarity,
            unit=unit,
            unit_label=measure,
            decimal_places=len(places.group(1) or "") if places else 0,
            published_format=number_format,
            scale=scale,
            band_midpoint=stored(midpoint * scale) if midpoint is not None else None,
            definition="\n".join(part for part in parts if part),
            category=cells.get("ISCategory", ""),
            family_grouping=cells.get("FamilyGrouping", ""),
        )


def _lgbf_council(row: Row, column: str, councils: Mapping[str, Council]) -> Council | None:
    name = row.text(column)
    council = councils.get(name)
    if name and council is None:
        row.fail(column, f"{name!r} is not one of the 32 Scottish councils as the LGBF names them")
    return council


def _lgbf_families(path: Path, batch: Batch, councils: Mapping[str, Council]) -> None:
    rows = read_csv(path, LGBF_FILES[FAMILIES], batch.errors)
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    seen: dict[object, int] = {}
    for number, cells in rows or []:
        batch.rows += 1
        row = Row(path.name, number, cells, batch.errors)
        family = row.text("Family_Group")
        kind = row.text("Type")
        council = _lgbf_council(row, "Local_Authority", councils)
        if council is not None and kind:
            _repeats(
                seen, (council.gss_code, kind), row, "Local_Authority", "this council and type"
            )
        if row.ok and council is not None:
            batch.councils.setdefault(council.gss_code, council)
            members[(kind, family)].append(council.gss_code)
    for (kind, family), codes in members.items():
        for owner in codes:
            batch.groups.append(
                Group(
                    owner_gss=owner,
                    kind="family",
                    name=f"LGBF {family}: {kind}",
                    members=tuple(codes),
                    description=f"The councils the LGBF puts in {family} for {kind.lower()}.",
                    applies_to=kind,
                )
            )


def _lgbf_values(
    path: Path, batch: Batch, councils: Mapping[str, Council], metrics: Mapping[str, Metric]
) -> None:
    rows = read_csv(path, LGBF_FILES[VALUES], batch.errors)
    seen: dict[object, int] = {}
    cash = 0
    for number, cells in rows or []:
        batch.rows += 1
        row = Row(path.name, number, cells, batch.errors)
        if cells.get("DataType", "").startswith("Cash_"):
            cash += 1
            continue
        metric = _lgbf_metric(row, metrics)
        council = _lgbf_council(row, "LocalAuthority", councils)
        period = row.period("Period")
        _real_terms(row)
        value = row.number("Value")
        numerator = row.number("Numerator", required=False)
        denominator = row.number("Denominator", required=False)
        if denominator == 0:
            row.fail(
                "Denominator",
                f"0, so the value {cells['Value']} (numerator {cells.get('Numerator') or 'blank'}) "
                "is a share of nothing",
            )
        elif (
            metric is not None
            and metric.unit == Unit.PERCENT
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            row.fail(
                "Numerator",
                f"{cells['Numerator']} is more than the denominator {cells['Denominator']}: "
                "a percentage cannot be over 100",
            )
        if metric is not None and council is not None and period is not None:
            _repeats(
                seen,
                (metric.code, council.gss_code, period),
                row,
                "Period",
                "this code, council and period",
            )
        if row.ok and metric and council and period and value is not None:
            batch.councils.setdefault(council.gss_code, council)
            batch.values.append(
                Value(
                    metric.code,
                    council.gss_code,
                    period,
                    stored(value * metric.scale),
                    numerator,
                    denominator,
                )
            )
    if cash:
        batch.notes.append(f"{path.name}: {cash} cash-terms rows left out (real terms compared).")


def _lgbf_metric(row: Row, metrics: Mapping[str, Metric]) -> Metric | None:
    code = row.text("Code")
    metric = metrics.get(code)
    if code and metric is None:
        row.fail(
            "Code",
            f"no definition of {code!r}: import {LGBF_FILE_NAMES[DEFINITIONS]} with this file",
        )
    return metric


def _real_terms(row: Row) -> None:
    data_type = row.text("DataType")
    if data_type and not data_type.startswith("Real_"):
        row.fail("DataType", f"{data_type!r} is neither Real_… nor Cash_…")


def _lgbf_averages(path: Path, batch: Batch, metrics: Mapping[str, Metric]) -> None:
    rows = read_csv(path, LGBF_FILES[AVERAGES], batch.errors)
    seen: dict[object, int] = {}
    cash = 0
    for number, cells in rows or []:
        batch.rows += 1
        row = Row(path.name, number, cells, batch.errors)
        if cells.get("DataType", "").startswith("Cash_"):
            cash += 1
            continue
        metric = _lgbf_metric(row, metrics)
        period = row.period("Period")
        _real_terms(row)
        mean = row.number("Value_Scot_Mean")
        median = row.number("Value_Scot_Median", required=False)
        pooled = row.number("Scot_NumDenAv", required=False)
        if metric is not None and period is not None:
            _repeats(seen, (metric.code, period), row, "Period", "this code and period")
        if row.ok and metric and period:
            batch.averages.append(
                Average(
                    metric.code,
                    LGBF_AREA,
                    period,
                    *(
                        stored(figure * metric.scale) if figure is not None else None
                        for figure in (mean, median, pooled)
                    ),
                )
            )
    if cash:
        batch.notes.append(f"{path.name}: {cash} cash-terms rows left out (real terms compared).")
