"""The web benchmark: the daily pages and API under 1, 10 and 50 logged-in users, with one
server worker and with one per core, on a synthetic clinic 50 times the demo's size, on
PostgreSQL. `make bench-web` runs it and writes docs/benchmarks/web.md and web.json."""
