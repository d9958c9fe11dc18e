"""The words that go with a chart: its title and description for screen readers and Word's
alternative text, and the SPC note for each period in the data table."""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from goldenthread.calculations.spc import Assurance, Side, SpcPoint, SpcRule, Variation
from goldenthread.charts.series import ChartPoint, ChartSeries, as_series, same_limits
from goldenthread.indicators.thread import RAG_LABELS

if TYPE_CHECKING:
    from goldenthread.indicators.selectors import Performance

VARIATION_LABELS = {
    Variation.COMMON_CAUSE: "common cause variation",
    Variation.IMPROVEMENT: "special cause: improving",
    Variation.CONCERN: "special cause: concerning",
    Variation.NEUTRAL_HIGH: "special cause: high, neither improving nor concerning",
    Variation.NEUTRAL_LOW: "special cause: low, neither improving nor concerning",
    Variation.NOT_ENOUGH_DATA: "not enough values yet for SPC limits",
}

LATEST_VARIATION = {  # in a sentence about the latest value
    Variation.COMMON_CAUSE: "common cause variation",
    Variation.IMPROVEMENT: "special cause variation, improving",
    Variation.CONCERN: "special cause variation, concerning",
    Variation.NEUTRAL_HIGH: "special cause variation, unusually high",
    Variation.NEUTRAL_LOW: "special cause variation, unusually low",
}

SPECIAL_CAUSE_WORDS = {
    Variation.IMPROVEMENT: "improving",
    Variation.CONCERN: "concerning",
    Variation.NEUTRAL_HIGH: "unusually high",
    Variation.NEUTRAL_LOW: "unusually low",
}

ASSURANCE_LABELS = {
    Assurance.CONSISTENTLY_PASSING: "the process should consistently meet the target",
    Assurance.CONSISTENTLY_FAILING: "the process will consistently miss the target "
    "unless something changes",
    Assurance.HIT_AND_MISS: "the process will sometimes meet and sometimes miss the target",
    Assurance.NO_TARGET: "there is no target to assure against",
    Assurance.NOT_ENOUGH_DATA: "not enough values yet to assure the target",
}


@dataclass(frozen=True)
class ChartText:
    title: str
    description: str


def target_text(series: ChartSeries, point: ChartPoint) -> str:
    if point.band is not None:
        return f"{series.format_value(point.band[0])} to {series.format_value(point.band[1])}"
    if point.target is None:
        return "No target"
    return series.format_value(point.target)


def spc_note(points: Sequence[ChartPoint], index: int) -> str:
    """What SPC says about one period, with the signals behind a special cause, as
    "special cause: concerning (run of 7 below the mean)". Empty for a period with no value."""
    spc = points[index].spc
    if spc is None:
        return ""
    label = VARIATION_LABELS[spc.variation]
    if spc.side is None:  # common cause, or no limits yet
        return label
    valued = [p.spc for p in points if p.spc is not None]  # SPC drops gaps, and so do its runs
    reasons = _reasons(valued, next(i for i, p in enumerate(valued) if p is spc))
    return f"{label} ({'; '.join(reasons)})" if reasons else label


def _reasons(valued: list[SpcPoint], i: int) -> list[str]:
    """The signals on the side that decided point i's judgement."""
    spc = valued[i]
    mean, upper, lower = spc.mean, spc.upper_limit, spc.lower_limit
    assert mean is not None and upper is not None and lower is not None  # as for any signal
    high = spc.side == Side.HIGH
    where = "above" if high else "below"

    def beyond_mean(p: SpcPoint) -> bool:
        return p.value > mean if high else p.value < mean

    def shift(a: SpcPoint, b: SpcPoint) -> bool:
        flagged = all(SpcRule.SHIFT in p.rules and beyond_mean(p) for p in (a, b))
        return flagged and same_limits(a, b)

    def trend(a: SpcPoint, b: SpcPoint) -> bool:
        step = b.value > a.value if high else b.value < a.value
        flagged = SpcRule.TREND in a.rules and SpcRule.TREND in b.rules
        return step and flagged and same_limits(a, b)

    reasons = []
    if SpcRule.ASTRONOMICAL in spc.rules and (spc.value > upper if high else spc.value < lower):
        reasons.append(f"{where} the {'upper' if high else 'lower'} process limit")
    if SpcRule.SHIFT in spc.rules and beyond_mean(spc):
        reasons.append(f"run of {_run(valued, i, shift)} {where} the mean")
    if SpcRule.TREND in spc.rules and (length := _run(valued, i, trend)) > 1:
        reasons.append(f"run of {length} {'rising' if high else 'falling'}")
    if SpcRule.TWO_IN_THREE in spc.rules and beyond_mean(spc):
        reasons.append(f"2 of 3 close to the {'upper' if high else 'lower'} process limit")
    return reasons


def _run(points: list[SpcPoint], i: int, linked: Callable[[SpcPoint, SpcPoint], bool]) -> int:
    """How many points in a row, through point i, are linked to their neighbours."""
    first = last = i
    while first > 0 and linked(points[first - 1], points[first]):
        first -= 1
    while last < len(points) - 1 and linked(points[last], points[last + 1]):
        last += 1
    return last - first + 1


def chart_text(source: "Performance | ChartSeries") -> ChartText:
    """The chart's title and a description of what it shows: for the SVG's <title> and <desc>,
    and as the alternative text of the PNG in Word."""
    series = as_series(source)
    points = series.points
    if not points:
        return ChartText(f"{series.title}: no periods yet", "No values have been reported yet.")
    span = points[0].label if len(points) == 1 else f"{points[0].label} to {points[-1].label}"
    valued = [p for p in points if p.value is not None]
    sentences = []
    if points[-1].value is None:
        sentences.append(f"No value for {points[-1].label}.")
    if valued:
        latest = valued[-1]
        provisional = " (provisional)" if latest.is_provisional else ""
        if latest.band is not None:
            against = f"against a target band of {target_text(series, latest)}"
        elif latest.target is not None:
            against = f"against a target of {target_text(series, latest)}"
        else:
            against = "with no target"
        sentences.append(
            f"Latest value, {latest.label}: {series.format_value(latest.value)}{provisional}, "
            f"{against}. RAG status: {RAG_LABELS[latest.rag]}."
        )
    else:
        sentences.append("No values have been reported yet.")
    missing = len(points) - len(valued)
    shown = _count(len(points), "period")
    sentences.append(f"{shown} shown, {missing} with no value." if missing else f"{shown} shown.")
    if provisional_labels := [p.label for p in valued if p.is_provisional]:
        sentences.append(f"Provisional, not yet approved: {', '.join(provisional_labels)}.")
    sentences.extend(_spc_sentences(series))
    return ChartText(f"{series.title}, {span}", " ".join(sentences))


def _spc_sentences(series: ChartSeries) -> list[str]:
    if series.spc is None:
        return []
    if not series.spc.enough_data:
        return ["SPC: not enough values yet for process limits."]
    sentences = [
        f"SPC: the latest value shows {LATEST_VARIATION[series.spc.variation]}; "
        f"{ASSURANCE_LABELS[series.spc.assurance]}."
    ]
    special = Counter(
        SPECIAL_CAUSE_WORDS[p.spc.variation]
        for p in series.points
        if p.spc is not None and p.spc.variation in SPECIAL_CAUSE_WORDS
    )
    if special:
        counts = ", ".join(f"{number} {word}" for word, number in special.items())
        sentences.append(f"Special-cause points: {counts}.")
    return sentences


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
