"""Old addresses keep working after an editor renames a record (``SlugRedirect``)."""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from filmarchive.models import SlugRedirect


class FollowRenamesMixin:
    """For a detail view found by slug: an old slug answers with a permanent redirect to the new one."""

    renamed_model = None  # the model whose slug the URL names, if not the view's own

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            model = self.renamed_model or getattr(self, "model", None) or self.get_queryset().model
            new = SlugRedirect.new_slug_for(model, kwargs.get("slug", ""))
            if new is None:
                raise
            match = request.resolver_match
            url = reverse(
                f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name,
                args=args,
                kwargs={**kwargs, "slug": new},
            )
            if request.META.get("QUERY_STRING"):
                url += f"?{request.META['QUERY_STRING']}"
            return HttpResponsePermanentRedirect(url)


def follow_renames(model):
    """For a function view found by slug: an old slug answers with a permanent redirect to the new one."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, slug, **kwargs):
            try:
                return view(request, *args, slug=slug, **kwargs)
            except Http404:
                new = SlugRedirect.new_slug_for(model, slug)
                if new is None:
                    raise
                match = request.resolver_match
                name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
                url = reverse(name, args=args, kwargs={**kwargs, "slug": new})
                query = request.META.get("QUERY_STRING")
                return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

        return wrapped

    return decorate
