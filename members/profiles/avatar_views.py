"""A profile photo, for those who may see that person (members.avatar_access).

Photos are private files: this view is their only address. Someone who may not see the
person gets a 404, as for any object outside their scoped queryset.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from config.media.views import private_file_response
from members.access import role_required
from members.avatar_access import avatar_file_name, users_whose_avatar_is_visible_to
from members.directory.views import MEMBER_ROLES


@require_safe
@role_required(*MEMBER_ROLES, waiting_young_person=True)
def avatar(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    user = get_object_or_404(
        users_whose_avatar_is_visible_to(request.user).only("pk", "avatar"), pk=pk
    )
    # The URL names the file: an old address stops working when the photo changes.
    if avatar_file_name(user) != name:
        raise Http404
    return private_file_response(user.avatar.storage, user.avatar.name)
