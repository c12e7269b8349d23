"""Where the URL cell ends, when the category is pasted onto it.

A URL's path mixes cases freely (post ids, short links, DOIs, file names), so a capital alone never
ends it; the rules here decide with the line's end, separators, known categories, the arXiv id's
grammar and the shape of the URL's last path segment.
"""

from __future__ import annotations

import re

from safetylit._boundaries import NUMBER_WORD, WINDOW, known_category
from safetylit._vocabulary import Vocabulary

__all__ = ["DUPLICATE", "URL_START", "split_url"]

# A scheme as typed, mistypes included ("https:/", "https//", "https:///"): classify_url repairs
# them and warns; here they only mark where the URL starts.
URL_START = re.compile(r"https?(?::/{1,3}|//)|www\.", re.IGNORECASE)
TOKEN = re.compile(r"[^\s]+")
DUPLICATE = re.compile(r"[\[(]\s*duplicate\s*[\])]\s*", re.IGNORECASE)
ARXIV_TAIL = re.compile(
    r"/(?:abs|pdf|html)/(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?"
)
# Latin-1 capitals too ("Éthique", "Übersicht"): categories are not all English.
CELL_START = re.compile(r"[A-ZÀ-ÖØ-Þ\"'“\[(]")
# The first word of a category pasted onto a URL: a capitalised or all-capital word, maybe
# hyphenated ("Multi-agent", "AI", "LLM-based"), running to the end of the URL's token.
WORD_TAIL = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|[A-Z]{2,6}s?)(?:-[A-Za-z]+)*(?::|\d+%?)?")
_MAX_TAIL = 40
FILE_END = re.compile(r"\.(?:pdf|html?|php|aspx?|txt|docx?)$", re.IGNORECASE)
PATH_CHARS = frozenset("_-/.=&?#%+~0123456789")


def split_url(
    text: str, after: int, categories: Vocabulary, decisions: list[tuple[str, str]] | None = None
) -> tuple[str | None, str]:
    """The URL cell and the rest of the row after it (glued category included)."""
    pos = after
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if pos < len(text) and text[pos] == "\n":
        pos += 1
    token_match = TOKEN.match(text, pos)
    if token_match is None:
        return None, text[pos:]
    token = token_match.group(0)  # no TAB inside: a TAB is whitespace
    if not URL_START.match(token) and not looks_like_url(token, text, pos, categories):
        return None, text[pos:]
    end = pos + len(token)
    cut, rule = url_end(text, pos, end, categories)
    if decisions is not None:
        decisions.append(("url", rule))
    return text[pos:cut], text[cut:]


def looks_like_url(token: str, text: str, pos: int, categories: Vocabulary) -> bool:
    if known_category(text[pos : pos + WINDOW], categories) is not None:
        return False
    return any(c in token for c in "./:") and not token[0].isupper()


def url_end(text: str, start: int, end: int, categories: Vocabulary) -> tuple[int, str]:
    """Where the URL really ends inside a token that may have the category pasted onto it, and
    the rule that decided it.

    A URL's path mixes cases freely (post ids, file names, DOIs), so a capital alone never ends
    it. A token that a TAB follows, or that ends its line with more of the row below, is the URL
    whole (but for a known category ending that line after a slug with no capital). Otherwise
    what ends it: a ``[Duplicate]`` marker or a known category starting inside the token, the
    end of an arXiv id followed by a letter, or, in the token's last path segment, a capitalised
    word that runs to the token's end (``.../slug-wordsLearning human intent``).
    """
    line_end = end >= len(text) or text[end] in "\n\r"
    # With more of the row on the next lines, the category is there, unless a known one ends
    # the line after a slug or id with no capital ("/research/fooRobustness"): in a CamelCase
    # segment ("/ProbingUnlearning") it is a word of the path.
    more_below = line_end and bool(text[end:].strip())
    if not line_end and text[end] == "\t":
        return end, "url:before-separator"
    scheme = text.find("://", start, end)
    body = start + (scheme - start + 3 if scheme >= 0 else 0)
    last_segment = max(text.rfind("/", body, end), body)
    for match in CELL_START.finditer(text, body + 1, end):
        i = match.start()
        if text[i] in "[(":
            if not more_below and DUPLICATE.match(text, i):
                return i, "url:before-duplicate-marker"
            continue
        name = known_category(text[i : i + WINDOW], categories)
        if name is None or in_path(text, i + len(name), end):
            continue
        if more_below and (
            i + len(name) != end
            or i <= last_segment
            or any(c.isupper() for c in text[last_segment + 1 : i])
        ):
            continue
        return i, "url:before-known-category"
    if line_end:
        return end, "url:line-end"
    arxiv = ARXIV_TAIL.search(text, body, end)
    if arxiv is not None and arxiv.end() < end and after_arxiv_id(text, arxiv.end()):
        return arxiv.end(), "url:arxiv-id-end"
    # A space and a capital after the token may be a separator, or the second word of a
    # category pasted on ("...pdfTesting RL agents"): a short capitalised tail ("...dEfGh") is
    # then more likely the end of an id.
    capital_next = text[end + 1 : end + 2].isupper()
    # A category's first word is short: only the token's last characters can hold it.
    for match in CELL_START.finditer(text, max(last_segment + 1, end - _MAX_TAIL), end):
        i = match.start()
        if WORD_TAIL.fullmatch(text, i, end) and (not capital_next or end - i >= 3):
            return i, "url:capitalised-word-after-path"
    if capital_next:
        return end, "url:before-separator"
    return end, "url:token-end"


def in_path(text: str, after: int, end: int) -> bool:
    """Whether a name found inside a URL's token, ending at ``after``, is part of the path: a
    path character follows it ("/Governance_be_...", "/Unlearning2/"), or the rest of the token
    holds one ("/ForecastingRewardModels_Final.pdf"). An abstract pasted on starts with a word
    or a number ("RobustnessWe ...", "Unlearning15% of ...")."""
    rest = text[after:end]
    if rest[:1] in PATH_CHARS and not NUMBER_WORD.match(text, after):
        return True
    return any(c in rest for c in "/_=?&#") or FILE_END.search(rest) is not None


def after_arxiv_id(text: str, end: int) -> bool:
    """Whether what follows a complete arXiv id starts the next cell: a letter (an id never
    goes on with one, except ".pdf", which the id pattern takes) or a quote or bracket."""
    return text[end].isalpha() or CELL_START.match(text, end) is not None
