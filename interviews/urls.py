from django.urls import path

from interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.InterviewListView.as_view(), name="interview-list"),
    path("<slug:slug>/", views.InterviewDetailView.as_view(), name="interview-detail"),
]
