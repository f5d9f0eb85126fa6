from django.urls import path

from reviews import reports, views
from reviews.feeds import LatestReviewsFeed

app_name = "reviews"

urlpatterns = [
    path("films/<uslug:slug>/reviews/", views.film_reviews, name="film-reviews"),
    path("people/<uslug:slug>/reviews/", views.person_reviews, name="person-reviews"),
    path("films/<uslug:slug>/review/", views.review_form, name="review-form"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="review-delete"),
    path("reviews/<int:pk>/report/", reports.report_review, name="review-report"),
    path("feeds/reviews/", LatestReviewsFeed(), name="feed"),
]
