from tests.courses.conftest import active, course, grade_two, ready, today  # noqa: F401
