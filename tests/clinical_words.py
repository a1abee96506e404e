"""`assert_no_clinical_detail(message)`: an email is not a secure channel, so no message
may name a body area, a product, a side effect, a screening answer or a grade. Give it a
`Message` row (its subject, text and HTML are checked) or an email read from the test SMTP
server, or a string; the words come from the clinic's protocol and formulary, so a message
written for a clinic whose protocol names other areas is checked against those."""

import re
from email.message import EmailMessage

from mesoclinic.clinics.models import Clinic
from mesoclinic.formulary.models import Product
from mesoclinic.messaging.models import Message
from mesoclinic.planning.protocol import clinic_protocol, current_protocol

# Words that name the condition or its grading whatever the protocol's labels.
ALWAYS = ("cellulite", "grade", "Nürnberger")


def clinical_words(clinic: Clinic | None = None) -> set[str]:
    protocol = current_protocol() if clinic is None else clinic_protocol(clinic)
    words = set(ALWAYS)
    for area in protocol.body_areas:
        words |= {area.label, area.key.replace("_", " ")}
    for event in protocol.adverse_events:
        words |= {event.label, event.key.replace("_", " ")}
    for item in protocol.screening_items:
        words.add(item.label)
    for rule in protocol.grades.values():
        if rule.kind != "none":  # "none" is an everyday word
            words.add(rule.kind)
    products = Product.objects.all() if clinic is None else Product.objects.filter(clinic=clinic)
    words |= set(products.values_list("name", flat=True))
    return {word for word in words if word.strip()}


def _texts(message: Message | EmailMessage | str) -> list[str]:
    if isinstance(message, Message):
        return [message.subject, message.text, message.html]
    if isinstance(message, EmailMessage):
        parts = [str(message["Subject"] or "")]
        for part in message.walk():
            if part.get_content_maintype() == "text":
                parts.append(part.get_content())
        return parts
    return [message]


def assert_no_clinical_detail(
    message: Message | EmailMessage | str, clinic: Clinic | None = None
) -> None:
    if clinic is None and isinstance(message, Message):
        clinic = message.clinic
    text = "\n".join(_texts(message))
    found = sorted(
        word
        for word in clinical_words(clinic)
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    )
    assert not found, f"The message names clinical detail: {', '.join(found)}"
