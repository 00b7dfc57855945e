"""Wagtail's moderation emails are written for the site, in each recipient's language, with
a text part and an HTML part in the layout of every email of the site (issue 14, point 12).
"""

import pytest
from django.core import mail

from stories.models import StoryPage
from tests.stories.factories import StoryPageFactory, member_of

TITLE = "L'entretien de N'Diaye <b>"


@pytest.fixture
def moderators(db):
    return (
        member_of("Moderators", "moderateur@example.org", "Karim"),
        member_of("Moderators", "moderator@example.org", "Jane", language="en"),
    )


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def submitted(story, editor):
    story.save_revision(user=editor)
    story.get_workflow().start(story, editor)
    return StoryPage.objects.get(pk=story.pk)


def test_moderators_are_asked_to_review_in_their_own_language(story_index, editor, moderators):
    story = StoryPageFactory(parent=story_index, title=TITLE, live=False)
    mail.outbox.clear()

    submitted(story, editor)

    by_address = {message.to[0]: message for message in mail.outbox}
    french = by_address["moderateur@example.org"]
    assert french.subject == f"À relire : « {TITLE} »"
    assert french.body.startswith("Bonjour Karim,")
    assert f"« {TITLE} » attend votre relecture" in french.body
    assert "L’équipe d’Un début de réseau" in french.body
    english = by_address["moderator@example.org"]
    assert english.subject == f"To review: “{TITLE}”"
    assert english.body.startswith("Hello Jane,")

    html = html_of(french)
    assert '<html lang="fr">' in html
    # The title is text: escaped once in the HTML part, raw in the text part.
    assert "L&#x27;entretien de N&#x27;Diaye &lt;b&gt;" in html
    assert "Diaye <b>" not in html
    assert 'href="http://testserver/admin/' in html
    assert '<html lang="en">' in html_of(english)


def test_the_editor_hears_of_the_approval_and_of_a_request_for_changes(
    story_index, editor, moderators
):
    moderator = moderators[0]
    story = submitted(
        StoryPageFactory(parent=story_index, title="Le CV de Lina", live=False), editor
    )
    mail.outbox.clear()

    story.current_workflow_task.on_action(
        story.current_workflow_task_state, moderator, "reject", comment="Un prénom à retirer."
    )

    [message] = [m for m in mail.outbox if m.to == ["editrice@example.org"]]
    assert message.subject == "Modifications demandées : « Le CV de Lina »"
    assert "Un prénom à retirer." in message.body
    assert "Un prénom à retirer." in html_of(message)

    story = StoryPage.objects.get(pk=story.pk)
    story.current_workflow_state.resume(editor)
    mail.outbox.clear()
    story = StoryPage.objects.get(pk=story.pk)
    story.current_workflow_task.on_action(story.current_workflow_task_state, moderator, "approve")

    [message] = [m for m in mail.outbox if m.to == ["editrice@example.org"]]
    assert message.subject == "Approuvé : « Le CV de Lina »"
    assert "La page est en ligne : http://" in message.body
