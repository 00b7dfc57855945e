"""Permission-matrix rules for a structure's figures page and its exports (issue 16).

The page and the figures' export: the referent and the counsellors, each reading their own
structure (a counsellor of another structure gets their own structure's page, never this
one's: tests/members/impact/test_structure_page.py). The requests' export: counsellors
only, since a referent reads figures, never a request (DESIGN.md).
"""

from tests.members.matrix import OK, Rule

STAFF_OF_A_STRUCTURE = {"counsellor": OK, "referent": OK, "other_structure_counsellor": OK}

IMPACT_STRUCTURE_RULES = {
    "impact": Rule(outcomes=STAFF_OF_A_STRUCTURE),
    "impact-export": Rule(outcomes=STAFF_OF_A_STRUCTURE),
    "impact-requests-export": Rule(outcomes={"counsellor": OK, "other_structure_counsellor": OK}),
}
