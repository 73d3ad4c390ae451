"""One complete case, from referral to outflow, each step by the role that does it, in the UI."""

from __future__ import annotations

import datetime as dt
import re

from lvv.web.tests.browser.support import (
    case_links,
    data_value,
    error_summary,
    follow,
    submit,
    today,
)

COUNSELLOR, DIRECTOR = "begeleider-ams", "regisseur-ams"


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _act(page, case_id: int, action: str, fill, *, button: str = "Vastleggen") -> None:
    """From the case page: follow the offered action, fill its form, record it."""
    page.goto(f"/casussen/{case_id}/")
    follow(page, action)
    fill(page)
    submit(page, button)
    assert re.search(rf"/casussen/{case_id}/(#tijdlijn)?$", page.url), (
        f"{action} was not recorded ({page.url}):\n{error_summary(page)}"
    )
    assert f"Vastgelegd: {action}." in page.locator(".lvv-messages").inner_text()


def _date(day: dt.date, label: str = "Datum"):
    def fill(page):
        page.get_by_label(label, exact=True).fill(_iso(day))

    return fill


def _lookalike_of_a_known_person(page) -> dict:
    """Name, birth year and nationality of a person the counsellor guides, slightly changed,
    so the duplicate check has something to show."""
    page.goto("/casussen/")
    for case_id, _reference in case_links(page):
        page.goto(f"/casussen/{case_id}/")
        year, nationality = data_value(page, "Geboortejaar"), data_value(page, "Nationaliteit(en)")
        name = page.locator("h1").inner_text().rsplit(" ", 1)[0].strip()
        if year.isdigit() and re.match(r"^[A-Z]{3}\b", nationality) and " " in name:
            given, family = name.split(" ", 1)
            family = family[:-1] + ("1" if family[-1] != "1" else "2")
            return {"given": given, "family": family, "year": year, "nationality": nationality[:3]}
    raise AssertionError("the counsellor guides no person with birth year and nationality")


def test_referral_to_outflow_by_each_role(users):
    start = today() - dt.timedelta(days=40)
    day = {  # every step dated after the one before it, none in the future
        "referral": start,
        "check": start + dt.timedelta(days=1),
        "decision": start + dt.timedelta(days=2),
        "intake": start + dt.timedelta(days=3),
        "dossier": start + dt.timedelta(days=4),
        "ind": start + dt.timedelta(days=10),
        "dtv": start + dt.timedelta(days=12),
        "lso": start + dt.timedelta(days=20),
        "mrt": start + dt.timedelta(days=22),
        "advice": start + dt.timedelta(days=30),
        "outflow": start + dt.timedelta(days=38),
    }

    # Counsellor: a referral of a new person who resembles a known one.
    counsellor = users.page(COUNSELLOR)
    person = _lookalike_of_a_known_person(counsellor)
    counsellor.goto("/")
    follow(counsellor, "Nieuwe aanmelding")
    form = counsellor.locator("form#aanmelding")
    form.get_by_label("V-nummer").fill("5512340987")
    form.get_by_label("Voornamen").fill(person["given"])
    form.get_by_label("Achternaam").fill(person["family"])
    form.get_by_label("Geboortejaar").fill(person["year"])
    form.get_by_label("man", exact=True).check()
    form.get_by_label("Nationaliteit(en)").fill(person["nationality"])
    form.get_by_label("Begeleidende organisatie").select_option(index=1)
    form.get_by_label("Datum van aanmelding").fill(_iso(day["referral"]))
    form.get_by_label("Aangemeld door").fill("Straatteam van de ngo")
    submit(counsellor, "Controleren en registreren")
    assert counsellor.locator("#mogelijke-dubbelen").is_visible(), error_summary(counsellor)
    assert "gelijkende naam" in counsellor.locator("#id_person_choice").inner_text()
    counsellor.get_by_label("Geen van deze: een nieuwe persoon registreren").check()
    submit(counsellor, "Aanmelding registreren")
    match = re.search(r"/casussen/(\d+)/$", counsellor.url)
    assert match, f"referral not registered ({counsellor.url}):\n{error_summary(counsellor)}"
    case_id = int(match.group(1))
    full_name = f"{person['given']} {person['family']}"
    assert full_name in counsellor.locator("h1").inner_text()
    reference = counsellor.locator("h1 .lvv-badge").inner_text().strip()
    assert data_value(counsellor, "Stap") == "aangemeld"

    # Case director: admission check and decision.
    director = users.page(DIRECTOR)
    _act(director, case_id, "Toelatingstoets uitvoeren", _date(day["check"]))
    assert data_value(director, "Stap") == "toelatingstoets gedaan"

    def admit(page):
        _date(day["decision"])(page)
        page.get_by_label("toegelaten", exact=True).check()
        page.get_by_label("Motivering").fill("Behoort tot de doelgroep; regiobinding aangetoond.")

    _act(director, case_id, "Besluit over toelating nemen", admit)
    assert data_value(director, "Stap") == "toegelaten"

    # Counsellor: the intake (shelter starts).
    _act(counsellor, case_id, "Intake registreren (start opvang)", _date(day["intake"]))

    # Case director requests the dossier; IND and DT&V each deliver their part.
    _act(director, case_id, "Dossier opvragen bij IND en DT&V", _date(day["dossier"]))

    def part(when: dt.date, summary: str):
        def fill(page):
            _date(when)(page)
            page.get_by_label("Samenvatting van het dossierdeel").fill(summary)

        return fill

    ind = users.page("ind")
    _act(ind, case_id, "IND-deel van het dossier leveren", part(day["ind"], "Eerdere procedures"))
    dtv = users.page("dtv")
    _act(dtv, case_id, "DT&V-deel van het dossier leveren", part(day["dtv"], "Vertrekopties"))
    assert data_value(dtv, "Stap") == "dossier compleet, rusttermijn"

    # Case director: the LSO discussion sets perspective, scenario and phase.
    def lso(page):
        _date(day["lso"])(page)
        page.get_by_label("Toekomstperspectief").fill("Terugkeer naar het land van herkomst.")
        page.get_by_label("vertrek", exact=True).check()
        page.get_by_label("Fase").select_option(label="onderzoeksfase")
        page.get_by_label("Medewerking").select_option(label="werkt mee")

    _act(director, case_id, "LSO-bespreking vastleggen", lso)
    assert data_value(director, "Scenario") == "vertrek"
    assert data_value(director, "Fase") == "onderzoeksfase"

    def refer(page):
        _date(day["mrt"])(page)
        page.get_by_label("Vraag aan het MRT").fill("Welke bestendige oplossing adviseert het MRT?")

    _act(director, case_id, "Casus aan het MRT voorleggen", refer)
    assert data_value(director, "MRT") == "voorgelegd aan het MRT"

    # MRT member: the case is on the MRT worklist; the advice goes back.
    mrt = users.page("mrt")
    mrt.goto("/")
    follow(mrt, "MRT")
    follow(mrt, f"Advies geven {reference}")
    mrt.get_by_label("Datum van het advies").fill(_iso(day["advice"]))
    mrt.get_by_label("Advies van het MRT").fill(
        "Zet in op vertrek met ondersteuning bij terugkeer."
    )
    submit(mrt, "Advies vastleggen")
    assert "Het advies is vastgelegd" in mrt.locator(".lvv-messages").inner_text(), error_summary(
        mrt
    )

    # Case director: the outflow.
    def outflow(page):
        _date(day["outflow"])(page)
        page.get_by_label("daadwerkelijk vertrek naar land van herkomst").check()

    _act(director, case_id, "Uitstroom registreren", outflow)

    # The case page tells the whole story.
    director.goto(f"/casussen/{case_id}/")
    assert data_value(director, "Stap") == "uitgestroomd"
    assert director.locator("#stap").inner_text().strip() == "uitgestroomd"
    entries = [
        " ".join(text.split()) for text in director.locator(".lvv-timeline > li").all_inner_texts()
    ]
    expected = [
        ("aanmelding geregistreerd", day["referral"], "Begeleider (demo)"),
        ("toelatingstoets uitgevoerd", day["check"], "Regisseur (demo)"),
        ("besluit over toelating", day["decision"], "Regisseur (demo)"),
        ("intake (start opvang)", day["intake"], "Begeleider (demo)"),
        ("dossier opgevraagd", day["dossier"], "Regisseur (demo)"),
        ("dossierdeel geleverd", day["ind"], "IND-medewerker (demo)"),
        ("dossierdeel geleverd", day["dtv"], "Regievoerder (demo)"),
        ("besproken in het LSO", day["lso"], "Regisseur (demo)"),
        ("voorgelegd aan het MRT", day["mrt"], "Regisseur (demo)"),
        ("advies van het MRT", day["advice"], "MRT-lid (demo)"),
        ("uitstroom geregistreerd", day["outflow"], "Regisseur (demo)"),
    ]
    assert len(entries) == len(expected), "\n".join(entries)
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    for entry, (label, when, actor) in zip(entries, expected, strict=True):
        date_text = f"{when.day} {months[when.month - 1]} {when.year}"
        assert entry.startswith(f"{date_text} — {label}"), entry
        assert f"door {actor}" in entry, entry
    outflow_text = data_value(director, "Uitstroom")
    assert "daadwerkelijk vertrek naar land van herkomst" in outflow_text
    for page in (counsellor, director, ind, dtv, mrt):
        page.close()
