"""What the demo and generate commands print: counts and demo accounts, never personal data.

Only aggregates (cases per stage, per outflow category) and the demo accounts are shown, so
the output of a command can be pasted into an issue or a CI log without leaking anything.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from lvv.cases.models import Case
from lvv.cases.vocabulary import OutflowCategory, Stage
from lvv.demo.users import ALL_LVVS, DemoAccount


def dutch_number(value: float) -> str:
    """12.345 - Dutch thousands separator, without depending on the active locale."""
    return f"{int(value):,}".replace(",", ".")


def dutch_seconds(value: float) -> str:
    """92,2 - one decimal with a decimal comma."""
    return f"{value:.1f}".replace(".", ",")


def figures_table() -> str:
    """Cases per stage and per outflow category, from the stored projection."""
    stages = dict(Case.objects.values_list("stage").annotate(n=Count("pk")))
    outflow = dict(
        Case.objects.filter(stage=Stage.OUTFLOWED)
        .values_list("outflow_category")
        .annotate(n=Count("pk"))
    )
    lines = [_("Casussen per stap:")]
    lines += [f"  {label:<36} {dutch_number(stages.get(v, 0)):>8}" for v, label in Stage.choices]
    lines.append(_("Uitstroom per categorie:"))
    lines += [
        f"  {label:<48} {dutch_number(outflow.get(v, 0)):>8}"
        for v, label in OutflowCategory.choices
    ]
    return "\n".join(lines)


def accounts_table(accounts: list[DemoAccount], password: str) -> str:
    headers = (_("Gebruikersnaam"), _("Rol"), _("Organisatie"), _("LVV's"))
    rows = [
        (
            account.username,
            str(account.role.label),
            account.organisation,
            _("alle") if account.lvvs == (ALL_LVVS,) else ", ".join(account.lvvs) or "-",
        )
        for account in accounts
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    fmt = "  ".join(f"{{:<{width}}}" for width in widths)
    lines = [
        _("Demo-accounts (wachtwoord voor alle accounts: %(password)s)") % {"password": password},
        fmt.format(*headers),
        fmt.format(*("-" * width for width in widths)),
    ]
    lines += [fmt.format(*row) for row in rows]
    return "\n".join(line.rstrip() for line in lines)
