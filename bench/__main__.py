"""Runs every benchmark and prints one table: `python -m bench` (or `make bench`).

On SQLite by default; under scripts/with-postgres the same run measures PostgreSQL. A
benchmark module that is not there yet (others are still being written) is named and
skipped, and one that fails is reported without stopping the rest.

    python -m bench [--small]

Each module runs at the issue's sizes (see its own --help); --small runs every one at a
tenth or less of them, a check that the whole suite works rather than a measurement.
"""

import argparse
import importlib
import sys
import traceback

from bench.setup import Result, database_name, django_ready, print_table

BENCHMARKS = [
    "bench.dashboard",
    "bench.pages",
    "bench.values_import",
    "bench.reports",
    "bench.load",
    "bench.national",
]
# What `python -m bench` asks of a module when its own defaults are too long for a routine
# run: 20 councils rather than the 400 of the national run (python -m bench.national).
ROUTINE = {"bench.national": ["--orgs", "20", "--published", "5"]}

SMALL = {
    "bench.dashboard": ["--indicators", "50", "--quarters", "8"],
    "bench.pages": ["--indicators", "50", "--quarters", "8"],
    "bench.values_import": ["--rows", "20000", "--indicators", "1000"],
    "bench.reports": ["--indicators", "10", "--quarters", "8", "--repeats", "1"],
    "bench.load": ["--users", "5", "--seconds", "5"],
    "bench.national": ["--orgs", "2", "--indicators", "50", "--quarters", "8", "--published", "2"],
}


def _run(name: str, argv: list[str]) -> list[Result]:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        print(f"{name}: not there yet, skipped", file=sys.stderr)
        return []
    run = getattr(module, "results", None) or module.main
    return [Result.of(item) for item in run(argv) or []]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="every benchmark at a small size")
    small = parser.parse_args(argv).small
    django_ready()
    database = database_name()
    results: list[Result] = []
    for name in BENCHMARKS:
        print(f"running {name} on {database}", file=sys.stderr, flush=True)
        try:
            measured = _run(name, SMALL[name] if small else ROUTINE.get(name, []))
        # One broken benchmark must not hide the others; some stop with SystemExit.
        except (Exception, SystemExit):  # noqa: BLE001
            traceback.print_exc()
            print(f"{name}: failed, see above", file=sys.stderr)
            continue
        for result in measured:
            result.database = result.database or database
        results.extend(measured)
    print_table(results)


if __name__ == "__main__":
    main()
