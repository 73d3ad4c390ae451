"""Overhead of the processing log on a case page: median and p95 with and without logging.

Runs in-process with Django's test client against a fresh database (SQLite by default, or
the one DATABASE_URL names), so it measures server time only. Usage:

    .venv/bin/python benchmarks/access_log_bench.py [--requests 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="lvv-bench-")
    os.environ.setdefault("LVV_DATA_DIR", data_dir)
    # Generated data, keys from the data directory: the embedded mode (lvv/config.py).
    os.environ.setdefault("LVV_EMBEDDED", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvv.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from lvv.access import selectors
    from lvv.cases.vocabulary import Stage
    from lvv.roles import Role
    from lvv.testing.builders import build_case, make_user
    from lvv.testing.web import login_verified

    cases = [build_case(Stage.GUIDANCE, lvv="AMS") for _ in range(20)]
    director = make_user("bench-regisseur", [Role.CASE_DIRECTOR], "GEM-AMS", ["AMS"])
    client = Client()
    login_verified(client, director)
    urls = [f"/casussen/{case.pk}/" for case in cases]

    original = selectors.processing_record

    def silent(**kwargs):
        return []

    def timed(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200
        return elapsed

    for url in urls:  # warm-up
        timed(url)
    # Interleave the two variants so background load affects both alike.
    with_log: list[float] = []
    without_log: list[float] = []
    for i in range(args.requests):
        url = urls[i % len(urls)]
        with_log.append(timed(url))
        selectors.processing_record = silent
        try:
            without_log.append(timed(url))
        finally:
            selectors.processing_record = original

    def summary(values: list[float]) -> str:
        p95 = statistics.quantiles(values, n=20)[-1]
        return f"median {statistics.median(values):.2f} ms, p95 {p95:.2f} ms"

    vendor = django.db.connection.vendor
    print(f"case page on {vendor}, {args.requests} requests each")
    print(f"  with processing log:    {summary(with_log)}")
    print(f"  without processing log: {summary(without_log)}")
    overhead = statistics.median(with_log) - statistics.median(without_log)
    print(f"  overhead (median): {overhead:.2f} ms")


if __name__ == "__main__":
    main()
