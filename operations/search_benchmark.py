"""Search benchmark: index many generated pages, then time segmenter start-up and queries.

Run through `make bench-search`, which points it at a scratch database; it refuses any database
whose name does not contain "bench", so it can never fill a real site with generated pages.
"""

import datetime
import random
import resource
import time
from statistics import median as statistics_median

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from communities.models import CommunityPage
from core.segmentation import DICTIONARY
from news.models import NewsPage
from search import documents, statistics
from search import query as site_search
from search.maintenance import analyze

QUERIES = {
    # 活动 is in every generated page's title, 社区 in about one in eight: the worst cases.
    "单词": ["寄存", "义剪", "低保", "医保", "社区", "活动"],
    "多词": ["老人 早餐", "雪板 寄存", "外卖小哥 充电", "残疾证 办理", "社区 活动"],
    "说法": ["孩子放学没人管", "水管冻了", "身份证丢了", "吃饭"],
    "地点": ["览景 理发", "览景社区电话", "解放路街道", "克兰社区几点开门"],
    "无结果": ["火星基地", "量子计算机"],
}
# Words the generated pages are written from: the site's own domain vocabulary.
VOCABULARY = [
    line.split()[0] for line in DICTIONARY.read_text(encoding="utf-8").splitlines() if line.strip()
] + [
    "社区",
    "居民",
    "老人",
    "服务",
    "活动",
    "志愿者",
    "党员",
    "网格",
    "冬季",
    "供暖",
    "早餐",
    "儿童",
    "健康",
    "政策",
    "咨询",
    "登记",
]


def ensure_scratch_database():
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"拒绝运行：数据库 {name} 的名称不含 bench（基准测试只在临时库上运行）。")


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _news_page(rng, number):
    words = rng.sample(VOCABULARY, 12)
    return NewsPage(
        title=f"{''.join(words[:3])}活动第{number}期",
        slug=f"bench-{number}",
        summary="，".join(words[3:8]) + "。",
        date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 300),
        body=[("paragraph", "<p>" + "，".join(words) + "。</p>")],
    )


def _insert_batch(numbers, rng, parents, content_type, now):
    """Write generated news pages the way a bulk import would: page rows in one statement, news
    rows in another, tree counters once, then index the batch in bulk.

    Adding pages one by one through Wagtail (add_child, a revision, signals) costs about 25 ms
    a page: hours for 100,000. The rows written here are what a published page has.
    """
    drafts, pages = [], []
    for number in numbers:
        parent = parents[number % len(parents)]
        draft = _news_page(rng, number)
        parent.numchild += 1
        pages.append(
            Page(
                title=draft.title,
                draft_title=draft.title,
                slug=draft.slug,
                content_type=content_type,
                path=Page._get_path(parent.path, parent.depth + 1, parent.next_step),
                depth=parent.depth + 1,
                url_path=f"{parent.url_path}{draft.slug}/",
                locale_id=parent.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
        parent.next_step += 1
        drafts.append(draft)
    Page.objects.bulk_create(pages)
    fields = NewsPage._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(NewsPage._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = []
    for page, draft in zip(pages, drafts, strict=True):
        draft.page_ptr_id = page.pk
        rows.append(
            [field.get_db_prep_save(getattr(draft, field.attname), connection) for field in fields]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    get_search_backend().add_bulk(
        NewsPage, NewsPage.get_indexed_objects().filter(pk__in=[page.pk for page in pages])
    )


def generate_pages(target, out, batch=1000):
    """Add generated news pages under the communities until there are `target` live pages."""
    rng = random.Random(7)
    have = Page.objects.live().count()
    parents = list(CommunityPage.objects.order_by("path"))
    for parent in parents:
        last = parent.get_last_child()
        parent.next_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(NewsPage)
    now = timezone.now()
    start = time.perf_counter()
    # Numbered from `have`, so a second run adds new slugs.
    numbers = range(have, max(target, have))
    for first in range(0, len(numbers), batch):
        with transaction.atomic():
            _insert_batch(numbers[first : first + batch], rng, parents, content_type, now)
            for parent in parents:
                Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild)
        done = first + batch
        if done % 10000 == 0:
            out(f"  已生成 {done} 页……")
    elapsed = time.perf_counter() - start
    analyze()
    return len(numbers), elapsed


def time_queries(repeats, out):
    """Each query `repeats` times: the query layer (`search()`) alone, then the whole search page
    through Django's request handling (middleware, view, template), as a resident gets it.

    The page is warmed once per query first (a new cache generation reads the synonyms, places and
    phrasings once per process). Statistics are written between timings, never inside one: on a
    server they are written after the response has gone (search.statistics).
    """
    client = Client(HTTP_HOST="localhost")
    rows = []
    for queries in QUERIES.values():
        for text in queries:
            client.get("/search/", {"q": text})
    statistics.flush()
    for label, queries in QUERIES.items():
        in_code, in_page = [], []
        for _ in range(repeats):
            for text in queries:
                started = time.perf_counter()
                site_search.search(text)
                in_code.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                response = client.get("/search/", {"q": text})
                in_page.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
                statistics.flush()
        rows.append((label, in_code, in_page))
    out(f"{'查询类型':<8}{'search() p50':>14}{'p95':>9}{'页面 p50':>12}{'p95':>9}  (毫秒)")
    for label, in_code, in_page in rows:
        out(
            f"{label:<8}{statistics_median(in_code):>14.1f}{percentile(in_code, 0.95):>9.1f}"
            f"{statistics_median(in_page):>12.1f}{percentile(in_page, 0.95):>9.1f}"
        )
    everything = [sample for _label, _code, page in rows for sample in page]
    out(
        f"{'全部页面':<8}{'':>14}{'':>9}{statistics_median(everything):>12.1f}"
        f"{percentile(everything, 0.95):>9.1f}"
    )
    return rows


def segmenter_cost():
    """Seconds and resident memory to load a fresh tokenizer with our dictionary."""
    import jieba

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(DICTIONARY))
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return elapsed, (after - before) / 1024


def run(pages, repeats, out):
    ensure_scratch_database()
    out(f"数据库：{connection.vendor}；目标页数：{pages}")
    seconds, megabytes = segmenter_cost()
    out(f"分词器加载：{seconds:.2f} 秒，内存增加约 {megabytes:.0f} MB（每个进程一次）")
    created, elapsed = generate_pages(pages, out)
    if created:
        out(
            f"生成并索引 {created} 页：{elapsed:.1f} 秒（每页 {elapsed / created * 1000:.1f} 毫秒）"
        )
    out(f"在线页面：{Page.objects.live().count()}；搜索文档：{documents.count()}")
    time_queries(repeats, out)
