"""Griffe extension used only by the documentation build (``mkdocs.yml`` loads it).

safetylit's docstrings are written for both ``help()`` and this site, in Google style with two
habits Sphinx readers know:

* an ``Example:`` section (singular) holding doctest lines; griffe's Google parser knows only
  ``Examples:``, and would otherwise render the lines as Markdown (``>>>`` as block quotes,
  ``[217]`` as a link);
* Sphinx roles such as ``:func:`load``` and ``:class:`~safetylit.Paper```, which Markdown
  would show with the role name in front, and the reST ``text::`` that introduces a code block.

This extension rewrites them in memory, before the docstrings are parsed: the section title
becomes ``Examples:``, each role becomes a code span wrapped in an *optional* cross-reference (a
name that has a page links to it, any other name simply stays code) and ``::`` becomes ``:``.
Source files are never touched.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_EXAMPLE_TITLE = re.compile(r"^(?P<indent>[ \t]*)Example:[ \t]*$", re.MULTILINE)
_LITERAL_MARKER = re.compile(r"(?<=\S)::[ \t]*$", re.MULTILINE)  # reST "text::" before a code block
_ROLE = re.compile(r":(?:func|class|meth|attr|data|mod|exc|obj):`(?P<tilde>~?)(?P<target>[^`]+)`")


class DocstringMarkup(griffe.Extension):
    """Turn ``Example:`` into ``Examples:`` and Sphinx roles into optional cross-references."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        docstring = obj.docstring
        if docstring is None:
            return
        text = _EXAMPLE_TITLE.sub(r"\g<indent>Examples:", docstring.value)
        text = _LITERAL_MARKER.sub(":", text)
        docstring.value = _ROLE.sub(lambda match: _reference(obj, match), text)


def _reference(obj: griffe.Object, match: re.Match[str]) -> str:
    target = match.group("target").strip()
    shown = target.rsplit(".", 1)[-1] if match.group("tilde") else target
    identifier = _resolve(obj, target)
    code = f"<code>{shown}</code>"
    if identifier is None:
        return code
    return f'<autoref identifier="{identifier}" optional>{code}</autoref>'


def _resolve(obj: griffe.Object, target: str) -> str | None:
    if target.startswith("safetylit.") or target == "safetylit":
        return target
    head, _, rest = target.partition(".")
    try:
        found = obj.resolve(head)  # looks in the object's scope, then its parents'
    except griffe.NameResolutionError:
        return None
    return f"{found}.{rest}" if rest else found
