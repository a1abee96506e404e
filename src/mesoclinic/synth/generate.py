"""The whole synthetic chain, clinic by clinic, in one transaction."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from rich.progress import Progress

from mesoclinic.clinics.models import Chain
from mesoclinic.domain.protocol import Protocol
from mesoclinic.planning.protocol import clinic_protocol_at
from mesoclinic.synth.calendar import Calendar, grid_starts
from mesoclinic.synth.charts import chart_sessions, open_recalls
from mesoclinic.synth.courses import book_appointments, book_courses
from mesoclinic.synth.organisation import (
    SYNTH_PASSWORD,
    chain_name,
    create_chain,
    create_clinic,
    practitioners_for,
    usernames,
)
from mesoclinic.synth.people import assess, create_patients, screen_and_consent
from mesoclinic.synth.reassessments import reassess_completed
from mesoclinic.synth.writer import Writer


class AlreadySynthesised(Exception):
    """The database already holds this seed's chain or its accounts."""


@dataclass(frozen=True)
class Sizes:
    clinics: int
    patients: int  # in all, shared evenly between the clinics
    years: float
    seed: int
    today: date

    def patients_at(self, index: int) -> int:
        share, extra = divmod(self.patients, self.clinics)
        return share + (1 if index < extra else 0)


def refuse_if_present(sizes: Sizes) -> None:
    names = [f"synth{sizes.seed}.manager"] + [
        name
        for index in range(sizes.clinics)
        for name in usernames(sizes.seed, index, practitioners_for(sizes.patients_at(index)))
    ]
    if Chain.objects.filter(name=chain_name(sizes.seed)).exists() or (
        User.objects.filter(username__in=names).exists()
    ):
        raise AlreadySynthesised(
            f"This database already holds synthetic data of seed {sizes.seed} "
            f"({chain_name(sizes.seed)!r} or its accounts): use an empty database or "
            "another --seed."
        )


def synthesise(sizes: Sizes, progress: Progress | None = None) -> dict[str, int]:
    """Writes the chain; returns the rows made per model."""
    refuse_if_present(sizes)
    protocol: Protocol = clinic_protocol_at("")
    first_day = sizes.today - timedelta(days=round(sizes.years * 365))
    w = Writer(progress)
    with transaction.atomic():
        chain, _ = create_chain(sizes.seed)
        password_hash = make_password(SYNTH_PASSWORD)
        for index in range(sizes.clinics):
            rng = random.Random(f"{sizes.seed}:{index}")  # noqa: S311 - synthetic data, not secrets
            count = sizes.patients_at(index)
            clinic = create_clinic(
                chain=chain,
                seed=sizes.seed,
                index=index,
                patients=count,
                first_day=first_day,
                last_day=sizes.today,
                protocol=protocol,
                password_hash=password_hash,
            )
            label = f"clinic {index + 1}/{sizes.clinics}"
            w.phase(f"{label}: patients, screenings, consents", count)
            arrivals = create_patients(clinic, count, first_day, sizes.today, rng, w)
            screen_and_consent(clinic, arrivals, protocol, rng, w)
            assess(clinic, arrivals, protocol, rng, w)
            w.advance(count)
            grid = grid_starts(
                protocol.session_minutes, clinic.clinic.buffer_minutes, clinic.clinic.slot_minutes
            )
            calendar = Calendar(
                practitioners=len(clinic.practitioners),
                rooms=len(clinic.rooms),
                starts=len(grid),
                closed=clinic.closed,
            )
            w.phase(f"{label}: courses", count)
            booked = book_courses(clinic, arrivals, calendar, protocol, sizes.today, rng, w)
            w.phase(f"{label}: appointments", len(booked))
            book_appointments(clinic, booked, grid, protocol.session_minutes, sizes.today, rng, w)
            held = sum(1 for b in booked for row in b.held if row.status == "completed")
            w.phase(f"{label}: charts and stock", held)
            chart_sessions(clinic, booked, protocol, sizes.today, sizes.seed, rng, w)
            open_recalls(clinic, booked, protocol, sizes.today, w)
            reassess_completed(clinic, booked, protocol, rng, w)
            w.flush_audit()
    return w.counts
