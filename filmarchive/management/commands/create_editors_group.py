"""Create or update the "Editors" group: exactly the permissions to keep the archive.

    python manage.py create_editors_group

Editors may view, add, change and delete films, people, credits, mentions, reviews, interviews, turns
and figures; view and delete dismissed mentions (which lets a sync find them again); view, deal with
and delete members' reports of reviews; and add documents, replace their text and annotate them,
always through a plan they confirm (the admin's import).
They get nothing on users, groups or permissions. Running it again puts the group back to exactly that.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS = "Editors"
ALL = ("view", "add", "change", "delete")
EDITOR_PERMISSIONS = {
    "filmarchive": {
        "film": ALL,
        "person": ALL,
        "credit": ALL,
        "mention": ALL,
        "dismissedmention": ("view", "delete"),
        "sourcedocument": ("view", "add", "change"),
    },
    "reviews": {"review": ALL, "reviewreport": ("view", "change", "delete")},
    "interviews": {"interview": ALL, "turn": ALL, "figure": ALL},
}


def editor_permission_codenames():
    return {
        (app, f"{action}_{model}")
        for app, models in EDITOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    }


class Command(BaseCommand):
    help = "Create or reset the Editors group with exactly the permissions to keep the archive."

    @transaction.atomic
    def handle(self, *args, **options):
        wanted = editor_permission_codenames()
        permissions = [
            permission
            for permission in Permission.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        found = {(p.content_type.app_label, p.codename) for p in permissions}
        if missing := wanted - found:
            # Permissions are created by migrate; a database that was never migrated has none.
            missing_names = ", ".join(f"{app}.{codename}" for app, codename in sorted(missing))
            raise CommandError(f"Permissions missing (run 'python manage.py migrate' first): {missing_names}")
        group, created = Group.objects.get_or_create(name=EDITORS)
        group.permissions.set(permissions)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the {EDITORS} group with {len(permissions)} permissions.")
        )
