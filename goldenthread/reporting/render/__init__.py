"""Every format from the same report data: `render(report, "pdf")` gives the file's bytes."""

from collections.abc import Callable
from dataclasses import dataclass

from goldenthread.reporting.blocks import Report


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    extension: str
    content_type: str
    renderer: str  # module in this package with render_<key>(report) -> bytes


FORMATS = {
    format.key: format
    for format in (
        Format("pdf", "PDF", "pdf", "application/pdf", "pdf"),
        Format(
            "docx",
            "Word",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        Format(
            "xlsx",
            "Excel",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Format("html", "Web page (HTML)", "html", "text/html; charset=utf-8", "html"),
    )
}


def renderer_for(key: str) -> Callable[[Report], bytes]:
    """The format's renderer, imported when first asked for: WeasyPrint and python-docx
    take a while to load, and most requests need neither."""
    from importlib import import_module

    module = import_module(f"goldenthread.reporting.render.{FORMATS[key].renderer}")
    return getattr(module, f"render_{key}")  # type: ignore[no-any-return]


def render(report: Report, key: str) -> bytes:
    return renderer_for(key)(report)
