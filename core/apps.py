from django.apps import AppConfig

from core.segmentation import tokenizer
from pagecache import registry


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "站点基础"

    def ready(self):
        # Load the segmenter and its dictionary once per process, at start-up (gunicorn preloads
        # the app, so workers share it), never on a resident's request.
        tokenizer()
        registry.invalidate_on(self.get_model("SiteSettings"))
