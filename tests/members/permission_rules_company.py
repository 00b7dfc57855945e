"""Permission-matrix rules for a partner company's contacts (issue 16).

The company's figures page and its export: company contacts only, each reading their own
company (request.user.company, never one from the address: tests/members/impact/
test_company_page.py). Inviting a company's contacts, resending and revoking their
invitations: moderators only. Every other rule of the matrix denies a company contact by
default: they never reach a young person's page, a request or a conversation.
"""

from members.enums import InvitationKind
from tests.members.factories import InvitationFactory
from tests.members.matrix import DONE, OK, Rule


def _company(world: dict) -> dict:
    return {"pk": world["people"]["company_contact"].company_id}


def _company_invitation(world: dict) -> dict:
    """A fresh pending invitation of the contact's company (each rule may revoke it)."""
    invitation, _token = InvitationFactory.issue(
        kind=InvitationKind.COMPANY_CONTACT,
        structure=None,
        company=world["people"]["company_contact"].company,
        birth_date=None,
    )
    return {"pk": invitation.pk}


COMPANY_RULES = {
    "company-figures": Rule(outcomes={"company_contact": OK}),
    "company-figures-export": Rule(outcomes={"company_contact": OK}),
    "company-contacts": Rule(outcomes={"moderator": OK}),
    "company-contact-invite": Rule(target=_company, outcomes={"moderator": OK}),
    "company-contact-invitation-resend": Rule(
        method="post", target=_company_invitation, outcomes={"moderator": DONE}
    ),
    "company-contact-invitation-revoke": Rule(
        method="post", target=_company_invitation, outcomes={"moderator": DONE}
    ),
}
