"""Demand letters (催款函) as .docx: the texts of each level from TOML templates (built in, or
replaced from the config folder, their placeholders checked when loaded), written with
python-docx into a file readable by its owner only."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dunner.adapters.xlsx import private_file
from dunner.errors import DunnerError
from dunner.i18n import t

LEVELS = (1, 2, 3)
# What a template may use; each is filled by the service that writes the letter.
PLACEHOLDERS = ("customer", "company", "today", "total", "count", "oldest_due", "max_days",
                "deadline", "limitation", "contact", "phone")
TEXTS = ("title", "greeting", "body", "after_table", "closing")  # of each language's table
LIST_TEXTS = frozenset({"body", "after_table", "closing"})
FONT_ZH = "宋体"
FONT_EN = "Times New Roman"


@dataclass(frozen=True)
class Template:
    """One level's texts in one language; ``source`` names the file they came from."""

    source: str
    title: str
    greeting: str
    body: tuple[str, ...]
    after_table: tuple[str, ...]
    closing: tuple[str, ...]

    def fill(self, values: Mapping[str, object]) -> Template:
        def f(text: str) -> str:
            return text.format(**values)

        return Template(self.source, f(self.title), f(self.greeting), tuple(map(f, self.body)),
                        tuple(map(f, self.after_table)), tuple(map(f, self.closing)))


def template_file(level: int, folder: Path | None) -> tuple[str, str]:
    """(where, TOML text) of a level's template: ``folder/level<N>.toml`` when it exists, else
    the one shipped with dunner."""
    name = f"level{level}.toml"
    if folder is not None and (folder / name).is_file():
        path = folder / name
        try:
            return str(path), path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DunnerError("letter_template", t("letter.template.unreadable", path=path,
                                                   reason=exc), t("letter.template.hint")) from exc
    shipped = resources.files("dunner.templates").joinpath("letters", name)
    return f"dunner/templates/letters/{name}", shipped.read_text(encoding="utf-8")


def load_template(level: int, lang: str, folder: Path | None = None) -> Template:
    """The template of ``level`` in ``lang``; a file that is not TOML, lacks a text or uses a
    placeholder dunner does not fill is refused, naming the file and what is wrong."""
    where, text = template_file(level, folder)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DunnerError("letter_template", t("letter.template.unreadable", path=where,
                                               reason=exc), t("letter.template.hint")) from exc
    for language in sorted(data):  # every language is checked, not only the one asked for
        _check(where, language, data[language])
    if lang not in data:
        raise DunnerError("letter_template", t("letter.template.missing", path=where, key=lang),
                          t("letter.template.hint"))
    table = data[lang]
    return Template(where, table["title"], table["greeting"], tuple(table["body"]),
                    tuple(table["after_table"]), tuple(table["closing"]))


def _check(where: str, lang: str, table: object) -> None:
    if not isinstance(table, dict):
        raise DunnerError("letter_template", t("letter.template.missing", path=where, key=lang),
                          t("letter.template.hint"))
    for key in TEXTS:
        value = table.get(key)
        ok = (isinstance(value, list) and all(isinstance(v, str) for v in value)
              if key in LIST_TEXTS else isinstance(value, str))
        if not ok:
            raise DunnerError("letter_template", t("letter.template.missing", path=where,
                                                   key=f"{lang}.{key}"), t("letter.template.hint"))
        for text in value if isinstance(value, list) else [value]:
            _placeholders(where, str(text))
    for key in table:
        if key not in TEXTS:
            raise DunnerError("letter_template", t("letter.template.unknown_key", path=where,
                                                   key=f"{lang}.{key}"), t("letter.template.hint"))


def _placeholders(where: str, text: str) -> None:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:  # a lone brace
        raise DunnerError("letter_template", t("letter.template.braces", path=where, text=text),
                          t("letter.template.braces.hint")) from exc
    for name in names:
        if name not in PLACEHOLDERS:
            raise DunnerError("letter_template",
                              t("letter.template.placeholder", path=where, name=name),
                              t("letter.template.placeholder.hint", names=", ".join(PLACEHOLDERS)))


@dataclass(frozen=True)
class Letter:
    """A letter ready to write: its filled texts, the invoice table (text cells), the payment
    details, the sender's lines under the signature and an optional seal image."""

    lang: str
    text: Template
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    total: Sequence[str]
    notes: Sequence[str]  # lines right under the table (late-payment interest, apart from the total)
    payment: Sequence[str]
    sender: Sequence[str]
    seal_note: str
    seal: Path | None = None


def write_letter(path: Path, letter: Letter) -> None:
    """Write the letter: A4, a title, the texts, the table of invoices, the payment details,
    and the signature block with room (or the image) for the seal."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    _fonts(doc)
    text = letter.text
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(text.title)
    run.bold, run.font.size = True, Pt(18)
    doc.add_paragraph(text.greeting)
    for para in text.body:
        doc.add_paragraph(para).paragraph_format.first_line_indent = Pt(24)
    table = doc.add_table(rows=1, cols=len(letter.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, value in zip(table.rows[0].cells, letter.header, strict=True):
        cell.text = value
        cell.paragraphs[0].runs[0].bold = True
    for row in [*letter.rows, letter.total]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    for line in letter.notes:
        doc.add_paragraph(line)
    for para in text.after_table:
        doc.add_paragraph(para).paragraph_format.first_line_indent = Pt(24)
    for line in letter.payment:
        doc.add_paragraph(line)
    for line in text.closing:
        doc.add_paragraph(line)
    _signature(doc, letter)
    private_file(path)
    doc.save(str(path))


def _signature(doc: object, letter: Letter) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    space = doc.add_paragraph()  # type: ignore[attr-defined]
    space.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if letter.seal is not None:
        space.add_run().add_picture(str(letter.seal), width=Cm(4))
    else:
        space.add_run(letter.seal_note)
        space.paragraph_format.space_before = Cm(1.5)
        space.paragraph_format.space_after = Cm(1.5)
    for line in letter.sender:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT  # type: ignore[attr-defined]


def _fonts(doc: object) -> None:
    """A Chinese font for the East Asian characters (Word otherwise falls back to one that may
    lack them) and a Latin one for the rest."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = doc.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = FONT_EN
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT_ZH)
