"""A message's three parts from the sender's templates. The subject and text part are
plain text: rendered without HTML escaping (a name like O'Brien stays as written); the
HTML part is escaped as any page is."""

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
