from django.urls import path

from interviews import views
from interviews.feeds import LatestInterviewsFeed

app_name = "interviews"

urlpatterns = [
    path("interviews/", views.InterviewListView.as_view(), name="interview-list"),
    path("interviews/<uslug:slug>/", views.InterviewDetailView.as_view(), name="interview-detail"),
    path("feeds/interviews/", LatestInterviewsFeed(), name="feed"),
]
