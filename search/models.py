"""Search vocabulary editors maintain (synonyms) and what residents searched for in vain."""

from django.db import models

from wagtail.admin.panels import FieldPanel

SEPARATOR = "、"


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
        return [term.strip() for term in self.terms.split(SEPARATOR) if term.strip()]


class UnansweredQuery(models.Model):
    """A query that found nothing, counted, so editors can add content, synonyms or promotions."""

    query_string = models.CharField("搜索词", max_length=100, unique=True)
    hits = models.PositiveIntegerField("次数", default=0)
    last_searched_at = models.DateTimeField("最近一次", auto_now=True)

    class Meta:
        ordering = ["-hits"]
        verbose_name = "无结果的搜索"
        verbose_name_plural = "无结果的搜索"

    def __str__(self):
        return self.query_string
