"""A resident's query as words: cleaned of control characters, cut into words, without the words
that carry no subject (我想办…, 哪里可以…)."""

import re
import unicodedata

from core.segmentation import tokenizer, words

MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """The query with control characters removed and whitespace folded; (text, was_truncated)."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in raw or ""
    )
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].strip(), True
    return text, False


STOPWORDS = {
    "我",
    "你",
    "想",
    "给",
    "的",
    "了",
    "在",
    "办",
    "要",
    "去",
    "能",
    "吗",
    "呢",
    "啊",
    "吧",
    "是",
    "有",
    "和",
    "与",
    "及",
    "请",
    "问",
    "怎么",
    "怎样",
    "如何",
    "哪里",
    "哪儿",
    "什么",
    "可以",
    "需要",
    "一下",
    "怎么办",
    "咋办",
    "咋",
    "该",
    "找",
    "谁",
    "家",
    "家里",
    "我家",
    "我们",
    "附近",
    "哪个",
    "哪些",
    "地方",
    "帮忙",
    "帮",
    "这个",
    "那个",
    "没法",
    "被",
}


def meaningful(found):
    """Drop stopwords and lone single characters (证, 站), but keep runs of single characters,
    which are usually a name the dictionary does not know (览 景 → 览景社区)."""
    found = [w for w in found if w not in STOPWORDS] or found
    kept = []
    for i, word in enumerate(found):
        neighbours = found[max(i - 1, 0) : i] + found[i + 1 : i + 2]
        if len(word) > 1 or any(len(n) == 1 for n in neighbours) or len(found) == 1:
            kept.append(word)
    return list(dict.fromkeys(kept))


HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def dictionary_words(text, shortest=2, longest=8):
    """Every dictionary word inside the text, overlapping ones too (水压低 → 水压, 压低; 招人吗 →
    招人): a query cut one way can mean words the pages were cut into another way."""
    frequencies = tokenizer().FREQ
    found = []
    for run in HAN_RUN.findall(text):
        for start in range(len(run)):
            for end in range(start + shortest, min(len(run), start + longest) + 1):
                if frequencies.get(run[start:end]):
                    found.append(run[start:end])
    return list(dict.fromkeys(found))


def parts(word):
    """The smaller words a compound is made of (停水通知 → 停水, 通知), or [] for a plain word."""
    if len(word) < 3:
        return []
    return [part for part in words(word) if part != word and len(part) >= 2]
