"""Printing itself: WeasyPrint reads our stylesheet and templates without a complaint, and
a document fetches nothing from outside itself."""

import logging

from mesoclinic.documents.rendering import pdf_from_html
from tests.conftest import client_for
from tests.documents.pdf_tools import pdf_text


def test_every_document_prints_without_a_weasyprint_warning(practitioner, charted, caplog):
    client = client_for(practitioner)
    urls = [
        f"/courses/{charted.course_id}/plan.pdf",
        f"/courses/{charted.course_id}/progress-report.pdf",
        f"/sessions/{charted.id}/aftercare.pdf",
    ]
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for url in urls:
            assert client.get(url).status_code == 200
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_a_document_never_reads_a_file_named_in_it(tmp_path, caplog):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for print")
    html = f'<!doctype html><p>Before</p><img src="file://{secret}" alt="not loaded"><p>After</p>'

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = pdf_from_html(html)

    assert pdf.startswith(b"%PDF-")
    assert any("disallowed protocol" in r.getMessage() for r in caplog.records)
    # The image's text alternative is printed in its place.
    assert "Before not loaded After" in pdf_text(pdf, tmp_path)
