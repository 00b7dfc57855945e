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
