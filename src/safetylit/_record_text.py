"""What the duplicate detector compares, cleaned of how databases and exports write it.

One title reaches a list in many spellings: with HTML or MathML markup (``<sup>11</sup>C``), with
chemical notation in parentheses or not (``K(ATP)`` against ``KATP``, ``Ca(2+)`` against
``Ca2+``), with an erratum or reply note, with a translated title's language note, or decoded
with the wrong code page (mojibake). Venues and identifiers vary too: ``Int J Cardiol`` is
*International Journal of Cardiology*; ``…/CD001234.pub2`` is a version of ``…/CD001234``.
Each function here removes one such difference, so that what is left is evidence.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

# Tags of HTML and MathML (``<sup>``, ``</inf>``, ``<mml:mi>``): their text stays, glued to the
# word before it, as the plain spelling writes it ("<sup>11</sup>C" is "11C").
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# Parentheses glued to a word hold part of it in chemical and ion notation: K(ATP), Ca(2+),
# A(1), G(alphaq/11). A space before the parenthesis makes it an aside, which stays.
_GLUED_PARENS = re.compile(r"(?<=[^\W_]|[+)])\(([^()\s]{1,12})\)")
# Notes that databases append to a title about another record: an erratum, a comment, a
# retraction, a correction, or the volume and page of the original ("(vol 142, pg 310, 2003)").
_NOTE = re.compile(
    r"\s*[\[(][^\[\]()]*(?:errat|corrig|retract|comment|correct|reply|\bvol\b[^\[\]()]*\bp)"
    r"[^\[\]()]*[\])]",
    re.IGNORECASE,
)
# A reply or response named at the end of a title: "X - Reply", "X: author's reply".
_REPLY = re.compile(
    r"\s*[-–—:.]\s*(?:(?:the\s+)?authors?'?s?\s+)?"
    r"(?:reply|response to (?:the )?(?:letter|comment)s?)\.?\s*$",
    re.IGNORECASE,
)
# "Title. Chinese" or "Title. Italian\nTitolo": a database's note that the paper is written in
# another language, often followed by the original title on its own line.
_LANGUAGES = (
    "chinese|japanese|korean|german|french|italian|spanish|portuguese|russian|polish|dutch|"
    "czech|hungarian|turkish|danish|swedish|norwegian|finnish|greek|hebrew|persian|croatian|"
    "serbian|slovak|slovenian|romanian|bulgarian|ukrainian|lithuanian|estonian|latvian"
)
_LANGUAGE_NOTE = re.compile(
    rf"(?:\.\s*|\s*\[(?:article in )?)(?:{_LANGUAGES})\]?\.?\s*(?:\n.*)?$", re.I | re.S
)
# Bytes of UTF-8 read as Windows-1252 or Latin-1 start with these characters.
_MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
)
# Greek letters are spelt out ("kappa"), written as symbols or dropped by one database or
# another ("NF-kappa B", "NF-κB", "NF-B"), so they are no evidence either way.
_GREEK_TEXT = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
)
GREEK = frozenset(_GREEK_TEXT.split())
_VENUE_STOP_TEXT = "the of and for in on a an de des der die du la le el y et und"
_VENUE_STOP = frozenset(_VENUE_STOP_TEXT.split())
# Words that name an edition of a venue rather than the venue: "Proceedings of the 2018 …",
# "…, VOLS 1-3", "12th …" (words with digits go too).
_VENUE_EDITION_TEXT = "proceedings proc vol vols volume volumes part annual"
_VENUE_EDITION = frozenset(_VENUE_EDITION_TEXT.split())
# Words of titles that name a genre or a column, not a paper: a title made of these and the
# venue's own name ("Editorial", "Editor's Comments", "Remarks from MIS Quarterly Editor")
# is shared by many records.
_GENRE_TEXT = (
    "editorial editorials editor editors s comment comments remarks introduction preface foreword "
    "note notes letter letters reply replies response issue issues news announcement announcements "
    "guest special section review reviews book books contents index erratum errata correction "
    "corrections corrigendum acknowledgment acknowledgments acknowledgement acknowledgements "
    "reviewers obituary message from this welcome overview summary abstracts volume vol year "
    "president presidential address column commentary perspective perspectives viewpoint"
)
GENRE = frozenset(_GENRE_TEXT.split())
# A notice about another record: "Erratum to …", "Correction: …", "… : Correction to Lee et
# al. (2014)", "Retraction note". Not "Retracted: …", which is the retracted paper itself.
_NOTICE = re.compile(
    r"^\W*(?:erratum|errata|corrigendum|correction|retraction|expression of concern)\b(?!\s+of\b)"
    r"|\b(?:erratum|corrigendum|correction|retraction)(?:\s+notice|\s+note)?\s+(?:to|for|on)\b",
    re.IGNORECASE,
)
_VENUE_WORD = re.compile(r"[^\W_]+")
# DOI version suffixes: Cochrane's ".pub2" and the "v2" of preprint servers.
_DOI_VERSION = re.compile(r"(?:\.pub\d{1,2}|(?<=\d)v\d{1,2})$")


def fix_mojibake(text: str) -> str:
    """``text`` with UTF-8 read as Windows-1252 undone ("Ã©" is "é"), else unchanged.

    Examples:
        >>> fix_mojibake("CafÃ© culture")
        'Café culture'
    """
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return text


def strip_markup(text: str) -> str:
    """``text`` without HTML/MathML tags, entities decoded and glued parentheses opened.

    Examples:
        >>> strip_markup("<sup>11</sup>C-acetate and K(ATP) channels &amp; Ca(2+)")
        '11C-acetate and KATP channels & Ca2+'
    """
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "(" in text:
        text = _GLUED_PARENS.sub(r"\1", text)
    return text


def clean_title(title: str) -> str:
    """The title without markup, mojibake, notes about other records and language notes.

    Examples:
        >>> clean_title("Heart rate in rats [Erratum appears in J Biol 2003;5:1] - Reply")
        'Heart rate in rats'
        >>> clean_title("Preconditioning of the myocardium. Italian\\nIl precondizionamento")
        'Preconditioning of the myocardium'
    """
    if not _MAY_NEED_CLEANING(title):  # most titles: nothing to clean, told in a microsecond
        return title
    text = strip_markup(fix_mojibake(title))
    cleaned = _REPLY.sub("", _NOTE.sub("", _LANGUAGE_NOTE.sub("", text)))
    # A title that is nothing but a note ("Reply") stays itself.
    return cleaned if any(c.isalnum() for c in cleaned) else text


# Every pattern above needs one of these characters (or a non-ASCII one, for mojibake), or
# ends the title with "reply" or a language name after a full stop.
_MAY_NEED_CLEANING = re.compile(r"[<&(\[\n]|[^\x00-\x7f]|\.\s*\w+\.?\s*$|repl\w*\W*$", re.I).search


def fold(text: str) -> str:
    """``text`` in lower case without accents, so that "Über" and "uber" are one word."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1 << 14)  # a list names a few hundred venues
def venue_words(venue: str) -> tuple[str, ...]:
    """The words of a venue name (a lab, journal or conference) that name it, folded: no
    stop words, edition words ("Proceedings", "Vols") or words with digits ("2018", "12th")."""
    words = _VENUE_WORD.findall(fold(fix_mojibake(venue)))
    return tuple(
        w
        for w in words
        if w not in _VENUE_STOP and w not in _VENUE_EDITION and not any(c.isdigit() for c in w)
    )


def is_notice(title: str) -> bool:
    """Whether a (cleaned) title is a notice about another record: an erratum, a correction, a
    retraction notice.

    Examples:
        >>> is_notice("Erratum to: Sparse probes"), is_notice("Retracted: Sparse probes")
        (True, False)
    """
    low = title.lower()
    if "err" not in low and "corr" not in low and "retract" not in low and "concern" not in low:
        return False
    return _NOTICE.search(title) is not None


@functools.lru_cache(maxsize=1 << 16)  # a list names a few hundred venues, in many pairs
def venues_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two venue names can name one venue: every word of the one with fewer words
    (all but one from five words) matches a word of the other, in order, one word a prefix of
    the other (abbreviations such as "Int J Cardiol", a subtitle or a conference name added),
    or one name is the other's acronym. Empty names say nothing.

    Examples:
        >>> full = venue_words("International Journal of Cardiology")
        >>> venues_compatible(venue_words("Int J Cardiol"), full)
        True
        >>> venues_compatible(venue_words("Diabetologia"), venue_words("Diabetes"))
        False
    """
    if not a or not b or a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    matched, at = 0, 0
    for w in short:
        found = next((k for k in range(at, len(long)) if _abbreviates(w, long[k])), None)
        if found is not None:  # a word without counterpart leaves the place where it was
            matched, at = matched + 1, found + 1
    # A long name may differ in one word ("Networks" added, "Joint" dropped).
    if matched == len(short) or (len(short) >= 5 and matched >= len(short) - 1):
        return True
    # An acronym of the other name: "ICIS" for "International Conference on Information Systems".
    return any(
        len(w) >= 3 and w in "".join(v[0] for v in other)
        for name, other in ((a, b), (b, a))
        for w in name
    )


def _abbreviates(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def same_scheme_id(doi: str) -> str:
    """A DOI without its version suffix (``.pub2``, ``v2``): versions of one record share it.

    Examples:
        >>> same_scheme_id("10.1002/14651858.cd001234.pub3")
        '10.1002/14651858.cd001234'
        >>> same_scheme_id("10.1101/2020.01.02.123v2")
        '10.1101/2020.01.02.123'
    """
    return _DOI_VERSION.sub("", doi)
