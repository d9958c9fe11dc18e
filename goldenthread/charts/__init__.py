"""Charts of indicators as SVG (to inline in pages) and PNG (for Word), drawn with matplotlib.

Every chart comes from a `ChartSeries`: plain data that `series_from_performance` builds from a
`Performance`, or that reports and benchmarks build themselves. The house look is in `style`.
"""

import os
import tempfile
from pathlib import Path


def _usable(folder: Path) -> bool:
    """Whether matplotlib could create or write `folder`."""
    while not folder.exists():
        folder = folder.parent
    return os.access(folder, os.W_OK)


def _config_dir_ensure() -> None:
    """Points matplotlib at a temporary folder when the home folder is not writable (as for
    a service account), so it keeps its font cache instead of rebuilding it in every process
    with a warning."""
    if "MPLCONFIGDIR" in os.environ:
        return
    try:
        home = Path.home()
    except RuntimeError:  # no home folder at all
        usable = False
    else:
        usable = all(
            _usable(Path(os.environ.get(variable) or home / default) / "matplotlib")
            for variable, default in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"))
        )
    if not usable:
        owner = os.getuid() if hasattr(os, "getuid") else "user"
        os.environ["MPLCONFIGDIR"] = str(
            Path(tempfile.gettempdir()) / f"goldenthread-matplotlib-{owner}"
        )


_config_dir_ensure()

from goldenthread.charts.describe import chart_text  # noqa: E402
from goldenthread.charts.indicator import indicator_chart  # noqa: E402
from goldenthread.charts.series import ChartPoint, ChartSeries, series_from_performance  # noqa: E402
from goldenthread.charts.table import TableRow, chart_table_rows  # noqa: E402

__all__ = [
    "ChartPoint",
    "ChartSeries",
    "TableRow",
    "chart_table_rows",
    "chart_text",
    "indicator_chart",
    "series_from_performance",
]
