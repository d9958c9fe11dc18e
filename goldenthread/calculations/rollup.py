"""Rolling RAG statuses up: counts for dashboards and the worst status for a group.

Severity, worst first (:data:`SEVERITY`)::

    RED > AMBER > NO_DATA > GREEN > NO_TARGET > NOT_ASSESSED

Missing data ranks above green because it needs someone to act; no target and not assessed
rank below green because they carry no judgement, so one context measure does not stop an
otherwise green objective being green.

Worked examples (used in the tests)::

    [GREEN, RED, AMBER, GREEN, NO_DATA]  -> red 1, amber 1, green 2, no_data 1;
                                            total 5, assessed 4, percent_green 50
    worst_status([GREEN, NO_DATA])       -> NO_DATA
    worst_status([GREEN, NO_TARGET])     -> GREEN
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from goldenthread.calculations.rag import RagStatus

SEVERITY: tuple[RagStatus, ...] = (
    RagStatus.RED,
    RagStatus.AMBER,
    RagStatus.NO_DATA,
    RagStatus.GREEN,
    RagStatus.NO_TARGET,
    RagStatus.NOT_ASSESSED,
)


@dataclass(frozen=True)
class RagCounts:
    red: int = 0
    amber: int = 0
    green: int = 0
    no_target: int = 0
    no_data: int = 0
    not_assessed: int = 0

    @property
    def total(self) -> int:
        return self.assessed + self.no_target + self.no_data + self.not_assessed

    @property
    def assessed(self) -> int:
        """Statuses with a red/amber/green judgement."""
        return self.red + self.amber + self.green

    @property
    def percent_green(self) -> Decimal | None:
        """Green as a percentage of the assessed statuses; None when none were assessed."""
        if not self.assessed:
            return None
        return Decimal(100 * self.green) / self.assessed


def rag_counts(statuses: Iterable[RagStatus]) -> RagCounts:
    counts = Counter(RagStatus(s) for s in statuses)
    return RagCounts(**{status.value: counts[status] for status in RagStatus})


def worst_status(statuses: Iterable[RagStatus], *, default: RagStatus | None = None) -> RagStatus:
    """The most severe status; for no statuses, ``default`` (``ValueError`` if not given)."""
    ranked = [SEVERITY.index(RagStatus(s)) for s in statuses]
    if ranked:
        return SEVERITY[min(ranked)]
    if default is None:
        raise ValueError("no statuses to roll up and no default given")
    return default
