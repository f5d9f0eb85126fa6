"""Multi-line text saved before line endings were normalised: CRLF and lone CR become LF."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Replace

FIELDS = [("review", "body")]


def use_newlines(apps, schema_editor):
    for model_name, field in FIELDS:
        model = apps.get_model("reviews", model_name)
        newlines = Replace(Replace(F(field), Value("\r\n"), Value("\n")), Value("\r"), Value("\n"))
        model.objects.filter(**{f"{field}__contains": "\r"}).update(**{field: newlines})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(use_newlines, migrations.RunPython.noop)]
