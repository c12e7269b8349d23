"""The fast paths of classify_url and run_checks give exactly what the code before them gave.

The reference functions below are frozen copies of that code (urls.classify_url and its arXiv id
parsing; quality.run_checks and the checks that changed). Each test compares the library with
them over generated inputs that favour the edges: plain and not-so-plain URLs (ports, userinfo,
queries, escapes, upper case, arXiv ids of both styles with versions, trailing slashes, ".pdf"),
and titles and abstracts full of quotes, brackets and non-ASCII characters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from safetylit import Paper, Problem, urls
from safetylit.quality import (
    DEFAULT_CHECKS,
    TITLE_CELL_LIMIT,
    Check,
    CheckContext,
    _continued_in,
    _duplicate_url,
    _future_date,
    _invalid_url,
    _missing_abstract,
    _repaired_url,
    _slug_contradiction,
    _truncated_abstract,
    _unbalanced,
    _unknown_vocabulary,
    run_checks,
)
from safetylit.urls import HostRule, UrlInfo, UrlKind, arxiv_id_from_text, classify_url
from test_urls import CASES

# ---------------------------------------------------------------------------------------------
# Frozen reference: URL classification as it was before the plain-URL fast path.

_K = UrlKind
REF_NEW_ID_RE = re.compile(r"([0-9]{2})([0-9]{2})\.([0-9]{4,5})(?:[vV]([1-9][0-9]{0,5}))?")


def ref_arxiv_id_from_text(s: str) -> tuple[str, int | None] | None:
    if not isinstance(s, str):
        return None
    text = s.strip()
    if text[:6].lower() == "arxiv:":
        text = text[6:].lstrip()
    if m := REF_NEW_ID_RE.fullmatch(text):
        yy, mm, number, version = m.groups()
        yymm = int(yy + mm)
        if not 1 <= int(mm) <= 12 or yymm < 704 or int(number) == 0:
            return None
        if len(number) != (4 if yymm <= 1412 else 5):
            return None
        return f"{yy}{mm}.{number}", int(version) if version else None
    if m := urls._OLD_ID_RE.fullmatch(text):
        archive, yy, mm, number, version = m.groups()
        archive = archive.lower()
        year, month = int(yy), int(mm)
        if archive not in urls._OLD_ARCHIVES or not 1 <= month <= 12 or int(number) == 0:
            return None
        if not (year >= 91 or year < 7 or (year == 7 and month <= 3)):
            return None
        return f"{archive}/{yy}{mm}{number}", int(version) if version else None
    return None


def ref_result(
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
    # Validated, unlike the library's: the fast construction must give what pydantic would.
    return UrlInfo(
        kind=kind,
        url=url,
        canonical=canonical,
        host=host,
        is_pdf=is_pdf,
        arxiv_id=arxiv[0] if arxiv else None,
        arxiv_version=arxiv[1] if arxiv else None,
        doi=doi,
        openreview_id=openreview_id,
        rule=rule,
        repairs=(),
        archived=False,
    )


def ref_match(user_rules: tuple[HostRule, ...], host: str, path: str) -> HostRule | None:
    for rule in user_rules:
        if rule.matches(host, path):
            return rule
    candidates = urls._default_candidates(host)
    return next((rule for rule in candidates if rule.matches(host, path)), None)


def ref_doi_arxiv(doi: str) -> tuple[str, int | None] | None:
    return ref_arxiv_id_from_text(doi[15:]) if doi.startswith("10.48550/arxiv.") else None


def ref_arxiv_last_segment(path: str) -> tuple[str, int | None] | None:
    last = path.rstrip("/").rpartition("/")[2]
    return ref_arxiv_id_from_text(urls._strip_pdf(urls.unquote(last)))


def ref_classify(raw: str, user_rules: tuple[HostRule, ...] = ()) -> UrlInfo:
    url = raw.strip()
    text = url
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
        if text[:4].lower() == "url:":
            text = text[4:].strip()
    if text[:6].lower() == "arxiv:":
        bare = ref_arxiv_id_from_text(text)
        if bare:
            return ref_result(url, _K.ARXIV, "arxiv-id", urls._arxiv_abs(bare[0]), None, arxiv=bare)
    elif text[:4].lower() == "doi:":
        bare_doi = urls._clean_doi(text[4:])
        if bare_doi:
            via = ref_doi_arxiv(bare_doi)
            doi_url = urls._doi_url(bare_doi)
            return ref_result(url, _K.DOI, "doi-id", doi_url, None, arxiv=via, doi=bare_doi)
    parts = urls._split(text)
    if parts is None:
        return ref_result(url, _K.INVALID, "invalid", None, None)
    host, netloc, path, query = parts
    lpath = path.lower()
    is_pdf = lpath.endswith(".pdf")
    kind, name = (_K.PDF, "pdf") if is_pdf else (_K.OTHER, "other")
    canonical: str | None = None
    arxiv: tuple[str, int | None] | None = None
    doi: str | None = None
    note: str | None = None
    rule = ref_match(user_rules, host, lpath)
    if rule is not None:
        kind, name = rule.kind, rule.name
        if kind is _K.ARXIV:
            m = urls._ARXIV_PATH_RE.fullmatch(path)
            arxiv = ref_arxiv_id_from_text(urls._strip_pdf(urls.unquote(m.group(2)))) if m else None
            if m and arxiv:
                canonical, is_pdf = urls._arxiv_abs(arxiv[0]), m.group(1).lower() == "pdf"
        elif kind is _K.DOI:
            raw_doi = urls.unquote(path).lstrip("/")
            doi = urls._clean_doi(raw_doi[4:] if raw_doi[:4].lower() == "doi:" else raw_doi)
            if doi:
                canonical, arxiv = urls._doi_url(doi), ref_doi_arxiv(doi)
        elif kind is _K.OPENREVIEW:
            page = lpath.rstrip("/")
            note = urls._openreview_id(query) if page in urls._OPENREVIEW_PAGES else None
            if note:
                canonical, is_pdf = f"https://openreview.net/forum?id={note}", page == "/pdf"
        else:
            canonical = urls._clean_url(netloc, path, query)
            published = kind in (_K.PUBLISHER, _K.PROCEEDINGS)
            doi = urls._doi_in_page(path, query) if published else None
            arxiv = ref_arxiv_last_segment(path) if kind is _K.AGGREGATOR else None
        if canonical is None:
            kind, name = _K.OTHER, f"{rule.name}:no-id"
    canonical = canonical or urls._clean_url(netloc, path, query)
    return ref_result(url, kind, name, canonical, host, is_pdf, arxiv, doi, note)


# Rules and repairs that issue 13 added on purpose: URLs they decide are no longer compared with
# the frozen reference, only with the slow path (urls._classify), which the fast path must equal.
ISSUE_13_RULES = frozenset(
    {"nature", "biorxiv", "medrxiv", "ssrn", "zenodo", "psyarxiv-osf", "psyarxiv", "pubmed"}
    | {"pmc", "pmc-legacy", "europepmc", "philpapers", "dblp", "arxiv-lanl"}
)


def changed_on_purpose(info: UrlInfo) -> bool:
    return (
        bool(info.repairs)
        or info.archived
        or info.rule.partition(":")[0] in ISSUE_13_RULES
        or (info.doi or "").startswith("10/")
        or (info.kind is _K.ARXIV and "?" in info.url)
    )


def assert_same_info(got: UrlInfo, expected: UrlInfo) -> None:
    if changed_on_purpose(got):
        slow = urls._classify(got.url, ())
        if slow.rule.partition(":")[0] not in {r.name for r in USER_RULES}:
            assert got == slow
        return
    assert type(got) is UrlInfo
    assert got == expected
    assert got.model_dump() == expected.model_dump()
    assert list(got.__dict__) == list(expected.__dict__)
    assert got.model_fields_set == expected.model_fields_set
    assert type(got.model_fields_set) is type(expected.model_fields_set)


# ---------------------------------------------------------------------------------------------
# URL strategies

VERSIONS = st.sampled_from(["", "", "v1", "v2", "v12", "v0", "V3", "v01", "v1234567", "v999999"])
YYMM = st.integers(0, 9999) | st.sampled_from([703, 704, 1412, 1413, 1500, 1501, 2403, 9912])
NEW_IDS = st.builds(
    lambda yymm, number, version: f"{yymm:04d}.{number}{version}",
    YYMM,
    st.from_regex(r"[0-9]{3,6}", fullmatch=True),
    VERSIONS,
)
OLD_IDS = st.builds(
    lambda archive, digits, version: f"{archive}/{digits}{version}",
    st.sampled_from(["hep-th", "math", "math.GT", "cs", "astro-ph", "Hep-Th", "bogus", "q-bio"]),
    st.from_regex(r"[0-9]{6,8}", fullmatch=True),
    VERSIONS,
)
ARXIV_PATHS = st.builds(
    lambda page, ident, suffix: f"/{page}/{ident}{suffix}",
    st.sampled_from(["abs", "pdf", "pdf", "abs", "html", "ABS", "Pdf", "list", "a"]),
    NEW_IDS | OLD_IDS,
    st.sampled_from(["", "", "", "/", ".pdf", ".PDF", "/x", "%20", "//", "v2"]),
)
SEGMENTS = [
    *("research", "news", "index", "blog", "p", "papers", "forum", "pdf", "abs", "posts"),
    *("Research", "discover", "publications", "virtual", "10.1038", "nature14539", "owner"),
    *("repo", "watch", "a-b_c", "paper.pdf", "x.PDF", "%41", "é", " ", "~u", "", "s", "12345"),
]
SLUG_PATHS = st.lists(st.sampled_from(SEGMENTS), max_size=4).map(
    lambda parts: "".join("/" + p for p in parts)
)
URL_CHARS = st.sampled_from([*"abcXYZ019._~!$&'()*+,;=:@/-%?# ", "é", "\t"])
HOSTS = st.sampled_from(
    [
        *("arxiv.org", "www.arxiv.org", "export.arxiv.org", "ar5iv.labs.arxiv.org", "ar5iv.org"),
        *("ARXIV.org", "arxiv.org.", "openreview.net", "doi.org", "dx.doi.org", "anthropic.com"),
        *("www.anthropic.com", "openai.com", "deepmind.google", "www.example-lab.org", "a.b"),
        *("github.com", "huggingface.co", "journals.plos.org", "localhost", "1.2.3.4", "host"),
        *("x_y.co.uk", "bücher.de", "a..b", "-x.org", "www.", "lesswrong.com", "youtube.com"),
    ]
)
URLS = st.builds(
    lambda wrap, scheme, user, host, port, path, tail: (
        wrap[0] + scheme + user + host + port + path + tail + wrap[1]
    ),
    st.sampled_from([("", "")] * 6 + [(" ", " "), ("<", ">"), ("<URL:", ">"), ("\t", "\n")]),
    st.sampled_from(["https://"] * 4 + ["http://", "HTTPS://", "Http://", "", "//", "ftp://"]),
    st.sampled_from(["", "", "", "", "user@", "u:p@"]),
    HOSTS,
    st.sampled_from(["", "", "", "", ":80", ":443", ":8080", ":0", ":99999", ":x"]),
    ARXIV_PATHS | SLUG_PATHS | st.text(URL_CHARS, max_size=20).map(lambda s: "/" + s),
    st.sampled_from(["", "", "", "", "/", "?", "?id=abc", "?utm_source=x&a=1", "#f", "?id=A_1-2"]),
)
BARE = st.builds(lambda prefix, ident: prefix + ident, st.sampled_from(["arXiv:", "doi:"]), NEW_IDS)
ANY_URLS = URLS | BARE | st.text(URL_CHARS, max_size=30)

BENCHMARK_SHAPES = [
    "https://www.example-lab.org/research/honesty-is-the-best-policy-and-aligned-0",
    "https://arxiv.org/pdf/2403.12345v2",
    "https://arxiv.org/pdf/1812.28245v1",
    "https://arxiv.org/abs/2310.17230",
    "https://www.anthropic.com/research/many-shot-jailbreaking",
    "https://openai.com/index/weak-to-strong-generalization/",
    "https://deepmind.google/discover/blog/building-safer-dialogue-agents/",
    "https://openreview.net/forum?id=abc_12-X",
    "https://doi.org/10.1038/nature14539",
]


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_URLS)
@example("https://arxiv.org/pdf/2007.19546v3.pdf")
@example("https://arxiv.org/pdf/0704.0001v1")
@example("https://arxiv.org/abs/1501.0001")
@example("https://arxiv.org/abs/2013.12345")
@example("https://arxiv.org/abs/2301.00000")
@example("https://ar5iv.org/abs/2301.12345")
@example("https://arxiv.org/")
@example("https://arxiv.org")
@example("https://www.example-lab.org/a/b.pdf")
@example("https://www.anthropic.com/research/X.PDF")
@example("https://arxiv.org/abs/2301.12345/Paper.PDF")
@example("https://" + "a" * 250 + ".org/x")
def test_classify_url_matches_reference(url: str) -> None:
    assert_same_info(classify_url(url), ref_classify(url))


VALID_NEW_IDS = st.builds(
    lambda yymm, number, version: f"{yymm:04d}.{number:0{4 if yymm <= 1412 else 5}d}{version}",
    st.sampled_from([704, 1001, 1412, 1501, 1912, 2403, 9912]),
    st.integers(0, 10000),
    VERSIONS,
)


@settings(max_examples=500)
@given(
    st.sampled_from(["https://", "http://"]),
    HOSTS,
    st.sampled_from(["abs", "pdf", "html", "Abs"]),
    VALID_NEW_IDS,
    st.sampled_from(["", "", "/", ".pdf"]),
)
def test_arxiv_shaped_paths_on_any_host_match_reference(
    scheme: str, host: str, page: str, ident: str, suffix: str
) -> None:
    url = f"{scheme}{host}/{page}/{ident}{suffix}"
    assert_same_info(classify_url(url), ref_classify(url))


def test_benchmark_shapes_match_reference() -> None:
    for url in BENCHMARK_SHAPES:
        assert_same_info(classify_url(url), ref_classify(url))
        # A string built afresh, as a load sees it, must not depend on any cache.
        assert_same_info(classify_url(("x" + url)[1:]), ref_classify(url))


def test_url_table_matches_reference() -> None:
    for case in CASES:
        url = case.values[0]
        assert isinstance(url, str)
        assert_same_info(classify_url(url), ref_classify(url))


def test_results_share_only_what_is_never_changed() -> None:
    # The fields-set is shared to save memory; a copy with changes must get its own.
    first, second = (classify_url(url) for url in BENCHMARK_SHAPES[:2])
    assert first.__dict__ is not second.__dict__
    assert first.model_fields_set is second.model_fields_set
    before = set(second.model_fields_set)
    copy = first.model_copy(update={"rule": "changed"})
    assert copy.rule == "changed"
    assert copy.model_fields_set is not first.model_fields_set
    assert second.model_fields_set == before


USER_RULES = [
    HostRule("arxiv-pdf-as-pdf", UrlKind.PDF, "arxiv.org", "/pdf"),
    HostRule("lab", UrlKind.BLOG, "example-lab.org", "/research"),
    HostRule("ids", UrlKind.ARXIV, "mirror.org"),
]


@settings(max_examples=300)
@given(URLS, st.lists(st.sampled_from(USER_RULES), max_size=2))
def test_classify_url_with_user_rules_matches_reference(url: str, rules: list[HostRule]) -> None:
    assert_same_info(classify_url(url, rules=rules), ref_classify(url, tuple(rules)))


@settings(max_examples=500)
@given(
    st.sampled_from(["", "", "arXiv:", "ARXIV: ", " "]),
    NEW_IDS | OLD_IDS | st.text(st.sampled_from(list("0123456789.vV/-abc")), max_size=14),
)
def test_arxiv_id_from_text_matches_reference(prefix: str, ident: str) -> None:
    assert arxiv_id_from_text(prefix + ident) == ref_arxiv_id_from_text(prefix + ident)


def test_new_style_id_table_matches_the_arithmetic() -> None:
    for yymm in range(10000):
        for number in ("0000", "00000", "0001", "00001", "1234", "12345", "123", "123456"):
            text = f"{yymm:04d}.{number}v2"
            assert arxiv_id_from_text(text) == ref_arxiv_id_from_text(text)


@settings(max_examples=500)
@given(
    st.sampled_from(["http://", "https://"]),
    HOSTS,
    ARXIV_PATHS | SLUG_PATHS | st.text(URL_CHARS, max_size=20),
)
def test_plain_shape_accepts_exactly_the_plain_urls(scheme: str, host: str, rest: str) -> None:
    text = scheme + host + rest
    plain = urls._PLAIN_URL_RE.fullmatch(text)
    shape = urls._PLAIN_SHAPE_RE.fullmatch(text)
    site = None if shape is None else urls._plain_site(shape[1])
    accepted = plain is not None and len(plain[1]) <= 253
    assert (site is not None) == accepted
    if plain is not None and shape is not None and site is not None:
        assert (site.netloc, shape[2]) == (plain[1], plain[2])
        arxiv = urls._ARXIV_PATH_RE.fullmatch(shape[2] or "")
        if shape[3] is not None:
            assert arxiv is not None
            assert (shape[3], f"{shape[4]}.{shape[5]}") == (arxiv[1], arxiv[2].split("v")[0])


# ---------------------------------------------------------------------------------------------
# Frozen reference: the checks that changed, and run_checks.

REF_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"))
REF_WORD = re.compile(r"[a-z0-9]+")
NONE: tuple[Problem, ...] = ()


def ref_unbalanced(text: str) -> bool:
    if text.count('"') % 2:
        return True
    return any(text.count(open_) != text.count(close) for open_, close in REF_PAIRS)


def ref_slug_contradiction(title: str, url: str | None) -> tuple[str, str] | None:
    if not url or not title[-1:].isalnum():
        return None
    segment = url.rstrip("/").rsplit("/", 1)[-1].lower()
    words = REF_WORD.findall(title.lower())
    if len(words) < 2:
        return None
    last, before = words[-1], words[-2]
    if not _continued_in(last, segment):
        return None
    slug = [w for w in re.split(r"[^a-z0-9]+", segment) if w]
    for i in range(len(slug) - 1):
        if slug[i] == before and slug[i + 1] != last and slug[i + 1].startswith(last):
            return last, slug[i + 1]
    return None


def ref_truncated_title(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    title = paper.title
    if len(title) == TITLE_CELL_LIMIT:
        return (
            ctx.problem(
                paper,
                "truncated-title",
                "title",
                f"the title is exactly {TITLE_CELL_LIMIT} characters, the sheet's cell limit; "
                "it was probably cut",
                value=title[-40:],
            ),
        )
    cut = ref_slug_contradiction(title, paper.url_info.url if paper.url_info else None)
    if cut is None:
        return NONE
    return (
        ctx.problem(
            paper,
            "truncated-title",
            "title",
            f"the title ends in '{cut[0]}' where the URL slug has '{cut[1]}'",
            value=title[-40:],
        ),
    )


def ref_date_arxiv_mismatch(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    arxiv_id, date = paper.arxiv_id, paper.date
    if arxiv_id is None or date is None:
        return NONE
    digits = arxiv_id.split("/")[-1][:4]
    year, month = int(digits[:2]), int(digits[2:4])
    submitted = dt.date(year + (1900 if year >= 91 else 2000), month, 1)
    delta = (date - submitted).days
    if -60 <= delta <= 366:
        return NONE
    return (
        ctx.problem(
            paper,
            "date-arxiv-mismatch",
            "date",
            f"the date {date.isoformat()} is far from the arXiv id's month "
            f"{submitted:%Y-%m} ({arxiv_id})",
            value=f"{date.isoformat()} vs {arxiv_id}",
        ),
    )


def ref_unbalanced_quotes(paper: Paper, ctx: CheckContext) -> Iterable[Problem]:
    found = []
    for name, text in (("title", paper.title), ("abstract", paper.abstract)):
        if text and ref_unbalanced(text):
            found.append(
                ctx.problem(
                    paper,
                    "unbalanced-quotes",
                    name,
                    f"the {name} opens a quote or bracket it never closes",
                    value=text[:40] if name == "title" else None,
                )
            )
    return found


REF_FUNCTIONS = (
    _missing_abstract,
    _truncated_abstract,
    ref_truncated_title,
    ref_date_arxiv_mismatch,
    _future_date,
    _unknown_vocabulary,
    _duplicate_url,
    _invalid_url,
    _repaired_url,
    ref_unbalanced_quotes,
)
REF_CHECKS = tuple(
    Check(check.code, function, check.description)
    for check, function in zip(DEFAULT_CHECKS, REF_FUNCTIONS, strict=True)
)


def ref_run_checks(
    papers: Sequence[Paper], checks: Iterable[Check], context: CheckContext
) -> list[Problem]:
    functions = tuple(check.function for check in checks)
    found: list[Problem] = []
    for paper in papers:
        own = [problem for function in functions for problem in function(paper, context)]
        if own:
            paper._flags = paper._flags | {p.code for p in own}
            found.extend(own)
    return found


# ---------------------------------------------------------------------------------------------
# Paper strategies

PIECES = [*'"()[]{}“”‘’.!?…', "...", " ", " ", "word", "Scaling", "la", "é", "İ", "ß", "Ω", "1"]
TEXTS = st.lists(st.sampled_from([*PIECES, "\n\n", "(RLHF)", "[1]"]), max_size=30).map("".join)
WORDS = ["scaling", "laws", "la", "reward", "model", "over", "optim", "ai", "x2", "é", "Über"]
# The edges of the arXiv windows of 2403.12345 and hep-th/9901001 (60 days before the month to
# 366 days after its first day), which also serve as "today".
EDGE_DATES = [
    *(dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2025, 3, 2), dt.date(2025, 3, 3)),
    *(dt.date(1998, 11, 1), dt.date(1998, 11, 2), dt.date(2000, 1, 2), dt.date(2000, 1, 3)),
]
DATES = st.sampled_from(EDGE_DATES) | st.dates(dt.date(1989, 1, 1), dt.date(2031, 12, 31))
URL_POOL = [
    "https://www.example-lab.org/research/scaling-laws-1",
    "https://example-lab.org/research/scaling-laws-1",
    "https://arxiv.org/abs/2403.12345",
    "https://arxiv.org/pdf/2403.12345v2",
    "https://arxiv.org/abs/hep-th/9901001",
    "localhost/x",
    "not a url",
]


@st.composite
def paper_fields(draw: st.DrawFn) -> dict[str, Any]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
    cut = list(words)
    cut[-1] = cut[-1][: draw(st.integers(1, max(1, len(cut[-1]))))]
    slug = draw(st.sampled_from(["-", "_", " ", "-and-"])).join(words)
    title = draw(
        st.sampled_from([" ".join(words), " ".join(cut), "T" * TITLE_CELL_LIMIT])
        | TEXTS.map(lambda t: "Q " + t)
    )
    url = draw(
        st.none()
        | st.sampled_from(URL_POOL)
        | st.just(f"https://www.example-lab.org/research/{slug}")
        | st.just(f"https://www.anthropic.com/research/{slug}/")
        | URLS
    )
    return {
        "company": draw(st.sampled_from(["Anthropic", "OpenAI", "Nobody"])),
        "title": title,
        "date": draw(st.none() | DATES),
        "url": url,
        "category": draw(st.none() | st.sampled_from(["Safety", "Other", "[Duplicate] Safety"])),
        "abstract": draw(st.none() | st.sampled_from(["n/a", "Ends well.", "Ends..."]) | TEXTS),
        "row": draw(st.none() | st.integers(1, 40)),
    }


def user_generator(paper: Paper, ctx: CheckContext) -> Iterator[Problem]:
    if "a" in paper.title:
        yield ctx.problem(paper, "has-a", "title", "the title has an a")


def user_list(paper: Paper, ctx: CheckContext) -> list[Problem]:
    return [ctx.problem(paper, "always", None, "every row")] if paper.row else []


USER_CHECKS = (Check("has-a", user_generator), Check("always", user_list))
CHECK_SETS: list[Callable[[tuple[Check, ...]], Iterable[Check]]] = [
    lambda defaults: defaults,
    lambda defaults: [*defaults, *USER_CHECKS],
    lambda defaults: iter(defaults),
    lambda defaults: (USER_CHECKS[0], *defaults),
    lambda defaults: defaults[:5],
    lambda defaults: defaults[:-1],
    lambda defaults: (*defaults[:-1], USER_CHECKS[1]),
    lambda defaults: (*defaults[1:], defaults[0]),
    lambda defaults: (),
]


def build(rows: list[dict[str, Any]]) -> list[Paper]:
    papers = [Paper(**fields) for fields in rows]
    for i, paper in enumerate(papers):
        if i % 3 == 1:
            paper._flags = frozenset({"earlier"})
    return papers


def context(papers: Sequence[Paper], closed: bool, today: dt.date) -> CheckContext:
    return CheckContext(
        papers=papers,
        companies=frozenset({"Anthropic"}),
        categories=frozenset({"Safety"}),
        closed_vocabulary=closed,
        today=today,
    )


def dumps(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    return [problem.model_dump() for problem in problems]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(paper_fields(), min_size=1, max_size=6),
    st.booleans(),
    DATES,
    st.sampled_from(range(len(CHECK_SETS))),
)
def test_run_checks_matches_reference(
    rows: list[dict[str, Any]], closed: bool, today: dt.date, which: int
) -> None:
    papers, expected_papers = build(rows), build(rows)
    checks = CHECK_SETS[which]
    got = run_checks(papers, checks(DEFAULT_CHECKS), context(papers, closed, today))
    expected = ref_run_checks(
        expected_papers, checks(REF_CHECKS), context(expected_papers, closed, today)
    )
    assert dumps(got) == dumps(expected)
    assert [p.flags for p in papers] == [p.flags for p in expected_papers]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paper_fields(), min_size=1, max_size=6), st.booleans(), DATES)
def test_each_default_check_alone_matches_reference(
    rows: list[dict[str, Any]], closed: bool, today: dt.date
) -> None:
    for check, reference in zip(DEFAULT_CHECKS, REF_FUNCTIONS, strict=True):
        papers, expected_papers = build(rows), build(rows)
        ctx, expected_ctx = context(papers, closed, today), context(expected_papers, closed, today)
        for paper, expected_paper in zip(papers, expected_papers, strict=True):
            assert dumps(check(paper, ctx)) == dumps(reference(expected_paper, expected_ctx))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paper_fields(), min_size=1, max_size=6))
def test_streamed_rows_match_reference(rows: list[dict[str, Any]]) -> None:
    # Streaming checks one row at a time against a context that learns the URLs as it goes.
    papers, expected_papers = build(rows), build(rows)
    ctx, expected_ctx = (
        context((), False, dt.date(2025, 1, 1)),
        context((), False, dt.date(2025, 1, 1)),
    )
    for paper, expected_paper in zip(papers, expected_papers, strict=True):
        got = run_checks([paper], DEFAULT_CHECKS, ctx)
        assert dumps(got) == dumps(ref_run_checks([expected_paper], REF_CHECKS, expected_ctx))
        assert paper.flags == expected_paper.flags


QUOTE_TEXTS = st.text(st.sampled_from([*'"()[]{}“”‘’ a.', "é", "Ω", "\U0001f600"]), max_size=40)


@settings(max_examples=1000)
@given(QUOTE_TEXTS | TEXTS)
@example("")
@example('"')
@example("“quoted”")
@example("“unclosed")
@example("(a] [b)")
def test_unbalanced_matches_reference(text: str) -> None:
    assert _unbalanced(text) == ref_unbalanced(text)


TITLE_WORDS = st.lists(
    st.sampled_from(["ab", "abc", "a", "b2", "x", "é", "Ab", "ABC", "a-b", "ß", "İ"]),
    min_size=1,
    max_size=5,
)


@settings(max_examples=1000)
@given(TITLE_WORDS, TITLE_WORDS, st.sampled_from([" ", "-", "_", "\t", ""]), st.booleans())
@example(["scaling", "la"], ["scaling", "laws"], " ", False)
@example(["Scaling", "LA"], ["scaling", "laws"], "-", True)
def test_slug_contradiction_matches_reference(
    title: list[str], slug: list[str], sep: str, trailing: bool
) -> None:
    url = "https://example.org/p/" + "-".join(slug) + ("/" if trailing else "")
    for text in (" ".join(title), sep.join(title), " ".join(title) + "!"):
        assert _slug_contradiction(text, url) == ref_slug_contradiction(text, url)
