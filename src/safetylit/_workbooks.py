"""Opening workbooks (XLSX, ODS, XLS): cell values through python-calamine, link targets from
the file's XML with the standard library. The cells go to :func:`safetylit.sheets.read_grid`.

Needs ``pip install 'safetylit[excel]'``; without it, reading a workbook raises
:class:`~safetylit._optional.MissingExtraError` saying so (or to save the sheet as CSV).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from xml.etree import ElementTree

from safetylit._errors import ExportParseError
from safetylit._optional import MissingExtraError
from safetylit.sheets import Cell, SheetOptions, Table, read_grid

__all__ = ["hyperlinks", "is_workbook", "read_workbook"]

_WORKBOOK_EXTRA = "excel"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


def is_workbook(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a spreadsheet workbook (XLSX, ODS, XLS)."""
    return head.startswith((_ZIP_MAGIC, _OLE_MAGIC))


def read_workbook(data: bytes, source: str, options: SheetOptions) -> Table:
    """Papers from the first sheet of a workbook (or ``options.sheet``, by name or 0-based index).

    Raises:
        MissingExtraError: python-calamine is not installed.
        ExportParseError: the file is no workbook calamine can read, or the sheet does not exist.
    """
    if data.startswith(_ZIP_MAGIC) and not _is_sheet_archive(data):
        raise ExportParseError(
            f"{source}: not a text export or a workbook (a zip archive of other files).",
            source=source,
        )
    try:
        import python_calamine
    except ImportError as exc:
        raise MissingExtraError(
            f"{source} is a spreadsheet workbook; reading it needs python-calamine: "
            f"pip install 'safetylit[{_WORKBOOK_EXTRA}]', or save the sheet as CSV"
        ) from exc
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error classes and ValueError alike
        raise ExportParseError(
            f"{source}: not a workbook that can be read ({exc}).", source=source
        ) from exc
    names: list[str] = list(book.sheet_names)
    wanted = 0 if options.sheet is None else options.sheet
    if isinstance(wanted, str) and wanted not in names and wanted.isdigit():
        wanted = int(wanted)  # "--sheet 1" from the command line, when no sheet is named "1"
    if isinstance(wanted, int):
        if not 0 <= wanted < len(names):
            raise ExportParseError(
                f"{source}: there is no sheet number {wanted}; it has {len(names)}: "
                + ", ".join(repr(n) for n in names),
                source=source,
            )
        name = names[wanted]
    elif wanted in names:
        name = wanted
    else:
        raise ExportParseError(
            f"{source}: there is no sheet named {wanted!r}; its sheets are "
            + ", ".join(repr(n) for n in names),
            source=source,
        )
    sheet = book.get_sheet_by_name(name)
    # From cell A1 on (not the used range), so list positions are the sheet's rows and columns.
    cells: Sequence[Sequence[Cell]] = sheet.to_python(skip_empty_area=False)
    links = hyperlinks(data, names.index(name))

    def records() -> Iterator[tuple[int, tuple[int, int] | None, list[Cell]]]:
        for number, values in enumerate(cells, start=1):
            yield number, None, list(values)

    return read_grid(records(), source, options, links)


def _is_sheet_archive(data: bytes) -> bool:
    """Whether a zip archive holds an XLSX or ODS workbook (not, say, a zipped export)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return True  # damaged: let the workbook reader say what it can
    return "xl/workbook.xml" in names or "content.xml" in names


_NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pkg": "http://schemas.openxmlformats.org/package/2006/relationships",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
_HYPERLINK_FORMULA = re.compile(r'^\s*=?\s*HYPERLINK\(\s*"((?:[^"]|"")*)"', re.IGNORECASE)
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


def hyperlinks(data: bytes, index: int) -> dict[tuple[int, int], str]:
    """Link targets of a workbook sheet's cells, by (sheet row, 0-based column).

    calamine gives the text a cell shows; a sheet often shows a label ("paper") and links the
    URL. Read here from the file's XML: XLSX hyperlink records and ``HYPERLINK()`` formulas, ODS
    ``text:a`` links. Anything unreadable gives no links, never an error.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "content.xml" in names:
                return _ods_links(archive.read("content.xml"), index)
            part = _xlsx_sheet_part(archive, index)
            if part is None or part not in names:
                return {}
            rels_name = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
            targets = _relationships(archive.read(rels_name)) if rels_name in names else {}
            return _xlsx_links(archive.read(part), targets)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError):
        return {}


def _relationships(xml: bytes) -> dict[str, str]:
    root = ElementTree.fromstring(xml)
    return {
        rel.get("Id", ""): rel.get("Target", "") for rel in root.iterfind("pkg:Relationship", _NS)
    }


def _xlsx_sheet_part(archive: zipfile.ZipFile, index: int) -> str | None:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = book.findall("main:sheets/main:sheet", _NS)
    if not 0 <= index < len(sheets):
        return None
    rel_id = sheets[index].get(f"{{{_NS['rel']}}}id", "")
    target = _relationships(archive.read("xl/_rels/workbook.xml.rels")).get(rel_id)
    if target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


_HYPERLINKS_BLOCK = re.compile(rb"<(?:\w+:)?hyperlinks\b.*?</(?:\w+:)?hyperlinks>", re.DOTALL)
_HYPERLINK_RECORD = re.compile(rb"<(?:\w+:)?hyperlink\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_FORMULA_HINT = re.compile(rb"hyperlink\(", re.IGNORECASE)


def _xlsx_links(xml: bytes, targets: Mapping[str, str]) -> dict[tuple[int, int], str]:
    links: dict[tuple[int, int], str] = {}
    # Formulas are rare and need a full parse of the sheet; skip it when none is there.
    if _FORMULA_HINT.search(xml):
        for _, element in ElementTree.iterparse(io.BytesIO(xml)):
            if element.tag.rpartition("}")[2] != "c":
                continue
            formula = element.find("main:f", _NS)
            found = _HYPERLINK_FORMULA.match(formula.text or "") if formula is not None else None
            ref = _CELL_REF.fullmatch(element.get("r", ""))
            if found and ref:
                links[(int(ref[2]), _column_number(ref[1]))] = found[1].replace('""', '"')
            element.clear()
    # The hyperlink records sit in one block after the cells: read that block alone, which
    # costs a search instead of parsing every cell.
    block = _HYPERLINKS_BLOCK.search(xml)
    for record in _HYPERLINK_RECORD.finditer(block[0] if block else b""):
        attributes = {
            name.decode().rpartition(":")[2] if name.endswith(b":id") else name.decode(): value
            for name, value in _ATTRIBUTE.findall(record[1])
        }
        target = targets.get(attributes.get("id", b"").decode("utf-8", "replace"))
        ref = _CELL_REF.fullmatch(attributes.get("ref", b"").decode().split(":")[0])
        if target and ref:
            links[(int(ref[2]), _column_number(ref[1]))] = target
    return links


def _ods_links(xml: bytes, index: int) -> dict[tuple[int, int], str]:
    links: dict[tuple[int, int], str] = {}
    root = ElementTree.fromstring(xml)
    tables = root.findall("office:body/office:spreadsheet/table:table", _NS)
    if not 0 <= index < len(tables):
        return links
    repeat_rows = f"{{{_NS['table']}}}number-rows-repeated"
    repeat_cols = f"{{{_NS['table']}}}number-columns-repeated"
    href = f"{{{_NS['xlink']}}}href"
    row_number = 0
    for row in tables[index].iter(f"{{{_NS['table']}}}table-row"):
        row_number += 1
        column = 0
        for cell in row:
            if cell.tag.rpartition("}")[2] not in ("table-cell", "covered-table-cell"):
                continue
            link = cell.find(".//text:a", _NS)
            if link is not None and link.get(href):
                links[(row_number, column)] = link.get(href, "")
            column += int(cell.get(repeat_cols, "1"))
        row_number += int(row.get(repeat_rows, "1")) - 1
    return links
