"""The emulator's result cache is bounded by count and by the bytes of the Arrow results it holds."""

from __future__ import annotations

import pyarrow as pa

from local_stack.warehouse import RecentResults


def _result(n_bytes: int) -> tuple:
    table = pa.table({"V": pa.array([b"x" * n_bytes], type=pa.binary())})
    return (table, 1, "SELECT V", None, None)


def test_oldest_results_go_first_past_the_byte_budget():
    cache = RecentResults(keep=64, max_bytes=3_000)
    for key in ("a", "b", "c"):
        cache[key] = _result(900)
    assert list(cache) == ["a", "b", "c"]
    cache["d"] = _result(900)  # 4 x ~908 bytes is past 3,000: "a" goes
    assert list(cache) == ["b", "c", "d"]
    assert cache.nbytes == sum(value[0].nbytes for value in cache.values())


def test_the_count_still_bounds_small_results():
    cache = RecentResults(keep=2, max_bytes=10**9)
    for key in ("a", "b", "c"):
        cache[key] = _result(1)
    assert list(cache) == ["b", "c"]


def test_the_newest_result_is_kept_even_when_it_alone_is_over_the_budget():
    cache = RecentResults(keep=64, max_bytes=100)
    cache["small"] = _result(10)
    cache["huge"] = _result(10_000)
    assert list(cache) == ["huge"]
    assert cache.nbytes == cache["huge"][0].nbytes


def test_storing_a_key_again_replaces_its_size():
    cache = RecentResults(keep=64, max_bytes=10**9)
    cache["a"] = _result(5_000)
    cache["a"] = _result(10)
    assert cache.nbytes == cache["a"][0].nbytes < 100
