"""Members' accounts: sign-up, and the address a sign-in comes from.

Signing in, out, and changing or resetting a password are Django's own views (django.contrib.auth.urls);
sign-up is the one view Django does not have. Each member gets a Person, so that their reviews sit
beside the critics' on every page.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.db import connection, transaction
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from filmarchive.ingest.names import slugify
from filmarchive.models import Person, User


def client_ip(request):
    """The client's address: the connection's, or, behind trusted proxies, the one they saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def unique_person_slug(name):
    base = slugify(name) or "member"
    slug, number = base, 1
    while Person.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# The key of the PostgreSQL advisory lock that sign-ups take turns on ("sign-up" in ASCII).
SIGN_UP_LOCK = int.from_bytes(b"sign-up")


def take_turns_with_other_sign_ups():
    """Hold other sign-ups back until this transaction ends.

    A sign-up's checks (the username and name are free) and its writes must not interleave with
    another's: two that both passed their checks would otherwise both write, and one would meet the
    database's unique constraints as a server error. SQLite lets one connection write at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SIGN_UP_LOCK])


class SignUpForm(UserCreationForm):
    display_name = forms.CharField(
        max_length=100, label="Name shown with your reviews", help_text="Your name or a pen name."
    )
    email = forms.EmailField(help_text="Only for resetting your password; never shown.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "display_name", "email"]

    def save(self, commit=True):
        """The new member's account and person; None, with the form's errors saying why, when another
        sign-up took the username or name after this form was checked."""
        user = super().save(commit=False)  # hashing the password is the slow part: before the lock
        with transaction.atomic():
            take_turns_with_other_sign_ups()
            self.full_clean()  # again, now that every earlier sign-up is committed
            if not self.is_valid():
                return None
            name = self.cleaned_data["display_name"].strip()
            user.person = Person.objects.create(name=name, slug=unique_person_slug(name), sort_name=name)
            user.save()
        return user


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("filmarchive:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (user := form.save()) is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(request.GET.get("next") or user.person.get_absolute_url())
    return render(request, "registration/sign_up.html", {"form": form})
