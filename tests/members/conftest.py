"""The people of the members area, as DESIGN.md names them."""

import pytest

from tests.members.factories import (
    CounsellorFactory,
    ModeratorFactory,
    ProfessionalFactory,
    ReferentFactory,
    UserFactory,
    YoungPersonFactory,
    birth_date_for_age,
)
from tests.members.matrix import world_around
from tests.network.factories import StructureFactory


@pytest.fixture
def structure(db):
    return StructureFactory(name="École de la 2e chance de Seine-Saint-Denis")


@pytest.fixture
def other_structure(db):
    return StructureFactory(name="Mission locale de Lyon", postcode="69003", city="Lyon")


@pytest.fixture
def counsellor(structure):
    return CounsellorFactory(structure=structure, email="conseillere@example.org")


@pytest.fixture
def referent(structure):
    return ReferentFactory(structure=structure, email="referente@example.org")


@pytest.fixture
def young_person(structure, counsellor):
    return YoungPersonFactory(
        structure=structure, email="jeune@example.org", profile__counsellor=counsellor
    )


@pytest.fixture
def professional(db):
    return ProfessionalFactory(email="pro@example.org")


@pytest.fixture
def pending_professional(db):
    from members.enums import ReviewStatus

    return ProfessionalFactory(
        email="pro-en-attente@example.org", profile__status=ReviewStatus.PENDING
    )


@pytest.fixture
def other_structure_counsellor(other_structure):
    return CounsellorFactory(structure=other_structure, email="autre-conseiller@example.org")


@pytest.fixture
def outsider(db):
    """Signed in, with no role: a staff editor who has no members area."""
    return UserFactory(email="editeur@example.org", is_staff=True)


@pytest.fixture
def moderator(db):
    return ModeratorFactory(email="moderatrice@example.org")


@pytest.fixture
def request_people(structure, other_structure):
    """A structure that sends requests without validation, its people and those around."""
    structure.requires_validation = False
    structure.save()
    return {
        "young": YoungPersonFactory(structure=structure, email="ines@example.org"),
        "minor": YoungPersonFactory(
            structure=structure,
            email="mineur@example.org",
            profile__birth_date=birth_date_for_age(17),
        ),
        # The professional and the first counsellor read English.
        "pro": ProfessionalFactory(
            email="pro@example.org", language="en", profile__monthly_capacity=20
        ),
        "counsellor": CounsellorFactory(structure=structure, email="c1@example.org", language="en"),
        "colleague": CounsellorFactory(structure=structure, email="c2@example.org"),
        "elsewhere": CounsellorFactory(structure=other_structure, email="c3@example.org"),
        "moderator": ModeratorFactory(email="mod@example.org"),
    }


@pytest.fixture
def company_contact(db):
    """A partner company's contact: their company's figures, nothing of a young person."""
    from members.enums import Role
    from tests.network.factories import CompanyFactory

    return UserFactory(
        role=Role.COMPANY_CONTACT,
        company=CompanyFactory(name="Hexa Conseil"),
        email="contact@hexa-conseil.example.org",
    )


@pytest.fixture
def world(
    structure,
    young_person,
    professional,
    pending_professional,
    counsellor,
    referent,
    other_structure_counsellor,
    moderator,
    outsider,
    company_contact,
):
    """The permission matrix's people and the objects its URLs point at, from the fixtures
    above, so that a module may change one of them (test_young_status_gate.py: a young
    person still waiting). The matrix itself builds them once (test_permission_matrix.py)."""
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
