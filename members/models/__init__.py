from members.models.accounts import EmailUserManager, User
from members.models.moderation import ModerationLog
from members.models.onboarding import Consent, Invitation
from members.models.profiles import ProfessionalProfile, YoungPersonProfile
from members.models.sectors import Sector

__all__ = [
    "Consent",
    "EmailUserManager",
    "Invitation",
    "ModerationLog",
    "ProfessionalProfile",
    "Sector",
    "User",
    "YoungPersonProfile",
]
