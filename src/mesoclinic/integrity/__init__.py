"""The database's invariants, checked by aggregate queries: `find_problems()` lists every
broken one by record id (nothing clinical), for `mesoclinic integrity`, the crash tests
and a restore."""

from mesoclinic.integrity.checks import CHECKS, find_problems
from mesoclinic.integrity.problem import Problem

__all__ = ["CHECKS", "Problem", "find_problems"]
