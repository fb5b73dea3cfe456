"""What invalidates the page cache, and when scheduled content next changes, as apps declare it.

The cache imports no content app. Pages are Wagtail's, so the cache watches them itself (see
`page_changed`); each app says, in its own `AppConfig.ready()`:

- `invalidate_on(Model, ...)`: saving or deleting one of these retires the whole site (a new
  generation): settings, categories, synonyms — what many pages show;
- `affects(PageModel, function)`: `function(page)` yields the cache tags (pagecache.tags) that a
  change of such a page retires besides its own, its subtree, its ancestors and the pages that
  reference it — the lists it appears in (`list:articles`), the pages whose banner shows it — or
  `EVERYTHING` when every page shows it;
- `next_change_from(function)`: `function(now)` returns when its content next appears or goes
  (a notice starting or ending), or None; cached pages never outlive that moment;
- `query_parameters(name, ...)`: the query parameters its pages read (filters, pagination). Only
  requests whose parameters are all known are stored: every distinct junk query string
  (`?utm_source=…`, cache busters) would otherwise be rendered and kept as a page of its own.

Page types say what their pages show beyond their own tree with `page_cache_tags` (a tuple of
tags, e.g. the newsroom's `list:articles`); a page type without it depends on every page.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from pagecache import tags
from pagecache.generation import retire_tags

logger = logging.getLogger(__name__)

EVERYTHING = tags.SITE
# The home page is at depth 2 and the sections (catalogue, newsroom, communities …) at depth 3:
# the main navigation shows them on every page.
SECTION_DEPTH = 3
# A page saved with only these fields changed shows residents nothing new (a draft, a lock).
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_at",
        "locked_by",
    }
)

_next_change_sources = []
_query_parameters = set()
_page_effects = {}  # model -> [function(page) -> tags]
_purgers = []  # function(tags) called with every set of tags retired (the frontend cache)


def invalidate_on(*models):
    for model in models:
        label = model._meta.label
        post_save.connect(everything_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")


def affects(model, function):
    functions = _page_effects.setdefault(model, [])
    if function not in functions:
        functions.append(function)


def on_retire(function):
    if function not in _purgers:
        _purgers.append(function)


def page_tags(page):
    """The tags a response showing `page` itself carries: its own, and its ancestors' below home."""
    steps = range((SECTION_DEPTH - 1) * page.steplen, len(page.path), page.steplen)
    return {tags.at(page.path), *(tags.below(page.path[: end + page.steplen]) for end in steps)}


def retired_by(page):
    """The tags a change of `page` retires: itself and its subtree, its ancestors (their lists),
    the pages referencing it (Wagtail's reference index), what its app declared, and any
    response that depends on every page."""
    if page.depth <= SECTION_DEPTH:
        return {EVERYTHING}
    path, step = page.path, page.steplen
    retired = {tags.PAGES, tags.at(path), tags.shows(path), tags.below(path)}
    retired |= {tags.at(path[:end]) for end in range(2 * step, len(path), step)}
    retired |= {tags.at(source) for source in referencing_paths(page)}
    specific = page if type(page) is page.specific_class else page.specific_deferred
    for model in type(specific).__mro__:
        for function in _page_effects.get(model, ()):
            retired |= set(function(specific))
    return {EVERYTHING} if EVERYTHING in retired else retired


def referencing_paths(page):
    from wagtail.models import Page, ReferenceIndex

    sources = ReferenceIndex.get_references_to(page).filter(
        base_content_type=ReferenceIndex._get_base_content_type(Page)
    )
    ids = [int(object_id) for object_id in sources.values_list("object_id", flat=True)]
    return set(Page.objects.filter(pk__in=ids).values_list("path", flat=True)) if ids else set()


def retire(retired):
    """Retire the tags now and again when the transaction commits: a response rendered from the
    old rows in between carries the old versions and is not served afterwards."""
    retire_tags(retired)
    transaction.on_commit(lambda: retire_tags(retired))
    for purge in _purgers:
        try:
            purge(retired)
        except Exception:  # the CDN's purge must not stop an editor from publishing
            logger.exception("Could not purge the frontend cache")


def page_changed(instance, **_kwargs):
    """A page published, unpublished or deleted (connected to Wagtail's and Django's signals)."""
    try:
        retired = retired_by(instance)
    except Exception:
        logger.exception("Could not work out what a page change shows; retiring every page")
        retired = {EVERYTHING}
    retire(retired)


def page_saved(instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields and DRAFT_FIELDS.issuperset(update_fields)):
        return
    page_changed(instance, **kwargs)


def everything_changed(**_kwargs):
    retire({EVERYTHING})


def watch_pages(models):
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    # A move changes URLs and breadcrumbs wherever the page and its subtree appear.
    post_page_move.connect(everything_changed, dispatch_uid="pagecache-moved")
    for model in models:
        label = model._meta.label
        post_save.connect(page_saved, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(page_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")


def next_change_from(source):
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def next_change(now):
    """The soonest moment any registered source's content appears or goes, or None."""
    moments = [moment for source in _next_change_sources if (moment := source(now))]
    return min(moments, default=None)


def query_parameters(*names):
    _query_parameters.update(names)


def known_query(names):
    """Whether every one of these query parameter names was declared by some app."""
    return _query_parameters.issuperset(names)
