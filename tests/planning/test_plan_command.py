"""`mesoclinic plan` as a person or a script calls it: a real process, real exit codes."""

import json
import os
import subprocess
import sys

import pytest


def plan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mesoclinic", "plan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )


def plan_json(*args: str) -> dict:
    result = plan(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_grade_two_with_moderate_css_recommends_ten_to_fifteen_weekly_sessions():
    estimate = plan_json("--grade", "2", "--css-total", "8", "--start", "2026-12-07")

    assert estimate["sessions"]["min"] == 10
    assert estimate["sessions"]["max"] == 15
    assert 10 <= estimate["sessions"]["recommended"] <= 15
    assert estimate["cadence_days"] == 7
    assert estimate["session_minutes"] == 60
    assert estimate["dates"][0] == "2026-12-07"
    assert len(estimate["dates"]) == estimate["sessions"]["recommended"]
    assert estimate["first_improvement"] == {"from": "2026-12-21", "to": "2027-01-04"}


def test_grade_two_with_mild_css_needs_three_to_five_sessions():
    estimate = plan_json("--grade", "2", "--css-total", "4")

    assert (estimate["sessions"]["min"], estimate["sessions"]["max"]) == (3, 5)


def test_grade_one_is_one_preventive_session_recalled_yearly():
    estimate = plan_json("--grade", "1")

    assert estimate["sessions"]["recommended"] == 1
    assert estimate["maintenance_interval_days"] == 365


def test_grade_three_is_more_than_twenty_sessions_and_says_the_count_is_uncertain():
    estimate = plan_json("--grade", "3", "--css", "3,3,2,2,3")

    assert estimate["sessions"]["min"] >= 21
    assert estimate["sessions"]["max"] is None
    assert estimate["uncertain"] is True


def test_grade_zero_recommends_no_course():
    estimate = plan_json("--grade", "0")

    assert estimate["sessions"]["recommended"] == 0
    assert estimate["dates"] == []


def test_json_output_has_exactly_the_published_shape():
    estimate = plan_json("--grade", "2", "--css-total", "8", "--cadence", "fortnightly")

    assert list(estimate) == [
        "sessions",
        "cadence_days",
        "session_minutes",
        "dates",
        "first_improvement",
        "maintenance_interval_days",
        "uncertain",
        "explanation",
        "protocol",
    ]
    assert set(estimate["sessions"]) == {"min", "max", "recommended"}
    assert estimate["cadence_days"] == 14
    assert all(isinstance(line, str) for line in estimate["explanation"])
    assert set(estimate["protocol"]) == {"name", "version"}


def test_human_output_is_a_table_with_the_reasons():
    result = plan("--grade", "2", "--css-total", "8", "--area", "thighs", "--expectation", "marked")

    assert result.returncode == 0, result.stderr
    assert "Session range" in result.stdout
    assert "10–15" in result.stdout
    assert "Why:" in result.stdout


@pytest.mark.parametrize(
    ("args", "must_mention"),
    [
        (["--grade", "7"], "grade"),
        (["--grade", "two"], "--grade"),
        (["--grade", "2", "--css", "1,2,4,0,2"], "CSS item C"),
        (["--grade", "2", "--css", "1,2"], "CSS"),
        (["--grade", "2", "--css", "1,1,1,1,3"], "E"),
        (["--grade", "2", "--css-total", "16"], "CSS total"),
        (["--grade", "2", "--start", "2026-13-01"], "YYYY-MM-DD"),
        (["--grade", "2", "--start", "9999-12-31"], "Use a date between 1900 and 2100."),
        (["--grade", "2", "--cadence", "daily"], "weekly or fortnightly"),
        (["--grade", "2", "--area", "elbows"], "thighs"),
        (["--grade", "2", "--expectation", "total"], "'modest' or 'marked'"),
        (["--grade", "2", "--css", "1,1,1,1,2", "--css-total", "6"], "not allowed with"),
        ([], "--grade"),
    ],
)
def test_bad_input_exits_2_with_one_line_that_says_what_to_fix(args, must_mention):
    result = plan(*args)

    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert must_mention in result.stderr


def test_a_broken_clinic_protocol_file_is_refused_with_file_and_line(tmp_path):
    broken = tmp_path / "clinic.toml"
    broken.write_text('[protocol]\nname = "Ours"\nversion = \n')

    result = plan("--grade", "2", "--protocol", str(broken))

    assert result.returncode == 2
    assert f"{broken}:3" in result.stderr
