from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("films/<slug:slug>/reviews/", views.FilmReviewListView.as_view(), name="film-reviews"),
    path("films/<slug:slug>/review/", views.review_form, name="review-form"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:pk>/delete/", views.review_delete, name="review-delete"),
]
