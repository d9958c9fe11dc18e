"""Judged indicators kept in memory, so a dashboard reads one small row per indicator rather
than every return and target it has ever had.

An entry is keyed by everything its judgement depends on: the indicator's data stamp, which
the database changes whenever one of its returns, targets or change points is written (see
migration 0005_data_stamps), the indicator's settings that the judging reads, the
organisation's SPC run length, its reporting periods and the question asked. A key can
therefore only match a judgement of the same data, and nothing ever needs to be cleared:
entries of old data are simply never asked for again, and the least recently used go first
once the cache is full. Each process keeps its own (the stamps are shared through the
database), bounded by GOLDENTHREAD_JUDGEMENT_CACHE entries.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection

if TYPE_CHECKING:
    from goldenthread.indicators.models import Indicator

# The indicator fields `performance_for` and goldenthread.indicators.judging read.
JUDGED_FIELDS = (
    "organisation_id",
    "polarity",
    "frequency",
    "aggregation",
    "is_qualitative",
    "spc_baseline_points",
)
# About 35 KiB an entry with 40 quarters of history: at most some 175 MiB a process.
DEFAULT_SIZE = 5_000

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()


def stamps_for(indicator_ids: list[int]) -> tuple[dict[int, int], bool]:
    """Each indicator's data stamp (an indicator that has never had data has none), and
    whether judgements made now may be kept: not inside a PostgreSQL transaction that has
    written, whose stamps change only at its first write, so that a judgement of its
    half-way data would be found again under the same stamp (goldenthread/indicators/
    stamps.py). SQLite stamps every write anew. One query either way."""
    if not indicator_ids:
        return {}, True
    asks_transaction = connection.vendor == "postgresql" and connection.in_atomic_block
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(indicator_ids))
        # Only placeholders are joined into the statement; the ids are parameters.
        query = f"SELECT indicator_id, stamp FROM indicators_datastamp WHERE indicator_id IN ({placeholders})"  # noqa: S608, E501  # nosec B608
        if asks_transaction:
            # The row with no indicator says whether this transaction has written.
            query = f"SELECT NULL, txid_current_if_assigned() UNION ALL {query}"
        cursor.execute(query, indicator_ids)
        rows = cursor.fetchall()
    stamps = {indicator: stamp for indicator, stamp in rows if indicator is not None}
    written = any(indicator is None and stamp is not None for indicator, stamp in rows)
    return stamps, not written


def key_for(indicator: "Indicator", stamp: int | None, question: Hashable) -> Hashable:
    settings_read = tuple(getattr(indicator, name) for name in JUDGED_FIELDS)
    return (indicator.pk, stamp, settings_read, indicator.organisation.spc_run_length, question)


def size() -> int:
    return int(getattr(settings, "GOLDENTHREAD_JUDGEMENT_CACHE", DEFAULT_SIZE))


def get_many(keys: Iterable[Hashable]) -> dict[Hashable, Any]:
    found = {}
    with _lock:
        for key in keys:
            value = _entries.get(key)
            if value is not None:
                _entries.move_to_end(key)
                found[key] = value
    return found


def put_many(values: dict[Hashable, Any]) -> None:
    limit = size()
    if limit <= 0:
        return
    with _lock:
        _entries.update(values)
        for key in values:
            _entries.move_to_end(key)
        while len(_entries) > limit:
            _entries.popitem(last=False)


def clear() -> None:
    with _lock:
        _entries.clear()
