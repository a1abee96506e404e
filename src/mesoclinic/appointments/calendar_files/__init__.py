"""Calendar files read by calendar programs: a practitioner's feed and a course's .ics."""
