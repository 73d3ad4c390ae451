from pathlib import Path

from lvv.access.matrix_doc import render

DOC = Path(__file__).resolve().parents[3] / "docs" / "access.md"


def test_docs_access_md_is_the_rendered_matrix():
    assert DOC.read_text(encoding="utf-8") == render(), "run: lvv access-matrix --write"
