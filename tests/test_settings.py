"""Typed settings: the defaults written once, every bad or unknown key reported at load with the
file, the key, the value and the fix — by ``config show`` and by every other command alike."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.domain.assessment import Policy
from dunner.domain.candidates import PlanPolicy
from dunner.domain.grading import Escalation, Thresholds
from dunner.domain.planner import Capacity
from dunner.domain.timing import Hours, Windows
from dunner.errors import DunnerError, InputRejected
from dunner.settings import DEFAULTS, parse
from tests.conftest import Cli
from tests.policies import settings


def load(tmp_path: Path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(str(path), {})


def test_the_defaults_are_the_rules_the_readme_states() -> None:
    s = settings()
    assert (s.terms.default, s.terms.batch_fallback_days) == ("net:30", 30)
    assert s.grading.thresholds == Thresholds(90, 180, 730)
    assert s.grading.escalation == Escalation(broken_promises=2, days=180)
    assert s.grading.grades == (("A", 80), ("B", 60), ("C", 40))
    assert (s.grading.limitation_alert_days, s.grading.bankrupt_recovery) == (90, Decimal(0))
    p = s.planning
    assert (p.min_amount, p.reconfirm_days) == (10_000, 3)
    assert p.capacity == {"visit": 3, "call": 20, "wechat": 40}
    assert (p.hours.call, p.hours.wechat, p.hours.visit) == (time(15, 30), time(10, 0), time(9, 30))
    assert p.windows == Windows(month_start=2, month_end=3, quarter_end=5)
    assert sum(s.grading.weights.values()) == 100


@pytest.mark.parametrize("cls", [Policy, PlanPolicy, Capacity, Hours, Windows, Thresholds, Escalation])
def test_the_domains_policies_carry_no_defaults_of_their_own(cls: type) -> None:
    """Their values come from the settings; a default here would be a second copy that drifts."""
    assert [f.name for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING] == []


def test_every_default_key_is_read() -> None:
    """DEFAULTS is the settings' shape: changing any leaf changes the typed settings."""
    base = parse(DEFAULTS)
    changed = {"grading": {**DEFAULTS["grading"], "escalation": {"broken_promises": 3, "days": 90}}}
    assert parse({**DEFAULTS, **changed}).grading.escalation != base.grading.escalation


def test_the_sample_config_states_the_defaults() -> None:
    config = load_config(str(Path(__file__).resolve().parents[1] / "examples" / "config.toml"), {})
    assert config.sources["planning.windows.month_end"].endswith("config.toml")
    assert config.sources["grading.escalation.days"].endswith("config.toml")
    # it names an owner and a mail server; every rule it writes out is the default
    assert dataclasses.replace(config.settings, owners={}, notify={}) == settings()


@pytest.mark.parametrize(("text", "key", "value", "hint"), [
    ('[planning.times]\ncall = "25:30"\n', "planning.times.call", "25:30",
     'give a time as "HH:MM", e.g. "15:30"'),
    ('[planning.times]\ncall = "12:30"\n', "planning.times.call", "12:30",
     "times must lie within 08:00–21:00 and the working hours, and not between 11:45 and 14:00"),
    ('[planning.times]\nstart = "07:00"\n', "planning.times.start", "07:00",
     "times must lie within 08:00–21:00 and the working hours, and not between 11:45 and 14:00"),
    ('[terms]\ndefault = "sometime"\n', "terms.default", "sometime", None),
    ("[terms]\nbatch_fallback_days = -1\n", "terms.batch_fallback_days", -1,
     "give a whole number of 0 or more"),
    ("[grading]\ndoubtful_max_days = 60\n", "grading.doubtful_max_days", 60,
     "the class limits must rise: collecting_max_days < doubtful_max_days < bad_max_days"),
    ("[grading.weights]\non_time = 30\n", "grading.weights",
     {"on_time": 30, "days_late": 15, "overdue_share": 20, "credit_use": 10, "broken_promises": 15,
      "signals": 10, "relationship": 5}, "give whole-number weights that add up to 100"),
    ("[grading.grades]\nB = 85\n", "grading.grades", {"A": 80, "B": 85, "C": 40},
     "give whole-number floors from 0 to 100, A above B above C"),
    ('[grading]\nrecovery_curve = [[0, "95"], [0, "90"]]\n', "grading.recovery_curve",
     [[0, "95"], [0, "90"]], "give [days, percent] pairs with rising days and percents from 0 to 100"),
    ('[grading]\nbankrupt_recovery = "120"\n', "grading.bankrupt_recovery", "120",
     'give a percent from 0 to 100, e.g. "12.5"'),
    ("[grading.escalation]\nbroken_promises = 0\n", "grading.escalation.broken_promises", 0,
     "give a whole number of 1 or more"),
    ('[planning]\nmin_amount = "lots"\n', "planning.min_amount", "lots",
     "write yuan with at most two decimals, e.g. 1234.50"),
    ("[planning.capacity]\ncall = -1\n", "planning.capacity.call", -1, "give a whole number of 0 or more"),
    ("[planning.windows]\nmonth_end = 20\n", "planning.windows.month_end", 20,
     "give a whole number from 0 to 10"),
    ("[planning.quotas.dead]\nlegal = 1\n", "planning.quotas.dead", {"legal": 1},
     "only collecting, doubtful, bad have monthly quotas (dead debts get a quarterly review)"),
    ("[planning.quotas.collecting]\nfax = 1\n", "planning.quotas.collecting.fax", 1,
     "a monthly quota counts wechat, call, visit, letter, legal"),
    ('[calendar]\nholidays = ["2026-13-01"]\n', "calendar.holidays", "2026-13-01",
     'give dates as "YYYY-MM-DD" strings'),
    ('lang = "fr"\n', "lang", "fr", 'give "zh" or "en", or leave it out to follow the locale'),
    ('timezone = "Mars/Olympus"\n', "timezone", "Mars/Olympus", None),
    ("planning = 3\n", "planning", 3, None),
])
def test_a_bad_value_names_the_file_the_key_and_the_fix(tmp_path: Path, text: str, key: str,
                                                        value: object, hint: str | None) -> None:
    with pytest.raises(DunnerError) as caught:
        load(tmp_path, text)
    err = caught.value
    assert err.code == "config_invalid" and not isinstance(err, InputRejected)
    assert err.message == f"{tmp_path / 'config.toml'}: {key} = {value!r} is not valid"
    assert err.hint if hint is None else err.hint == hint


def test_an_unknown_key_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DunnerError) as caught:
        load(tmp_path, '[planning.times]\ncal = "15:30"\n')
    assert caught.value.message == (f"{tmp_path / 'config.toml'}: planning.times.cal is not a "
                                    "setting dunner knows")
    assert caught.value.hint == "check the spelling; examples/config.toml shows every key"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputRejected) as caught:
        load(tmp_path, '[planning.times]\ncall = "25:30"\nwechat = "12:00"\n[grading]\nbad_max_days = "x"\n'
                       '[planing]\nmin_amount = "1"\n')
    err = caught.value
    assert err.message == f"{tmp_path / 'config.toml'}: 4 settings are not valid"
    assert [p.message for p in err.problems] == [
        "planing is not a setting dunner knows", "grading.bad_max_days = 'x' is not valid",
        "planning.times.call = '25:30' is not valid", "planning.times.wechat = '12:00' is not valid"]
    assert {p.source for p in err.problems} == {str(tmp_path / "config.toml")}


def test_toml_times_and_dates_are_taken_as_they_are(tmp_path: Path) -> None:
    config = load(tmp_path, "[planning.times]\ncall = 16:00:00\n[calendar]\nholidays = [2027-01-04]\n")
    assert config.settings.planning.hours.call == time(16, 0)
    assert config.settings.calendar.holidays == (date(2027, 1, 4),)


def test_the_owners_and_notify_tables_are_the_users_own(tmp_path: Path) -> None:
    config = load(tmp_path, '[owners."张三"]\nemail = "z@example.com"\n[notify.webhook]\nurl = "x"\n')
    assert config.settings.owners == {"张三": {"email": "z@example.com"}}


# --- through the CLI ------------------------------------------------------------------------

@pytest.mark.parametrize("command", [("config", "show"), ("status",), ("grade",), ("plan",),
                                     ("customer", "list")])
def test_a_bad_time_is_reported_by_config_show_and_every_command(cli: Cli, tmp_path: Path,
                                                                 command: tuple[str, ...]) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[planning.times]\ncall = "25:30"\n', encoding="utf-8")
    result = cli(*command, env={"DUNNER_CONFIG": str(path)})
    assert result.exit_code == 1
    assert result.stderr == (f"error: {path}: planning.times.call = '25:30' is not valid\n"
                             'hint: give a time as "HH:MM", e.g. "15:30"\n')
    doc = json.loads(cli(*command, "--json", env={"DUNNER_CONFIG": str(path)}).stdout)
    assert doc["error"]["code"] == "config_invalid"
    assert "planning.times.call" in doc["error"]["message"]


def test_several_problems_are_listed_each_on_its_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[planning.times]\ncall = "25:30"\n[planning.capacity]\ncall = -1\n', encoding="utf-8")
    result = cli("status", env={"DUNNER_CONFIG": str(path)})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}: planning.times.call = '25:30' is not valid — give a time as \"HH:MM\", e.g. \"15:30\"",
        f"{path}: planning.capacity.call = -1 is not valid — give a whole number of 0 or more",
        f"error: {path}: 2 settings are not valid",
        "hint: fix each one listed above; examples/config.toml shows every key"]


def test_nearby_cities_are_lists_of_names(tmp_path: Path) -> None:
    good = load(tmp_path, '[planning]\nnearby = [["广州", "佛山"], ["苏州", "无锡", "常州"]]\n')
    assert good.settings.planning.nearby == (("广州", "佛山"), ("苏州", "无锡", "常州"))
    with pytest.raises(DunnerError) as caught:
        load(tmp_path, '[planning]\nnearby = ["广州", "佛山"]\n')
    assert "planning.nearby" in caught.value.message


def test_a_config_path_that_cannot_be_looked_at_is_one_line(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    too_long = str(tmp_path / ("x" * 300) / "config.toml")
    with pytest.raises(DunnerError) as caught:
        load_config(too_long, {})
    assert caught.value.code == "config_unreachable" and too_long in caught.value.message
    # the default place unreadable: the defaults apply
    from dunner.config import default_config_path

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ("y" * 300)))
    with pytest.raises(OSError):
        default_config_path().exists()  # the lookup itself fails here …
    assert load_config(None, {}).path is None  # … and the defaults apply
