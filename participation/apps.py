from django.apps import AppConfig

from core import page_actions
from pagecache import registry


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participation"
    verbose_name = "居民参与"

    def ready(self):
        from participation.page_actions import page_actions_for

        page_actions.provide(page_actions_for)
        # The storage service decides which stations' pages link to the pre-registration form.
        registry.invalidate_on(self.get_model("ParticipationSettings"))
