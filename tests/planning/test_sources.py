"""A source written "seed: ..." in the protocol file is shown with the seed's name."""

from dataclasses import replace

from mesoclinic.planning.presenters import named_source
from mesoclinic.planning.protocol import current_protocol
from mesoclinic.planning.protocol_facts import protocol_groups, source_of


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


def test_a_seed_source_after_a_semicolon_names_the_seed_document_too() -> None:
    protocol = current_protocol()

    shown = named_source(protocol, "seed; collagenase trials for the longer course")

    assert shown == f"{protocol.seed}; collagenase trials for the longer course"


def test_a_word_that_merely_starts_with_seed_is_shown_as_written() -> None:
    assert named_source(current_protocol(), "seedling study: 3") == "seedling study: 3"


def test_a_clinic_setting_shows_why_it_was_chosen_instead_of_its_source() -> None:
    protocol = current_protocol()

    shown = source_of(protocol, "course.screening_valid_days")

    assert shown == f"Clinic setting: {protocol.reasons['course.screening_valid_days']}"


def test_every_number_in_the_protocol_file_is_shown_with_its_source() -> None:
    protocol = current_protocol()
    groups = protocol_groups(protocol)

    shown = {key for group in groups for fact in group.facts for key in fact.keys}

    assert shown == set(protocol.sources)
    assert all(fact.sources for group in groups for fact in group.facts)


def test_no_source_on_the_protocol_page_reads_seed_or_default() -> None:
    sources = [
        source
        for group in protocol_groups(current_protocol())
        for fact in group.facts
        for source in fact.sources
    ]

    assert not [s for s in sources if s.lower().startswith(("seed:", "seed;"))]
    assert not [s for s in sources if "(default)" in s]
    assert any("Arlene Connolly" in s for s in sources)
