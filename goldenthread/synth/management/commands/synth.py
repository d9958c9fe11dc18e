import sys
import time

from django.core.management.base import BaseCommand, CommandError

from goldenthread.synth.generate import synth_generate


class Command(BaseCommand):
    help = (
        "Generates a seeded synthetic national dataset (councils, units, indicators, targets, "
        "quarterly values, actions and risks) for benchmarks; councils already there are kept."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--orgs", type=int, default=10, help="Councils (default 10).")
        parser.add_argument("--indicators", type=int, default=100, help="Per council.")
        parser.add_argument("--quarters", type=int, default=40, help="Quarters of values.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, orgs: int, indicators: int, quarters: int, seed: int, **options):  # type: ignore[no-untyped-def]
        started = time.perf_counter()

        def progress(line: str) -> None:
            print(line, file=sys.stderr, flush=True)

        try:
            counts = synth_generate(
                organisations=orgs,
                indicators=indicators,
                quarters=quarters,
                seed=seed,
                progress=progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Councils: {counts.organisations} generated, {counts.skipped} already there; "
            f"{counts.indicators:,} indicators, {counts.values:,} values, "
            f"{counts.targets:,} targets, {counts.actions:,} actions, {counts.risks:,} risks "
            f"in {time.perf_counter() - started:.1f} s."
        )
