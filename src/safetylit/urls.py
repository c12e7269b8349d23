"""Classify paper URLs and extract arXiv, DOI and OpenReview identifiers.

:func:`classify_url` turns one messy spreadsheet cell into a :class:`UrlInfo`: what kind of
page it is (:class:`UrlKind`), the identifiers it carries and a canonical URL to deduplicate on.
It is pure and never raises.

Kinds come from an ordered table of :class:`HostRule` rows (:data:`DEFAULT_RULES`, first match
wins); callers may pass extra rules that are tried first. Rules of kind ARXIV, DOI and OPENREVIEW
also run an identifier extractor: a URL on such a host without a valid identifier (an arXiv
listing, month 13, a truncated id) is OTHER, because the host is known but the page is no paper.

Canonical URLs:

* arXiv ``https://arxiv.org/abs/<id>`` (no version), DOI ``https://doi.org/<doi>`` (lower case),
  OpenReview ``https://openreview.net/forum?id=<id>``;
* anything else is cleaned, not rewritten: scheme ``https``, host lower-cased but ``www.`` kept
  (dropping it could point at another server), userinfo, ports 80/443 and the fragment dropped,
  :data:`TRACKING_PARAMS` removed from the query, the path kept exactly as written.

Every canonical URL is a fixed point: classifying it again gives the same canonical URL, kind
and identifiers. Hosts must contain a dot and a top-level domain with a letter (or be IPv4);
``localhost`` and IPv6 literals are INVALID; internationalised hosts become punycode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DEFAULT_RULES",
    "TRACKING_PARAMS",
    "HostRule",
    "UrlInfo",
    "UrlKind",
    "arxiv_id_from_text",
    "classify_url",
    "list_rules",
]


class UrlKind(str, Enum):
    """What a URL points at; ``str(kind)`` is the plain value, e.g. ``"arxiv"``."""

    ARXIV = "arxiv"
    OPENREVIEW = "openreview"
    DOI = "doi"
    PROCEEDINGS = "proceedings"
    PUBLISHER = "publisher"
    BLOG = "blog"
    PUBLICATION_PAGE = "publication_page"
    FORUM = "forum"
    CODE = "code"
    VIDEO = "video"
    AGGREGATOR = "aggregator"
    PDF = "pdf"
    OTHER = "other"
    INVALID = "invalid"

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class UrlInfo(BaseModel):
    """Result of :func:`classify_url`.

    Attributes:
        kind: the page type.
        url: the input, stripped of surrounding whitespace.
        canonical: the URL to deduplicate on (see the module docstring); None when INVALID.
        host: lower-cased host without ``www.`` and port; None when INVALID or a bare id.
        is_pdf: the URL serves a PDF (``.pdf`` path, arXiv or OpenReview ``/pdf`` endpoint).
        arxiv_id: base arXiv id without version, e.g. ``"2310.17230"`` or ``"hep-th/9901001"``.
        arxiv_version: the ``vN`` of the arXiv id, if given.
        doi: lower-cased DOI.
        openreview_id: OpenReview note id, case kept.
        rule: name of the rule that decided the kind.
        repairs: what was mended before the URL could be read, in words (a mistyped scheme, a
            Markdown link around it, punctuation after it); empty for a URL as it should be.
            The ``repaired-url`` check reports them.
        archived: the URL is a web.archive.org snapshot; kind, ids, host and canonical are
            those of the archived page.
    """

    model_config = ConfigDict(frozen=True)

    kind: UrlKind
    url: str
    canonical: str | None
    host: str | None
    is_pdf: bool
    arxiv_id: str | None
    arxiv_version: int | None
    doi: str | None
    openreview_id: str | None
    rule: str
    repairs: tuple[str, ...] = ()
    archived: bool = False


@dataclass(frozen=True, slots=True)
class HostRule:
    """One row of the host table: pages on ``host`` below ``path_prefix`` are of ``kind``.

    Args:
        name: short identifier reported in :attr:`UrlInfo.rule`.
        kind: the kind to assign; ARXIV, DOI and OPENREVIEW also require a valid identifier.
        host: a domain matched on dot boundaries, so ``"substack.com"`` matches
            ``"x.substack.com"`` but not ``"notsubstack.com"``; a ``www.`` prefix is ignored.
        path_prefix: a path matched case-insensitively on ``/`` boundaries. The prefix page
            itself (``/research`` or ``/research/``) never matches, because bare prefixes are
            listings; with an empty prefix the site root never matches.
        path_regex: optional regular expression that must also match at the start of the
            lower-cased path (``re.match``).

    Raises:
        ValueError: if ``host`` is empty or contains ``/``, or ``kind`` is no :class:`UrlKind`.
        re.error: if ``path_regex`` does not compile.

    Examples:
        >>> rule = HostRule("acme-blog", UrlKind.BLOG, "acme.ai", "/posts")
        >>> classify_url("https://www.acme.ai/posts/hello", rules=[rule]).kind.value
        'blog'
    """

    name: str
    kind: UrlKind
    host: str
    path_prefix: str = ""
    path_regex: str | None = None
    _dot_host: str = field(default="", init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        host = self.host.strip().lower().rstrip(".").removeprefix("*.").removeprefix("www.")
        if not host or "/" in host:
            raise ValueError(f"HostRule {self.name!r}: invalid host {self.host!r}")
        prefix = self.path_prefix.strip().lower().rstrip("/")
        if prefix and not prefix.startswith("/"):
            prefix = "/" + prefix
        object.__setattr__(self, "kind", UrlKind(self.kind))
        object.__setattr__(self, "host", host)
        object.__setattr__(self, "path_prefix", prefix)
        object.__setattr__(self, "_dot_host", "." + host)
        if self.path_regex is not None:
            object.__setattr__(self, "_pattern", re.compile(self.path_regex))

    def matches(self, host: str, path: str) -> bool:
        """Return whether this rule applies.

        Args:
            host: lower-case host without ``www.``.
            path: lower-cased URL path.

        Returns:
            True when the host and path match as described in the class docstring.
        """
        if host != self.host and not host.endswith(self._dot_host):
            return False
        prefix = self.path_prefix
        if prefix and path != prefix and not path.startswith(prefix + "/"):
            return False
        if not path[len(prefix) :].strip("/"):
            return False
        return self._pattern is None or self._pattern.match(path) is not None


_K = UrlKind
_REPO = r"/[^/]+/[^/]+"  # owner/repository; an owner page alone is not a code artefact
_FORUM_POST = r"/(?:posts|s/[^/]+/p)/[^/]"  # a post, directly or inside a sequence

#: Built-in rules, most specific first; first match wins. Extend with ``rules=``.
DEFAULT_RULES: tuple[HostRule, ...] = (
    # Identifier hosts (ar5iv.labs.arxiv.org and export.arxiv.org are subdomains of arxiv.org).
    HostRule("arxiv", _K.ARXIV, "arxiv.org"),
    HostRule("ar5iv", _K.ARXIV, "ar5iv.org"),
    HostRule("arxiv-lanl", _K.ARXIV, "xxx.lanl.gov"),
    HostRule("openreview", _K.OPENREVIEW, "openreview.net"),
    HostRule("doi", _K.DOI, "doi.org"),
    # Aggregators
    HostRule("huggingface-papers", _K.AGGREGATOR, "huggingface.co", "/papers"),
    HostRule("alphaxiv", _K.AGGREGATOR, "alphaxiv.org"),
    HostRule("semantic-scholar", _K.AGGREGATOR, "semanticscholar.org"),
    HostRule("paperswithcode", _K.AGGREGATOR, "paperswithcode.com"),
    HostRule("google-scholar", _K.AGGREGATOR, "scholar.google.com"),
    HostRule("researchgate", _K.AGGREGATOR, "researchgate.net"),
    # Conference proceedings
    HostRule("neurips-proceedings", _K.PROCEEDINGS, "proceedings.neurips.cc"),
    HostRule("neurips-papers", _K.PROCEEDINGS, "papers.neurips.cc"),
    HostRule("nips-papers", _K.PROCEEDINGS, "papers.nips.cc"),
    HostRule("neurips-virtual", _K.PROCEEDINGS, "neurips.cc", "/virtual"),
    HostRule("icml-virtual", _K.PROCEEDINGS, "icml.cc", "/virtual"),
    HostRule("iclr-virtual", _K.PROCEEDINGS, "iclr.cc", "/virtual"),
    HostRule("pmlr", _K.PROCEEDINGS, "proceedings.mlr.press"),
    HostRule("jmlr", _K.PROCEEDINGS, "jmlr.org", "/papers"),
    HostRule("acl-anthology", _K.PROCEEDINGS, "aclanthology.org"),
    HostRule("acl-anthology-legacy", _K.PROCEEDINGS, "aclweb.org", "/anthology"),
    HostRule("aaai", _K.PROCEEDINGS, "ojs.aaai.org"),
    HostRule("cvf", _K.PROCEEDINGS, "openaccess.thecvf.com"),
    HostRule("eccv", _K.PROCEEDINGS, "ecva.net", "/papers"),
    HostRule("ijcai", _K.PROCEEDINGS, "ijcai.org", "/proceedings"),
    HostRule("usenix", _K.PROCEEDINGS, "usenix.org", "/conference"),
    # Journals and publishers
    HostRule("acm", _K.PUBLISHER, "dl.acm.org"),
    HostRule("springer", _K.PUBLISHER, "link.springer.com"),
    HostRule("nature", _K.PUBLISHER, "nature.com"),
    HostRule("wiley", _K.PUBLISHER, "onlinelibrary.wiley.com"),
    HostRule("science", _K.PUBLISHER, "science.org"),
    HostRule("ieee", _K.PUBLISHER, "ieeexplore.ieee.org"),
    HostRule("sciencedirect", _K.PUBLISHER, "sciencedirect.com"),
    HostRule("tandf", _K.PUBLISHER, "tandfonline.com"),
    HostRule("oup", _K.PUBLISHER, "academic.oup.com"),
    HostRule("cell", _K.PUBLISHER, "cell.com"),
    HostRule("pnas", _K.PUBLISHER, "pnas.org"),
    HostRule("plos", _K.PUBLISHER, "journals.plos.org"),
    HostRule("mdpi", _K.PUBLISHER, "mdpi.com"),
    HostRule("frontiers", _K.PUBLISHER, "frontiersin.org"),
    HostRule("cambridge", _K.PUBLISHER, "cambridge.org", "/core"),
    HostRule("sage", _K.PUBLISHER, "journals.sagepub.com"),
    HostRule("iop", _K.PUBLISHER, "iopscience.iop.org"),
    HostRule("jstor", _K.PUBLISHER, "jstor.org", "/stable"),
    # Preprint servers and repositories whose pages name a DOI (see _DOI_FROM_PAGE)
    HostRule("biorxiv", _K.PUBLISHER, "biorxiv.org", "/content"),
    HostRule("medrxiv", _K.PUBLISHER, "medrxiv.org", "/content"),
    HostRule("ssrn", _K.PUBLISHER, "ssrn.com"),
    HostRule("zenodo", _K.PUBLISHER, "zenodo.org", path_regex=r"/records?/[0-9]"),
    HostRule("psyarxiv-osf", _K.PUBLISHER, "osf.io", "/preprints/psyarxiv"),
    HostRule("psyarxiv", _K.PUBLISHER, "psyarxiv.com"),
    # Indexes of papers published elsewhere
    HostRule("pubmed", _K.AGGREGATOR, "pubmed.ncbi.nlm.nih.gov"),
    HostRule("pmc", _K.AGGREGATOR, "pmc.ncbi.nlm.nih.gov", "/articles"),
    HostRule("pmc-legacy", _K.AGGREGATOR, "ncbi.nlm.nih.gov", "/pmc/articles"),
    HostRule("europepmc", _K.AGGREGATOR, "europepmc.org"),
    HostRule("philpapers", _K.AGGREGATOR, "philpapers.org", "/rec"),
    HostRule("dblp", _K.AGGREGATOR, "dblp.org", "/rec"),
    # A lab's catalogue entry for a paper
    HostRule("deepmind-pubs", _K.PUBLICATION_PAGE, "deepmind.google", "/research/publications"),
    HostRule("deepmind-com-pubs", _K.PUBLICATION_PAGE, "deepmind.com", "/research/publications"),
    HostRule("meta-pubs", _K.PUBLICATION_PAGE, "ai.meta.com", "/research/publications"),
    HostRule("google-research-pubs", _K.PUBLICATION_PAGE, "research.google", "/pubs"),
    HostRule("msr-pubs", _K.PUBLICATION_PAGE, "microsoft.com", "/en-us/research/publication"),
    # Lab blogs and newsletters
    HostRule("anthropic-alignment", _K.BLOG, "alignment.anthropic.com"),
    HostRule("anthropic-research", _K.BLOG, "anthropic.com", "/research"),
    HostRule("anthropic-news", _K.BLOG, "anthropic.com", "/news"),
    HostRule("anthropic-index", _K.BLOG, "anthropic.com", "/index"),
    HostRule("openai-index", _K.BLOG, "openai.com", "/index"),
    HostRule("openai-research", _K.BLOG, "openai.com", "/research"),
    HostRule("openai-blog", _K.BLOG, "openai.com", "/blog"),
    HostRule("deepmind-discover-blog", _K.BLOG, "deepmind.google", "/discover/blog"),
    HostRule("deepmind-blog", _K.BLOG, "deepmind.google", "/blog"),
    HostRule("deepmind-com-discover-blog", _K.BLOG, "deepmind.com", "/discover/blog"),
    HostRule("deepmind-com-blog", _K.BLOG, "deepmind.com", "/blog"),
    HostRule("meta-blog", _K.BLOG, "ai.meta.com", "/blog"),
    HostRule("google-research-blog", _K.BLOG, "blog.research.google"),
    HostRule("google-research-blog-path", _K.BLOG, "research.google", "/blog"),
    HostRule("google-ai-blog", _K.BLOG, "ai.googleblog.com"),
    HostRule("google-blog", _K.BLOG, "blog.google"),
    HostRule("msr-blog", _K.BLOG, "microsoft.com", "/en-us/research/blog"),
    HostRule("transformer-circuits", _K.BLOG, "transformer-circuits.pub"),
    HostRule("distill", _K.BLOG, "distill.pub"),
    HostRule("bair-blog", _K.BLOG, "bair.berkeley.edu", "/blog"),
    HostRule("substack", _K.BLOG, "substack.com", "/p"),
    HostRule("medium", _K.BLOG, "medium.com"),
    # Forums: posts only, not user, tag or sequence index pages
    HostRule("lesswrong", _K.FORUM, "lesswrong.com", path_regex=_FORUM_POST),
    HostRule("alignment-forum", _K.FORUM, "alignmentforum.org", path_regex=_FORUM_POST),
    HostRule("ea-forum", _K.FORUM, "forum.effectivealtruism.org", path_regex=_FORUM_POST),
    HostRule("greaterwrong", _K.FORUM, "greaterwrong.com", path_regex=_FORUM_POST),
    # Code
    HostRule("colab", _K.CODE, "colab.research.google.com"),
    HostRule("github", _K.CODE, "github.com", path_regex=_REPO),
    HostRule("gitlab", _K.CODE, "gitlab.com", path_regex=_REPO),
    HostRule("bitbucket", _K.CODE, "bitbucket.org", path_regex=_REPO),
    # Video
    HostRule("youtube", _K.VIDEO, "youtube.com", path_regex=r"/(?:watch/?$|shorts/|embed/|live/)"),
    HostRule("youtu.be", _K.VIDEO, "youtu.be"),
    HostRule("vimeo", _K.VIDEO, "vimeo.com"),
)

#: Query parameters dropped from canonical URLs (``utm_*`` is dropped too).
TRACKING_PARAMS: frozenset[str] = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid"}
    | {"ref", "ref_src", "ref_url", "_hsenc", "_hsmi", "si"}
)
# ``source`` is often meaningful, so it is only dropped with these social/newsletter values.
_TRACKING_SOURCES = frozenset(
    {"twitter", "x", "facebook", "linkedin", "rss", "email", "newsletter"}
)

# Old-style (pre-April-2007) arXiv archives; a closed list since the scheme was retired.
_OLD_ARCHIVE_NAMES = (
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas"
    " cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin"
    " nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int stat supr-con"
)
_OLD_ARCHIVES = frozenset(_OLD_ARCHIVE_NAMES.split())
_NEW_ID_RE = re.compile(r"([0-9]{4})\.([0-9]{4,5})(?:[vV]([1-9][0-9]{0,5}))?")
_OLD_ID_RE = re.compile(
    r"([A-Za-z]+(?:-[A-Za-z]+)?)(?:\.[A-Za-z][A-Za-z-]*)?/"
    r"([0-9]{2})([0-9]{2})([0-9]{3})(?:[vV]([1-9][0-9]{0,5}))?"
)
_ARXIV_PATH_RE = re.compile(r"/(abs|pdf|html)/(.+?)/?", re.IGNORECASE)
_OPENREVIEW_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_OPENREVIEW_PAGES = frozenset({"/forum", "/pdf", "/attachment"})
_DOI_RE = re.compile(r"10\.[0-9]{4,9}/[^\s\x00-\x1f\x7f]+")
_PATH_DOI_RE = re.compile(r"(?:^|/)(10\.[0-9]{4,9}/.+)")
# Publisher page suffixes that follow a DOI in the path but are not part of it.
_DOI_PAGE_SUFFIXES = ("/full", "/abstract", "/fulltext", "/epdf", "/pdf", "/html", "/meta")
_SPACE_RE = re.compile(r"\s")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):([0-9]*)")
_HOST = r"(?:[a-z0-9_-]+\.)+[a-z0-9-]*[a-z][a-z0-9-]*"
_HOST_RE = re.compile(_HOST)
# Path characters that need no decoding or quoting: no "%", "?", "#", blanks or non-ASCII.
_PLAIN_PATH_CHAR = r"[A-Za-z0-9._~!$&'()*+,;=:@/-]"
_IPV4_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")


def arxiv_id_from_text(s: str) -> tuple[str, int | None] | None:
    """Validate and normalise a bare arXiv identifier.

    Accepts new-style ids (``YYMM.NNNN`` from 0704 to 1412, ``YYMM.NNNNN`` from 1501) and
    old-style ids (``archive(.SC)/YYMMNNN`` up to 0703), each with an optional ``arXiv:``
    prefix and ``vN`` suffix. Truncated or over-long numbers are rejected, never padded.

    Args:
        s: the text, e.g. ``"arXiv:2310.17230v2"`` or ``"math.GT/0309136"``.

    Returns:
        ``(base_id, version)`` with the subject class dropped, or None if ``s`` is no valid id.

    Examples:
        >>> arxiv_id_from_text("arXiv:2310.17230v2")
        ('2310.17230', 2)
        >>> arxiv_id_from_text("math.GT/0309136")
        ('math/0309136', None)
    """
    if not isinstance(s, str):
        return None
    text = s.strip()
    if text[:6].lower() == "arxiv:":
        text = text[6:].lstrip()
    if m := _NEW_ID_RE.fullmatch(text):
        return _new_style_id(*m.groups())
    if m := _OLD_ID_RE.fullmatch(text):
        archive, yy, mm, number, version = m.groups()
        archive = archive.lower()
        year, month = int(yy), int(mm)
        if archive not in _OLD_ARCHIVES or not 1 <= month <= 12 or int(number) == 0:
            return None
        if not (year >= 91 or year < 7 or (year == 7 and month <= 3)):
            return None
        return f"{archive}/{yy}{mm}{number}", int(version) if version else None
    return None


# For every valid new-style YYMM (0704 onwards), how many digits its number has.
_NEW_ID_DIGITS = {
    f"{yymm:04}": 4 if yymm <= 1412 else 5 for yymm in range(704, 10000) if 1 <= yymm % 100 <= 12
}


def _new_style_id(yymm: str, number: str, version: str | None) -> tuple[str, int | None] | None:
    if _NEW_ID_DIGITS.get(yymm) != len(number) or not number.strip("0"):
        return None
    return f"{yymm}.{number}", int(version) if version else None


def list_rules() -> tuple[HostRule, ...]:
    """Return the built-in rules in the order they are tried.

    Returns:
        :data:`DEFAULT_RULES`.

    Examples:
        >>> list_rules()[0].name
        'arxiv'
    """
    return DEFAULT_RULES


def classify_url(url: str, *, rules: Sequence[HostRule] | None = None) -> UrlInfo:
    """Classify a URL and extract its identifiers.

    Surrounding whitespace, ``<...>``, a missing scheme and bare ``arXiv:<id>`` /
    ``doi:<doi>`` strings are tolerated.

    Args:
        url: any text; non-strings give an INVALID result with ``url=""``.
        rules: extra rules tried before :data:`DEFAULT_RULES`, in order.

    Returns:
        A :class:`UrlInfo`; never raises.

    Examples:
        >>> classify_url("https://arxiv.org/abs/2310.17230v2").arxiv_id
        '2310.17230'
        >>> classify_url("http://dx.doi.org/10.1038/NATURE14539").canonical
        'https://doi.org/10.1038/nature14539'
    """
    if not isinstance(url, str):
        return _result("", _K.INVALID, "invalid", None, None)
    try:
        if rules:
            return _classify(url, tuple(rules))
        # A load sees each URL once, so for the common plain URL a cache lookup would only add
        # the cost of a miss to its (cheap) classification.
        plain = _PLAIN_SHAPE_RE.fullmatch(url)
        if (
            plain is not None
            and url[-1] not in _TRAILING
            and (site := _plain_site(plain[1])) is not None
        ):
            return _classify_plain(url, site, plain)
        return _classify_default(url)
    except Exception:  # a bug here must not abort a 100k-row import; the rule name flags it
        return _result(url.strip(), _K.INVALID, "internal-error", None, None)


@lru_cache(maxsize=1024)
def _classify_default(url: str) -> UrlInfo:
    return _classify(url, ())


def _rules_by_host(rules: Sequence[HostRule]) -> dict[str, tuple[tuple[int, HostRule], ...]]:
    index: dict[str, list[tuple[int, HostRule]]] = {}
    for position, rule in enumerate(rules):
        index.setdefault(rule.host, []).append((position, rule))
    return {host: tuple(entries) for host, entries in index.items()}


# Looking rules up by host suffix keeps the default table's first-match order without a scan.
_DEFAULT_INDEX = _rules_by_host(DEFAULT_RULES)


def _match(user_rules: tuple[HostRule, ...], host: str, path: str) -> HostRule | None:
    for rule in user_rules:
        if rule.matches(host, path):
            return rule
    for rule in _default_candidates(host):
        if rule.matches(host, path):
            return rule
    return None


@lru_cache(maxsize=4096)
def _default_candidates(host: str) -> tuple[HostRule, ...]:
    """The default rules whose host ``host`` is or lies under, in table order."""
    labels = host.split(".")
    candidates = [
        e for i in range(len(labels)) for e in _DEFAULT_INDEX.get(".".join(labels[i:]), ())
    ]
    candidates.sort(key=lambda entry: entry[0])
    return tuple(rule for _, rule in candidates)


# Every value is built with its final type, so pydantic's validation would only re-check; setting
# the instance state directly is what model_construct does, without its overhead. Calling the
# slot descriptors directly skips the attribute lookup that object.__setattr__ would repeat.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
# Shared by every result, as models.shared_fields_set explains; never change it in place.
_ALL_FIELDS_SET = set(UrlInfo.model_fields)


def _result(
    url: str,
    kind: UrlKind,
    rule: str,
    canonical: str | None,
    host: str | None,
    is_pdf: bool = False,
    arxiv: tuple[str, int | None] | None = None,
    doi: str | None = None,
    openreview_id: str | None = None,
) -> UrlInfo:
    if canonical is not None and canonical == url:
        canonical = url  # one string object for both, which halves what a plain URL costs
    info = object.__new__(UrlInfo)
    _set_dict(
        info,
        {
            "kind": kind,
            "url": url,
            "canonical": canonical,
            "host": host,
            "is_pdf": is_pdf,
            "arxiv_id": arxiv[0] if arxiv else None,
            "arxiv_version": arxiv[1] if arxiv else None,
            "doi": doi,
            "openreview_id": openreview_id,
            "rule": rule,
            "repairs": (),
            "archived": False,
        },
    )
    _set_fields_set(info, _ALL_FIELDS_SET)
    _set_extra(info, None)
    _set_private(info, None)
    return info


def _classify(raw: str, user_rules: tuple[HostRule, ...]) -> UrlInfo:
    info = _classify_once(raw, user_rules)
    canonical = info.canonical
    if canonical is not None and canonical[-1] in _TRAILING and canonical != info.url:
        # Punctuation that ended the path before a dropped fragment or query ends the
        # canonical URL, where the next reading would drop it: read that URL instead, so
        # every canonical URL stays a fixed point.
        again = _classify_once(canonical, user_rules)
        return _amend(again, info.url, info.repairs, archived=info.archived)
    return info


def _classify_once(raw: str, user_rules: tuple[HostRule, ...]) -> UrlInfo:
    url = raw.strip()
    text, repairs = _mend(url)
    archived = _ARCHIVE_RE.match(text)
    if archived is not None:
        inner, more = _mend(archived[1])
        if _REPAIRED_SCHEME_RE.match(archived[1]):
            more = more[1:]  # the archive writes "https:/x" itself: nothing the sheet got wrong
        info = _classify(inner, user_rules)
        if info.kind is not _K.INVALID:
            name = f"web-archive:{info.rule}"
            return _amend(info, url, (*repairs, *more), archived=True, rule=name)
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
        if text[:4].lower() == "url:":  # RFC 3986 appendix C form <URL:...>
            text = text[4:].strip()
    if repairs:
        return _amend(_classify(text, user_rules), url, repairs)
    if text[:6].lower() == "arxiv:":  # a bare id, not a URL scheme
        bare = arxiv_id_from_text(text)
        if bare:
            return _result(url, _K.ARXIV, "arxiv-id", _arxiv_abs(bare[0]), None, arxiv=bare)
    elif text[:4].lower() == "doi:":
        bare_doi = _clean_doi(text[4:])
        if bare_doi:
            via = _doi_arxiv(bare_doi)
            return _result(url, _K.DOI, "doi-id", _doi_url(bare_doi), None, arxiv=via, doi=bare_doi)
    parts = _split(text)
    if parts is None:
        return _result(url, _K.INVALID, "invalid", None, None)
    host, netloc, path, query = parts
    lpath = path.lower()
    rule = _match(user_rules, host, lpath)
    if rule is None:
        is_pdf = lpath.endswith(".pdf")
        kind, name = (_K.PDF, "pdf") if is_pdf else (_K.OTHER, "other")
        return _result(url, kind, name, _clean_url(netloc, path, query), host, is_pdf)
    return _classify_by_rule(url, rule, host, netloc, path, lpath, query)


@dataclass(frozen=True, slots=True)
class _Site:
    """What the default rules say about a plain URL's host, whatever its path.

    Attributes:
        netloc: the host as written, ``www.`` kept.
        host: without ``www.``, as rules see it.
        rules: the default rules for this host, in table order.
        arxiv_rule: the first of them, if it is an ARXIV rule without a path condition, which
            then decides every page whose path has more than slashes (arxiv.org, ar5iv.org).
    """

    netloc: str
    host: str
    rules: tuple[HostRule, ...]
    arxiv_rule: HostRule | None


@lru_cache(maxsize=4096)
def _plain_site(netloc: str) -> _Site | None:
    """The site of a netloc that :data:`_PLAIN_URL_RE` accepts as a host, else None."""
    if len(netloc) > 253 or _HOST_RE.fullmatch(netloc) is None or netloc in _ARCHIVE_HOSTS:
        return None
    host = netloc.removeprefix("www.")
    rules = _default_candidates(host)
    first = rules[0] if rules else None
    if first is None or first.kind is not _K.ARXIV or first.path_prefix or first.path_regex:
        first = None
    return _Site(netloc, host, rules, first)


def _classify_plain(url: str, site: _Site, plain: re.Match[str]) -> UrlInfo:
    """What :func:`_classify` gives, with no user rules, for a URL :data:`_PLAIN_SHAPE_RE` matches.

    Such a URL has no surrounding blanks, brackets or ``arXiv:``/``doi:`` prefix, and its parts
    are what :func:`_split` would return (host, netloc, path and an empty query).
    """
    rule = site.arxiv_rule
    if rule is not None and plain[3] is not None:
        # The rule matches, as the path has more than slashes, and _ARXIV_PATH_RE would split
        # it into the same page and id, leaving nothing for unquote, _strip_pdf or "arXiv:".
        page, yymm, number, version = plain.group(3, 4, 5, 6)
        found = _new_style_id(yymm, number, version)
        if found is not None:
            canonical, is_pdf = _arxiv_abs(found[0]), page == "pdf"
            return _result(url, _K.ARXIV, rule.name, canonical, site.host, is_pdf, found)
    host, netloc, path = site.host, site.netloc, plain[2] or ""
    lpath = path.lower()
    for rule in site.rules:
        if rule.matches(host, lpath):
            return _classify_by_rule(url, rule, host, netloc, path, lpath, "")
    # Without a query, spaces or unprintable characters _clean_url returns the URL as written.
    canonical = "https://" + netloc + path
    if lpath.endswith(".pdf"):
        return _result(url, _K.PDF, "pdf", canonical, host, True)
    return _result(url, _K.OTHER, "other", canonical, host)


def _classify_by_rule(
    url: str, rule: HostRule, host: str, netloc: str, path: str, lpath: str, query: str
) -> UrlInfo:
    kind, name = rule.kind, rule.name
    is_pdf = lpath.endswith(".pdf")
    canonical: str | None = None
    arxiv: tuple[str, int | None] | None = None
    doi: str | None = None
    note: str | None = None
    if kind is _K.ARXIV:
        m = _ARXIV_PATH_RE.fullmatch(path)
        arxiv = arxiv_id_from_text(_strip_pdf(unquote(m.group(2)))) if m else None
        if m and arxiv:
            canonical, is_pdf = _arxiv_abs(arxiv[0]), m.group(1).lower() == "pdf"
        elif query and (arxiv := _arxiv_in_query(lpath, query)):
            canonical = _arxiv_abs(arxiv[0])
    elif kind is _K.DOI:
        raw_doi = unquote(path).lstrip("/")
        doi = _clean_doi(raw_doi[4:] if raw_doi[:4].lower() == "doi:" else raw_doi)
        doi = doi or _short_doi(raw_doi)
        if doi:
            canonical, arxiv = _doi_url(doi), _doi_arxiv(doi)
    elif kind is _K.OPENREVIEW:
        page_path = lpath.rstrip("/")
        note = _openreview_id(query) if page_path in _OPENREVIEW_PAGES else None
        if note:
            canonical, is_pdf = f"https://openreview.net/forum?id={note}", page_path == "/pdf"
    else:
        canonical = _clean_url(netloc, path, query)
        if name in _DOI_FROM_PAGE:
            doi = _DOI_FROM_PAGE[name](lpath, query)
        elif kind in (_K.PUBLISHER, _K.PROCEEDINGS):
            doi = _doi_in_page(path, query)
        arxiv = _arxiv_last_segment(path) if kind is _K.AGGREGATOR else None
    if canonical is None:  # an identifier host without a valid id: listing, help, bad id
        kind, name = _K.OTHER, f"{rule.name}:no-id"
        canonical = _clean_url(netloc, path, query)
    return _result(url, kind, name, canonical, host, is_pdf, arxiv, doi, note)


# An http(s) URL with a plain host and path and nothing else (no port, user, query, fragment,
# escapes or spaces): what urlsplit would make of it is plain to see, and most cells look so.
_PLAIN_URL_RE = re.compile(rf"https?://({_HOST})(/{_PLAIN_PATH_CHAR}*)?")

# The URLs of _PLAIN_URL_RE, once _plain_site has checked the netloc (group 1) against _HOST_RE:
# a host cannot contain "/", so [^/]* stops where _HOST stopped. Group 2 is the same path. When
# the path is an arXiv abs or pdf page with a new-style id, its parts are split out in the same
# pass (groups 3 to 6, as _ARXIV_PATH_RE and _NEW_ID_RE would find them); otherwise they are None.
_PLAIN_SHAPE_RE = re.compile(
    rf"""
    https?://([^/]*)
    (/(?:
        (abs|pdf)/([0-9]{{4}})\.([0-9]{{4,5}})(?:v([1-9][0-9]{{0,5}}))?
        |{_PLAIN_PATH_CHAR}*
    ))?
    """,
    re.VERBOSE,
)


def _split(text: str) -> tuple[str, str, str, str] | None:
    """Return (match host, canonical netloc, path, query) of an http(s) URL, or None."""
    plain = _PLAIN_URL_RE.fullmatch(text)
    if plain is not None and len(plain.group(1)) <= 253:
        host = plain.group(1)
        return host.removeprefix("www."), host, plain.group(2) or "", ""
    if not text[:8].lower().startswith(("http://", "https://")):
        if text.startswith("//"):
            text = "https:" + text
        else:
            m = _SCHEME_RE.match(text)
            # "example.com:8080/x" looks like a scheme to urlsplit but is a host and port.
            if m and "." not in m.group(1) and not m.group(2):
                return None
            text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host, _, port = parts.netloc.rpartition("@")[2].partition(":")
    if port:
        if not (port.isascii() and port.isdigit()) or len(port) > 5 or int(port) > 65535:
            return None
        port = "" if int(port) in (80, 443) else f":{int(port)}"
    host = host.rstrip(".").lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except ValueError:  # UnicodeError: labels too long, empty or unencodable
            return None
    if len(host) > 253 or not (_HOST_RE.fullmatch(host) or _is_ipv4(host)):
        return None
    return host.removeprefix("www."), host + port, parts.path, parts.query


def _is_ipv4(host: str) -> bool:
    return bool(_IPV4_RE.fullmatch(host)) and all(int(n) <= 255 for n in host.split("."))


def _clean_url(netloc: str, path: str, query: str) -> str:
    if not query and " " not in path and path.isprintable():
        return f"https://{netloc}{path}"
    kept = [p for p in query.split("&") if p and not _is_tracking(p)]
    url = f"https://{netloc}{path}" + ("?" + "&".join(kept) if kept else "")
    # Whitespace is the one thing kept "as written" would lose: strip() would eat it next time.
    return _SPACE_RE.sub(lambda m: quote(m.group()), url)


def _is_tracking(param: str) -> bool:
    key, _, value = param.partition("=")
    key = key.lower()
    if key.startswith("utm_") or key in TRACKING_PARAMS:
        return True
    return key == "source" and value.lower() in _TRACKING_SOURCES


def _strip_pdf(s: str) -> str:
    return s[:-4] if s[-4:].lower() == ".pdf" else s


def _arxiv_abs(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def _arxiv_last_segment(path: str) -> tuple[str, int | None] | None:
    return arxiv_id_from_text(_strip_pdf(unquote(path.rstrip("/").rpartition("/")[2])))


_OPENERS = {")": "(", "]": "["}


def _clean_doi(raw: str) -> str | None:
    doi = raw.strip()
    # Cells often end a DOI with sentence punctuation; a ")" is kept when it closes a "(".
    while doi:
        last = doi[-1]
        if last in ".,;:/'\"" or (last in _OPENERS and doi.count(_OPENERS[last]) < doi.count(last)):
            doi = doi[:-1]
        else:
            break
    doi = doi.lower()
    return doi if _DOI_RE.fullmatch(doi) else None


def _doi_url(doi: str) -> str:
    # Quote what would otherwise end the path (?, #) or be re-decoded (%), so it round-trips.
    return "https://doi.org/" + quote(doi, safe="/:;()[]<>!*'@$&+=,")


def _doi_arxiv(doi: str) -> tuple[str, int | None] | None:
    # arXiv registers DataCite DOIs of the form 10.48550/arXiv.<id>.
    return arxiv_id_from_text(doi[15:]) if doi.startswith("10.48550/arxiv.") else None


def _doi_in_page(path: str, query: str) -> str | None:
    if m := _PATH_DOI_RE.search(unquote(path)):
        raw = m.group(1).rstrip("/")
        for suffix in _DOI_PAGE_SUFFIXES:
            if raw.lower().endswith(suffix):
                raw = raw[: -len(suffix)]
                break
        return _clean_doi(_strip_pdf(raw))
    for param in query.split("&"):  # e.g. journals.plos.org/...?id=10.1371/journal.pone.0
        key, _, value = param.partition("=")
        if key.lower() in ("id", "doi") and unquote(value).startswith("10."):
            return _clean_doi(unquote(value))
    return None


def _openreview_id(query: str) -> str | None:
    for param in query.split("&"):
        key, _, value = param.partition("=")
        if key == "id":
            value = unquote(value)
            return value if _OPENREVIEW_ID_RE.fullmatch(value) else None
    return None


# --- URLs as people paste them -----------------------------------------------------------------

_TRAILING = frozenset(".,;:!'\")]>”’»")  # not "?": an empty query changes nothing
_OPENED_RE = re.compile(r"""(["'(\[“‘«])\s*(?=(?:https?:|www\.))""", re.IGNORECASE)
_ARCHIVE_HOSTS = frozenset({"web.archive.org", "wayback.archive.org"})
# A snapshot: /web/<timestamp, maybe with a flag such as id_ or if_>/<the archived URL>.
_ARCHIVE_RE = re.compile(
    r"(?:https?://)?(?:web|wayback)\.archive\.org/web/[0-9]*(?:[a-z]{2}_)?\*?/+(.+)",
    re.IGNORECASE,
)
_MARKDOWN_RE = re.compile(r"\[[^\]]*\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\))?[^()\s<>]*)>?\s*\)")
# "https:/x", "https//x", "https:///x", "https:\\x": the scheme a person meant is plain.
_REPAIRED_SCHEME_RE = re.compile(r"(https?)(?::/(?!/)|//(?!/)|:/{3,}|:\\\\)", re.IGNORECASE)


def _mend(url: str) -> tuple[str, tuple[str, ...]]:
    """The URL inside a Markdown link, without trailing punctuation, with its scheme mended;
    and what was done, in words."""
    text, repairs = url, []
    markdown = _MARKDOWN_RE.fullmatch(text.rstrip(".,;:!?"))
    if markdown is not None:
        text = markdown[1]
        repairs.append("unwrapped a Markdown link")
    opened = _OPENED_RE.match(text)
    if opened is not None:
        # A quote or bracket before the URL; its closer is then unmatched and goes below.
        repairs.append(f"dropped {opened[1]!r} before the URL")
        text = text[opened.end(1) :]
    stripped = _strip_trailing(text)
    if stripped != text:
        repairs.append(f"dropped {text[len(stripped) :]!r} after the URL")
        text = stripped
    scheme = _REPAIRED_SCHEME_RE.match(text)
    if scheme is not None:
        repairs.append(f"read the scheme {scheme[0]!r} as '{scheme[1].lower()}://'")
        text = scheme[1].lower() + "://" + text[scheme.end() :]
    return text, tuple(repairs)


def _strip_trailing(text: str) -> str:
    """Sentence punctuation after a URL; a closing bracket only when the URL never opened it."""
    while text and text[-1] in _TRAILING:
        last = text[-1]
        opener = {")": "(", "]": "[", ">": "<"}.get(last)
        if opener is not None and text.count(opener) >= text.count(last):
            break
        if last == "'" and text.count("'") % 2 == 0:
            break
        text = text[:-1]
    return text


def _amend(
    info: UrlInfo,
    url: str,
    repairs: tuple[str, ...],
    *,
    archived: bool = False,
    rule: str | None = None,
) -> UrlInfo:
    """``info`` for the mended URL, reported for the URL as written."""
    values = dict(info.__dict__)
    values["url"] = url
    values["repairs"] = (*repairs, *info.repairs)
    values["archived"] = archived or info.archived
    if rule is not None:
        values["rule"] = rule
    amended = object.__new__(UrlInfo)
    _set_dict(amended, values)
    _set_fields_set(amended, _ALL_FIELDS_SET)
    _set_extra(amended, None)
    _set_private(amended, None)
    return amended


_SHORT_DOI_RE = re.compile(r"(?:10/)?([a-z0-9]{3,12})")


def _short_doi(path: str) -> str | None:
    """A shortDOI (``doi.org/10/abcd`` or ``doi.org/abcd``) as ``10/abcd``; None otherwise.

    A bare segment must mix letters and digits, so that pages such as ``doi.org/help`` stay
    pages.
    """
    text = path.strip().rstrip("/").lower()
    found = _SHORT_DOI_RE.fullmatch(text)
    if found is None:
        return None
    short = found[1]
    if not text.startswith("10/") and (short.isalpha() or short.isdigit()):
        return None
    return f"10/{short}"


_ARXIV_QUERY_KEYS = ("id", "id_list", "arxiv_id", "paper")


def _arxiv_in_query(lpath: str, query: str) -> tuple[str, int | None] | None:
    """An arXiv id given in the query: ``/abs?id=hep-th/9901001``, ``/abs/hep-th?papernum=
    9901001`` (old listings), ``/api/query?id_list=...``."""
    params = {}
    for param in query.split("&"):
        key, _, value = param.partition("=")
        params[key.lower()] = unquote(value).strip()
    for key in _ARXIV_QUERY_KEYS:
        if params.get(key):
            found = arxiv_id_from_text(_strip_pdf(params[key].split(",")[0]))
            if found:
                return found
    number = params.get("papernum")
    archive = lpath.strip("/").rpartition("/")[2]
    if number and archive:
        return arxiv_id_from_text(f"{archive}/{number}")
    return None


def _nature_doi(lpath: str, query: str) -> str | None:
    found = re.fullmatch(r"/articles/([a-z0-9.-]+?)(?:\.pdf)?/?", lpath)
    return _clean_doi(f"10.1038/{found[1]}") if found else None


def _rxiv_doi(lpath: str, query: str) -> str | None:
    # /content/10.1101/2020.01.01.123456v2.full.pdf: the DOI, then a version and a page name.
    found = re.match(r"/content/(?:early/[0-9/]+/)?(10\.1101/[0-9.]*[0-9])(?:v[0-9]+)?", lpath)
    return _clean_doi(found[1]) if found else None


def _ssrn_doi(lpath: str, query: str) -> str | None:
    found = re.search(r"abstract(?:_id)?=([0-9]+)", f"{lpath}?{query}".lower())
    return f"10.2139/ssrn.{found[1]}" if found else None


def _zenodo_doi(lpath: str, query: str) -> str | None:
    found = re.match(r"/records?/([0-9]+)", lpath)
    return f"10.5281/zenodo.{found[1]}" if found else None


def _psyarxiv_doi(lpath: str, query: str) -> str | None:
    found = re.search(r"/([a-z0-9]{5,6})(?:/|$)", lpath.removeprefix("/preprints/psyarxiv"))
    return f"10.31234/osf.io/{found[1]}" if found else None


# Publishers and servers whose page URLs hold the DOI in a form of their own, by rule name.
_DOI_FROM_PAGE = {
    "nature": _nature_doi,
    "biorxiv": _rxiv_doi,
    "medrxiv": _rxiv_doi,
    "ssrn": _ssrn_doi,
    "zenodo": _zenodo_doi,
    "psyarxiv-osf": _psyarxiv_doi,
    "psyarxiv": _psyarxiv_doi,
}
