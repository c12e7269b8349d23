"""Messy exports with known truth: the ``--variant messy`` of ``generate.py``.

Everything here is invented for this generator (organisations, categories, titles, abstracts,
URLs) and rendered by its own code, independently of the parser's rules, so that scoring the
parser on these files is an honest test. One ``random.Random`` per seed fixes the whole file.

Each export comes with a gold file in the shape ``check_export.py`` reads: ``rows`` holds one
entry per sheet row number, ``{"row", "empty", "layout", "variations", "source_id", "expected"}``
with the seven fields a parser should return (cells with blanks collapsed, abstracts with all
whitespace collapsed and ``None`` for placeholders or empty cells, ISO dates, URLs as written).
``variations`` tags each row with the choices below, so the checker can group failures by them.

What varies, per paper row unless said otherwise (rates are the generator's probabilities):

sheet
    about 18% of numbered rows empty (runs of 1-4), 2% of numbers followed by a gap of 1-6;
    1.5% of papers repeat an earlier one with a ``[Duplicate]`` marker (60% of those with the
    marked category on its own line, the rest with the marker fused to the abstract); 4% of
    rows with a TAB between the cells that share a line; 2% with a trailing space on one line;
    2% followed by a blank line; the whole file in CRLF on request.
layout
    all cells on one line 20%; company+title+date / URL / category+abstract 34%;
    company+title+date+URL / category+abstract 9%; one cell per line 20% (half of them with the
    category alone on its line); company+title+date / URL / category / abstract 17%. An empty
    cell (no date, no URL, no abstract) has no line.
organisation
    30% known labs of the default vocabulary; 70% from a per-file pool of about 55 names drawn
    with Zipf-like weights: "University of ..." / "... University" / "... Institute of
    Technology", "Institute for ...", "Centre for the ... of ...", names with parentheses,
    single camel-case words, 3-5 letter acronyms, names extending a known one ("... Research",
    "... Team"), descriptions ("Multiple institutions"), names with ``&``, ``.``, accents or a
    lowercase first letter.
category
    per-file pool of 49, Zipf-like: 22 of the default vocabulary, 10 extending a known one
    ("Alignment (general)"), 3 ending in a plural acronym ("... multiple AIs"), 14 new ones
    (some with ``:``, ``&``, ``?``, or all lowercase).
title
    10% start with a camel-case name ("XxxBench: ..."), 5% with a digit, 3% with a lowercase
    name ("iXxx: ..."), 7% with quotes, 10% questions, 10% with a colon, 5% with an em dash,
    25% in Title Case; 4% get a suffix such as "GPT-4", "v2" or "in 2024" (most end in a digit,
    glued to a date when there is one); 1% hold a no-break space.
date
    9.5% missing, 7% no URL, 2.5% neither; of the dates 15% ISO ``YYYY-MM-DD``, the rest
    ``D-Mon-YY``, 2012-2025.
URL
    arXiv abs 13%, abs with version 5%, pdf 7%, pdf with version 7%; forum posts
    ``/posts/<17 mixed-case alnum>/<slug>`` 14%; lab blog slugs 17%; OpenReview ``forum?id=``
    (half with ``&noteId=``) 5%; DOIs (some with capitals) 6%; PDFs with CamelCase names 5%;
    Google-Docs-style ids 4%; ``t.co`` short links 3%; GitHub ``Owner/RepoName`` 3%; underscore
    paths 6%; ``.html`` pages 6%. Then ``?utm_source=...`` added 5%, a ``#fragment`` 4%, a
    trailing ``%20`` 1.5%.
abstract
    placeholder ("Abstract not found", "N/A", "No abstract available", "Not available") 7%,
    empty 4%; otherwise 2-6 sentences per paragraph, 10% with 2-3 paragraphs, written on one
    line 55%, hard-wrapped at 72-88 columns 30%, one sentence per line 15%; 3% start with a
    digit, 5% with a quote; 5% end with an ellipsis; some hold non-ASCII symbols.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import string
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import safetylit

# --- organisations --------------------------------------------------------------------------

PLACES = [
    "Northmere",
    "Ashbury",
    "Calloway",
    "Westhaven",
    "Brennock",
    "Eastvale",
    "Kestrel Bay",
    "Marlow Heath",
    "Port Ellery",
    "Stonebridge",
    "Valmont",
    "Orrinford",
    "Lakeshire",
    "Dunmore",
    "Halvard",
    "Greyholm",
    "Selby Cross",
    "Tarrant",
    "Wrenfield",
    "Corvallen",
]
TOPICS = [
    "Machine Accountability",
    "Verified Autonomy",
    "Long-Horizon Risk",
    "Human-Compatible Systems",
    "Trustworthy Computation",
    "Algorithmic Oversight",
    "Safe Learning",
    "Emerging Technology",
    "Cooperative Intelligence",
    "Computational Ethics",
    "Digital Minds",
    "Systemic Risk",
]
THINGS = [
    "Autonomous Systems",
    "Artificial Agents",
    "Intelligent Machines",
    "Frontier Models",
    "Learning Systems",
    "Advanced Software",
]
CAMEL_HEADS = [
    "Nova",
    "Clear",
    "True",
    "Bright",
    "Lumen",
    "Quill",
    "Sentinel",
    "Axiom",
    "Halo",
    "Iron",
    "Cinder",
    "Tidal",
    "Prism",
    "Ember",
    "Keel",
    "Lattice",
    "Veritas",
    "Orbit",
]
CAMEL_TAILS = [
    "Path",
    "Signal",
    "Works",
    "Logic",
    "Forge",
    "Loop",
    "Stack",
    "Grid",
    "Field",
    "Harbor",
    "Point",
    "Frame",
    "Shift",
    "Sight",
    "Bridge",
]
EXTENDED_LABS = [
    "Meta AI Research",
    "OpenAI Superalignment Team",
    "Google DeepMind Safety Research",
    "Anthropic Alignment Science",
    "Microsoft Research Asia",
    "IBM Research Zurich",
    "Redwood Research Labs",
    "Apollo Research Fellows",
    "Google Research India",
    "OpenAI Preparedness",
    "Epoch AI Data Team",
]
DESCRIPTIONS = [
    "Multiple institutions",
    "Independent researcher",
    "Independent researchers",
    "Several universities",
    "Unaffiliated authors",
    "Various (academic consortium)",
    "Industry and academia",
    "Anonymous authors",
]
ODD_NAMES = [
    "Smith & Lowe Analytics",
    "Safe.Systems",
    "AI-Risk Observatory",
    "nuVerity",
    "kAIros Lab",
    "Université de Valmont",
    "Ecole Normale de Tarrant",
    "Ständige Kommission für KI-Sicherheit",
    "The Halvard Trust",
    "St. Brennock's College",
]


def _organisations(rng: random.Random) -> list[tuple[str, str]]:
    """(name, kind) pairs, unknown to the default vocabulary except the ``known`` ones."""
    known = set(safetylit.default_companies())
    out: list[tuple[str, str]] = []
    places = rng.sample(PLACES, len(PLACES))
    for p in places[:8]:
        out.append((rng.choice(["University of {}", "{} University"]).format(p), "university"))
    for p in places[8:11]:
        out.append((f"{p} Institute of Technology", "university"))
    out.append((f"Technical University of {places[11]}", "university"))
    out.append((f"University of {places[12]} at {places[13]}", "university"))
    for t in rng.sample(TOPICS, 5):
        out.append((f"Institute for {t}", "institute"))
    for t, x in zip(rng.sample(TOPICS, 4), rng.sample(THINGS, 4), strict=True):
        out.append((f"Centre for the {t.split()[-1]} of {x}", "centre"))
    out.append((f"Center on {rng.choice(TOPICS)}", "centre"))
    for t in rng.sample(TOPICS, 3):
        words = [w for w in re.split(r"[\s-]+", t) if w]
        acro = "".join(w[0] for w in ["Institute", "for", *words] if w[0].isupper())
        out.append((f"Institute for {t} ({acro})", "parentheses"))
    out.append((f"{places[14]} University (Computer Science)", "parentheses"))
    out.append((f"Lab for Safe Learning ({places[15]})", "parentheses"))
    camels = {h + t for h in CAMEL_HEADS for t in CAMEL_TAILS}
    for name in rng.sample(sorted(camels), 8):
        out.append((name, "camel"))
    acronyms: set[str] = set()
    while len(acronyms) < 6:
        a = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(3, 5)))
        if a not in known:
            acronyms.add(a)
    out += [(a, "acronym") for a in sorted(acronyms)]
    out += [(n, "extends-known") for n in rng.sample(EXTENDED_LABS, 6)]
    out += [(n, "description") for n in rng.sample(DESCRIPTIONS, 3)]
    out += [(n, "odd") for n in rng.sample(ODD_NAMES, 4)]
    out = [(n, k) for n, k in out if n not in known]
    rng.shuffle(out)
    return out


# --- categories -----------------------------------------------------------------------------

EXTENDED_CATEGORIES = [
    "Alignment (general)",
    "Forecasting & timelines",
    "Robustness to distribution shift",
    "Interpretability (theory)",
    "Governance: compute",
    "Red teaming & evals",
    "Deception detection",
    "Honest AI: calibration",
    "Policy & standards",
    "Scalable oversight: debate",
    "AI control protocols",
    "Unlearning & model editing",
    "Evaluations of agents",
    "Privacy & security",
]
ACRONYM_CATEGORIES = [
    "Conflict between multiple AIs",
    "Oversight of LLMs",
    "Safety of open-weight LLMs",
    "Evaluating VLMs",
    "Testing RL agents against AIs",
]
NEW_CATEGORIES = [
    "Agent foundations",
    "Model welfare",
    "Threat modelling",
    "Compute governance",
    "Data attribution",
    "Steganography",
    "Sandbagging",
    "Chain-of-thought monitoring",
    "Embedded agency",
    "Situational awareness",
    "Emergent misalignment",
    "Safety cases",
    "Whose values?",
    "Theory: decision theory",
    "Agents: tool use & autonomy",
    "misc",
    "Security of model weights",
    "Evaluation awareness",
    "Lab strategy",
]


def _categories(rng: random.Random) -> list[tuple[str, str]]:
    known = list(safetylit.default_categories())
    out = [(c, "known") for c in rng.sample(known, 22)]
    out += [(c, "extends-known") for c in rng.sample(EXTENDED_CATEGORIES, 10)]
    out += [(c, "plural-acronym") for c in rng.sample(ACRONYM_CATEGORIES, 3)]
    out += [(c, "new") for c in rng.sample(NEW_CATEGORIES, 14)]
    rng.shuffle(out)
    return out


# --- titles ---------------------------------------------------------------------------------

SUBJECTS = [
    "reward models",
    "sparse autoencoders",
    "chain-of-thought monitors",
    "language agents",
    "preference data",
    "activation steering",
    "debate protocols",
    "refusal training",
    "evaluation suites",
    "tool-using agents",
    "latent adversarial training",
    "model organisms",
    "situational awareness",
    "sandbagging",
    "weak-to-strong generalisation",
    "honeypots",
    "constitutional classifiers",
    "linear probes",
    "circuit discovery",
    "unlearning methods",
    "capability elicitation",
    "safety cases",
    "compute thresholds",
    "frontier models",
    "multi-agent systems",
    "reward tampering",
    "jailbreak defences",
    "training data filters",
    "process supervision",
    "goal-directed behaviour",
    "misaligned personas",
    "audit games",
]
VERBS = [
    "Detecting",
    "Measuring",
    "Auditing",
    "Steering",
    "Stress-testing",
    "Scaling",
    "Explaining",
    "Red-teaming",
    "Bounding",
    "Forecasting",
    "Training",
    "Evaluating",
    "Monitoring",
    "Probing",
]
QUALIFIERS = [
    "in large language models",
    "under distribution shift",
    "at scale",
    "without human labels",
    "with weak supervisors",
    "for frontier AI",
    "in agentic settings",
    "across model families",
    "in the wild",
    "for deployment decisions",
    "from first principles",
    "beyond refusals",
]
BENCH_HEADS = [
    "Chem",
    "Bio",
    "Cyber",
    "Agent",
    "Truth",
    "Refusal",
    "Harm",
    "Sandbag",
    "Probe",
    "Steer",
    "Shield",
    "Trace",
    "Audit",
    "Scheme",
    "Lie",
    "Power",
]
BENCH_TAILS = ["Bench", "Eval", "Guard", "Scope", "Lens", "Arena", "Suite", "Check", "Gym"]
DIGIT_ENDINGS = [
    "with GPT-4",
    "in GPT-4",
    "for Llama 3",
    "in Claude 3",
    "(Part 2)",
    "in 2024",
    "v2",
    "on Gemini 1.5",
    "of o1",
    "Version 3",
    "at 70B",
    "Round 2",
    "in 2023",
]


def _title(rng: random.Random, tags: list[str]) -> str:
    subject, qual = rng.choice(SUBJECTS), rng.choice(QUALIFIERS)
    roll = rng.random()
    if roll < 0.10:
        name = rng.choice(BENCH_HEADS) + rng.choice(BENCH_TAILS)
        title = f"{name}: a benchmark for {subject} {qual}"
        tags.append("title:camel-first")
    elif roll < 0.25:
        title = f"{rng.choice(VERBS)} {subject} {qual}"
    elif roll < 0.35:
        title = f"Towards {rng.choice(['robust', 'scalable', 'honest', 'verifiable'])} {subject}"
    elif roll < 0.45:
        title = f"Do {subject} {rng.choice(['generalise', 'scale', 'transfer', 'fail'])} {qual}?"
        tags.append("title:question")
    elif roll < 0.55:
        a, b = rng.sample(SUBJECTS, 2)
        title = f"{a.capitalize()} as a lens on {b}: {rng.choice(['evidence', 'a case study'])}"
        tags.append("title:colon")
    elif roll < 0.62:
        phrase = rng.choice(["Playing dumb", "Ask me anything", "Trust but verify", "Not my job"])
        q = rng.choice(['"{}"', "“{}”", "'{}'"]).format(phrase)
        title = f"{q}: {subject} {qual}"
        tags.append("title:quotes")
    elif roll < 0.67:
        title = f"{rng.randint(2, 12)} lessons from {subject} {qual}"
        tags.append("title:digit-first")
    elif roll < 0.72:
        title = f"On the limits of {subject} — {rng.choice(['a survey', 'a position paper'])}"
    elif roll < 0.73:
        name = rng.choice("iekmx") + rng.choice(BENCH_HEADS) + rng.choice(["", "-2", "Net"])
        title = f"{name}: {subject} {qual}"
        tags.append("title:lowercase-first")
    else:
        words = f"{rng.choice(VERBS)} {subject} {qual}".split()
        small = {"in", "of", "for", "at", "the"}
        title = " ".join(w if w in small else w[0].upper() + w[1:] for w in words)
        title = title[0].upper() + title[1:]
    if rng.random() < 0.04:
        title = f"{title.rstrip('?')} {rng.choice(DIGIT_ENDINGS)}"
        if title[-1].isdigit():
            tags.append("title:ends-in-digit")
    return title


# --- abstracts ------------------------------------------------------------------------------

MODELS = ["GPT-4", "Llama 3", "Claude 3", "Gemini", "Qwen", "Mistral 7B", "a 1.3B model"]
SENTENCES = [
    "We study {s} {q}.",
    "Recent work suggests that {s} may not {v} as expected.",
    "We introduce a method that uses {s} to detect failures in {s2}.",
    "Across {n} tasks, our approach reduces harmful outputs by {p}%.",
    "Experiments on {m} show that {s} {v} {q}.",
    "Our results indicate that {s} can be gamed by a sufficiently capable policy.",
    "We release code and data to support further research on {s}.",
    "Surprisingly, larger models are not always more robust to {s}.",
    "This raises questions about how {s} should inform deployment decisions.",
    "We formalise the problem and give bounds on the error of {s}.",
    "Using {m}, we find that {p}% of attempts succeed against {s}.",
    "In contrast to prior work, we do not assume access to model weights.",
    "Finally, we discuss limitations (including cost and coverage) and open problems.",
    "The evaluation covers {n} settings, from toy environments to realistic agent scaffolds.",
    "We argue that {s} and {s2} are complementary rather than competing approaches.",
    "Human raters preferred the monitored outputs in {p}% of comparisons.",
    "Our analysis reveals a trade-off between helpfulness and {s}.",
    "These findings suggest that current safeguards based on {s} are brittle.",
    'We call this failure mode "{c}" and show it appears in {n} model families.',
    "Training with {s} improves calibration, e.g. from {p}% to {p2}% on held-out prompts.",
    "Attack success drops by ≥{p}% while refusals on benign requests stay under {p2}%.",
    "The effect holds for every mixing weight α ∈ [0.1, 0.9] we tried — including the extremes.",
    "We call the models’ behaviour {c}; it persists after {s} (see §4).",
]
VERBS_PLAIN = ["generalise", "scale", "transfer", "hold up", "degrade", "improve"]
COINED = ["quiet drift", "polite refusal", "shallow compliance", "reward laundering"]
PLACEHOLDERS = ["Abstract not found", "N/A", "No abstract available", "Not available"]


def _sentence(rng: random.Random, template: str | None = None) -> str:
    s, s2 = rng.sample(SUBJECTS, 2)
    return (template or rng.choice(SENTENCES)).format(
        s=s,
        s2=s2,
        q=rng.choice(QUALIFIERS),
        v=rng.choice(VERBS_PLAIN),
        n=rng.randint(3, 40),
        p=rng.randint(5, 95),
        p2=rng.randint(5, 95),
        m=rng.choice(MODELS),
        c=rng.choice(COINED),
    )


def _abstract(rng: random.Random, tags: list[str]) -> list[list[str]] | str | None:
    """Paragraphs of sentences, a placeholder string, or None (empty cell)."""
    roll = rng.random()
    if roll < 0.07:
        tags.append("abstract:placeholder")
        return rng.choice(PLACEHOLDERS)
    if roll < 0.11:
        tags.append("abstract:empty")
        return None
    n_par = 1 if rng.random() < 0.9 else rng.randint(2, 3)
    sizes = [rng.randint(2, 6) for _ in range(n_par)]
    templates = iter(rng.sample(SENTENCES, sum(sizes)))
    paras = [[_sentence(rng, next(templates)) for _ in range(k)] for k in sizes]
    first = paras[0]
    start = rng.random()
    if start < 0.03:
        first[0] = (
            f"{rng.randint(2, 90)} of the {rng.randint(91, 400)} prompts we tested elicited "
            f"{rng.choice(SUBJECTS)} {rng.choice(QUALIFIERS)}."
        )
        tags.append("abstract:digit-first")
    elif start < 0.06:
        first[0] = (
            f"“{rng.choice(COINED).capitalize()}” is a failure mode of {rng.choice(SUBJECTS)}."
        )
        tags.append("abstract:quote-first")
    elif start < 0.08:
        first[0] = (
            f'"{rng.choice(SUBJECTS).capitalize()}" are widely used {rng.choice(QUALIFIERS)}.'
        )
        tags.append("abstract:quote-first")
    if rng.random() < 0.05:
        last = paras[-1]
        last[-1] = last[-1].rstrip(".") + rng.choice(["…", " […]", "..."])
        tags.append("abstract:ellipsis-end")
    return paras


# --- URLs -----------------------------------------------------------------------------------


def _alnum(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")


def _url(rng: random.Random, title: str, org: str, date: dt.date, tags: list[str]) -> str:
    slug = _slug(title) or "post"
    arxiv = f"{date:%y%m}.{rng.randint(1, 19999):05d}"
    roll = rng.random()
    kinds = [
        (0.13, "arxiv-abs", f"https://arxiv.org/abs/{arxiv}"),
        (0.18, "arxiv-abs-version", f"https://arxiv.org/abs/{arxiv}v{rng.randint(1, 4)}"),
        (0.25, "arxiv-pdf", f"https://arxiv.org/pdf/{arxiv}"),
        (0.32, "arxiv-pdf-version", f"https://arxiv.org/pdf/{arxiv}v{rng.randint(1, 4)}"),
        (
            0.46,
            "forum-post",
            "https://www.{}/posts/{}/{}".format(
                rng.choice(["lesswrong.com", "alignmentforum.org"]), _alnum(rng, 17), slug
            ),
        ),
        (
            0.63,
            "lab-blog",
            "https://{}/{}/{}".format(
                _domain(org), rng.choice(["research", "blog", "news", "papers"]), slug
            ),
        ),
        (
            0.68,
            "openreview",
            "https://openreview.net/forum?id={}{}".format(
                _alnum(rng, 10), f"&noteId={_alnum(rng, 10)}" if rng.random() < 0.5 else ""
            ),
        ),
        (
            0.74,
            "doi",
            "https://doi.org/"
            + rng.choice(
                [
                    f"10.1109/TNNLS.{date.year}.{rng.randint(1000000, 9999999)}",
                    f"10.48550/arXiv.{arxiv}",
                    f"10.1016/j.artint.{date.year}.{rng.randint(100000, 999999)}",
                    f"10.1145/{rng.randint(3000000, 3999999)}.{rng.randint(3000000, 3999999)}",
                    f"10.1007/s10458-0{rng.randint(10, 99)}-{rng.randint(10000, 99999)}-Z",
                ]
            ),
        ),
        (
            0.79,
            "pdf-camel",
            "https://{}/{}/{}.pdf".format(
                _domain(org),
                rng.choice(["files", "uploads/2024/05", "wp-content/uploads", "docs"]),
                "".join(w.capitalize() for w in slug.split("-")[:4])
                + rng.choice(["", "_v2", "_Final", "-Draft"]),
            ),
        ),
        (
            0.83,
            "google-doc",
            "https://docs.google.com/document/d/{}/edit{}".format(
                _alnum(rng, 44, string.ascii_letters + string.digits + "_-"),
                rng.choice(["", "?usp=sharing", "#heading=h.3znysh7"]),
            ),
        ),
        (0.86, "short-link", f"https://t.co/{_alnum(rng, 10)}"),
        (
            0.89,
            "github",
            "https://github.com/{}/{}".format(
                _camel_org(org), "".join(w.capitalize() for w in slug.split("-")[:2])
            ),
        ),
        (0.95, "underscore", "https://{}/blog/{}".format(_domain(org), slug.replace("-", "_"))),
        (1.01, "plain-page", f"https://{_domain(org)}/{slug}.html"),
    ]
    kind, url = next((k, u) for p, k, u in kinds if roll < p)
    tags.append(f"url:{kind}")
    if any(c.isupper() for c in url.split("/", 3)[-1]):
        tags.append("url:capitals")
    extra = rng.random()
    if extra < 0.05 and "?" not in url and "#" not in url:
        url += "?utm_source={}&utm_medium=email".format(rng.choice(["newsletter", "twitter"]))
        tags.append("url:query-added")
    elif extra < 0.09 and "#" not in url:
        url += "#" + rng.choice(["section-3", "Introduction", "results", "fn2"])
        tags.append("url:fragment-added")
    elif extra < 0.105:
        url += "%20"
        tags.append("url:trailing-%20")
    return url


def _domain(org: str) -> str:
    word = re.sub(r"[^a-z]", "", org.lower())[:18] or "lab"
    return f"www.{word}.org"


def _camel_org(org: str) -> str:
    return "".join(w.capitalize() for w in re.findall(r"[A-Za-z]+", org))[:20] or "Lab"


# --- rows -----------------------------------------------------------------------------------


@dataclass
class Row:
    company: str
    title: str
    date: dt.date | None
    date_text: str
    url: str | None
    category: str
    abstract: list[list[str]] | str | None
    duplicate: bool = False
    tags: list[str] = field(default_factory=list)


def _date_text(rng: random.Random, date: dt.date, tags: list[str]) -> str:
    if rng.random() < 0.15:
        tags.append("date:iso")
        return date.isoformat()
    tags.append("date:d-mon-yy")
    return f"{date.day}-{date:%b}-{date:%y}"


def _zipf(rng: random.Random, pool: list[tuple[str, str]], s: float = 1.0) -> tuple[str, str]:
    return rng.choices(pool, weights=[1 / (k + 1) ** s for k in range(len(pool))])[0]


def _make_row(rng, orgs, cats, earlier: list[Row]) -> Row:
    tags: list[str] = []
    if earlier and rng.random() < 0.015:
        base = rng.choice(earlier)
        content = ("company", "category", "title", "date", "url", "date+url")
        tags = ["duplicate", *(t for t in base.tags if t.split(":")[0] in content)]
        return Row(
            base.company,
            base.title,
            base.date,
            base.date_text,
            base.url,
            base.category,
            base.abstract,
            duplicate=True,
            tags=tags,
        )
    if rng.random() < 0.3:
        company, kind = (
            rng.choice(
                [
                    "Anthropic",
                    "OpenAI",
                    "Google DeepMind",
                    "DeepMind",
                    "Meta AI",
                    "Redwood Research",
                    "METR",
                    "Apollo Research",
                    "Microsoft Research",
                    "FAR AI",
                ]
            ),
            "known",
        )
    else:
        company, kind = _zipf(rng, orgs, 0.8)
    tags.append(f"company:{kind}")
    category, ckind = _zipf(rng, cats, 0.7)
    tags.append(f"category:{ckind}")
    title = _title(rng, tags)
    date = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 5100))
    roll = rng.random()  # 2.5% neither date nor URL, 9.5% no date, 7% no URL
    has_date, has_url = roll >= 0.12, not (roll < 0.025 or 0.12 <= roll < 0.19)
    if not has_date and not has_url:
        tags.append("date+url:both-missing")
    elif not has_date:
        tags.append("date:missing")
    elif not has_url:
        tags.append("url:missing")
    date_text = _date_text(rng, date, tags) if has_date else ""
    url = _url(rng, title, company, date, tags) if has_url else None
    if has_date and title[-1].isdigit():
        tags.append("title-digits-glued-to-date")
    if rng.random() < 0.01:
        title = title.replace(" ", "\u00a0", 1)
        tags.append("title:no-break-space")
    return Row(
        company,
        title,
        date if has_date else None,
        date_text,
        url,
        category,
        _abstract(rng, tags),
        tags=tags,
    )


def _abstract_lines(rng: random.Random, row: Row) -> list[str]:
    a = row.abstract
    if a is None:
        return []
    if isinstance(a, str):
        return [a]
    wrap = rng.choices(["one_line", "wrapped", "sentences"], weights=[55, 30, 15])[0]
    row.tags.append(f"abstract:{wrap}" if len(a) == 1 else f"abstract:paragraphs-{wrap}")
    lines: list[str] = []
    width = rng.randint(72, 88)
    for i, para in enumerate(a):
        if i:
            lines.append("")
        text = " ".join(para)
        if wrap == "wrapped":
            out = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
        elif wrap == "sentences":
            out = list(para)
        else:
            out = [text]
        if any(re.fullmatch(r"\d+", ln.strip()) for ln in out):
            out = [text]  # a line of digits alone would be a row number
        lines += out
    return lines


LAYOUTS = [
    ("fused", 20),
    ("head_url_tail", 34),
    ("head_url_fused", 9),
    ("cell_per_line", 20),
    ("category_line", 17),
]


def _render(rng: random.Random, row: Row) -> tuple[str, list[str]]:
    layout = rng.choices([n for n, _ in LAYOUTS], weights=[w for _, w in LAYOUTS])[0]
    if row.duplicate and rng.random() < 0.6:
        layout = "dup_line"
    sep = ""
    if rng.random() < 0.04:
        sep = "\t"
        row.tags.append("tab-separated")
    body = _abstract_lines(rng, row)
    marker = "[Duplicate] " if row.duplicate else ""
    cat = marker + row.category
    date, url = row.date_text, row.url or ""

    def join(*cells: str) -> str:
        return sep.join(c for c in cells if c)

    first, rest = (body[0], body[1:]) if body else ("", [])
    if row.duplicate and layout != "dup_line" and first:
        row.tags.append("dup:marker-glued-to-abstract")
    head = join(row.company, row.title, date)
    if layout == "fused":
        cells, tail = [join(head, url, cat, first)], rest
    elif layout == "head_url_tail":
        cells, tail = [head, url, join(cat, first)], rest
    elif layout == "head_url_fused":
        cells, tail = [join(head, url), join(cat, first)], rest
    elif layout == "cell_per_line" and rng.random() < 0.5:
        cells, tail = [row.company, row.title, date, url, join(cat, first)], rest
    elif layout == "cell_per_line":
        cells, tail = [row.company, row.title, date, url, cat], body
        row.tags.append("category:own-line")
    else:  # category_line, dup_line
        cells, tail = [head, url, cat], body
    lines = [c for c in cells if c] + tail  # an empty cell has no line
    if rng.random() < 0.02:
        i = rng.randrange(len(lines))
        if lines[i]:
            lines[i] += " "
            row.tags.append("trailing-space")
    if rng.random() < 0.02:
        lines.append("")
        row.tags.append("trailing-blank-line")
    return layout, lines


def _collapse(text: str | None) -> str | None:
    if text is None:
        return None
    text = re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("\u200b", "")).strip()
    return text or None


def _expected(row: Row) -> dict[str, object]:
    a = row.abstract
    abstract = None if a is None or isinstance(a, str) else " ".join(" ".join(p) for p in a)
    return {
        "company": _collapse(row.company),
        "title": _collapse(row.title),
        "date": row.date.isoformat() if row.date else None,
        "url": row.url,
        "category": _collapse(row.category),
        "abstract": _collapse(abstract),
        "marked_duplicate": row.duplicate,
    }


def build(rows: int, seed: int) -> tuple[list[str], list[dict[str, object]]]:
    """The export's lines (without line ends) and its gold rows, for ``rows`` sheet rows."""
    rng = random.Random(f"safetylit-messy-{seed}")
    orgs, cats = _organisations(rng), _categories(rng)
    lines = [
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "1",
        "CompanyTitleDateURL",
        "Safety_category",
        "Abstract",
    ]
    gold: list[dict[str, object]] = []
    made: list[Row] = []
    number = 1
    empty_run = 0
    while len(gold) < rows:
        number += 1
        if rng.random() < 0.02:
            number += rng.randint(1, 6)  # rows hidden by a filter: a gap in the numbers
        if empty_run or rng.random() < 0.08:
            empty_run = empty_run - 1 if empty_run else rng.randint(0, 3)
            lines.append(str(number))
            gold.append({"row": number, "empty": True})
            continue
        row = _make_row(rng, orgs, cats, made)
        made.append(row)
        layout, row_lines = _render(rng, row)
        lines.append(str(number))
        lines += row_lines
        gold.append(
            {
                "row": number,
                "empty": False,
                "layout": layout,
                "variations": sorted(set(row.tags)),
                "source_id": f"messy:{seed}:{len(made)}",
                "expected": _expected(row),
            }
        )
    return lines, gold


def write(rows: int, seed: int, out_dir: Path, *, crlf: bool = False) -> tuple[Path, Path]:
    """Write ``messy_<rows>.txt`` and ``messy_<rows>.gold.json`` into ``out_dir``."""
    lines, gold = build(rows, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    export, gold_path = out_dir / f"messy_{rows}.txt", out_dir / f"messy_{rows}.gold.json"
    newline = "\r\n" if crlf else "\n"
    export.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    papers = [g for g in gold if not g["empty"]]
    doc = {
        "export": export.name,
        "split": "synthetic",
        "generator": "benchmarks/generate.py --variant messy",
        "seed": seed,
        "line_endings": "crlf" if crlf else "lf",
        "counts": {
            "rows": len(gold),
            "papers": len(papers),
            "empty_rows": len(gold) - len(papers),
            "duplicates": sum(1 for g in papers if g["expected"]["marked_duplicate"]),  # type: ignore[index]
        },
        "rows": gold,
    }
    gold_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return export, gold_path
