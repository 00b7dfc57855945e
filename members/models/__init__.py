from members.models.accounts import EmailUserManager, User
from members.models.moderation import ModerationLog
from members.models.onboarding import Consent, Invitation
from members.models.profiles import ProfessionalProfile, YoungPersonProfile
from members.models.requests import HelpRequest, HelpRequestTransition
from members.models.sectors import Sector

__all__ = [
    "Consent",
    "EmailUserManager",
    "HelpRequest",
    "HelpRequestTransition",
    "Invitation",
    "ModerationLog",
    "ProfessionalProfile",
    "Sector",
    "User",
    "YoungPersonProfile",
]
