"""How long a patient document takes to make, at demo size: the treatment plan of the
demo course with the most appointments, the aftercare sheet of its latest chart, and the
progress report of the course with the most charted sessions. Each is timed in its parts
(reading through the selectors, the HTML, WeasyPrint's PDF) against a one-line PDF
printed by WeasyPrint in the same run (the baseline: its fixed cost per document).

`python -m bench.documents` loads the demo chain into a throwaway SQLite database (a
temporary var directory); the developer's database is never opened. The first document
of a process also pays WeasyPrint's import and font set-up: timed once, apart."""

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT_DIR = Path(__file__).resolve().parent.parent / "docs" / "benchmarks"
BASELINE_HTML = "<!doctype html><style>@page { size: A4 }</style><p>One line.</p>"


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "n": len(samples),
        "p50": round(statistics.median(samples), 1),
        "p95": round(_percentile(samples, 0.95), 1),
    }


def _ms(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def _pdf_of_html(html: str) -> bytes:
    from mesoclinic.documents.rendering import pdf_from_html

    return pdf_from_html(html)


def _pages(html: str) -> int:
    from weasyprint import HTML

    return len(HTML(string=html).render().pages)


def time_document(build: Callable[[], Any], repeats: int) -> dict[str, Any]:
    """Read, HTML and PDF times of one document, `repeats` times after one warm-up."""
    from mesoclinic.documents.rendering import document_html, document_pdf

    document_pdf(build())  # warm-up: template compilation, font and layout caches
    read, html_ms, pdf_ms, total = [], [], [], []
    pdf, html = b"", ""
    for _ in range(repeats):
        spent_read, document = _ms(build)
        spent_html, html = _ms(lambda document=document: document_html(document))
        spent_pdf, pdf = _ms(lambda html=html: _pdf_of_html(html))
        read.append(spent_read)
        html_ms.append(spent_html)
        pdf_ms.append(spent_pdf)
        total.append(spent_read + spent_html + spent_pdf)
    return {
        "read_ms": _summary(read),
        "html_ms": _summary(html_ms),
        "pdf_ms": _summary(pdf_ms),
        "total_ms": _summary(total),
        "bytes": len(pdf),
        "pages": _pages(html),
    }


def measure(
    actor: Any, *, plan_course: int, session: int, progress_course: int, repeats: int
) -> dict[str, Any]:
    """Every document and the baseline, timed in this process."""
    from mesoclinic.documents.selectors import (
        aftercare_document,
        plan_document,
        progress_document,
    )

    cold_ms, _ = _ms(lambda: _pdf_of_html(BASELINE_HTML))
    baseline = [_ms(lambda: _pdf_of_html(BASELINE_HTML))[0] for _ in range(max(repeats, 3))]
    documents = {
        "treatment plan": time_document(lambda: plan_document(actor, plan_course), repeats),
        "aftercare sheet": time_document(lambda: aftercare_document(actor, session), repeats),
        "progress report": time_document(
            lambda: progress_document(actor, progress_course), repeats
        ),
    }
    return {
        "first_pdf_of_process_ms": round(cold_ms, 1),
        "baseline_ms": _summary(baseline),
        "documents": documents,
    }


def table(results: dict[str, Any]) -> str:
    base = results["baseline_ms"]["p50"]
    lines = [
        "| document | pages | KiB | read p50 | HTML p50 | PDF p50 | total p50 / p95 (ms) "
        "| total / baseline (p50) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, found in results["documents"].items():
        total = found["total_ms"]
        lines.append(
            f"| {name} | {found['pages']} | {found['bytes'] / 1024:.0f} "
            f"| {found['read_ms']['p50']} | {found['html_ms']['p50']} "
            f"| {found['pdf_ms']['p50']} | {total['p50']} / {total['p95']} "
            f"| {total['p50'] / base:.1f}× |"
        )
    lines.append(
        f"| baseline: one line through WeasyPrint | 1 | – | – | – | {base} | {base} / "
        f"{results['baseline_ms']['p95']} | 1.0× |"
    )
    return "\n".join(lines)


def write(results: dict[str, Any], out_dir: Path, name: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    machine = results["machine"]
    demo = results["demo"]
    text = f"""# Patient documents benchmark

Machine: {machine["cores"]} cores (shared with other work while measured, so p95 is
noisy), Python {machine["python"]}, WeasyPrint {machine["weasyprint"]}.

The demo chain (`mesoclinic demo`) in a throwaway SQLite database, read as a Riverside
practitioner:

- treatment plan: the course with the most appointments ({demo["appointments"]} booked,
  {demo["plan_sessions"]} sessions planned);
- aftercare sheet: the clinic's latest chart;
- progress report: the course with the most charted sessions ({demo["progress_sessions"]}
  sessions, {demo["progress_reassessments"]} reassessments linked to it,
  {demo["report_photos"]} photos with report consent).

Each document was made {results["repeats"]} times after one warm-up. "Read" is the
access-checked, audited reading and the document's context; "HTML" the template; "PDF"
WeasyPrint's layout and writing. Baseline: a one-line A4 page through the same WeasyPrint
call, timed in the same run: the fixed cost of any document.

{table(results)}

The same documents again, after a clinic of nine times the demo's patients (with their
courses, charts and assessments) was added, so the database holds
{results["ten_times"]["patients"]} patients, ten times the demo:

{table(results["ten_times"])}

The first PDF of a process took {results["first_pdf_of_process_ms"]} ms: WeasyPrint's import
and font set-up, paid once per server process (the app imports WeasyPrint only when the
first document is asked for). At these times a document is rendered within the request,
one per request, with no background task.
"""
    (out_dir / f"{name}.md").write_text(text, encoding="utf-8")


def _demo_subjects() -> tuple[Any, dict[str, int], dict[str, int]]:
    """The reader and the records to document, chosen in the demo data."""
    from django.contrib.auth.models import User
    from django.db.models import Count, Q

    from mesoclinic.assessments.gallery import photos_for_report
    from mesoclinic.audit.actor import Actor
    from mesoclinic.charting.models import TreatmentSession
    from mesoclinic.courses.models import Course
    from mesoclinic.patients.models import RecordStatus

    user = User.objects.get(username="riverside.practitioner")
    actor = Actor(user=user, via="cli")
    clinic_id = user.memberships.get().clinic_id
    courses = Course.objects.filter(clinic_id=clinic_id)
    plan = courses.annotate(booked=Count("appointments")).order_by("-booked", "id").first()
    active = Q(sessions__status=RecordStatus.ACTIVE)
    charted = courses.annotate(charted=Count("sessions", filter=active))
    progress = charted.order_by("-charted", "id").first()
    session = (
        TreatmentSession.objects.filter(clinic_id=clinic_id, status=RecordStatus.ACTIVE)
        .order_by("-performed_on", "-id")
        .first()
    )
    if plan is None or progress is None or session is None:
        raise SystemExit("The demo data has no course or chart to document.")
    reassessments = progress.reassessments.count()
    ids = {"plan_course": plan.id, "session": session.id, "progress_course": progress.id}
    demo = {
        "appointments": plan.booked,
        "plan_sessions": plan.sessions_planned,
        "progress_sessions": progress.charted,
        "progress_reassessments": reassessments,
        "report_photos": len(photos_for_report(actor, patient=progress.patient, course=progress)),
    }
    return actor, ids, demo


def _grow_to_ten_times() -> int:
    """Add a clinic holding nine times the demo's patients, with their courses, charts and
    assessments (the dashboard benchmark's generator), so the same documents are read
    from a database ten times the demo's size. Returns the patients in the database."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from bench.dashboard import BenchClinic, grow
    from mesoclinic.patients.models import Patient

    demo_patients = Patient.objects.count()
    with transaction.atomic():
        clinic = BenchClinic("Documents bench", timezone.now())
        grow(clinic, 9 * demo_patients, random.Random(13))
    return Patient.objects.count()


def run(*, quick: bool, out_dir: Path) -> dict[str, Any]:
    var_dir = tempfile.mkdtemp(prefix="mesoclinic-bench-documents-")
    os.environ["MESOCLINIC_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "mesoclinic.settings"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("demo", stdout=io.StringIO())
        actor, ids, demo = _demo_subjects()
        repeats = 3 if quick else 20
        # Measured before anything else imports WeasyPrint, so the first PDF pays it.
        timed = measure(actor, **ids, repeats=repeats)
        grown_to = _grow_to_ten_times()
        at_ten_times = measure(actor, **ids, repeats=repeats)
        import weasyprint

        results = {
            "machine": {
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "weasyprint": weasyprint.__version__,
            },
            "repeats": repeats,
            "demo": demo,
            **timed,
            "ten_times": {"patients": grown_to, **at_ten_times},
        }
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    write(results, out_dir, "documents-quick" if quick else "documents")
    print(table(results))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.documents")
    parser.add_argument("--quick", action="store_true", help="few repetitions, for a smoke run")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    run(quick=args.quick, out_dir=args.out)


if __name__ == "__main__":
    main()
