"""What site search finds among interviews: their titles and introductions, and each turn's words."""

from filmarchive.search import Hit, SearchSource, snippet
from interviews.models import Interview, Turn


def _interview_hit(interview, words):
    names = ", ".join(person.name for person in interview.interviewer_list)
    return Hit(
        interview.title,
        interview.get_absolute_url(),
        snippet(interview.introduction, words),
        f"by {names}" if names else "",
    )


def _turn_hit(turn, words):
    return Hit(
        turn.interview.title,
        turn.get_absolute_url(),
        snippet(turn.body, words),
        f"{turn.get_kind_display()} by {turn.speaker.name}",
    )


INTERVIEWS = SearchSource(
    key="interviews",
    group="Interviews",
    order=30,
    model=Interview,
    hit=_interview_hit,
    main_fields=("title",),
    text_fields=("introduction",),
    restrict=lambda interviews: interviews.with_interviewers(),
)
TURNS = SearchSource(
    key="turns",
    group="Interviews",
    order=31,
    model=Turn,
    hit=_turn_hit,
    text_fields=("body",),
    related=("interview", "speaker"),
)
