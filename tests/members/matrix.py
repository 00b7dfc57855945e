"""The building blocks of the permission matrix (test_permission_matrix.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from members.enums import InvitationKind, ReviewStatus
from tests.members.factories import InvitationFactory, UserFactory, YoungPersonFactory

OK = "ok"  # the page (200)
DONE = "done"  # a POST action went through (a redirect that is not the sign-in page)
LOGIN = "login"  # redirected to sign in
DENY = "deny"  # 403
MISSING = "missing"  # 404: not in the person's scoped queryset
ELSEWHERE = "elsewhere"  # redirected to the place of this kind of person

PEOPLE = [
    "anonymous",
    "young_person",
    "professional",
    "pending_professional",
    "counsellor",
    "referent",
    "other_structure_counsellor",
    "moderator",
    "outsider",
    # A partner company's contact (issue 16): every rule denies them unless it says otherwise.
    "company_contact",
]
SIGNED_IN = [person for person in PEOPLE if person != "anonymous"]


@dataclass
class Rule:
    method: str = "get"
    # Key of the ``world`` object giving the URL's ``pk``, or a function of the world that
    # returns the URL's keyword arguments (it may create what the URL points at).
    target: str | Callable[[dict], dict] | None = None
    outcomes: dict[str, str] = field(default_factory=dict)
    anonymous: str = LOGIN
    # The URL's name when the rule's key is not it: one URL that serves several actions
    # (request-transition) has a rule per action, keyed "<URL name>:<action>".
    url_name: str = ""

    def expected(self, person: str) -> str:
        if person == "anonymous":
            return self.outcomes.get("anonymous", self.anonymous)
        return self.outcomes.get(person, DENY)

    def url(self, key: str, world: dict) -> str:
        """The address the rule ``key`` tests, built from the matrix's ``world``."""
        from django.urls import reverse

        name = f"members:{self.url_name or key}"
        if self.target is None:
            return reverse(name)
        if callable(self.target):
            return reverse(name, kwargs=self.target(world))
        if self.target == "young_invitation_token":
            return reverse(name, kwargs={"token": world[self.target]})
        return reverse(name, kwargs={"pk": world[self.target]})


def everyone(outcome: str, **overrides: str) -> dict[str, str]:
    return dict.fromkeys(SIGNED_IN, outcome) | overrides


def world_around(structure, people: dict) -> dict:
    """The objects the matrix's URLs point at, around its people (one per name of
    ``SIGNED_IN``; the young person, counsellor and referent belong to ``structure``)."""
    young_person = people["young_person"]
    counsellor = people["counsellor"]
    referent = people["referent"]
    young_person.young_profile.is_visible = True
    young_person.young_profile.save()
    _, token = InvitationFactory.issue(structure=structure, invited_by=counsellor)
    applicant = YoungPersonFactory(
        structure=structure, profile__status=ReviewStatus.PENDING, email="candidat@example.org"
    )
    counsellor_invitation, _ = InvitationFactory.issue(
        structure=structure,
        kind=InvitationKind.COUNSELLOR,
        birth_date=None,
        invited_by=referent,
        email="future-conseillere@example.org",
    )
    young_invitation, _ = InvitationFactory.issue(
        structure=structure, invited_by=counsellor, email="futur-jeune@example.org"
    )
    # The second counsellor the referent can deactivate without touching the fixtures'.
    colleague = UserFactory(role="counsellor", structure=structure, email="collegue@example.org")
    return {
        "people": people,
        "young_invitation_token": token,
        "young_profile": young_person.young_profile.pk,
        "applicant": applicant.young_profile.pk,
        "counsellor_invitation": counsellor_invitation.pk,
        "young_invitation": young_invitation.pk,
        "counsellor": colleague.pk,
    }


# The Wagtail admin (permission_rules_admin.py): staff without a member role and moderators.
SETUP = "setup"  # sent to set up the second factor first
KEPT = "kept"  # the POST went through, the guarded values did not change
CHANGED = "changed"  # the POST changed the guarded values

ADMIN_PEOPLE = ["editor", "editor_with_totp", "moderator_without_totp", "moderator"]


@dataclass
class AdminRule:
    # The URL (and the POST data) from the ``admin_world`` of the matrix test.
    url: Callable[[dict], str]
    outcomes: dict[str, str]
    method: str = "get"
    data: Callable[[dict], dict] | None = None
    # For a POST: whether the values the rule guards changed (then CHANGED, else KEPT).
    changed: Callable[[dict], bool] | None = None
