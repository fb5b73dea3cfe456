"""Search vocabulary editors maintain (synonyms, residents' everyday phrasings) and what residents
searched for in vain."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

SEPARATOR = "、"
MAX_PHRASE_LENGTH = 30


def split_terms(text):
    return [term.strip() for term in (text or "").split(SEPARATOR) if term.strip()]


class SynonymGroup(models.Model):
    """Words residents use for the same thing, e.g. 低保、最低生活保障; a query for one finds all."""

    terms = models.CharField(
        "同义词",
        max_length=300,
        unique=True,
        help_text="用“、”分隔，例如：低保、最低生活保障、低保金",
    )

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "同义词组"
        verbose_name_plural = "同义词组"

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return split_terms(self.terms)


class SearchIntent(ClusterableModel):
    """How residents put a problem in their own words (孩子放学没人管, 水管冻了, 身份证丢了), and
    the pages that answer it: a query containing one of the phrasings lists those pages first."""

    phrases = models.CharField(
        "居民的说法",
        max_length=300,
        help_text="居民会怎么说，用“、”分隔，每个说法不超过30个字，例如：孩子放学没人管、放学没人接。"
        "搜索内容里包含其中任何一个说法（或说法里的所有词），就先列出下面的页面。",
    )
    search_words = models.CharField(
        "也按这些词搜索",
        max_length=200,
        blank=True,
        help_text="可选。用“、”分隔的站内用词，例如：托管、课后服务；搜索时会把这些词也找一遍。",
    )
    note = models.CharField(
        "备注", max_length=200, blank=True, help_text="给其他编辑看的说明，不在网站上显示。"
    )
    # Intents shipped in search/data/intents.json carry their key there; editors' own have none.
    key = models.CharField(max_length=60, unique=True, null=True, blank=True, editable=False)
    # The shipped content as last written by seeding: while it is unchanged, a newer data file
    # may update the intent; once an editor changes it, seeding leaves it alone.
    shipped_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    panels = [
        FieldPanel("phrases"),
        InlinePanel("answers", heading="先列出的页面", label="页面", min_num=0),
        FieldPanel("search_words"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["phrases"]
        verbose_name = "居民常见说法"
        verbose_name_plural = "居民常见说法"

    def __str__(self):
        return self.phrases

    @property
    def phrase_list(self):
        return split_terms(self.phrases)

    @property
    def search_word_list(self):
        return split_terms(self.search_words)

    def clean(self):
        super().clean()
        errors = {}
        phrases = self.phrase_list
        if not phrases:
            errors["phrases"] = "请至少写一个说法。"
        elif too_long := [p for p in phrases if len(p) > MAX_PHRASE_LENGTH]:
            errors["phrases"] = f"说法太长（超过{MAX_PHRASE_LENGTH}个字）：{too_long[0]}"
        elif len(set(phrases)) != len(phrases):
            errors["phrases"] = "有重复的说法。"
        if errors:
            raise ValidationError(errors)

    def fingerprint(self, page_paths):
        """A digest of what seeding writes: the phrasings, the words and the pages."""
        content = [self.phrases, self.search_words, self.note, list(page_paths)]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


class IntentAnswer(Orderable):
    """A page that answers a phrasing, in the order it is listed."""

    intent = ParentalKey(SearchIntent, on_delete=models.CASCADE, related_name="answers")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = "先列出的页面"
        constraints = [
            models.UniqueConstraint(fields=["intent", "page"], name="unique_intent_page")
        ]


class ShippedDataVersion(models.Model):
    """The version of a shipped data file (search/data/) that seeding last loaded."""

    name = models.CharField(max_length=60, unique=True)
    version = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name} v{self.version}"


class UnansweredQuery(models.Model):
    """A query that found nothing, counted: the editors' to-do list (a synonym, a phrasing or
    new content answers it)."""

    query_string = models.CharField("搜索词", max_length=100, unique=True)
    hits = models.PositiveIntegerField("次数", default=0)
    last_searched_at = models.DateTimeField("最近一次", auto_now=True)
    intent = models.ForeignKey(
        SearchIntent,
        verbose_name="已转为常见说法",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unanswered_queries",
    )

    class Meta:
        ordering = ["-hits"]
        verbose_name = "无结果的搜索"
        verbose_name_plural = "无结果的搜索"

    def __str__(self):
        return self.query_string

    @property
    def handled(self):
        return self.intent_id is not None
