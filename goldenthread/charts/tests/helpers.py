"""For the chart tests: `Performance` objects built by hand, judged by the real SPC and RAG
rules without a database, and readers for the SVG that comes back."""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.spc import spc_analysis
from goldenthread.indicators import judging
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import Performance, Point, TargetRow
from goldenthread.strategy.models import ReportingPeriod

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

# NHS England's worked example (see calculations/spc.py): mean 11, limits 6.345 to 15.655.
BASELINE = [9, 12, 11, 13, 10, 9, 11, 12, 13, 10, 11, 12, 10]


def quarter(i: int) -> str:
    return f"{2019 + i // 4}-Q{i % 4 + 1}"


def build_performance(
    values: Sequence[float | None],
    *,
    targets: Sequence[float | None] | float | None = None,
    bands: Sequence[tuple[float, float] | None] | None = None,
    statuses: dict[int, str] | None = None,
    polarity: str = "higher",
    unit: str = "percent",
    code: str = "PI-023",
    title: str = "Homeless households offered accommodation within 21 days",
    baseline_points: int | None = 13,
    rebase_at: Sequence[int] = (),
) -> Performance:
    """An indicator's quarters from 2019-Q1, judged as `performance_for` judges them. A None
    value is a period with no return; `statuses` marks returns not yet approved by index."""
    indicator = Indicator(code=code, title=title, unit=unit, decimal_places=1, polarity=polarity)
    if not isinstance(targets, Sequence):
        targets = [targets] * len(values)
    statuses = statuses or {}
    valued = [Decimal(str(v)) for v in values if v is not None]
    latest_target = targets[-1]
    spc = (
        spc_analysis(
            valued,
            polarity=Polarity(polarity),
            target=None if latest_target is None else Decimal(str(latest_target)),
            baseline_points=baseline_points,
            rebase_at=rebase_at,
        )
        if valued
        else None
    )
    spc_points = iter(spc.points if spc else ())
    points = []
    for i, value in enumerate(values):
        band = bands[i] if bands else None
        target = TargetRow(
            indicator_id=0,
            period_id=i,
            version=1,
            value=None if targets[i] is None else Decimal(str(targets[i])),
            band_lower=None if band is None else Decimal(str(band[0])),
            band_upper=None if band is None else Decimal(str(band[1])),
            tolerance=None,
            tolerance_is_percentage=False,
            set_at=datetime(2019, 1, 1, tzinfo=UTC),
        )
        number = None if value is None else Decimal(str(value))
        points.append(
            Point(
                period=ReportingPeriod(label=quarter(i), frequency="quarterly"),
                value=number,
                target=target,
                rag=judging.judge(indicator, number, target),
                status="missing" if value is None else statuses.get(i, "approved"),
                spc=None if value is None else next(spc_points),
            )
        )
    return Performance(indicator=indicator, points=points, current=points[-1], spc=spc)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own output


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = [e for e in root.iter() if e.get("id") == element_id]
    assert len(found) == 1, f"{len(found)} elements with id {element_id}"
    return found[0]


def texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text")]


def marker_shape(root: ET.Element, group: ET.Element) -> str:
    """The shape of a group's markers, read from the marker path they all use."""
    hrefs = {use.get(XLINK_HREF) for use in group.iter(f"{SVG}use")}
    assert len(hrefs) == 1
    d = by_id(root, hrefs.pop().lstrip("#")).get("d", "")
    if "C" in d:
        return "circle"
    numbers = [float(n) for n in d.replace("M", " ").replace("L", " ").replace("z", " ").split()]
    vertices = set(zip(numbers[::2], numbers[1::2], strict=True))
    if len(vertices) == 3:
        apex = next(y for x, y in vertices if x == 0)
        return "triangle-up" if apex < 0 else "triangle-down"  # SVG's y grows downwards
    return "diamond" if any(x == 0 for x, _ in vertices) else "square"


def marker_xs(group: ET.Element) -> list[float]:
    return [float(use.get("x", "nan")) for use in group.iter(f"{SVG}use")]
