"""processing_record: one entry per data subject, each with who acted, under one trace."""

from __future__ import annotations

from lvv.processing_log.activities import Activity, Operation
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry
from lvv.processing_log.services import processing_record
from lvv.processing_log.trace import current_trace_id, end_trace, start_trace
from lvv.testing.builders import make_user


def test_one_entry_and_audit_record_per_subject(db):
    user = make_user("regisseur-log", ["case_director"], "GEM-UTR", ["UTR"])
    token = start_trace("trace-1")
    try:
        ids = processing_record(
            actor=user,
            operation=Operation.READ,
            activity=Activity.LSO_CASE_DISCUSSION,
            subject_pseudonyms=["p1", "p2"],
            resource="meeting:3",
        )
    finally:
        end_trace(token)
    entries = ProcessingLogEntry.objects.filter(pk__in=ids).order_by("pk")
    assert [e.subject_pseudonym for e in entries] == ["p1", "p2"]
    for entry in ProcessingLogEntry.objects.all():
        assert (entry.operation, entry.activity, entry.resource, entry.trace_id) == (
            "read",
            "lso_case_discussion",
            "meeting:3",
            "trace-1",
        )
        assert entry.outcome == "success"
        assert (entry.audit.user_id, entry.audit.username, entry.audit.organisation_code) == (
            user.pk,
            "regisseur-log",
            "GEM-UTR",
        )
    assert AuditRecord.objects.count() == 2


def test_the_log_entry_itself_holds_no_user(db):
    field_names = {f.name for f in ProcessingLogEntry._meta.get_fields()}
    assert not field_names & {"user", "user_id", "username", "actor"}


def test_an_entry_without_actor_or_subject(db):
    [entry_id] = processing_record(
        actor=None, operation=Operation.EXPORT, activity=Activity.MONITOR
    )
    entry = ProcessingLogEntry.objects.get(pk=entry_id)
    assert entry.subject_pseudonym == ""
    assert (entry.audit.user_id, entry.audit.username, entry.audit.organisation_code) == (
        None,
        "",
        "",
    )


def test_a_trace_id_is_created_once_and_reused():
    token = start_trace()
    try:
        first = current_trace_id()
        assert first == current_trace_id()
        assert len(first) == 32
    finally:
        end_trace(token)


def test_log_entries_survive_the_deletion_of_the_person(db):
    from lvv.access.system import system_actor
    from lvv.cases.models import Person
    from lvv.processing_log.models import ProcessingLogEntry
    from lvv.testing.builders import make_person

    person = make_person(system_actor())
    pseudonym = person.pseudonym
    assert ProcessingLogEntry.objects.filter(subject_pseudonym=pseudonym).count() == 1
    Person.objects.filter(pk=person.pk).delete()
    entry = ProcessingLogEntry.objects.get(subject_pseudonym=pseudonym)
    assert entry.operation == "create" and entry.audit.username == "lvv-systeem"


def test_many_subjects_are_written_in_order_each_with_its_audit_record(db):
    user = make_user("analist-log", ["case_director"], "GEM-AMS", ["AMS"])
    pseudonyms = [f"p{number:04d}" for number in range(250)] + ["", "p0001"]
    ids = processing_record(
        actor=user,
        operation=Operation.READ,
        activity=Activity.CASE_GUIDANCE,
        subject_pseudonyms=pseudonyms,
        resource="case-list",
    )
    assert len(ids) == len(set(ids)) == len(pseudonyms)
    entries = ProcessingLogEntry.objects.filter(pk__in=ids).order_by("pk")
    assert [entry.subject_pseudonym for entry in entries] == pseudonyms
    assert all(entry.occurred_at is not None for entry in entries)
    assert set(AuditRecord.objects.filter(entry_id__in=ids).values_list("username", flat=True)) == {
        "analist-log"
    }


def test_the_calling_organisations_operation_is_written_as_foreign_operation(db):
    """Logboek Dataverwerkingen: set by the API for a call with a W3C traceparent."""
    from lvv.processing_log.trace import end_foreign_operation, start_foreign_operation

    user = make_user("regisseur-log", ["case_director"], "GEM-UTR", ["UTR"])
    token = start_foreign_operation("4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")
    try:
        called = processing_record(
            actor=user,
            operation=Operation.READ,
            activity=Activity.CASE_GUIDANCE,
            subject_pseudonyms=["p1", "p2"],
        )
    finally:
        end_foreign_operation(token)
    [own] = processing_record(actor=user, operation=Operation.READ, activity=Activity.MONITOR)
    entries = ProcessingLogEntry.objects.in_bulk([*called, own])
    assert {entries[pk].foreign_operation for pk in called} == {
        "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"
    }
    assert entries[own].foreign_operation is None
