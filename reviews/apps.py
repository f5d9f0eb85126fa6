from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from filmarchive.search import register
        from reviews import signals
        from reviews.search import REVIEWS

        register(REVIEWS)
        signals.connect()
