from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        # Load the segmenter and its dictionary once per process, at start-up (gunicorn preloads
        # the app, so workers share it), never on a resident's request.
        from search.segmentation import tokenizer

        tokenizer()
