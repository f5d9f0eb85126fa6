"""Members' accounts: sign-up (the address a sign-in comes from is filmarchive.signin's).

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

from filmarchive import email_addresses
from filmarchive.display_names import free_person_slug, name_taken
from filmarchive.models import Person, User
from filmarchive.redirects import safe_next
from filmarchive.signin import client_ip

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
    email = forms.EmailField(
        help_text="Only for resetting your password, once you confirm it from the email we send; never shown."
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_email(self):
        return email_addresses.clean_new_email(self.request, self.cleaned_data["email"])

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "display_name", "email"]

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        problem = name_taken(name)
        if problem:
            raise forms.ValidationError(problem, code="name_taken")
        return name

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
            user.person = Person.objects.create(name=name, slug=free_person_slug(name), sort_name=name)
            user.save()
        return user


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("filmarchive:home")
    form = SignUpForm(request.POST or None, request=request)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Counts the sign-ups that would go through: each makes an account and mails an address.
        if email_addresses.over_the_limit(f"sign-up:client:{client_ip(request)}", settings.SIGN_UPS_PER_HOUR):
            form.add_error(None, "Too many accounts were made from here in the last hour. Try again later.")
            status = 429
        elif (user := form.save()) is not None:
            email_addresses.send_verification_email(request, user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(safe_next(request, "account-welcome"))
    if request.method == "POST" and form.has_error("email", email_addresses.ADDRESS_IN_USE_TOO_OFTEN):
        status = 429
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "registration/sign_up.html", context, status=status)
