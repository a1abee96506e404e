"""On PostgreSQL several workers share one queue: each claims a job with SELECT ... FOR
UPDATE SKIP LOCKED inside its transaction, so no job runs twice and none is left. Two real
`mesoclinic worker` processes, many jobs. PostgreSQL only: it skips on the SQLite run
(where one database file admits one writer at a time) and runs on the PostgreSQL run."""

from collections import Counter

import pytest

from tests.tasks.recording import record_run
from tests.tasks.worker_process import copy_of_test_database, on_postgresql, stop, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgresql(), reason="PostgreSQL only: runs on the PostgreSQL run"),
]

JOBS = 200
# The test's own jobs only: a worker also queues and runs the self-renewing job that sends
# the messages falling due, which must not count as one of these.
FINISHED = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
    "WHERE status = 'SUCCESSFUL' AND jsonb_array_length(worker_ids) = 1 AND task_path = %s"
)


def test_two_workers_share_one_queue_and_run_each_job_exactly_once(tmp_path):
    trace = tmp_path / "runs.txt"
    for number in range(JOBS):
        record_run.enqueue(number=number, path=str(trace))

    with copy_of_test_database() as db:
        workers = [db.start_worker("one"), db.start_worker("two")]
        try:
            wait_for(
                "every job to finish",
                lambda: db.query(FINISHED, record_run.module_path)[0][0] == JOBS,
            )
        finally:
            for worker in workers:
                stop(worker)

    lines = trace.read_text().splitlines()
    numbers = Counter(int(line.split()[0]) for line in lines)
    by_process = Counter(line.split()[1] for line in lines)
    assert sorted(numbers) == list(range(JOBS))
    assert set(numbers.values()) == {1}
    assert len(by_process) == 2, "one worker took every job: the queue was not shared"
