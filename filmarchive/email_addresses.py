"""Members' email addresses: one account per address, proved before it can reset a password.

- **Unique**, however capitalised (a database constraint on ``User``; sign-up and the account page say
  so first). That answer tells whether an address has an account, so a client, and a member signed in,
  is given it only a few times an hour (``check_address_free``).
- **Verified**: sign-up mails a link (signed with the secret key, naming the account and the address,
  good for ``VERIFICATION_LINK_DAYS``); following it and confirming marks the address verified. A
  signed-in member can ask for a new link. Nothing changes on a GET, so a mail scanner that opens the
  link verifies nothing.
- **Links** in these emails point to ``DJANGO_SITE_URL`` (settings.SITE_URL), never to the host and
  port a request named.
- **Password resets** go only to verified addresses, and the reset form answers the same whether the
  address belongs to an account or not: the same page, after the same work (the reset email is made
  for a stand-in account and not sent), and as soon (an account's email is sent apart from the
  request, so the mail server's time does not show). Requests are limited per client address and per
  email address, counted by the hour in the database (``RequestCount``).
"""

import hashlib
import logging
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from filmarchive.models import RequestCount, User
from filmarchive.signin import client_ip

logger = logging.getLogger(__name__)

VERIFICATION_SALT = "filmarchive.email_addresses.verification"
VERIFICATION_LINK_DAYS = 7
HOUR = 60 * 60


ADDRESS_IN_USE_TOO_OFTEN = "address_in_use_too_often"


def check_address_free(request, email: str, message: str, *, account: User | None = None) -> None:
    """Raises the form error ``message`` when an account other than ``account`` has ``email``, however
    capitalised.

    That answer is given to a client, and to a member signed in, at most as many times an hour as the
    reset form (which tells nobody) may be asked from one client. Once given so often, every address is
    refused alike, without being looked up, until the hour is out; the refusal does not depend on the
    address. Only the answers that an address is in use count, so someone correcting a form is not held
    back.
    """
    limit = settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR
    keys = [f"address-in-use:client:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"address-in-use:user:{request.user.pk}")
    too_often = forms.ValidationError(
        "Too many addresses that already have an account were tried in the last hour, so this one cannot be "
        "checked now. Try again later.",
        code=ADDRESS_IN_USE_TOO_OFTEN,
    )
    if any(counted(key) >= limit for key in keys):
        raise too_often
    others = User.objects.filter(email__iexact=email)
    if account is not None:
        others = others.exclude(pk=account.pk)
    if others.exists():
        # Every counter moves, as the reset form's do. Requests at the same moment may have been told
        # since the look above: past the limit, this one is refused like the rest.
        counts = [over_the_limit(key, limit) for key in keys]
        if any(counts):
            raise too_often
        raise forms.ValidationError(message, code="email_taken")


def clean_new_email(request, email: str) -> str:
    """A sign-up's address, refused when an account already has it, however capitalised."""
    check_address_free(
        request,
        email,
        "An account already uses this email address. Sign in, or reset the password if it is yours.",
    )
    return email


def verification_token(user: User) -> str:
    return signing.dumps([user.pk, user.email], salt=VERIFICATION_SALT, compress=True)


def user_to_verify(token: str) -> User | None:
    """The account a verification link names, while the link is fresh and the address unchanged."""
    try:
        pk, email = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=timedelta(days=VERIFICATION_LINK_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return User.objects.filter(pk=pk, email=email).exclude(email="").first()


def send_verification_email(request, user: User) -> None:
    """Mail ``user`` a link that verifies their address, and tell them so on the next page."""
    link = settings.SITE_URL + reverse("verify-email", args=[verification_token(user)])
    context = {"user": user, "link": link, "days": VERIFICATION_LINK_DAYS}
    subject = "".join(render_to_string("registration/email_verification_subject.txt", context).splitlines())
    body = render_to_string("registration/email_verification_email.txt", context)
    try:
        EmailMessage(subject, body, to=[user.email]).send()
    except Exception:
        # The account stands; the member can ask for another link once signed in.
        logger.exception("Failed to send the email verification link to user %s", user.pk)
        messages.error(request, "The email to confirm your address could not be sent; ask for another below.")
        return
    messages.info(request, f"We sent a link to {user.email}: follow it to confirm the address.")


SENDING_APART = "send-mail"


def send_apart(message: EmailMessage, what: str) -> None:
    """Send the message in a thread of its own, so that the request does not wait for the mail server.

    Not a daemon: a worker that is stopping finishes sending first. A failure is logged, as Django's
    reset form logs its own.
    """

    def send():
        try:
            message.send()
        except Exception:
            logger.exception("Failed to send %s", what)

    threading.Thread(target=send, name=SENDING_APART).start()


def counted(key: str) -> int:
    """How many requests ``key`` has counted in the hour since its first, without counting one more."""
    hour_ago = timezone.now() - timedelta(seconds=HOUR)
    counts = RequestCount.objects.filter(key=key, since__gt=hour_ago).values_list("count", flat=True)
    return counts.first() or 0


def over_the_limit(key: str, limit: int) -> bool:
    """Counts one more request under ``key`` in the hour since its first; true once more than ``limit``
    have come. The count is in the database, shared by every process, and exact under concurrency: a
    request waits for another counting the same key to commit."""
    now = timezone.now()
    hour_ago = now - timedelta(seconds=HOUR)
    with transaction.atomic():
        counted = RequestCount.objects.filter(key=key, since__gt=hour_ago).update(count=F("count") + 1)
        if not counted:
            # The first request in an hour: the counts of hours gone, this key's among them, go.
            RequestCount.objects.filter(since__lte=hour_ago).delete()
            _, created = RequestCount.objects.get_or_create(key=key, defaults={"since": now, "count": 1})
            if not created:  # another request began the hour meanwhile
                RequestCount.objects.filter(key=key).update(count=F("count") + 1)
        count = RequestCount.objects.values_list("count", flat=True).get(key=key)
    return count > limit


@require_http_methods(["GET", "POST"])
def verify_email(request, token):
    """The link from the email: GET shows what it would verify, POST verifies it."""
    user = user_to_verify(token)
    if user is None:
        return render(request, "registration/email_verification.html", {"state": "invalid"}, status=400)
    if request.method == "POST" and user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    state = "verified" if user.email_verified_at else "confirm"
    return render(request, "registration/email_verification.html", {"state": state, "address": user.email})


@login_required
@require_http_methods(["GET", "POST"])
def email_status(request):
    """A signed-in member's address, verified or not, and a new link on request."""
    user = request.user
    status = 200
    if request.method == "POST" and user.email and not user.email_verified_at:
        if over_the_limit(f"email-verification:user:{user.pk}", settings.EMAIL_VERIFICATIONS_PER_HOUR):
            messages.error(
                request, "Several links were sent in the last hour: use one of them, or try later."
            )
            status = 429
        else:
            send_verification_email(request, user)
    return render(request, "registration/email_status.html", {"member": user}, status=status)


class VerifiedAddressPasswordResetForm(PasswordResetForm):
    """Django's reset form, mailing only verified addresses, and doing the same work for any address."""

    def get_users(self, email):
        users = [user for user in super().get_users(email) if user.email_verified_at]
        # No account: a stand-in, whose email is made like any other and then dropped (send_mail).
        return users or [User(email=email)]

    def save(self, **kwargs):
        """Links to DJANGO_SITE_URL, never to whatever host and port the request named."""
        site = urlsplit(settings.SITE_URL)
        return super().save(**{**kwargs, "domain_override": site.netloc, "use_https": site.scheme == "https"})

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """The email is made for any address, and sent, to an account's only, apart from the request:
        the answer comes as soon whether the address has an account or not, however long the mail
        server takes (which would otherwise tell the two apart)."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email, [to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(render_to_string(html_email_template_name, context), "text/html")
        if context["user"].pk is not None:
            send_apart(message, f"the password reset email to user {context['user'].pk}")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = VerifiedAddressPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].casefold()
        # Both counters move on every request, so neither tells whether the other was reached.
        too_many = [
            over_the_limit(
                f"password-reset:client:{client_ip(self.request)}",
                settings.PASSWORD_RESETS_PER_CLIENT_PER_HOUR,
            ),
            over_the_limit(
                f"password-reset:email:{hashlib.sha256(email.encode()).hexdigest()}",
                settings.PASSWORD_RESETS_PER_EMAIL_PER_HOUR,
            ),
        ]
        if any(too_many):
            form.add_error(
                None,
                "Too many password resets were asked for, from here or for this address, in the last hour. "
                "Try again later; a link already sent still works.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
