"""Steps the optimiser page tests share: the pages' addresses, the form, a run started
through the page and worked by the queue, and a run's row as a worker would leave it."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from mesoclinic.appointments.models import OptimiserRun
from tests.appointments.optimise_helpers import SECONDS, WEEKS
from tests.tasks.queue_helpers import run_queued_jobs


def url(name: str, run: OptimiserRun | None = None, clinic=None) -> str:
    clinic_id = run.clinic_id if run else clinic.id
    kwargs = {"clinic_id": clinic_id} | ({"run_id": run.id} if run else {})
    return reverse(f"appointments:{name}", kwargs=kwargs)


def form(today, **changes) -> dict[str, object]:
    return {
        "first_day": (today + timedelta(days=1)).isoformat(),
        "weeks": WEEKS,
        "time_limit": SECONDS,
    } | changes


def start(client: Client, clinic, today) -> OptimiserRun:
    answer = client.post(url("optimise", clinic=clinic), form(today))
    assert answer.status_code == 302
    run = OptimiserRun.objects.get()
    assert answer["Location"] == url("optimise_run", run)
    assert run_queued_jobs() == 1
    return run


def queued(clinic, user: User, today, **fields) -> OptimiserRun:
    return OptimiserRun.objects.create(
        clinic=clinic,
        started_by=user,
        first_day=today + timedelta(days=1),
        weeks=4,
        time_limit=30,
        **fields,
    )
