"""`mesoclinic plan`: the explained course estimate, as a table or as JSON."""

import argparse
import io
import json
from datetime import date
from textwrap import fill
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from mesoclinic.domain.errors import DomainError, ProtocolError
from mesoclinic.domain.estimate import CourseEstimate, estimate_as_json, estimate_course
from mesoclinic.domain.grading import CSSScore
from mesoclinic.domain.protocol import Protocol
from mesoclinic.planning.inputs import plan_request_from
from mesoclinic.planning.presenters import summary_rows
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.protocols import load_protocol

WIDTH = 100


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _css_items(text: str) -> CSSScore:
    try:
        return CSSScore.parse(text)
    except DomainError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


class Command(BaseCommand):
    help = (
        "Estimate a treatment course from a Nürnberger–Müller grade (and optionally the "
        "Hexsel CSS), with the reasons. An estimate, never a promise of results."
    )
    # The estimate reads only the protocol, and validates it itself. The system checks
    # would import the whole URL configuration (the optimiser, OR-Tools and pandas) and
    # take most of the command's time; `mesoclinic check` runs them.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        # One line that says what to fix, never a usage dump or a traceback.
        def one_line_error(message: str) -> NoReturn:
            parser.exit(2, f"mesoclinic plan: {message}\n")

        parser.error = one_line_error  # type: ignore[method-assign]
        self._parser = parser
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--grade", type=_integer, required=True, help="NM grade 0-3")
        css = parser.add_mutually_exclusive_group()
        css.add_argument(
            "--css",
            type=_css_items,
            metavar="A,B,C,D,E",
            help="Hexsel CSS items A-E, each 0-3 (E is the NM grade)",
        )
        css.add_argument("--css-total", type=_integer, metavar="N", help="Hexsel CSS total 0-15")
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            metavar="AREA[:SIDE]",
            help="protocol body area, e.g. thighs or thighs:left; repeatable",
        )
        parser.add_argument("--cadence", default="weekly", help="weekly or fortnightly")
        parser.add_argument("--expectation", default="modest", help="modest or marked")
        parser.add_argument(
            "--lifestyle",
            action="store_true",
            help="the patient follows an exercise and diet programme",
        )
        parser.add_argument(
            "--start", type=_iso_date, metavar="YYYY-MM-DD", help="first session (default: today)"
        )
        parser.add_argument("--protocol", metavar="FILE", help="a clinic's own protocol file")
        parser.add_argument("--json", action="store_true", help="print the estimate as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            protocol = self._protocol(options["protocol"])
            request = plan_request_from(
                protocol=protocol,
                grade=options["grade"],
                start=options["start"] or timezone.localdate(),
                css=options["css"],
                css_total=options["css_total"],
                areas=options["area"],
                cadence=options["cadence"],
                expectation=options["expectation"],
                lifestyle=options["lifestyle"],
            )
            estimate = estimate_course(request, protocol)
        except (DomainError, ProtocolError) as error:
            self._parser.error(str(error))
        if options["json"]:
            self.stdout.write(json.dumps(estimate_as_json(estimate), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_table(estimate), ending="")

    @staticmethod
    def _protocol(path: str | None) -> Protocol:
        return load_protocol(path) if path else current_protocol()


def render_table(estimate: CourseEstimate) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDTH, color_system=None, highlight=False)
    table = Table(
        title=f"Course estimate ({estimate.protocol_name} {estimate.protocol_version})",
        show_header=False,
        title_justify="left",
    )
    table.add_column(style="bold")
    table.add_column()
    for label, value in summary_rows(estimate):
        table.add_row(label, value)
    console.print(table)
    lines = ["Why:"]
    lines += [
        fill(line, WIDTH, initial_indent="  - ", subsequent_indent="    ")
        for line in estimate.explanation
    ]
    if estimate.dates:
        dates = ", ".join(d.isoformat() for d in estimate.dates)
        lines.append(fill(dates, WIDTH, initial_indent="Planned dates: ", subsequent_indent="  "))
    return buffer.getvalue() + "\n".join(lines) + "\n"
