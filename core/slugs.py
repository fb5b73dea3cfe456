"""Short ASCII page slugs from Chinese titles: 金山小区停水通知 → jinshan-xiaoqu-tingshui-tongzhi.

Web addresses made of Chinese characters turn into ~170-character percent-encoded strings when
shared; pinyin by word (jieba's cut, as search uses) keeps them short and readable.
"""

from pypinyin import lazy_pinyin

from django.utils.text import slugify

from core.segmentation import query_words

MAX_SLUG_LENGTH = 50


def pinyin_slug(text, max_length=MAX_SLUG_LENGTH):
    """A slug of the text's words in pinyin, joined by hyphens, cut at a word boundary."""
    parts = []
    for word in query_words(text):
        part = slugify("".join(lazy_pinyin(word, errors="default")))
        if part:
            parts.append(part)
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (parts[0][:max_length] if parts else "")


def unique_among(slug, taken):
    """`slug`, or slug-2, slug-3 … the first not in `taken`."""
    if slug not in taken:
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"
