"""What `message_queue` records: the rendered content, stored for every later try."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from mesoclinic.messaging.addresses import absolute_url
from mesoclinic.messaging.models import Message
from tests.messaging.conftest import queue_hello


def test_the_rendered_message_is_stored_so_a_retry_sends_the_same(patient):
    message = queue_hello(patient)
    stored = Message.objects.get(pk=message.pk)
    assert stored.subject == "Your appointment at Riverside on Tuesday 3 March at 10:00"
    assert "Tuesday 3 March at 10:00" in stored.text
    assert "<p>" in stored.html
    assert (stored.status, stored.attempts, stored.channel) == ("queued", 0, "email")
    assert (stored.clinic, stored.patient, stored.kind) == (patient.clinic, patient, "hello")


def test_a_template_that_renders_an_empty_subject_is_refused(patient):
    with pytest.raises(ValueError, match="empty subject"):
        queue_hello(patient, template="test_messages/empty")
    assert Message.objects.count() == 0


def test_a_message_without_an_address_is_refused(patient):
    with pytest.raises(ValueError, match="address"):
        queue_hello(patient, to="  ")


def test_links_in_emails_use_the_site_address(settings):
    settings.SITE_URL = "https://portal.riverside.example/"
    assert (
        absolute_url("/portal/links/abc/") == "https://portal.riverside.example/portal/links/abc/"
    )


def test_without_a_site_address_a_link_is_refused_with_what_to_set(settings):
    settings.SITE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        absolute_url("/portal/")
