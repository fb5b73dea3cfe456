"""A page served by Wagtail tells the page cache what it shows (pagecache.tags)."""

from wagtail import hooks

from pagecache import registry, tags


@hooks.register("before_serve_page")
def tag_the_page(page, request, serve_args, serve_kwargs):
    tags.depends_on(*registry.page_tags(page))
    # What the page shows beyond its own tree, as its type declares; every page by default.
    tags.depends_on(*getattr(page, "page_cache_tags", (tags.PAGES,)))
