"""A source written "seed: ..." in the protocol file is shown with the seed's name."""

from dataclasses import replace

from mesoclinic.planning.presenters import grade_rows, named_source
from mesoclinic.planning.protocol import current_protocol


def test_a_seed_source_names_the_seed_document() -> None:
    protocol = current_protocol()

    shown = named_source(protocol, "seed: 'each session lasts about an hour'")

    assert shown == f"{protocol.seed}: 'each session lasts about an hour'"


def test_other_sources_are_shown_as_written() -> None:
    protocol = current_protocol()

    assert named_source(protocol, "Nürnberger & Müller 1978") == "Nürnberger & Müller 1978"


def test_without_a_seed_citation_the_source_is_shown_as_written() -> None:
    protocol = replace(current_protocol(), seed="")

    assert named_source(protocol, "seed: 'weekly'") == "seed: 'weekly'"


def test_no_grade_row_reads_seed() -> None:
    rows = grade_rows(current_protocol())

    assert not [row for row in rows if row["source"].startswith("seed:")]
    assert any("Arlene Connolly" in row["source"] for row in rows)
