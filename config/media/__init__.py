"""Uploaded files: where they are stored and how they reach a browser.

- ``config.media.settings``: the storages and serving settings, read from the environment.
- ``config.media.storages``: the private storage of member files and the cache rules.
- ``config.media.s3``: the S3-compatible storages (imported only when S3 is configured).
- ``config.media.views``: public media served by the application, private files answered
  after an access check.
"""
