import pytest

from tests.serving.server_process import make_template


@pytest.fixture(scope="session")
def server_template(tmp_path_factory):
    """A migrated SQLite database with one user, copied for each server a test starts."""
    return make_template(tmp_path_factory.mktemp("serving-template"))
