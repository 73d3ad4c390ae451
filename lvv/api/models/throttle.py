"""Counters of API calls per fixed time window, shared by every server process.

Django's default cache lives in one process: behind several workers a limit of 10 lookups a
minute would become 10 per worker. These rows live in the database every worker shares.
"""

from __future__ import annotations

from django.db import models


class ApiRateWindow(models.Model):
    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    seconds = models.PositiveIntegerField()
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "seconds", "window_start"], name="api_rate_window_once"
            )
        ]
        indexes = [models.Index(fields=["window_start"])]
