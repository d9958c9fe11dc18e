"""The 5 × 5 heat map: counts per cell, as SVG with a text alternative, and as a table."""

import re
import xml.etree.ElementTree as ET
from collections import Counter

from django.urls import reverse

from goldenthread.calculations.risk import DEFAULT_BANDS, ScoreBand, heat_map_counts
from goldenthread.risks.heatmap import heat_map, heat_map_svg
from goldenthread.risks.models import Risk, RiskSettings
from goldenthread.risks.tests.factories import register

SVG = "{http://www.w3.org/2000/svg}"


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = [e for e in root.iter() if e.get("id") == element_id]
    assert len(found) == 1, f"{len(found)} elements with id {element_id}"
    return found[0]


def corporate_counts(council) -> Counter:  # type: ignore[no-untyped-def]
    return Counter(
        Risk.objects.filter(register=register(council), status="open", kind="risk").values_list(
            "residual_likelihood", "residual_impact"
        )
    )


class TestTheSvg:
    def test_each_cell_shows_its_count_and_names_its_band(self):
        grid = heat_map_counts([(4, 3), (4, 3), (1, 5), (5, 5)])
        root = ET.fromstring(
            heat_map_svg(heat_map(grid, DEFAULT_BANDS), chart_id="hm", title="Map")
        )
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "hm-title hm-desc"
        assert by_id(root, "hm-title").text == "Map"
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                count = by_id(root, f"hm-cell-{likelihood}-{impact}-count").text
                assert count == str(grid[likelihood - 1][impact - 1])
                band = by_id(root, f"hm-cell-{likelihood}-{impact}-band").text
                assert band.endswith(f"({likelihood * impact})")
        assert by_id(root, "hm-cell-4-3-count").text == "2"
        assert by_id(root, "hm-cell-4-3-band").text == "Medium (12)"
        assert by_id(root, "hm-cell-5-5-band").text == "High (25)"
        assert by_id(root, "hm-cell-1-1-band").text == "Low (1)"

    def test_the_description_gives_the_totals_by_band_and_the_busiest_cell(self):
        grid = heat_map_counts([(4, 3), (4, 3), (1, 5), (5, 5)])
        root = ET.fromstring(
            heat_map_svg(heat_map(grid, DEFAULT_BANDS), chart_id="hm", title="Map")
        )
        description = by_id(root, "hm-desc").text
        assert "4 open risks by residual likelihood and impact: 1 high, 3 medium, 0 low." in (
            description
        )
        assert "The most, 2, are at likelihood 4 (likely) and impact 3 (moderate), score 12." in (
            description
        )

    def test_an_empty_map_says_so(self):
        root = ET.fromstring(
            heat_map_svg(heat_map(heat_map_counts([]), DEFAULT_BANDS), chart_id="e", title="E")
        )
        assert by_id(root, "e-desc").text == "No open risks to show."

    def test_the_organisation_s_own_bands_name_the_cells(self):
        bands = (ScoreBand("Tolerable", 1, 9), ScoreBand("Intolerable", 10, 25))
        root = ET.fromstring(
            heat_map_svg(heat_map(heat_map_counts([]), bands), chart_id="b", title="B")
        )
        assert by_id(root, "b-cell-3-3-band").text == "Tolerable (9)"
        assert by_id(root, "b-cell-2-5-band").text == "Intolerable (10)"


class TestTheCorporateRegisterPage:
    def test_the_heat_map_counts_the_open_risks_on_the_register(self, council, signed_in):
        html = signed_in("cllr.leader").get(reverse("risks:corporate_register")).content.decode()
        svg = re.search(r"<svg\b.*?</svg>", html, re.DOTALL).group(0)
        root = ET.fromstring(svg)
        expected = corporate_counts(council)
        for likelihood in range(1, 6):
            for impact in range(1, 6):
                count = by_id(root, f"heat-map-cell-{likelihood}-{impact}-count").text
                assert int(count) == expected[(likelihood, impact)]
        assert sum(expected.values()) >= 20

    def test_the_same_counts_are_in_a_table_with_headers(self, council, signed_in):
        html = signed_in("auditor").get(reverse("risks:corporate_register")).content.decode()
        table = re.search(r'<table[^>]*id="heat-map-table".*?</table>', html, re.DOTALL).group(0)
        root = ET.fromstring(table.replace("&nbsp;", " "))
        assert root.find("caption") is not None
        rows = root.find("tbody").findall("tr")
        assert [row.find("th").text for row in rows][0] == "Likelihood 5 Almost certain"
        expected = corporate_counts(council)
        for row in rows:
            likelihood = int(row.find("th").text.split()[1])
            assert row.find("th").get("scope") == "row"
            counts = [int(cell.text.strip()) for cell in row.findall("td")]
            assert counts == [expected[(likelihood, impact)] for impact in range(1, 6)]

    def test_a_filtered_register_maps_only_the_risks_shown(self, council, signed_in):
        category = Risk.objects.filter(register=register(council)).first().category
        html = (
            signed_in("head.housing")
            .get(reverse("risks:corporate_register") + f"?category={category.pk}")
            .content.decode()
        )
        shown = Risk.objects.filter(
            register=register(council), status="open", kind="risk", category=category
        ).count()
        assert f"{shown} open risk{'s' if shown != 1 else ''}:" in html
        assert "for the risks matching the filters" in html

    def test_custom_bands_shade_and_name_the_cells(self, council, signed_in):
        RiskSettings.objects.filter(organisation=council).update(
            bands=[
                {"name": "Tolerable", "lowest": 1, "highest": 9},
                {"name": "Intolerable", "lowest": 10, "highest": 25},
            ]
        )
        html = signed_in("head.housing").get(reverse("risks:corporate_register")).content.decode()
        assert "Intolerable (25)" in html and "Tolerable (1)" in html
        assert "High (25)" not in html
