"""Chinese word segmentation for the search index and for queries, with the site's own dictionary.

Wagtail's database backends split text on spaces and punctuation, so an unbroken run of Chinese
characters is one token and 寄存 never matches 雪板免费寄存服务. Every searchable field is therefore
segmented with jieba (dictionary mode, HMM off, so results are repeatable) into space-separated
words before it is indexed, and queries are segmented the same way.
"""

import logging
import re
import threading
from pathlib import Path

import jieba

from modelsearch import index

DICTIONARY = Path(__file__).resolve().parent / "data" / "dictionary.txt"
# Letters and digits of any script; everything else (punctuation, FTS syntax) separates words.
WORD = re.compile(r"[^\W_]+", re.UNICODE)

_tokenizer = None
_lock = threading.Lock()


def tokenizer():
    """The process-wide jieba tokenizer with our dictionary, loaded once (see SearchConfig.ready)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                loaded = jieba.Tokenizer()
                loaded.initialize()
                loaded.load_userdict(str(DICTIONARY))
                _tokenizer = loaded
    return _tokenizer


def _cut(text, for_search):
    found = []
    for chunk in WORD.findall(text or ""):
        if chunk.isascii():
            found.append(chunk.lower())
        else:
            cut = tokenizer().cut_for_search if for_search else tokenizer().cut
            found.extend(w for w in cut(chunk, HMM=False) if w.strip())
    return found


def words(text):
    """All words of `text` at every granularity (城乡居民 → 城乡, 居民, 城乡居民), in order."""
    return _cut(text, for_search=True)


def query_words(text):
    """The words of a query as a resident meant them (城乡居民, not 城乡 + 居民): jieba's plain cut.

    Every such word is also a token of the index, since the index holds every granularity.
    """
    return _cut(text, for_search=False)


def segment(text):
    """Text as space-separated words, ready for a space-splitting full-text index."""
    return " ".join(words(text))


def flatten(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(flatten(item) for item in value)
    if isinstance(value, dict):
        return " ".join(flatten(item) for item in value.values())
    return str(value)


class SegmentedSearchField(index.SearchField):
    """A SearchField whose text is segmented into words before indexing."""

    def get_value(self, obj):
        return segment(flatten(super().get_value(obj)))
