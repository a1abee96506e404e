"""What every patient document says about results; what none may say is
`mesoclinic.domain.honesty`.

The evidence for mesotherapy in cellulite is limited (a systematic review found no clear
evidence of good efficacy for any cellulite treatment), so a document never promises a
result, and never repeats the claims patients are often sold."""

HONEST_STATEMENT = (
    "Results vary from person to person and are not guaranteed. The evidence for "
    "mesotherapy in cellulite is limited."
)

EVIDENCE = (
    "Studies of mesotherapy for cellulite are few and small, and a review of cellulite "
    "treatments found no clear evidence that any of them works well. Any change usually "
    "shows gradually, if at all; the plan is reviewed with you at each reassessment."
)
