"""What the production cache answers while Redis is unreachable belongs to each caller."""

import socket

from config.cache import DegradingRedisCache


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_read_that_failed_answers_with_a_dict_no_other_read_shares():
    cache = DegradingRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2}},
    )
    cards = cache.get_many(["card:1"])
    # What a caller does with the misses: render them and keep them with the hits.
    cards["card:1"] = "<article>another page's card</article>"

    # The next failed read (Redis is skipped for a while now) starts empty.
    assert cache.get_many(["rendition:1"]) == {}
    assert cache.get_many(["card:1"]) == {}
