"""Year-end forecast from the periods reported so far, and its RAG against the annual target.

``ytd_values`` are this year's period values so far, in order (period 1 first): plain period
values for SUM/AVERAGE/LATEST, cumulative ones for YEAR_TO_DATE. ``None`` marks a period with
no value yet. ``profile`` is the seasonal shape of the year: one non-negative weight per
period, the same weights given to :func:`profile_annual_target` (not cumulative).

- ``SUM``: total so far ÷ share of the year reported. The share is the reported periods'
  weights ÷ all weights with a profile, else periods reported ÷ periods in the year.
- ``AVERAGE``: mean of the values so far (a profile is not used).
- ``LATEST``: the latest value (a profile is not used).
- ``YEAR_TO_DATE``: the latest cumulative value ÷ share of the year up to and including its
  period (cumulative profile weights, else linear).

Nothing reported → a forecast with value None. ``periods_reported`` counts the periods that
have a value.

Worked examples (used in the tests)::

    SUM [100, 120, 80] of 12 months                 -> 300 ÷ 3/12 = 1200
    SUM [100, 100] of 4 quarters, profile 1,1,1,2   -> 200 ÷ 2/5  = 500
    AVERAGE [90, 94, None] of 12                    -> 92
    LATEST [5, 7, None] of 12                       -> 7
    YEAR_TO_DATE [60, 120, 180] of 4                -> 180 ÷ 3/4  = 240
    YEAR_TO_DATE [60, 120, 180] of 4, profile 1,1,1,2 -> 180 ÷ 3/5 = 300
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from goldenthread.calculations.aggregation import Aggregation, aggregate
from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import Band, RagResult, Tolerance, rag_status


@dataclass(frozen=True)
class Forecast:
    value: Decimal | None
    periods_reported: int
    periods_in_year: int
    method: str  # how the value was worked out, for people reading the report


def year_end_forecast(
    ytd_values: Sequence[Decimal | None],
    periods_in_year: int,
    rule: Aggregation,
    *,
    profile: Sequence[Decimal] | None = None,
) -> Forecast:
    """Forecast the year's value (rules in the module docstring)."""
    if periods_in_year < 1:
        raise ValueError(f"periods_in_year must be at least 1, got {periods_in_year}")
    if len(ytd_values) > periods_in_year:
        raise ValueError(f"{len(ytd_values)} values for a year of {periods_in_year} periods")
    if profile is not None and (
        len(profile) != periods_in_year or any(w < 0 for w in profile) or not any(profile)
    ):
        raise ValueError(f"profile must be {periods_in_year} non-negative weights, not all zero")

    reported = [(i, v) for i, v in enumerate(ytd_values) if v is not None]
    if not reported:
        return Forecast(None, 0, periods_in_year, "No values reported yet.")

    def forecast(value: Decimal | None, method: str) -> Forecast:
        return Forecast(value, len(reported), periods_in_year, method)

    if rule == Aggregation.AVERAGE:
        return forecast(
            aggregate(ytd_values, rule), f"Average of the {len(reported)} values so far."
        )
    if rule == Aggregation.LATEST:
        return forecast(aggregate(ytd_values, rule), "Latest value.")

    weights = list(profile) if profile is not None else [Decimal(1)] * periods_in_year
    shape = "the seasonal profile" if profile is not None else "an even profile"
    if rule == Aggregation.SUM:
        so_far = sum((v for _, v in reported), Decimal(0))
        elapsed = sum((weights[i] for i, _ in reported), Decimal(0))
        what = f"Total so far {so_far}"
    else:  # YEAR_TO_DATE: the latest cumulative value covers every period up to its own
        last, so_far = reported[-1]
        elapsed = sum(weights[: last + 1], Decimal(0))
        what = f"Cumulative value {so_far} at period {last + 1}"
    if elapsed == 0:
        return forecast(None, f"{what}, but {shape} gives those periods no share of the year.")
    whole = sum(weights, Decimal(0))
    # Multiply before dividing so that e.g. 100 over 1 of 3 periods gives exactly 300.
    return forecast(
        so_far * whole / elapsed, f"{what} ÷ {elapsed / whole:.1%} of the year by {shape}."
    )


def forecast_rag(
    forecast: Forecast,
    annual_target: Decimal | Band | None,
    polarity: Polarity,
    tolerance: Tolerance | None = None,
) -> RagResult:
    """RAG status of the forecast against the annual target (see :func:`rag_status`)."""
    return rag_status(forecast.value, annual_target, polarity, tolerance)
