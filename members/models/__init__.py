"""The members area's models, one module per feature's data.

Each model with a foreign key sets ``wagtail_reference_index_ignore``: Wagtail's reference
index serves the admin's "usage" of pages, images and snippets, where members' records
must not be listed (a structure's or a company's usage would name its young people and
volunteers), and every save of an indexed model queues a task to update it (a message
posted, a notification read: work for the worker that nobody reads). Migration
members/0019 removed what the index held of them.
"""

from members.models.accounts import EmailUserManager, User
from members.models.messages import Message, ReadMarker, Report
from members.models.moderation import ModerationLog
from members.models.notifications import Notification
from members.models.onboarding import Consent, Invitation
from members.models.profiles import ProfessionalProfile, YoungPersonProfile
from members.models.requests import HelpRequest, HelpRequestTransition
from members.models.sectors import SearchSynonym, Sector

__all__ = [
    "Consent",
    "EmailUserManager",
    "HelpRequest",
    "HelpRequestTransition",
    "Invitation",
    "Message",
    "ModerationLog",
    "Notification",
    "ProfessionalProfile",
    "ReadMarker",
    "Report",
    "SearchSynonym",
    "Sector",
    "User",
    "YoungPersonProfile",
]
