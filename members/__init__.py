"""The members area: one Django app, one folder per feature.

From the bottom up; a feature uses those above it in this list, never one below
(tests/members/test_layout.py reads every import and holds to it):

- the foundation, at the app's root: ``models/`` (every table, one migrations history),
  ``enums``, ``access`` (who may open a view, how a person stands towards a request),
  ``emails``, ``search`` (word search on PostgreSQL and SQLite), ``avatars`` and
  ``avatar_access`` (profile photos), ``dashboard_cache`` (the panels' cache that every
  write outdates), ``tasks``;
- ``notifications/``: telling a member that something asks them to act;
- ``accounts/``: signing in (allauth's adapters), the second factor, sessions;
- ``directory/``: the professionals who are listed, search, filters, suggestions,
  capacity, the young people professionals may browse;
- ``profiles/``: a young person's and a professional's own profile, photos, ages;
- ``onboarding/``: every kind of invitation, join codes, a structure's registration and
  its team;
- ``conversations/``: the messages on a request, read markers, contact masking, reports;
- ``requests/``: the coup-de-pouce request: its transition table (``workflow``), its
  services, reminders, outcomes, offers, and the request's page;
- ``privacy/``: a member's data, its export and its erasure, retention;
- ``moderation/``: what moderators decide, in the Wagtail admin;
- ``impact/``: the figures of what the network achieves, one definition each;
- ``dashboards/``: each role's home page, read from all the others;
- ``demo/``: the demo accounts and requests (``manage.py load_demo``).

What Django and Wagtail load by name sits beside them and may use any of them:
``apps``, ``urls`` (every route, one section per feature), ``wagtail_hooks``,
``templatetags/``, ``management/``. Templates live in ``templates/members/<feature>/``
and tests in ``tests/members/<feature>/``.
"""
