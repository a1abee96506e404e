"""How much the crash and race tests do, from the environment: `make test` keeps them to
seconds, `make soak` raises them."""

import os
from decimal import Decimal

# Server kills per crash test, and the requests in flight at each, every one cut at its own
# moment (at most 5: one weekday each, so they do not compete for the same hours).
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "3"))
IN_FLIGHT = min(5, int(os.environ.get("CRASH_IN_FLIGHT", "5")))
KILLED = ROUNDS * IN_FLIGHT
SEED = int(os.environ.get("CRASH_SEED", "20261202"))

# The races: 50 clients at once, RACE_ROUNDS times.
CLIENTS = 50
RACE_ROUNDS = int(os.environ.get("RACE_ROUNDS", "1"))
# Two charts of 0.75 mL fit in each round's 2.00 mL; 0.50 mL is left for the other 48.
LAST_ML = Decimal("2.00")
RACE_DRAW_ML = Decimal("0.75")
