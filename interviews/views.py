"""The interviews: a list, and each conversation laid out as questions and answers."""

from django.views.generic import DetailView, ListView

from filmarchive.mentions import attach_links, mentions_by_source
from filmarchive.models import select_shown
from filmarchive.renames import FollowRenamesMixin
from interviews import structured_data
from interviews.models import Interview


class InterviewListView(ListView):
    queryset = Interview.objects.with_interviewers()
    paginate_by = 20
    context_object_name = "interviews"


class InterviewDetailView(FollowRenamesMixin, DetailView):
    queryset = select_shown(Interview.objects.all(), "source").prefetch_related(
        "interviewers", "subjects", "films", "figures", "turns__speaker"
    )
    context_object_name = "interview"

    def get_context_data(self, **kwargs):
        interview = self.object
        mentions = mentions_by_source([interview.source_id])
        attach_links(interview.turns.all(), mentions)
        attach_links([interview], mentions)
        named = {}
        for link in mentions.get(interview.source_id, ()):
            named.setdefault((link.film_id, link.person_id), link)
        return super().get_context_data(
            json_ld=structured_data.interview(self.request, interview, list(named.values())), **kwargs
        )
