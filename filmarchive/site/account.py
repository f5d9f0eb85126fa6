"""A member's own pages: signing in for a reason, the welcome, the account, its data, closing it.

The account page (``/accounts/``) gathers what the archive holds about a member: their display name
(renaming their person, whose old address then leads to the new), their email address, their reviews,
and two downloads of them (JSON, with the reports of reviews they wrote, and a CSV that Letterboxd
imports). Closing an account deletes it, with its history, its sign-in records and what it wrote in
reports, in one transaction; the member chooses whether their reviews go too or stay, anonymised, under
the one "Former member" person.
"""

import csv
from urllib.parse import urlsplit

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from reversion.models import Revision, Version

from filmarchive import email_addresses
from filmarchive.admin import rename
from filmarchive.display_names import FORMER_MEMBER_NAME, FORMER_MEMBER_SLUG, free_person_slug, name_taken
from filmarchive.ingest.names import slugify
from filmarchive.models import Film, Person, SlugRedirect, User
from reviews.models import Review, ReviewReport

# The columns of Letterboxd's import format, in its order.
LETTERBOXD_COLUMNS = [
    "Date",
    "Name",
    "Year",
    "Letterboxd URI",
    "Rating",
    "Rewatch",
    "Review",
    "Tags",
    "Watched Date",
]


class SignInView(LoginView):
    """Django's sign-in, saying why when the page asked for is a film's review form."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_film"] = film_to_review(self.get_redirect_url())
        return context


def film_to_review(next_url):
    """The film whose review form ``next_url`` is, or None."""
    if not next_url:
        return None
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return None
    if match.view_name != "reviews:review-form":
        return None
    return Film.objects.filter(slug=match.kwargs.get("slug")).first()


@login_required
@require_safe
def welcome(request):
    return render(request, "registration/welcome.html")


# The account page and its forms --------------------------------------------------------------


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        max_length=100, label="Name shown with your reviews", help_text="Your name or a pen name."
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["display_name"].initial = person.name

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if name == self.person.name:
            raise forms.ValidationError("That is your name already.", code="unchanged")
        problem = name_taken(name, person=self.person)
        if problem:
            raise forms.ValidationError(problem, code="name_taken")
        return name


class CurrentPasswordForm(forms.Form):
    """A form for a signed-in member that asks for their password, last, before it changes anything."""

    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password"] = self.fields.pop("password")

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.", code="wrong_password")
        return password


class EmailForm(CurrentPasswordForm):
    email = forms.EmailField(
        label="New email address",
        help_text="Only for resetting your password.",
        # Django's form takes up to 320 characters, the column 254: a longer one would fail there.
        max_length=User._meta.get_field("email").max_length,
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, user=request.user, **kwargs)
        self.request = request

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if email.casefold() == self.user.email.casefold():
            raise forms.ValidationError("That is your email address already.", code="unchanged")
        email_addresses.check_address_free(
            self.request, email, "Another account uses that email address.", account=self.user
        )
        return email


def account_page(request, *, name_form=None, email_form=None, status=200):
    user = request.user
    reviews = Review._base_manager.filter(member=user).select_related("film").order_by("-created_at", "-pk")
    return render(
        request,
        "registration/account.html",
        {
            "name_form": name_form or (DisplayNameForm(person=user.person) if user.person else None),
            "email_form": email_form or EmailForm(request=request),
            "reviews": reviews,
        },
        status=status,
    )


@login_required
@require_safe
def account(request):
    return account_page(request)


def rename_member(user, name):
    """The member's person takes the new name, and a new slug when the name gives another; the old
    slug leads to the new."""
    person = user.person
    with transaction.atomic():
        old_name = person.name
        person.name = person.sort_name = name
        if slugify(name) != slugify(old_name):
            rename(person, free_person_slug(name), user)  # saves the person, and the old slug redirects
        else:
            person.save()


@login_required
@require_POST
def change_name(request):
    if request.user.person is None:
        raise PermissionDenied("This account has no name shown with reviews.")
    form = DisplayNameForm(request.POST, person=request.user.person)
    if not form.is_valid():
        return account_page(request, name_form=form, status=400)
    rename_member(request.user, form.cleaned_data["display_name"])
    messages.success(request, f"Your reviews now carry the name {request.user.person.name}.")
    return redirect("account")


@sensitive_post_parameters("password")
@login_required
@require_POST
def change_email(request):
    form = EmailForm(request.POST, request=request)
    if not form.is_valid():
        too_often = form.has_error("email", email_addresses.ADDRESS_IN_USE_TOO_OFTEN)
        return account_page(request, email_form=form, status=429 if too_often else 400)
    # Each change mails the new address: counted with the links asked for again (email_status), so
    # that one account cannot mail address after address.
    if email_addresses.over_the_limit(
        f"email-verification:user:{request.user.pk}", settings.EMAIL_VERIFICATIONS_PER_HOUR
    ):
        form.add_error(None, "Several links were sent in the last hour: change the address later.")
        return account_page(request, email_form=form, status=429)
    request.user.email = form.cleaned_data["email"]
    request.user.save(update_fields=["email"])  # unconfirmed until its new link is followed
    messages.success(request, "Your email address is changed.")
    email_addresses.send_verification_email(request, request.user)
    return redirect("account")


# Downloads -------------------------------------------------------------------------------------


def members_reviews(user):
    return Review._base_manager.filter(member=user).select_related("film").order_by("created_at", "pk")


def _iso(value):
    return value.isoformat() if value is not None else None


@never_cache  # the member's own data: no shared cache, nor the browser's, keeps a copy
@login_required
@require_safe
def data_json(request):
    """Everything the archive keeps about the member's account, every review they wrote, and every
    report of a review they made."""
    user = request.user
    person = user.person
    data = {
        "account": {
            "username": user.username,
            "display_name": person.name if person else None,
            "page": request.build_absolute_uri(person.get_absolute_url()) if person else None,
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "reviews": [
            {
                "film": {
                    "title": review.film.title,
                    "year": review.film.year,
                    "url": request.build_absolute_uri(review.film.get_absolute_url()),
                },
                "rating": review.rating_out_of_five,
                "text": review.body,
                "contains_spoilers": review.contains_spoilers,
                "status": review.status,
                "published_on": _iso(review.published_on),
                "created_at": _iso(review.created_at),
                "updated_at": _iso(review.updated_at),
                "url": request.build_absolute_uri(review.get_absolute_url()),
            }
            for review in members_reviews(user)
        ],
        "reports": [
            {
                "review": {
                    "film": {
                        "title": report.review.film.title,
                        "year": report.review.film.year,
                        "url": request.build_absolute_uri(report.review.film.get_absolute_url()),
                    },
                    "by": report.review.author.name,
                    "url": request.build_absolute_uri(report.review.get_absolute_url()),
                },
                "reason": report.reason,
                "details": report.details,
                "created_at": _iso(report.created_at),
                "resolved_at": _iso(report.resolved_at),
            }
            for report in ReviewReport.objects.filter(reporter=user)
            .select_related("review__film", "review__author")
            .order_by("created_at", "pk")
        ],
    }
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    # Django's helper: a username outside Latin-1 goes in ``filename*``, not garbling the header.
    response["Content-Disposition"] = content_disposition_header(True, f"film-archive-{user.username}.json")
    return response


# What a spreadsheet takes for the start of a formula (or, for tab and carriage return, lets one
# follow): a cell of text beginning so is opened as a formula, which can fetch or run things.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: str) -> str:
    """A text cell a spreadsheet shows as written: one that could start a formula gets a quote first."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def letterboxd_rating(rating):
    """Half stars as Letterboxd writes them: 9 -> "4.5", 8 -> "4"."""
    return "" if rating is None else f"{rating / 2:g}"


@never_cache
@login_required
@require_safe
def reviews_csv(request):
    """The member's reviews in Letterboxd's import format (matched there by title and year)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"film-archive-{request.user.username}-reviews.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    writer = csv.writer(response)
    writer.writerow(LETTERBOXD_COLUMNS)
    for review in members_reviews(request.user):
        written = review.published_on or (review.created_at.date() if review.created_at else None)
        writer.writerow(
            [
                _iso(written) or "",
                as_text_cell(review.film.title),
                review.film.year or "",
                "",  # a Letterboxd address is not known here; Letterboxd matches by title and year
                letterboxd_rating(review.rating),
                "",  # the archive does not know whether it was a rewatch
                as_text_cell(review.body),
                as_text_cell("spoilers" if review.contains_spoilers else ""),
                _iso(review.watched_on) or "",
            ]
        )
    return response


# Closing the account -----------------------------------------------------------------------------

REMOVE, KEEP = "remove", "keep"


class CloseAccountForm(CurrentPasswordForm):
    reviews = forms.ChoiceField(
        label="Your reviews",
        choices=[
            (REMOVE, "Remove them from the archive"),
            (KEEP, f"Keep them, anonymised: shown as by “{FORMER_MEMBER_NAME}”, with no link to you"),
        ],
        widget=forms.RadioSelect,
    )


class CannotClose(Exception):
    """Closing the account as asked would go wrong; nothing has changed."""


def former_member():
    """The one person that kept reviews of closed accounts are shown as by."""
    person, _ = Person.all_objects.get_or_create(
        slug=FORMER_MEMBER_SLUG, defaults={"name": FORMER_MEMBER_NAME, "sort_name": FORMER_MEMBER_NAME}
    )
    # A member who signed up before the address was kept for this would be given others' reviews.
    if User.objects.filter(person=person).exists():
        raise CannotClose(
            f"Your reviews cannot be kept just now: the “{FORMER_MEMBER_NAME}” page belongs to a member. "
            "Choose to remove them, or ask the editors. Nothing has changed."
        )
    return person


def forget_versions(model, object_ids):
    ids = [str(pk) for pk in object_ids]
    if ids:
        Version.objects.get_for_model(model).filter(object_id__in=ids).delete()


@transaction.atomic
def close_account(user, *, keep_reviews):
    """Delete the account, its reviews or their link to it, its person if nothing else needs it, what it
    wrote in reports of reviews, its sign-in records, and every version of them in the history."""
    person = user.person
    reviews = Review._base_manager.filter(member=user).select_for_update()
    # Every review the member ever saved, deleted ones too, is in the history under their name.
    review_type = ContentType.objects.get_for_model(Review)
    saved = Version.objects.filter(revision__user=user, content_type=review_type)
    ever = set(saved.values_list("object_id", flat=True))
    current = list(reviews.values_list("pk", flat=True))
    forget_versions(Review, ever | {str(pk) for pk in current})
    Revision.objects.filter(user=user).delete()
    if keep_reviews:
        anonymous = former_member()
        for review in reviews:
            review.author = anonymous
            review.member = None
            # Unique per review, as the database asks of one author's reviews of a film.
            review.first_published_in = f"former member, review {review.pk}"
            review.save()
    else:
        for review in reviews:
            review.delete()  # one by one: each takes its part out of its film's figures
    # The editors keep the member's reports, bare: the review and the reason, without who wrote them (the
    # account's deletion clears the reporter) nor what.
    reports = ReviewReport.objects.filter(reporter=user)
    forget_versions(ReviewReport, reports.values_list("pk", flat=True))
    reports.update(details="")
    # When and where they signed in, or failed to (with the browser each time).
    for record in (AccessLog, AccessAttempt, AccessFailureLog):
        record.objects.filter(username=user.get_username()).delete()
    user.delete()
    if person is not None and _only_a_members(person):
        forget_versions(Person, [person.pk])
        SlugRedirect.objects.filter(model=Person._meta.label_lower, new_slug=person.slug).delete()
        person.delete()


def _only_a_members(person):
    """Whether nothing but the member's account needed the person (an editor may have credited them,
    or a document named them)."""
    if person.source_id is not None:
        return False
    uses = ("reviews", "credits", "mentions", "interview_turns", "interviews_given", "interviews_conducted")
    people = Person.all_objects.filter(pk=person.pk)
    return not any(people.filter(**{f"{use}__isnull": False}).exists() for use in uses)


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def close(request):
    user = request.user
    if user.is_staff or user.is_superuser:
        # An editor's account holds the history of their edits: an administrator closes it.
        return render(request, "registration/close_account.html", {"refused": True}, status=403)
    form = CloseAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            close_account(user, keep_reviews=form.cleaned_data["reviews"] == KEEP)
        except CannotClose as problem:
            form.add_error(None, str(problem))
        else:
            logout(request)
            messages.success(request, "Your account is closed.")
            return redirect("filmarchive:home")
    count = Review._base_manager.filter(member=user).count()
    return render(
        request,
        "registration/close_account.html",
        {"form": form, "review_count": count},
        status=400 if request.method == "POST" else 200,
    )
