"""``lvv generate``: deterministic per seed, valid by the rules, realistic, no personal data out."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from lvv.cases.models import Case, CaseEvent, Person
from lvv.cases.selectors import rebuild_state
from lvv.cases.vocabulary import Stage
from lvv.demo.generator import Generator
from lvv.processing_log.models import AuditRecord, ProcessingLogEntry

pytestmark = pytest.mark.django_db


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


def _fingerprint() -> list[tuple]:
    """Everything that a seed decides, in creation order (ids and timestamps left out)."""
    cases = Case.objects.select_related("lvv", "person").order_by("pk")
    return [
        (
            case.lvv.code,
            case.person.pseudonym,
            case.person.v_number,
            case.person.local_reference,
            case.person.family_name,
            tuple(
                (e.type, e.effective_date, repr(e.data), e.reason)
                for e in case.events.order_by("sequence")
            ),
        )
        for case in cases
    ]


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    runs = []
    for seed in ("1", "1", "2"):
        with transaction.atomic():
            output = _generate("--cases", "200", "--seed", seed)
            runs.append((_fingerprint(), output.split("casussen/s).")[-1]))
            transaction.set_rollback(True)
    assert len(runs[0][0]) == 200
    assert runs[0] == runs[1]
    assert runs[0][0] != runs[2][0]


def test_every_generated_case_obeys_the_rules_and_its_projection_equals_a_rebuild():
    output = _generate("--cases", "200", "--seed", "1", "--batch-size", "70")
    assert Case.objects.count() == 200
    for case in Case.objects.all():
        assert case.to_state() == rebuild_state(case), case.pk
    assert "200 / 200" in output
    # every case and every person created left a processing-log entry with its audit record
    entries = ProcessingLogEntry.objects.count()
    assert entries == Case.objects.count() + Person.objects.count()
    assert AuditRecord.objects.count() == entries
    assert AuditRecord.objects.filter(username="lvv-systeem").count() == entries


def test_stdout_shows_no_personal_data():
    output = _generate("--cases", "200", "--seed", "3")
    for person in Person.objects.all():
        for value in (person.given_names, person.family_name, person.v_number):
            if value:
                assert value not in output
        if person.local_reference:
            assert person.local_reference not in output


def test_the_distribution_is_realistic():
    Generator(seed=5, today=timezone.localdate()).run(2000)
    cases = list(Case.objects.select_related("lvv"))
    total = len(cases)
    stages = Counter(case.stage for case in cases)
    by_lvv = Counter(case.lvv.code for case in cases)
    assert 0.03 < stages[Stage.REFUSED] / total < 0.10
    assert stages[Stage.OUTFLOWED] / total > 0.5
    present = sum(1 for case in cases if case.to_state().is_open)
    assert present / total > 0.1  # many still present
    exceptions = sum(1 for case in cases if case.within_target_group is False)
    assert 0.01 < exceptions / total < 0.06
    assert by_lvv["AMS"] > by_lvv["GRN"] > by_lvv["UTR"] > by_lvv["RTM"]
    persons = Person.objects.count()
    assert persons < total  # some persons had a second stay
    with_v_number = Person.objects.exclude(v_number_index=None).count()
    assert 0.7 < with_v_number / persons < 0.9
    per_case = CaseEvent.objects.count() / total
    assert 10 <= per_case <= 20
    assert min(case.referral_date for case in cases).year == 2019
    for person in Person.objects.filter(cases__stage=Stage.OUTFLOWED).distinct()[:50]:
        stays = list(person.cases.order_by("referral_date"))
        for earlier, later in zip(stays, stays[1:], strict=False):
            assert earlier.outflow_date < later.referral_date
            assert earlier.lvv_id != later.lvv_id


def test_lvv_filter_and_a_database_that_already_has_persons():
    _generate("--cases", "30", "--seed", "1", "--lvv", "RTM")
    _generate("--cases", "30", "--seed", "1", "--lvv", "rtm", "ehv")
    codes = set(Case.objects.values_list("lvv__code", flat=True))
    assert codes == {"RTM", "EHV"}
    assert Case.objects.count() == 60
    with pytest.raises(CommandError):
        _generate("--cases", "5", "--lvv", "XXX")
