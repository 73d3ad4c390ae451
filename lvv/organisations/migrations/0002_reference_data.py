"""The five pilot LVVs (1 April 2019) and the partner organisations; editable afterwards."""

import datetime as dt

from django.db import migrations

PROGRAMME_START = dt.date(2019, 4, 1)

LVVS = [
    # code, name, municipality, capacity, safe-country policy, limit months, max stay months
    ("AMS", "Amsterdam", "Amsterdam", 360, "exclude", None, 18),
    ("GRN", "Groningen", "Groningen", 300, "refer_vbl", None, None),
    ("UTR", "Utrecht", "Utrecht", 235, "exclude", None, None),
    ("EHV", "Eindhoven", "Eindhoven", 130, "exclude", None, None),
    ("RTM", "Rotterdam", "Rotterdam", 117, "limit_months", 3, None),
]

NATIONAL = [
    ("IND", "Immigratie- en Naturalisatiedienst", "ind"),
    ("DTV", "Dienst Terugkeer en Vertrek", "dtv"),
    ("AVIM", "Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel", "avim"),
    ("PROGRAMMA", "Programmabureau LVV", "programme_office"),
    ("MRT", "Multidisciplinair Review Team", "mrt"),
]


def load(apps, schema_editor):
    Lvv = apps.get_model("organisations", "Lvv")
    CapacityPeriod = apps.get_model("organisations", "CapacityPeriod")
    Organisation = apps.get_model("organisations", "Organisation")
    for code, name, municipality, places, policy, limit, max_stay in LVVS:
        lvv = Lvv.objects.create(
            code=code,
            name=name,
            municipality=municipality,
            start_date=PROGRAMME_START,
            regional_ties_required=True,
            safe_country_policy=policy,
            safe_country_limit_months=limit,
            max_stay_months=max_stay,
        )
        CapacityPeriod.objects.create(lvv=lvv, valid_from=PROGRAMME_START, places=places)
        Organisation.objects.create(
            code=f"GEM-{code}", name=f"Gemeente {municipality}", kind="municipality", lvv=lvv
        )
        Organisation.objects.create(
            code=f"NGO-{code}", name=f"Begeleidende ngo LVV {name}", kind="ngo", lvv=lvv
        )
    for code, name, kind in NATIONAL:
        Organisation.objects.create(code=code, name=name, kind=kind)


def unload(apps, schema_editor):
    apps.get_model("organisations", "Organisation").objects.all().delete()
    apps.get_model("organisations", "CapacityPeriod").objects.all().delete()
    apps.get_model("organisations", "Lvv").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
