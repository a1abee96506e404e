"""The dashboard's background job: stale figures are computed again by a worker, while the
page shows the stored ones with their time."""

from django.utils import timezone
from django_tasks import task


@task()
def figures_refresh_in_background(clinic_id: int) -> None:
    # Imported here: the services queue this job, so they import this module first.
    from mesoclinic.clinics.models import Clinic
    from mesoclinic.dashboard.services import figures_refresh

    figures_refresh(clinic=Clinic.objects.get(pk=clinic_id), now=timezone.now())
