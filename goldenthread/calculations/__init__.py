"""Golden Thread calculations: the pure arithmetic of performance management.

Plain values in (``Decimal``, ``date``, ``float`` for SPC), frozen dataclasses and ``StrEnum``
members out. Nothing here imports Django or anything outside the standard library, so the rules
can be read, tested and reused on their own; the Django apps call these functions and never
re-implement them. Each rule is documented, with worked examples, in the module that owns it:

- :mod:`.polarity`     which direction is good; reading the spellings used in public data
- :mod:`.rag`          red/amber/green against a target, a band or a comparator
- :mod:`.trend`        direction of travel between two values
- :mod:`.spc`          statistical process control (XmR charts, Making Data Count rules)
- :mod:`.aggregation`  periods into a year; an annual target profiled across the year
- :mod:`.forecast`     year-end forecast from the periods reported so far
- :mod:`.rollup`       RAG counts and the worst status of a group
- :mod:`.formula`      the safe expression language of calculated indicators
- :mod:`.periods`      UK financial-year periods, labels and dates
"""

from goldenthread.calculations.aggregation import (
    Aggregation,
    ProfileMethod,
    aggregate,
    profile_annual_target,
)
from goldenthread.calculations.forecast import Forecast, forecast_rag, year_end_forecast
from goldenthread.calculations.formula import (
    Formula,
    FormulaError,
    dependency_order,
    parse_formula,
)
from goldenthread.calculations.periods import (
    Frequency,
    PeriodError,
    PeriodKey,
    end_date,
    months_of_quarter,
    next_period,
    parse_period,
    period_containing,
    periods_in_year,
    previous,
    quarter_of_month,
    same_period_last_year,
    start_date,
)
from goldenthread.calculations.polarity import Polarity, UnknownPolarity, parse_polarity
from goldenthread.calculations.rag import (
    Band,
    RagResult,
    RagStatus,
    Tolerance,
    rag_for_comparator,
    rag_status,
)
from goldenthread.calculations.rollup import SEVERITY, RagCounts, rag_counts, worst_status
from goldenthread.calculations.spc import (
    Assurance,
    Side,
    SpcPoint,
    SpcResult,
    SpcRule,
    Variation,
    spc_analysis,
)
from goldenthread.calculations.trend import Direction, direction_of_travel

__all__ = [
    "SEVERITY",
    "Aggregation",
    "Assurance",
    "Band",
    "Direction",
    "Forecast",
    "Formula",
    "FormulaError",
    "Frequency",
    "PeriodError",
    "PeriodKey",
    "Polarity",
    "ProfileMethod",
    "RagCounts",
    "RagResult",
    "RagStatus",
    "Side",
    "SpcPoint",
    "SpcResult",
    "SpcRule",
    "Tolerance",
    "UnknownPolarity",
    "Variation",
    "aggregate",
    "dependency_order",
    "direction_of_travel",
    "end_date",
    "forecast_rag",
    "months_of_quarter",
    "next_period",
    "parse_formula",
    "parse_period",
    "parse_polarity",
    "period_containing",
    "periods_in_year",
    "previous",
    "profile_annual_target",
    "quarter_of_month",
    "rag_counts",
    "rag_for_comparator",
    "rag_status",
    "same_period_last_year",
    "spc_analysis",
    "start_date",
    "worst_status",
    "year_end_forecast",
]
