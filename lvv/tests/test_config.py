"""Settings read from the environment (lvv/config.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from lvv import config

PG_URL = "postgres://lvv@db.example:5432/lvv"


def test_postgresql_connections_get_an_ssd_random_page_cost_by_default(monkeypatch):
    monkeypatch.delenv("LVV_PG_RANDOM_PAGE_COST", raising=False)
    monkeypatch.setenv("DATABASE_URL", PG_URL)
    assert config.database()["OPTIONS"]["options"] == "-c random_page_cost=1.1"


def test_random_page_cost_is_added_to_options_given_in_the_url(monkeypatch):
    monkeypatch.setenv("LVV_PG_RANDOM_PAGE_COST", "1.5")
    monkeypatch.setenv("DATABASE_URL", PG_URL + "?sslmode=require&options=-c%20work_mem%3D8MB")
    options = config.database()["OPTIONS"]
    assert options["sslmode"] == "require"
    assert options["options"] == "-c work_mem=8MB -c random_page_cost=1.5"


def test_an_empty_random_page_cost_leaves_the_servers_setting(monkeypatch):
    monkeypatch.setenv("LVV_PG_RANDOM_PAGE_COST", "")
    monkeypatch.setenv("DATABASE_URL", PG_URL)
    assert "options" not in config.database()["OPTIONS"]


def test_a_mistyped_random_page_cost_stops_the_start(monkeypatch):
    monkeypatch.setenv("LVV_PG_RANDOM_PAGE_COST", "1,1")
    monkeypatch.setenv("DATABASE_URL", PG_URL)
    with pytest.raises(ValueError):
        config.database()


def test_sqlite_has_no_planner_options(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    assert "options" not in config.database()["OPTIONS"]


@pytest.mark.django_db
def test_the_running_postgresql_connection_uses_the_setting():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
