from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("films/<slug:slug>/reviews/", views.FilmReviewListView.as_view(), name="film-reviews"),
    path("reviews/<int:pk>/", views.ReviewDetailView.as_view(), name="review-detail"),
]
