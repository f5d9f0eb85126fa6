"""Members' accounts: sign-up, and the address a sign-in comes from.

Signing in, out, and changing or resetting a password are Django's own views (django.contrib.auth.urls);
sign-up is the one view Django does not have. Each member gets a Person, so that their reviews sit
beside the critics' on every page.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from filmarchive.ingest.names import slugify
from filmarchive.models import Person, User
from filmarchive.redirects import safe_next


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


class SignUpForm(UserCreationForm):
    display_name = forms.CharField(
        max_length=100, label="Name shown with your reviews", help_text="Your name or a pen name."
    )
    email = forms.EmailField(help_text="Only for resetting your password; never shown.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "display_name", "email"]

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
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
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(safe_next(request, user.person))
    return render(request, "registration/sign_up.html", {"form": form})
