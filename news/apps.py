from django.apps import AppConfig

from pagecache import registry


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "社区动态"

    def ready(self):
        # The content check's rule for articles (registers itself on import).
        from news import checks  # noqa: F401
        from news.models import ARTICLES, NewsPage, StoryPage

        # The newsroom's and the feeds' filters (news.forms).
        registry.query_parameters("community", "street", "kind", "tag", "month")
        # A news item or story is in the newsroom and its feeds besides its community's pages.
        for model in (NewsPage, StoryPage):
            registry.affects(model, lambda page: [ARTICLES])
