"""PDF rendering with WeasyPrint, which needs the Pango system libraries.

WeasyPrint raises ``OSError`` at import when Pango (or its friends) is missing; that must
not take the page down. :func:`render_pdf` raises :class:`PdfUnavailable` with a Dutch
sentence saying what is missing instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _


class PdfUnavailable(Exception):
    pass


def _missing_message() -> str:
    return _(
        "De PDF kan op deze server niet worden gemaakt: de systeembibliotheek Pango (nodig "
        "voor WeasyPrint) ontbreekt of kan niet worden geladen. Vraag de beheerder om Pango te "
        "installeren (bijvoorbeeld het pakket libpango-1.0-0). Gebruik intussen de "
        "afdrukversie en kies in de browser 'Afdrukken' en 'Opslaan als PDF'."
    )


@cache
def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: a shared library could not be loaded
        return None, type(exc).__name__
    return weasyprint, ""


def pdf_available() -> bool:
    return _weasyprint()[0] is not None


def unavailable_message() -> str:
    return _missing_message()


def render_pdf(html: str, stylesheet: Path) -> bytes:
    weasyprint, _reason = _weasyprint()
    if weasyprint is None:
        raise PdfUnavailable(_missing_message())
    try:
        document = weasyprint.HTML(string=html, base_url=None)
        return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(stylesheet))])
    except OSError as exc:
        raise PdfUnavailable(_missing_message()) from exc
