"""Emails of the public site, sent in the background."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_contact_email(subject, body, recipients, from_address):
    send_mail(subject, body, from_address, recipients)
