"""`mesoclinic schedule optimise`: the batch optimiser for one clinic, run as one of its
admins. Shows the search's progress, then the proposal beside first-come (greedy) booking
and the bounds, and keeps it as an optimiser run, like the page's. Nothing is written
until `--apply RUN` books exactly that kept proposal (no new search), after checking it
again against the calendar as it is then."""

import argparse
import io
import json
import sys
from datetime import date
from typing import Any, NoReturn

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandParser
from django.http import Http404
from rich.console import Console
from rich.progress import BarColumn, ProgressColumn, Task, TextColumn
from rich.progress import Progress as Bar
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mesoclinic.appointments.models import OptimiserRun
from mesoclinic.appointments.optimiser.apply import Outcome
from mesoclinic.appointments.optimiser.batch import (
    MAX_SECONDS,
    FailedCheck,
    Progress,
    Proposal,
)
from mesoclinic.appointments.optimiser.batch_json import (
    outcomes_as_json,
    proposal_as_json,
    proposal_from_json,
)
from mesoclinic.appointments.optimiser.batch_report import (
    applied_summary,
    bound_rows,
    comparison_rows,
    course_rows,
    outcome_rows,
    unplaced_rows,
)
from mesoclinic.appointments.optimiser.runs import (
    access_optimiser_run,
    optimiser_run_apply,
    optimiser_run_here,
)
from mesoclinic.audit.actor import Actor
from mesoclinic.domain.errors import DomainError

WIDTH = 100
DEFAULT_SECONDS = 60.0
FLAGS = {"first_day": "--from", "weeks": "--weeks", "time_limit": "--time-limit", "run": "--apply"}


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _used(task: Task) -> float:
    limit = float(task.total or 1)
    return limit if task.finished else min(task.elapsed or 0.0, limit)


class ClockBar(BarColumn):
    """Fills with the time used against the time limit: the search improves in steps,
    but the time it may take is known."""

    def render(self, task: Task) -> ProgressBar:
        return ProgressBar(
            total=float(task.total or 1),
            completed=_used(task),
            width=None if self.bar_width is None else max(1, self.bar_width),
            style=self.style,
            complete_style=self.complete_style,
            finished_style=self.finished_style,
            animation_time=task.get_time(),
        )


class ClockColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        used = task.fields.get("spent") or _used(task)
        return Text(f"{used:.1f} s of {task.total or 0:.0f} s")


class Command(BaseCommand):
    help = (
        "Optimise a clinic's calendar: place every open course's sessions still to book "
        "in the weeks given, beside first-come booking and the bounds, and keep the "
        "proposal as a run. Writes nothing until --apply RUN books that run's proposal."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        parser.error = self._fail  # type: ignore[method-assign]
        self._parser = parser
        return parser

    def _fail(self, message: str) -> NoReturn:
        """One line that says what to fix, never a usage dump or a traceback."""
        self._parser.exit(2, f"mesoclinic schedule: {message}\n")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["optimise"])
        parser.add_argument("--user", required=True, help="the clinic admin it runs as")
        parser.add_argument("--clinic", type=_integer, required=True, help="the clinic's id")
        parser.add_argument(
            "--from", dest="first_day", type=_iso_date, metavar="YYYY-MM-DD", help="first day"
        )
        parser.add_argument("--weeks", type=_integer, help="how many weeks")
        parser.add_argument(
            "--time-limit",
            type=_seconds,
            default=None,
            metavar="S",
            help=f"seconds of search, up to {MAX_SECONDS:.0f} (default {DEFAULT_SECONDS:.0f})",
        )
        parser.add_argument(
            "--movable", action="store_true", help="also move sessions booked in these weeks"
        )
        parser.add_argument(
            "--apply",
            type=_integer,
            metavar="RUN",
            help="book the proposal kept as run RUN, exactly as shown (searches nothing)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            self._fail(f"--user: no active user named {options['user']!r}.")
        actor = Actor(user=user, via="cli")
        self._check_options(options)
        outcomes: list[Outcome] | None = None
        try:
            if options["apply"] is None:
                run, proposal = self._propose(actor, options)
            else:
                outcomes = optimiser_run_apply(
                    actor=actor, clinic_id=options["clinic"], run_id=options["apply"]
                )
                run = access_optimiser_run(actor, options["clinic"], options["apply"])
                proposal = proposal_from_json(run.result or {})
        except DomainError as error:
            self._fail(f"{FLAGS.get(error.field, '--' + error.field)}: {error.message}")
        except Http404:
            if options["apply"] is not None:
                self._fail(f"--apply: clinic {options['clinic']} has no run {options['apply']}.")
            self._fail(f"--clinic: {user.username} administers no clinic {options['clinic']}.")
        except FailedCheck as failed:
            lines = [f"  {v}" for v in failed.violations]
            self._parser.exit(1, "\n".join([failed.HEADLINE, *lines, ""]))
        if options["json"]:
            answer = {
                "run": run.id,
                "proposal": proposal_as_json(proposal),
                "applied": outcomes_as_json(outcomes) if outcomes is not None else None,
            }
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_report(run.id, proposal, outcomes), ending="")

    def _check_options(self, options: dict[str, Any]) -> None:
        searching = [FLAGS[f] for f in ("first_day", "weeks", "time_limit") if options[f]]
        searching += ["--movable"] if options["movable"] else []
        if options["apply"] is not None:
            if searching:
                given = ", ".join(searching)
                self._fail(f"--apply: books a kept run as it is; leave out {given}.")
            return
        for field in ("first_day", "weeks"):
            if options[field] is None:
                self._fail(f"{FLAGS[field]}: required to search (or give --apply RUN).")
        if options["time_limit"] is None:
            options["time_limit"] = DEFAULT_SECONDS

    def _propose(self, actor: Actor, options: dict[str, Any]) -> tuple[OptimiserRun, Proposal]:
        err = getattr(self.stderr, "_out", sys.stderr)
        console = Console(file=err, width=WIDTH, highlight=False)
        limit = options["time_limit"]
        with Bar(
            TextColumn("{task.description}"),
            ClockBar(),
            ClockColumn(),
            TextColumn("score {task.fields[objective]:.0f} of at most {task.fields[bound]:.0f}"),
            TextColumn("{task.fields[placed]}/{task.fields[asked]} sessions placed"),
            console=console,
            transient=False,
        ) as bar:
            task = bar.add_task("Searching", total=limit, objective=0, bound=0, placed=0, asked=0)

            def show(p: Progress) -> None:
                if p.phase == "search":
                    bar.update(
                        task, objective=p.objective, bound=p.bound, placed=p.placed, asked=p.total
                    )
                elif p.phase == "bounds":
                    bar.update(task, description="Bounds", completed=limit)
                else:
                    bar.update(
                        task, description="Done", completed=limit, placed=p.placed, spent=p.elapsed
                    )

            return optimiser_run_here(
                actor=actor,
                clinic_id=options["clinic"],
                first_day=options["first_day"],
                weeks=options["weeks"],
                time_limit=limit,
                movable=options["movable"],
                progress=show,
            )


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def render_report(run_id: int, proposal: Proposal, outcomes: list[Outcome] | None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDTH, color_system=None, highlight=False)
    if proposal.optimiser.requested:
        compared = _table(
            f"{proposal.first_day} to {proposal.last_day}: greedy vs optimiser",
            "",
            "Greedy",
            "Optimiser",
        )
        for row in comparison_rows(proposal):
            compared.add_row(row.label, row.greedy, row.optimiser)
        console.print(compared)
    else:
        console.print("No new sessions are due in these weeks.")
    limits = _table("Bounds and search", "", "")
    for label, value in bound_rows(proposal):
        limits.add_row(label, value)
    console.print(limits)
    if proposal.courses:
        courses = _table("Proposed", "Course", "Sessions", "From", "To", "Practitioners")
        for course in course_rows(proposal):
            first, last = course.visits[0], course.visits[-1]
            numbers = (
                f"{first.number}-{last.number}" if len(course.visits) > 1 else str(first.number)
            )
            courses.add_row(
                course.label,
                numbers,
                f"{first.start:%a %d %b %H:%M}",
                f"{last.start:%a %d %b %H:%M}",
                course.practitioners,
            )
        console.print(courses)
    else:
        console.print("Nothing to book or move in these weeks.")
    missing = unplaced_rows(proposal)
    if missing:
        unplaced = _table("Not placed", "Course", "Session", "Why")
        for item in missing:
            unplaced.add_row(item.label, str(item.number), item.reason)
        console.print(unplaced)
    if outcomes is None:
        console.print(
            f"Kept as run {run_id}. Nothing was written: book exactly this proposal with "
            f"--apply {run_id}."
        )
    else:
        applied = _table("Applied", "Course", "Result")
        for outcome in outcome_rows(proposal.clinic_id, outcomes):
            applied.add_row(outcome.label, outcome.result)
        console.print(applied)
        console.print(applied_summary(outcomes))
    return buffer.getvalue()
