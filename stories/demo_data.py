"""The demo's success stories, in French with their English translation.

Made-up people, first names only, as the association publishes them.
"""

import datetime

from members.enums import HelpKind, Outcome

STORY_INDEX = {
    "fr": {
        "title": "Histoires",
        "slug": "histoires",
        "intro": (
            "<p>Un conseil, une relecture, une journée dans une entreprise : des coups de pouce "
            "donnés par des professionnels bénévoles à des jeunes accompagnés par leur "
            "structure, et ce qu’ils ont changé.</p>"
        ),
    },
    "en": {
        "title": "Stories",
        "slug": "stories",
        "intro": (
            "<p>A piece of advice, a CV review, a day inside a company: boosts given by "
            "volunteer professionals to young people supported by their structure, and what "
            "came of them.</p>"
        ),
    },
}

STORIES = [
    {
        "date": datetime.date(2026, 10, 28),
        "help_kind": HelpKind.HOSTING,
        "outcome": Outcome.JOB,
        "featured": True,
        "fr": {
            "slug": "une-nuit-a-paris-avant-lentretien",
            "title": "Une nuit à Paris avant l’entretien",
            "summary": (
                "Moussa, 22 ans, suivi par la mission locale de Guéret, avait un entretien à "
                "8 h 30 à Paris. Claire l’a hébergé la veille : il a signé un CDI de "
                "magasinier trois semaines plus tard."
            ),
            "tags": ["Hébergement", "Logistique", "Entretien"],
            "paragraphs": [
                "Le premier train de Guéret arrivait à Paris trop tard pour l’entretien, et "
                "une nuit d’hôtel coûtait plus que ce que Moussa avait pour la semaine. Sa "
                "conseillère a déposé une demande d’hébergement sur la plateforme.",
                "Claire, responsable logistique et bénévole vérifiée pour l’hébergement, a "
                "répondu le soir même. Dîner, dernière répétition des questions, réveil à "
                "6 h 30 et trajet en métro ensemble jusqu’à l’entrepôt.",
                "Trois semaines plus tard, Moussa signait un CDI de magasinier cariste. Il a "
                "trouvé une colocation à Saint-Denis grâce à un collègue.",
            ],
            "quote": (
                "Arriver reposé, avec quelqu’un qui croit en toi la veille, ça change tout.",
                "Moussa, 22 ans",
            ),
        },
        "en": {
            "slug": "a-night-in-paris-before-the-interview",
            "title": "A night in Paris before the interview",
            "summary": (
                "Moussa, 22, supported by the Guéret mission locale, had an interview at 8:30 "
                "in Paris. Claire put him up the night before: three weeks later he signed a "
                "permanent contract as a warehouse operator."
            ),
            "tags": ["Hosting", "Logistics", "Interview"],
            "paragraphs": [
                "The first train from Guéret reached Paris too late for the interview, and a "
                "hotel night cost more than Moussa had for the week. His counsellor posted a "
                "hosting request on the platform.",
                "Claire, a logistics manager and a volunteer verified for hosting, answered "
                "that evening. Dinner, one last run through the questions, a 6:30 alarm and "
                "the metro ride together to the warehouse.",
                "Three weeks later, Moussa signed a permanent contract as a forklift "
                "warehouse operator. A colleague helped him find a flat share in Saint-Denis.",
            ],
            "quote": (
                "Arriving rested, with someone who believes in you the night before, "
                "changes everything.",
                "Moussa, 22",
            ),
        },
    },
    {
        "date": datetime.date(2026, 10, 14),
        "help_kind": HelpKind.MOCK_INTERVIEW,
        "outcome": Outcome.JOB,
        "featured": True,
        "fr": {
            "slug": "ines-et-lentretien-blanc",
            "title": "Inès et l’entretien blanc",
            "summary": (
                "Inès, 19 ans, à l’E2C de Marseille, paniquait à l’idée d’un entretien. Deux "
                "entretiens blancs avec Sophie, DRH, et elle décroche un poste d’agente "
                "d’accueil en hôtellerie."
            ),
            "tags": ["Entretien", "Hôtellerie", "Confiance en soi"],
            "paragraphs": [
                "Inès savait ce qu’elle voulait faire : accueillir des clients, parler "
                "anglais, travailler en équipe. Mais face à un recruteur, les mots ne venaient "
                "plus.",
                "Sophie, directrice des ressources humaines dans un groupe hôtelier, lui a "
                "proposé deux entretiens blancs en visio, à une semaine d’intervalle. La "
                "première fois, elles ont surtout ri. La deuxième, Inès a parlé de son stage "
                "à la réception d’un camping comme d’une vraie expérience.",
                "Elle a été embauchée en contrat de professionnalisation dans un hôtel du "
                "Vieux-Port.",
            ],
            "quote": (
                "Sophie m’a dit : tu as déjà tout ce qu’il faut, il faut juste le raconter.",
                "Inès, 19 ans",
            ),
        },
        "en": {
            "slug": "ines-and-the-mock-interview",
            "title": "Inès and the mock interview",
            "summary": (
                "Inès, 19, at the Marseille E2C, panicked at the thought of an interview. Two "
                "mock interviews with Sophie, an HR director, and she landed a receptionist "
                "job in a hotel."
            ),
            "tags": ["Interview", "Hospitality", "Self-confidence"],
            "paragraphs": [
                "Inès knew what she wanted to do: welcome guests, speak English, work in a "
                "team. But in front of a recruiter, the words would not come.",
                "Sophie, HR director in a hotel group, offered her two mock interviews by "
                "video call, a week apart. The first time, they mostly laughed. The second "
                "time, Inès talked about her placement at a campsite reception as the real "
                "experience it was.",
                "She was hired on a work-study contract in a hotel by the Vieux-Port.",
            ],
            "quote": (
                "Sophie told me: you already have everything it takes, you just need to tell it.",
                "Inès, 19",
            ),
        },
    },
    {
        "date": datetime.date(2026, 9, 30),
        "help_kind": HelpKind.OBSERVATION,
        "outcome": Outcome.TRAINING,
        "featured": True,
        "fr": {
            "slug": "karim-une-journee-sur-un-chantier",
            "title": "Karim, une journée sur un chantier",
            "summary": (
                "Volontaire à l’EPIDE de Lanrodec, Karim hésitait entre plomberie et "
                "électricité. Une journée d’observation avec Marc, chef de chantier, a "
                "tranché : il entre en CAP électricien."
            ),
            "tags": ["Bâtiment", "Immersion", "Orientation"],
            "paragraphs": [
                "Karim aimait bricoler, sans savoir quel métier choisir. Les fiches métiers "
                "se ressemblaient toutes.",
                "Marc, chef de chantier dans une entreprise de rénovation à Brest, l’a "
                "accueilli une journée entière, casque et chaussures de sécurité fournis. "
                "Karim a suivi l’électricienne de l’équipe du tableau jusqu’aux prises.",
                "Le soir, sa décision était prise. Il a commencé un CAP électricien en "
                "alternance, dans l’entreprise de Marc.",
            ],
            "quote": (
                "J’ai compris en une journée ce que six mois de recherches ne m’avaient pas "
                "appris.",
                "Karim, 20 ans",
            ),
        },
        "en": {
            "slug": "karim-a-day-on-a-building-site",
            "title": "Karim, a day on a building site",
            "summary": (
                "A volunteer at the Lanrodec EPIDE, Karim hesitated between plumbing and "
                "electrics. A day of observation with Marc, a site manager, settled it: he "
                "is starting an electrician's diploma."
            ),
            "tags": ["Construction", "Immersion", "Career choice"],
            "paragraphs": [
                "Karim liked fixing things without knowing which trade to choose. The job "
                "descriptions all looked alike.",
                "Marc, site manager in a renovation company in Brest, hosted him for a whole "
                "day, helmet and safety shoes provided. Karim followed the team's electrician "
                "from the fuse board to the sockets.",
                "By the evening, he had decided. He started a work-study electrician's "
                "diploma, in Marc's company.",
            ],
            "quote": (
                "In one day I understood what six months of searching had not taught me.",
                "Karim, 20",
            ),
        },
    },
    {
        "date": datetime.date(2026, 9, 16),
        "help_kind": HelpKind.CV_REVIEW,
        "outcome": Outcome.INTERVIEW,
        "featured": False,
        "fr": {
            "slug": "le-cv-de-lina",
            "title": "Le CV de Lina, en une heure",
            "summary": (
                "Lina, 18 ans, suivie par la mission locale de Lille, envoyait des CV sans "
                "réponse. Une heure avec Julien, recruteur, et le premier entretien arrive "
                "dans la semaine."
            ),
            "tags": ["CV", "Commerce", "Candidature"],
            "paragraphs": [
                "Vingt candidatures, zéro réponse. Le CV de Lina tenait sur deux pages et "
                "commençait par son brevet des collèges.",
                "Julien, chargé de recrutement dans la grande distribution, a relu le CV avec "
                "elle en visio. Ils ont mis en avant ses deux ans de baby-sitting et son "
                "bénévolat aux Restos du cœur : ponctualité, sens des responsabilités, "
                "relation client.",
                "Le nouveau CV tient sur une page. Lina a été convoquée à un entretien pour "
                "un poste d’employée de libre-service la semaine suivante.",
            ],
            "quote": (
                "Je pensais n’avoir rien à mettre. En fait j’avais plein de choses.",
                "Lina, 18 ans",
            ),
        },
        "en": {
            "slug": "linas-cv",
            "title": "Lina's CV, in one hour",
            "summary": (
                "Lina, 18, supported by the Lille mission locale, sent CVs that got no answer. "
                "One hour with Julien, a recruiter, and the first interview came within the "
                "week."
            ),
            "tags": ["CV", "Retail", "Application"],
            "paragraphs": [
                "Twenty applications, no answer. Lina's CV ran to two pages and began with "
                "her secondary school certificate.",
                "Julien, a recruiter in retail, went through the CV with her by video call. "
                "They brought forward her two years of babysitting and her volunteering at a "
                "food bank: punctuality, responsibility, customer care.",
                "The new CV fits on one page. Lina was invited to an interview for a shop "
                "assistant job the following week.",
            ],
            "quote": (
                "I thought I had nothing to put on it. In fact I had plenty.",
                "Lina, 18",
            ),
        },
    },
    {
        "date": datetime.date(2026, 9, 2),
        "help_kind": HelpKind.TRADE_ADVICE,
        "outcome": Outcome.TRAINING,
        "featured": False,
        "fr": {
            "slug": "jade-et-le-metier-daide-soignante",
            "title": "Jade et le métier d’aide-soignante",
            "summary": (
                "Jade, 21 ans, à l’E2C de Toulouse, voulait travailler à l’hôpital sans oser "
                "se lancer. Nadia, infirmière, lui a raconté le métier sans filtre."
            ),
            "tags": ["Santé", "Conseils", "Orientation"],
            "paragraphs": [
                "Jade avait vu sa grand-mère soignée à domicile et se demandait si elle "
                "tiendrait le rythme des gardes, la fatigue, la mort parfois.",
                "Nadia, infirmière en gériatrie depuis quinze ans, a pris un café avec elle "
                "puis l’a rappelée deux fois. Elle lui a parlé des horaires, du salaire, de "
                "l’équipe, et des moments qui donnent du sens.",
                "Jade a réussi la sélection de l’institut de formation d’aides-soignants "
                "et commence en janvier.",
            ],
            "quote": (
                "Elle ne m’a rien caché, et c’est pour ça que j’ai eu envie d’y aller.",
                "Jade, 21 ans",
            ),
        },
        "en": {
            "slug": "jade-and-the-nursing-assistant-job",
            "title": "Jade and the nursing assistant job",
            "summary": (
                "Jade, 21, at the Toulouse E2C, wanted to work in a hospital but did not dare "
                "to start. Nadia, a nurse, told her about the job without a filter."
            ),
            "tags": ["Health", "Advice", "Career choice"],
            "paragraphs": [
                "Jade had watched her grandmother being cared for at home and wondered "
                "whether she could cope with the shifts, the tiredness, sometimes death.",
                "Nadia, a geriatric nurse for fifteen years, had a coffee with her and then "
                "called her twice. She told her about the hours, the pay, the team, and the "
                "moments that make it worth it.",
                "Jade passed the selection for the nursing assistant school and starts in January.",
            ],
            "quote": (
                "She hid nothing from me, and that is why I wanted to go for it.",
                "Jade, 21",
            ),
        },
    },
    {
        "date": datetime.date(2026, 8, 19),
        "help_kind": HelpKind.COMPANY_VISIT,
        "outcome": Outcome.INTERNSHIP,
        "featured": False,
        "fr": {
            "slug": "theo-visite-un-atelier-daeronautique",
            "title": "Théo visite un atelier d’aéronautique",
            "summary": (
                "Théo, 17 ans, suivi par la mission locale de Bordeaux, ne connaissait "
                "l’aéronautique que par les films. Une visite organisée par Patrick s’est "
                "conclue par un stage."
            ),
            "tags": ["Industrie", "Visite", "Stage"],
            "paragraphs": [
                "Avec sa conseillère, Théo cherchait un stage dans l’industrie, sans savoir "
                "par où commencer.",
                "Patrick, technicien de maintenance aéronautique, a organisé une visite de "
                "son atelier de Mérignac pour Théo et deux autres jeunes. Ils ont vu un moteur "
                "démonté, posé des questions aux compagnons, et compris qu’on pouvait y entrer "
                "par un CAP.",
                "Théo y a fait un stage de trois semaines, accompagné par sa conseillère "
                "puisqu’il est mineur.",
            ],
            "quote": (
                "Je ne pensais pas qu’on me laisserait approcher un avion.",
                "Théo, 17 ans",
            ),
        },
        "en": {
            "slug": "theo-visits-an-aircraft-workshop",
            "title": "Théo visits an aircraft workshop",
            "summary": (
                "Théo, 17, supported by the Bordeaux mission locale, knew aeronautics only "
                "from films. A visit organised by Patrick ended with an internship."
            ),
            "tags": ["Industry", "Visit", "Internship"],
            "paragraphs": [
                "With his counsellor, Théo was looking for an internship in industry without "
                "knowing where to start.",
                "Patrick, an aircraft maintenance technician, organised a visit of his "
                "Mérignac workshop for Théo and two other young people. They saw an engine "
                "taken apart, asked the technicians questions, and learnt that a vocational "
                "diploma can get you in.",
                "Théo did a three-week internship there, with his counsellor in the loop "
                "since he is a minor.",
            ],
            "quote": ("I never thought they would let me near a plane.", "Théo, 17"),
        },
    },
    {
        "date": datetime.date(2026, 8, 5),
        "help_kind": HelpKind.INTRODUCTION,
        "outcome": Outcome.JOB,
        "featured": True,
        "fr": {
            "slug": "awa-et-la-boulangerie",
            "title": "Awa et la boulangerie",
            "summary": (
                "Awa, 23 ans, à l’E2C de Seine-Saint-Denis, rêvait de pâtisserie. Thomas, "
                "cadre bancaire et client fidèle d’un artisan, l’a mise en relation avec lui."
            ),
            "tags": ["Alimentation", "Mise en relation", "Apprentissage"],
            "paragraphs": [
                "Awa faisait des gâteaux pour tout son immeuble, mais aucune boulangerie ne "
                "répondait à ses candidatures spontanées.",
                "Thomas n’y connaît rien en pâtisserie. Il connaît en revanche très bien son "
                "boulanger, qui cherchait une apprentie. Un message, un rendez-vous à 6 h du "
                "matin au fournil, une journée d’essai.",
                "Awa est aujourd’hui apprentie pâtissière. Elle prépare son CAP en alternance.",
            ],
            "quote": (
                "Je n’avais pas de réseau. Thomas m’a prêté le sien.",
                "Awa, 23 ans",
            ),
        },
        "en": {
            "slug": "awa-and-the-bakery",
            "title": "Awa and the bakery",
            "summary": (
                "Awa, 23, at the Seine-Saint-Denis E2C, dreamt of pastry. Thomas, a banker "
                "and a regular customer of a baker, introduced her to him."
            ),
            "tags": ["Food", "Introduction", "Apprenticeship"],
            "paragraphs": [
                "Awa baked cakes for her whole building, but no bakery answered her "
                "unsolicited applications.",
                "Thomas knows nothing about pastry. He does know his baker very well, who was "
                "looking for an apprentice. One message, a 6 a.m. meeting in the bakehouse, "
                "a trial day.",
                "Awa is now an apprentice pastry cook, preparing her diploma on a work-study "
                "basis.",
            ],
            "quote": ("I had no network. Thomas lent me his.", "Awa, 23"),
        },
    },
    {
        "date": datetime.date(2026, 7, 22),
        "help_kind": HelpKind.MOCK_INTERVIEW,
        "outcome": Outcome.TRAINING,
        "featured": False,
        "fr": {
            "slug": "yanis-prepare-son-oral",
            "title": "Yanis prépare son oral",
            "summary": (
                "À l’EPIDE de Montry, Yanis visait une formation de conducteur de bus. "
                "Élodie, formatrice dans les transports, l’a fait répéter son oral "
                "d’admission."
            ),
            "tags": ["Transport", "Entretien", "Formation"],
            "paragraphs": [
                "L’écrit était réussi ; restait l’oral, devant un jury de trois personnes. "
                "Yanis n’avait jamais parlé de lui plus de deux minutes.",
                "Élodie, formatrice dans une entreprise de transport public, a joué le jury "
                "avec deux collègues, en visio. Questions pièges, silences, relances : tout "
                "y était.",
                "Yanis a été admis en formation de conducteur de bus, financée par l’entreprise.",
            ],
            "quote": (
                "Le vrai jury m’a paru gentil à côté de celui d’Élodie.",
                "Yanis, 24 ans",
            ),
        },
        "en": {
            "slug": "yanis-rehearses-his-oral-exam",
            "title": "Yanis rehearses his oral exam",
            "summary": (
                "At the Montry EPIDE, Yanis was aiming for bus driver training. Élodie, a "
                "trainer in public transport, made him rehearse his admission interview."
            ),
            "tags": ["Transport", "Interview", "Training"],
            "paragraphs": [
                "He had passed the written test; the oral remained, in front of a panel of "
                "three. Yanis had never talked about himself for more than two minutes.",
                "Élodie, a trainer in a public transport company, played the panel with two "
                "colleagues by video call. Trick questions, silences, follow-ups: it was all "
                "there.",
                "Yanis was admitted to bus driver training, paid for by the company.",
            ],
            "quote": ("The real panel seemed kind next to Élodie's.", "Yanis, 24"),
        },
    },
    {
        "date": datetime.date(2026, 7, 8),
        "help_kind": HelpKind.CV_REVIEW,
        "outcome": Outcome.INTERNSHIP,
        "featured": False,
        "fr": {
            "slug": "sarah-et-sa-lettre-de-motivation",
            "title": "Sarah et sa lettre de motivation",
            "summary": (
                "Sarah, 20 ans, suivie par la mission locale de Lyon, bloquait sur sa lettre "
                "pour un stage en cabinet comptable. Hugo, expert-comptable, l’a aidée à la "
                "réécrire."
            ),
            "tags": ["Lettre de motivation", "Gestion", "Stage"],
            "paragraphs": [
                "Sarah a toujours aimé les chiffres. Sa lettre, elle, alignait les formules "
                "toutes faites trouvées en ligne.",
                "Hugo lui a posé une seule question : pourquoi la comptabilité ? Elle a parlé "
                "du budget de l’association de quartier qu’elle tient depuis deux ans. La "
                "lettre est partie de là.",
                "Elle a obtenu un stage de deux mois dans un cabinet du 7e arrondissement.",
            ],
            "quote": (
                "Il m’a dit d’écrire comme je parle. C’était la bonne idée.",
                "Sarah, 20 ans",
            ),
        },
        "en": {
            "slug": "sarah-and-her-cover-letter",
            "title": "Sarah and her cover letter",
            "summary": (
                "Sarah, 20, supported by the Lyon mission locale, was stuck on her letter for "
                "an internship in an accounting firm. Hugo, a chartered accountant, helped her "
                "rewrite it."
            ),
            "tags": ["Cover letter", "Accounting", "Internship"],
            "paragraphs": [
                "Sarah has always liked numbers. Her letter, though, strung together "
                "ready-made phrases found online.",
                "Hugo asked her a single question: why accounting? She talked about the "
                "budget of the neighbourhood association she has kept for two years. The "
                "letter started from there.",
                "She got a two-month internship in a firm in the 7th arrondissement.",
            ],
            "quote": ("He told me to write the way I talk. It was the right idea.", "Sarah, 20"),
        },
    },
    {
        "date": datetime.date(2026, 6, 24),
        "help_kind": HelpKind.TRADE_ADVICE,
        "outcome": Outcome.ADVICE,
        "featured": False,
        "fr": {
            "slug": "mehdi-decouvre-la-cybersecurite",
            "title": "Mehdi découvre la cybersécurité",
            "summary": (
                "Mehdi, 19 ans, à l’E2C de Strasbourg, passait ses nuits sur l’ordinateur. "
                "Camille, ingénieure en sécurité informatique, lui a montré les chemins pour "
                "en faire un métier."
            ),
            "tags": ["Numérique", "Conseils", "Orientation"],
            "paragraphs": [
                "Mehdi pensait qu’il fallait un diplôme d’ingénieur pour travailler dans la "
                "cybersécurité.",
                "Camille lui a présenté les formations courtes, les titres professionnels de "
                "technicien, les compétitions de type « capture the flag » et les "
                "communautés où l’on apprend gratuitement.",
                "Mehdi a rejoint un club local et prépare son dossier pour une formation de "
                "technicien en réseaux.",
            ],
            "quote": (
                "Pour la première fois, quelqu’un du métier m’a dit que c’était possible.",
                "Mehdi, 19 ans",
            ),
        },
        "en": {
            "slug": "mehdi-discovers-cybersecurity",
            "title": "Mehdi discovers cybersecurity",
            "summary": (
                "Mehdi, 19, at the Strasbourg E2C, spent his nights on the computer. Camille, "
                "a security engineer, showed him the paths to make it a job."
            ),
            "tags": ["Digital", "Advice", "Career choice"],
            "paragraphs": [
                "Mehdi thought you needed an engineering degree to work in cybersecurity.",
                "Camille introduced him to short courses, technician qualifications, "
                "capture-the-flag competitions and the communities where you learn for free.",
                "Mehdi joined a local club and is preparing his application for a network "
                "technician course.",
            ],
            "quote": (
                "For the first time, someone in the trade told me it was possible.",
                "Mehdi, 19",
            ),
        },
    },
    {
        "date": datetime.date(2026, 6, 10),
        "help_kind": HelpKind.OBSERVATION,
        "outcome": Outcome.INTERNSHIP,
        "featured": False,
        "fr": {
            "slug": "chloe-chez-le-veterinaire",
            "title": "Chloé chez le vétérinaire",
            "summary": (
                "Chloé, 18 ans, suivie par la mission locale de Rennes, voulait travailler "
                "avec les animaux. Une journée d’immersion en clinique vétérinaire lui a "
                "ouvert un stage d’auxiliaire."
            ),
            "tags": ["Animaux", "Immersion", "Stage"],
            "paragraphs": [
                "« Travailler avec les animaux », c’est vague. Chloé ne savait pas quels "
                "métiers existaient à côté de celui de vétérinaire.",
                "Aurélie, vétérinaire associée, l’a accueillie une journée : accueil des "
                "propriétaires, préparation des consultations, stérilisation du matériel. "
                "Chloé a découvert le métier d’auxiliaire spécialisée vétérinaire.",
                "La clinique lui a proposé un stage d’un mois à la rentrée.",
            ],
            "quote": (
                "J’ai vu que je pouvais être utile dès le premier jour.",
                "Chloé, 18 ans",
            ),
        },
        "en": {
            "slug": "chloe-at-the-vets",
            "title": "Chloé at the vet's",
            "summary": (
                "Chloé, 18, supported by the Rennes mission locale, wanted to work with "
                "animals. A day of immersion in a veterinary clinic opened an internship as a "
                "veterinary assistant."
            ),
            "tags": ["Animals", "Immersion", "Internship"],
            "paragraphs": [
                "“Working with animals” is vague. Chloé did not know which jobs existed "
                "besides being a vet.",
                "Aurélie, a partner vet, hosted her for a day: welcoming owners, preparing "
                "consultations, sterilising instruments. Chloé discovered the job of "
                "veterinary assistant.",
                "The clinic offered her a one-month internship in September.",
            ],
            "quote": ("I saw I could be useful from the very first day.", "Chloé, 18"),
        },
    },
    {
        "date": datetime.date(2026, 5, 27),
        "help_kind": HelpKind.INTRODUCTION,
        "outcome": Outcome.JOB,
        "featured": False,
        "fr": {
            "slug": "bilal-entre-dans-la-logistique",
            "title": "Bilal entre dans la logistique",
            "summary": (
                "Volontaire à l’EPIDE de Marseille, Bilal avait son permis cariste mais pas "
                "de contacts. Fabrice, directeur d’entrepôt, l’a présenté à un confrère qui "
                "recrutait."
            ),
            "tags": ["Logistique", "Mise en relation", "Emploi"],
            "paragraphs": [
                "Bilal avait obtenu son certificat de cariste à l’EPIDE. Restait à trouver "
                "une entreprise prête à lui donner sa chance sans expérience.",
                "Fabrice n’avait pas de poste ouvert, mais il connaissait un confrère de "
                "Vitrolles qui en avait trois. Il a transmis le profil de Bilal avec un mot.",
                "Bilal a été recruté en intérim, puis en CDI après quatre mois.",
            ],
            "quote": (
                "Un message de Fabrice a fait plus que cinquante candidatures.",
                "Bilal, 23 ans",
            ),
        },
        "en": {
            "slug": "bilal-gets-into-logistics",
            "title": "Bilal gets into logistics",
            "summary": (
                "A volunteer at the Marseille EPIDE, Bilal had his forklift licence but no "
                "contacts. Fabrice, a warehouse director, introduced him to a colleague who "
                "was hiring."
            ),
            "tags": ["Logistics", "Introduction", "Job"],
            "paragraphs": [
                "Bilal had earned his forklift certificate at the EPIDE. He still had to find "
                "a company willing to give him a chance without experience.",
                "Fabrice had no opening, but he knew a colleague in Vitrolles who had three. "
                "He passed on Bilal's profile with a note.",
                "Bilal was hired through a temp agency, then on a permanent contract after "
                "four months.",
            ],
            "quote": ("One message from Fabrice did more than fifty applications.", "Bilal, 23"),
        },
    },
    {
        "date": datetime.date(2026, 5, 13),
        "help_kind": HelpKind.COMPANY_VISIT,
        "outcome": Outcome.TRAINING,
        "featured": False,
        "fr": {
            "slug": "maelle-dans-les-coulisses-dun-theatre",
            "title": "Maëlle dans les coulisses d’un théâtre",
            "summary": (
                "Maëlle, 20 ans, à l’E2C de Nantes, aimait la couture et la scène. Une visite "
                "de l’atelier costumes d’un théâtre avec Véronique l’a menée vers une "
                "formation de costumière."
            ),
            "tags": ["Culture", "Visite", "Formation"],
            "paragraphs": [
                "Maëlle retouchait les vêtements de ses amies et n’avait jamais mis les pieds "
                "dans un théâtre.",
                "Véronique, cheffe d’atelier costumes, lui a fait visiter les coulisses un "
                "soir de répétition : l’atelier, les loges, les réserves pleines de costumes "
                "de toutes les époques.",
                "Maëlle a intégré une formation qualifiante de couture appliquée au spectacle.",
            ],
            "quote": (
                "Je ne savais pas que ce métier existait. Maintenant, c’est le mien.",
                "Maëlle, 20 ans",
            ),
        },
        "en": {
            "slug": "maelle-backstage-at-a-theatre",
            "title": "Maëlle backstage at a theatre",
            "summary": (
                "Maëlle, 20, at the Nantes E2C, loved sewing and the stage. A visit of a "
                "theatre's costume workshop with Véronique led her to costume-making "
                "training."
            ),
            "tags": ["Culture", "Visit", "Training"],
            "paragraphs": [
                "Maëlle altered her friends' clothes and had never set foot in a theatre.",
                "Véronique, head of a costume workshop, showed her backstage on a rehearsal "
                "night: the workshop, the dressing rooms, the stores full of costumes from "
                "every period.",
                "Maëlle joined a qualifying course in sewing for the performing arts.",
            ],
            "quote": (
                "I did not know this job existed. Now it is mine.",
                "Maëlle, 20",
            ),
        },
    },
]
