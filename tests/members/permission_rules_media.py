"""Permission-matrix rule for private files of the members area: profile photos.

The photo asked for is the fixture young person's (their profile is visible to
professionals in the matrix's world): they, their structure's counsellor and referent and
moderators get it; professionals see only the limited profile, which never shows the
photo, so they get 404 like a counsellor of another structure (tests/members/
test_avatar_access.py covers every other kind of photo).
"""

from django.core.files.base import ContentFile

from tests.members.matrix import DENY, MISSING, OK, Rule, everyone


def young_person_photo(world: dict) -> dict:
    user = world["people"]["young_person"]
    user.avatar.save("avatar.webp", ContentFile(b"RIFF-photo"))
    return {"pk": user.pk, "name": user.avatar.name.rsplit("/", 1)[-1]}


MEDIA_RULES = {
    "avatar": Rule(
        target=young_person_photo,
        outcomes=everyone(
            MISSING,
            young_person=OK,
            counsellor=OK,
            referent=OK,
            moderator=OK,
            outsider=DENY,
            company_contact=DENY,
        ),
    ),
}
