"""Text normalisation shared by the models and the parser (one place decides what "clean" means)."""

from __future__ import annotations

import re

# Characters a spreadsheet or a web page smuggles in that mean "a space" or "nothing".
_SPECIAL = (
    ("\u00a0", " "),
    ("\u2007", " "),
    ("\u202f", " "),
    ("\u2009", " "),
    ("\u200a", " "),
    ("\u3000", " "),
    ("\ufeff", ""),
    ("\u200b", ""),
    ("\u00ad", ""),
)
_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Control characters other than tab and newline are never content in an export cell.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Abstract cells that stand for "no abstract" (compared case-insensitively, trailing dots ignored).
DEFAULT_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "abstract not found",
        "abstract not available",
        "no abstract",
        "no abstract available",
        "not found",
        "not available",
        "n/a",
        "na",
        "n.a.",
        "none",
        "null",
        "nil",
        "-",
        "--",
        "—",
        "–",
        "?",
        "tbd",
        "tba",
        "todo",
        "missing",
        "unknown",
        "(none)",
        "[none]",
        "(empty)",
        "abstract",
        "see paper",
        "placeholder",
    }
)


def replace_special(text: str, keep_tabs: bool = False) -> str:
    """Turn NBSP-like spaces into spaces and drop zero-width characters.

    ``str.replace`` per character beats ``str.translate`` by far on long non-ASCII text.
    """
    for char, by in _SPECIAL:
        if char in text and not (keep_tabs and char == "\t"):
            text = text.replace(char, by)
    return text


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def printable(text: str) -> bool:
    """``str.isprintable``, at a third of its cost on ASCII text (most cells).

    ``isprintable`` looks every character up in the Unicode tables; an ASCII text is printable
    when deleting its printable bytes leaves nothing, which runs at memory speed.
    """
    # isascii is O(1) (CPython knows a string's widest character). A line break, the usual
    # non-printable character, is found at once by a memchr scan, as isprintable would stop at it.
    if text.isascii() and "\n" not in text:
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def clean_line(text: str) -> str:
    """Collapse every run of blanks (NBSP and friends included) to one space and strip the ends."""
    # Fast path: printable text has no tab, line break, control, NBSP-like or zero-width
    # character, so only doubled or outer spaces could need work.
    if printable(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    if "\n" in text:
        # Hard-wrapped text: with every line break made a space, it is often already clean.
        flat = text.replace("\n", " ")
        if printable(flat) and "  " not in flat and flat[:1] != " " and flat[-1:] != " ":
            return flat
    if not text.isascii():
        text = replace_special(text)
    if CONTROL_CHARS.search(text):
        text = CONTROL_CHARS.sub("", text)
    # str.split() with no argument splits on every Unicode blank, line breaks included.
    return " ".join(text.split())


def join_paragraphs(text: str) -> str:
    """Join hard-wrapped lines with spaces; keep blank-line paragraph breaks as ``"\\n\\n"``."""
    if "\n" not in text:
        return clean_line(text)
    flat = text.replace("\n", " ")
    # A blank line would leave two spaces (or a tab or other blank) behind, so this is one
    # paragraph that needed nothing but its line breaks turned into spaces.
    if printable(flat) and "  " not in flat and flat[:1] != " " and flat[-1:] != " ":
        return flat
    if not _PARA_SPLIT.search(text):
        return clean_line(text)
    paragraphs = (clean_line(p) for p in _PARA_SPLIT.split(text.replace("\r", "")))
    return "\n\n".join(p for p in paragraphs if p)


def is_placeholder(text: str, placeholders: frozenset[str] = DEFAULT_PLACEHOLDERS) -> bool:
    """True when an abstract cell only says that there is no abstract."""
    if len(text) > 64:
        return False
    key = text.strip().lower().rstrip(".").strip()
    return key in placeholders or (key == "" and text.strip() != "")


# Placeholders of two or more words: a cell pasted before one ("...strategyAbstract not found")
# cannot make them read as anything else.
_LONG_PLACEHOLDERS = tuple(sorted(p for p in DEFAULT_PLACEHOLDERS if " " in p or "/" in p))


def ends_with_placeholder(text: str) -> bool:
    """True when ``text`` ends with a placeholder abstract such as "Abstract not found"."""
    return text.rstrip(" .").lower().endswith(_LONG_PLACEHOLDERS)
