"""A worker killed mid-search (SIGKILL: no handler runs, no last write) leaves its run
without a heartbeat; within the silence limit the run is marked failed with when it
stopped, a new run starts anyway, and a fresh worker completes it. Runs against a real
`mesoclinic worker` process, on SQLite and on PostgreSQL."""

import re
import signal
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from mesoclinic.appointments.models import OptimiserRun, OptimiserRunStatus
from mesoclinic.clinics.clock import clinic_today
from tests.conftest import client_for
from tests.tasks.busy_clinic import seed
from tests.tasks.worker_process import copy_of_test_database, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

SILENCE = 3  # seconds, for the test; a minute in production
RUN = "SELECT status, heartbeat_at, message FROM appointments_optimiserrun WHERE id = %s"
# The optimiser's jobs: a starting worker also queues the job that sends due messages.
JOBS = (
    "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
    " WHERE task_path <> 'mesoclinic.messaging.tasks.messages_due_send' GROUP BY status ORDER BY 1"
)
STOPPED = re.compile(
    r"The worker running this search stopped at \d\d:\d\d \(no sign of life for over "
    r"3 seconds\); nothing was booked\. Start a new run\."
)


def test_a_worker_killed_mid_run_leaves_its_run_failed_and_a_new_run_starts():
    clinic = seed(courses=60)
    page = reverse("appointments:optimise", kwargs={"clinic_id": clinic.id})
    first_day = clinic_today(clinic) + timedelta(days=1)
    admin = client_for(User.objects.get(username="busy.admin"))
    started = admin.post(page, {"first_day": first_day, "weeks": 16, "time_limit": 60})
    assert started.status_code == 302
    run = OptimiserRun.objects.get().id

    with copy_of_test_database(
        WORKER_HEARTBEAT_SECONDS="0.5", WORKER_SILENCE_SECONDS=str(SILENCE)
    ) as db:
        worker = db.start_worker("first")
        try:
            first_beat = wait_for("the run to be claimed", lambda: db.query(RUN, run)[0][1])
            # A beat from the worker's heartbeat thread, after the claim's, while it searches.
            wait_for("a heartbeat while searching", lambda: db.query(RUN, run)[0][1] != first_beat)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            stop(worker, signal.SIGKILL)
        assert db.query(RUN, run)[0][0] == OptimiserRunStatus.RUNNING, "the search had ended"

        # Waiting out the silence limit (the last beat came before the kill): then starting
        # a new run notices the dead one and is not refused for it.
        time.sleep(SILENCE + 0.5)
        output = db.run("-m", "tests.tasks.busy_clinic", "start", str(clinic.id), "1")
        second = int(output.split()[-1])

        status, _, message = db.query(RUN, run)[0]
        assert status == OptimiserRunStatus.FAILED
        assert STOPPED.fullmatch(message), message
        fresh = db.start_worker("fresh")
        try:
            wait_for(
                "the new run to be done",
                lambda: db.query(RUN, second)[0][0] == OptimiserRunStatus.DONE,
                within=120,
            )
        finally:
            assert stop(fresh) == 0  # SIGTERM between jobs: a clean exit
        assert "serving" in db.log("fresh")
        assert db.query(RUN, run)[0][0] == OptimiserRunStatus.FAILED
        # The dead worker's job ended failed with its run, and nothing is left running.
        assert db.query(JOBS) == [("FAILED", 1), ("SUCCESSFUL", 1)]
