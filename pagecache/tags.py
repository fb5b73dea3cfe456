"""Cache tags: what a cached response shows, so that a change retires exactly the responses showing it.

Drupal's cache tags are the model. While a response is rendered, the code that shows something
says so (`depends_on`); the page cache stores the response with the *version* each of its tags had,
and serves it only while every version is unchanged. A change retires tags (`retire`): each gets a
new version, and every response that showed one is a miss from then on, on every server sharing
the cache.

The tags:

- `at:<path>`: one page as served: its content and the lists of what is below it; every page
  served carries its own (pagecache.wagtail_hooks), and a change retires it for the changed page
  and each of its ancestors;
- `shows:<path>`: another page's own content shown on a page (a service page lists the stations
  of the communities offering it); retired only when that page itself changes;
- `below:<path>`: a page as its descendants show it (breadcrumbs, its station in an article's
  structured data, a community's notices in its pages' banner); a page served carries one for each
  ancestor under the home page;
- `list:<name>`: a list an app names (`list:articles`, `list:notices`, `list:communities`);
- `pages`: any page at all, the default for responses that say nothing more precise (the
  sitemaps, the API, open data, page types without `page_cache_tags`);
- `site`: everything; its version is the cache generation (pagecache.generation), started by
  site-wide changes (settings, navigation, snippets shown on many pages).
"""

import contextvars
import time

SITE = "site"
PAGES = "pages"
# Bumped with every retirement: a response rendered while a change was committed is not stored.
CHANGES = "changes"
GENERATION_KEY = "page-cache-generation"
# Tag versions outlive the pages stored with them (PAGE_CACHE_SECONDS); a lost version is only a miss.
TAG_SECONDS = 24 * 3600

_collected = contextvars.ContextVar("pagecache_tags", default=None)


def at(path):
    return f"at:{path}"


def shows(path):
    return f"shows:{path}"


def below(path):
    return f"below:{path}"


def listing(name):
    return f"list:{name}"


def version_key(tag):
    return GENERATION_KEY if tag == SITE else f"page-cache-tag:{tag}"


def new_version():
    return time.time_ns()


# --- Collecting while a response is rendered ------------------------------------------------------


def start_collecting():
    """Collect the tags of the response about to be rendered (the middleware calls it)."""
    return _collected.set(set())


def stop_collecting(token):
    tags = _collected.get()
    _collected.reset(token)
    return tags


def depends_on(*tags):
    """The response being rendered shows what these tags stand for (no-op outside a response)."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def shows_pages(paths):
    """The response shows these pages' own content (e.g. a service page its communities' stations)."""
    depends_on(*(shows(path) for path in paths))


# --- Versions ------------------------------------------------------------------------------------


def current_versions(cache, tags):
    """{tag: version} of the tags that have one."""
    keys = {version_key(tag): tag for tag in tags}
    return {keys[key]: version for key, version in cache.get_many(list(keys)).items()}


def versions_to_store(cache, tags):
    """{tag: version} for all of `tags`, giving a version to those that have none yet."""
    found = current_versions(cache, tags)
    for tag in set(tags) - set(found):
        cache.add(version_key(tag), new_version(), None if tag == SITE else TAG_SECONDS)
    missing = set(tags) - set(found)
    if missing:
        found.update(current_versions(cache, missing))
    return found


def still_valid(cache, stored_versions):
    """Whether no tag of a stored response was retired since it was rendered."""
    return current_versions(cache, stored_versions) == stored_versions


def retire(cache, tags):
    """Give each tag a new version: responses that showed any of them are misses from now on."""
    version = new_version()
    cache.set_many(
        {version_key(tag): version for tag in {*tags, CHANGES} if tag != SITE}, TAG_SECONDS
    )
    if SITE in tags:
        cache.set(GENERATION_KEY, version, None)
