"""E-mail notifications: each member's choices per ecosystem, and the one-click
unsubscribe link every message carries (which works without signing in)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..access import EcosystemRequest, role_required
from ..crumbs import trail
from ..models import Membership, Role
from ..models.notifications import (
    Delivery,
    Notification,
    NotificationSetting,
    Topic,
)
from ..notifications import tokens

RECENT = 10  # messages listed on the settings page


def topics_for(membership: Membership) -> list[Topic]:
    return [t for t in Topic if membership.is_coordinator or not t.for_coordinators_only]


class NotificationSettingsForm(forms.Form):
    """One choice per topic: at once, in the daily digest, or not at all."""

    def __init__(self, membership: Membership, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.membership = membership
        chosen = NotificationSetting.objects.of(membership)
        for topic in topics_for(membership):
            self.fields[topic.value] = forms.ChoiceField(
                label=topic.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=chosen[topic],
            )

    @transaction.atomic
    def save(self) -> None:
        for topic in topics_for(self.membership):
            NotificationSetting.objects.update_or_create(
                membership=self.membership,
                topic=topic,
                defaults={"delivery": self.cleaned_data[topic.value]},
            )


@role_required(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def notification_settings(request: EcosystemRequest) -> HttpResponse:
    form = NotificationSettingsForm(request.membership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices for e-mail notifications were saved."))
        return redirect("ecosystem:notification_settings", ecosystem_slug=request.ecosystem.slug)
    recent = (
        Notification.objects.for_ecosystem(request.ecosystem)
        .filter(recipient=request.user)
        .exclude(kind="digest")
        .select_related("digest")[:RECENT]
    )
    return render(
        request,
        "ecosystem/notification_settings.html",
        {
            "form": form,
            "recent": recent,
            "crumbs": trail(current=gettext_lazy("E-mail notifications")),
        },
    )


def _stops(unsubscribe: tokens.Unsubscribe) -> str:
    """What the link stops, in the member's words."""
    if unsubscribe.topic == tokens.DIGEST:
        return _("the daily digest (and the messages it gathers)")
    try:
        return str(Topic(unsubscribe.topic).label).lower()
    except ValueError:
        return ""


@login_not_required
@csrf_exempt  # RFC 8058: a mail program posts here without a page, hence without a token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link checkers in mail systems open links, and must not unsubscribe
    anyone); POST, from the page's button or from the mail program, stops the messages."""
    found = tokens.read_token(token)
    what = _stops(found) if found else ""
    if found is None or not what:
        return render(request, "ecosystem/unsubscribe.html", {"invalid": True}, status=404)
    context = {"found": found, "what": what, "done": False}
    if request.method == "POST":
        turn_off(found)
        context["done"] = True
    context["settings_url"] = reverse(
        "ecosystem:notification_settings", args=[found.membership.ecosystem.slug]
    )
    return render(request, "ecosystem/unsubscribe.html", context)


@transaction.atomic
def turn_off(found: tokens.Unsubscribe) -> None:
    """Stop one topic, or, for the digest, every topic the member gets in it (and what is
    waiting for the next digest)."""
    membership = found.membership
    if found.topic == tokens.DIGEST:
        chosen = NotificationSetting.objects.of(membership)
        topics = [t for t in Topic if chosen[t] == Delivery.DIGEST]
    else:
        topics = [Topic(found.topic)]
    for topic in topics:
        NotificationSetting.objects.update_or_create(
            membership=membership, topic=topic, defaults={"delivery": Delivery.OFF}
        )
    Notification.objects.filter(
        recipient_id=membership.user_id,
        ecosystem_id=membership.ecosystem_id,
        topic__in=topics,
        status__in=[Notification.Status.QUEUED, Notification.Status.HELD],
    ).update(status=Notification.Status.TURNED_OFF)
