from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from lvv import crypto
from lvv.cases import services
from lvv.cases.vocabulary import Stage
from lvv.processing_log.models import ProcessingLogEntry
from lvv.roles import Role
from lvv.sensitive.models import SensitiveSection
from lvv.sensitive.selectors import current_sections
from lvv.sensitive.services import sensitive_section_record
from lvv.testing.builders import build_case, make_user
from lvv.testing.web import login_verified

SECRET_TEXT = "Synthetisch: behandeling bij de GGZ sinds 2019"


@pytest.fixture
def case(db):
    return build_case(Stage.GUIDANCE, lvv="AMS")


@pytest.fixture
def director(db):
    return make_user("regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])


def test_sections_are_encrypted_in_the_database(case, director):
    sensitive_section_record(case=case, actor=director, kind="medical", content=SECRET_TEXT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM sensitive_sensitivesection")
        (raw,) = cursor.fetchone()
    assert SECRET_TEXT not in raw and "GGZ" not in raw
    assert SensitiveSection.objects.get().content == SECRET_TEXT


def test_a_wrong_key_raises_instead_of_returning_ciphertext(case, director, settings):
    sensitive_section_record(case=case, actor=director, kind="medical", content=SECRET_TEXT)
    settings.LVV_FIELD_KEYS = [crypto.Fernet.generate_key().decode()]
    with pytest.raises(crypto.DecryptionError):
        SensitiveSection.objects.get()


def test_key_rotation_keeps_old_values_readable(case, director, settings):
    old_key = settings.LVV_FIELD_KEYS[0]
    sensitive_section_record(case=case, actor=director, kind="medical", content=SECRET_TEXT)
    settings.LVV_FIELD_KEYS = [crypto.Fernet.generate_key().decode(), old_key]
    assert SensitiveSection.objects.get().content == SECRET_TEXT


def test_field_keys_are_not_the_secret_key(settings):
    assert settings.SECRET_KEY not in settings.LVV_FIELD_KEYS
    assert settings.LVV_INDEX_KEY != settings.SECRET_KEY


def test_only_roles_with_a_need_see_sections(case, director):
    sensitive_section_record(case=case, actor=director, kind="asylum_motive", content="x")
    counsellor = make_user("begeleider", [Role.COUNSELLOR], "NGO-AMS", ["AMS"])
    ind = make_user("ind", [Role.IND_OFFICER], "IND", ["AMS"])
    mrt = make_user("mrt", [Role.MRT_MEMBER], "MRT")
    assert current_sections(director, case)["asylum_motive"].content == "x"
    assert current_sections(counsellor, case) is not None
    assert current_sections(ind, case) is None
    assert current_sections(mrt, case) is None
    services.mrt_refer(
        case=case, actor=director, effective_date=case.last_lso_date, question="vastgelopen"
    )
    case.refresh_from_db()
    assert current_sections(mrt, case) is not None


def test_ind_officer_cannot_record_sections(case):
    ind = make_user("ind", [Role.IND_OFFICER], "IND", ["AMS"])
    with pytest.raises(PermissionDenied):
        sensitive_section_record(case=case, actor=ind, kind="medical", content="x")
    assert not SensitiveSection.objects.exists()


def test_new_version_keeps_the_old_one(case, director):
    sensitive_section_record(case=case, actor=director, kind="medical", content="eerste")
    sensitive_section_record(case=case, actor=director, kind="medical", content="tweede")
    assert current_sections(director, case)["medical"].content == "tweede"
    assert SensitiveSection.objects.count() == 2


def test_sections_page_for_ind_officer_is_404_and_logged(client, case):
    ind = make_user("ind", [Role.IND_OFFICER], "IND", ["AMS"])
    login_verified(client, ind)
    response = client.get(reverse("sensitive:sections", args=[case.pk]))
    assert response.status_code == 404
    assert ProcessingLogEntry.objects.filter(operation="denied").exists()


def test_director_records_and_reads_sections_on_the_page(client, case, director):
    login_verified(client, director)
    url = reverse("sensitive:sections", args=[case.pk])
    empty = client.post(url, {"kind": "medical", "content": ""})
    assert "Vul de inhoud in." in empty.content.decode()
    assert client.post(url, {"kind": "medical", "content": SECRET_TEXT}).status_code == 302
    assert SECRET_TEXT in client.get(url).content.decode()
    reads = ProcessingLogEntry.objects.filter(resource=f"sensitive:{case.pk}", operation="read")
    assert reads.exists()


def test_sections_cannot_be_updated_or_deleted_in_the_database(case, director):
    from django.db import DatabaseError, transaction

    sensitive_section_record(case=case, actor=director, kind="medical", content="x")
    for statement in (
        "UPDATE sensitive_sensitivesection SET kind = 'criminal_law'",
        "DELETE FROM sensitive_sensitivesection",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_a_version_recorded_meanwhile_is_shown_before_one_is_recorded_over_it(
    client, case, director
):
    """Someone else recorded a new version while the form was open: it is shown (marked
    new), the typed text is kept, and sending again records the user's version after it."""
    import re

    colleague = make_user("regisseur-2", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    login_verified(client, director)
    url = reverse("sensitive:sections", args=[case.pk])

    def seen(body: str) -> str:
        match = re.search(r'name="seen" value="(\d+)"', body)
        assert match, "no hidden seen in the form"
        return match.group(1)

    opened = seen(client.get(url).content.decode())
    sensitive_section_record(
        case=case, actor=colleague, kind="medical", content="Synthetisch: nieuw BMA-advies"
    )
    data = {"kind": "medical", "content": "Synthetisch: mijn aanvulling"}
    response = client.post(url, {**data, "seen": opened})
    body = response.content.decode()
    assert response.status_code == 200
    assert "intussen door iemand anders" in body
    assert "Synthetisch: nieuw BMA-advies" in body and "nieuw sinds u de pagina opende" in body
    assert "Synthetisch: mijn aanvulling" in body  # the typed text is kept
    assert SensitiveSection.objects.count() == 1
    assert client.post(url, {**data, "seen": seen(body)}).status_code == 302
    assert current_sections(director, case)["medical"].content == "Synthetisch: mijn aanvulling"
    assert SensitiveSection.objects.count() == 2
