"""Open data: each published period as CSV and JSON at stable addresses, valid against the
schema served beside them, with formula-like text neutralised; an index; and every
organisation's latest published period in one streamed CSV."""

import csv
import io
import json
from pathlib import Path

import jsonschema
from django.test import Client

from goldenthread.indicators.models import IndicatorReturn
from goldenthread.publishing import services
from goldenthread.publishing.snapshot import COLUMNS
from goldenthread.publishing.tests.conftest import approved_return

SCHEMA = json.loads((Path(__file__).parent.parent / "schema.json").read_text())


def test_the_csv_has_the_documented_columns_and_the_published_figures(council, quarter, published):
    response = Client().get(f"/public/{council.slug}/open-data/{quarter.label}.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == COLUMNS
    one = approved_return(council, quarter)
    row = next(r for r in rows if r["indicator_code"] == one.indicator.code)
    assert row["indicator_title"] == one.indicator.title
    assert row["unit"] == one.indicator.unit
    assert row["polarity"] == one.indicator.polarity
    assert row["period"] == quarter.label
    assert row["value"] == format(one.value.normalize(), "f")
    assert row["rag"] in {"red", "amber", "green", "no_target", "no_data", "not_assessed"}
    assert row["direction"]
    assert row["version"] == "1"
    assert len(rows) == len(json.loads(published.content)["indicators"])


def test_the_json_is_valid_against_the_served_schema(council, quarter, published):
    response = Client().get("/public/open-data/schema.json")
    schema = json.loads(b"".join(response.streaming_content))
    assert schema == SCHEMA
    document = json.loads(
        Client().get(f"/public/{council.slug}/open-data/{quarter.label}.json").content
    )
    jsonschema.validate(document, schema)
    one = approved_return(council, quarter)
    row = next(r for r in document["indicators"] if r["indicator_code"] == one.indicator.code)
    assert row["value"] == float(one.value)
    assert document["version"] == 1
    assert document["csv"].endswith(f"/public/{council.slug}/open-data/{quarter.label}.csv")


def test_formula_like_commentary_is_neutralised_in_the_csv(council, quarter, admin):
    one = approved_return(council, quarter)
    IndicatorReturn.objects.filter(pk=one.pk).update(commentary='=HYPERLINK("http://evil")')
    services.publication_publish(organisation=council, period=quarter, user=admin)
    text = Client().get(f"/public/{council.slug}/open-data/{quarter.label}.csv").content.decode()
    row = next(
        r for r in csv.DictReader(io.StringIO(text)) if r["indicator_code"] == one.indicator.code
    )
    assert row["commentary"] == '\'=HYPERLINK("http://evil")'


def test_the_index_lists_each_published_period_with_its_files(council, quarter, published):
    page = Client().get(f"/public/{council.slug}/open-data/").content.decode()
    assert f"/public/{council.slug}/open-data/{quarter.label}.csv" in page
    assert f"/public/{council.slug}/open-data/{quarter.label}.json" in page
    assert "/public/open-data/schema.json" in page


def test_the_national_file_streams_every_organisations_latest_published_period(
    council, quarter, published
):
    response = Client().get("/public/open-data/national.csv")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(rows[0]) == COLUMNS
    assert {row["organisation"] for row in rows} == {council.name}
    assert {row["period"] for row in rows} == {quarter.label}
    assert len(rows) == len(json.loads(published.content)["indicators"])
