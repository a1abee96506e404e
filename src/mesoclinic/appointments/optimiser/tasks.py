"""The optimiser's background job: a run started from the page is searched by a worker
(`mesoclinic worker`), never in the web process."""

from django_tasks import task

from mesoclinic.appointments.optimiser.execute import optimiser_run_execute


@task(queue_name="optimiser")
def optimiser_run_search(run_id: int, ip: str | None, via: str) -> None:
    # The job carries ids, not the user: the worker reads who started the run from its row.
    optimiser_run_execute(run_id=run_id, ip=ip, via=via)
