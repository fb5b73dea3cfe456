"""Personal information (个人信息保护法): erased a set number of days after an item is closed, and
one person's data exported or erased on request. The management commands call these."""

import datetime

from django.db import transaction
from django.utils import timezone

from participation.models import DONE_STATES, Submission, settings_for
from participation.workflow import record

PERSONAL_FIELDS = ("contact_name", "contact_phone", "for_whom")


@transaction.atomic
def erase_personal_data(submission, reason):
    """Blank the personal fields and delete the photos; the item and its outcome stay (the
    counts and the resident's status page need them). Logged, without the erased values."""
    for photo in submission.photos.all():
        photo.delete()
    for name in PERSONAL_FIELDS:
        setattr(submission, name, "")
    submission.personal_erased_at = timezone.now()
    submission.save(update_fields=[*PERSONAL_FIELDS, "personal_erased_at"])
    record(submission, "erase", None, reason=reason)


def due_for_erasure(now=None, retention_days=None):
    """Closed items whose retention ended and whose personal data is still there."""
    now = now or timezone.now()
    days = settings_for().retention_days if retention_days is None else retention_days
    return Submission.objects.filter(
        state__in=DONE_STATES,
        closed_at__lte=now - datetime.timedelta(days=days),
        personal_erased_at__isnull=True,
    )


def erase_closed(now=None):
    """Erase the personal data of every item closed at least retention_days ago. Returns how many."""
    items = list(due_for_erasure(now))
    for submission in items:
        erase_personal_data(submission, "retention")
    return len(items)


def of_person(phone):
    """Every submission that names this phone number (the one thing that identifies a person)."""
    return Submission.objects.filter(contact_phone=phone.strip()).order_by("created_at")


def export_person(phone):
    """What the site holds about the person with this phone, as plain data (a JSON document)."""
    return {
        "phone": phone,
        "exported_at": timezone.now().isoformat(),
        "submissions": [
            {
                "receipt_code": item.receipt_code,
                "kind": item.kind_label,
                "community": item.community.title if item.community_id else "全市",
                "created_at": item.created_at.isoformat(),
                "state": item.state_label,
                "text": item.text,
                "for_whom": item.for_whom,
                "location": item.location,
                "items": item.items,
                "date_from": item.date_from.isoformat() if item.date_from else None,
                "date_to": item.date_to.isoformat() if item.date_to else None,
                "contact_name": item.contact_name,
                "contact_phone": item.contact_phone,
                "consented_at": item.consented_at.isoformat() if item.consented_at else None,
                "photos": item.photos.count(),
                "public_reply": item.public_reply,
                "rating": item.rating_label,
            }
            for item in of_person(phone).select_related("community")
        ],
    }


def erase_person(phone):
    """Erase this person's personal data from every submission. Returns how many."""
    items = list(of_person(phone))
    for submission in items:
        erase_personal_data(submission, "request")
    return len(items)
