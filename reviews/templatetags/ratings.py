"""Ratings as readers see them."""

from django import template

from reviews.models import stars as half_stars

register = template.Library()


@register.filter
def stars(out_of_five):
    """A rating out of five (4.2, 4.5) as stars to the nearest half: '★★★★'."""
    if out_of_five is None or out_of_five == "":
        return ""
    return half_stars(round(float(out_of_five) * 2))
