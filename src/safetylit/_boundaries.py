"""Where pasted cells meet: changes of case, names that read as names, known names.

The evidence the parser cuts with when nothing separates two cells: a new cell starts at a change
of case with no space (``"University of WashingtonAI Debate"``), a cell that stands alone reads as
a name rather than a sentence, and a known name may go on into a longer one.
"""

from __future__ import annotations

import re

from safetylit._vocabulary import Vocabulary

__all__ = [
    "MAX_CATEGORY",
    "MAX_COMPANY",
    "MAX_COMPANY_WORDS",
    "NUMBER_WORD",
    "WINDOW",
    "after_word_end",
    "best_boundary",
    "extension",
    "is_boundary",
    "known_category",
    "plausible_category",
    "plausible_company",
    "plausible_name",
    "plural_acronym",
    "strong_boundaries",
]

SENTENCE_END = (".", ",", ";", ":", "!", "?")
LOWER_RUN = re.compile(r"[a-z]+")
WINDOW = 160  # enough text to recognise any category name and what follows it
MAX_CATEGORY = 60
MAX_EXTENSION = 40  # how far past a known name its longer form may reach
MAX_COMPANY = 60  # the longest company name looked for before a pasted title
MAX_COMPANY_WORDS = 8
MAX_QUESTION_WORDS = 4  # a category may be a short question ("Whose values?")
# A cell that starts with a number: digits, then a space or a sign ("10 lessons", "2024: ...").
NUMBER_WORD = re.compile(r"\d+(?:[ ,:%]|$)")


def is_boundary(text: str, i: int) -> bool:
    """Whether a new capitalised cell may start at ``text[i]`` with no separator before it."""
    prev, cur = text[i - 1], text[i]
    if prev == " ":
        return False
    if cur in "\"'“‘\\`([":
        return prev.isalnum() or prev in ").?!"
    if not (cur.isupper() or cur.isdigit()):
        return False
    if prev.islower() or prev in ").?!":
        return not cur.isdigit() or prev in ").?!"
    # "OpenAIImproving": inside a capital run, the last capital starts the next word.
    return prev.isupper() and i + 1 < len(text) and text[i + 1].islower() and cur.isupper()


def best_boundary(text: str, low: int, high: int, *, strong_only: bool = False) -> int | None:
    """The first place in ``text[low:high]`` where a pasted cell starts, preferring a case change
    after a lowercase letter or a closing bracket ("timelinesWe", "(general)I") to one inside a
    run of capitals ("OpenAIImproving"), which acronyms make less certain."""
    weak: int | None = None
    for i in range(max(low, 1), min(len(text), high)):
        prev = text[i - 1]
        if prev.islower() and NUMBER_WORD.match(text, i) and i - low > 1:
            return i  # "Capability evals2024 was ...": the next cell starts with a number
        if prev == " " or not is_boundary(text, i):
            continue
        if after_word_end(text, i) or text[i] in "\"'“‘\\`([":
            return i
        if weak is None and not plural_acronym(text, i):
            weak = i
    return None if strong_only else weak


def after_word_end(text: str, i: int) -> bool:
    """Whether ``text[i - 1]`` ends a word or a clause (a lowercase letter, a closing bracket, a
    full stop): a pasted cell starting there is the surest kind of boundary."""
    prev = text[i - 1]
    return prev.islower() or prev in ").?!"


def strong_boundaries(text: str) -> list[int]:
    """Every place where a pasted cell starts after a lowercase letter or a closing bracket."""
    return [
        i
        for i in range(1, len(text))
        if text[i - 1] != " " and after_word_end(text, i) and is_boundary(text, i)
    ]


def plural_acronym(text: str, i: int) -> bool:
    """Whether the capital at ``i`` ends an acronym made plural ("AIsThe", "LLMs and")."""
    return text[i + 1 : i + 2] == "s" and (i + 2 >= len(text) or not text[i + 2].islower())


def extension(text: str, end: int) -> int | None:
    """Where a known name that a space follows really ends, when it is the start of a longer one.

    A pasted cell follows a name with no space, so ``"Alignment (general)I suggest ..."`` is the
    name ``"Alignment (general)"``: the space says the name goes on, and the next pasted
    boundary within a few words says where it stops. None when no such boundary is near.
    """
    if text[end : end + 1] != " ":
        return None
    limit = min(len(text), end + MAX_EXTENSION)
    cut = best_boundary(text, end + 1, limit, strong_only=True)
    if cut is None or any(c in text[end:cut] for c in ".,;!?"):
        return None
    return cut


def plausible_name(text: str) -> bool:
    """A cell that stands alone and could be a company or category name (not a sentence)."""
    if not 0 < len(text) <= MAX_CATEGORY or text.endswith(SENTENCE_END):
        return False
    if len(text.split()) > 6 or not (text[0].isalnum() or text[0] in "([\"'"):
        return False
    return not any(is_boundary(text, i) and text[i - 1].islower() for i in range(1, len(text)))


def plausible_company(text: str) -> bool:
    """A cell that could be a company name: a few words, not a sentence (case changes allowed:
    "DeepMind", "OpenAI")."""
    return (
        0 < len(text) <= MAX_COMPANY
        and not text.endswith(SENTENCE_END)
        and len(text.split()) <= MAX_COMPANY_WORDS
        and (text[0].isalnum() or text[0] in "([\"'")
    )


def plausible_category(text: str) -> bool:
    """:func:`plausible_name`, or a short question ("Whose values?") standing alone.

    A question that a capital run cuts ("Honest AITowards safe models?") is a name with the
    first sentence of the abstract pasted on, not a question of its own.
    """
    if text.endswith("?") and len(text.split()) <= MAX_QUESTION_WORDS:
        body = text[:-1]
        pasted = any(
            is_boundary(body, i) and not plural_acronym(body, i) for i in range(1, len(body))
        )
        return not pasted and plausible_name(body)
    return plausible_name(text)


def known_category(text: str, categories: Vocabulary) -> str | None:
    """A known category at the start of ``text``, also when the next cell starts in lowercase."""
    name = categories.match_prefix(text)
    if name is not None:
        return name
    name = categories.match_prefix(text, lowercase_ok=True)
    if name is None:
        return None
    # "Policymaking" + "We ..." is an unknown category, not "Policy" + "making...".
    run = LOWER_RUN.match(text, len(name))
    after = run.end() if run else len(name)
    return None if after < len(text) and text[after].isupper() else name
