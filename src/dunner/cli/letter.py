"""``dunner letter``: a demand letter (催款函) of level 1, 2 or 3 as .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import CustomerArg, JsonOpt
from dunner.domain.money import fen_str
from dunner.errors import UsageError
from dunner.i18n import t


def register(app: typer.Typer) -> None:
    app.command("letter")(letter)


@_output.guarded
def letter(
    ctx: typer.Context,
    customer: CustomerArg,
    level: Annotated[int, typer.Option("--level", help="1: a friendly reminder; 2: a formal "
                                       "demand with a payment deadline; 3: the final notice "
                                       "before legal action.")] = 1,
    out: Annotated[Path | None, typer.Option("--out", help="The .docx to write.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="The letter's language, zh or en; "
                                             "default the run's.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Demand letter listing the overdue invoices, their total, the payment details and room
    for the seal; level 2 sets a deadline on a working day, level 3 names the limitation date
    and the legal route. After sending it, log it with --evidence.

    Example: dunner letter 恒通 --level 2 --out 恒通催款函.docx
    """
    from dunner.services.documents import write_letter

    if out is None:
        raise UsageError("out_needed", t("document.out_needed"), t("document.out_needed.hint"))
    words = None if lang is None else _language(lang)
    app_ctx = _output.app_context(ctx)
    facts = write_letter(app_ctx, customer, level, out, words)
    if as_json:
        _output.emit_json({
            "customer": facts.party.name, "level": facts.level, "file": str(facts.path),
            "invoices": [{"number": v.item.number, "issued": v.item.issued, "due": v.item.due,
                          "open": fen_str(v.item.open), "days_overdue": v.days_overdue}
                         for v in facts.invoices],
            "total": fen_str(facts.total), "deadline": facts.deadline,
            "limitation_expires": facts.limitation,
            "interest": None if facts.interest is None else fen_str(facts.interest),
            "missing": facts.missing})
        return
    _render.lines(t("letter.written", level=level, customer=facts.party.name, path=facts.path,
                    count=len(facts.invoices), amount=_render.money(facts.total)))
    if level > 1:
        _render.lines(t("letter.deadline", deadline=facts.deadline))
    if level == 3:
        _render.lines(t("letter.limitation", limitation=_render.day(facts.limitation) or "—"))
    _render.lines(t("letter.after_sending", customer=facts.party.name))
    if facts.missing:
        _render.warn(t("document.missing_fields", fields=", ".join(facts.missing)))
        _render.warn(t("document.missing_fields.hint"))


def _language(value: str) -> str:
    word = value.strip().lower()[:2]
    if word not in ("zh", "en"):
        raise UsageError("bad_lang", t("letter.bad_lang", value=value), t("letter.bad_lang.hint"))
    return word
