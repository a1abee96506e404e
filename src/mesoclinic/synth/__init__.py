"""Synthetic clinics at size, for benchmarks: written with bulk inserts but following the
project's rules (see `mesoclinic synth --help`). Bump VERSION whenever the rows it makes
change, so cached benchmark databases keyed by it are made again."""

VERSION = "4"
