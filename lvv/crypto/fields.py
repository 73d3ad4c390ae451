from __future__ import annotations

from django.db import models

from lvv import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted; reading with a wrong key raises instead of returning ciphertext."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
