"""Labelled synthetic paper lists for measuring duplicate detection.

:func:`generate` builds a list of :class:`safetylit.Paper` that looks like a lab paper list: a
few thousand pseudo-words with Zipf-like frequencies (the most frequent ones real English
function words), topics that make papers of one area share vocabulary, sentences of 15-30 words
and abstracts of 5-10 sentences. Into it it plants, with labels:

duplicates (the same work listed twice)
    ``title_edit``       minor title edits (case, punctuation, a typo, a dropped or added word);
    ``different_title``  a new, blog-style title over the same abstract (re-wrapped, LaTeX markup);
    ``abstract_edit``    the abstract lightly edited, as between preprint versions;
    ``truncated``        the abstract cut short (whole sentences or mid-sentence with "...");
    ``arxiv_blog``       the arXiv preprint listed again as the lab's blog post.

hard negatives (different papers that look alike)
    ``hard_negative``    same company and year, the title's first half shared, another abstract;
    ``shared_opening``   same company and topic, the abstract opens with the same sentence;
    ``shared_sentences`` another title and a 3-9 sentence abstract of its own that quotes one or
                         two of the other's sentences (boilerplate, a definition) at random
                         places; some of its own sentences are short, so the quoted ones can be
                         most of it; dated within weeks of the other or years apart.

Everything is drawn from one ``random.Random(seed)``, so a seed fixes the whole list.

Example:
    >>> data = generate(200, seed=1)
    >>> len(data.papers), len(data.true_pairs()) > 0
    (200, True)
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import string
from collections import defaultdict
from dataclasses import dataclass, field

from safetylit import Paper

DUPLICATE_KINDS = ("title_edit", "different_title", "abstract_edit", "truncated", "arxiv_blog")
NEGATIVE_KINDS = ("hard_negative", "shared_opening", "shared_sentences")

_FUNCTION_TEXT = (
    "the of and to a in we is for that with on our this by are as from be an which can these "
    "it models model at show their such not or using than both while into more when how"
)
_FUNCTION_WORDS = _FUNCTION_TEXT.split()
_TITLE_GLUE = ("for", "of", "with", "in", "via", "from", "through", "and", "under")
_COMPANIES = {
    "Anthropic": "www.anthropic.com/research",
    "OpenAI": "openai.com/index",
    "Google DeepMind": "deepmind.google/discover/blog",
    "Meta AI": "ai.meta.com/blog",
    "Redwood Research": "www.redwoodresearch.org/blog",
    "Apollo Research": "www.apolloresearch.ai/research",
    "METR": "metr.org/blog",
    "ARC": "www.alignment.org/blog",
    "FAR AI": "far.ai/post",
    "CAIS": "www.safe.ai/blog",
    "Microsoft Research": "www.microsoft.com/en-us/research/blog",
    "Conjecture": "www.conjecture.dev/research",
}


@dataclass
class Dataset:
    """A generated list and its labels.

    Attributes:
        papers: the list in row order (rows 1..n).
        work: ``work[i]`` identifies the work of ``papers[i]``; equal values are duplicates.
        kind: ``"original"``, a duplicate kind or a negative kind, per paper.
        source: index of the paper a planted record was derived from (``None`` for originals).
    """

    papers: list[Paper]
    work: list[int]
    kind: list[str]
    source: list[int | None] = field(default_factory=list)

    def true_pairs(self) -> dict[tuple[int, int], str]:
        """Every pair of rows that are the same work, with the kind that made it a pair.

        A pair of an original and a planted duplicate has the duplicate's kind; two duplicates
        of one original form a ``"multi"`` pair.
        """
        by_work: dict[int, list[int]] = defaultdict(list)
        for i, w in enumerate(self.work):
            by_work[w].append(i)
        pairs: dict[tuple[int, int], str] = {}
        for members in by_work.values():
            for i, j in itertools.combinations(sorted(members), 2):
                ki, kj = self.kind[i], self.kind[j]
                kind = kj if ki == "original" else ki if kj == "original" else "multi"
                pairs[(self.papers[i].row or 0, self.papers[j].row or 0)] = kind
        return pairs

    def negative_pairs(self) -> dict[tuple[int, int], str]:
        """The planted look-alike pairs (row pairs) that must not be reported, with their kind."""
        pairs: dict[tuple[int, int], str] = {}
        for i, src in enumerate(self.source):
            if src is not None and self.kind[i] in NEGATIVE_KINDS:
                a, b = sorted((self.papers[i].row or 0, self.papers[src].row or 0))
                pairs[(a, b)] = self.kind[i]
        return pairs


class _Vocabulary:
    """Pseudo-words with Zipf weights, and topics of related words."""

    def __init__(self, rng: random.Random, size: int, topics: int) -> None:
        words = list(_FUNCTION_WORDS)
        seen = set(words)
        while len(words) < size:
            word = _pseudo_word(rng)
            if word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        weights = [1.0 / (rank + 2) ** 1.05 for rank in range(size)]
        self.cum = list(itertools.accumulate(weights))
        # Topic words come from the middle of the ranking: frequent enough to recur in a topic,
        # rare enough overall that they make a topic's papers look alike.
        middle = words[len(_FUNCTION_WORDS) : size // 2]
        self.topics = [rng.sample(middle, 40) for _ in range(topics)]
        self.title_pool = words[len(_FUNCTION_WORDS) :]
        self.title_cum = list(itertools.accumulate(weights[len(_FUNCTION_WORDS) :]))

    def sentence(self, rng: random.Random, topic: int, n: int | None = None) -> str:
        n = n or rng.randint(15, 30)
        out = rng.choices(self.words, cum_weights=self.cum, k=n)
        topic_words = self.topics[topic]
        for k in range(n):
            if rng.random() < 0.2:
                out[k] = rng.choice(topic_words)
        if rng.random() < 0.15:  # numbers and hyphenated terms, as in real abstracts
            out[rng.randrange(n)] = str(rng.choice((2, 4, 8, 16, 40, 70, 100, 175, 1000)))
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def abstract(self, rng: random.Random, topic: int) -> list[str]:
        return [self.sentence(rng, topic) for _ in range(rng.randint(5, 10))]

    def title(self, rng: random.Random, topic: int, n: int | None = None) -> list[str]:
        n = n or rng.randint(4, 10)
        words: list[str] = []
        while len(words) < n:
            if words and rng.random() < 0.2:
                words.append(rng.choice(_TITLE_GLUE))
            elif rng.random() < 0.5:
                words.append(rng.choice(self.topics[topic]))
            else:
                words.append(rng.choices(self.title_pool, cum_weights=self.title_cum)[0])
        return words


def _pseudo_word(rng: random.Random) -> str:
    onsets = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "st", "pr", "tr"]
    vowels = ["a", "e", "i", "o", "u", "ea", "io", "ai"]
    codas = ["", "", "n", "r", "s", "l", "t", "nt", "st", "x"]
    syllables = rng.choices((1, 2, 3, 4), weights=(2, 5, 4, 2))[0]
    word = "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables))
    return word + rng.choice(codas)


def _title_case(words: list[str]) -> str:
    out = [w if w in _TITLE_GLUE and k else w.capitalize() for k, w in enumerate(words)]
    if len(out) >= 6 and random.Random(len(out) * 7 + len(out[0])).random() < 0.4:
        cut = len(out) // 2
        out[cut - 1] += ":"
    return " ".join(out)


class _Generator:
    def __init__(self, seed: int, vocabulary: int, topics: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = _Vocabulary(self.rng, vocabulary, topics)
        self.arxiv_seq: dict[str, int] = defaultdict(int)
        self.pub_seq = 10000

    # --- originals ------------------------------------------------------------------------

    def original(self) -> dict[str, object]:
        rng = self.rng
        company = rng.choice(list(_COMPANIES))
        topic = rng.randrange(len(self.vocab.topics))
        date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
        title_words = self.vocab.title(rng, topic)
        title = _title_case(title_words)
        sentences = self.vocab.abstract(rng, topic)
        style = rng.random()
        url: str | None
        if style < 0.5:
            url = self.arxiv_url(date)
        elif style < 0.8:
            url = self.blog_url(company, title)
        elif style < 0.92:
            url = self.pub_url(company)
        else:
            url = None
        return {
            "company": company,
            "title": title,
            "date": date,
            "url": url,
            "category": rng.choice(("Interpretability", "Evaluations", "Alignment", "Robustness")),
            "abstract": None if rng.random() < 0.04 else " ".join(sentences),
            "_sentences": sentences,
            "_topic": topic,
            "_title_words": title_words,
        }

    def arxiv_url(self, date: dt.date) -> str:
        yymm = f"{date.year % 100:02d}{date.month:02d}"
        self.arxiv_seq[yymm] += 1 + self.rng.randrange(5)
        version = f"v{self.rng.randint(1, 3)}" if self.rng.random() < 0.6 else ""
        form = self.rng.choice(("abs", "pdf"))
        return f"https://arxiv.org/{form}/{yymm}.{self.arxiv_seq[yymm]:05d}{version}"

    def blog_url(self, company: str, title: str) -> str:
        slug = "-".join(w.strip(string.punctuation).lower() for w in title.split())
        return f"https://{_COMPANIES[company]}/{slug}"

    def pub_url(self, company: str) -> str:
        self.pub_seq += 1 + self.rng.randrange(9)
        host = _COMPANIES[company].split("/")[0]
        return f"https://{host}/publications/{self.pub_seq}/"

    # --- text variations ---------------------------------------------------------------------

    def minor_title_edit(self, title: str) -> str:
        rng = self.rng
        words = title.split()
        for _ in range(rng.choice((1, 1, 2))):
            op = rng.randrange(7)
            if op == 0:
                words = [w.lower() for w in words]
            elif op == 1:
                words = [w.strip(":,") for w in words] if any(":" in w for w in words) else words
                if len(words) > 3:
                    words[1] = words[1] + ":"
            elif op == 2:  # a typo in a long word
                long = [k for k, w in enumerate(words) if len(w) >= 6]
                if long:
                    k = rng.choice(long)
                    w = words[k]
                    p = rng.randrange(1, len(w) - 2)
                    words[k] = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
            elif op == 3:
                glue = [k for k, w in enumerate(words) if w.lower() in _TITLE_GLUE]
                if glue:
                    del words[rng.choice(glue)]
                else:
                    words.insert(0, "The")
            elif op == 4:
                words.insert(0, rng.choice(("A", "On", "Towards")))
            elif op == 5:
                words = [w.replace("-", " ") if "-" in w else w for w in words]
                words = [w.upper() if len(w) <= 4 and k else w for k, w in enumerate(words)]
            else:
                words.append(rng.choice(("(v2)", "(Preprint)", "[Extended Version]")))
        return " ".join(words) or title

    def markup(self, sentences: list[str]) -> str:
        """Re-wrap an abstract and add LaTeX markup and odd spacing (same text underneath)."""
        rng = self.rng
        out = []
        for sentence in sentences:
            words = sentence.split(" ")
            for k, w in enumerate(words):
                r = rng.random()
                if r < 0.02:
                    words[k] = f"\\emph{{{w}}}"
                elif r < 0.03:
                    words[k] = f"\\textbf{{{w}}}"
                elif w.isdigit():
                    words[k] = f"${w}$"
            out.append(" ".join(words))
        lines, width = [], 0
        for word in "  ".join(out).split(" "):  # hard wraps at ~70 characters
            if width > 70:
                lines.append("\n")
                width = 0
            lines.append(word + " ")
            width += len(word) + 1
        return "".join(lines)

    def light_edit(self, sentences: list[str], topic: int) -> list[str]:
        rng = self.rng
        out = []
        for sentence in sentences:
            words = sentence.split(" ")
            for k in range(len(words)):
                if rng.random() < 0.04:
                    words[k] = rng.choices(self.vocab.words, cum_weights=self.vocab.cum)[0]
            out.append(" ".join(words))
        action = rng.randrange(4)
        if action == 0 and len(out) > 5:
            del out[rng.randrange(1, len(out))]
        elif action == 1:
            out.insert(rng.randrange(1, len(out) + 1), self.vocab.sentence(rng, topic))
        elif action == 2:
            out[-1] = self.vocab.sentence(rng, topic)
        return out

    def truncate(self, sentences: list[str]) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return " ".join(sentences[: rng.randint(1, 3)])
        text = " ".join(sentences)
        cut = rng.randint(150, max(151, len(text) // 2))
        return text[:cut].rsplit(" ", 1)[0] + "..."

    # --- planted records --------------------------------------------------------------------

    def duplicate(self, orig: dict[str, object], kind: str) -> dict[str, object]:
        rng = self.rng
        dup = dict(orig)
        sentences: list[str] = orig["_sentences"]  # type: ignore[assignment]
        topic: int = orig["_topic"]  # type: ignore[assignment]
        company: str = orig["company"]  # type: ignore[assignment]
        date: dt.date = orig["date"]  # type: ignore[assignment]
        has_abstract = orig["abstract"] is not None
        dup["date"] = date + dt.timedelta(days=rng.randint(-20, 20))
        if kind == "title_edit":
            dup["title"] = self.minor_title_edit(str(orig["title"]))
            dup["abstract"] = self.markup(sentences) if has_abstract else None
            dup["url"] = rng.choice(
                (self.blog_url(company, str(dup["title"])), self.pub_url(company))
            )
            if rng.random() < 0.1:
                dup["abstract"] = None
        elif kind == "different_title":
            dup["title"] = _title_case(self.vocab.title(rng, topic))
            dup["abstract"] = self.markup(sentences)
            dup["url"] = self.blog_url(company, str(dup["title"]))
        elif kind == "abstract_edit":
            if rng.random() < 0.3:
                dup["title"] = self.minor_title_edit(str(orig["title"]))
            dup["abstract"] = " ".join(self.light_edit(sentences, topic))
            dup["date"] = date + dt.timedelta(days=rng.randint(20, 300))
            dup["url"] = self.pub_url(company)
        elif kind == "truncated":
            if rng.random() < 0.3:
                dup["title"] = self.minor_title_edit(str(orig["title"]))
            dup["abstract"] = self.truncate(sentences)
            dup["url"] = rng.choice((self.blog_url(company, str(orig["title"])), None))
        elif kind == "arxiv_blog":
            orig["url"] = self.arxiv_url(date)  # the original must be the preprint
            if rng.random() < 0.4:
                dup["title"] = self.minor_title_edit(str(orig["title"]))
            r = rng.random()
            dup["abstract"] = (
                self.markup(sentences) if r < 0.6 else None if r < 0.8 else self.truncate(sentences)
            )
            dup["url"] = self.blog_url(company, str(dup["title"]))
        else:
            raise ValueError(kind)
        return dup

    def negative(self, orig: dict[str, object], kind: str) -> dict[str, object]:
        rng = self.rng
        neg = dict(orig)
        topic: int = orig["_topic"]  # type: ignore[assignment]
        company: str = orig["company"]  # type: ignore[assignment]
        date: dt.date = orig["date"]  # type: ignore[assignment]
        new_sentences = self.vocab.abstract(rng, topic)
        neg["date"] = dt.date(date.year, rng.randint(1, 12), rng.randint(1, 28))
        if kind == "hard_negative":
            words: list[str] = orig["_title_words"]  # type: ignore[assignment]
            half = max(1, len(words) // 2)
            rest = self.vocab.title(rng, topic, n=max(2, len(words) - half))
            neg["title"] = _title_case(words[:half] + rest)
            neg["abstract"] = None if rng.random() < 0.1 else " ".join(new_sentences)
        elif kind == "shared_opening":  # a stock first sentence, then another paper
            sentences: list[str] = orig["_sentences"]  # type: ignore[assignment]
            neg["title"] = _title_case(self.vocab.title(rng, topic))
            neg["abstract"] = " ".join([sentences[0], *new_sentences[1:]])
        else:  # shared_sentences: another paper quoting one or two of this one's sentences
            sentences = orig["_sentences"]  # type: ignore[assignment]
            size = rng.randint(3, 9)
            quoted = rng.sample(sentences, min(rng.choice((1, 2)), size - 1, len(sentences)))
            own = [
                self.vocab.sentence(rng, topic, rng.randint(4, 10) if rng.random() < 0.3 else None)
                for _ in range(size - len(quoted))
            ]
            for sentence in quoted:
                own.insert(rng.randrange(len(own) + 1), sentence)
            neg["title"] = _title_case(self.vocab.title(rng, topic))
            neg["abstract"] = " ".join(own)
            if rng.random() < 0.5:  # close in time, as a related paper of the same lab
                neg["date"] = date + dt.timedelta(days=rng.randint(-45, 45))
            else:
                neg["date"] = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(8 * 365))
        neg["url"] = self.arxiv_url(neg["date"]) if rng.random() < 0.5 else self.pub_url(company)  # type: ignore[arg-type]
        return neg


def generate(
    n: int,
    *,
    seed: int = 0,
    duplicate_rate: float = 0.12,
    negative_rate: float = 0.09,
    vocabulary: int = 4000,
    topics: int = 60,
) -> Dataset:
    """Generate ``n`` labelled papers.

    Args:
        n: number of papers (rows) in the list.
        seed: fixes every random choice.
        duplicate_rate: share of the rows that are planted duplicates (kinds in equal parts;
            about one duplicated work in ten gets two duplicates of different kinds).
        negative_rate: share of the rows that are planted hard negatives (kinds in equal parts).
        vocabulary: number of distinct words.
        topics: number of research topics.

    Returns:
        A :class:`Dataset`; row numbers are 1..n in a shuffled order of the records.
    """
    gen = _Generator(seed, vocabulary, topics)
    rng = gen.rng
    n_dup = round(n * duplicate_rate)
    n_neg = round(n * negative_rate)
    n_orig = max(1, n - n_dup - n_neg)
    records: list[tuple[dict[str, object], int, str, int | None]] = []
    originals = [gen.original() for _ in range(n_orig)]
    for i, orig in enumerate(originals):
        records.append((orig, i, "original", None))
    with_abstract = [i for i, o in enumerate(originals) if o["abstract"] is not None]
    pick = rng.sample(with_abstract, min(len(with_abstract), n_dup))
    planted = 0
    k = 0
    while planted < n_dup and pick:
        i = pick[k % len(pick)]
        kinds = [DUPLICATE_KINDS[planted % len(DUPLICATE_KINDS)]]
        if rng.random() < 0.1 and planted + 1 < n_dup:
            kinds.append(rng.choice([x for x in DUPLICATE_KINDS if x != kinds[0]]))
        for kind in kinds:
            records.append((gen.duplicate(originals[i], kind), i, kind, i))
            planted += 1
        k += 1
    for m in range(n_neg):
        i = rng.randrange(n_orig)
        kind = NEGATIVE_KINDS[m % len(NEGATIVE_KINDS)]
        if kind != "hard_negative" and originals[i]["abstract"] is None:
            kind = "hard_negative"
        records.append((gen.negative(originals[i], kind), n_orig + m, kind, i))
    records = records[:n]
    order = list(range(len(records)))
    rng.shuffle(order)
    row_of = {rec_index: row for row, rec_index in enumerate(order, start=1)}
    papers: list[Paper] = [None] * len(records)  # type: ignore[list-item]
    work: list[int] = [0] * len(records)
    kind_of: list[str] = [""] * len(records)
    source: list[int | None] = [None] * len(records)
    # The records (with their sentence lists) go as their papers come: kept, they would hold
    # about as much memory as the papers, which a million-paper measurement counts in its peak.
    del originals
    for rec_index in range(len(records)):
        rec, w, kind, src = records[rec_index]
        records[rec_index] = None  # type: ignore[call-overload]
        pos = row_of[rec_index] - 1
        fields = {k: v for k, v in rec.items() if not k.startswith("_")}
        if kind in DUPLICATE_KINDS and rng.random() < 0.5:
            fields["category"] = f"[Duplicate] {fields['category']}"
        papers[pos] = Paper(**fields, row=row_of[rec_index])  # type: ignore[arg-type]
        work[pos] = w
        kind_of[pos] = kind
        source[pos] = None if src is None else row_of[src] - 1
    return Dataset(papers, work, kind_of, source)
