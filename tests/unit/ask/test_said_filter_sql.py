"""The calls where someone said a word no topic or name holds: the bound pattern REGEXP_LIKE (a whole-subject
match in Snowflake) runs with, checked with DuckDB's full-match expressions as the emulator runs it: whole words
only, any letter case, and the word's own dots taken literally."""

import pytest

from include.gong_intel.ask.compile import said_pattern


@pytest.mark.parametrize(
    ("text", "word", "said"),
    [
        ("we looked at HighSpot last year", "highspot", True),
        ("highspot.", "highspot", True),
        ("the highspots we saw", "highspot", False),
        ("revenue.io came up", "revenue.io", True),
        ("revenueXio came up", "revenue.io", False),
        ("our data base", "database", False),
    ],
)
def test_said_pattern_matches_whole_words(text: str, word: str, said: bool) -> None:
    import duckdb

    got = (
        duckdb.connect()
        .execute("SELECT regexp_full_match(lower(?), ?)", [text, said_pattern(word)])
        .fetchone()
    )
    assert got is not None and got[0] is said
