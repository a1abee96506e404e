"""Finding the line of a key, so that a mistake the TOML parser accepts can still be shown
at its place in the file."""

from mesoclinic.domain.toml_reader import key_lines, line_of

TEXT = """\
# a comment with key = 1
[course]
min_interval_days = { value = 7, source = "seed" }
note = \"\"\"
weekly = not a key, this is text
\"\"\"
weekly = { value = 7 }

[[band]]
name = "mild"

[[band]]
name = "moderate"

[grades.2.sessions_by_css_band]
"mild" = { min = 3 }
"""


def test_a_key_is_found_in_its_table() -> None:
    assert line_of(key_lines(TEXT), ("course", "min_interval_days")) == 3


def test_text_inside_a_multiline_string_is_not_taken_for_a_key() -> None:
    assert line_of(key_lines(TEXT), ("course", "weekly")) == 7


def test_a_value_inside_an_inline_table_is_found_at_that_table() -> None:
    assert line_of(key_lines(TEXT), ("course", "min_interval_days", "source")) == 3


def test_each_entry_of_an_array_of_tables_has_its_own_line() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, ("band", "0", "name")) == 10
    assert line_of(lines, ("band", "1", "name")) == 13


def test_a_missing_key_is_found_at_the_table_that_should_hold_it() -> None:
    assert line_of(key_lines(TEXT), ("course", "first_improvement_days")) == 2


def test_a_table_implied_by_a_deeper_header_is_found_at_that_header() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, ("grades", "2", "kind")) == 15
    assert line_of(lines, ("grades", "2", "sessions_by_css_band", "mild")) == 16


def test_a_table_that_is_nowhere_in_the_file_has_no_line() -> None:
    assert line_of(key_lines(TEXT), ("session", "minutes")) is None
