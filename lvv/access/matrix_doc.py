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
            + ".",
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
    return "\n".join(lines) + "\n"
