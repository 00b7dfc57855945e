"""Permission-matrix rules for the network features of the members area (issue 4).

``NETWORK_RULES`` maps each URL name of the ``members`` namespace that the directory,
the requests and the messages add to a :class:`tests.members.matrix.Rule`; the matrix
test (test_permission_matrix.py) merges them into its table, so a new URL without a rule
fails there.
"""

from tests.members.matrix import Rule  # noqa: F401 -- the type of every value below

NETWORK_RULES: dict[str, "Rule"] = {}
