"""Planning use case: the ledger assessed once, planned from today, cut to the span asked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from dunner.config import Config
from dunner.domain.candidates import PlanPolicy
from dunner.domain.planner import Action, Capacity, plan
from dunner.domain.wording import use_templates
from dunner.errors import UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, check_owner, resolve
from dunner.services.gc_pause import no_cycles
from dunner.services.portfolio import assess_all, calendar_from, policy_from
from dunner.services.templates import message_templates

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class PlanReport:
    start: date
    end: date
    actions: list[Action]
    deferred: list[Action]
    unknown_years: list[int]
    # (customer id, invoice number) of the open invoices an export gave only roughly
    approximate: frozenset[tuple[int, str]] = frozenset()

    def is_approximate(self, action: Action) -> bool:
        if not self.approximate:
            return False
        c = action.candidate
        return any((c.customer_id, number) in self.approximate for number in c.invoices)


def settings(config: Config) -> tuple[PlanPolicy, Capacity]:
    """The planning policy and capacity: the typed ``[planning]`` settings, as they are."""
    p = config.settings.planning
    policy = PlanPolicy(calendar_from(config), p.quotas, p.min_amount,
                        config.settings.grading.thresholds, p.windows, p.reconfirm_days)
    return policy, Capacity(p.capacity, p.hours, p.weights, p.visit_minutes, p.travel_minutes,
                            p.nearby)


def make_plan(ctx: AppContext, start: date, end: date, owner: str | None = None,
              customer: str | None = None) -> PlanReport:
    """Plan from today (so any span is a cut of the same plan) and keep ``start``..``end``."""
    check_owner(ctx, owner)
    if end < start:
        raise UsageError("bad_span", t("plan.bad_span", start=start, end=end), t("plan.bad_span.hint"))
    if start < ctx.today:
        raise UsageError("past_plan", t("plan.past", start=start, today=ctx.today),
                         t("plan.past.hint"))
    policy, capacity = settings(ctx.config)
    use_templates(message_templates(ctx.config))  # each message worded by its step
    only = None
    # Capacity is per owner and nothing else ties customers together, so one owner's customers
    # planned alone get exactly the actions the whole plan gives them: read only those.
    scope: repo.Scope = None if owner is None else repo.Owner(owner)
    with ctx.ledger().reader() as conn:
        if customer is not None:
            only = resolve(conn, customer).id
            scope = repo.Owner(repo.customer_owner(conn, only))
        done = repo.done_action_ids(conn, scope)
        # every customer's place in the month comes from the whole ledger, so a plan for one
        # owner or customer gives them the actions the whole plan gives them
        everyone = [cid for cid, _, _ in repo.customer_names(conn)]
    assessments, _ = assess_all(ctx, scope=scope)
    # a pending action for every customer, carried day after day: many small acyclic records,
    # each pointing into the whole ledger's assessments, which a collection would walk again
    with no_cycles():
        result = plan(assessments, policy, capacity, ctx.today, end, done, everyone)

    def keep(a: Action) -> bool:
        return (owner is None or a.owner == owner) and (only is None or a.candidate.customer_id == only)

    rough = frozenset([(a.file.id, i.item.number) for a in assessments for i in a.invoices
                       if i.item.approximate])
    return PlanReport(start, end, [a for a in result.actions if start <= a.day and keep(a)],
                      [a for a in result.deferred if keep(a)], list(result.unknown_years), rough)


def check_action(ctx: AppContext, conn: Connection, customer: CustomerRef, action: str,
                 when: date) -> None:
    """``log --action ID``: the id must be one a plan gave this customer; a typo or another
    customer's id is refused, so the next plan never counts the wrong action as done."""
    from dunner.domain.assessment import assess
    from dunner.domain.candidates import possible_ids
    from dunner.services.portfolio import load_files

    policy, _ = settings(ctx.config)
    grading = policy_from(ctx.config)
    mine = load_files(conn, ctx.config, customer.id)
    if mine and action in possible_ids(assess(mine[0], grading, ctx.today), policy, when):
        return
    for f in load_files(conn, ctx.config):
        if f.id != customer.id and action in possible_ids(assess(f, grading, ctx.today), policy, when):
            raise UsageError("action_other_customer", t("action.other_customer", id=action,
                                                        customer=customer.name, other=f.name),
                             t("action.hint"))
    raise UsageError("unknown_action", t("action.unknown", id=action, customer=customer.name),
                     t("action.hint"))
