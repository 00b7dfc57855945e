"""The production cache (Redis), made to degrade instead of failing.

With ``IGNORE_EXCEPTIONS`` (settings, "Cache and sessions") django-redis turns an
unreachable server into misses: ``get`` returns the default, ``set`` and ``delete`` do
nothing, and each ignored error is logged on the ``config.cache`` logger. Pages are then
built from the database, slower, and sessions come from the database (``cached_db``).

Two answers need more than django-redis gives:

- What an unreachable server costs. A refused connection costs nothing, but a server
  that drops packets (a network partition, a firewall) costs the connect timeout on every
  call, and a page makes several. Once a call fails to connect, this process skips Redis
  for ``REDIS_RETRY_AFTER_SECONDS`` (a miss at once), then tries again.
- What ``add`` answers (see ``DegradingRedisCache.add``).

``MAX_TIMEOUT`` (an option of ours) caps how long anything stays: the sessions' alias
uses it (see ``DegradingRedisCache.set``).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.cache import RedisCache, omit_exception
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Per process, by server address: until when (time.monotonic) Redis is skipped. Each
# thread has its own cache object (django.core.cache.caches), so this is module-wide.
_skip_until: dict[str, float] = {}

# A connection that cannot be made or a server that does not answer in time; a Redis error
# answer (a wrong type, a full memory) says the server is there.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, TimeoutError)


class _SkippingClient:
    """The django-redis client, skipped while its server is known to be unreachable.

    Every call of the cache goes through ``RedisCache.client``; a call that fails for lack
    of a connection marks the server as unreachable for a while.
    """

    def __init__(self, client: Any, server: str, retry_after: float) -> None:
        self._client = client
        self._server = server
        self._retry_after = retry_after

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            if time.monotonic() < _skip_until.get(self._server, 0.0):
                # The same exception a failed call raises: IGNORE_EXCEPTIONS answers a miss.
                raise ConnectionInterrupted(connection=None) from RedisConnectionError(
                    f"Redis skipped for {self._retry_after:g} s after a failed connection"
                )
            try:
                return attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                if isinstance(error.__cause__, UNREACHABLE):
                    _skip_until[self._server] = time.monotonic() + self._retry_after
                raise

        return call


class DegradingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # Read by this class only (django-redis passes on the options it knows).
        options = params.get("OPTIONS", {})
        self._retry_after = float(options.get("RETRY_AFTER_SECONDS", 5))
        self._max_timeout = options.get("MAX_TIMEOUT")

    @property
    def client(self):
        return _SkippingClient(super().client, self._server, self._retry_after)

    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        """``add`` answers "added" when Redis cannot be reached.

        django-redis would answer None, read as "the key was already there", and callers of
        ``add`` use it as a lock or a once-only marker: allauth's rate limits then spin for
        a second and refuse every sign-in, and allauth's two-factor check refuses every
        code as already used, so no staff member could sign in. Answering "added" lets
        them go on without the lock: rate limits and the code-replay check are off while
        Redis is down; django-axes, which counts failures in the database, still stops
        password guessing.
        """
        return self.client.add(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        """A dict of the caller's own, also when Redis cannot be reached.

        django-redis answers an ignored error with one dict shared by every call
        (``omit_exception(return_value={})``): a caller that fills in what it computed
        (the layout cards of home.templatetags.site_tags) would hand its values to the next
        failed read in the process, which then got another page's cards, and Wagtail's
        renditions a card where it expects a rendition (a 500).
        """
        return dict(super().get_many(*args, **kwargs))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, *args, **kwargs):
        """Kept at most ``MAX_TIMEOUT`` seconds, when the alias has one.

        Sessions (``cached_db``) are cached for as long as they last, two weeks. When one
        instance cannot reach Redis while others can, a sign-out on it deletes the session
        from the database but not from Redis, where the other instances would go on
        reading it: the cap bounds how long such a stale copy can live.
        """
        if self._max_timeout is not None:
            if timeout is DEFAULT_TIMEOUT:
                timeout = self.default_timeout
            timeout = self._max_timeout if timeout is None else min(timeout, self._max_timeout)
        return super().set(key, value, timeout, *args, **kwargs)
