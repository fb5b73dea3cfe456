"""The admin form every page type of the site uses: readable slugs and slug clashes explained.

A Chinese title gets a short pinyin slug (core/slugs.py) when the slug is left empty or holds
non-ASCII characters (the admin's script fills it in from the title as typed). A slug the admin
made up that clashes with a sibling (an abandoned draft with the same title, say) becomes slug-2; a
slug the editor chose that clashes is explained in Chinese next to the title, naming the page that
has it.
"""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from core.slugs import pinyin_slug, unique_among


class SitePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Left empty, it is made from the title (below); the admin explains that on the field.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "页面网址的最后一段，只用小写字母、数字和连字符。留空或含有汉字时，保存时按标题的拼音自动生成，"
                "例如“金山小区停水通知”→ jinshan-xiaoqu-tingshuitongzhi；生成后可以修改。"
            )

    def _parent(self):
        if self.parent_page is not None:
            return self.parent_page
        return self.instance.get_parent() if self.instance.pk else None

    def _siblings(self):
        parent = self._parent()
        if parent is None:
            return Page.objects.none()
        siblings = parent.get_children()
        return siblings.exclude(pk=self.instance.pk) if self.instance.pk else siblings

    def clean_slug(self):
        slug = (self.cleaned_data.get("slug") or "").strip()
        title = self.data.get("title", "") if self.is_bound else ""
        made_up = not slug or not slug.isascii()
        if not made_up:
            return slug
        source = title if title else slug
        generated = pinyin_slug(source)
        if not generated:
            return slug
        # Made up here, so it may take the next free number rather than fail.
        self.slug_was_generated = True
        taken = self._siblings().filter(slug__startswith=generated).values_list("slug", flat=True)
        return unique_among(generated, set(taken))

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug") or self.data.get("slug", "")
        # Looked up only when Wagtail found the slug taken: saves and autosaves pay nothing.
        holder = None
        if "slug" in self.errors and slug:
            holder = self._siblings().filter(slug=slug).only("title", "live").first()
        if holder is not None:
            # Replace Wagtail's message (on the 推广 tab, out of sight) with one next to the title.
            del self.errors["slug"]
            state = "已发布的页面" if holder.live else "草稿"
            link = reverse("wagtailadmin_pages:edit", args=[holder.pk])
            message = format_html(
                "网址名“{}”已被同一栏目下的{}《{}》使用。请在“推广”标签页改一个网址名，"
                '或<a href="{}">打开那个页面</a>继续编辑。',
                slug,
                state,
                holder.title,
                link,
            )
            self.add_error("title", forms.ValidationError(message))
            self.add_error(
                "slug", forms.ValidationError(f"网址名“{slug}”已被《{holder.title}》使用。")
            )
        return cleaned_data


def sibling_drafts_of(page):
    """Unpublished siblings with the same title: what an abandoned first attempt leaves behind."""
    return (
        Page.objects.sibling_of(page, inclusive=False)
        .filter(title=page.title, live=False)
        .only("title", "slug", "latest_revision_created_at")
    )
