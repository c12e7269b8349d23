"""Fast paths tested live against the definitions they stand for.

Each fast path of the library is checked against the plain code it shortcuts, run now, not a
frozen copy of older code: ``classify_url``'s plain-URL path and its cache against the general
classifier; the plain-URL pattern against the host and path rules it compresses; the row
splitter's shortcuts against its full rules, and its batched reading against the whole text.
(The checks' screens are tested in ``test_fastpaths.py``, the fast paper constructor in
``test_reliability.py``.)
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import safetylit
from safetylit import _reader as reader
from safetylit import urls
from safetylit._reader import RawRow, iter_rows, split_rows
from safetylit.urls import UrlInfo, arxiv_id_from_text, classify_url

# --- classify_url ------------------------------------------------------------------------------

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


def assert_same(got: UrlInfo, expected: UrlInfo) -> None:
    assert type(got) is UrlInfo
    assert got == expected
    assert got.model_dump() == expected.model_dump()
    assert list(got.__dict__) == list(expected.__dict__)
    assert got.model_fields_set == expected.model_fields_set


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_URLS)
@example("https://arxiv.org/pdf/2007.19546v3.pdf")
@example("https://arxiv.org/pdf/0704.0001v1")
@example("https://arxiv.org/abs/1501.0001")
@example("https://arxiv.org/abs/2301.00000")
@example("https://ar5iv.org/abs/2301.12345")
@example("https://arxiv.org")
@example("https://www.anthropic.com/research/X.PDF")
@example("https://" + "a" * 250 + ".org/x")
def test_the_plain_url_path_and_the_cache_give_what_the_general_classifier_gives(
    url: str,
) -> None:
    general = urls._classify(url, ())
    assert_same(classify_url(url), general)
    assert_same(classify_url(("x" + url)[1:]), general)  # a fresh string, as a load has
    assert_same(classify_url(url), general)  # and again, from the cache


def test_most_benchmark_shapes_take_the_plain_path() -> None:
    plain_ones = 0
    for url in BENCHMARK_SHAPES:
        shape = urls._PLAIN_SHAPE_RE.fullmatch(url)
        plain_ones += shape is not None and urls._plain_site(shape[1]) is not None
        assert_same(classify_url(url), urls._classify(url, ()))
    assert plain_ones >= 7


def new_style_rule(yymm: int, number: str) -> bool:
    """The documented rule: YYMM.NNNN from 0704 to 1412, YYMM.NNNNN from 1501, number not 0."""
    month = yymm % 100
    digits = 4 if yymm <= 1412 else 5
    return yymm >= 704 and 1 <= month <= 12 and len(number) == digits and int(number) != 0


def test_the_new_style_id_table_follows_the_documented_rule() -> None:
    for yymm in range(10000):
        for number in ("0000", "00000", "0001", "00001", "1234", "12345", "123", "123456"):
            found = arxiv_id_from_text(f"{yymm:04d}.{number}v2")
            expected = (f"{yymm:04d}.{number}", 2) if new_style_rule(yymm, number) else None
            assert found == expected


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


# --- the row splitter ---------------------------------------------------------------------------

# Digits written in other scripts (Arabic-Indic, Devanagari, fullwidth, mathematical bold).
_DIGITS = {
    "ascii": "0123456789",
    "arabic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "fullwidth": "０１２３４５６７８９",
    "math": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
_PADDING = st.sampled_from(["", "", "", " ", "\t", "\u00a0", "  ", " \t\u00a0", "\u2003", "\x0b"])


@st.composite
def number_lines(draw: st.DrawFn) -> str:
    value = draw(st.integers(0, 12) | st.integers(0, 10**11) | st.sampled_from([9, 10, 11]))
    digits = str(value)
    if draw(st.integers(0, 9)) == 0:
        digits = digits.zfill(draw(st.integers(1, 12)))
    script = _DIGITS[draw(st.sampled_from(sorted(_DIGITS)))]
    if draw(st.booleans()):
        digits = digits.translate(str.maketrans("0123456789", script))
    line = draw(_PADDING) + digits + draw(_PADDING)
    if draw(st.integers(0, 15)) == 0:
        line = " " * draw(st.integers(10, 30)) + line  # around the 24-character limit
    return line


_BLANKS = st.sampled_from(["", "", " ", "\t", "\u00a0", "  \t", "\u2003"])
_EVIDENCE = st.sampled_from(
    [
        "3-Mar-24",
        "Acme Labs\tSafer Widgets\t14-feb-2023",
        "2024-01-05",
        "Jan 5, 2024",
        "Sept. 12 2023",
        "https://acme.example/w",
        "http://x.org",
        "ftp://files.example",
        "www.example.org/paper",
        "Acme LabsBetter Gadgets4-Mar-24https://acme.example/gWidget safetyWe study gadgets.",
        # Around the 600 characters of a line that are searched.
        "x" * 590 + "https://a",
        "x" * 598 + "https://late.example",
        "x" * 590 + " 3-Mar-24",
        "x" * 592 + " 3-Mar-24",
        "y" * 596 + "www.",
        "y" * 597 + "www.",
    ]
)
_PROSE = st.sampled_from(
    [
        "We study widgets.",
        "Results are mixed (see note",
        "as shown in [3]",
        "It works!",
        "Does it?",
        "He said “yes”",
        "He said ‘no’",
        "quoted 'text'",
        'quoted "text"',
        "an open sentence",
        "ends with a space. ",
        "Widget safety",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "CompanyTitleDateURL",
        "Company\tTitle\tDate\tURL\tSafety category\tAbstract",
        "Safety_category",
        "Abstract",
        "z" * 700 + ".",
    ]
)
_TEXT = (
    _BLANKS
    | _EVIDENCE
    | _PROSE
    | _PROSE
    | st.text(st.sampled_from("ab1٢ .\t\u00a0:/w"), max_size=8)
)
# Rows (a number line and what follows it) with loose lines between them, so that number lines
# are followed by every kind and length of lookahead.
_BLOCK = st.tuples(number_lines(), st.lists(_TEXT, max_size=7)).map(lambda b: [b[0], *b[1]])
_LOOSE = st.lists(number_lines() | _TEXT, max_size=3)


@st.composite
def exports(draw: st.DrawFn) -> str:
    lines = [line for part in draw(st.lists(_BLOCK | _LOOSE, max_size=12)) for line in part]
    breaks = draw(st.sampled_from(["\n", "\n", "\r\n", "mixed"]))
    if breaks == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"])) for line in lines)
    else:
        text = breaks.join(lines)
    if draw(st.booleans()):
        text += "\n"
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


_PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plain(rows: list[RawRow]) -> list[tuple[int | None, int, list[str]]]:
    return [(r.row, r.first_line, r.lines) for r in rows]


@_PROPERTY
@given(exports(), st.integers(1, 30))
@example("2\nAcme\n3-Mar-24\n7\nThe note.\n3\nwww.x.org\n", 2)
@example("2\nIt ended.\n3\na\nb\nc\nd\nhttps://x\n", 3)
def test_batches_split_as_the_whole_text(text: str, batch: int) -> None:
    lines = text.split("\n")
    rows, problems, _ = reader.split_lines(list(lines))
    got_rows: list[RawRow] = []
    got_problems = []
    for some, found in iter_rows(iter(lines), batch=batch):
        got_rows += some
        got_problems += found
    assert plain(got_rows) == plain(rows)
    assert got_problems == problems


@_PROPERTY
@given(exports())
def test_number_lines_are_the_lines_the_row_number_rule_accepts(text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found = [index for index, _ in reader._number_lines(lines)]
    rule = [
        index
        for index, line in enumerate(lines)
        if len(line) <= reader._MAX_NUMBER_LINE and reader._ROW_NUMBER.fullmatch(line)
    ]
    assert found == rule


@_PROPERTY
@given(exports())
def test_a_url_ahead_is_strong_evidence(text: str) -> None:
    # The splitter settles a row start on a URL in the lines ahead without computing the
    # evidence; the evidence rule must call every such line strong.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, stop in reader._number_lines(lines):
        if reader._url_ahead(lines, index, stop):
            assert reader._evidence(lines, index, stop) == "strong"


def test_the_sample_splits_alike_in_batches() -> None:
    text = safetylit.sample_path().read_text("utf-8")
    rows, _, _ = split_rows(text)
    for batch in (1, 7, 40, 1024):
        batched = [
            row for some, _ in iter_rows(iter(text.split("\n")), batch=batch) for row in some
        ]
        assert plain(batched) == plain(rows)


def test_cut_search_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only empty rows: no line is ever a cut, so every line added looks for one again. Each
    # search must look at the new lines only, or the calls grow with the square of the lines.
    calls = 0
    evidence = reader._evidence

    def counted(lines: list[str], index: int, stop: int) -> str:
        nonlocal calls
        calls += 1
        return evidence(lines, index, stop)

    monkeypatch.setattr(reader, "_evidence", counted)
    lines = [str(n) for n in range(1, 5001)]
    batches = list(iter_rows(iter(lines), batch=100))
    assert [row.row for rows, _ in batches for row in rows] == list(range(1, 5001))
    assert calls < 3 * len(lines)
