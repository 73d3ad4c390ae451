"""Loading event histories in bulk, as the pure projection functions want them.

The monitor needs a case's full history only where the stored projection cannot answer a
question about an earlier date (see :mod:`lvv.monitor.figures`); this loads many histories in
two queries instead of one per case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from lvv.cases.events import EventRecord
from lvv.cases.models import CaseEvent

_CHUNK = 900  # below SQLite's default limit on query parameters


def event_histories(case_ids: Iterable[int]) -> dict[int, list[EventRecord]]:
    """``{case_id: [EventRecord, ...]}`` in recording order, corrections included."""
    ids = list(case_ids)
    rows: list[tuple] = []
    for start in range(0, len(ids), _CHUNK):
        rows.extend(
            CaseEvent.objects.filter(case_id__in=ids[start : start + _CHUNK])
            .order_by("case_id", "sequence")
            .values_list(
                "pk",
                "case_id",
                "sequence",
                "type",
                "effective_date",
                "data",
                "corrects_id",
                "reason",
            )
        )
    sequence_of = {pk: sequence for pk, _case, sequence, *_rest in rows}
    histories: dict[int, list[EventRecord]] = defaultdict(list)
    for _pk, case_id, sequence, type_, effective_date, data, corrects_id, reason in rows:
        histories[case_id].append(
            EventRecord(
                type=type_,
                effective_date=effective_date,
                data=data or {},
                sequence=sequence,
                corrects=sequence_of.get(corrects_id) if corrects_id else None,
                reason=reason or "",
            )
        )
    return dict(histories)
