"""E-mail notifications: what each member wants to hear about, and the log of every
message the Workbench decided to send.

The log is also the outbox. A message is written here first (by a page, when something
happens, or by ``send_notifications``, when something falls due) and the background worker
sends it. One row per recipient, kind, subject record and period, enforced by a unique
constraint: that is what makes working out what is due safe to run every minute, or on two
machines at once: the second attempt to write the same message finds the row taken.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..validators import validate_single_line
from .ecosystems import Ecosystem, EcosystemScopedQuerySet
from .memberships import Membership


class Topic(models.TextChoices):
    """What a member chooses to hear about. Each kind of message belongs to one topic."""

    ROUNDS = "rounds", _("Continuum rounds you are invited to")
    AGENDA = "agenda", _("Agenda input and sign-on requests for your organization")
    SIGN_ONS = "sign_ons", _("Organizations signing on to a published agenda")
    TASKS = "tasks", _("Your tasks in the year plan")
    PARTNERS = "partners", _("Partners you lead that need attention")
    REPORTS = "reports", _("Long PDFs you asked for")

    @property
    def for_coordinators_only(self) -> bool:
        return self == Topic.SIGN_ONS


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("As they happen")
    DIGEST = "digest", _("In one daily digest")
    OFF = "off", _("Not at all")


# What a member gets before they choose: sign-ons arrive one by one in a busy week, so
# coordinators get them gathered once a day; everything else asks for action, so at once.
DEFAULT_DELIVERY = {topic: Delivery.IMMEDIATE for topic in Topic} | {
    Topic.SIGN_ONS: Delivery.DIGEST
}


class NotificationSettingQuerySet(models.QuerySet["NotificationSetting"]):
    def chosen(self, memberships: list[Membership]) -> dict[tuple[int, str], str]:
        """(membership id, topic) → delivery for the choices these members have made."""
        rows = self.filter(membership__in=memberships).values_list(
            "membership_id", "topic", "delivery"
        )
        return {(membership, topic): delivery for membership, topic, delivery in rows}

    def deliveries(self, memberships: list[Membership], topic: Topic) -> dict[int, str]:
        """membership id → how each of these members wants ``topic``: their choice, or
        the default when they have made none."""
        chosen = self.chosen(memberships)
        return {m.pk: chosen.get((m.pk, topic), DEFAULT_DELIVERY[topic]) for m in memberships}

    def of(self, membership: Membership) -> dict[Topic, str]:
        """Topic → how this member wants it, for every topic."""
        chosen = self.chosen([membership])
        return {t: chosen.get((membership.pk, t), DEFAULT_DELIVERY[t]) for t in Topic}


class NotificationSetting(models.Model):
    """A member's choice for one topic in one ecosystem. No row means the default."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="notification_settings"
    )
    topic = models.CharField(
        _("about"), max_length=20, choices=Topic, validators=[validate_single_line]
    )
    delivery = models.CharField(
        _("send"), max_length=20, choices=Delivery, validators=[validate_single_line]
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotificationSettingQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(fields=["membership", "topic"], name="one_setting_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.topic} {self.delivery}"


class NotificationQuerySet(EcosystemScopedQuerySet["Notification"]):
    def about(self, key: str) -> NotificationQuerySet:
        """Messages about one record and the records under it (``cycle:4`` also finds
        ``cycle:4/agenda:2``)."""
        return self.filter(Q(key=key) | Q(key__startswith=f"{key}/"))


class Notification(models.Model):
    """One message to one person: queued, held for their daily digest, sent, or not."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        HELD = "held", _("Held for the daily digest")
        IN_DIGEST = "in_digest", _("Sent in a daily digest")
        FAILED = "failed", _("Could not be sent")
        TURNED_OFF = "off", _("Not sent: turned off by the member")

    ecosystem = models.ForeignKey(Ecosystem, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    topic = models.CharField(  # blank: a digest
        max_length=20, choices=Topic, blank=True, validators=[validate_single_line]
    )
    # What happened: "round_opened", "task_digest"…
    kind = models.CharField(max_length=40, validators=[validate_single_line])
    # The record it is about, as "app.model:pk" (nested: "agendas.cycle:4/agenda:2"), and
    # the period it stands for ("" once ever, a day, an ISO week, a month, a due date).
    key = models.CharField(max_length=120, validators=[validate_single_line])
    period = models.CharField(max_length=40, blank=True, validators=[validate_single_line])
    subject = models.CharField(max_length=200, validators=[validate_single_line])
    body = models.TextField()  # plain text paragraphs; the HTML part is made from them
    action_text = models.CharField(max_length=100, validators=[validate_single_line])
    # A path: the site address is added when the message is sent.
    action_url = models.CharField(max_length=500, validators=[validate_single_line])
    # Why this person gets it, said in the message.
    reason = models.CharField(max_length=300, validators=[validate_single_line])
    status = models.CharField(
        max_length=20, choices=Status, default=Status.QUEUED, validators=[validate_single_line]
    )
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    error = models.CharField(max_length=500, blank=True, validators=[validate_single_line])
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "ecosystem", "kind", "key", "period"],
                name="each_notification_once",
            )
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["ecosystem", "key"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id}: {self.subject}"

    @property
    def delivered_at(self) -> object:
        """When it left: on its own, or in the digest it went out with."""
        if self.status == self.Status.IN_DIGEST and self.digest is not None:
            return self.digest.sent_at
        return self.sent_at
