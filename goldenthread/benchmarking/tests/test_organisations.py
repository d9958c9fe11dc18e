"""`goldenthread orgs import`: councils from mySociety's UK local authorities list (the demo
has imported the project's copy once already)."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking.importers import COUNCIL_LIST, ImportFailed
from goldenthread.benchmarking.services import organisations_import

pytestmark = pytest.mark.django_db

HEADER = (
    "local-authority-code,official-name,nice-name,gss-code,nation,region,"
    "local-authority-type,current-authority,pop-2020\n"
)


def council_list(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "councils.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_importing_the_list_again_changes_nothing() -> None:
    before = list(Organisation.objects.order_by("pk").values())
    result = organisations_import()
    # 397 current authorities in the list; 73 former ones are left out.
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (0, 0, 397)
    assert result.notes[0].startswith("uk_local_authorities.csv: 73 former authorities left out")
    assert list(Organisation.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    ("gss_code", "name", "kind", "region", "population"),
    [
        ("E06000004", "Stockton-on-Tees Borough Council", "unitary", "North East", 197419),
        ("E08000003", "Manchester City Council", "metropolitan", "North West", 555741),
        ("E09000033", "City of Westminster", "london_borough", "London", 269848),
        ("E10000016", "Kent County Council", "county", "South East", 1589057),
        ("E07000223", "Adur District Council", "district", "South East", 64187),
        ("S12000030", "Stirling Council", "scottish", "Scotland", 94080),
        ("W06000015", "City of Cardiff Council", "welsh", "Wales", 369202),
        ("N09000003", "Belfast City Council", "northern_irish", "Northern Ireland", 342560),
        ("E47000001", "Greater Manchester Combined Authority", "other", "North West", 2848286),
    ],
)
def test_type_codes_map_to_kinds(
    gss_code: str, name: str, kind: str, region: str, population: int
) -> None:
    organisation = Organisation.objects.get(gss_code=gss_code)
    assert (organisation.name, organisation.kind, organisation.region, organisation.population) == (
        name,
        kind,
        region,
        population,
    )


def test_a_changed_council_is_put_back_and_counted(tmp_path: Path) -> None:
    Organisation.objects.filter(gss_code="E06000004").update(region="Nowhere", population=1)
    result = organisations_import()
    assert (result.counts.created, result.counts.updated) == (0, 1)
    stockton = Organisation.objects.get(gss_code="E06000004")
    assert (stockton.region, stockton.population, stockton.slug) == (
        "North East",
        197419,
        "stockton-on-tees",
    )
    assert stockton.history.first().history_type == "~"  # the audit trail shows the import


def test_new_councils_get_unique_slugs(tmp_path: Path) -> None:
    path = council_list(
        tmp_path,
        "XWV,Wyvern Vale Council,Wyvern Vale,E06000998,England,North East,UA,True,1000\n",
    )
    result = organisations_import(path=path)
    assert result.counts.created == 1
    made = Organisation.objects.get(gss_code="E06000998")
    assert made.slug == "wyvern-vale-e06000998"  # the demo council has "wyvern-vale"


def test_bad_rows_are_reported_and_nothing_is_written(tmp_path: Path) -> None:
    path = council_list(
        tmp_path,
        "AAA,Good Council,Good,E06000997,England,North East,UA,True,100\n"
        "BBB,Bad Code Council,Bad,E0600099,England,North East,UA,True,100\n"
        "CCC,Odd Type Council,Odd,E06000996,England,North East,XYZ,True,100\n"
        "DDD,Half Council,Half,E06000995,England,North East,UA,True,100.5\n"
        "EEE,Twin Council,Twin,E06000997,England,North East,UA,True,100\n"
        "FFF,Current Council,Current,,England,North East,UA,True,100\n"
        "GGG,Gone Council,Gone,,England,North East,UA,False,\n",
    )
    count = Organisation.objects.count()
    with pytest.raises(ImportFailed) as failure:
        organisations_import(path=path)
    assert [str(error) for error in failure.value.errors] == [
        "councils.csv, row 3, column gss-code: 'E0600099' is not a GSS code (a letter and 8 "
        "digits, E06000004)",
        "councils.csv, row 4, column local-authority-type: 'XYZ' is not a type we know (UA, MD, "
        "LBO, CTY, NMD, SCO, WPA, NID, COMB, SRA, CC)",
        "councils.csv, row 5, column pop-2020: 100.5 is not a whole number of people",
        "councils.csv, row 6, column gss-code: repeats the GSS code on row 2",
        "councils.csv, row 7, column gss-code: blank",
    ]
    assert Organisation.objects.count() == count


def test_the_command(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    call_command("orgs", "import", "--dry-run")
    assert "Would import councils: 0 created, 0 updated, 397 unchanged." in capsys.readouterr().out
    with pytest.raises(CommandError, match="row 3, column gss-code"):
        call_command(
            "orgs",
            "import",
            str(council_list(tmp_path, "A,A,A,E06000997,,,UA,True,\nB,B,B,bad,,,UA,True,\n")),
        )
    assert COUNCIL_LIST.name == "uk_local_authorities.csv"
