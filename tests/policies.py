"""The domain's policies built from the settings' defaults — the tests' one way to get them, so
no test writes a default number of its own (``dataclasses.replace`` changes what a test needs)."""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import cache
from typing import Any

from dunner.config import Config
from dunner.domain.assessment import Policy
from dunner.domain.calendar import WorkCalendar
from dunner.domain.candidates import PlanPolicy
from dunner.domain.planner import Capacity
from dunner.domain.timing import Hours, Windows
from dunner.settings import DEFAULTS, Settings

WEEKENDS = WorkCalendar()  # weekends only: no holiday data


@cache
def default_config() -> Config:
    return Config(copy.deepcopy(DEFAULTS))


def settings() -> Settings:
    return default_config().settings


def policy(calendar: WorkCalendar = WEEKENDS, **changes: Any) -> Policy:
    from dunner.services.portfolio import policy_from

    return replace(policy_from(default_config()), calendar=calendar, **changes)


def plan_policy(calendar: WorkCalendar = WEEKENDS, **changes: Any) -> PlanPolicy:
    from dunner.services.planning import settings as plan_settings

    return replace(plan_settings(default_config())[0], calendar=calendar, **changes)


def capacity(**changes: Any) -> Capacity:
    from dunner.services.planning import settings as plan_settings

    return replace(plan_settings(default_config())[1], **changes)


def hours(**changes: Any) -> Hours:
    return replace(settings().planning.hours, **changes)


def windows() -> Windows:
    return settings().planning.windows
