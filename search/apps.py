from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        # Django's app loading: model modules are imported once the registry is ready.
        from pagecache import registry

        # Synonyms change what remembered search answers contain.
        registry.invalidate_on(self.get_model("SynonymGroup"))
