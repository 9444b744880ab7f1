"""``dunner customer``: list, show, add and edit customers and their contact people."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._fields import Field, rows
from dunner.cli._options import CsvOpt, CustomerArg, JsonOpt
from dunner.i18n import t

app = typer.Typer(help="List, show, add and edit customers.\n\nExample: dunner customer show 恒通",
                  no_args_is_help=True)

Str = Annotated[str | None, typer.Option()]
CUSTOMERS = rows(
    "", Field("customer", header="col.customer"), Field("owner", header="col.owner"),
    Field("terms", header="col.terms", word="terms"), Field("open", "money", "col.open"),
    Field("overdue", "money", "col.overdue"), Field("credit", "money", "col.credit", screen=False),
    Field("status", header="col.status", word="customer_status"),
    Field("credit_limit", "money", "field.credit_limit", screen=False),
)


@app.command("list")
@_output.guarded
def list_command(ctx: typer.Context,
                 owner: Annotated[str | None, typer.Option(help="Only this owner's.")] = None,
                 as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Every customer with owner, terms, open and overdue balance.

    Example: dunner customer list --owner 张三
    """
    from dunner.services.customers import list_customers

    out = _output.output(as_json, as_csv)
    found = list_customers(_output.app_context(ctx), owner)
    total = {"customer": t("word.total"), "open": sum(r["open"] for r in found),
             "overdue": sum(r["overdue"] for r in found)}
    _output.emit(out, CUSTOMERS, [{**r, "customer": r["name"]} for r in found],
                 total=total if found else None)


@app.command("show")
@_output.guarded
def show_command(ctx: typer.Context, customer: CustomerArg, as_json: JsonOpt = False) -> None:
    """A customer's credit file, people, open items and history.

    Example: dunner customer show 杭州恒通五金有限公司
    """
    from dunner.cli._customer_view import CUSTOMER, as_record, render
    from dunner.services.customers import show_customer
    from dunner.services.fapiao import waiting_on_fapiao
    from dunner.services.forecasting import customer_predictions
    from dunner.services.instalments import plan_states
    from dunner.services.reports import derived_signals

    out = _output.output(as_json)
    app_ctx = _output.app_context(ctx)
    detail = show_customer(app_ctx, customer)
    detail["derived_signals"] = derived_signals(app_ctx, detail["customer"]["id"])
    detail["waiting_on_fapiao"] = [
        {"invoice": w.invoice, "open": w.open, "why": w.why}
        for w in waiting_on_fapiao(app_ctx, detail["customer"]["id"])]
    detail["predictions"] = customer_predictions(app_ctx, detail["customer"]["id"])
    detail["instalment_plans"] = [
        {"label": p.label, "count": p.count, "kept": p.kept, "broken": p.broken, "left": p.left,
         "next_due": p.next_due, "next_amount": p.next_amount, "on_track": p.on_track}
        for p in plan_states(app_ctx, detail["customer"]["id"]).get(detail["customer"]["id"], [])]
    _output.emit(out, CUSTOMER, as_record(detail, app_ctx.today),
                 human=lambda: render(detail, app_ctx.today))


def _values(**options: Any) -> dict[str, Any]:
    from dunner.cli._parse import customer_values

    return customer_values(options)


@app.command("add")
@_output.guarded
def add_command(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The customer's full name.")],
    owner: Str = None, phone: Str = None, wechat: Str = None, address: Str = None,
    city: Str = None, distance: Str = None, terms: Str = None, credit_limit: Str = None,
    pay_days: Str = None, closing_day: Str = None,
    person: Annotated[list[str] | None, typer.Option(help="'NAME,ROLE,PHONE,WECHAT'; "
                                                     "repeatable.")] = None,
) -> None:
    """Add a customer.

    Example: dunner customer add 杭州恒通五金有限公司 --owner 张三 --terms 月结25日 --pay-days 10,25
    """
    from dunner.cli._parse import person as parse_person
    from dunner.services.customers import add_customer

    values = _values(owner=owner, phone=phone, wechat=wechat, address=address, city=city,
                     distance=distance, terms=terms, credit_limit=credit_limit,
                     pay_days=pay_days, closing_day=closing_day)
    people = [parse_person(p) for p in person or ()]
    ref = add_customer(_output.app_context(ctx), name, values, people)
    _render.lines(t("customer.added", name=ref.name))


@app.command("edit")
@_output.guarded
def edit_command(
    ctx: typer.Context, customer: CustomerArg,
    name: Str = None, owner: Str = None, phone: Str = None, wechat: Str = None,
    address: Str = None, city: Str = None, distance: Str = None, terms: Str = None,
    credit_limit: Str = None, pay_days: Str = None, closing_day: Str = None,
    no_monday: Annotated[bool | None, typer.Option("--no-monday/--monday-ok")] = None,
    no_morning: Annotated[bool | None, typer.Option("--no-morning/--morning-ok")] = None,
    do_not_contact: Annotated[bool | None, typer.Option("--do-not-contact/--contact-ok")] = None,
    pause_until: Annotated[str | None, typer.Option(help="No contact before this date; the "
                                                    "first contact may be on it. 'none' clears "
                                                    "it.")] = None,
    status: Annotated[str | None, typer.Option(help="active, closed or bankrupt.")] = None,
    founded: Str = None, registered_capital: Str = None, annual_revenue: Str = None,
    debt_ratio: Annotated[str | None, typer.Option(help="Percent, e.g. 65.")] = None,
    notes: Str = None,
    late_rate: Annotated[str | None, typer.Option(help="Contract late-payment rate, e.g. "
                                                  "0.05%/day or 6%/year; 'none' for the LPR "
                                                  "basis.")] = None,
    add_person: Annotated[list[str] | None, typer.Option(help="'NAME,ROLE,PHONE,WECHAT'; roles: "
                                                         "decision, acceptance, payer, finance, "
                                                         "other, or a title: 老板, 出纳, 财务, "
                                                         "仓库.")] = None,
    remove_person: Annotated[list[str] | None, typer.Option(help="A contact person's name.")]
    = None,
) -> None:
    """Change a customer's details, preferences, status, credit file or people.

    Example: dunner customer edit 恒通 --pause-until 2026-12-01 --add-person '王经理,payer,13800001234'
    """
    from dunner.cli._parse import person as parse_person
    from dunner.services.customers import edit_customer

    values = _values(name=name, owner=owner, phone=phone, wechat=wechat, address=address,
                     city=city, distance=distance, terms=terms, credit_limit=credit_limit,
                     pay_days=pay_days, closing_day=closing_day, no_monday=no_monday,
                     no_morning=no_morning, do_not_contact=do_not_contact,
                     pause_until=pause_until, status=status, founded=founded,
                     registered_capital=registered_capital, annual_revenue=annual_revenue,
                     debt_ratio=debt_ratio, notes=notes, late_rate=late_rate)
    people = [parse_person(p) for p in add_person or ()]
    ref = edit_customer(_output.app_context(ctx), customer, values, people,
                        list(remove_person or ()))
    _render.lines(t("customer.edited", name=ref.name))
