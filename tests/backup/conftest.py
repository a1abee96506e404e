"""The demo chain, built once per test process and copied for each test that needs it."""

from collections.abc import Iterator

import pytest

from tests.backup.instances import Instance, drop_instance, new_instance


@pytest.fixture(scope="session")
def demo_instance(tmp_path_factory) -> Iterator[Instance]:
    instance = new_instance(tmp_path_factory.mktemp("backup-demo"))
    for command in (("migrate", "--noinput"), ("demo",)):
        result = instance.run(*command)
        assert result.returncode == 0, result.stderr
    yield instance
    drop_instance(instance)


@pytest.fixture
def instances(tmp_path) -> Iterator[list[Instance]]:
    """Instances a test creates; dropped (with their databases) when it ends."""
    made: list[Instance] = []
    yield made
    for instance in made:
        drop_instance(instance)


@pytest.fixture
def make_instance(tmp_path, instances):
    def make(template: Instance | None = None) -> Instance:
        instance = new_instance(tmp_path, template)
        instances.append(instance)
        return instance

    return make
