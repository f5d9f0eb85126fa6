"""Members report reviews that break the rules; editors see the reports in the moderation list."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from filmarchive.text import MultilineField
from reviews.models import Review, ReviewReport


class ReportForm(forms.ModelForm):
    class Meta:
        model = ReviewReport
        fields = ["reason", "details"]
        widgets = {"reason": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"details": MultilineField}
        labels = {
            "reason": "What is wrong with it?",
            "details": "Anything the editors should know (optional)",
        }


def reports_in_the_last_hour(member):
    return ReviewReport.objects.filter(
        reporter=member, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    review = get_object_or_404(Review.objects.published().select_related("film", "author"), pk=pk)
    if review.member_id == request.user.pk:
        messages.info(request, "That is your own review: edit or delete it instead.")
        return redirect(review)
    already = ReviewReport.objects.filter(review=review, reporter=request.user).exists()
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and not already:
        if reports_in_the_last_hour(request.user) >= settings.REVIEW_REPORTS_PER_HOUR:
            status = 429
        elif form.is_valid():
            try:
                with transaction.atomic():
                    form.instance.review = review
                    form.instance.reporter = request.user
                    form.instance.created_at = timezone.now()
                    form.save()
            except IntegrityError:
                already = True  # a second submission, at the same moment as the first
            else:
                messages.success(request, "Thank you: the editors will look at it.")
                return redirect(review)
    return render(
        request,
        "reviews/review_report.html",
        {"review": review, "form": form, "already": already, "rate_limited": status == 429},
        status=status,
    )
