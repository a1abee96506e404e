"""Booking a course's sessions: the wishes, the plan search, the booking page, and the
options to move or place again one session."""
