"""Permission-matrix rules for the Wagtail admin: what editors keep, and what only
moderators with a second factor do (issue 13: safeguarding settings of a structure,
exports of personal data, the contact form's messages).

Editors (staff without a member role, in Wagtail's "Editors" group) keep the content:
they edit a structure's description and read the answers to volunteer calls. An editor
who set up a TOTP of their own is still an editor. A moderator without a second factor is
sent to set it up before anything (SETUP); tests/network/test_structure_safeguarding.py,
tests/members/privacy/test_personal_data_exports.py and
tests/home/test_contact_submissions_access.py show that the views refuse them too without
that middleware.
"""

from django.urls import reverse

from tests.members.matrix import CHANGED, DENY, KEPT, OK, SETUP, AdminRule

PIRATE = "pirate@example.org"


def _only_moderators(outcome: str) -> dict[str, str]:
    return {
        "editor": DENY,
        "editor_with_totp": DENY,
        "moderator_without_totp": SETUP,
        "moderator": outcome,
    }


def _structure_edit(world: dict) -> str:
    return reverse("wagtailsnippets_network_structure:edit", args=[world["structure"].pk])


def _structure_form(world: dict, **changes) -> dict:
    structure = world["structure"]
    data = {
        "name": structure.name,
        "slug": structure.slug,
        "kind": structure.kind,
        "address": structure.address,
        "postcode": structure.postcode,
        "city": structure.city,
        "departement": structure.departement,
        "website": structure.website,
        "description": structure.description,
        "description_en": structure.description_en,
        "siret": structure.siret,
        "referent_name": structure.referent_name,
        "referent_email": structure.referent_email,
        "requires_validation": "on",
    }
    return data | changes


def _safeguarding_forged(world: dict) -> dict:
    # Validation switched off (an unticked box is not sent), the referent's address replaced.
    data = _structure_form(world, referent_email=PIRATE)
    del data["requires_validation"]
    return data


def _safeguarding_changed(world: dict) -> bool:
    structure = world["structure"]
    structure.refresh_from_db()
    return not structure.requires_validation or structure.referent_email == PIRATE


def _description_changed(world: dict) -> bool:
    structure = world["structure"]
    structure.refresh_from_db()
    return structure.description == "Nouvelle description."


def _export(url_name: str, export: str = "csv"):
    return lambda world: f"{reverse(url_name)}?export={export}"


def _submissions(world: dict) -> str:
    return reverse("wagtailforms:list_submissions", args=[world["contact"].pk])


ADMIN_RULES: dict[str, AdminRule] = {
    # A structure: editors keep its content, its safeguarding settings are the moderators'.
    "structure-content": AdminRule(
        url=_structure_edit,
        method="post",
        data=lambda world: _structure_form(world, description="Nouvelle description."),
        changed=_description_changed,
        outcomes={
            "editor": CHANGED,
            "editor_with_totp": CHANGED,
            "moderator_without_totp": SETUP,
            "moderator": CHANGED,
        },
    ),
    "structure-safeguarding": AdminRule(
        url=_structure_edit,
        method="post",
        data=_safeguarding_forged,
        changed=_safeguarding_changed,
        outcomes={
            "editor": KEPT,
            "editor_with_totp": KEPT,
            "moderator_without_totp": SETUP,
            "moderator": CHANGED,
        },
    ),
    # Exports of personal data, typed by hand.
    "structures-export-csv": AdminRule(
        url=_export("wagtailsnippets_network_structure:list"), outcomes=_only_moderators(OK)
    ),
    "structures-export-xlsx": AdminRule(
        url=_export("wagtailsnippets_network_structure:list", "xlsx"),
        outcomes=_only_moderators(OK),
    ),
    "professionals-export": AdminRule(
        url=_export("professionals:index"), outcomes=_only_moderators(OK)
    ),
    "young-people-export": AdminRule(
        url=_export("young_people:index"), outcomes=_only_moderators(OK)
    ),
    "volunteer-answers-export": AdminRule(
        url=_export("volunteer_answers:index"), outcomes=_only_moderators(OK)
    ),
    # Editors still follow the answers to their calls, without exporting them.
    "volunteer-answers": AdminRule(
        url=lambda world: reverse("volunteer_answers:index"),
        outcomes={
            "editor": OK,
            "editor_with_totp": OK,
            "moderator_without_totp": SETUP,
            "moderator": OK,
        },
    ),
    # The contact form's messages: read, exported, deleted by moderators only.
    "contact-submissions": AdminRule(url=_submissions, outcomes=_only_moderators(OK)),
    "contact-submissions-export": AdminRule(
        url=lambda world: _submissions(world) + "?export=csv", outcomes=_only_moderators(OK)
    ),
    "contact-submissions-delete": AdminRule(
        url=lambda world: reverse("wagtailforms:delete_submissions", args=[world["contact"].pk])
        + f"?selected-submissions={world['submission'].pk}",
        outcomes=_only_moderators(OK),
    ),
}
