"""Shares with Wilson intervals, means with t intervals, and small cells kept quiet."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mesoclinic.domain.statistics import (
    EXACT_T_UP_TO,
    Mean,
    Share,
    TooFew,
    mean_interval,
    reported_mean,
    reported_share,
    share,
    t_quantile_975,
    wilson_interval,
)

counts = st.integers(min_value=1, max_value=5000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
values = st.lists(
    st.floats(min_value=-100, max_value=100, allow_nan=False), min_size=2, max_size=200
)


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 12.706), (2, 4.303), (5, 2.571), (9, 2.262), (10, 2.228), (29, 2.045), (120, 1.980)],
)
def test_the_t_quantile_matches_the_printed_tables(df, expected):
    assert round(t_quantile_975(df), 3) == expected


def test_the_t_quantile_joins_its_large_sample_expansion_without_a_step():
    exact = t_quantile_975(EXACT_T_UP_TO)
    expanded = t_quantile_975(EXACT_T_UP_TO + 1)
    assert 0 < exact - expanded < 1e-4


def test_the_t_quantile_tends_to_the_normal_one():
    assert round(t_quantile_975(100_000), 3) == 1.960


def test_wilson_interval_of_known_counts():
    # 8 of 10: Wilson gives 0.490 to 0.943 (Brown, Cai & DasGupta's worked form).
    low, high = wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)


def test_no_successes_still_gives_an_upper_bound_above_zero():
    low, high = wilson_interval(0, 10)
    assert low == 0.0
    assert round(high, 3) == 0.278


@given(counts)
def test_a_share_interval_lies_in_zero_to_one_around_its_point(pair):
    count, n = pair
    result = share(count, n)
    assert 0.0 <= result.low <= result.point <= result.high <= 1.0


@given(st.integers(min_value=1, max_value=50), st.integers(min_value=2, max_value=20))
def test_a_share_interval_narrows_as_the_group_grows(count, factor):
    n = 2 * count  # a share of one half, at n and at factor times n
    small, large = share(count, n), share(count * factor, n * factor)
    assert large.high - large.low < small.high - small.low


@given(values)
def test_a_mean_interval_contains_the_mean(sample):
    result = mean_interval(sample)
    assert result.low is not None
    assert result.high is not None
    assert result.low <= result.mean + 1e-9
    assert result.mean <= result.high + 1e-9


def test_a_mean_interval_of_known_values():
    # Ten values 1..10: mean 5.5, sd 3.028, half-width 2.262 * 3.028 / sqrt(10) = 2.166.
    result = mean_interval([float(v) for v in range(1, 11)])
    assert result.mean == 5.5
    assert result.low is not None
    assert result.high is not None
    assert (round(result.low, 2), round(result.high, 2)) == (3.33, 7.67)


def test_one_value_gives_a_mean_without_an_interval():
    assert mean_interval([4.0]) == Mean(n=1, mean=4.0, low=None, high=None)


def test_a_group_below_the_minimum_says_too_few_and_carries_no_number():
    result = reported_share(3, 9, min_count=10)
    assert isinstance(result, TooFew)
    assert vars(result) == {"text": "too few to say"}
    assert isinstance(reported_mean([1.0] * 9, min_count=10), TooFew)


def test_a_group_at_the_minimum_is_reported():
    assert isinstance(reported_share(3, 10, min_count=10), Share)
    assert isinstance(reported_mean([1.0] * 10, min_count=10), Mean)


def test_a_share_refuses_impossible_counts():
    with pytest.raises(ValueError, match="count"):
        share(11, 10)
    assert math.isclose(share(5, 10).point, 0.5)


@given(st.integers(min_value=1, max_value=400))
def test_the_t_quantile_shrinks_towards_the_normal_one_as_freedom_grows(df):
    assert t_quantile_975(df) > t_quantile_975(df + 1) > 1.959963984540054
