"""Chinese word segmentation for the search index and for queries, with the site's own dictionary.

Wagtail's database backends split text on spaces and punctuation, so an unbroken run of Chinese
characters is one token and 寄存 never matches 雪板免费寄存服务. Every searchable field is therefore
segmented with jieba (dictionary mode, HMM off, so results are repeatable) into space-separated
words before it is indexed, and queries are segmented the same way.

Kazakh (Arabic script) is written with spaces between words, so a run of Arabic letters is one word,
never given to jieba. Residents type the same word several ways (an Arabic or Persian keyboard's
ي ک ه for the Kazakh ى ك ە, a tatweel to stretch a line, vowel marks, the hamza marker ٴ typed
alone or pre-composed as ٵ ٶ ٷ ٸ, Arabic-Indic digits), so Arabic letters are folded to one
spelling first (`fold`), the same for pages and queries. Text in any other script is untouched.
"""

import logging
import re
import threading
import unicodedata
from pathlib import Path

import jieba

from modelsearch import index

DICTIONARY = Path(__file__).resolve().parent / "data" / "dictionary.txt"
# Letters and digits of any script; everything else (punctuation, FTS syntax) separates words.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
# The Arabic script's blocks (letters, marks, digits, presentation forms).
ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFC),
)
ARABIC_RUN = re.compile(
    "[" + "".join(f"\\u{start:04x}-\\u{end:04x}" for start, end in ARABIC_BLOCKS) + "]+"
)
TATWEEL = "\u0640"
# The hamza marker: Kazakh writes ٴ before a word with front vowels, and residents often leave it
# out or type the Arabic ء instead; a search treats the word as the same either way.
HAMZAS = "\u0674\u0621"
# Letters Arabic and Persian keyboards give for the Kazakh ones: yeh (ي ی → ى), kaf (ک → ك), heh and
# teh marbuta (ه ة → ە).
VARIANTS = {
    "\u064a": "\u0649",
    "\u06cc": "\u0649",
    "\u06a9": "\u0643",
    "\u0647": "\u06d5",
    "\u0629": "\u06d5",
}


def _fold_letter(char):
    """One Arabic-script character in the search's spelling: its compatibility decomposition
    (NFKD: ٵ → ا ٴ, presentation forms → letters, أ → ا + hamza above) without marks (harakat),
    tatweel or hamza, letter variants folded, digits as ASCII digits."""
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.digit(char))
    folded = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.category(part) == "Mn" or part == TATWEEL or part in HAMZAS:
            continue
        folded.append(VARIANTS.get(part, part))
    return unicodedata.normalize("NFKC", "".join(folded))


FOLD = {
    code: folded
    for start, end in ARABIC_BLOCKS
    for code in range(start, end + 1)
    if (folded := _fold_letter(chr(code))) != chr(code)
}


def fold(text):
    """Text with its Arabic-script letters in the search's spelling (see the module's docstring);
    other scripts unchanged."""
    return text.translate(FOLD)


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
    for chunk in WORD.findall(fold(text or "")):
        if chunk.isascii():
            found.append(chunk.lower())
            continue
        cut = tokenizer().cut_for_search if for_search else tokenizer().cut
        start = 0
        for run in ARABIC_RUN.finditer(chunk):  # Kazakh words whole, the rest to jieba
            found.extend(w for w in cut(chunk[start : run.start()], HMM=False) if w.strip())
            found.append(run.group(0))
            start = run.end()
        found.extend(w for w in cut(chunk[start:], HMM=False) if w.strip())
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
