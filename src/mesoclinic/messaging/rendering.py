"""A message's three parts from the sender's templates. The subject and text part are
plain text: rendered without HTML escaping (a name like O'Brien stays as written); the
HTML part is escaped as any page is."""

import re
from dataclasses import dataclass

from django.template import Context
from django.template.loader import get_template


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _plain(name: str, context: dict[str, object]) -> str:
    template = get_template(name).template  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def render_message(template: str, context: dict[str, object]) -> Rendered:
    """Renders `{template}_subject.txt`, `{template}.txt` and `{template}.html`. The subject
    is one line (a header cannot hold more); an empty one is refused."""
    subject = " ".join(_plain(f"{template}_subject.txt", context).split())
    if not subject:
        raise ValueError(f"The template {template}_subject.txt renders an empty subject.")
    return Rendered(
        subject=subject,
        text=_plain(f"{template}.txt", context),
        html=get_template(f"{template}.html").render(context),
    )


# A link secret as it sits in a link's path: 32 random bytes in URL-safe base64 (43
# characters), as `portal/links.py` and the calendar feeds make them.
LINK_SECRET_IN_PATH = re.compile(r"/[A-Za-z0-9_-]{43}/")
LINK_REMOVED = "/[link-removed-after-sending]/"


def without_link_secrets(text: str) -> str:
    """The text with every link secret taken out. A sent message's stored copy keeps no
    working link: only the secret's hash is kept anywhere else, so a copy of the database
    (a backup, a report) opens nothing once the email has gone."""
    return LINK_SECRET_IN_PATH.sub(LINK_REMOVED, text)
