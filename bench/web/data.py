"""The benchmark's database on the throwaway PostgreSQL server: the synthetic data is made
once into a template database (or restored from a dump cached in var/bench/, keyed by the
generator's version, the seeds, sizes and reference day), and every server configuration
runs on a fresh copy of it, so both see the same clinic, with the same courses to chart
and to book."""

import glob
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench.web.mix import Pools

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "var" / "bench"


@dataclass(frozen=True)
class Synthesis:
    """What to make: the 50× clinic (seed 1) and a ten-clinic chain (seed 2) beside it."""

    patients: int = 3000
    chain_clinics: int = 10
    chain_patients: int = 3000
    years: float = 2.5
    # The machine's day, as `mesoclinic synth` takes it by default.
    today: date = field(default_factory=date.today)

    def key(self) -> str:
        from mesoclinic.synth import VERSION

        return (
            f"synth-v{VERSION}-p{self.patients}-c{self.chain_clinics}x{self.chain_patients}"
            f"-y{self.years}-{self.today.isoformat()}"
        )


def url_for(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(database_url: str) -> psycopg.Connection:
    return psycopg.connect(url_for(database_url, "postgres"), autocommit=True)


def _pg_tool(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, env=env, check=True)


def template_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/") + "_synth"


def prepare_template(
    database_url: str, sizes: Synthesis, env: dict[str, str], cache: Path = CACHE
) -> str:
    """Makes the template database; returns what was done, for the report."""
    template = template_name(database_url)
    template_url = url_for(database_url, template)
    with _admin(database_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{template}"')
    dump = cache / f"{sizes.key()}.dump"
    env = {**env, "DATABASE_URL": template_url}
    if dump.exists():
        _run([_pg_tool("pg_restore"), "--no-owner", "-j", "2", "-d", template_url, str(dump)], env)
        # Migrations added since the dump was made (an index, say) apply on top of it.
        _run([str(BIN / "mesoclinic"), "migrate", "--noinput", "-v0"], env)
        done = f"restored from {dump.name}"
    else:
        mesoclinic = str(BIN / "mesoclinic")
        _run([mesoclinic, "migrate", "--noinput", "-v0"], env)
        common = ["--years", str(sizes.years), "--today", sizes.today.isoformat()]
        _run(
            [
                mesoclinic,
                "synth",
                "--clinics",
                "1",
                "--patients",
                str(sizes.patients),
                "--seed",
                "1",
                *common,
            ],
            env,
        )
        _run(
            [
                mesoclinic,
                "synth",
                "--clinics",
                str(sizes.chain_clinics),
                "--patients",
                str(sizes.chain_patients),
                "--seed",
                "2",
                *common,
            ],
            env,
        )
        cache.mkdir(parents=True, exist_ok=True)
        partial = dump.with_suffix(".partial")
        _run([_pg_tool("pg_dump"), "-Fc", "-Z", "1", "-f", str(partial), template_url], env)
        partial.rename(dump)
        done = f"synthesised, then cached as {dump.name}"
    with psycopg.connect(template_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return done


def fresh_copy(database_url: str) -> None:
    """The database DATABASE_URL names, made again as a copy of the template."""
    name = urlsplit(database_url).path.lstrip("/")
    with _admin(database_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_name(database_url)}"')


def pools_and_logins(sizes: Synthesis) -> tuple[Pools, list[str], list[str], dict[str, int]]:
    """The ids the users work on at the 50× clinic, its logins, and the sizes made.
    Needs Django set up on the benchmark database."""
    from django.db.models import Exists, OuterRef, Q

    from mesoclinic.appointments.models import Appointment
    from mesoclinic.charting.models import ProductApplication, TreatmentSession
    from mesoclinic.clinics.models import Clinic, Membership, Role
    from mesoclinic.courses.models import Course, CourseState
    from mesoclinic.patients.models import Patient
    from mesoclinic.planning.protocol import clinic_protocol_at
    from mesoclinic.screening.models import Screening
    from mesoclinic.synth.organisation import chain_name

    clinic = Clinic.objects.get(chain__name=chain_name(1))
    courses = Course.objects.filter(clinic=clinic)
    week_ago = sizes.today - timedelta(days=7)
    # Courses a practitioner may chart today: active, last session a week or more ago, and
    # a screening still current (the chart refuses a lapsed one, as it should).
    valid = clinic_protocol_at("").screening_valid_days
    screened = Screening.objects.filter(
        patient=OuterRef("patient"), taken_on__gt=sizes.today - timedelta(days=valid)
    )
    to_chart = courses.filter(Exists(screened), state=CourseState.ACTIVE).filter(
        Q(last_session_on__lte=week_ago) | Q(last_session_on__isnull=True)
    )
    to_book = courses.filter(state=CourseState.PLANNED).exclude(
        id__in=Appointment.objects.filter(clinic=clinic).values("course_id")
    )
    staff = (
        Membership.objects.filter(clinic=clinic).select_related("user").order_by("user__username")
    )
    pools = Pools(
        clinic_id=clinic.id,
        today=sizes.today,
        patients=list(
            Patient.objects.filter(clinic=clinic).order_by("?").values_list("id", flat=True)[:1000]
        ),
        courses=list(courses.order_by("?").values_list("id", flat=True)[:1000]),
        lots=sorted(
            set(
                ProductApplication.objects.filter(lot__clinic=clinic).values_list(
                    "lot_id", flat=True
                )
            )
        ),
        to_chart=sorted(to_chart.values_list("id", flat=True)),
        to_book=sorted(to_book.values_list("id", flat=True)),
    )
    desks = [m.user.username for m in staff if m.role == Role.FRONT_DESK]
    practitioners = [m.user.username for m in staff if m.role == Role.PRACTITIONER]
    made = {
        "clinic_patients": Patient.objects.filter(clinic=clinic).count(),
        "clinic_appointments": Appointment.objects.filter(clinic=clinic).count(),
        "clinic_charted_sessions": TreatmentSession.objects.filter(clinic=clinic).count(),
        "clinic_courses": courses.count(),
        "all_patients": Patient.objects.count(),
        "all_appointments": Appointment.objects.count(),
        "all_charted_sessions": TreatmentSession.objects.count(),
        "clinics": Clinic.objects.count(),
    }
    return pools, desks, practitioners, made


def environ_for(database_url: str, var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "HTTPS_ONLY": "false",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "MESOCLINIC_VAR_DIR": var_dir,
        "SECRET_KEY": "bench-web-secret-key-not-for-production-0123456789",
    }
