"""The sign-in form: Django's, with its username held to what the database can keep.

Django's form only tells the browser how long a username may be; a longer one still went on to
authenticate(), and django-axes writes each failed sign-in's username to a column of its own (255
characters), which PostgreSQL refuses to overflow: a 500 where the answer is "too long".
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField

from filmarchive.models import User


def username_max_length():
    """The longest username that every column keeping one can hold."""
    models = (User, AccessAttempt, AccessLog, AccessFailureLog)
    return min(model._meta.get_field("username").max_length for model in models)


class SignInForm(AuthenticationForm):
    username = UsernameField(
        max_length=username_max_length(), widget=forms.TextInput(attrs={"autofocus": True})
    )
