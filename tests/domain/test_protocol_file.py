"""The protocol file: what the packaged one says, and which mistakes in a clinic's copy are
refused (always with the file, the line to look at and what is wrong)."""

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from mesoclinic.domain.errors import DomainError, ProtocolError
from mesoclinic.domain.protocol import CSSBand, Protocol, parse_protocol
from mesoclinic.protocols import DEFAULT_PROTOCOL_PATH, load_protocol

PACKAGED = DEFAULT_PROTOCOL_PATH.read_text(encoding="utf-8")
BANDS_RULE = "the bands must cover CSS totals 1–15 with no gaps or overlaps"


def line_number(snippet: str) -> int:
    assert PACKAGED.count(snippet) == 1, f"{snippet!r} must appear once in the packaged file"
    return PACKAGED[: PACKAGED.index(snippet)].count("\n") + 1


def clinic_copy(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The packaged file with one change, and the line where the change was made."""
    line = line_number(old)
    path = tmp_path / "clinic.toml"
    path.write_text(PACKAGED.replace(old, new), encoding="utf-8")
    return path, line


def refusal(path: Path) -> str:
    with pytest.raises(ProtocolError) as refused:
        load_protocol(path)
    return str(refused.value)


def tables_holding_numbers(table: dict[str, object], path: str = "") -> Iterator[str]:
    for key, value in table.items():
        if isinstance(value, dict):
            yield from tables_holding_numbers(value, f"{path}.{key}" if path else key)
    if any(isinstance(v, int | float) and not isinstance(v, bool) for v in table.values()):
        yield path


# -- the packaged protocol -------------------------------------------------------------------


def test_the_packaged_protocol_loads_with_the_seed_defaults(protocol: Protocol) -> None:
    assert protocol.name == "Mesotherapy for cellulite"
    assert protocol.session_minutes == 60
    assert protocol.cadences == {"weekly": 7, "fortnightly": 14}
    assert protocol.min_interval_days == 7
    assert protocol.first_improvement_days == (14, 28)


def test_the_packaged_protocol_names_the_document_its_seed_sources_quote(
    protocol: Protocol,
) -> None:
    assert "Arlene Connolly" in protocol.seed
    assert "What Is Mesotherapy Cellulite Reduction?" in protocol.seed


def test_a_clinic_copy_without_the_seed_citation_still_loads(tmp_path: Path) -> None:
    seed_line = next(line for line in PACKAGED.splitlines() if line.startswith("seed = "))
    path, _ = clinic_copy(tmp_path, seed_line, "")

    assert load_protocol(path).seed == ""


def test_a_clinic_can_load_the_packaged_file_by_its_path() -> None:
    assert load_protocol(DEFAULT_PROTOCOL_PATH) == load_protocol(str(DEFAULT_PROTOCOL_PATH))


def test_every_number_in_the_packaged_file_says_where_it_comes_from(protocol: Protocol) -> None:
    holders = list(tables_holding_numbers(tomllib.loads(PACKAGED)))
    assert "grades.2.sessions" in holders
    for holder in holders:
        assert protocol.sources[holder].strip(), holder


def test_the_seed_numbers_cite_the_seed(protocol: Protocol) -> None:
    for key in (
        "session.minutes",
        "cadence_days.weekly",
        "grades.1.sessions",
        "grades.2.sessions",
        "grades.2.sessions_by_css_band.mild",
        "grades.3.sessions",
        "course.first_improvement_days",
    ):
        assert protocol.sources[key].startswith("seed: "), key


def test_clinic_settings_are_labelled_as_such_and_say_why(protocol: Protocol) -> None:
    settings = {
        "grades.2.maintenance_days",
        "grades.3.block_sessions",
        "grades.3.maintenance_days",
        "recommendation.marked_expectation_sessions",
        "recommendation.lifestyle_programme_sessions",
    }
    for key in settings:
        assert protocol.sources[key] == "clinic setting (default)"
        assert protocol.is_clinic_setting(key)
        assert protocol.reasons[key]
    assert not protocol.is_clinic_setting("grades.2.sessions")


def test_css_bands_are_mild_moderate_and_severe_as_commonly_quoted(protocol: Protocol) -> None:
    assert protocol.css_bands == (
        CSSBand("mild", 1, 5),
        CSSBand("moderate", 6, 10),
        CSSBand("severe", 11, 15),
    )
    assert "not confirmed" in protocol.sources["css_bands.mild"]


@pytest.mark.parametrize(
    ("total", "band"), [(1, "mild"), (5, "mild"), (6, "moderate"), (10, "moderate"), (15, "severe")]
)
def test_each_css_total_from_one_falls_in_one_band(
    protocol: Protocol, total: int, band: str
) -> None:
    found = protocol.band_for(total)
    assert found is not None
    assert found.name == band


def test_a_css_total_of_zero_is_in_no_band(protocol: Protocol) -> None:
    assert protocol.band_for(0) is None


def test_grade_rules_follow_the_seed(protocol: Protocol) -> None:
    grades = protocol.grades
    assert [grades[g].kind for g in range(4)] == ["none", "preventive", "treatment", "treatment"]
    assert (grades[0].sessions_min, grades[0].sessions_max) == (0, 0)
    assert (grades[1].sessions_min, grades[1].sessions_max) == (1, 1)
    assert grades[1].maintenance_interval_days == 365
    assert (grades[2].sessions_min, grades[2].sessions_max) == (10, 15)
    mild = grades[2].sessions_by_css_band["mild"]
    assert (mild.low, mild.high) == (3, 5)
    assert (grades[3].sessions_min, grades[3].sessions_max) == (21, None)
    assert grades[3].block_sessions == 10
    assert grades[3].uncertain


def test_body_areas_carry_their_snomed_codes(protocol: Protocol) -> None:
    thighs = protocol.area("thighs")
    assert thighs.sides == ("left", "right")
    assert thighs.snomed == "68367000"
    assert thighs.snomed_by_side == {"left": "61396006", "right": "11207009"}
    abdomen = protocol.area("abdomen")
    assert abdomen.sides == ()
    assert abdomen.snomed == "818983003"
    assert [area.key for area in protocol.body_areas] == [
        "thighs",
        "buttocks",
        "hips",
        "flanks",
        "abdomen",
        "upper_arms",
    ]


def test_looking_up_an_unknown_area_lists_the_known_ones(protocol: Protocol) -> None:
    with pytest.raises(DomainError) as refused:
        protocol.area("knees")
    assert refused.value.field == "area"
    assert "thighs, buttocks, hips, flanks, abdomen, upper_arms" in str(refused.value)


def test_screening_stops_a_course_for_pregnancy_and_asks_sign_off_for_diabetes(
    protocol: Protocol,
) -> None:
    levels = {item.key: item.level for item in protocol.screening_items}
    stops = {key for key, level in levels.items() if level == "stop"}
    assert stops == {
        "pregnancy",
        "breastfeeding",
        "site_infection_or_skin_disease",
        "ingredient_allergy",
        "under_18",
    }
    assert levels["diabetes"] == "caution"
    assert levels["fitzpatrick_4_to_6"] == "caution"
    assert len(levels) == 13
    assert all(item.source for item in protocol.screening_items)


def test_adverse_events_give_day_counts_only_where_the_literature_does(
    protocol: Protocol,
) -> None:
    events = {event.key: event for event in protocol.adverse_events}
    assert events["bruising"].expected_days == (7, 10)
    assert events["redness_swelling"].expected_days == (1, 5)
    assert events["hyperpigmentation"].expected_days is None
    assert "weeks to months" in events["hyperpigmentation"].note
    assert events["nodules_itching"].expected_days is None
    assert events["mycobacterial_infection"].serious
    assert not events["bruising"].serious
    assert {"panniculitis", "ulceration", "necrosis", "scarring"} <= {
        key for key, event in events.items() if event.serious
    }


# -- a clinic's own copy -------------------------------------------------------------------------


def test_a_clinic_copy_with_its_own_setting_is_used(tmp_path: Path) -> None:
    path, _ = clinic_copy(
        tmp_path,
        'block_sessions = { value = 10, source = "clinic setting (default)"',
        'block_sessions = { value = 6, source = "clinic setting (ours)"',
    )
    assert load_protocol(path).grades[3].block_sessions == 6


def test_a_file_that_cannot_be_read_is_named_without_a_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    assert refusal(missing) == f"{missing}: cannot read the file: No such file or directory"


def test_a_file_that_is_not_utf8_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[protocol]\nname = "Nürnberger"\n'.encode("latin-1"))
    assert refusal(path) == f"{path}: cannot read the file: it is not UTF-8 text"


def test_a_toml_syntax_error_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    path, line = clinic_copy(
        tmp_path, 'name = "Mesotherapy for cellulite"', "name = Mesotherapy for cellulite"
    )
    assert refusal(path) == f"{path}:{line}: TOML syntax error: Invalid value at column 8"


def test_a_number_without_a_source_is_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(
        tmp_path,
        "sessions = { min = 10, max = 15, source = \"seed: grade 2 'usually requires 10 to 15 "
        "sessions'\" }",
        "sessions = { min = 10, max = 15 }",
    )
    assert refusal(path) == (
        f'{path}:{line}: grades.2.sessions has no source: add source = "..." saying where its '
        "numbers come from"
    )


def test_a_minimum_above_its_maximum_is_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(
        tmp_path, "sessions = { min = 10, max = 15,", "sessions = { min = 16, max = 15,"
    )
    assert refusal(path) == f"{path}:{line}: grades.2.sessions: min 16 is greater than max 15"


def test_css_bands_with_a_gap_are_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(tmp_path, "moderate = { min = 6,", "moderate = { min = 7,")
    assert (
        refusal(path)
        == f"{path}:{line}: css_bands.moderate starts at 7, leaving 6 in no band; {BANDS_RULE}"
    )


def test_overlapping_css_bands_are_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(tmp_path, "severe = { min = 11,", "severe = { min = 9,")
    assert (
        refusal(path)
        == f"{path}:{line}: css_bands.severe starts at 9, overlapping the band below; {BANDS_RULE}"
    )


def test_css_bands_that_stop_short_of_fifteen_are_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(
        tmp_path, "severe = { min = 11, max = 15,", "severe = { min = 11, max = 14,"
    )
    assert refusal(path) == f"{path}:{line}: css_bands.severe ends at 14; {BANDS_RULE}"


def test_an_unknown_screening_level_is_refused(tmp_path: Path) -> None:
    old = 'label = "Pregnant"\nlevel = "stop"'
    path, line = clinic_copy(tmp_path, old, 'label = "Pregnant"\nlevel = "halt"')
    assert refusal(path) == (
        f'{path}:{line + 1}: screening.pregnancy.level must be "stop" or "caution", not "halt"'
    )


def test_a_cadence_shorter_than_the_minimum_interval_is_refused(tmp_path: Path) -> None:
    old = "fortnightly = { value = 14"
    path, line = clinic_copy(tmp_path, old, 'twice_weekly = { value = 3, source = "ours" }\n' + old)
    assert refusal(path) == (
        f"{path}:{line}: cadence_days.twice_weekly is 3 days, shorter than "
        "course.min_interval_days (7)"
    )


def test_a_misspelt_key_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    path, line = clinic_copy(
        tmp_path, "sessions = { min = 10, max = 15,", "sessions = { min = 10, mx = 15,"
    )
    assert refusal(path) == (
        f"{path}:{line}: unknown key 'mx' in grades.2.sessions; expected: source, why, min, max"
    )


def test_an_unknown_key_in_a_table_is_refused_naming_the_expected_keys(tmp_path: Path) -> None:
    old = 'description = "dimpling visible standing, gone lying down"'
    path, line = clinic_copy(tmp_path, old, old + '\nsesions_note = "typo"')
    assert refusal(path) == (
        f"{path}:{line + 1}: unknown key 'sesions_note' in grades.2; expected: kind, description, "
        "sessions, sessions_by_css_band, block_sessions, maintenance_days, uncertain"
    )


def test_a_missing_required_key_is_reported_at_its_table(tmp_path: Path) -> None:
    path, _ = clinic_copy(tmp_path, '[grades.2]\nkind = "treatment"\n', "[grades.2]\n")
    assert refusal(path) == f"{path}:{line_number('[grades.2]')}: grades.2 is missing 'kind'"


def test_text_where_a_number_belongs_is_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(tmp_path, "minutes = { value = 60,", 'minutes = { value = "60",')
    assert refusal(path) == f"{path}:{line}: session.minutes.value must be a whole number, not text"


def test_a_clinic_setting_without_a_reason_is_refused(tmp_path: Path) -> None:
    old = 'marked_expectation_sessions = { value = 1, source = "clinic setting (default)", why = "'
    start = PACKAGED.index(old)
    end = PACKAGED.index("\n", start)
    path, line = clinic_copy(
        tmp_path,
        PACKAGED[start:end],
        'marked_expectation_sessions = { value = 2, source = "clinic setting" }',
    )
    assert refusal(path) == (
        f"{path}:{line}: recommendation.marked_expectation_sessions is a clinic setting: "
        'add why = "..." saying why this value was chosen'
    )


def test_a_worse_grade_planned_fewer_sessions_is_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(tmp_path, "sessions = { min = 21,", "sessions = { min = 12, max = 14,")
    assert refusal(path) == (
        f"{path}:{line}: grades.3 could be planned 12 sessions, fewer than grade 2's 15; "
        "a worse grade must never get fewer sessions"
    )


def test_a_higher_css_band_planned_fewer_sessions_is_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(tmp_path, "mild = { min = 3, max = 5,", "mild = { min = 3, max = 12,")
    assert refusal(path) == (
        f"{path}:{line}: grades.2: the moderate CSS band could be planned 10 sessions, fewer "
        "than the mild band's 12; a higher CSS band must never get fewer sessions"
    )


def test_a_grade_that_is_not_on_the_nm_scale_is_refused(tmp_path: Path) -> None:
    path, line = clinic_copy(tmp_path, "[grades.3]", "[grades.4]")
    assert refusal(path) == f"{path}:{line}: grades.4 is not an NM grade; grades are 0, 1, 2 and 3"


def test_an_open_ended_range_without_a_block_size_is_refused(tmp_path: Path) -> None:
    start = PACKAGED.index("block_sessions = {")
    block_line = PACKAGED[start : PACKAGED.index("\n", start) + 1]
    path, _ = clinic_copy(tmp_path, block_line, "")
    assert refusal(path) == (
        f"{path}:{line_number('sessions = { min = 21,')}: grades.3.sessions has no max, so "
        "grades.3 needs block_sessions: an open-ended course is planned one block at a time"
    )


def test_an_adverse_event_duration_without_a_source_is_refused(tmp_path: Path) -> None:
    start = PACKAGED.index("expected_days = { min = 7, max = 10,")
    old = PACKAGED[start : PACKAGED.index("\n", start)]
    path, line = clinic_copy(tmp_path, old, "expected_days = { min = 7, max = 10 }")
    assert refusal(path) == (
        f'{path}:{line}: adverse_events.bruising.expected_days has no source: add source = "..." '
        "saying where its numbers come from"
    )


def test_a_missing_grade_is_refused(tmp_path: Path) -> None:
    start = PACKAGED.index("[grades.0]")
    end = PACKAGED.index("[grades.1]")
    path, line = clinic_copy(tmp_path, PACKAGED[start:end], "")
    assert refusal(path) == (f"{path}:{line}: grades is missing grade 0: add a [grades.0] table")


def test_a_missing_section_is_refused_without_a_line(tmp_path: Path) -> None:
    start = PACKAGED.index("[session]")
    path, _ = clinic_copy(tmp_path, PACKAGED[start : PACKAGED.index("[course]")], "")
    assert refusal(path) == f"{path}: missing table [session]"


def test_parsing_needs_no_file_and_names_the_given_path() -> None:
    with pytest.raises(ProtocolError) as refused:
        parse_protocol('[protocol]\nname = "x"\nversion = ', "clinic.toml")
    error = refused.value
    assert (error.path, error.line) == ("clinic.toml", 3)
    assert str(error).startswith("clinic.toml:3: TOML syntax error: ")
