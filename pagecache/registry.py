"""What invalidates the page cache, and when scheduled content next changes, as apps declare it.

The cache imports no content app. Each app says, in its own `AppConfig.ready()`:

- `invalidate_on(Model, ...)`: saving or deleting one of these starts a new cache generation
  (pages are covered already: every page type, publishing, unpublishing and moves);
- `next_change_from(function)`: `function(now)` returns when its content next appears or goes
  (a notice starting or ending), or None; cached pages never outlive that moment;
- `query_parameters(name, ...)`: the query parameters its pages read (filters, pagination). Only
  requests whose parameters are all known are stored: every distinct junk query string
  (`?utm_source=…`, cache busters) would otherwise be rendered and kept as a page of its own.
"""

from django.db.models.signals import post_delete, post_save

from pagecache.generation import new_generation

_next_change_sources = []
_query_parameters = set()


def invalidate_on(*models):
    for model in models:
        label = model._meta.label
        post_save.connect(new_generation, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(new_generation, sender=model, dispatch_uid=f"pagecache-del-{label}")


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
