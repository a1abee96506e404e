"""`mesoclinic schedule optimise` as an admin runs it: progress, then greedy beside the
optimiser, the bounds and what is left out; nothing written without --apply; bad input
exits 2 with one line that says what to fix."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from mesoclinic.appointments.calendar import to_wall
from mesoclinic.appointments.models import Appointment, OptimiserRun
from tests.appointments.optimise_helpers import (  # noqa: F401
    SECONDS,
    WEEKS,
    hillcrest_admin,
    night_shift,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def command(clinic, *extra: str, user: str = "riverside.admin") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "schedule", "optimise", "--user", user, "--clinic", str(clinic.id), *extra,
        stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def optimise(clinic, first_day, *extra: str, user: str = "riverside.admin") -> tuple[str, str]:
    search = ("--from", first_day.isoformat(), "--weeks", str(WEEKS), "--time-limit", str(SECONDS))
    return command(clinic, *search, *extra, user=user)


def refused(capsys, *args, search: bool = True, **options) -> str:
    with pytest.raises(SystemExit) as exit_:
        (optimise if search else command)(*args, **options)
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_the_command_prints_greedy_beside_the_optimiser_and_writes_nothing(
    next_week_course, second_course, clinic_admin, colleague, today
):
    out, err = optimise(next_week_course.clinic, today + timedelta(days=1))

    total = next_week_course.sessions_planned + second_course.sessions_planned
    assert "greedy vs optimiser" in out
    assert f"{total} of {total}" in out
    assert "At most placeable, by the flow bound" in out
    assert "Ada Lovelace" in out
    run = OptimiserRun.objects.get()
    assert f"Kept as run {run.id}. Nothing was written" in out
    assert f"--apply {run.id}" in out
    assert "sessions placed" in err
    assert not Appointment.objects.exists()


def test_a_run_kept_from_the_command_shows_its_score_under_its_ceiling_on_its_page(
    next_week_course, second_course, clinic_admin, colleague, today
):
    optimise(next_week_course.clinic, today + timedelta(days=1))

    run = OptimiserRun.objects.get()
    total = next_week_course.sessions_planned + second_course.sessions_planned
    assert run.progress["phase"] == "done"
    assert run.progress["placed"] == total
    assert 0 < run.progress["objective"] <= run.progress["bound"]
    page = client_for(clinic_admin).get(f"/schedule/{run.clinic_id}/optimise/{run.id}/")
    assert f"<dd>{total} of {total}</dd>" in page.content.decode()
    assert f"<dd>{run.progress['objective']:.0f}</dd>" in page.content.decode()


def test_apply_books_exactly_the_kept_proposal_without_searching_again(
    next_week_course, second_course, clinic_admin, colleague, today
):
    shown, _ = optimise(next_week_course.clinic, today + timedelta(days=1), "--json")
    kept = json.loads(shown)

    out, _ = command(next_week_course.clinic, "--apply", str(kept["run"]), "--json")

    answer = json.loads(out)
    total = next_week_course.sessions_planned + second_course.sessions_planned
    assert answer["proposal"] == kept["proposal"]
    assert [(o["booked"], o["refused"]) for o in answer["applied"]] == [
        (len(c["slots"]), "") for c in kept["proposal"]["courses"]
    ]
    assert OptimiserRun.objects.count() == 1
    booked = {
        (a.course_id, a.number): to_wall(a.starts_at, a.clinic).isoformat(timespec="minutes")
        for a in Appointment.objects.all()
    }
    assert len(booked) == total
    assert booked == {
        (c["course_id"], s["number"]): s["start"]
        for c in kept["proposal"]["courses"]
        for s in c["slots"]
    }


def test_apply_says_what_was_written(
    next_week_course, second_course, clinic_admin, colleague, today
):
    optimise(next_week_course.clinic, today + timedelta(days=1))
    run = OptimiserRun.objects.get()

    out, _ = command(next_week_course.clinic, "--apply", str(run.id))

    total = next_week_course.sessions_planned + second_course.sessions_planned
    assert Appointment.objects.count() == total
    assert f"Written: {total} new appointments and 0 booked appointments moved" in out


def test_a_run_is_applied_once(capsys, next_week_course, clinic_admin, colleague, today):
    optimise(next_week_course.clinic, today + timedelta(days=1))
    run = OptimiserRun.objects.get()
    command(next_week_course.clinic, "--apply", str(run.id))

    line = refused(capsys, next_week_course.clinic, "--apply", str(run.id), search=False)

    assert line == "mesoclinic schedule: --apply: This proposal has been applied already."


def test_apply_with_search_options_exits_2(capsys, next_week_course, clinic_admin, today):
    line = refused(capsys, next_week_course.clinic, today + timedelta(days=1), "--apply", "1")

    assert line.startswith("mesoclinic schedule: --apply: books a kept run as it is; leave out")


def test_a_run_of_another_clinic_is_not_found(
    capsys,
    next_week_course,
    clinic_admin,
    hillcrest,
    hillcrest_admin,  # noqa: F811
    colleague,
    today,
):
    optimise(next_week_course.clinic, today + timedelta(days=1))
    run = OptimiserRun.objects.get()

    line = refused(capsys, hillcrest, "--apply", str(run.id), user="hillcrest.admin", search=False)

    assert line == f"mesoclinic schedule: --apply: clinic {hillcrest.id} has no run {run.id}."
    assert not Appointment.objects.exists()


def test_the_json_without_apply_says_nothing_was_applied(
    next_week_course, clinic_admin, colleague, today
):
    out, _ = optimise(next_week_course.clinic, today + timedelta(days=1), "--json")

    answer = json.loads(out)
    assert answer["applied"] is None
    assert answer["proposal"]["bounds"]["requested"] == next_week_course.sessions_planned


@pytest.mark.usefixtures("night_shift")
def test_a_proposal_that_fails_the_check_exits_1_listing_what_it_broke(
    capsys, next_week_course, clinic_admin, today
):
    with pytest.raises(SystemExit) as exit_:
        optimise(next_week_course.clinic, today + timedelta(days=1))

    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "failed the independent check and is not offered" in err
    assert "03:00" in err
    run = OptimiserRun.objects.get()
    assert (run.status, run.result) == ("failed", None)


def test_a_date_that_is_not_a_date_exits_2(capsys, next_week_course, clinic_admin, today):
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "schedule",
            "optimise",
            "--user",
            "riverside.admin",
            "--clinic",
            str(next_week_course.clinic.id),
            "--from",
            "2026-13-40",
            "--weeks",
            "4",
        )

    assert exit_.value.code == 2
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_a_first_day_in_the_past_exits_2(capsys, next_week_course, clinic_admin, today):
    line = refused(capsys, next_week_course.clinic, today - timedelta(days=3))

    assert line.startswith("mesoclinic schedule: --from:")


def test_a_first_day_in_year_9999_exits_2_naming_the_flag(
    capsys, next_week_course, clinic_admin, today
):
    line = refused(capsys, next_week_course.clinic, date(9999, 12, 31))

    assert line == "mesoclinic schedule: --from: Use a date between 1900 and 2100."
    assert not OptimiserRun.objects.exists()


def test_an_unknown_user_exits_2(capsys, next_week_course, today):
    line = refused(capsys, next_week_course.clinic, today + timedelta(days=1), user="nobody")

    assert "--user" in line


@pytest.mark.parametrize("user", ["riverside.practitioner", "hillcrest.admin"])
def test_a_clinic_the_user_does_not_administer_exits_2(
    capsys,
    user,
    next_week_course,
    hillcrest_admin,  # noqa: F811
    today,
):
    line = refused(capsys, next_week_course.clinic, today + timedelta(days=1), user=user)

    assert "--clinic" in line
    assert not Appointment.objects.exists()
