"""Tests for safetylit.urls: URL kinds, identifiers and canonical URLs."""

from __future__ import annotations

import doctest
import re
from collections import Counter
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetylit import urls
from safetylit.urls import (
    DEFAULT_RULES,
    HostRule,
    UrlInfo,
    UrlKind,
    arxiv_id_from_text,
    classify_url,
    list_rules,
)

K = UrlKind
AX = "https://arxiv.org/abs/"


def case(
    url: str,
    kind: UrlKind,
    *,
    id: str,
    arxiv: str | None = None,
    v: int | None = None,
    doi: str | None = None,
    orid: str | None = None,
    pdf: bool = False,
    canonical: str | None = None,
) -> Any:
    """One table row; every identifier not given is asserted to be None (is_pdf False)."""
    return pytest.param(url, kind, arxiv, v, doi, orid, pdf, canonical, id=id)


CASES = [
    # The project's sample export: every URL shape it contains.
    case(
        "https://www.anthropic.com/research/reward-tampering",
        K.BLOG,
        id="sample-anthropic-research",
        canonical="https://www.anthropic.com/research/reward-tampering",
    ),
    case(
        "https://arxiv.org/pdf/2407.04622v2",
        K.ARXIV,
        id="sample-arxiv-pdf-v2",
        arxiv="2407.04622",
        v=2,
        pdf=True,
        canonical=AX + "2407.04622",
    ),
    case("https://arxiv.org/abs/2403.13793", K.ARXIV, id="sample-arxiv-abs", arxiv="2403.13793"),
    case(
        "https://arxiv.org/pdf/2105.14111",
        K.ARXIV,
        id="sample-arxiv-pdf-no-version",
        arxiv="2105.14111",
        pdf=True,
        canonical=AX + "2105.14111",
    ),
    case(
        "https://deepmind.google/research/publications/54918/",
        K.PUBLICATION_PAGE,
        id="sample-deepmind-publication",
        canonical="https://deepmind.google/research/publications/54918/",
    ),
    case(
        "https://deepmind.google/discover/blog/building-safer-dialogue-agents/",
        K.BLOG,
        id="sample-deepmind-blog",
    ),
    case(
        "https://proceedings.mlr.press/v162/rusu22a/rusu22a",
        K.PROCEEDINGS,
        id="sample-pmlr",
        canonical="https://proceedings.mlr.press/v162/rusu22a/rusu22a",
    ),
    case(
        "https://openai.com/index/extracting-concepts-from-gpt-4/",
        K.BLOG,
        id="sample-openai-index",
        canonical="https://openai.com/index/extracting-concepts-from-gpt-4/",
    ),
    case(
        "https://openai.com/research/language-models-can-explain-neurons-in-language-models",
        K.BLOG,
        id="sample-openai-research",
    ),
    # Examples from the specification.
    case(
        "https://arxiv.org/pdf/2310.17230v1",
        K.ARXIV,
        id="spec-arxiv-pdf",
        arxiv="2310.17230",
        v=1,
        pdf=True,
    ),
    case(
        "https://arxiv.org/abs/hep-th/9901001",
        K.ARXIV,
        id="spec-old-style",
        arxiv="hep-th/9901001",
        canonical=AX + "hep-th/9901001",
    ),
    case(
        "https://deepmind.google/research/publications/78149/",
        K.PUBLICATION_PAGE,
        id="spec-deepmind-publication",
    ),
    case(
        "https://openreview.net/forum?id=YPpSngE-ZU",
        K.OPENREVIEW,
        id="spec-openreview",
        orid="YPpSngE-ZU",
        canonical="https://openreview.net/forum?id=YPpSngE-ZU",
    ),
    case(
        "http://dx.doi.org/10.1038/NATURE14539",
        K.DOI,
        id="spec-dx-doi-upper",
        doi="10.1038/nature14539",
        canonical="https://doi.org/10.1038/nature14539",
    ),
    case("https://github.com/openai/evals", K.CODE, id="spec-github"),
    case(
        "https://arxiv.org/abs/2313.12345",
        K.OTHER,
        id="spec-month-13",
        canonical="https://arxiv.org/abs/2313.12345",
    ),
    case("not a url", K.INVALID, id="spec-not-a-url"),
    # arXiv identifier rules and boundaries.
    case(AX + "0704.0001", K.ARXIV, id="first-new-style-id", arxiv="0704.0001"),
    case(AX + "0703.0001", K.OTHER, id="new-style-before-april-2007"),
    case(AX + "1412.9999", K.ARXIV, id="four-digits-in-1412", arxiv="1412.9999"),
    case(AX + "1412.12345", K.OTHER, id="five-digits-before-1501"),
    case(AX + "1501.00001", K.ARXIV, id="five-digits-from-1501", arxiv="1501.00001"),
    case(AX + "1501.0001", K.OTHER, id="four-digits-after-1501"),
    case(AX + "2403.1379", K.OTHER, id="truncated-id-not-padded"),
    case(AX + "2310.172301", K.OTHER, id="six-digit-number"),
    case(AX + "2300.12345", K.OTHER, id="month-00"),
    case(AX + "2310.17230v0", K.OTHER, id="version-zero"),
    case(AX + "2310.17230v12", K.ARXIV, id="two-digit-version", arxiv="2310.17230", v=12),
    case(
        AX + "math.GT/0309136",
        K.ARXIV,
        id="old-style-subject-class-dropped",
        arxiv="math/0309136",
        canonical=AX + "math/0309136",
    ),
    case(
        AX + "solv-int/9901001v2",
        K.ARXIV,
        id="solv-int-hyphen-archive",
        arxiv="solv-int/9901001",
        v=2,
    ),
    case(
        "https://arxiv.org/pdf/cond-mat.str-el/0301001v1",
        K.ARXIV,
        id="hyphen-archive-hyphen-class",
        arxiv="cond-mat/0301001",
        v=1,
        pdf=True,
    ),
    case(AX + "adap-org/9901001v3", K.ARXIV, id="archive-ending-v3", arxiv="adap-org/9901001", v=3),
    case(AX + "hep-th/9913001", K.OTHER, id="old-style-month-13"),
    case(AX + "hep-th/0801001", K.OTHER, id="old-style-after-march-2007"),
    case(AX + "hep-th/9001001", K.OTHER, id="old-style-year-1990"),
    case(AX + "nonsense/9901001", K.OTHER, id="unknown-old-archive"),
    case(AX + "hep-th/990100", K.OTHER, id="old-style-six-digits"),
    # arXiv URL shapes.
    case(
        "https://arxiv.org/pdf/2310.17230v1.pdf",
        K.ARXIV,
        id="pdf-with-suffix",
        arxiv="2310.17230",
        v=1,
        pdf=True,
    ),
    case(
        "https://arxiv.org/pdf/2310.17230.pdf",
        K.ARXIV,
        id="pdf-suffix-no-version",
        arxiv="2310.17230",
        pdf=True,
    ),
    case(AX + "2310.17230.pdf", K.ARXIV, id="abs-with-pdf-suffix-is-abs", arxiv="2310.17230"),
    case("https://arxiv.org/html/2310.17230v2", K.ARXIV, id="html", arxiv="2310.17230", v=2),
    case(AX + "2310.17230/", K.ARXIV, id="trailing-slash", arxiv="2310.17230"),
    case(AX + "2310.17230#S2", K.ARXIV, id="fragment", arxiv="2310.17230"),
    case(
        AX + "2310.17230?utm_source=twitter&utm_medium=social",
        K.ARXIV,
        id="utm-params",
        arxiv="2310.17230",
        canonical=AX + "2310.17230",
    ),
    case("http://arxiv.org/abs/2310.17230", K.ARXIV, id="http", arxiv="2310.17230"),
    case("https://www.arxiv.org/abs/2310.17230", K.ARXIV, id="www", arxiv="2310.17230"),
    case(
        "https://export.arxiv.org/abs/2310.17230v4", K.ARXIV, id="export", arxiv="2310.17230", v=4
    ),
    case(
        "arxiv.org/abs/2310.17230",
        K.ARXIV,
        id="missing-scheme",
        arxiv="2310.17230",
        canonical=AX + "2310.17230",
    ),
    case(" \t https://arxiv.org/abs/2310.17230 \n", K.ARXIV, id="whitespace", arxiv="2310.17230"),
    case("<https://arxiv.org/abs/2310.17230>", K.ARXIV, id="angle-brackets", arxiv="2310.17230"),
    case(
        "<URL:https://arxiv.org/abs/2310.17230>", K.ARXIV, id="rfc-url-wrapper", arxiv="2310.17230"
    ),
    case(
        "arXiv:2310.17230",
        K.ARXIV,
        id="bare-arxiv-prefix",
        arxiv="2310.17230",
        canonical=AX + "2310.17230",
    ),
    case("arxiv:2310.17230v3", K.ARXIV, id="bare-arxiv-prefix-version", arxiv="2310.17230", v=3),
    case("arXiv:hep-th/9901001", K.ARXIV, id="bare-old-style", arxiv="hep-th/9901001"),
    case("arXiv:2313.12345", K.INVALID, id="bare-arxiv-bad-month"),
    case(AX + "arXiv:2310.17230", K.ARXIV, id="arxiv-prefix-in-path", arxiv="2310.17230"),
    case(
        "https://ar5iv.labs.arxiv.org/html/2310.17230",
        K.ARXIV,
        id="ar5iv-labs",
        arxiv="2310.17230",
        canonical=AX + "2310.17230",
    ),
    case("https://ar5iv.org/abs/2310.17230", K.ARXIV, id="ar5iv-org", arxiv="2310.17230"),
    case("HTTPS://ARXIV.ORG/abs/2310.17230", K.ARXIV, id="upper-case-host", arxiv="2310.17230"),
    case("https://arxiv.org/list/cs.AI/recent", K.OTHER, id="arxiv-listing"),
    case("https://arxiv.org/a/smith_j_1", K.OTHER, id="arxiv-author-page"),
    case("https://arxiv.org/help/api", K.OTHER, id="arxiv-help"),
    case("https://arxiv.org/", K.OTHER, id="arxiv-root", canonical="https://arxiv.org/"),
    case("https://arxiv.org/pdf/2313.12345.pdf", K.OTHER, id="arxiv-pdf-bad-id", pdf=True),
    case("https://arxiv.org.evil.com/abs/2310.17230", K.OTHER, id="evil-suffix-host"),
    case("https://notarxiv.org/abs/2310.17230", K.OTHER, id="evil-prefix-host"),
    # OpenReview.
    case(
        "https://openreview.net/pdf?id=YPpSngE-ZU",
        K.OPENREVIEW,
        id="openreview-pdf",
        orid="YPpSngE-ZU",
        pdf=True,
        canonical="https://openreview.net/forum?id=YPpSngE-ZU",
    ),
    case(
        "https://openreview.net/attachment?id=rJl-b3RcF7&name=supplementary_material",
        K.OPENREVIEW,
        id="openreview-attachment",
        orid="rJl-b3RcF7",
    ),
    case(
        "https://openreview.net/forum?id=B1gJ1L2aW&noteId=xyz",
        K.OPENREVIEW,
        id="openreview-note-param",
        orid="B1gJ1L2aW",
        canonical="https://openreview.net/forum?id=B1gJ1L2aW",
    ),
    case("https://openreview.net/group?id=ICLR.cc/2024/Conference", K.OTHER, id="openreview-group"),
    case("https://openreview.net/forum?id=", K.OTHER, id="openreview-empty-id"),
    case("https://openreview.net/", K.OTHER, id="openreview-root"),
    case("https://openreview.net.evil.com/forum?id=abc", K.OTHER, id="openreview-evil-host"),
    # DOIs.
    case(
        "https://doi.org/10.1145/3442188.3445922",
        K.DOI,
        id="doi-org",
        doi="10.1145/3442188.3445922",
        canonical="https://doi.org/10.1145/3442188.3445922",
    ),
    case(
        "https://doi.org/10.1038%2Fnature14539", K.DOI, id="doi-pct-2f", doi="10.1038/nature14539"
    ),
    case(
        "https://doi.org/doi:10.1038/nature14539", K.DOI, id="doi-prefix", doi="10.1038/nature14539"
    ),
    case(
        "https://doi.org/10.1038/nature14539.",
        K.DOI,
        id="doi-trailing-dot",
        doi="10.1038/nature14539",
    ),
    case(
        "https://doi.org/10.1038/nature14539);",
        K.DOI,
        id="doi-trailing-paren-semicolon",
        doi="10.1038/nature14539",
    ),
    case(
        "https://doi.org/10.1016/S0140-6736(20)30183-5",
        K.DOI,
        id="doi-balanced-parens-kept",
        doi="10.1016/s0140-6736(20)30183-5",
        canonical="https://doi.org/10.1016/s0140-6736(20)30183-5",
    ),
    case(
        "https://doi.org/10.48550/arXiv.2310.17230",
        K.DOI,
        id="doi-arxiv-datacite",
        arxiv="2310.17230",
        doi="10.48550/arxiv.2310.17230",
        canonical="https://doi.org/10.48550/arxiv.2310.17230",
    ),
    case("https://www.doi.org/10.1038/nature14539", K.DOI, id="doi-www", doi="10.1038/nature14539"),
    case(
        "doi:10.1038/NATURE14539",
        K.DOI,
        id="bare-doi",
        doi="10.1038/nature14539",
        canonical="https://doi.org/10.1038/nature14539",
    ),
    case("https://doi.org/", K.OTHER, id="doi-root"),
    case("https://doi.org/the-identifier", K.OTHER, id="doi-non-doi-page"),
    # Publishers, with DOIs carried in their paths.
    case(
        "https://dl.acm.org/doi/10.1145/3442188.3445922",
        K.PUBLISHER,
        id="acm-doi",
        doi="10.1145/3442188.3445922",
        canonical="https://dl.acm.org/doi/10.1145/3442188.3445922",
    ),
    case(
        "https://dl.acm.org/doi/pdf/10.1145/3442188.3445922",
        K.PUBLISHER,
        id="acm-pdf-endpoint",
        doi="10.1145/3442188.3445922",
    ),
    case(
        "https://link.springer.com/article/10.1007/s10994-021-05961-4",
        K.PUBLISHER,
        id="springer-doi",
        doi="10.1007/s10994-021-05961-4",
    ),
    case(
        "https://link.springer.com/content/pdf/10.1007/s10994-021-05961-4.pdf",
        K.PUBLISHER,
        id="springer-pdf",
        doi="10.1007/s10994-021-05961-4",
        pdf=True,
    ),
    case(
        "https://onlinelibrary.wiley.com/doi/full/10.1111/risa.13456",
        K.PUBLISHER,
        id="wiley-doi",
        doi="10.1111/risa.13456",
    ),
    case(
        "https://www.science.org/doi/10.1126/science.abc1234",
        K.PUBLISHER,
        id="science-doi",
        doi="10.1126/science.abc1234",
    ),
    case(
        "https://www.frontiersin.org/articles/10.3389/frai.2021.123456/full",
        K.PUBLISHER,
        id="frontiers-doi-suffix-page",
        doi="10.3389/frai.2021.123456",
    ),
    case(
        "https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0123456",
        K.PUBLISHER,
        id="plos-doi-in-query",
        doi="10.1371/journal.pone.0123456",
    ),
    case("https://ieeexplore.ieee.org/document/9001234", K.PUBLISHER, id="ieee-no-doi"),
    case(
        "https://www.nature.com/articles/s41586-021-03819-2",
        K.PUBLISHER,
        id="nature-article-doi",
        doi="10.1038/s41586-021-03819-2",
    ),
    case(
        "https://www.sciencedirect.com/science/article/pii/S0004370221000862",
        K.PUBLISHER,
        id="sciencedirect",
    ),
    case("https://www.cambridge.org/core/journals/x/article/y", K.PUBLISHER, id="cambridge-core"),
    case("https://www.cambridge.org/about", K.OTHER, id="cambridge-outside-core"),
    # Proceedings.
    case(
        "https://proceedings.neurips.cc/paper_files/paper/2022/hash/abc-Abstract-Conference.html",
        K.PROCEEDINGS,
        id="neurips-proceedings",
    ),
    case(
        "https://papers.nips.cc/paper/2017/file/abc-Paper.pdf",
        K.PROCEEDINGS,
        id="nips-pdf",
        pdf=True,
    ),
    case("https://aclanthology.org/2023.acl-long.1.pdf", K.PROCEEDINGS, id="acl", pdf=True),
    case("https://ojs.aaai.org/index.php/AAAI/article/view/12345", K.PROCEEDINGS, id="aaai"),
    case(
        "https://openaccess.thecvf.com/content/CVPR2023/papers/x_CVPR_2023_paper.pdf",
        K.PROCEEDINGS,
        id="cvf",
        pdf=True,
    ),
    case("https://www.ijcai.org/proceedings/2023/0001.pdf", K.PROCEEDINGS, id="ijcai", pdf=True),
    case("https://jmlr.org/papers/v21/20-074.html", K.PROCEEDINGS, id="jmlr"),
    case(
        "https://www.usenix.org/conference/usenixsecurity23/presentation/x",
        K.PROCEEDINGS,
        id="usenix",
    ),
    case("https://neurips.cc/virtual/2023/poster/12345", K.PROCEEDINGS, id="neurips-virtual"),
    case("https://neurips.cc/Conferences/2023", K.OTHER, id="neurips-not-virtual"),
    # Blogs, and their listing pages.
    case("https://www.anthropic.com/news/claude-3-family", K.BLOG, id="anthropic-news"),
    case("https://www.anthropic.com/index/core-views", K.BLOG, id="anthropic-index"),
    case("https://www.anthropic.com/research", K.OTHER, id="anthropic-research-listing"),
    case("https://www.anthropic.com/research/", K.OTHER, id="anthropic-research-listing-slash"),
    case("https://www.anthropic.com/researchers", K.OTHER, id="prefix-needs-segment-boundary"),
    case("https://openai.com/blog/chatgpt", K.BLOG, id="openai-blog"),
    case("https://openai.com/research/", K.OTHER, id="openai-research-listing"),
    case("https://openai.com/index/", K.OTHER, id="openai-index-listing"),
    case("https://deepmind.google/discover/blog/", K.OTHER, id="deepmind-blog-listing"),
    case("https://www.deepmind.com/blog/alphafold", K.BLOG, id="deepmind-com-blog"),
    case("https://alignment.anthropic.com/2025/recommended-directions/", K.BLOG, id="anthropic-al"),
    case("https://ai.meta.com/blog/llama-3/", K.BLOG, id="meta-blog"),
    case("https://blog.google/technology/ai/google-gemini-ai/", K.BLOG, id="blog-google"),
    case("https://research.google/blog/some-post/", K.BLOG, id="google-research-blog"),
    case("https://ai.googleblog.com/2022/01/post.html", K.BLOG, id="google-ai-blog"),
    case("https://www.microsoft.com/en-us/research/blog/a-post/", K.BLOG, id="msr-blog"),
    case(
        "https://transformer-circuits.pub/2023/monosemantic-features/index.html",
        K.BLOG,
        id="transformer-circuits",
    ),
    case("https://transformer-circuits.pub/", K.OTHER, id="transformer-circuits-root"),
    case("https://distill.pub/2020/circuits/zoom-in/", K.BLOG, id="distill"),
    case("https://bair.berkeley.edu/blog/2023/01/01/post/", K.BLOG, id="bair"),
    case("https://redwood.substack.com/p/a-post", K.BLOG, id="substack-post"),
    case("https://redwood.substack.com/", K.OTHER, id="substack-home"),
    case("https://medium.com/@someone/a-post-123", K.BLOG, id="medium"),
    case("https://team.medium.com/a-post-123", K.BLOG, id="medium-subdomain"),
    # Publication pages.
    case("https://ai.meta.com/research/publications/llama-2/", K.PUBLICATION_PAGE, id="meta-pub"),
    case("https://research.google/pubs/pub12345/", K.PUBLICATION_PAGE, id="google-pub"),
    case(
        "https://www.microsoft.com/en-us/research/publication/a-paper/",
        K.PUBLICATION_PAGE,
        id="msr-pub",
    ),
    case("https://deepmind.google/research/publications/", K.OTHER, id="deepmind-pubs-listing"),
    # Forums.
    case("https://www.lesswrong.com/posts/abc123/a-post", K.FORUM, id="lesswrong"),
    case("https://www.lesswrong.com/s/seq1/p/post2", K.FORUM, id="lesswrong-sequence-post"),
    case("https://www.lesswrong.com/users/someone", K.OTHER, id="lesswrong-user"),
    case("https://www.alignmentforum.org/posts/abc123/a-post", K.FORUM, id="alignment-forum"),
    case("https://forum.effectivealtruism.org/posts/abc/a-post", K.FORUM, id="ea-forum"),
    # Code.
    case("https://gitlab.com/group/project", K.CODE, id="gitlab"),
    case("https://bitbucket.org/team/repo/src/main/", K.CODE, id="bitbucket"),
    case("https://colab.research.google.com/drive/1abc", K.CODE, id="colab"),
    case("https://github.com/openai", K.OTHER, id="github-owner-page"),
    case("https://huggingface.co/openai/whisper-large", K.OTHER, id="huggingface-model"),
    # Video.
    case(
        "https://www.youtube.com/watch?v=abc123&si=tracking",
        K.VIDEO,
        id="youtube",
        canonical="https://www.youtube.com/watch?v=abc123",
    ),
    case("https://m.youtube.com/watch?v=abc123", K.VIDEO, id="youtube-mobile"),
    case("https://youtu.be/abc123", K.VIDEO, id="youtu-be"),
    case("https://vimeo.com/123456", K.VIDEO, id="vimeo"),
    case("https://www.youtube.com/@channel", K.OTHER, id="youtube-channel"),
    # Aggregators.
    case(
        "https://huggingface.co/papers/2310.17230",
        K.AGGREGATOR,
        id="hf-papers",
        arxiv="2310.17230",
    ),
    case(
        "https://www.alphaxiv.org/abs/2310.17230v2",
        K.AGGREGATOR,
        id="alphaxiv",
        arxiv="2310.17230",
        v=2,
    ),
    case("https://www.semanticscholar.org/paper/abc/def", K.AGGREGATOR, id="semantic-scholar"),
    case("https://paperswithcode.com/paper/a-paper", K.AGGREGATOR, id="paperswithcode"),
    case("https://scholar.google.com/scholar?q=reward", K.AGGREGATOR, id="google-scholar"),
    case("https://www.researchgate.net/publication/123_x", K.AGGREGATOR, id="researchgate"),
    # Unknown hosts: PDF or OTHER, with cleaned canonical URLs.
    case("https://cdn.openai.com/papers/gpt-4.pdf", K.PDF, id="pdf-on-unruled-path", pdf=True),
    case("https://example.com/Paper.PDF", K.PDF, id="pdf-upper-suffix", pdf=True),
    case(
        "https://example.com/x?utm_source=a&fbclid=b&keep=1&ref=hn#frag",
        K.OTHER,
        id="tracking-and-fragment-dropped",
        canonical="https://example.com/x?keep=1",
    ),
    case(
        "https://example.com/x?source=twitter&source=api",
        K.OTHER,
        id="source-only-dropped-for-social",
        canonical="https://example.com/x?source=api",
    ),
    case(
        "http://user:pw@Example.COM:80/Path/",
        K.OTHER,
        id="userinfo-port-host-case",
        canonical="https://example.com/Path/",
    ),
    case(
        "example.com:8443/x",
        K.OTHER,
        id="missing-scheme-with-port",
        canonical="https://example.com:8443/x",
    ),
    case(
        "www.x.org/page",
        K.OTHER,
        id="missing-scheme-www-kept",
        canonical="https://www.x.org/page",
    ),
    case("https://example.com", K.OTHER, id="no-path", canonical="https://example.com"),
    case("https://bücher.de/x", K.OTHER, id="idn-host", canonical="https://xn--bcher-kva.de/x"),
    case("http://192.168.0.1/paper.pdf", K.PDF, id="ipv4-host", pdf=True),
    # Invalid input.
    case("", K.INVALID, id="empty"),
    case("   ", K.INVALID, id="whitespace-only"),
    case("ftp://arxiv.org/abs/2310.17230", K.INVALID, id="ftp"),
    case("mailto:someone@example.org", K.INVALID, id="mailto"),
    # URLs as people paste them (issue 13): archived, wrapped, mistyped, DOI in the path.
    case(
        "https://web.archive.org/web/20240101000000/https://openai.com/index/x/",
        K.BLOG,
        id="web-archive-inner-blog",
        canonical="https://openai.com/index/x/",
    ),
    case(
        "http://web.archive.org/web/2019id_/http://arxiv.org/abs/1706.03762v5",
        K.ARXIV,
        id="web-archive-inner-arxiv",
        arxiv="1706.03762",
        v=5,
        canonical=AX + "1706.03762",
    ),
    case(
        "https://web.archive.org/web/2020/http:/arxiv.org/pdf/2310.17230",
        K.ARXIV,
        id="web-archive-collapsed-slash",
        arxiv="2310.17230",
        pdf=True,
    ),
    case(
        "[the paper](https://arxiv.org/abs/2310.17230).",
        K.ARXIV,
        id="markdown-link-and-period",
        arxiv="2310.17230",
        canonical=AX + "2310.17230",
    ),
    case(
        "[x](https://en.wikipedia.org/wiki/Goodhart%27s_law_(economics))",
        K.OTHER,
        id="markdown-link-balanced-parens",
        canonical="https://en.wikipedia.org/wiki/Goodhart%27s_law_(economics)",
    ),
    case("https://arxiv.org/abs/2310.17230.", K.ARXIV, id="trailing-period", arxiv="2310.17230"),
    case(
        "https://arxiv.org/abs/2310.17230),", K.ARXIV, id="trailing-paren-comma", arxiv="2310.17230"
    ),
    case(
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        K.OTHER,
        id="balanced-paren-kept",
        canonical="https://en.wikipedia.org/wiki/Foo_(bar)",
    ),
    case("https:/arxiv.org/abs/2310.17230", K.ARXIV, id="scheme-one-slash", arxiv="2310.17230"),
    case("https//arxiv.org/abs/2310.17230", K.ARXIV, id="scheme-no-colon", arxiv="2310.17230"),
    case(
        "https:///arxiv.org/abs/2310.17230", K.ARXIV, id="scheme-three-slashes", arxiv="2310.17230"
    ),
    case(
        "https://www.biorxiv.org/content/10.1101/2020.01.01.123456v2.full.pdf",
        K.PUBLISHER,
        id="biorxiv-doi-version-page",
        doi="10.1101/2020.01.01.123456",
        pdf=True,
    ),
    case(
        "https://www.medrxiv.org/content/10.1101/2021.02.03.21251076v1",
        K.PUBLISHER,
        id="medrxiv-doi",
        doi="10.1101/2021.02.03.21251076",
    ),
    case(
        "https://www.nature.com/articles/nature14539.pdf",
        K.PUBLISHER,
        id="nature-old-article-pdf",
        doi="10.1038/nature14539",
        pdf=True,
    ),
    case(
        "https://papers.ssrn.com/sol3/papers.cfm?abstract_id=4567890",
        K.PUBLISHER,
        id="ssrn-abstract-id",
        doi="10.2139/ssrn.4567890",
    ),
    case(
        "https://ssrn.com/abstract=4567890",
        K.PUBLISHER,
        id="ssrn-short",
        doi="10.2139/ssrn.4567890",
    ),
    case(
        "https://zenodo.org/records/1234567", K.PUBLISHER, id="zenodo", doi="10.5281/zenodo.1234567"
    ),
    case(
        "https://osf.io/preprints/psyarxiv/abc12",
        K.PUBLISHER,
        id="psyarxiv",
        doi="10.31234/osf.io/abc12",
    ),
    case("https://pubmed.ncbi.nlm.nih.gov/12345678/", K.AGGREGATOR, id="pubmed"),
    case("https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/", K.AGGREGATOR, id="pmc"),
    case(
        "https://doi.org/10/gf4tcx",
        K.DOI,
        id="short-doi",
        doi="10/gf4tcx",
        canonical="https://doi.org/10/gf4tcx",
    ),
    case(
        "https://doi.org/GF4TCX",
        K.DOI,
        id="short-doi-bare",
        doi="10/gf4tcx",
        canonical="https://doi.org/10/gf4tcx",
    ),
    case("https://doi.org/help", K.OTHER, id="doi-help-page-no-short-doi"),
    case(
        "https://arxiv.org/abs/hep-th?papernum=9901001",
        K.ARXIV,
        id="old-style-papernum-query",
        arxiv="hep-th/9901001",
        canonical=AX + "hep-th/9901001",
    ),
    case(
        "http://arxiv.org/abs?id=math.GT/0309136v1",
        K.ARXIV,
        id="old-style-id-query",
        arxiv="math/0309136",
        v=1,
    ),
    case(
        "http://xxx.lanl.gov/abs/hep-th/9901001",
        K.ARXIV,
        id="old-style-lanl-mirror",
        arxiv="hep-th/9901001",
    ),
    case('"https://arxiv.org/abs/2310.17230"', K.ARXIV, id="double-quoted", arxiv="2310.17230"),
    case("(https://arxiv.org/abs/2310.17230)", K.ARXIV, id="parenthesised", arxiv="2310.17230"),
    case("“https://arxiv.org/abs/2310.17230”.", K.ARXIV, id="curly-quoted", arxiv="2310.17230"),
    case("javascript:alert(1)", K.INVALID, id="javascript"),
    case("http://localhost/x", K.INVALID, id="localhost"),
    case("https://exa mple.com/x", K.INVALID, id="space-in-host"),
    case("https://", K.INVALID, id="no-host"),
    case("http://[::1]/x", K.INVALID, id="ipv6-unsupported"),
    case("https://example.com:99999/", K.INVALID, id="port-out-of-range"),
    case("http:/example.com", K.OTHER, id="one-slash-repaired", canonical="https://example.com"),
    case("https://example.123/", K.INVALID, id="numeric-tld"),
]


@pytest.mark.parametrize(
    ("url", "kind", "arxiv_id", "version", "doi", "openreview_id", "is_pdf", "canonical"),
    CASES,
)
def test_case_table(
    url: str,
    kind: UrlKind,
    arxiv_id: str | None,
    version: int | None,
    doi: str | None,
    openreview_id: str | None,
    is_pdf: bool,
    canonical: str | None,
) -> None:
    info = classify_url(url)
    got = (info.kind, info.arxiv_id, info.arxiv_version, info.doi, info.openreview_id, info.is_pdf)
    assert got == (kind, arxiv_id, version, doi, openreview_id, is_pdf), info.rule
    assert info.url == url.strip()
    if canonical is not None:
        assert info.canonical == canonical
    if kind is K.INVALID:
        assert info.canonical is None
        assert info.host is None
    else:
        assert info.canonical is not None


def test_case_table_is_large_and_ids_unique() -> None:
    ids = [p.id for p in CASES]
    assert len(ids) >= 90
    assert len(set(ids)) == len(ids)


def test_info_fields_for_arxiv_pdf() -> None:
    info = classify_url("https://export.arxiv.org/pdf/2310.17230v1")
    assert info == UrlInfo(
        kind=K.ARXIV,
        url="https://export.arxiv.org/pdf/2310.17230v1",
        canonical="https://arxiv.org/abs/2310.17230",
        host="export.arxiv.org",
        is_pdf=True,
        arxiv_id="2310.17230",
        arxiv_version=1,
        doi=None,
        openreview_id=None,
        rule="arxiv",
    )


def test_rule_names_explain_decisions() -> None:
    assert classify_url("https://www.anthropic.com/research/x").rule == "anthropic-research"
    assert classify_url("https://arxiv.org/list/cs.AI/recent").rule == "arxiv:no-id"
    assert classify_url("https://example.com/a.pdf").rule == "pdf"
    assert classify_url("https://example.com/a").rule == "other"
    assert classify_url("nope").rule == "invalid"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2310.17230", ("2310.17230", None), id="plain"),
        pytest.param(" arXiv:2310.17230v2 ", ("2310.17230", 2), id="prefix-version-spaces"),
        pytest.param("ARXIV:0704.0001", ("0704.0001", None), id="upper-prefix"),
        pytest.param("math.GT/0309136", ("math/0309136", None), id="subject-class"),
        pytest.param("solv-int/9901001v1", ("solv-int/9901001", 1), id="solv-int"),
        pytest.param("hep-th/0703001", ("hep-th/0703001", None), id="last-old-style-month"),
        pytest.param("2403.1379", None, id="truncated"),
        pytest.param("1412.12345", None, id="five-before-1501"),
        pytest.param("2313.12345", None, id="month-13"),
        pytest.param("2310.00000", None, id="number-zero"),
        pytest.param("2310.17230v", None, id="dangling-v"),
        pytest.param("2310.17230v1.pdf", None, id="suffix-not-accepted"),
        pytest.param("hep-th/0704001", None, id="old-style-after-switch"),
        pytest.param("\u0662\u0663\u0661\u0660.17230", None, id="non-ascii-digits"),
        pytest.param("", None, id="empty"),
    ],
)
def test_arxiv_id_from_text(text: str, expected: tuple[str, int | None] | None) -> None:
    assert arxiv_id_from_text(text) == expected


def test_arxiv_id_from_text_rejects_non_str() -> None:
    assert arxiv_id_from_text(None) is None  # type: ignore[arg-type]


def test_user_rule_for_new_lab_blog() -> None:
    acme = HostRule("acme-blog", UrlKind.BLOG, "acme.ai", "/posts")
    info = classify_url("https://www.acme.ai/posts/safety-case?utm_source=x", rules=[acme])
    assert (info.kind, info.rule, info.host) == (K.BLOG, "acme-blog", "acme.ai")
    assert info.canonical == "https://www.acme.ai/posts/safety-case"
    assert classify_url("https://www.acme.ai/posts/", rules=[acme]).kind is K.OTHER
    assert classify_url("https://labs.acme.ai/posts/x", rules=[acme]).kind is K.BLOG
    assert classify_url("https://notacme.ai/posts/x", rules=[acme]).kind is K.OTHER
    assert classify_url("https://www.acme.ai/posts/x").kind is K.OTHER  # defaults only


def test_user_rules_come_before_defaults() -> None:
    mine = (
        HostRule("openai-papers", UrlKind.PUBLICATION_PAGE, "openai.com", "/index"),
        HostRule("never-reached", UrlKind.VIDEO, "openai.com", "/index"),
    )
    info = classify_url("https://openai.com/index/some-paper/", rules=mine)
    assert (info.kind, info.rule) == (K.PUBLICATION_PAGE, "openai-papers")
    # Defaults still apply to everything the user rules do not match.
    assert classify_url("https://openai.com/blog/x", rules=mine).kind is K.BLOG
    assert classify_url("https://arxiv.org/abs/2310.17230", rules=mine).arxiv_id == "2310.17230"
    assert classify_url("https://openai.com/index/x", rules=[]).kind is K.BLOG


def test_user_rule_with_identifier_kind_and_regex() -> None:
    mirror = HostRule("arxiv-mirror", UrlKind.ARXIV, "xxx.lanl.gov")
    info = classify_url("https://xxx.lanl.gov/abs/hep-th/9901001", rules=[mirror])
    assert (info.kind, info.arxiv_id) == (K.ARXIV, "hep-th/9901001")
    numbered = HostRule("lab-pubs", UrlKind.PUBLICATION_PAGE, "lab.org", "/pubs", r"/pubs/\d+")
    assert classify_url("https://lab.org/pubs/42", rules=[numbered]).kind is K.PUBLICATION_PAGE
    assert classify_url("https://lab.org/pubs/about", rules=[numbered]).kind is K.OTHER


def test_host_rule_normalises_and_validates() -> None:
    rule = HostRule("x", "blog", "*.WWW.Example.COM.", "research/")  # type: ignore[arg-type]
    assert (rule.kind, rule.host, rule.path_prefix) == (K.BLOG, "example.com", "/research")
    assert HostRule("y", K.BLOG, "www.example.com").host == "example.com"
    with pytest.raises(ValueError, match="invalid host"):
        HostRule("bad", K.BLOG, " ")
    with pytest.raises(ValueError, match="invalid host"):
        HostRule("bad", K.BLOG, "example.com/path")
    with pytest.raises(ValueError, match="is not a valid UrlKind"):
        HostRule("bad", "podcast", "example.com")  # type: ignore[arg-type]


def test_default_rules_table() -> None:
    rules = list_rules()
    assert rules is DEFAULT_RULES
    names = [r.name for r in rules]
    assert len(set(names)) == len(names)
    kinds = {r.kind for r in rules}
    assert kinds == set(UrlKind) - {K.PDF, K.OTHER, K.INVALID}


def test_url_kind_is_a_plain_string() -> None:
    assert str(UrlKind.PUBLICATION_PAGE) == "publication_page"
    assert f"{UrlKind.ARXIV}" == "arxiv"
    assert UrlKind.ARXIV == "arxiv"
    assert UrlKind("doi") is UrlKind.DOI


def test_url_info_is_frozen() -> None:
    info = classify_url("https://arxiv.org/abs/2310.17230")
    with pytest.raises(pydantic.ValidationError):
        info.kind = K.OTHER  # type: ignore[misc]


@pytest.mark.parametrize("value", [None, 42, b"https://arxiv.org/abs/2310.17230", ["x"]])
def test_non_string_input_is_invalid(value: object) -> None:
    info = classify_url(value)  # type: ignore[arg-type]
    assert (info.kind, info.url, info.canonical) == (K.INVALID, "", None)


def test_docstring_examples() -> None:
    result = doctest.testmod(urls, raise_on_error=False)
    assert result.attempted >= 5
    assert result.failed == 0


# Property-based tests --------------------------------------------------------------------

_HOSTS = [
    "arxiv.org",
    "www.arxiv.org",
    "export.arxiv.org",
    "ar5iv.labs.arxiv.org",
    "openreview.net",
    "doi.org",
    "dx.doi.org",
    "dl.acm.org",
    "link.springer.com",
    "www.anthropic.com",
    "openai.com",
    "deepmind.google",
    "github.com",
    "huggingface.co",
    "www.youtube.com",
    "example.com",
    "EXAMPLE.com.",
    "user:pw@example.com:80",
    "example.com:8080",
    "arxiv.org.evil.com",
    "bücher.de",
    "localhost",
    "",
]
_SEGMENTS = [
    "abs",
    "pdf",
    "html",
    "forum",
    "attachment",
    "research",
    "index",
    "posts",
    "papers",
    "doi",
    "doi:10.1038",
    "10.1038",
    "10.48550",
    "arXiv.2310.17230",
    "2310.17230",
    "2310.17230v2",
    "2310.17230v2.pdf",
    "2403.1379",
    "2313.12345",
    "hep-th",
    "math.GT",
    "9901001v1",
    "nature14539.",
    "nature14539%2F",
    "a%20b",
    "%",
    "x.pdf",
    "",
    "(a)",
    "a)",
]
_PARAMS = [
    "id=YPpSngE-ZU",
    "id=",
    "utm_source=x",
    "fbclid=1",
    "ref=a",
    "v=abc",
    "a=1",
    "&",
    "id=%23",
]


@st.composite
def url_like(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["https://", "http://", "HTTP://", "//", "", "ftp://", "arXiv:"]))
    host = draw(st.sampled_from(_HOSTS) | st.from_regex(r"[a-zA-Z0-9.-]{1,12}", fullmatch=True))
    segments = draw(st.lists(st.sampled_from(_SEGMENTS) | st.text(max_size=6), max_size=5))
    path = "/".join(["", *segments]) if segments or draw(st.booleans()) else ""
    params = draw(st.lists(st.sampled_from(_PARAMS), max_size=3))
    query = "?" + "&".join(params) if params else ""
    fragment = draw(st.sampled_from(["", "#frag", "#"]))
    pad = draw(st.sampled_from(["", " ", "\n", "\t "]))
    url = f"{scheme}{host}{path}{query}{fragment}"
    return pad + (f"<{url}>" if draw(st.booleans()) else url) + pad


def _ids(info: UrlInfo) -> tuple[object, ...]:
    return (info.kind, info.arxiv_id, info.doi, info.openreview_id)


def _check_invariants(text: str) -> None:
    info = classify_url(text)
    assert isinstance(info, UrlInfo)
    assert info.url == text.strip()
    assert info.rule != "internal-error"
    assert (info.canonical is None) == (info.kind is K.INVALID)
    if info.canonical is not None:
        again = classify_url(info.canonical)
        assert again.canonical == info.canonical
        assert _ids(again) == _ids(info)


@settings(max_examples=300)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=300)
@given(url_like())
def test_url_shaped_inputs_have_fixed_point_canonicals(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=100)
@given(url_like(), st.sampled_from(["acme.ai", "arxiv.org", "example.com"]))
def test_user_rules_keep_invariants(text: str, host: str) -> None:
    rule = HostRule("user", K.BLOG, host, "/posts")
    info = classify_url(text, rules=[rule])
    assert info.url == text.strip()
    if info.canonical is not None:
        assert classify_url(info.canonical, rules=[rule]).canonical == info.canonical


def _expected_for_sample(url: str) -> tuple[str, str | None, int | None]:
    """The kind and arXiv id of a sample URL, by simple independent rules (not the classifier)."""
    arxiv = re.fullmatch(r"https://arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v(\d+))?", url)
    if arxiv:
        return "arxiv", arxiv.group(1), int(arxiv.group(2)) if arxiv.group(2) else None
    prefixes = {
        "https://www.anthropic.com/research/": "blog",
        "https://openai.com/index/": "blog",
        "https://openai.com/research/": "blog",
        "https://deepmind.google/discover/blog/": "blog",
        "https://deepmind.google/research/publications/": "publication_page",
        "https://proceedings.mlr.press/": "proceedings",
    }
    for prefix, kind in prefixes.items():
        if url.startswith(prefix):
            return kind, None, None
    raise AssertionError(f"unexpected sample URL {url}")


def test_every_sample_url() -> None:
    import safetylit

    papers = safetylit.load(safetylit.sample_path())
    seen = []
    for paper in papers:
        assert paper.url is not None
        kind, arxiv_id, version = _expected_for_sample(paper.url)
        info = paper.url_info
        assert info is not None
        assert (info.kind.value, info.arxiv_id, info.arxiv_version) == (kind, arxiv_id, version), (
            paper.row
        )
        assert paper.arxiv_id == arxiv_id
        if arxiv_id is not None:
            assert info.canonical == f"https://arxiv.org/abs/{arxiv_id}"
            assert info.is_pdf == ("/pdf/" in paper.url)
        else:
            assert info.canonical == paper.url
        seen.append(kind)
    assert Counter(seen) == {"blog": 38, "arxiv": 31, "publication_page": 10, "proceedings": 1}


@pytest.mark.parametrize(
    ("url", "repairs", "archived"),
    [
        pytest.param("https://arxiv.org/abs/2310.17230", (), False, id="clean"),
        pytest.param(
            "https:/arxiv.org/abs/2310.17230",
            ("read the scheme 'https:/' as 'https://'",),
            False,
            id="scheme",
        ),
        pytest.param(
            "[paper](https://arxiv.org/abs/2310.17230).",
            ("unwrapped a Markdown link",),
            False,
            id="markdown",
        ),
        pytest.param(
            "https://arxiv.org/abs/2310.17230;", ("dropped ';' after the URL",), False, id="punct"
        ),
        pytest.param(
            "(https://arxiv.org/abs/2310.17230)",
            ("dropped '(' before the URL", "dropped ')' after the URL"),
            False,
            id="brackets",
        ),
        pytest.param(
            "https://web.archive.org/web/2020/https://arxiv.org/abs/2310.17230",
            (),
            True,
            id="archive-is-no-repair",
        ),
    ],
)
def test_repairs_and_archive_are_noted(url: str, repairs: tuple[str, ...], archived: bool) -> None:
    info = classify_url(url)
    assert (info.repairs, info.archived) == (repairs, archived)
    assert info.url == url
    again = classify_url(info.canonical or "")
    assert (again.repairs, again.archived, again.canonical) == ((), False, info.canonical)
