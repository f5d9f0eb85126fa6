from django.views.generic import DetailView, ListView

from interviews.models import Interview


class InterviewListView(ListView):
    queryset = Interview.objects.select_related("interviewer").prefetch_related("subjects", "films")
    paginate_by = 20
    context_object_name = "interviews"


class InterviewDetailView(DetailView):
    queryset = Interview.objects.select_related("interviewer", "source").prefetch_related(
        "subjects", "films", "figures", "turns__speaker"
    )
    context_object_name = "interview"
