"""The outbox: the one way every email of the site leaves.

An email is a row (:class:`outbox.models.OutboxEmail`) written in the same transaction as
the action that causes it, then sent by a background task
(:func:`outbox.tasks.send_email`) once that transaction commits. The row, not the task
queue, is the source of truth: a task lost, run twice or killed half-way never loses an
email and never sends one twice (see :mod:`outbox.sending`), and
``manage.py recover_stale_tasks`` queues again whatever was left behind
(:mod:`outbox.recovery`).
"""
