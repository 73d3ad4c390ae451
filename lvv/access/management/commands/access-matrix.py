from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from lvv.access.matrix_doc import render

DOC = Path(__file__).resolve().parents[4] / "docs" / "access.md"


class Command(BaseCommand):
    help = "Toon de toegangsmatrix als Markdown (met --write: schrijf docs/access.md)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="schrijf docs/access.md")

    def handle(self, *args, write: bool = False, **options):
        text = render()
        if write:
            DOC.write_text(text, encoding="utf-8")
            self.stdout.write(f"{DOC} bijgewerkt")
        else:
            self.stdout.write(text, ending="")
