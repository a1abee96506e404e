"""The hazard log's evidence is executable: every test it names exists, every hazard names
at least one, the hazards the clinic must consider are all there, and each stated risk
rating agrees with the log's own matrix."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "safety" / "hazard-log.md"

# The hazards a clinic running mesotherapy courses must have weighed, at the least.
REQUIRED_HAZARDS = (
    "Treatment despite a screening stop",
    "Wrong patient charted",
    "Expired or recalled lot used",
    "Another clinic's lot used",
    "Volume over the clinic's limit",
    "Sessions on one area too close together",
    "Adverse event not followed up",
    "Patient told results are guaranteed or side effects absent",
    "Photo or record seen by the wrong clinic or role",
    "Photo leaking location (EXIF)",
    "Double booking",
    "A session booked off its window",
    "Data lost in a crash",
    "A backup that cannot be restored",
    "A calendar program showing the wrong time",
)

SEVERITIES = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOODS = ("Very low", "Low", "Medium", "High", "Very high")

HAZARD = re.compile(r"^### (H-\d{2}) (.+)$", re.MULTILINE)
NODE_ID = re.compile(r"`(tests/[\w/]+\.py(?:::\w+)+(?:\[[^\]`]*\])?)`")
RISK = re.compile(r"\*\*(Initial|Residual) risk:\*\* (\w+) × ([\w ]+?) = (\d)")
MATRIX_ROW = re.compile(r"^\| (\w+) \| (\d) \| (\d) \| (\d) \| (\d) \| (\d) \|$", re.MULTILINE)


def hazards() -> dict[str, tuple[str, str]]:
    """Each hazard's id: (title, its section of the log)."""
    text = LOG.read_text(encoding="utf-8")
    found = list(HAZARD.finditer(text))
    ends = [match.start() for match in found[1:]] + [text.index("## How to add a hazard")]
    return {
        match.group(1): (match.group(2), text[match.end() : end])
        for match, end in zip(found, ends, strict=True)
    }


def named_tests() -> list[str]:
    return sorted({node for _, body in hazards().values() for node in NODE_ID.findall(body)})


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def defines(node_id: str) -> bool:
    """Whether the file of a pytest node id defines its test (a module-level function, or a
    method of a class, as `file::Class::test`), parameters in brackets aside."""
    file_part, *names = node_id.split("[", 1)[0].split("::")
    path = ROOT / file_part
    if not path.is_file():
        return False
    scope: list[ast.stmt] = _tree(path).body
    for name in names[:-1]:
        classes = [s for s in scope if isinstance(s, ast.ClassDef) and s.name == name]
        if not classes:
            return False
        scope = classes[0].body
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    return any(isinstance(s, functions) and s.name == names[-1] for s in scope)


@pytest.mark.parametrize("node_id", named_tests())
def test_every_test_the_hazard_log_names_exists(node_id):
    assert defines(node_id), f"{node_id} is named in {LOG.name} but does not exist"


def test_every_hazard_names_at_least_one_test():
    untested = [key for key, (_, body) in hazards().items() if not NODE_ID.search(body)]

    assert untested == []


def test_every_hazard_states_its_cause_effect_and_controls():
    fields = ("**Cause:**", "**Effect on the patient:**", "**Controls:**", "**Tests:**")
    missing = [
        (key, field)
        for key, (_, body) in hazards().items()
        for field in fields
        if field not in body
    ]

    assert missing == []


def test_every_hazard_the_clinic_must_consider_is_in_the_log():
    titles = {title for title, _ in hazards().values()}

    assert [title for title in REQUIRED_HAZARDS if title not in titles] == []


def test_hazard_ids_are_unique_and_in_order():
    ids = HAZARD.findall(LOG.read_text(encoding="utf-8"))

    assert [key for key, _ in ids] == [f"H-{n:02d}" for n in range(1, len(ids) + 1)]


def test_every_hazard_states_both_risks_as_the_matrix_rates_them():
    matrix = {
        row[0]: dict(zip(LIKELIHOODS, map(int, row[1:]), strict=True))
        for row in MATRIX_ROW.findall(LOG.read_text(encoding="utf-8"))
    }
    assert set(matrix) == set(SEVERITIES)
    for key, (_, body) in hazards().items():
        risks = RISK.findall(body)
        assert [kind for kind, *_ in risks] == ["Initial", "Residual"], key
        for kind, severity, likelihood, rating in risks:
            assert matrix[severity][likelihood] == int(rating), f"{key} {kind.lower()} risk"


def test_the_check_finds_a_missing_test_a_missing_class_and_a_parametrised_one():
    here = "tests/safety/test_hazard_log.py"

    assert defines(f"{here}::test_every_hazard_names_at_least_one_test")
    assert defines(f"{here}::test_every_test_the_hazard_log_names_exists[some-id]")
    assert not defines(f"{here}::test_that_was_never_written")
    assert not defines(f"{here}::NoSuchClass::test_every_hazard_names_at_least_one_test")
    assert not defines("tests/safety/no_such_file.py::test_anything")
