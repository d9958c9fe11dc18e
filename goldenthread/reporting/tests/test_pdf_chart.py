"""The charts as the PDF draws them (render/pdf_chart.py): the same lines and markers, less
what changes nothing on paper."""

import re
import xml.etree.ElementTree as ET  # nosec B405  # our own test data

import pytest

from goldenthread.reporting.figures import figure_svg
from goldenthread.reporting.render.pdf_chart import pdf_svg
from goldenthread.reporting.tests.conftest import committee_report

pytestmark = pytest.mark.django_db


def drawn(svg: bytes) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """What is drawn: each path and use, with its attributes, whitespace in d evened out."""
    found = []
    for element in ET.fromstring(svg).iter():  # noqa: S314  # nosec B314
        tag = element.tag.split("}")[1]
        if tag in ("path", "use"):
            attributes = {
                key.split("}")[-1]: " ".join(value.split())
                for key, value in element.attrib.items()
                if key != "clip-path"
            }
            found.append((tag, tuple(sorted(attributes.items()))))
    return found


def test_a_chart_keeps_its_lines_and_markers_and_loses_what_paper_does_not_need(made_once):
    report = made_once(committee_report)
    charts = [entry.chart for entry in report.entries if entry.chart is not None]
    assert charts
    for chart in charts:
        page = figure_svg(chart, "chart-t").encode()
        pdf = pdf_svg(page)
        tags = [element.tag.split("}")[1] for element in ET.fromstring(pdf).iter()]  # noqa: S314  # nosec B314
        assert "title" not in tags and "desc" not in tags
        assert "clipPath" not in tags  # every line is well inside the plot
        assert not re.search(rb"<(?:\w+:)?g>", pdf)  # no group without attributes
        background = ("path", (("d", "M 0 80 L 240 80 L 240 0 L 0 0 z"), ("fill", "#ffffff")))
        assert background in drawn(page)
        assert drawn(pdf) == [item for item in drawn(page) if item != background]


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" stroke-linecap="butt">'
    '<g><path d="{d}" clip-path="url(#c)" stroke-width="1"{extra}/></g>'
    '<defs><clipPath id="c"><rect x="5" y="5" width="90" height="40"/></clipPath></defs></svg>'
)


@pytest.mark.parametrize(
    ("d", "extra", "clipped"),
    [
        ("M 10 20 L 50 30 L 90 25", "", False),  # well inside
        ("M 5 20 L 95 20", "", False),  # a horizontal line end to end, butt ends
        ("M 5 20 L 95 20", ' stroke-linecap="round"', True),  # round ends reach past
        ("M 10 20 L 50 44.5", "", True),  # its stroke reaches past the bottom
        ("M 2 20 L 50 30", "", True),  # starts outside
        ("M 10 20 C 20 0 30 60 40 20", "", True),  # a curve: not worked out, kept
    ],
)
def test_clipping_is_left_out_only_where_it_clips_nothing(d, extra, clipped):
    pdf = pdf_svg(SVG.format(d=d, extra=extra).encode())
    assert (b"clip-path=" in pdf) is clipped
    assert (b"clipPath" in pdf) is clipped
    assert f'd="{d}"'.encode() in pdf
