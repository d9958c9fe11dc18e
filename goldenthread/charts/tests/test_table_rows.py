from goldenthread.charts import ChartPoint, ChartSeries, chart_table_rows
from goldenthread.charts.tests.helpers import BASELINE, build_performance


def test_one_row_a_period_in_words():
    performance = build_performance(
        [*BASELINE, None, 12, 9.5], targets=10, statuses={15: "submitted"}
    )
    rows = chart_table_rows(performance)

    assert [row.period for row in rows][-3:] == ["2022-Q2", "2022-Q3", "2022-Q4"]
    assert len(rows) == 16
    first, missing, last = rows[0], rows[13], rows[15]
    assert (first.value, first.target, first.rag) == ("9.0%", "10.0%", "Red")
    assert first.rag_status == "red"
    assert (first.spc, first.status, first.is_provisional) == (
        "common cause variation",
        "Approved",
        False,
    )
    assert (missing.value, missing.rag, missing.spc, missing.status) == (
        "No data",
        "No data",
        "",
        "No return",
    )
    assert (last.value, last.rag, last.status, last.is_provisional) == (
        "9.5%",
        "Red",
        "Submitted",
        True,
    )


def test_a_run_below_the_mean_is_named_with_its_length():
    # 12 breaks the baseline's closing 10 off, so the run of 8s is exactly 7 long.
    rows = chart_table_rows(build_performance([*BASELINE, 12, *[8] * 7]))

    assert {row.spc for row in rows[-7:]} == {"special cause: concerning (run of 7 below the mean)"}
    assert rows[-8].spc == "common cause variation"


def test_outside_the_limits_and_trends():
    rows = chart_table_rows(build_performance([*BASELINE, 16, 12, 7, 8, 9, 10, 11, 12, 13]))

    assert rows[13].spc == "special cause: improving (above the upper process limit)"
    assert rows[15].spc == "special cause: improving (run of 7 rising)"
    assert rows[21].spc == "special cause: improving (run of 7 rising)"


def test_lower_is_better_flags_a_rising_trend_as_concern():
    rows = chart_table_rows(
        build_performance([*BASELINE, 12, 7, 8, 9, 10, 11, 12, 13], polarity="lower")
    )

    assert rows[15].spc == "special cause: concerning (run of 7 rising)"


def test_two_of_three_near_a_limit():
    rows = chart_table_rows(build_performance([*BASELINE, 14.5, 12, 14.5]))

    assert rows[13].spc == ("special cause: improving (2 of 3 close to the upper process limit)")
    assert rows[14].spc == "common cause variation"


def test_every_signal_on_the_deciding_side_is_named():
    # Seven 16s: each beyond the upper limit, and together a run above the mean.
    rows = chart_table_rows(build_performance([*BASELINE, 12, *[16] * 7]))

    assert rows[-1].spc == (
        "special cause: improving (above the upper process limit; run of 8 above the mean; "
        "2 of 3 close to the upper process limit)"
    )


def test_without_direction_special_causes_are_neutral():
    rows = chart_table_rows(build_performance([*BASELINE, 5], polarity="none"))

    assert rows[-1].spc == (
        "special cause: low, neither improving nor concerning (below the lower process limit)"
    )
    assert rows[-1].rag == "Not assessed"


def test_band_targets_show_both_ends():
    rows = chart_table_rows(
        build_performance([1.0], polarity="band", unit="ratio", bands=[(0.9, 1.1)])
    )

    assert (rows[0].target, rows[0].rag) == ("0.9 to 1.1", "Green")


def test_plain_series_rows():
    series = ChartSeries(
        key="B1",
        title="Benchmark",
        points=(ChartPoint("2024/25", 41.5), ChartPoint("2025/26", None, status="missing")),
        format_value=lambda value: "No data" if value is None else f"{value:.1f} days",
    )

    rows = chart_table_rows(series)

    assert [(r.period, r.value, r.target, r.status) for r in rows] == [
        ("2024/25", "41.5 days", "No target", "Approved"),
        ("2025/26", "No data", "No target", "No return"),
    ]
