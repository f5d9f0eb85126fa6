import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from filmarchive.mentions import link_mentions
from reviews.models import stars as half_stars

register = template.Library()

# Inside a <script> element, these must not appear as themselves (they could close the element).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def stars(out_of_five):
    """A rating out of five (4.2, 4.5) as stars to the nearest half: '★★★★'."""
    if out_of_five is None or out_of_five == "":
        return ""
    return half_stars(round(float(out_of_five) * 2))


@register.filter
def with_mentions(text, links):
    """A paragraph, escaped, with the films and people it mentions linked to their pages."""
    return link_mentions(text, links or {})


@register.simple_tag
def json_ld(data):
    """A schema.org description of the page, for search engines."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def duration(delta):
    """A timedelta in words: 15 minutes, 1 hour, 2 hours 30 minutes."""
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
