"""Demo coup-de-pouce requests between the demo accounts, one or more in every state.

Called by :func:`members.demo.load` once the accounts exist. Each request is written
directly, with its transition log, its messages and the in-app notification of its last
step dated in the past, and never through the transitions of
:mod:`members.requests.services`: building the demo sends no email, and its dates stay
plausible. Each entry follows the transition table of
:mod:`members.requests.workflow` (checked as it is built).

Idempotent: a request is looked up by its young person, professional and kind, and left
alone when it exists (whatever happened to it since).

Open requests (draft, awaiting_counsellor, sent, accepted) never share a pair of people
(one open request per pair), and Inès never has an open one with Thomas: the browser
tests open the request form from her to him. One request is an offer, from a
professional to a young person who made her profile visible.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from members.directory import capacity
from members.enums import (
    DeclineReason,
    FollowUpOutcome,
    HelpKind,
    HelpRequestState,
    Outcome,
    Role,
)
from members.models import (
    HelpRequest,
    HelpRequestTransition,
    Message,
    Notification,
    ReadMarker,
    User,
)
from members.notifications.services import notify
from members.requests import services as request_services
from members.requests.workflow import TRANSITIONS
from members.requests.workflow import TransitionName as N

S = HelpRequestState

INES = "jeune@undebutdereseau.fr"
LUCAS = "jeune.mineur@undebutdereseau.fr"  # a minor: every request goes to his counsellor
SARAH = "jeune.sarah@undebutdereseau.fr"
THOMAS = "pro@undebutdereseau.fr"
NADIA = "pro.verifiee@undebutdereseau.fr"
KARIM = "pro.sante@undebutdereseau.fr"

# Who acts in a step or writes a message: the young person, the professional, the
# counsellor of the young person's structure, or nobody (the scheduler's expiry).
YOUNG, PRO, COUNSELLOR, SYSTEM = "young", "pro", "counsellor", "system"


@dataclass(frozen=True)
class Step:
    name: N  # a transition of members.requests.workflow.TRANSITIONS
    days_ago: int
    time: str  # "HH:MM", local time
    actor: str
    reason: str = ""  # the counsellor's comment, the withdrawal's reason


@dataclass(frozen=True)
class Said:
    days_ago: int
    time: str
    author: str  # YOUNG or PRO
    body: str


@dataclass(frozen=True)
class DemoRequest:
    young: str
    professional: str
    kind: HelpKind
    hopes: str
    availability: str
    steps: tuple[Step, ...]
    messages: tuple[Said, ...] = ()
    # Fields the steps do not set: decline reason, close reason, outcome, feedback…
    fields: dict[str, Any] = field(default_factory=dict)


REQUESTS = [
    # completed: Inès's CV, two months ago, an interview obtained.
    DemoRequest(
        INES,
        THOMAS,
        HelpKind.CV_REVIEW,
        "Je postule comme aide-soignante dans des EHPAD et je n’ai eu aucune réponse à mes "
        "cinq premières candidatures. J’aimerais que quelqu’un relise mon CV et ma lettre de "
        "motivation, et me dise ce qui ne va pas.",
        "Les mardis et jeudis après-midi",
        (
            Step(N.SUBMIT, 70, "10:12", YOUNG),
            Step(
                N.VALIDATE,
                69,
                "09:40",
                COUNSELLOR,
                "Bonne demande, Inès. Pense à coller ton CV dans la conversation.",
            ),
            Step(N.ACCEPT, 67, "18:05", PRO),
            Step(N.COMPLETE, 58, "17:30", YOUNG),
        ),
        (
            Said(
                67,
                "18:07",
                PRO,
                "Bonjour Inès, avec plaisir ! Vous pouvez coller ici le texte de votre CV et "
                "de votre lettre ? Je vous fais un retour d’ici vendredi.",
            ),
            Said(
                66,
                "14:20",
                YOUNG,
                "Merci beaucoup ! Je vous colle les deux juste en dessous. Ma lettre est la "
                "même pour tous les EHPAD, c’est peut-être ça le problème.",
            ),
            Said(
                64,
                "20:45",
                PRO,
                "C’est bien ça : une lettre par établissement, avec une phrase sur ce qui vous "
                "attire chez eux. Et mettez votre stage de trois semaines en EHPAD tout en haut "
                "du CV, avec ce que vous y faisiez (toilettes, repas, animations). Le reste est "
                "très bien.",
            ),
            Said(
                60,
                "16:02",
                YOUNG,
                "J’ai refait les deux et envoyé trois candidatures… et j’ai un entretien jeudi "
                "à la résidence de Saint-Ouen !",
            ),
            Said(60, "19:30", PRO, "Bravo Inès ! Racontez-moi comment ça s’est passé."),
        ),
        {
            "outcome": Outcome.INTERVIEW,
            # Both agreed that it be quoted, without a name, to Hexa Conseil (Thomas's
            # company): the texts name nobody.
            "young_feedback": "Il m’a répondu vite et ses conseils étaient simples à "
            "appliquer. J’ai eu un entretien dix jours plus tard.",
            "young_feedback_shared": True,
            "professional_feedback": "Elle avait déjà tout, il fallait juste le montrer. Très "
            "agréable d’échanger avec elle.",
            "professional_feedback_shared": True,
        },
    ),
    # withdrawn: the counsellor rehearsed the interview with her first.
    DemoRequest(
        INES,
        THOMAS,
        HelpKind.MOCK_INTERVIEW,
        "J’ai un entretien à la résidence de Saint-Ouen jeudi prochain et je voudrais "
        "m’entraîner avant, surtout pour les questions sur mes motivations.",
        "Les mardis et jeudis après-midi",
        (
            Step(N.SUBMIT, 57, "09:05", YOUNG),
            Step(N.VALIDATE, 57, "11:30", COUNSELLOR),
            Step(
                N.WITHDRAW,
                56,
                "18:10",
                YOUNG,
                "Ma conseillère m’a fait répéter hier et l’entretien est avancé à demain. "
                "Merci quand même !",
            ),
        ),
    ),
    # declined: not her field, with a reason.
    DemoRequest(
        INES,
        NADIA,
        HelpKind.TRADE_ADVICE,
        "Je cherche des conseils pour entrer dans le métier d’aide-soignante : les "
        "formations, et les employeurs qui embauchent des débutantes.",
        "Les mardis et jeudis après-midi",
        (
            Step(N.SUBMIT, 41, "15:00", YOUNG),
            Step(N.VALIDATE, 40, "09:10", COUNSELLOR),
            Step(N.DECLINE, 39, "20:30", PRO),
        ),
        fields={
            "decline_reason": DeclineReason.NOT_MY_FIELD,
            "decline_text": "Je travaille sur les chantiers et je connais trop peu le soin pour "
            "bien vous conseiller. Demandez à un·e professionnel·le de la santé, il y en a "
            "dans l’annuaire. Bon courage !",
        },
    ),
    # sent: waiting for Karim's answer, who asked one question first.
    DemoRequest(
        INES,
        KARIM,
        HelpKind.TRADE_ADVICE,
        "J’ai fait un stage de trois semaines en EHPAD et je veux devenir aide-soignante. "
        "J’aimerais savoir comment se passe une journée type, comment entrer en formation "
        "(IFAS), et s’il vaut mieux commencer comme agente de service.",
        "Les mardis et jeudis après-midi",
        (
            Step(N.SUBMIT, 3, "14:10", YOUNG),
            Step(N.VALIDATE, 2, "09:30", COUNSELLOR),
        ),
        (
            Said(
                1,
                "21:15",
                PRO,
                "Bonjour Inès, merci pour votre demande. Avant de vous répondre : vous visez "
                "l’IFAS dès la rentrée prochaine, ou plutôt dans un an ?",
            ),
        ),
    ),
    # completed four months ago, with its three-month follow-up answered.
    DemoRequest(
        SARAH,
        NADIA,
        HelpKind.COMPANY_VISIT,
        "Je veux devenir agente de maintenance et je n’ai jamais vu un vrai chantier. "
        "J’aimerais visiter votre entreprise et découvrir les métiers de la maintenance et "
        "du second œuvre.",
        "Tous les matins sauf le vendredi",
        (
            Step(N.SUBMIT, 130, "11:00", YOUNG),
            Step(N.VALIDATE, 129, "09:15", COUNSELLOR),
            Step(N.ACCEPT, 128, "07:50", PRO),
            Step(N.COMPLETE, 112, "18:00", PRO),
        ),
        (
            Said(
                128,
                "07:52",
                PRO,
                "Bonjour Sarah ! Je vous propose de venir mardi à 8 h sur notre chantier de "
                "Saint-Ouen, avec des chaussures fermées. Je vous présenterai l’équipe de "
                "maintenance.",
            ),
            Said(
                127,
                "12:10",
                YOUNG,
                "Super, merci ! Je viendrai avec ma conseillère si elle peut, sinon seule.",
            ),
            Said(
                120,
                "17:45",
                PRO,
                "Merci pour votre visite, Sarah. Notre responsable maintenance a gardé votre "
                "CV : il cherche un ou une stagiaire à partir du mois prochain.",
            ),
        ),
        {
            "outcome": Outcome.INTERNSHIP,
            "young_feedback": "J’ai vu pour de vrai le métier que je veux faire, et on m’a "
            "proposé un stage.",
            "professional_feedback": "Sarah pose les bonnes questions. Notre responsable "
            "maintenance l’a prise en stage.",
            "follow_up_days_ago": 22,
            "follow_up_outcome": FollowUpOutcome.JOB,
        },
    ),
    # accepted: a mock interview being prepared, the last message not read by Sarah yet.
    DemoRequest(
        SARAH,
        THOMAS,
        HelpKind.MOCK_INTERVIEW,
        "J’ai un entretien pour un poste d’agente de maintenance chez un bailleur social dans "
        "deux semaines. Je stresse beaucoup à l’oral : j’aimerais m’entraîner avec quelqu’un "
        "qui fait passer des entretiens.",
        "Tous les matins sauf le vendredi",
        (
            Step(N.SUBMIT, 9, "10:30", YOUNG),
            Step(N.VALIDATE, 8, "09:05", COUNSELLOR),
            Step(N.ACCEPT, 6, "19:20", PRO),
        ),
        (
            Said(
                6,
                "19:22",
                PRO,
                "Bonjour Sarah, je suis partant ! On peut faire l’entretien blanc en visio, une "
                "quarantaine de minutes. Jeudi à 10 h, cela vous va ?",
            ),
            Said(
                5,
                "08:47",
                YOUNG,
                "Bonjour Thomas, jeudi 10 h c’est parfait. Je vous envoie l’annonce du poste ?",
            ),
            Said(
                5,
                "12:15",
                PRO,
                "Oui, collez-la ici. Préparez aussi une réponse à « Parlez-moi d’une situation "
                "difficile que vous avez gérée » : cette question tombe presque toujours.",
            ),
            Said(
                3,
                "09:02",
                YOUNG,
                "Voilà l’annonce : « Agent·e de maintenance polyvalent·e, résidences de "
                "Saint-Denis, permis B exigé ». Pour la situation difficile, je pensais parler "
                "de la fuite d’eau pendant mon stage.",
            ),
            Said(
                1,
                "18:40",
                PRO,
                "Très bon exemple ! Racontez-le en quatre temps : la situation, ce que vous "
                "avez fait, le résultat, ce que vous en avez appris. À jeudi !",
            ),
        ),
    ),
    # sent, an offer: Nadia saw Sarah's visible profile; Sarah has not answered yet.
    DemoRequest(
        SARAH,
        NADIA,
        HelpKind.OBSERVATION,
        "Sarah, j’ai vu votre profil : notre équipe de maintenance s’occupe de résidences à "
        "Saint-Ouen. Je vous propose de passer une journée avec elle, pour voir le métier au "
        "quotidien (plomberie, électricité, peinture).",
        "Un mardi ou un jeudi, de 8 h à 16 h",
        (
            Step(N.SUBMIT, 3, "17:20", PRO),
            Step(N.VALIDATE, 1, "09:45", COUNSELLOR),
        ),
        fields={"offered_by_professional": True},
    ),
    # expired: nobody answered in 14 days (Lucas is a minor: validated first).
    DemoRequest(
        LUCAS,
        NADIA,
        HelpKind.TRADE_ADVICE,
        "J’aimerais savoir comment on devient électricien, et si c’est dur de trouver un "
        "patron pour l’apprentissage.",
        "Le mercredi",
        (
            Step(N.SUBMIT, 61, "18:00", YOUNG),
            Step(N.VALIDATE, 60, "10:00", COUNSELLOR),
            Step(N.EXPIRE, 46, "03:00", SYSTEM),
        ),
        fields={"reminder_level": 3},
    ),
    # closed by the counsellor, with a reason.
    DemoRequest(
        LUCAS,
        THOMAS,
        HelpKind.TRADE_ADVICE,
        "Je cherche un apprentissage d’électricien et je ne sais pas comment contacter les "
        "entreprises. Vous pouvez me donner des conseils ?",
        "Le mercredi",
        (
            Step(N.SUBMIT, 43, "17:00", YOUNG),
            Step(N.VALIDATE, 42, "09:30", COUNSELLOR),
            Step(N.CLOSE, 37, "11:00", COUNSELLOR),
        ),
        fields={
            "close_reason": "Lucas a trouvé une entreprise d’accueil au forum de "
            "l’apprentissage de la mission locale : je clos cette demande pour libérer "
            "Thomas. Merci !",
            "reminder_level": 1,
        },
    ),
    # awaiting_counsellor: in person with a minor, the counsellor validates it.
    DemoRequest(
        LUCAS,
        NADIA,
        HelpKind.OBSERVATION,
        "Je voudrais passer une journée sur un chantier avec des électriciens, pour voir si le "
        "métier me plaît avant de m’inscrire en CAP.",
        "Le mercredi",
        (Step(N.SUBMIT, 2, "17:45", YOUNG),),
    ),
    # draft: returned to Lucas by his counsellor with a comment.
    DemoRequest(
        LUCAS,
        THOMAS,
        HelpKind.CV_REVIEW,
        "Bonjour, est-ce que vous pouvez relire mon CV ? Merci.",
        "Le mercredi",
        (
            Step(N.SUBMIT, 4, "16:20", YOUNG),
            Step(
                N.RETURN,
                3,
                "10:05",
                COUNSELLOR,
                "Lucas, dis à Thomas pour quoi tu prépares ce CV (l’apprentissage en "
                "électricité) et ce que tu attends de lui : ce sera plus facile de t’aider.",
            ),
        ),
    ),
]


def load(users: dict[str, User], stdout: TextIO) -> None:
    """Create the demo requests that do not exist yet (``users``: the demo accounts)."""
    created = 0
    for spec in REQUESTS:
        young, pro = users.get(spec.young), users.get(spec.professional)
        if young is None or pro is None:
            continue
        if HelpRequest.objects.filter(
            young_person=young, professional=pro, kind=spec.kind
        ).exists():
            continue
        try:
            with transaction.atomic():
                help_request = _create(spec, young, pro, _counsellor(young))
                _notifications(help_request, spec, young, pro, _counsellor(young))
        except IntegrityError:
            # Someone trying the demo opened a request between the same two people since:
            # theirs stays, the demo one is left out.
            continue
        created += 1
    if created:
        # Written directly: the professionals' monthly counters are rebuilt from them.
        capacity.recount()
        stdout.write(f"  {created} demandes de coup de pouce de démonstration créées.")


def _notifications(
    help_request: HelpRequest, spec: DemoRequest, young: User, pro: User, counsellor
) -> None:
    """The in-app notification the request's last step left, dated then; no email."""
    help_request = HelpRequest.objects.select_related(
        "young_person__young_profile", "professional", "structure"
    ).get(pk=help_request.pk)
    last = spec.steps[-1]
    actor = {YOUNG: young, PRO: pro, COUNSELLOR: counsellor, SYSTEM: None}[last.actor]
    from_state = help_request.transitions.order_by("-created_at", "-pk")[0].from_state
    when = at(last.days_ago, last.time)
    for person, event, context, path in request_services.notifications_of(
        help_request, last.name, from_state, actor
    ):
        notification = notify(
            person, event, context, help_request=help_request, url=path, send_email=False
        )
        # Older events were seen: only the latest ones are still to read.
        read_at = when if last.days_ago > 3 else None
        Notification.objects.filter(pk=notification.pk).update(
            created_at=when, emailed_at=when, read_at=read_at
        )


def _counsellor(young: User) -> User | None:
    profile = getattr(young, "young_profile", None)
    if profile is not None and profile.counsellor_id:
        return profile.counsellor
    return User.objects.filter(role=Role.COUNSELLOR, structure_id=young.structure_id).first()


def at(days_ago: int, time: str) -> datetime.datetime:
    """``days_ago`` days before today, at ``time`` (local time)."""
    hour, minute = (int(part) for part in time.split(":"))
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _create(spec: DemoRequest, young: User, pro: User, counsellor: User | None) -> HelpRequest:
    people = {YOUNG: young, PRO: pro, COUNSELLOR: counsellor, SYSTEM: None}
    fields = dict(spec.fields)
    follow_up_days_ago = fields.pop("follow_up_days_ago", None)
    help_request = HelpRequest.objects.create(
        young_person=young,
        professional=pro,
        structure_id=young.structure_id,
        kind=spec.kind,
        hopes=spec.hopes,
        availability=spec.availability,
    )
    created_at = at(spec.steps[0].days_ago, spec.steps[0].time) - datetime.timedelta(minutes=12)
    state = S.DRAFT
    dates: dict[str, Any] = {}
    for step in spec.steps:
        transition = TRANSITIONS[step.name]
        if state not in transition.sources:
            raise ValueError(f"Demo request: no {step.name} from {state}.")
        # Both demo structures ask their counsellors to validate every request.
        target = S.AWAITING_COUNSELLOR if step.name == N.SUBMIT else transition.target
        when = at(step.days_ago, step.time)
        reason = step.reason
        if step.name in (N.VALIDATE, N.RETURN) and reason:
            fields["counsellor_comment"] = reason
        if target == S.SENT:
            dates["sent_at"] = when
        elif step.name in (N.ACCEPT, N.DECLINE):
            dates["answered_at"] = when
        elif step.name == N.COMPLETE:
            dates["completed_at"] = when
        if step.name == N.DECLINE:
            label = DeclineReason(fields["decline_reason"]).label
            reason = f"{label} {fields.get('decline_text', '')}".strip()
        elif step.name == N.CLOSE:
            reason = fields["close_reason"]
        elif step.name == N.COMPLETE:
            reason = str(Outcome(fields["outcome"]).label)
        log = HelpRequestTransition.objects.create(
            request=help_request,
            name=step.name,
            from_state=state,
            to_state=target,
            actor=people[step.actor],
            reason=reason,
        )
        HelpRequestTransition.objects.filter(pk=log.pk).update(created_at=when)
        state = target
    last_message_at = _messages(help_request, spec.messages, people, counsellor, state)
    if follow_up_days_ago is not None:
        fields["follow_up_sent_at"] = at(follow_up_days_ago, "09:00")
    last_step = spec.steps[-1]
    HelpRequest.objects.filter(pk=help_request.pk).update(
        state=state,
        created_at=created_at,
        updated_at=max(at(last_step.days_ago, last_step.time), last_message_at or created_at),
        last_message_at=last_message_at,
        **dates,
        **fields,
    )
    return help_request


def _messages(
    help_request: HelpRequest,
    messages: tuple[Said, ...],
    people: dict[str, User | None],
    counsellor: User | None,
    state: str,
) -> datetime.datetime | None:
    """The conversation, and how far each person read it; the date of the last message.

    Each side has read up to their own last message; the counsellor has read the
    conversations that are over, not the ones going on.
    """
    last_written: dict[int, datetime.datetime] = {}
    when = None
    for said in messages:
        author = people[said.author]
        when = at(said.days_ago, said.time)
        message = Message.objects.create(request=help_request, author=author, body=said.body)
        Message.objects.filter(pk=message.pk).update(created_at=when)
        last_written[author.pk] = when
    if when is not None and counsellor is not None and state not in (S.SENT, S.ACCEPTED):
        last_written[counsellor.pk] = when
    if when is not None and state not in (S.SENT, S.ACCEPTED):
        for person in (people[YOUNG], people[PRO]):
            last_written[person.pk] = when
    ReadMarker.objects.bulk_create(
        ReadMarker(request=help_request, user_id=user_id, read_at=read_at)
        for user_id, read_at in last_written.items()
    )
    return when
