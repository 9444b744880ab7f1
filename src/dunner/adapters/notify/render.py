"""How a digest reads: plain text (a terminal, a mail's text part), HTML (the same table for a
mail client) and markdown blocks (group robots), in the run's language."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from html import escape

from dunner.domain.boss import BossView, collected_text, trend_text
from dunner.domain.digest import DUE_SOON_DAYS, SECTIONS, Digest, DigestAction, Item, OwnerLine
from dunner.domain.money import yuan
from dunner.domain.vocab import Channel
from dunner.i18n import language, t

ACTION_COLUMNS = ("col.time", "col.customer", "col.channel", "col.purpose", "col.amount",
                  "col.invoice", "col.id")


def _join() -> str:
    return "，" if language() == "zh" else ", "


def counts(by_channel: Sequence[tuple[Channel, int]]) -> str:
    return _join().join(f"{t('channel.' + c)} {n}" for c, n in by_channel)


def summary(d: Digest) -> str:
    """The line that heads a digest: ``今日 8 项：微信 5，电话 2，拜访 1；待收 ¥123,456.00``."""
    if not d.actions:
        return t("remind.summary.none")
    return t("remind.summary", n=len(d.actions), channels=counts(d.by_channel),
             amount=yuan(d.to_collect))


def title(d: Digest) -> str:
    return t("remind.title", owner=d.owner or "—", day=d.day.isoformat(),
             weekday=t(f"weekday.{d.day.weekday()}"))


def _heading(d: Digest, key: str) -> str:
    return t(f"remind.section.{key}", since=d.since.isoformat(), days=DUE_SOON_DAYS)


def _cells(a: DigestAction) -> list[str]:
    return [a.at.strftime("%H:%M"), a.customer, t(f"channel.{a.channel}"),
            t(f"purpose.{a.purpose}"), yuan(a.amount), "、".join(a.invoices) or "—", a.id]


def _contact(a: DigestAction) -> list[str]:
    """The phone, and for a visit the address; the credit file's notes (never for a group)."""
    out = []
    if a.contact.person:
        out.append(t("remind.label", label=t("col.person"), value=a.contact.person))
    if a.contact.phone:
        out.append(t("remind.label", label=t("remind.phone"), value=a.contact.phone))
    if a.contact.address and a.channel == Channel.VISIT:
        out.append(t("remind.label", label=t("remind.address"), value=a.contact.address))
    if a.contact.notes:
        out.append(t("remind.label", label=t("remind.notes"), value=a.contact.notes))
    return out


def _item_cells(i: Item) -> list[str]:
    return [i.customer, yuan(i.amount), "、".join(i.invoices), i.day.isoformat() if i.day else ""]


def _item(i: Item) -> str:
    return "  ".join(c for c in _item_cells(i) if c)


# --- plain text --------------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _aligned(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Space-aligned columns (a wide character is two cells); a column empty in every row is left out."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [(" " * (widths[i] - _width(c)) + c) if i in right else c + " " * (widths[i] - _width(c))
                 for i, c in enumerate(row) if widths[i]]
        out.append("  ".join(cells).rstrip())
    return out


def text(d: Digest) -> str:
    """The digest as plain text: the summary, today's actions as a table with each message
    under its row, then each section that has lines."""
    lines = [title(d), summary(d)]
    if d.actions:
        lines += ["", t("remind.section.actions")]
        table = _aligned([[t(k) for k in ACTION_COLUMNS], *(_cells(a) for a in d.actions)],
                         right=(4,))
        lines.append("  " + table[0])
        for a, row in zip(d.actions, table[1:], strict=True):
            lines.append("  " + row)
            lines += [f"      {x}" for x in (a.message, *_contact(a))]
    for key in SECTIONS:
        items: tuple[Item, ...] = getattr(d, key)
        if items:
            rows = _aligned([_item_cells(i) for i in items], right=(1,))
            lines += ["", _heading(d, key), *(f"  {r}" for r in rows)]
    if d.empty:
        lines += ["", t("remind.nothing")]
    return "\n".join(lines) + "\n"


# --- HTML --------------------------------------------------------------------------------------

_TABLE = '<table cellpadding="4" cellspacing="0" border="1" style="border-collapse:collapse">'


def html(d: Digest) -> str:
    """The same content for a mail client: a real table of today's actions (the message in a row
    of its own under each), then the sections as lists."""
    out = [f"<h3>{escape(title(d))}</h3>", f"<p><b>{escape(summary(d))}</b></p>"]
    if d.actions:
        out.append(f"<h4>{escape(t('remind.section.actions'))}</h4>")
        out.append(_TABLE + "<tr>" + "".join(f"<th>{escape(t(k))}</th>" for k in ACTION_COLUMNS)
                   + "</tr>")
        for a in d.actions:
            cells = _cells(a)
            out.append("<tr>" + "".join(
                f'<td align="right">{escape(c)}</td>' if i == 4 else f"<td>{escape(c)}</td>"
                for i, c in enumerate(cells)) + "</tr>")
            note = "<br>".join(escape(x) for x in (a.message, *_contact(a)))
            out.append(f'<tr><td></td><td colspan="{len(cells) - 1}">{note}</td></tr>')
        out.append("</table>")
    for key in SECTIONS:
        items: tuple[Item, ...] = getattr(d, key)
        if items:
            out.append(f"<h4>{escape(_heading(d, key))}</h4><ul>")
            out += [f"<li>{escape(_item(i))}</li>" for i in items]
            out.append("</ul>")
    if d.empty:
        out.append(f"<p>{escape(t('remind.nothing'))}</p>")
    return "<html><body>" + "\n".join(out) + "</body></html>\n"


# --- markdown (group robots) ---------------------------------------------------------------------

def markdown_blocks(d: Digest, newline: str = "\n") -> list[str]:
    """The digest as markdown blocks — the heading and summary, one block per action, one per
    section line — so a long digest can be split between blocks, never inside one."""
    blocks = [f"### {title(d)}{newline}**{summary(d)}**"]
    if d.actions:
        blocks.append(f"#### {t('remind.section.actions')}")
    for a in d.actions:
        c = _cells(a)
        head = f"**{c[0]} {c[1]}** {c[2]} · {c[3]} · {c[4]} · {c[5]} · `{c[6]}`"
        blocks.append(newline.join([head, *(f"> {x}" for x in (a.message, *_contact(a)))]))
    for key in SECTIONS:
        items: tuple[Item, ...] = getattr(d, key)
        if items:
            blocks.append(f"#### {_heading(d, key)}")
            blocks += [f"- {_item(i)}" for i in items]
    if d.empty:
        blocks.append(t("remind.nothing"))
    return blocks


# --- the all-owners summary ----------------------------------------------------------------------

OVERVIEW_COLUMNS = ("col.owner", "remind.col.actions", "col.channel", "remind.col.to_collect",
                    "remind.col.promises_due", "remind.col.promises_broken",
                    "remind.col.newly_overdue")


def _overview_cells(line: OwnerLine) -> list[str]:
    return [line.owner or "—", str(line.actions), counts(line.by_channel) or "—",
            yuan(line.to_collect), str(line.promises_due), str(line.promises_broken),
            str(line.newly_overdue)]


def overview_title(day_text: str, lines: Sequence[OwnerLine]) -> str:
    return t("remind.overview", day=day_text, n=sum(x.actions for x in lines),
             amount=yuan(sum(x.to_collect for x in lines)))


def overview_text(day_text: str, lines: Sequence[OwnerLine], month: BossView | None = None) -> str:
    """The owners' table, then (``month``) the month's collections, DSO trend and largest risks."""
    rows = [[t(k) for k in OVERVIEW_COLUMNS], *(_overview_cells(x) for x in lines)]
    out = [overview_title(day_text, lines), "", *_aligned(rows, right=(1, 3, 4, 5, 6))]
    if month is not None:
        out += ["", *_month_lines(month)]
        if month.risks:
            risks = _aligned([[t(k) for k in RISK_COLUMNS], *map(_risk_cells, month.risks)],
                             right=(2, 3))
            out += ["", t("boss.risks"), *(f"  {r}" for r in risks)]
    return "\n".join(out) + "\n"


def overview_html(day_text: str, lines: Sequence[OwnerLine], month: BossView | None = None) -> str:
    head = "<tr>" + "".join(f"<th>{escape(t(k))}</th>" for k in OVERVIEW_COLUMNS) + "</tr>"
    body = ["<tr>" + "".join(f"<td>{escape(c)}</td>" for c in _overview_cells(x)) + "</tr>"
            for x in lines]
    out = [f"<h3>{escape(overview_title(day_text, lines))}</h3>", _TABLE + head + "".join(body)
           + "</table>"]
    if month is not None:
        title, *rest = _month_lines(month)
        out += [f"<h3>{escape(title)}</h3>", *(f"<p>{escape(x)}</p>" for x in rest)]
        if month.risks:
            out.append(f"<h4>{escape(t('boss.risks'))}</h4>" + _risks_html(month.risks))
    return "<html><body>" + "\n".join(out) + "</body></html>\n"


# --- the boss's month view -----------------------------------------------------------------------

RISK_COLUMNS = ("col.customer", "col.owner", "col.open", "boss.col.at_risk")


def _month_lines(v: BossView) -> list[str]:
    """The title, collected against the forecast, still expected, DSO per month and its trend."""
    dso = _join().join(f"{m} {'—' if d is None else d}" for m, d in v.dso)
    return [t("boss.title", today=v.today.isoformat()), collected_text(v),
            t("boss.rest", expected=yuan(v.expected_rest)), t("boss.dso.months", values=dso),
            trend_text(v)]


def _risk_cells(risk: tuple[str, str, int, int]) -> list[str]:
    customer, owner, open_fen, at_risk = risk
    return [customer, owner or "—", yuan(open_fen), yuan(at_risk)]


def _risks_html(risks: Sequence[tuple[str, str, int, int]]) -> str:
    head = "<tr>" + "".join(f"<th>{escape(t(k))}</th>" for k in RISK_COLUMNS) + "</tr>"
    body = ["<tr>" + "".join(f'<td align="right">{escape(c)}</td>' if i > 1 else
                             f"<td>{escape(c)}</td>" for i, c in enumerate(_risk_cells(r))) + "</tr>"
            for r in risks]
    return _TABLE + head + "".join(body) + "</table>"
