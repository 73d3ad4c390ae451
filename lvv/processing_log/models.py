"""Append-only log of processing of personal data, after Logius' Logboek Dataverwerkingen.

The log line names the purpose, the data subject (a keyed pseudonym, never a V-number) and
the trace; who acted is kept in a separate ``AuditRecord`` so the log itself holds no user
ids. Both tables reject UPDATE and DELETE in the database (see migration 0002).

``foreign_operation`` is the Logboek Dataverwerkingen field of that name: when another
organisation's system called us (the REST API) with a W3C ``traceparent``, the trace id and
span id of *its* operation, ``<trace-id>-<span-id>``, so the two organisations' logs can be
joined; the calling organisation itself is the audit record's ``organisation_code``.
"""

from __future__ import annotations

from django.db import models

from lvv.processing_log.activities import Activity, Operation, Outcome


class ProcessingLogEntry(models.Model):
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    operation = models.CharField(max_length=10, choices=Operation.choices)
    activity = models.CharField(max_length=40, choices=Activity.choices)
    subject_pseudonym = models.CharField(max_length=64, blank=True, db_index=True)
    resource = models.CharField(max_length=100, blank=True)
    trace_id = models.CharField(max_length=64, db_index=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.SUCCESS)
    # NULL when no other organisation's operation started this one. Nullable, so adding it
    # is a plain ALTER TABLE ADD COLUMN on both databases (SQLite would otherwise rebuild
    # the table, and with it drop its append-only triggers).
    foreign_operation = models.CharField(max_length=49, null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]


class AuditRecord(models.Model):
    """Who acted for a log entry; plain values, so they outlive the user account."""

    entry = models.OneToOneField(
        ProcessingLogEntry, on_delete=models.DO_NOTHING, related_name="audit", db_constraint=True
    )
    user_id = models.BigIntegerField(null=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    organisation_code = models.CharField(max_length=20, blank=True)
