"""Pagination shared by listings and search: a bad or out-of-range ?page= is a 404, never a 500."""

import heapq
import itertools
import math

from django.core.paginator import Paginator
from django.http import Http404


def paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    number = page_number(request, max(paginator.num_pages, 1))
    return paginator.page(number)


def page_number(request, last):
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= last:
        raise Http404("没有这一页")
    return int(number)


class Counted:
    """What a page's template reads of its paginator: the count, and whether it was cut off."""

    def __init__(self, count, per_page, more):
        self.count, self.more = count, more
        self.num_pages = max(math.ceil(count / per_page), 1)


class NewestFirstPage:
    """One page of several lists merged newest first (as Django's Page reads in templates)."""

    def __init__(self, number, object_list, paginator):
        self.number, self.object_list, self.paginator = number, object_list, paginator

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.paginator.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def paginate_newest_first(request, querysets, per_page, order=("-date", "-pk"), bound=1200):
    """A page of the querysets' rows merged in `order`, without counting or sorting all of them.

    Each queryset gives values_list rows whose first items are the `order` fields; each is read
    only as far as the page asked for (an index on the order fields makes that a short scan), and
    counted up to `bound` items: past that the page says "more than" and the pages stop (older
    items stay reachable through the filters, e.g. a month, and the sitemaps). Rows come back in
    their querysets' shape.
    """
    counts = [queryset.order_by()[: bound + 1].count() for queryset in querysets]
    total = sum(counts)
    more = total > bound
    paginator = Counted(min(total, bound), per_page, more)
    number = page_number(request, paginator.num_pages)
    end = number * per_page
    streams = [queryset.order_by(*order)[:end] for queryset in querysets]
    merged = heapq.merge(*streams, key=lambda row: row[: len(order)], reverse=True)
    rows = list(itertools.islice(merged, end - per_page, end))
    return NewestFirstPage(number, rows, paginator)
