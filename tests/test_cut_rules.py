"""Each cut rule of the parser on rows built for it: where a URL, a company, a category and a row
end when the evidence is a line break, a known name, a change of case or a learned name."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import safetylit
from safetylit import CUT_RULES, Decision

HEADER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ\n1\nCompanyTitleDateURL\nSafety_category\nAbstract\n"


def rows(*items: tuple[int, str]) -> str:
    return HEADER + "".join(f"{number}\n{body}\n" for number, body in items)


def one(body: str, **options: object) -> tuple[safetylit.Paper, safetylit.PaperSet]:
    papers = safetylit.loads(rows((2, body)), **options)  # type: ignore[arg-type]
    assert len(papers) == 1, papers.problems
    return papers[0], papers


def codes(papers: safetylit.PaperSet) -> list[str]:
    return [p.code for p in papers.problems]


# --- where the URL ends ---------------------------------------------------------------------

MIXED_CASE_URLS = [
    "https://forum.example.org/posts/QwErTy12UiOp34AsD/notes-on-oversight",
    "https://t.co/AbC12dEfGh",
    "https://docs.example.com/document/d/1XyZAbCdEfGhIjK/edit",
    "https://doi.org/10.1234/SomeJournal.2020.0042",
    "https://files.example.org/uploads/Smith_et_al-_2019-_Should_AI_Governance_Work.pdf",
    "https://openreview.net/forum?id=AbCdE12345&noteId=XyZ987wVu",
    "https://arxiv.org/pdf/2510.00938%20",
    "https://arxiv.org/abs/2401.01234v2?utm_source=Feed&utm_medium=Social",
]


@pytest.mark.parametrize("url", MIXED_CASE_URLS)
def test_url_alone_on_its_line_ends_at_the_line_end(url: str) -> None:
    paper, papers = one(
        f"Acme LabsNotes on oversight2-Apr-24\n{url}\nAgent foundationsWe study it."
    )
    assert (paper.url, paper.category, paper.abstract) == (url, "Agent foundations", "We study it.")
    assert Decision(field="url", rule="url:line-end", description=CUT_RULES["url:line-end"]) in (
        papers.explain(2)
    )


@pytest.mark.parametrize(
    ("url", "category"),
    [
        ("https://forum.example.org/posts/QwErTy12UiOp34AsD/notes-on-oversight", "Learning intent"),
        ("https://t.co/AbC12dEfGh", "Autonomy evals"),
        ("https://openreview.net/forum?id=AbCdE12345&noteId=XyZ987wVu", "Tools for agents"),
        ("https://www.example.org/CyberThing/Evals/", "Other evals"),
        ("https://arxiv.org/abs/2401.01234?utm_source=feed", "Reward models"),
        ("https://doi.org/10.1234/SomeJournal.2020.0042", "LLM-based agents"),
    ],
)
def test_url_pasted_onto_an_unknown_category(url: str, category: str) -> None:
    paper, papers = one(f"Acme LabsNotes on oversight2-Apr-24{url}{category}We study it.")
    assert (paper.url, paper.category, paper.abstract) == (url, category, "We study it.")
    assert ("url", "url:capitalised-word-after-path") in [
        (d.field, d.rule) for d in papers.explain(2)
    ]


def test_url_pasted_onto_a_known_category_inside_a_path_is_not_cut_there() -> None:
    url = "https://files.example.org/papers/Governance_of_Agents.pdf"
    paper, _ = one(f"Acme LabsNotes2-Apr-24{url}RobustnessWe study it.")
    assert (paper.url, paper.category) == (url, "Robustness")


def test_arxiv_id_then_a_capital_ends_the_url() -> None:
    paper, papers = one("Acme LabsNotes2-Apr-24https://arxiv.org/abs/2401.01234v3ZetaThe end.")
    assert (paper.url, paper.category) == ("https://arxiv.org/abs/2401.01234v3", "Zeta")
    assert "url:arxiv-id-end" in [d.rule for d in papers.explain(2)]


# --- where the category ends -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "category", "abstract"),
    [
        ("Alignment (general)I suggest a prior.", "Alignment (general)", "I suggest a prior."),
        ("Forecasting & timelinesWe forecast.", "Forecasting & timelines", "We forecast."),
        ("Robustness to shiftsModels fail.", "Robustness to shifts", "Models fail."),
        ("Alignment (general)", "Alignment (general)", None),
        ("Tools for aligning multiple AIsThe agents act.", "Tools for aligning multiple AIs", None),
        ("Honest AIAbstract not found", "Honest AI", None),
        ("Alignment (general)Abstract not found", "Alignment (general)", None),
        ("RobustnessWe test.", "Robustness", "We test."),
    ],
)
def test_category_cut(cell: str, category: str, abstract: str | None) -> None:
    url = "https://example.org/a-paper"
    paper, _ = one(f"Acme LabsA paper2-Apr-24\n{url}\n{cell}")
    assert paper.category == category
    if abstract is not None or "The agents" not in cell:
        assert paper.abstract == abstract
    else:
        assert paper.abstract == "The agents act."


@pytest.mark.parametrize(
    ("tail", "category", "abstract"),
    [
        # Marked and pasted on after the URL, the abstract glued to it: cut at the case change.
        ("[Duplicate] Quiet AITowards calm models?", "Quiet AI", "Towards calm models?"),
        # Marked and ending the row: the whole cell, a short question included.
        ("[Duplicate] Quiet AI", "Quiet AI", None),
        ("[Duplicate] Whose values?", "Whose values?", None),
        ("[Duplicate] Can LLMs lie?", "Can LLMs lie?", None),
    ],
)
def test_marked_category_ending_the_row(tail: str, category: str, abstract: str | None) -> None:
    paper, _ = one(f"Acme LabsA paper2-Apr-24https://example.org/a-paper{tail}")
    assert (paper.category, paper.abstract, paper.marked_duplicate) == (category, abstract, True)


def test_a_question_cut_by_a_capital_run_is_a_name_and_the_abstract() -> None:
    # One sentence per line: the category's line is "name" + the abstract's first question.
    paper, _ = one(
        "Acme LabsA paper2-Apr-24https://example.org/a-paper"
        "Quiet AITowards calm models?\nTowards calm models."
    )
    assert (paper.category, paper.abstract) == (
        "Quiet AI",
        "Towards calm models? Towards calm models.",
    )


def test_known_category_extended_is_explained() -> None:
    _, papers = one("Acme LabsA paper2-Apr-24https://example.org/pAlignment (general)We do it.")
    assert "category:known-name-extended" in [d.rule for d in papers.explain(2)]


# --- where the company ends ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "company", "title"),
    [
        ("University of ExampleAI Debate Helps", "University of Example", "AI Debate Helps"),
        (
            "Centre for Good Things of OxbridgeA survey",
            "Centre for Good Things of Oxbridge",
            "A survey",
        ),
        ("Some Lab (Example Group)Better Models", "Some Lab (Example Group)", "Better Models"),
        (
            "Many institutions (17 authors)Societal Frames",
            "Many institutions (17 authors)",
            "Societal Frames",
        ),
        ("Yale InstituteChemSafetyBench: a test", "Yale Institute", "ChemSafetyBench: a test"),
        ("QuuxCommonsAILuminate: a benchmark", "QuuxCommons", "AILuminate: a benchmark"),
        ("Meta AI ResearchCorrelating Scores", "Meta AI Research", "Correlating Scores"),
        (
            "Anthropic Fellows ProgramSubliminal Learning",
            "Anthropic Fellows Program",
            "Subliminal Learning",
        ),
        ("Zeta AIQuiet Models", "Zeta AI", "Quiet Models"),
    ],
)
def test_company_cut(head: str, company: str, title: str) -> None:
    paper, _ = one(f"{head}2-Apr-24\nhttps://example.org/x\nRobustnessWe test.")
    assert (paper.company, paper.title) == (company, title)


def test_company_alone_on_its_line_is_whole_even_when_it_extends_a_known_name() -> None:
    paper, papers = one(
        "MATS Program\nWhat We Learned\n2-Apr-24\nhttps://example.org/x\nRobustnessWe test."
    )
    assert (paper.company, paper.title) == ("MATS Program", "What We Learned")
    assert "company:cell-alone" in [d.rule for d in papers.explain(2)]


def test_one_word_company_of_several_humps_is_warned_with_the_alternatives() -> None:
    paper, papers = one(
        "QuuxStrikeCyberEval: a benchmark2-Apr-24\nhttps://example.org/x\nRobustness"
    )
    assert (paper.company, paper.title) == ("QuuxStrike", "CyberEval: a benchmark")
    (guess,) = [p for p in papers.problems if p.code == "company-guessed"]
    assert (guess.row, guess.field, guess.severity, guess.value) == (
        2,
        "company",
        "warning",
        "QuuxStrike",
    )
    assert "'Quux'" in guess.message
    assert "'QuuxStrikeCyber'" in guess.message


def test_company_no_case_change_marks_is_learned_from_another_rows_candidate() -> None:
    text = rows(
        (2, "Leverhulme XYZBeyond Things2-Apr-24\nhttps://example.org/a\nRobustnessWe test."),
        (3, "Leverhulme XYZAI Paradigms2-Apr-24\nhttps://example.org/b\nRobustnessWe test."),
    )
    papers = safetylit.loads(text)
    assert [(p.company, p.title) for p in papers] == [
        ("Leverhulme XYZ", "Beyond Things"),
        ("Leverhulme XYZ", "AI Paradigms"),
    ]
    assert "missing-company" not in codes(papers)


# --- rows without a date, a URL or both ------------------------------------------------------


def test_date_pasted_onto_the_category_in_a_row_without_url() -> None:
    paper, papers = one("Acme LabsThe wager15-Mar-17Alignment (general)The argument holds.")
    assert (paper.company, paper.title, paper.date) == (
        "Acme Labs",
        "The wager",
        dt.date(2017, 3, 15),
    )
    assert (paper.url, paper.category, paper.abstract) == (
        None,
        "Alignment (general)",
        "The argument holds.",
    )
    assert codes(papers) == ["missing-url"]
    assert papers.explain(2)[0].rule == "date:before-pasted-cell"


def test_row_with_neither_date_nor_url_on_two_lines() -> None:
    paper, papers = one("Acme LabsA model of pathways\nExistential risk strategyAbstract not found")
    assert (paper.company, paper.title, paper.category, paper.abstract) == (
        "Acme Labs",
        "A model of pathways",
        "Existential risk strategy",
        None,
    )
    assert (paper.date, paper.url) == (None, None)
    assert {"missing-date", "missing-url"} <= set(codes(papers))


def test_row_with_neither_date_nor_url_and_the_category_alone() -> None:
    paper, _ = one("Acme LabsAI Paradigms\nTechnical agendas\nAI safety analyses risks. It works.")
    assert (paper.title, paper.category, paper.abstract) == (
        "AI Paradigms",
        "Technical agendas",
        "AI safety analyses risks. It works.",
    )


def test_row_with_neither_on_one_line_ends_at_a_known_category() -> None:
    paper, _ = one("Acme LabsA survey of pollsRobustnessOne classic story goes.")
    assert (paper.company, paper.title, paper.category, paper.abstract) == (
        "Acme Labs",
        "A survey of polls",
        "Robustness",
        "One classic story goes.",
    )


def test_words_alone_are_still_rejected() -> None:
    papers = safetylit.loads(rows((2, "just some words here")))
    assert [r.row for r in papers.rejected] == [2]


# --- row numbers: read as rows, or reported where their text went ------------------------------


@pytest.mark.parametrize("ending", ["how more capable…", "Abstract not found", "N/A"])
def test_row_after_a_cut_off_or_placeholder_abstract_is_read(ending: str) -> None:
    text = rows(
        (2, f"Acme LabsFirst paper2-Apr-24\nhttps://example.org/a\nRobustnessIt goes {ending}"),
        (3, "Acme LabsSecond paper\nAgent foundationsAbstract not found"),
    )
    papers = safetylit.loads(text)
    assert [p.row for p in papers] == [2, 3]
    assert papers.by_row(3).title == "Second paper"


def test_number_line_read_as_text_is_reported_on_the_row_that_took_it() -> None:
    text = rows(
        (5, "Acme LabsFirst paper2-Apr-24\nhttps://example.org/a\nRobustnessWe study a family of"),
        (1, "footnoted things. It works."),
    )
    papers = safetylit.loads(text)
    assert [p.row for p in papers] == [5]
    (absorbed,) = [p for p in papers.problems if p.code == "row-number-as-text"]
    assert (absorbed.row, absorbed.field, absorbed.value, absorbed.severity) == (
        5,
        "row",
        "1",
        "warning",
    )
    assert "row 5" in absorbed.message


def test_empty_rows_are_listed() -> None:
    text = rows((2, ""), (3, "Acme LabsA paper2-Apr-24https://example.org/aRobustnessIt."), (7, ""))
    papers = safetylit.loads(text)
    assert papers.empty_rows == [2, 7]


# --- the rules are data ------------------------------------------------------------------------


def test_every_rule_the_parser_names_is_listed_and_described() -> None:
    package = Path(safetylit.__file__).parent
    source = "".join((package / name).read_text("utf-8") for name in ("_parser.py", "_url_cell.py"))
    named = set(re.findall(r'"((?:date|title|company|url|category):[a-z-]+)"', source))
    assert named == set(CUT_RULES)
    assert all(CUT_RULES[name] for name in named)


def test_explain_every_sample_row() -> None:
    papers = safetylit.load(safetylit.sample_path())
    for paper in papers:
        assert paper.row is not None
        rules = [d.rule for d in papers.explain(paper.row)]
        assert rules
        assert all(rule in CUT_RULES for rule in rules)
    assert [d.rule for d in papers.explain(454)][:3] == [
        "date:before-url-or-cell-end",
        "url:before-known-category",
        "title:day-digit-by-slug",
    ]
    with pytest.raises(KeyError, match="no paper at row 6"):
        papers.explain(6)


@pytest.mark.parametrize("separator", ["\t", " "])
def test_url_before_a_separator_is_whole(separator: str) -> None:
    url = "https://t.co/AbC12dEfGh"
    paper, papers = one(f"Acme LabsNotes2-Apr-24{url}{separator}Agent foundationsWe study it.")
    assert (paper.url, paper.category) == (url, "Agent foundations")
    assert "url:before-separator" in [d.rule for d in papers.explain(2)]


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (
            "Acme Labs\tA model of pathways\tRisk strategy\tWe model the pathways.",
            "title:tab-cells-without-date-or-url",
        ),
        (
            "Acme Labs\nA model of pathways\nRisk strategyWe model the pathways.",
            "title:lines-without-date-or-url",
        ),
        (
            "Acme LabsA model of pathwaysRisk strategyWe model the pathways to a catastrophe here.",
            "title:ends-before-short-name",
        ),
    ],
)
def test_rows_without_date_or_url_by_their_structure(body: str, rule: str) -> None:
    paper, papers = one(body)
    assert (paper.company, paper.title, paper.category) == (
        "Acme Labs",
        "A model of pathways",
        "Risk strategy",
    )
    assert paper.abstract is not None
    assert paper.abstract.startswith("We model the pathways")
    assert papers.explain(2)[0].rule == rule


def test_company_with_a_comma() -> None:
    paper, _ = one(
        "University of Somewhere, NorthtownA Study2-Apr-24\nhttps://example.org/x\nRobustness"
    )
    assert (paper.company, paper.title) == ("University of Somewhere, Northtown", "A Study")


def test_abstract_starting_with_a_digit_keeps_the_category() -> None:
    paper, _ = one("Acme LabsA paper2-Apr-24\nhttps://example.org/a\nCapability evals2024 was big.")
    assert (paper.category, paper.abstract) == ("Capability evals", "2024 was big.")


@pytest.mark.parametrize(
    ("head", "company", "title"),
    [
        ("OpenAIxHarmNet: attacks", "OpenAI", "xHarmNet: attacks"),
        (
            "Google DeepMind Safety Research10 lessons learned",
            "Google DeepMind Safety Research",
            "10 lessons learned",
        ),
        (
            "Kestrel Bay University10 lessons learned",
            "Kestrel Bay University",
            "10 lessons learned",
        ),
    ],
)
def test_titles_starting_in_lowercase_or_a_number(head: str, company: str, title: str) -> None:
    paper, _ = one(f"{head}2-Apr-24\nhttps://example.org/x\nRobustnessWe test.")
    assert (paper.company, paper.title) == (company, title)


@pytest.mark.parametrize(
    ("head", "title", "date"),
    [
        ("Acme LabsSteering on Gemini 1.52-Jul-17", "Steering on Gemini 1.5", dt.date(2017, 7, 2)),
        (
            "Acme LabsA benchmark, settings v21-May-21",
            "A benchmark, settings v2",
            dt.date(2021, 5, 1),
        ),
    ],
)
def test_title_number_that_needs_a_digit_takes_the_days_first(
    head: str, title: str, date: dt.date
) -> None:
    paper, papers = one(f"{head}\nhttps://docs.example.com/d/XyZ\nRobustnessWe test.")
    assert (paper.title, paper.date) == (title, date)
    assert "title:day-digit-completes-number" in [d.rule for d in papers.explain(2)]


def test_category_that_is_a_short_question_alone_on_its_line() -> None:
    paper, _ = one("Acme LabsA paper2-Apr-24\nhttps://example.org/x\nWhose values?\nWe ask whose.")
    assert (paper.category, paper.abstract) == ("Whose values?", "We ask whose.")


def test_date_pasted_onto_a_lowercase_category() -> None:
    paper, _ = one("Acme LabsA paper3-Mar-22miscRecent work suggests more.")
    assert (paper.date, paper.category, paper.abstract) == (
        dt.date(2022, 3, 3),
        "misc",
        "Recent work suggests more.",
    )


def test_row_without_date_or_url_after_one_that_ends_without_punctuation() -> None:
    text = rows(
        (2, "Acme LabsFirst paper2-Apr-24\nhttps://example.org/a\nSafety by design"),
        (3, "Zeta Group\nSecond paper\nAgent foundations\nWe study the second paper."),
    )
    papers = safetylit.loads(text)
    assert [(p.row, p.company, p.title) for p in papers] == [
        (2, "Acme Labs", "First paper"),
        (3, "Zeta Group", "Second paper"),
    ]


def test_row_without_date_or_url_with_tabs_on_two_lines() -> None:
    paper, _ = one("Some Institute (SI)\tOn the limits (Part 2)\nmisc\tRecent work suggests more.")
    assert (paper.company, paper.title, paper.category, paper.abstract) == (
        "Some Institute (SI)",
        "On the limits (Part 2)",
        "misc",
        "Recent work suggests more.",
    )


def test_url_with_a_category_name_inside_its_path_that_ends_its_line() -> None:
    url = "https://github.com/SomeOrg/ForecastingTraining"
    paper, _ = one(f"Acme LabsA paper2-Apr-24\n{url}\nAI controlWe test.")
    assert (paper.url, paper.category) == (url, "AI control")


def test_url_before_a_category_whose_second_word_is_capitalised() -> None:
    url = "https://files.example.org/3LessonsFromTool.pdf"
    paper, _ = one(f"Acme LabsA paper2-Apr-24{url}Testing RL agentsWe test.")
    assert (paper.url, paper.category) == (url, "Testing RL agents")


def test_shared_company_prefix_beats_a_longer_one_fewer_rows_share() -> None:
    url, tail = "https://example.org/x", "RobustnessWe test."
    text = rows(
        (2, f"ClearSignalCyberEval: one2-Apr-24\n{url}a\n{tail}"),
        (3, f"ClearSignalCyberEval: two2-Apr-24\n{url}b\n{tail}"),
        (4, f"ClearSignalTruthBench: three2-Apr-24\n{url}c\n{tail}"),
        (5, f"ClearSignalPowerPlay: four2-Apr-24\n{url}d\n{tail}"),
    )
    papers = safetylit.loads(text)
    assert {p.company for p in papers} == {"ClearSignal"}
    assert papers.by_row(2).title == "CyberEval: one"


@pytest.mark.parametrize(
    "company",
    ["HaloForge", "Centre for the Systems of Advanced Software", "Google DeepMind Safety Research"],
)
def test_company_alone_on_the_first_line_of_a_row_without_date_or_url(company: str) -> None:
    paper, _ = one(f"{company}\n4 lessons from discovery\nAgent foundations\nWe find things here.")
    assert (paper.company, paper.title, paper.category) == (
        company,
        "4 lessons from discovery",
        "Agent foundations",
    )


@pytest.mark.parametrize(
    ("url", "cell", "category"),
    [
        ("https://t.co/Sr13dg6fZG", "Unlearning15% of attacks work.", "Unlearning"),
        ("https://arxiv.org/pdf/1608.13972", "miscWe test it.", "misc"),
        (
            "https://example.org/docs/ForecastingRewardModels_Final.pdf",
            "AI controlWe test it.",
            "AI control",
        ),
    ],
)
def test_url_pasted_onto_a_category_with_path_like_neighbours(
    url: str, cell: str, category: str
) -> None:
    paper, _ = one(f"Acme LabsA paper2-Apr-24{url}{cell}")
    assert (paper.url, paper.category) == (url, category)


@pytest.mark.parametrize(
    "url", ["https:/arxiv.org/abs/2401.01234", "https//arxiv.org/abs/2401.01234"]
)
def test_mistyped_scheme_still_marks_the_url(url: str) -> None:
    paper, papers = one(f"Acme LabsA paper2-Apr-24{url}RobustnessWe test.")
    assert (paper.url, paper.category, paper.abstract) == (url, "Robustness", "We test.")
    assert paper.url_info.arxiv_id == "2401.01234"
    assert "repaired-url" in codes(papers)
    assert "missing-url" not in codes(papers)


@pytest.mark.parametrize(
    ("head", "company", "category"),
    [
        ("Université de MontréalUne étude", "Université de Montréal", "Éthique appliquée"),
        (
            "Max-Planck-Institut für SystemeEine Studie",
            "Max-Planck-Institut für Systeme",
            "Übersicht der Risiken",
        ),
    ],
)
def test_non_english_names(head: str, company: str, category: str) -> None:
    url = "https://example.org/papers/PaperId12/une-etude"
    paper, _ = one(f"{head}2-Apr-24{url}{category}Nous étudions.")
    assert (paper.company, paper.url, paper.category) == (company, url, category)


@pytest.mark.parametrize(
    "url", ["https://example.com/research/foo", "https://arxiv.org/abs/2401.12345v2"]
)
def test_known_category_pasted_onto_a_url_that_ends_its_line(url: str) -> None:
    paper, _ = one(f"Acme LabsSome title17-Jun-24{url}Robustness\nWe study things here.")
    assert (paper.url, paper.category, paper.abstract) == (
        url,
        "Robustness",
        "We study things here.",
    )


@pytest.mark.parametrize(
    ("head", "title", "day"),
    [
        ("Acme LabsRed-teaming GPT-4V12-Jun-24", "Red-teaming GPT-4V", 12),
        ("Acme LabsTheory of Games, Part V12-Jun-24", "Theory of Games, Part V", 12),
        ("Acme LabsNotes from 2023.15-Jun-24", "Notes from 2023.", 15),
    ],
)
def test_capital_v_and_sentence_points_need_no_digit(head: str, title: str, day: int) -> None:
    paper, _ = one(f"{head}\nhttps://example.com/post/123\nRobustness\nWe study.")
    assert (paper.title, paper.date) == (title, dt.date(2024, 6, day))


def test_number_that_needs_a_digit_warns_when_both_days_exist() -> None:
    paper, papers = one(
        "Acme LabsSteering on Gemini 1.12-Jul-17\nhttps://docs.example.com/d/X\nRobustness"
    )
    assert (paper.title, paper.date) == ("Steering on Gemini 1.1", dt.date(2017, 7, 2))
    (warning,) = [p for p in papers.problems if p.code == "ambiguous-date"]
    assert "Gemini 1.1' or '" in warning.message
    assert "Gemini 1.'" in warning.message


def test_known_company_and_a_wrapped_title_are_not_one_name() -> None:
    paper, _ = one(
        "Anthropic Many-shot jailbreaking: attacks on long\ncontext models2-Apr-24"
        "https://example.com/many-shot\nRobustness\nWe study."
    )
    assert (paper.company, paper.title) == (
        "Anthropic",
        "Many-shot jailbreaking: attacks on long context models",
    )
