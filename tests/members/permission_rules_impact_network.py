"""Permission-matrix rules for the association's figures page and its export (issue 16).

Moderators only: every structure's and every territory's figures, whole (they may see
people). Everyone else is refused, a structure's referent and counsellors included (they
read their own structure's page, members:impact); anonymous visitors are sent to sign in.
"""

from tests.members.matrix import OK, Rule

MODERATORS = {"moderator": OK}

IMPACT_NETWORK_RULES = {
    "impact-network": Rule(outcomes=MODERATORS),
    "impact-network-export": Rule(outcomes=MODERATORS),
}
