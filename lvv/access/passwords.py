"""Password rules with Dutch messages.

Django 5.2 changed the English text of the minimum-length message and its Dutch translation
has not followed, so a too short password was refused in English. The rule itself is
Django's; only the message is ours.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d teken lang zijn.",
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}
