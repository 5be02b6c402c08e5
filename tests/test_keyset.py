"""Page links: one codec for every list that pages (threads, the API, the desk's queues)."""

from datetime import UTC, datetime

import pytest

from app.models.types import MAX_ID
from app.services import keyset
from app.services.keyset import Position


def test_a_position_survives_its_link():
    position = Position(datetime(2026, 3, 1, 12, 30, 5, 123456), 42)

    token = position.encode()

    assert Position.decode(token) == position
    assert token.isascii() and "=" not in token and "/" not in token and "+" not in token


def test_a_link_with_a_time_zone_reads_as_naive_utc():
    token = Position(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), 7).encode()

    assert Position.decode(token) == Position(datetime(2026, 3, 1, 12, 0), 7)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "yesterday",
        "2026-01-01T00:00:00_12",  # the desk's old links
        Position(datetime(2026, 1, 1), 0).encode(),
        Position(datetime(2026, 1, 1), MAX_ID + 1).encode(),
        keyset.encode_offset(10),
        "W10",  # []
        "WyJ4IiwxXQ",  # ["x",1]
        "WyIyMDI2LTAxLTAxIiwiMSJd",  # ["2026-01-01","1"]
        "//8",  # not UTF-8
    ],
)
def test_a_position_we_did_not_issue_is_refused(token):
    with pytest.raises(ValueError, match="not a page position"):
        Position.decode(token)


def test_an_offset_survives_its_link_and_nothing_else_reads_as_one():
    assert keyset.decode_offset(keyset.encode_offset(30)) == 30
    too_long = keyset.encode_offset(10**12)
    arabic_one = "ctmh"  # "r" and U+0661, a digit to str.isdigit() but not ours
    for token in ("", Position(datetime(2026, 1, 1), 1).encode(), too_long, arabic_one):
        with pytest.raises(ValueError, match="not a page position"):
            keyset.decode_offset(token)
