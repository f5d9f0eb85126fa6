from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "interviews"

    def ready(self):
        from filmarchive.search import register
        from interviews.search import INTERVIEWS, TURNS

        register(INTERVIEWS)
        register(TURNS)
