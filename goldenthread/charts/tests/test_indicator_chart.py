import logging
import struct
import warnings
from concurrent.futures import ThreadPoolExecutor

import pytest

from goldenthread.charts import ChartPoint, ChartSeries, chart_text, indicator_chart
from goldenthread.charts.indicator import _figure_file
from goldenthread.charts.tests.helpers import (
    BASELINE,
    SVG,
    XLINK_HREF,
    build_performance,
    by_id,
    marker_shape,
    marker_xs,
    parse,
    texts,
)

CHART = "chart-pi-023-full"


def special_causes():
    """The worked example's baseline, then: astronomical high (16), a missing quarter, and
    after a common-cause 12 a run of 7 below the mean, the last of them provisional."""
    return build_performance(
        [*BASELINE, 16, None, 12, 8, 8, 8, 8, 8, 8, 8.5],
        targets=10,
        statuses={22: "submitted"},
    )


def path_d(root, element_id):
    return by_id(root, element_id).find(f"{SVG}path").get("d")


def ys_of(d):
    """The distinct y values a path goes through."""
    numbers = d.replace("M", " ").replace("L", " ").split()
    return {round(float(y), 3) for y in numbers[1::2]}


class TestAccessibleSvg:
    def test_is_xml_with_a_title_and_description_naming_the_latest_value(self):
        svg = indicator_chart(special_causes())
        root = parse(svg)

        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == f"{CHART}-title {CHART}-desc"
        assert by_id(root, f"{CHART}-title").tag == f"{SVG}title"
        assert by_id(root, f"{CHART}-title").text == (
            "PI-023 Homeless households offered accommodation within 21 days, 2019-Q1 to 2024-Q3"
        )
        desc = by_id(root, f"{CHART}-desc").text
        assert desc.startswith(
            "Latest value, 2024-Q3: 8.5% (provisional), against a target of 10.0%. "
            "RAG status: Red. 23 periods shown, 1 with no value. "
            "Provisional, not yet approved: 2024-Q3. "
            "SPC: the latest value shows special cause variation, concerning; "
            "the process will sometimes meet and sometimes miss the target. "
        )
        assert "Special-cause points: 1 improving, 7 concerning." in desc

    def test_inlines_safely_and_scales(self):
        svg = indicator_chart(special_causes())
        root = parse(svg)

        assert svg.startswith("<svg ")
        assert "<?xml" not in svg and "DOCTYPE" not in svg and "<metadata" not in svg
        assert "<script" not in svg
        # matplotlib's stylesheet would restyle every SVG on the page
        assert root.find(f".//{SVG}style") is None
        assert root.get("width") is None and root.get("height") is None
        assert root.get("viewBox").startswith("0 0 640 ")
        assert root.get("class") == "gt-chart gt-chart--full"

    def test_text_stays_text_in_the_house_fonts(self):
        root = parse(indicator_chart(special_causes()))

        assert root.find(f".//{SVG}text") is not None
        assert "'Arial', 'Liberation Sans', 'DejaVu Sans', sans-serif" in (
            root.find(f".//{SVG}text").get("font-family")
        )
        assert "Percentage (%)" in texts(root)
        assert {"7.5%", "10.0%", "12.5%", "15.0%"} <= set(texts(root))

    def test_titles_are_escaped(self):
        svg = indicator_chart(
            build_performance(BASELINE, title='Repairs <script>alert("x")</script> & voids')
        )

        assert "<script" not in svg
        assert by_id(parse(svg), f"{CHART}-title").text.startswith(
            'PI-023 Repairs <script>alert("x")</script> & voids'
        )

    def test_text_drawn_on_the_chart_is_escaped_and_shown_as_written(self):
        # Period labels and council names are drawn as text; none can add markup, and text
        # that reads like an attribute is not taken for one when the SVG is tidied.
        labels = [
            "<script>alert(1)</script>",
            '" onload="alert(1)',
            ' id="x" style="fill: red" href="#y"',
            ' style="a:1;',
            "]]></text></svg><img src=x onerror=alert(1)>",
        ]
        series = ChartSeries(
            key="evil",
            title="<b>Evil</b>",
            points=tuple(ChartPoint(label, i) for i, label in enumerate(labels)),
            format_value=str,
            unit_label='</text><script>alert("unit")</script>',
        )
        svg = indicator_chart(series, chart_id="chart-evil")
        root = parse(svg)

        assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
        drawn = {"svg", "title", "desc", "defs", "clipPath", "rect", "g", "path", "use", "text"}
        assert {e.tag.removeprefix(SVG) for e in root.iter()} <= drawn
        assert not [name for e in root.iter() for name in e.attrib if name.startswith("on")]
        assert set(labels) <= set(texts(root))
        assert '</text><script>alert("unit")</script>' in texts(root)

    def test_ids_start_with_the_chart_id_and_references_stay_inside(self):
        performance = special_causes()
        first = parse(indicator_chart(performance, chart_id="first"))
        second = parse(indicator_chart(performance, chart_id="second"))

        for root, prefix in ((first, "first-"), (second, "second-")):
            ids = [e.get("id") for e in root.iter() if e.get("id")]
            assert ids and all(i.startswith(prefix) for i in ids)
            assert len(ids) == len(set(ids))
            references = [use.get(XLINK_HREF).lstrip("#") for use in root.iter(f"{SVG}use")] + [
                e.get("clip-path")[len("url(#") : -1] for e in root.iter() if e.get("clip-path")
            ]
            assert references and set(references) <= set(ids)

    def test_a_bad_chart_id_is_refused(self):
        with pytest.raises(ValueError, match="must start with a letter"):
            indicator_chart(special_causes(), chart_id='x" onload="alert(1)')

    def test_the_same_chart_renders_the_same_every_time(self):
        performance = special_causes()

        assert indicator_chart(performance) == indicator_chart(special_causes())
        assert indicator_chart(performance, fmt="png") == indicator_chart(performance, fmt="png")


class TestFullChart:
    def test_special_causes_have_their_own_shapes_and_colours(self):
        root = parse(indicator_chart(special_causes()))

        common = by_id(root, f"{CHART}-points-common")
        improvement = by_id(root, f"{CHART}-points-improvement-high")
        concern = by_id(root, f"{CHART}-points-concern")
        concern_provisional = by_id(root, f"{CHART}-points-concern-provisional")
        assert marker_shape(root, common) == "circle"
        assert marker_shape(root, improvement) == "triangle-up"
        assert marker_shape(root, concern) == "square"
        assert len(marker_xs(common)) == 13 + 1  # the baseline and the 12
        assert len(marker_xs(improvement)) == 1  # 16, above the upper limit
        assert len(marker_xs(concern)) == 7 - 1  # the run below the mean, less the provisional
        assert len(marker_xs(concern_provisional)) == 1
        assert improvement.find(f".//{SVG}use").get("fill") == "#1d70b8"
        assert concern.find(f".//{SVG}use").get("fill") == "#a94f1e"

    def test_lower_is_better_turns_improvement_downwards(self):
        root = parse(indicator_chart(build_performance([*BASELINE, 5], polarity="lower")))

        assert marker_shape(root, by_id(root, f"{CHART}-points-improvement-low")) == (
            "triangle-down"
        )

    def test_neutral_special_causes_are_diamonds(self):
        root = parse(indicator_chart(build_performance([*BASELINE, 16], polarity="none")))

        assert marker_shape(root, by_id(root, f"{CHART}-points-neutral")) == "diamond"
        assert "Special cause: neutral" in texts(root)

    def test_provisional_points_are_hollow_and_named_in_the_legend(self):
        root = parse(indicator_chart(special_causes()))

        hollow = by_id(root, f"{CHART}-points-concern-provisional").find(f".//{SVG}use")
        filled = by_id(root, f"{CHART}-points-concern").find(f".//{SVG}use")
        assert hollow.get("fill") == "#ffffff"
        assert hollow.get("stroke") == "#a94f1e"
        assert filled.get("fill") != "#ffffff"
        assert "Provisional (not approved)" in texts(root)

    def test_the_legend_names_each_line_and_kind_of_point_drawn(self):
        root = parse(indicator_chart(special_causes()))

        legend = [t for t in texts(root) if not t[:1].isdigit()]
        assert legend == [
            "Percentage (%)",
            "Value",
            "Provisional (not approved)",
            "Target",
            "Mean",
            "Process limits",
            "Common cause variation",
            "Special cause: improvement",
            "Special cause: concern",
        ]

    def test_a_missing_period_leaves_a_gap_in_the_line(self):
        root = parse(indicator_chart(special_causes()))

        values = path_d(root, f"{CHART}-values")
        assert values.count("M") == 2  # one line before the gap, one after
        markers = sum(
            len(marker_xs(e))
            for e in root.iter()
            if (e.get("id") or "").startswith(f"{CHART}-points-")
        )
        assert markers == 22  # 23 quarters, one with no value

    def test_without_a_gap_the_line_is_whole(self):
        root = parse(indicator_chart(build_performance([*BASELINE, 12])))

        assert path_d(root, f"{CHART}-values").count("M") == 1

    def test_target_is_a_dashed_step_at_each_change(self):
        performance = build_performance(BASELINE, targets=[10] * 6 + [12] * 7)
        root = parse(indicator_chart(performance))

        target = by_id(root, f"{CHART}-target").find(f"{SVG}path")
        assert target.get("stroke-dasharray")
        assert len(ys_of(target.get("d"))) == 2

    def test_process_limits_and_mean_step_where_the_limits_are_rebased(self):
        performance = build_performance(
            [*BASELINE, *[v + 20 for v in BASELINE]], rebase_at=[13], baseline_points=None
        )
        root = parse(indicator_chart(performance))

        assert len(ys_of(path_d(root, f"{CHART}-mean"))) == 2
        assert len(ys_of(path_d(root, f"{CHART}-limits"))) == 4  # upper and lower, twice
        assert by_id(root, f"{CHART}-limits").find(f"{SVG}path").get("stroke-dasharray")

    def test_too_few_values_for_spc_draw_plain_points_and_no_limits(self):
        root = parse(indicator_chart(build_performance([90, 92, 95], targets=91)))

        assert marker_shape(root, by_id(root, f"{CHART}-points-value")) == "circle"
        assert not [e for e in root.iter() if e.get("id") in (f"{CHART}-mean", f"{CHART}-limits")]
        assert "Mean" not in texts(root) and "Process limits" not in texts(root)
        assert (
            "SPC: not enough values yet for process limits."
            in chart_text(build_performance([90, 92, 95])).description
        )

    def test_a_band_target_draws_both_edges(self):
        performance = build_performance(
            [0.95, 1.02, 1.1], polarity="band", unit="ratio", bands=[(0.9, 1.1)] * 3
        )
        root = parse(indicator_chart(performance))

        assert len(ys_of(path_d(root, f"{CHART}-target-band"))) == 2
        assert "Target band" in texts(root)
        assert "against a target band of 0.9 to 1.1" in chart_text(performance).description

    def test_currency_ticks_carry_the_pound_sign(self):
        root = parse(
            indicator_chart(build_performance([1_200_000, 1_500_000, 1_350_000], unit="currency"))
        )

        assert {"£1.2m", "£1.3m", "£1.4m", "£1.5m"} <= set(texts(root))
        assert "Pounds (£)" in texts(root)

    def test_many_periods_have_their_labels_thinned_keeping_the_latest(self):
        values = [10 + (i % 5) for i in range(40)]
        root = parse(indicator_chart(build_performance(values)))

        labels = [t for t in texts(root) if "-Q" in t]
        assert 4 <= len(labels) <= 8
        assert labels[-1] == "2028-Q4"

    def test_no_values_yet_says_so(self):
        root = parse(indicator_chart(build_performance([None, None], targets=90)))

        assert "No values yet" in texts(root)
        assert by_id(root, f"{CHART}-desc").text.startswith(
            "No value for 2019-Q2. No values have been reported yet."
        )


class TestSmallChart:
    def test_is_240_by_80_with_the_latest_point_marked_and_no_text(self):
        svg = indicator_chart(special_causes(), size="small")
        root = parse(svg)
        chart = "chart-pi-023-small"

        assert root.get("viewBox") == "0 0 240 80"
        assert by_id(root, f"{chart}-title").text.endswith("2019-Q1 to 2024-Q3")
        assert by_id(root, f"{chart}-desc").text.startswith("Latest value, 2024-Q3: 8.5%")
        latest = by_id(root, f"{chart}-latest-concern")
        assert marker_shape(root, latest) == "square"
        assert latest.find(f".//{SVG}use").get("fill") == "#ffffff"  # provisional
        assert path_d(root, f"{chart}-values").count("M") == 2
        assert by_id(root, f"{chart}-target") is not None
        assert texts(root) == []


class TestPng:
    @pytest.mark.parametrize(
        ("size", "width", "height"), [("full", 1333, 779), ("small", 500, 166)]
    )
    def test_is_a_png_at_150_dpi(self, size, width, height):
        png = indicator_chart(special_causes(), size=size, fmt="png")

        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (width, height)


class TestPlainData:
    def test_a_series_built_by_hand_draws_without_spc(self):
        series = ChartSeries(
            key="Benchmark 1",
            title="Wyvern Vale against the median of similar councils",
            points=(
                ChartPoint("2023/24", 41.5, target=40),
                ChartPoint("2024/25", None, target=40),
                ChartPoint("2025/26", 44.0, target=42, status="submitted", is_provisional=True),
            ),
            format_value=lambda value: "No data" if value is None else f"{value:.1f} days",
            unit="days",
            unit_label="Days",
        )
        root = parse(indicator_chart(series))
        chart = "chart-benchmark-1-full"

        assert marker_shape(root, by_id(root, f"{chart}-points-value")) == "circle"
        assert by_id(root, f"{chart}-points-value-provisional") is not None
        assert path_d(root, f"{chart}-values").count("M") == 2
        assert by_id(root, f"{chart}-desc").text.startswith(
            "Latest value, 2025/26: 44.0 days (provisional), against a target of 42.0 days. "
            "RAG status: No data."
        )
        assert "Mean" not in texts(root) and "Days" in texts(root)


def test_unknown_size_or_format_is_refused():
    with pytest.raises(ValueError, match="size must be"):
        indicator_chart(special_causes(), size="medium")
    with pytest.raises(ValueError, match="fmt must be"):
        indicator_chart(special_causes(), fmt="jpeg")


def test_no_font_or_other_warnings(caplog):
    caplog.set_level(logging.WARNING, logger="matplotlib")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for size in ("full", "small"):
            for fmt in ("svg", "png"):
                indicator_chart(special_causes(), size=size, fmt=fmt)

    assert [str(w.message) for w in caught] == []
    assert caplog.records == []


def test_charts_drawn_at_once_in_threads_come_out_as_drawn_alone():
    performances = [special_causes(), build_performance([*BASELINE, 5], polarity="lower")]
    alone = [indicator_chart(p, size=size) for p in performances for size in ("full", "small")]
    _figure_file.cache_clear()  # drawn again, not remembered

    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(
            pool.map(
                lambda job: indicator_chart(job[0], size=job[1]),
                [(p, size) for p in performances for size in ("full", "small")],
            )
        )

    assert together == alone


def test_no_inline_styles_so_the_content_security_policy_keeps_the_look():
    svg = indicator_chart(special_causes())
    assert "style=" not in svg
    assert 'fill="#1d70b8"' in svg


def test_the_same_data_is_drawn_once_and_new_data_drawn_anew():
    _figure_file.cache_clear()
    first = indicator_chart(special_causes())
    assert indicator_chart(special_causes()) == first
    assert _figure_file.cache_info().hits == 1
    changed = build_performance([*BASELINE, 16, None, 12, 8, 8, 8, 8, 8, 8, 9.5], targets=10)
    assert indicator_chart(changed) != first
    assert _figure_file.cache_info().misses == 2
