"""Who may open every URL of the members area (DESIGN.md, "Roles and what each may see").

Default is deny: every URL name of the ``members`` namespace must have a rule below, so a
new URL without one fails ``test_every_members_url_has_a_rule``. Each rule names the
method, the object the URL points at, and the outcome for each person; anyone not listed
gets ``DENY`` (403), and anonymous visitors are sent to sign in unless the rule says
otherwise. A counsellor of another structure asking for this structure's objects gets a
404: the object is looked up in a queryset scoped to them, so its existence never leaks.
"""

import copy

import pytest
from django.urls import get_resolver, reverse
from django.utils import translation

from members.enums import ReviewStatus, Role
from tests.members.factories import (
    CounsellorFactory,
    ModeratorFactory,
    ProfessionalFactory,
    ReferentFactory,
    UserFactory,
    YoungPersonFactory,
)
from tests.members.matrix import (
    DENY,
    DONE,
    ELSEWHERE,
    LOGIN,
    MISSING,
    OK,
    PEOPLE,
    Rule,
    everyone,
    world_around,
)
from tests.module_rows import rows_built_once
from tests.network.factories import CompanyFactory, StructureFactory

pytestmark = pytest.mark.django_db

RULES: dict[str, Rule] = {
    # Anyone signed in; editors without a member role go to the Wagtail admin.
    "dashboard": Rule(outcomes=everyone(OK, outsider=ELSEWHERE)),
    "privacy": Rule(outcomes=everyone(OK)),
    "data-export": Rule(outcomes=everyone(OK)),
    "account-delete": Rule(outcomes=everyone(OK)),
    # Public forms.
    "structure-register": Rule(outcomes=everyone(OK), anonymous=OK),
    "structure-register-done": Rule(outcomes=everyone(OK), anonymous=OK),
    # Applying with a join code creates an account: signed-in people must sign out first.
    "join": Rule(anonymous=OK),
    "join-sent": Rule(outcomes=everyone(OK), anonymous=OK),
    # An invitation is for someone who has no account yet: signed-in people must sign out.
    "invitation-accept": Rule(target="young_invitation_token", anonymous=OK),
    # The referent runs the structure's team and settings.
    "structure-settings": Rule(outcomes={"referent": OK}),
    "structure-join-code-renew": Rule(method="post", outcomes={"referent": DONE}),
    "team": Rule(outcomes={"referent": OK}),
    "team-invite": Rule(method="post", outcomes={"referent": OK}),
    "team-invitation-resend": Rule(
        method="post", target="counsellor_invitation", outcomes={"referent": DONE}
    ),
    "team-invitation-revoke": Rule(
        method="post", target="counsellor_invitation", outcomes={"referent": DONE}
    ),
    "team-member-deactivate-confirm": Rule(target="counsellor", outcomes={"referent": OK}),
    "team-member-deactivate": Rule(method="post", target="counsellor", outcomes={"referent": DONE}),
    "team-member-reactivate": Rule(method="post", target="counsellor", outcomes={"referent": DONE}),
    # Counsellors bring young people in.
    "young-invite": Rule(outcomes={"counsellor": OK, "other_structure_counsellor": OK}),
    "young-invitations": Rule(outcomes={"counsellor": OK, "other_structure_counsellor": OK}),
    "young-invitation-resend": Rule(
        method="post",
        target="young_invitation",
        outcomes={"counsellor": DONE, "other_structure_counsellor": MISSING},
    ),
    "young-invitation-revoke": Rule(
        method="post",
        target="young_invitation",
        outcomes={"counsellor": DONE, "other_structure_counsellor": MISSING},
    ),
    "applicants": Rule(outcomes={"counsellor": OK, "other_structure_counsellor": OK}),
    "applicant-confirm": Rule(
        method="post",
        target="applicant",
        outcomes={"counsellor": DONE, "other_structure_counsellor": MISSING},
    ),
    "applicant-reject": Rule(
        method="post",
        target="applicant",
        outcomes={"counsellor": DONE, "other_structure_counsellor": MISSING},
    ),
    # Own profiles.
    "young-profile": Rule(outcomes={"young_person": OK}),
    "young-profile-edit": Rule(outcomes={"young_person": OK}),
    "pro-profile": Rule(outcomes={"professional": OK, "pending_professional": OK}),
    "pro-profile-edit": Rule(outcomes={"professional": OK, "pending_professional": OK}),
    "my-profile": Rule(
        outcomes={
            "counsellor": OK,
            "referent": OK,
            "other_structure_counsellor": OK,
            "moderator": OK,
        }
    ),
    # A young person's profile: own structure's staff, moderators; professionals only the
    # limited profile of a young person who made it visible.
    "young-people": Rule(
        outcomes={"counsellor": OK, "referent": OK, "other_structure_counsellor": OK}
    ),
    "young-person": Rule(
        target="young_profile",
        outcomes={
            "counsellor": OK,
            "referent": OK,
            "moderator": OK,
            "other_structure_counsellor": MISSING,
        },
    ),
    "young-visibility": Rule(
        method="post",
        target="young_profile",
        outcomes={"counsellor": DONE, "moderator": DONE, "other_structure_counsellor": MISSING},
    ),
    "young-limited-profile": Rule(
        target="young_profile",
        outcomes={
            "young_person": OK,
            "professional": OK,
            "pending_professional": MISSING,
            "counsellor": OK,
            "referent": OK,
            "other_structure_counsellor": MISSING,
            "moderator": OK,
        },
    ),
}


# Features of the network (directory, requests, messages) keep their rules next to their tests.
from tests.members.permission_rules_network import NETWORK_RULES  # noqa: E402

RULES |= NETWORK_RULES

# Private files (profile photos) keep theirs beside the media tests.
from tests.members.permission_rules_media import MEDIA_RULES  # noqa: E402

RULES |= MEDIA_RULES

# A structure's figures and their exports (issue 16).
from tests.members.permission_rules_impact_structure import IMPACT_STRUCTURE_RULES  # noqa: E402

RULES |= IMPACT_STRUCTURE_RULES

# The association's figures and their export, for moderators (issue 16).
from tests.members.permission_rules_impact_network import IMPACT_NETWORK_RULES  # noqa: E402

RULES |= IMPACT_NETWORK_RULES

# A partner company's contacts: their company's figures; inviting them (issue 16).
from tests.members.permission_rules_company import COMPANY_RULES  # noqa: E402

RULES |= COMPANY_RULES


def members_url_names() -> set[str]:
    resolver = get_resolver()
    namespace = resolver.namespace_dict["members"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str)}


def test_every_members_url_has_a_rule():
    ruled = {rule.url_name or key for key, rule in RULES.items()}
    missing = members_url_names() - ruled
    assert not missing, f"URLs without a rule in the permission matrix: {sorted(missing)}"
    assert not ruled - members_url_names(), "rules for URLs that no longer exist"


def test_every_members_view_says_who_may_use_it_or_is_public():
    """A view is either restricted by role_required or one of the listed public pages."""
    public_or_any_member = {
        "dashboard",
        "privacy",
        "data-export",
        "account-delete",
        "structure-register",
        "structure-register-done",
        "join",
        "join-sent",
        "invitation-accept",
    }
    resolver = get_resolver().namespace_dict["members"][1]
    for name in members_url_names() - public_or_any_member:
        view = resolver.reverse_dict.getlist(name)[0]
        callback = next(
            pattern.callback
            for pattern in resolver.url_patterns
            if getattr(pattern, "name", None) == name
        )
        assert getattr(callback, "allowed_roles", None), f"{name} does not declare its roles"
        assert view  # the name resolves


def build_world() -> dict:
    """The people of tests/members/conftest.py, made the same way, and the objects around
    them."""
    structure = StructureFactory(name="École de la 2e chance de Seine-Saint-Denis")
    other_structure = StructureFactory(name="Mission locale de Lyon", postcode="69003", city="Lyon")
    counsellor = CounsellorFactory(structure=structure, email="conseillere@example.org")
    referent = ReferentFactory(structure=structure, email="referente@example.org")
    young_person = YoungPersonFactory(
        structure=structure, email="jeune@example.org", profile__counsellor=counsellor
    )
    professional = ProfessionalFactory(email="pro@example.org")
    pending_professional = ProfessionalFactory(
        email="pro-en-attente@example.org", profile__status=ReviewStatus.PENDING
    )
    other_structure_counsellor = CounsellorFactory(
        structure=other_structure, email="autre-conseiller@example.org"
    )
    moderator = ModeratorFactory(email="moderatrice@example.org")
    outsider = UserFactory(email="editeur@example.org", is_staff=True)
    company_contact = UserFactory(
        role=Role.COMPANY_CONTACT,
        company=CompanyFactory(name="Hexa Conseil"),
        email="contact@hexa-conseil.example.org",
    )
    people = {
        "young_person": young_person,
        "professional": professional,
        "pending_professional": pending_professional,
        "counsellor": counsellor,
        "referent": referent,
        "other_structure_counsellor": other_structure_counsellor,
        "moderator": moderator,
        "outsider": outsider,
        "company_contact": company_contact,
    }
    return world_around(structure, people)


# Built once for the module, each test gets its own copy (tests/module_rows.py).
world_rows = rows_built_once(build_world)


@pytest.fixture
def world(db, world_rows):
    return copy.deepcopy(world_rows)


def outcome_of(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 403:
        return DENY
    if response.status_code == 404:
        return MISSING
    if response.status_code == 302:
        location = response.headers["Location"]
        if location.startswith(reverse("account_login")):
            return LOGIN
        return DONE
    return f"status {response.status_code}"


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", sorted(RULES))
def test_permission_matrix(client, world, name, person):
    rule = RULES[name]
    if person != "anonymous":
        client.force_login(world["people"][person])
    response = getattr(client, rule.method)(rule.url(name, world))
    expected = rule.expected(person)
    actual = outcome_of(response)
    if expected == ELSEWHERE:
        assert actual == DONE, f"{person} on {name}: {actual}"
    elif expected == DONE:
        # A refused action is a 403/404/sign-in; anything else means the action ran.
        assert actual in (DONE, OK), f"{person} on {name}: {actual}"
    else:
        assert actual == expected, f"{person} on {name}: expected {expected}, got {actual}"


@pytest.mark.parametrize("name", sorted(RULES))
def test_anonymous_visitors_meet_the_same_rule_in_english(client, world, name):
    """The same matrix in English addresses (tests/members/test_translated_urls.py)."""
    rule = RULES[name]
    with translation.override("en"):
        url = rule.url(name, world)
    assert url.startswith("/en/members/")
    response = getattr(client, rule.method)(url)
    expected = rule.expected("anonymous")
    if expected == LOGIN:
        assert response.status_code == 302, name
        assert response.headers["Location"].startswith("/en/account/login/?next=/en/members/")
    else:
        assert outcome_of(response) == expected, name
