"""What search finds: each kind of public page, what a result says it is, and how it is ranked."""

from dataclasses import dataclass

from communities.models import CommunityPage, NoticePage, StreetPage
from core.models import BasePage
from news.models import NewsPage, StoryPage
from services_catalog.models import GuidePage, ServicePage

# The catalogue (services, guides, places, sections) is small and always ranked whole; articles
# grow without end, so only their newest matches are ranked (older news rarely answers a question).
CATALOGUE = "catalogue"
ARTICLES = "articles"
POOL_LIMITS = {CATALOGUE: 2000, ARTICLES: 500}


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    models: tuple
    # Services and guides are what residents come for: they outrank news of the same strength.
    weight: float
    pool: str
    # The text shown under a result's title (a notice has its body, other pages a summary).
    summary: str = "summary"
    # Words a page is also found by, beyond its search fields (a station's function areas).
    extra_text: tuple = ()


# Every public page type: a page type not named here (the home page, the catalogue and the
# newsroom's index pages, /communities/, /notices/) is a section (栏目).
KINDS = {
    kind.key: kind
    for kind in (
        Kind("service", "便民服务", (ServicePage,), 1.5, CATALOGUE),
        Kind("guide", "政务指南", (GuidePage,), 1.5, CATALOGUE),
        Kind(
            "community",
            "社区",
            (CommunityPage,),
            1.3,
            CATALOGUE,
            extra_text=("function_areas", "phone"),
        ),
        Kind("street", "街道", (StreetPage,), 1.2, CATALOGUE, extra_text=("address", "phone")),
        Kind("section", "栏目", (), 0.8, CATALOGUE),
        Kind("news", "社区动态", (NewsPage,), 1.0, ARTICLES),
        Kind("story", "志愿服务", (StoryPage,), 1.0, ARTICLES),
        Kind(
            "notice",
            "通知",
            (NoticePage,),
            1.0,
            ARTICLES,
            summary="body",
            extra_text=("kind_label", "affected_area"),
        ),
    )
}
SECTION = KINDS["section"]


def kind_of(model):
    """The kind of a page model, or None for what is not a public page (the tree's root)."""
    for kind in KINDS.values():
        if kind.models and issubclass(model, kind.models):
            return kind
    if issubclass(model, BasePage):
        return SECTION
    return None


def kinds_in(pool):
    return [kind for kind in KINDS.values() if kind.pool == pool]
