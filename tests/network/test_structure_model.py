import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from network.departements import departement_from_postcode
from network.enums import StructureKind
from network.models import Structure
from tests.network.factories import StructureFactory

pytestmark = pytest.mark.django_db


def build(**kwargs):
    data = {
        "name": "E2C Seine-Saint-Denis",
        "kind": StructureKind.E2C,
        "postcode": "93200",
        "city": "Saint-Denis",
    }
    data.update(kwargs)
    return Structure(**data)


@pytest.mark.parametrize(
    ("postcode", "expected"),
    [
        ("93200", "93"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20137", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97110", "971"),
        ("97600", "976"),
        ("98000", None),  # Monaco
        ("00100", None),
        ("9320", None),
    ],
)
def test_departement_is_derived_from_postcode(postcode, expected):
    assert departement_from_postcode(postcode) == expected


def test_empty_departement_is_filled_from_postcode_on_clean():
    structure = build(postcode="59000", city="Lille")
    structure.full_clean()
    assert structure.departement == "59"


@pytest.mark.parametrize("postcode", ["9320", "932000", "93 20", "ABCDE", ""])
def test_postcode_must_have_five_digits(postcode):
    with pytest.raises(ValidationError) as excinfo:
        build(postcode=postcode, departement="93").full_clean()
    assert "postcode" in excinfo.value.message_dict


@pytest.mark.parametrize("code", ["20", "00", "96", "977", "2C", "9"])
def test_invalid_departement_code_is_refused(code):
    with pytest.raises(ValidationError) as excinfo:
        build(departement=code).full_clean()
    assert "departement" in excinfo.value.message_dict


@pytest.mark.parametrize("code", ["01", "95", "2A", "2B", "971", "976"])
def test_valid_departement_codes_are_accepted(code):
    build(departement=code).full_clean()


def test_invalid_postcode_gets_one_message_only():
    with pytest.raises(ValidationError) as excinfo:
        build(postcode="123").full_clean()
    assert set(excinfo.value.message_dict) == {"postcode"}


def test_postcode_without_departement_asks_for_one():
    with pytest.raises(ValidationError) as excinfo:
        build(postcode="98000", city="Monaco").full_clean()
    assert "departement" in excinfo.value.message_dict


def test_slug_is_made_from_name_and_kept_unique():
    first = StructureFactory(name="Mission locale de Lille")
    second = StructureFactory(name="Mission locale de Lille")
    assert first.slug == "mission-locale-de-lille"
    assert second.slug == "mission-locale-de-lille-2"


def test_approved_queryset_hides_pending_structures():
    approved = StructureFactory(is_approved=True)
    StructureFactory(is_approved=False)
    assert list(Structure.objects.approved()) == [approved]


def test_description_follows_active_language_with_french_fallback():
    structure = StructureFactory(description="En français", description_en="In English")
    untranslated = StructureFactory(description="Seulement en français", description_en="")
    with translation.override("en"):
        assert structure.localized_description == "In English"
        assert untranslated.localized_description == "Seulement en français"
    with translation.override("fr"):
        assert structure.localized_description == "En français"
