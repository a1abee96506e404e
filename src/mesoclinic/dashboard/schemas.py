"""The dashboard's figures as the API documents them. A suppressed cell has the shape
`{"too_few": true, "text": "too few to say"}` and no number at all."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import Field


class DashboardTooFewOut(Schema):
    too_few: Literal[True]
    text: str


class DashboardShareOut(Schema):
    too_few: Literal[False]
    count: int
    n: int
    percent: float = Field(description="to one decimal")
    low: float = Field(description="Wilson 95 % interval, lower bound, percent")
    high: float = Field(description="Wilson 95 % interval, upper bound, percent")


class DashboardMeanOut(Schema):
    too_few: Literal[False]
    n: int
    mean: float
    low: float | None = Field(description="Student t 95 % interval; null for one value")
    high: float | None


class DashboardRateOut(Schema):
    too_few: Literal[False]
    events: int
    per_100: float = Field(description="events per 100 charted sessions")


class DashboardBarOut(Schema):
    name: str
    booked_minutes: int
    open_minutes: int
    percent: float | None = Field(description="null when nothing was open")


class DashboardUtilisationOut(Schema):
    rooms: list[DashboardBarOut]
    practitioners: list[DashboardBarOut]


class DashboardWeekOut(Schema):
    first_day: date
    last_day: date
    sessions_booked: int
    active_courses: int
    utilisation: DashboardUtilisationOut


class DashboardSessionCountOut(Schema):
    all_time: int
    recent: int


class DashboardEventRateOut(Schema):
    type: str
    label: str
    recent: DashboardRateOut | DashboardTooFewOut
    all_time: DashboardRateOut | DashboardTooFewOut


class DashboardAdverseEventsOut(Schema):
    recent_days: int
    sessions: DashboardSessionCountOut | None
    rows: list[DashboardEventRateOut]


class DashboardEndingsOut(Schema):
    completed: DashboardShareOut | DashboardTooFewOut
    stopped: DashboardShareOut | DashboardTooFewOut


class DashboardGradeSessionsOut(Schema):
    grade: int
    range_low: int | None
    range_high: int | None = Field(description="null: the protocol sets no upper limit")
    sessions: DashboardMeanOut | DashboardTooFewOut
    departs: bool | None = Field(description="the mean lies outside the protocol's range")


class DashboardGradeOutcomeOut(Schema):
    grade: int
    courses: int | None = Field(description="null below the smallest reported group")
    responders: DashboardShareOut | DashboardTooFewOut
    css_change: DashboardMeanOut | DashboardTooFewOut
    circumference_change_cm: DashboardMeanOut | DashboardTooFewOut


class DashboardOutcomesOut(Schema):
    protocol: str
    rule: str = Field(description="the clinic's own responder rule, in words")
    min_report_count: int
    grades: list[DashboardGradeOutcomeOut]


class DashboardFiguresOut(Schema):
    min_report_count: int
    week: DashboardWeekOut
    adverse_events: DashboardAdverseEventsOut
    course_endings: DashboardEndingsOut
    sessions_by_grade: list[DashboardGradeSessionsOut]
    outcomes: DashboardOutcomesOut


class DashboardOut(Schema):
    clinic_id: int
    clinic: str
    computed_at: datetime
    figures: DashboardFiguresOut
    recalls_to_call: int | None = Field(
        description="overdue or due within 30 days, of patients who allow contact; null for "
        "a caller who reads no recalls"
    )
    recalls_not_to_contact: int | None = Field(
        description="overdue or due within 30 days, of patients who have not agreed to be "
        "contacted: never called; null for a caller who reads no recalls"
    )
    flagged_course_ids: list[int] | None = Field(
        description="courses showing no change at their review; null for a chain manager"
    )
