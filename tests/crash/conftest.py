"""One database prepared per test session (migrated, the dataset written), copied for each
module: migrating and writing a hundred patients' prerequisites costs far more than a copy."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crash import sizes
from tests.crash.live import Probe, Server, clone, on_postgresql, prepared_database


@pytest.fixture(scope="session")
def prepared(tmp_path_factory) -> Iterator[tuple[Path, dict[str, Any]]]:
    # The races run on PostgreSQL only, and need fifty of each.
    races = on_postgresql()
    book = max(sizes.KILLED + 1, sizes.CLIENTS * sizes.RACE_ROUNDS if races else 0)
    args = ["--book", str(book), "--chart", str(book)]
    if races:
        args += ["--tokens", str(sizes.CLIENTS)]
        args += ["--last-ml", str(sizes.LAST_ML), "--scarce-lots", str(sizes.RACE_ROUNDS)]
    with prepared_database(tmp_path_factory.mktemp("prepared"), *args) as found:
        yield found


@pytest.fixture(scope="module")
def site(prepared, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """A copy of the prepared database with a live server on it for one test module, and a
    probe that reads the database between requests."""
    database, data = prepared
    tmp = tmp_path_factory.mktemp("site")
    with clone(database, tmp) as env:
        probe = Probe(env)
        server = Server(env, tmp / "server.log")
        try:
            server.start()
            yield {"env": env, "data": data, "probe": probe, "server": server}
        finally:
            server.kill()
            probe.close()
