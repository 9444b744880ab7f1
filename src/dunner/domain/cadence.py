"""Cadence: monthly contact quotas per class, spread evenly over the month's usable days."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from dunner.domain.vocab import Channel, Class, Purpose

# The quotas per class and channel are settings (``[planning.quotas]``); dead debts have none
# and get a quarterly review instead.
ROUTINE_CLASSES = (Class.COLLECTING, Class.DOUBTFUL, Class.BAD)
PURPOSE: Mapping[Channel, Purpose] = {
    Channel.WECHAT: Purpose.COLLECT, Channel.CALL: Purpose.COLLECT, Channel.VISIT: Purpose.COLLECT,
    Channel.LETTER: Purpose.DEMAND_LETTER, Channel.LEGAL: Purpose.LEGAL_REVIEW}
# When a month has fewer usable days than contacts, the scarce, high-value ones are kept first.
SCARCE_FIRST = (Channel.VISIT, Channel.LETTER, Channel.LEGAL, Channel.CALL, Channel.WECHAT)


def remaining(quota: Mapping[Channel, int], logged: Mapping[str, int]) -> dict[Channel, int]:
    """What is left of this month's quota once the contacts already logged are counted."""
    return {ch: max(n - logged.get(ch, 0), 0) for ch, n in quota.items()}


def spread(count: int, days: Sequence[date], covered: frozenset[tuple[int, int]] = frozenset(),
           phase: float = 0.5) -> list[date]:
    """``count`` dates over ``days`` (one a day at most), evenly spaced from ``phase`` (0 ≤ phase
    < 1, the customer's own, so customers sharing a month do not all land on the same days);
    then every calendar week that has a usable day and is not ``covered`` already gets one
    while the count lasts, taken from the week holding the most."""
    if count <= 0 or not days:
        return []
    count = min(count, len(days))
    n = len(days)
    picks = {days[int((i + phase) * n / count)] for i in range(count)}
    weeks: dict[tuple[int, int], list[date]] = {}
    for day in days:
        weeks.setdefault(_week(day), []).append(day)
    for key, group in weeks.items():
        if key in covered or picks & set(group):
            continue
        held = {k: [d for d in g if d in picks] for k, g in weeks.items()}
        donors = [k for k in weeks if len(held[k]) > (0 if k in covered else 1)]
        if not donors:
            break  # fewer actions than weeks: the spacing already chose the weeks
        donor = max(donors, key=lambda k: (len(held[k]), -abs(weeks[k][0].toordinal()
                                                                - group[0].toordinal())))
        picks.discard(held[donor][len(held[donor]) // 2])
        picks.add(group[int(phase * len(group))])
    return sorted(picks)


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


def _middle(days: Sequence[date], k: int) -> list[date]:
    """``k`` days evenly over ``days``, each in the middle of its share."""
    return [days[(2 * i + 1) * len(days) // (2 * k)] for i in range(k)]


def interleave(left: Mapping[Channel, int], phase: float = 0.0) -> list[Channel]:
    """Channels in the order they are spread: alternating, so a month's calls don't bunch up;
    turned by the customer's ``phase`` so the month's visits and calls don't all fall on the
    same days for every customer."""
    pools = {ch: left.get(ch, 0) for ch in PURPOSE}
    order: list[Channel] = []
    while any(pools.values()):
        for ch in sorted(pools, key=lambda c: (-pools[c], c)):
            if pools[ch]:
                order.append(ch)
                pools[ch] -= 1
                break
    turn = int(phase * len(order))
    return order[turn:] + order[:turn]


def phase(customer_id: int) -> float:
    """A customer's own offset in [0, 1): fixed for the customer and well apart from the next
    customer's (golden-ratio steps), so a month's work spreads over its days."""
    return (customer_id * 0.6180339887498949 + 0.5) % 1.0


def fit(left: Mapping[Channel, int], slots: int) -> tuple[dict[Channel, int], list[Channel]]:
    """What of ``left`` fits in ``slots`` days: one of each channel in turn, the scarce ones
    first; and the channels that do not fit (each once per action left out)."""
    pools = {ch: left.get(ch, 0) for ch in SCARCE_FIRST}
    kept = dict.fromkeys(SCARCE_FIRST, 0)
    while slots > 0 and any(pools.values()):
        for ch in SCARCE_FIRST:
            if slots > 0 and pools[ch]:
                kept[ch] += 1
                pools[ch] -= 1
                slots -= 1
    return kept, [ch for ch in SCARCE_FIRST for _ in range(pools[ch])]


def month_schedule(left: Mapping[Channel, int], days: Sequence[date], pay_days: Sequence[date],
                   previous_working: Mapping[date, date], phase: float = 0.5
                   ) -> tuple[list[tuple[date, Channel]], list[Channel]]:
    """(day, channel) for one customer's month: the visit on a pay day (with a call the working
    day before it) when the customer has pay days, the rest spread evenly, one a day at most;
    and the channels the month has no day left for."""
    todo, dropped = fit(left, len(days))
    taken: dict[date, Channel] = {}
    if todo.get(Channel.VISIT) and pay_days:
        visit_day = next((d for d in pay_days if d in days), None)
        if visit_day is not None:
            taken[visit_day] = Channel.VISIT
            todo[Channel.VISIT] -= 1
            eve = previous_working.get(visit_day)
            # the call the working day before, unless the month then runs short of a contact
            # for every week (a week without any action is worse than a call a day early)
            weeks_left = {_week(d) for d in days} - {_week(visit_day)}
            room = sum(todo.values()) - 1 >= len(weeks_left - ({_week(eve)} if eve else set()))
            if eve is not None and eve in days and todo.get(Channel.CALL) and room:
                taken[eve] = Channel.CALL
                todo[Channel.CALL] -= 1
    free = [d for d in days if d not in taken]
    channels = interleave(todo, phase)
    covered = frozenset(_week(d) for d in taken)
    for day, channel in zip(spread(len(channels), free, covered, phase), channels, strict=True):
        taken[day] = channel
    return sorted(taken.items()), dropped
