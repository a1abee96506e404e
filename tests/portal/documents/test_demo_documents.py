"""The demo's patient finds documents in her portal: her running course's plan and the
aftercare sheet of her latest session, which open as PDFs."""

import pytest
from django.core.management import call_command
from django.test import Client

from mesoclinic.documents.models import SharedDocument
from mesoclinic.messaging.models import Message
from tests.documents.pdf_tools import pdf_text


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_patient_has_a_plan_and_an_aftercare_sheet_in_her_portal(db, tmp_path):
    call_command("demo")
    client = Client()
    client.post(
        "/portal/sign-in/",
        {"username": "demo.patient@example.org", "password": "demo-password-123"},
    )

    listed = client.get("/api/v1/portal/documents").json()
    assert sorted(row["kind"] for row in listed) == ["aftercare", "plan"]
    plan = next(row for row in listed if row["kind"] == "plan")
    assert "Your treatment plan" in pdf_text(client.get(plan["pdf_url"]).content, tmp_path)
    assert SharedDocument.objects.count() == 2
    assert not Message.objects.filter(kind="document_shared").exists()
