"""Work done by another database connection, as a concurrent request would."""

import threading

from django.db import connections


def in_thread(function, *args):
    """Run ``function`` on its own connection (committed at once) and return its result."""
    result = {}

    def target():
        try:
            result["value"] = function(*args)
        except Exception as error:  # handed back to the caller
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")
