from django.apps import AppConfig

from pagecache import registry


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        # Synonyms change what remembered search answers contain.
        registry.invalidate_on(self.get_model("SynonymGroup"))
