"""Render the policy matrix (and the register of processing activities) as Markdown.

``docs/access.md`` is this output; a test fails when the file and the matrix disagree, so
the documentation cannot drift from the code.
"""

from __future__ import annotations

from django.utils import translation

from lvv.access.policy import MATRIX, SYSTEM_GRANTS, Action, Scope
from lvv.access.two_factor import TWO_FACTOR_ROLES
from lvv.processing_log.activities import Activity
from lvv.roles import Role

HEADER = """# Access policy

Generated from `lvv/access/policy.py` by `lvv access-matrix --write`; do not edit by hand
(a test compares this file with the code).

Every view, API endpoint, export and command asks the one policy module. A user holds one
or more roles; a grant of any role suffices. What no cell grants is refused, and a case
that may not be seen answers exactly like a case that does not exist (HTTP 404), logged
as `denied` in the processing log. `is_superuser`/`is_staff` grant nothing.
"""


DUPLICATES = """## The duplicate check at referral

Before a new person is registered, the referral page looks for the same V-number, the same
local reference, or a similar name with the same birth year and a shared nationality -
nationally, because a person may have stayed in another LVV. What the user sees of a
candidate is the policy's `duplicate.check` scope: a candidate with a stay inside it is shown
(name, birth year, nationality, open case) and can be chosen; a candidate outside it only as
"possibly the same person, known at LVV X - contact the case director (municipality) of that
LVV", without name, birth year or nationality, and cannot be chosen. Both are written to the
processing log (`referral`, resource `duplicate-check` / `duplicate-check:outside-scope`).
"""

ADMINISTRATION = """## Administration of accounts

The functional administration (`/beheer/`, action `administration`) manages accounts,
organisations and LVV settings; it never shows case content. Its rules live in
`lvv/access/services.py`:

- Nobody changes their own access: an administrator cannot change the roles, LVVs,
  organisation or active state of their own account (nor reset their own second factor).
- Role grants are **recorded, not four-eyes**: every creation of an account and every change
  of roles, LVVs, organisation or active state is written to the append-only administration
  log (database triggers, like the processing log) with who, when, and the access before and
  after; a grant of a role that sees personal data is flagged. Administrators and the privacy
  officer read it at `/beheer/logboek/` (`administration_log.view`). Four eyes was not
  chosen because small LVVs have one administrator; the log makes every grant visible to
  supervision after the fact, and nobody can grant to themselves.
- Passwords are never shown, set or edited by an administrator: an account gets a single-use
  link (valid 3 days, void once used) with which the user chooses a password that must pass
  the password rules. Making the link is recorded.
- A lost second factor is reset by another administrator (`two_factor.reset`), recorded;
  the user enrols a new authenticator at the next login.
"""


def render() -> str:
    with translation.override("nl"):
        lines = [HEADER, "## Scopes", "", "| scope | meaning |", "|---|---|"]
        lines += [f"| `{scope.value}` | {scope.label} |" for scope in Scope]
        roles = list(Role)
        lines += ["", "## Role x action", ""]
        lines.append("| action | " + " | ".join(f"`{r.value}`" for r in roles) + " |")
        lines.append("|---|" + "---|" * len(roles))
        for action in Action:
            cells = [MATRIX.get(role, {}).get(action) for role in roles]
            row = " | ".join(f"`{c.value}`" if c else "—" for c in cells)
            lines.append(f"| `{action.value}` ({action.label}) | {row} |")
        lines += [
            "",
            "## The system actor",
            "",
            "Commands an operator runs on the server (`lvv import-caseload` without `--as`, "
            "`lvv demo`, `lvv generate`) act as the system actor, which holds no role. Its own "
            "grants, for every LVV:",
            "",
        ]
        lines += [
            f"- `{action.value}` ({action.label}): `{scope.value}`"
            for action, scope in SYSTEM_GRANTS.items()
        ]
        lines += [
            "",
            "## Two-factor authentication",
            "",
            "Required (TOTP with backup codes) for: "
            + ", ".join(f"`{r.value}`" for r in roles if r in TWO_FACTOR_ROLES)
            + ". Partner systems calling the REST API act for one of these users with an "
            "application token, which stands in for the second factor (see `docs/api.md`).",
            "",
            "## Register of processing activities",
            "",
            "Every processing-log entry names one of these purposes "
            "(`lvv/processing_log/activities.py`).",
            "",
            "| code | processing activity |",
            "|---|---|",
        ]
        lines += [f"| `{a.value}` | {a.label} |" for a in Activity]
        lines += ["", DUPLICATES, ADMINISTRATION.rstrip("\n")]
    return "\n".join(lines) + "\n"
