import pytest

from tests.network.factories import (
    StructureIndexPageFactory,
    VolunteerCallIndexPageFactory,
    VolunteerCallPageFactory,
)


@pytest.fixture
def structure_index(home_page):
    return StructureIndexPageFactory(parent=home_page)


@pytest.fixture
def call_index(home_page):
    return VolunteerCallIndexPageFactory(parent=home_page)


@pytest.fixture
def call(call_index):
    return VolunteerCallPageFactory(parent=call_index)
