"""Builds the site's base: the Wagtail Site and its home page. Idempotent."""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Page, Site

from core.localization import in_default_language
from core.models import SiteSettings
from home.models import HomeFeaturedService, HomePage
from services_catalog.models import ServicePage

HOME = {
    "title": "首页",
    "slug": "home",
    "seo_title": "阿勒泰市社区便民服务与办事指南",
    "hero_text": "查一查您家门口的社区服务站能办什么事、带什么材料、几点开门。"
    "办不明白的，社区可以帮您代办。",
    "summary": "阿勒泰市社区服务网络：112项便民服务、32项政务服务办事指南、各社区活动与志愿服务。",
}


def ensure_home_page(log):
    """Return the live home page, creating it (and replacing Wagtail's welcome page) if needed."""
    # Wagtail's initial migration leaves a "Welcome" page (and a Site on it) with none of our content.
    for welcome in Page.objects.filter(depth=2, content_type__app_label="wagtailcore"):
        welcome.delete()
        log("删除 Wagtail 默认欢迎页")
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(**HOME)
        root.add_child(instance=home)
        home.save_revision().publish()
        log(f"创建首页：{home.title}")
    site_name = SiteSettings._meta.get_field("site_name").default
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # The public address comes from WAGTAILADMIN_BASE_URL; editors can change it under 设置 → 站点.
        address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site = Site.objects.create(
            hostname=address.hostname,
            port=address.port or (443 if address.scheme == "https" else 80),
            root_page=home,
            is_default_site=True,
            site_name=site_name,
        )
        log("创建默认站点")
    elif site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or site_name
        site.save()
        log("默认站点指向首页")
    # One public address for pages, feeds, sitemaps, robots.txt, print footers and QR codes: the
    # WAGTAILADMIN_BASE_URL setting (`make run` sets it from PORT); the default Site follows it.
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    if (site.hostname, site.port) != (address.hostname, port):
        site.hostname, site.port = address.hostname, port
        site.save()
        log(f"默认站点地址改为 {site.root_url}")
    SiteSettings.for_site(site)  # the settings row, with its defaults, exists from the start
    return home


# The front door's "常用服务" as shipped: what residents of every kind come for most.
FEATURED_SERVICES = ["FW-101", "FW-004", "FW-027", "FW-051", "FW-002", "FW-110"]


def seed_featured_services(home, log):
    """The shipped most-used services, once: a list the editors changed is theirs."""
    if home.featured_services.exists():
        return
    services = {
        page.code: page
        for page in in_default_language(ServicePage.objects.filter(code__in=FEATURED_SERVICES))
    }
    home = home.get_latest_revision_as_object()
    home.featured_services = [
        HomeFeaturedService(service=services[code], sort_order=order)
        for order, code in enumerate(FEATURED_SERVICES)
        if code in services
    ]
    home.save_revision().publish()
    log(f"首页常用服务：{len(home.featured_services.all())} 项")
