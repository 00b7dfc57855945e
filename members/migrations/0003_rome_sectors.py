from django.db import migrations

# The 14 professional domains ("grands domaines") of France Travail's ROME classification.
ROME_DOMAINS = [
    ("A", "Agriculture et pêche, espaces naturels et espaces verts, soins aux animaux",
     "Agriculture and fishing, natural and green spaces, animal care"),
    ("B", "Arts et façonnage d'ouvrages d'art", "Arts and crafts"),
    ("C", "Banque, assurance, immobilier", "Banking, insurance, real estate"),
    ("D", "Commerce, vente et grande distribution", "Commerce, sales and retail"),
    ("E", "Communication, média et multimédia", "Communication, media and multimedia"),
    ("F", "Construction, bâtiment et travaux publics", "Construction and public works"),
    ("G", "Hôtellerie-restauration, tourisme, loisirs et animation",
     "Hotels and catering, tourism, leisure and entertainment"),
    ("H", "Industrie", "Industry"),
    ("I", "Installation et maintenance", "Installation and maintenance"),
    ("J", "Santé", "Health"),
    ("K", "Services à la personne et à la collectivité", "Personal and community services"),
    ("L", "Spectacle", "Performing arts"),
    ("M", "Support à l'entreprise", "Business support"),
    ("N", "Transport et logistique", "Transport and logistics"),
]


def create_sectors(apps, schema_editor):
    Sector = apps.get_model("members", "Sector")
    for code, name, name_en in ROME_DOMAINS:
        # Staff may have renamed a sector already: never overwrite their wording.
        Sector.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("members", "0002_roles_profiles_onboarding")]

    operations = [migrations.RunPython(create_sectors, migrations.RunPython.noop)]
