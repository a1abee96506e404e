"""The PostgreSQL plans of the hottest records queries, at a clinic with a few thousand
patients, charts, stock movements and tens of thousands of audit rows: the audit trail
(newest page, and filtered by one member of staff), a deep page of a lot's movements, and
the patient search by phone and by name. Each query is the one the selector runs, captured
as it runs, then explained with EXPLAIN ANALYZE. Prints the plans and writes them to
records-queries-<first word of the label>.txt in --out; docs/benchmarks/records-queries.md
keeps a run before and after a change side by side.

    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python -m bench.records_queries
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
PATIENTS, AUDIT_ROWS, APPLICATIONS = 3_000, 60_000, 8_000


def _grow(bench: Any, clinic: Any, rng: random.Random) -> tuple[Any, Any]:
    """More patients and audit rows at the clinic (and at a second clinic, whose rows the
    trail must skip), and an admin who reads the trail."""
    from django.contrib.auth.models import User

    from mesoclinic.audit.actor import Actor
    from mesoclinic.audit.models import AuditEvent
    from mesoclinic.clinics.models import Clinic, Membership, Role
    from mesoclinic.patients.models import Patient

    admin = User.objects.create(username="records.admin")
    Membership.objects.create(user=admin, clinic=clinic, role=Role.ADMIN)
    other = Clinic.objects.create(chain=bench.chain, name="Other clinic")
    user = bench.actor.user
    Patient.objects.bulk_create(
        Patient(
            clinic=clinic,
            given_name=f"Given{n}",
            family_name=f"Family{n % 700}",
            date_of_birth=date(1950, 1, 1) + timedelta(days=n * 7),
            phone=f"+4477009{n:05d}",
            phone_digits=f"4477009{n:05d}",
            created_by=user,
        )
        for n in range(PATIENTS)
    )
    staff = [user, admin]
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=staff[n % 2] if n % 3 else None,
                actor_name=staff[n % 2].username if n % 3 else "someone.else",
                action="read",
                # One row in ten at this clinic: one clinic of a chain of ten.
                clinic_id=other.id if n % 10 else clinic.id,
                patient_id=rng.randint(1, PATIENTS),
                target="patient",
            )
            for n in range(AUDIT_ROWS)
        ),
        batch_size=5_000,
    )
    return Actor(user=admin, via="cli"), Actor(user=user, via="cli")


def _captured(call: Any, table: str) -> list[str]:
    """The SQL statements `call` ran that read a page (51 rows at most) of `table`, or the
    last one that reads it when none reads a page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    found = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    ]
    return [sql for sql in found if sql.endswith("LIMIT 51")] or found[-1:]


def _plan(statements: list[str]) -> str:
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(plans)


def _queries(admin: Any, practitioner: Any, lot_id: int) -> dict[str, list[str]]:
    from mesoclinic.audit.selectors import AuditFilters, audit_trail
    from mesoclinic.formulary.lot_history import access_lot_page
    from mesoclinic.patients.models import Patient
    from mesoclinic.patients.selectors import patient_search

    movements = "formulary_stockmovement"
    first = access_lot_page(practitioner, lot_id)
    second = access_lot_page(practitioner, lot_id, first.older_than)
    page_two = audit_trail(admin, AuditFilters(), audit_trail(admin, AuditFilters()).older_than)
    third = page_two.older_than
    phone = Patient.objects.order_by("-id").values_list("phone", flat=True)[0]
    return {
        "Audit trail, newest page": _captured(
            lambda: audit_trail(admin, AuditFilters()), "audit_auditevent"
        ),
        "Audit trail, third page": _captured(
            lambda: audit_trail(admin, AuditFilters(), third), "audit_auditevent"
        ),
        "Audit trail filtered by one member of staff": _captured(
            lambda: audit_trail(admin, AuditFilters(user_id=practitioner.user.id)),
            "audit_auditevent",
        ),
        "Lot page, third page of movements": _captured(
            lambda: access_lot_page(practitioner, lot_id, second.older_than), movements
        ),
        "Patient search by phone": _captured(
            lambda: patient_search(practitioner, phone), "patients_patient"
        ),
        "Patient search by name": _captured(
            lambda: patient_search(practitioner, "family123"), "patients_patient"
        ),
    }


def run(out_dir: Path, label: str) -> str:
    from django.db import connection

    from bench.recall import ChainSize, _throwaway_database, analyze, build_chain
    from mesoclinic.clinics.models import Clinic
    from mesoclinic.formulary.models import StockMovement

    if connection.vendor != "postgresql":
        raise SystemExit("Run it against PostgreSQL (scripts/with_postgres.py): see above.")
    with _throwaway_database():
        size = ChainSize(applications=APPLICATIONS, lots=8, clinics=1, products_per_clinic=4)
        bench = build_chain(size, name="Records chain")
        clinic = Clinic.objects.get(chain=bench.chain)
        admin, practitioner = _grow(bench, clinic, random.Random(7))
        analyze()
        lot_id = (
            StockMovement.objects.values("lot_id")
            .order_by()
            .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("id"))
            .order_by("-n")[0]["lot_id"]
        )
        plans = {name: _plan(sqls) for name, sqls in _queries(admin, practitioner, lot_id).items()}
        version = connection.pg_version
    lines = [
        f"## {label}",
        "",
        f"PostgreSQL {version // 10000}.{version % 10000}; {PATIENTS:,} more patients, "
        f"{AUDIT_ROWS:,} audit rows (one in ten at this clinic), {APPLICATIONS:,} charted "
        "products and their stock movements.",
        "",
    ]
    for name, plan in plans.items():
        lines += [f"### {name}", "", "```", plan, "```", ""]
    text = "\n".join(lines)
    print(text)
    (out_dir / f"records-queries-{label.split()[0].lower()}.txt").write_text(text, "utf-8")
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.records_queries")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--label", default="After", help="the section's title, e.g. Before")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-")
    os.environ["MESOCLINIC_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    try:
        import django

        django.setup()
        run(args.out, args.label)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
