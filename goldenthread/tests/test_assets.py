"""The compiled front end is the council's own: Arial, its colours, no GOV.UK crown or font."""

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static" / "goldenthread"


def test_the_compiled_assets_are_committed():
    for path in [
        "css/goldenthread.css",
        "js/govuk-frontend.min.js",
        "js/init.js",
        "assets/images/favicon.svg",
        "js/govuk-frontend-supported.js",
    ]:
        assert (STATIC / path).is_file(), path


def test_no_gds_transport_font_or_crown_is_shipped():
    css = (STATIC / "css" / "goldenthread.css").read_text()
    assert "GDS Transport" not in css
    assert "arial" in css.lower()
    names = [path.name.lower() for path in STATIC.rglob("*")]
    assert not [name for name in names if name.endswith((".woff", ".woff2"))]
    assert not [
        name
        for name in names
        if "crown" in name or "govuk-" in name and name.endswith((".png", ".svg", ".ico"))
    ]
