"""Benchmark: server time of the case workers' pages on a large PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lvv_gen LVV_DATA_DIR=... \
        .venv/bin/python benchmarks/pages_bench.py [--requests 200] [--write]
        [--lvv AMS | AMS,GRN | alle] [--role case_director | counsellor | ...]

Run it against a database filled by ``lvv generate --cases 100000`` (with the same
``LVV_DATA_DIR``, whose keys the blind index needs). The script adds one user
(``bench-<role>``; a case director unless ``--role`` says otherwise) working for the
``--lvv`` LVVs (one code, several separated by commas, or ``alle``), with a TOTP device,
to that database, then times each page ``--requests`` times (the pages take turns) through
Django's test ``Client``: the whole request/response cycle inside the server (middleware,
access checks, queries, processing-log writes, template), not the network. It reports
median and 95th percentile per page, the number of queries per request and the machine's
plain-Python speed. Targets: median <= 30 ms, p95 <= 100 ms. ``--write`` puts the figures
in the "Pagina's" section of docs/performance.md (other sections are left alone).
Synthetic data only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Generated data, keys from the data directory: the embedded mode (lvv/config.py).
os.environ.setdefault("LVV_EMBEDDED", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvv.settings")
# The test client's host name; the test environment itself is not set up, because its
# template instrumentation (copying every rendered context) is not server time.
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

SECTION = "## Pagina's"


def cpu_reference_ms() -> float:
    """How fast this machine runs plain Python: the best of three loops of 10 million
    additions, in ms. Page times scale with it, so it makes runs on different (or
    differently loaded) machines comparable."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(10_000_000):
            total += number
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--lvv",
        default="AMS",
        help="LVV code(s) of the user, comma-separated, or 'alle' (widest scope)",
    )
    parser.add_argument(
        "--role",
        default="case_director",
        choices=[
            "case_director",
            "counsellor",
            "ind_officer",
            "dtv_officer",
            "mrt_member",
        ],
        help="the user's role (its organisation follows from it and the first LVV); "
        "the police only look up participation and have no case pages",
    )
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument(
        "--no-sql-cache",
        action="store_true",
        help="compile every query's SQL on every request (lvv.web.prepared keeps nothing): "
        "measures what the compiled-SQL cache saves",
    )
    parser.add_argument(
        "--http",
        metavar="BASE_URL",
        help="time the pages over HTTP against a running server (e.g. gunicorn on "
        "http://127.0.0.1:8001, loopback only) instead of in-process: adds the WSGI server, "
        "the socket and the client to the figures",
    )
    args = parser.parse_args()

    import django

    django.setup()
    if args.no_sql_cache:
        from lvv.web import prepared

        prepared.MAX_ENTRIES = 0  # every entry is evicted as soon as it is made
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from lvv.access.models import User
    from lvv.access.selectors import cases_visible_to
    from lvv.cases.models import Case
    from lvv.cases.vocabulary import Stage
    from lvv.organisations.models import Lvv, Organisation
    from lvv.roles import Role
    from lvv.testing.web import login_verified

    if args.lvv == "alle":
        lvvs = list(Lvv.objects.order_by("code"))
    else:
        lvvs = [Lvv.objects.get(code=code.strip()) for code in args.lvv.split(",")]
    lvv = lvvs[0]
    role = Role(args.role)
    organisation = {
        Role.CASE_DIRECTOR: f"GEM-{lvv.code}",
        Role.COUNSELLOR: f"NGO-{lvv.code}",
        Role.IND_OFFICER: "IND",
        Role.DTV_OFFICER: "DTV",
        Role.MRT_MEMBER: "MRT",
    }[role]
    user, _ = User.objects.get_or_create(username=f"bench-{role.value}")
    user.organisation = Organisation.objects.get(code=organisation)
    user.roles = [role]
    user.save()
    user.lvvs.set(lvvs)
    client = Client()
    login_verified(client, user)
    get = _http_getter(args.http, client) if args.http else client.get

    total = Case.objects.count()
    visible = cases_visible_to(user)
    case_ids = list(
        visible.exclude(stage=Stage.OUTFLOWED)
        .order_by("?")
        .values_list("pk", flat=True)[: args.requests]
    )
    case_ids += list(
        visible.filter(stage=Stage.OUTFLOWED)
        .order_by("?")
        .values_list("pk", flat=True)[: max(1, args.requests // 4)]
    )
    name = visible.select_related("person").order_by("?").first().person.family_name
    pages = [
        ("Werkvoorraad", lambda i: (reverse("web:home"), {})),
        ("Casuslijst, eerste pagina", lambda i: (reverse("web:case_list"), {})),
        (
            "Casuslijst, gefilterd (stap, verlopen termijn, sortering op naam)",
            lambda i: (
                reverse("web:case_list"),
                {"stap": "guidance", "termijn": "on", "sorteer": "naam"},
            ),
        ),
        ("Casuslijst, zoeken op naam", lambda i: (reverse("web:case_list"), {"q": name})),
        (
            "Casuslijst, gesorteerd op intakedatum (nieuwste eerst)",
            lambda i: (reverse("web:case_list"), {"sorteer": "-intake"}),
        ),
        (
            "Casuslijst, pagina 40",
            lambda i: (reverse("web:case_list"), {"pagina": 40}),
        ),
        (
            "Casuspagina (wisselende casussen)",
            lambda i: (reverse("web:case_detail", args=[case_ids[i % len(case_ids)]]), {}),
        ),
    ]
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    reference_before = cpu_reference_ms()
    queries = {}
    for label, request_of in pages:
        for i in range(5):  # warm-up
            url, params = request_of(i)
            assert get(url, params).status_code == 200, url
        # Queries are counted in separate requests: recording them slows every query down.
        counted = []
        for i in range(5):
            url, params = request_of(i)
            with CaptureQueriesContext(connection) as captured:
                client.get(url, params)  # in-process, where the queries can be seen
            counted.append(len(captured))
        queries[label] = max(counted)
    # The pages take turns (one request each per round), so a slower minute of a shared
    # machine weighs on every page alike instead of on whichever page it happened to hit.
    timings: dict[str, list[float]] = {label: [] for label, _ in pages}
    for i in range(args.requests):
        for label, request_of in pages:
            url, params = request_of(i)
            start = time.perf_counter()
            response = get(url, params)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, url
            timings[label].append(elapsed)
    results = []
    for label, _ in pages:
        values = timings[label]
        results.append(
            (
                label,
                statistics.median(values),
                percentile(values, 0.95),
                max(values),
                queries[label],
            )
        )
        print(f"{label}: median {results[-1][1]:.1f} ms, p95 {results[-1][2]:.1f} ms", flush=True)

    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    reference = (reference_before + cpu_reference_ms()) / 2
    visible_count = visible.count()
    database = (
        f"PostgreSQL {connection.pg_version // 10000}"
        if connection.vendor == "postgresql"
        else connection.vendor
    )

    scope_text = (
        f"LVV {lvv.name}" if len(lvvs) == 1 else "de LVV's " + ", ".join(item.name for item in lvvs)
    )

    how = (
        f"over HTTP naar `{args.http}` (met de WSGI-server en de socket)"
        if args.http
        else "via Django's test `Client` zonder testinstrumentatie"
    )

    def dutch(number: int) -> str:
        return f"{number:,}".replace(",", ".")

    lines = [
        SECTION,
        "",
        f"`benchmarks/pages_bench.py`, {args.requests} verzoeken per pagina (de pagina's om "
        f"beurten) {how} (servertijd: middleware, toegangscontrole, "
        "queries, "
        f"verwerkingenlogboek, template; queries apart geteld), {database} met "
        f"{dutch(total)} gegenereerde "
        f"casussen (`lvv generate`), ingelogd als {role.label} van {scope_text} "
        f"({dutch(visible_count)} zichtbare casussen). Doel: mediaan ≤ 30 ms, p95 ≤ 100 ms. "
        f"Snelheid van deze machine: 10 miljoen optellingen in Python in {reference:.0f} ms "
        "(gemiddelde van voor en na de meting).",
        "",
        "| pagina | mediaan (ms) | p95 (ms) | max (ms) | queries per verzoek |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, median, p95, worst, query_count in results:
        lines.append(f"| {label} | {median:.1f} | {p95:.1f} | {worst:.1f} | {query_count} |")
    lines.append("")
    table = "\n".join(lines)
    print()
    print(table)
    if args.write:
        write_section(ROOT / "docs" / "performance.md", table)
    ok = all(median <= 30 and p95 <= 100 for _, median, p95, _, _ in results)  # noqa: PLR2004
    return 0 if ok else 1


def _http_getter(base_url: str, client):
    """GET with the client's session cookie. gunicorn's sync workers close the connection
    after each response, so each timing includes opening a loopback TCP connection. The
    searched (synthetic) name is in the query string: it reaches the server's access log if
    one is kept; run the server with ``--access-logfile /dev/null``."""
    import http.client
    from urllib.parse import urlencode, urlsplit

    from django.conf import settings

    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("--http: loopback addresses only")
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    class Response:
        def __init__(self, status_code: int) -> None:
            self.status_code = status_code

    def get(url: str, params: dict) -> Response:
        path = url + ("?" + urlencode(params) if params else "")
        connection.request("GET", path, headers={"Cookie": cookie, "Host": parts.netloc})
        response = connection.getresponse()
        response.read()
        return Response(response.status)

    return get


def write_section(path: Path, table: str) -> None:
    """Replace (or append) the intro and table of the "Pagina's" section.

    The notes after the table (how to reproduce, what the time is) stay, and so do the other
    helpers' sections.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else "# Prestaties\n"
    if SECTION not in text:
        path.write_text(text.rstrip("\n") + "\n\n" + table, encoding="utf-8")
        return
    before, rest = text.split(SECTION, 1)
    after = rest.split("\n## ", 1)
    tail = ("\n## " + after[1]) if len(after) == 2 else ""  # noqa: PLR2004
    lines = after[0].split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("|")), len(lines))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    notes = "\n".join(lines[end:]).strip("\n")  # after the first table
    section = table.rstrip("\n") + "\n" + ("\n" + notes + "\n" if notes else "")
    path.write_text(before + section + tail, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
