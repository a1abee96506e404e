import re

from tests.tasks.queue_helpers import run_queue  # noqa: F401


def link_in(email, path_start: str) -> str:
    """The path of the first link in an email's text part that starts with `path_start`."""
    text = email.get_body(preferencelist=("plain",)).get_content()
    found = re.search(r"https://clinic\.example(" + re.escape(path_start) + r"[^\s]+)", text)
    assert found, f"No {path_start} link in: {text}"
    return found.group(1)
