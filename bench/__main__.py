"""Runs every benchmark and prints their tables: `python -m bench` (or `make bench`).

On SQLite by default; under scripts/with-postgres the same run measures PostgreSQL.
"""

import importlib
import sys

BENCHMARKS = ["bench.dashboard", "bench.values_import"]


def main() -> None:
    for name in BENCHMARKS:
        print(f"\n== {name} ==")
        sys.stdout.flush()
        importlib.import_module(name).main([])


if __name__ == "__main__":
    main()
