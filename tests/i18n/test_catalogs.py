"""The gettext catalogs: the English one is complete, plurals and placeholders are sound,
and the compiled catalogs are the ones the site actually serves."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGS = {
    "en": LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po",
    "fr": LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po",
}
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
}
# Python %-style (named or not), str.format fields and HTML tags must survive translation.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*(?:![rsa])?(?::[^{}]*)?\}|</?\w+[^>]*>")


def load(language):
    return polib.pofile(str(CATALOGS[language]))


def live_entries(catalog):
    return [entry for entry in catalog if not entry.obsolete]


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def where(entry):
    return " ".join(f"{path}:{line}" for path, line in entry.occurrences) or entry.msgid


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def catalog(request):
    return request.param, load(request.param)


def test_every_english_entry_is_translated_and_not_fuzzy():
    entries = live_entries(load("en"))
    assert entries, "the English catalog is empty: run `make messages`"
    untranslated = [where(e) for e in entries if not e.translated()]
    fuzzy = [where(e) for e in entries if e.fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_catalog_headers_are_not_fuzzy_and_declare_their_plural_forms(catalog):
    language, po = catalog
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[language]


def test_every_plural_entry_has_all_its_forms(catalog):
    language, po = catalog
    plurals = [e for e in live_entries(po) if e.msgid_plural]
    assert plurals, "no plural entry: the template plurals went missing"
    incomplete = [
        where(e)
        for e in plurals
        if sorted(e.msgstr_plural) != [0, 1] or not all(e.msgstr_plural.values())
    ]
    assert incomplete == []


def test_french_catalog_keeps_the_french_msgids():
    # msgids are French: a French msgstr is either empty (the msgid is shown) or the same.
    entries = live_entries(load("fr"))
    different = [where(e) for e in entries if not e.msgid_plural and e.msgstr not in ("", e.msgid)]
    plurals_changed = [
        where(e)
        for e in entries
        if e.msgid_plural and (e.msgstr_plural[0], e.msgstr_plural[1]) != (e.msgid, e.msgid_plural)
    ]
    assert different == []
    assert plurals_changed == []


def test_each_translation_keeps_the_placeholders_of_its_msgid(catalog):
    language, po = catalog
    mismatches = []
    for entry in live_entries(po):
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural.get(0, ""))]
            pairs += [(entry.msgid_plural, s) for i, s in entry.msgstr_plural.items() if i > 0]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translated in pairs:
            if translated and placeholders(source) != placeholders(translated):
                mismatches.append(f"{where(entry)}: {source!r} -> {translated!r}")
    assert mismatches == []


def test_catalogs_only_hold_the_project_strings(catalog):
    # makemessages must skip the virtualenv, node_modules and the tests.
    language, po = catalog
    foreign = sorted(
        {
            path
            for entry in live_entries(po)
            for path, _line in entry.occurrences
            if path.split("/")[0] in {".venv", "node_modules", "tests", "media", "staticfiles"}
        }
    )
    assert foreign == []


def test_compiled_catalogs_match_their_sources(catalog):
    language, po = catalog
    mo_path = CATALOGS[language].with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make install`"
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo_path)) if e.msgid}
    expected = {(e.msgctxt, e.msgid): e for e in po.translated_entries()}
    assert compiled.keys() == expected.keys(), (
        f"{mo_path.name} is out of date: run `manage.py compile_translations`"
    )


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("fr", 0, "0 structure trouvée"),
        ("fr", 1, "1 structure trouvée"),
        ("fr", 2, "2 structures trouvées"),
        ("en", 0, "0 organisations found"),
        ("en", 1, "1 organisation found"),
        ("en", 2, "2 organisations found"),
    ],
)
def test_plurals_follow_each_language_rule(language, count, expected):
    with translation.override(language):
        text = translation.ngettext(
            "%(counter)s structure trouvée", "%(counter)s structures trouvées", count
        ) % {"counter": count}
    assert text == expected


@pytest.fixture
def published_english_home(english_home_page):
    english_home_page.save_revision().publish()
    english_home_page.refresh_from_db()
    return english_home_page


@pytest.fixture
def empty_page_cache():
    # Anonymous pages are cached; start and end each rendering test with nothing cached.
    cache.clear()
    yield
    cache.clear()


@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_english_pages_show_the_english_interface(
    client, home_page, published_english_home, empty_page_cache
):
    english = client.get("/en/").content.decode()
    french = client.get("/fr/").content.decode()
    assert '<a class="skip-link" href="#contenu">Skip to content</a>' in english
    assert "Aller au contenu" not in english
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in french
    assert "Skip to content" not in french
