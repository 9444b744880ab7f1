"""The clerk's own computer: the real ``dunner`` program on a GBK, GB18030 or cp1252 output
prints every read command and every error without a traceback, and the Chinese survives.

The rule (README, cli/_console.py): output keeps an encoding that can hold Chinese and writes
``¥`` as ``￥`` where it lacks it; redirected output in one that cannot hold Chinese is UTF-8.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dunner.cli._console import fits
from tests.cli.small_ledger import HENGTONG, XINDA, write_book

DUNNER = Path(sys.executable).with_name("dunner")
TODAY = "2026-11-23"
READS = {  # command → (a customer's name in it, amounts in it)
    "status": (HENGTONG, True), "grade": (HENGTONG, True), "plan --week": (HENGTONG, True),
    "customer list": (XINDA, True), "customer show 恒通": (HENGTONG, True),
    "report aging": (XINDA, True), "config show": ("", False),
}
ERRORS = {  # command → exit code
    "customer show 不存在的公司": 1, "pay 恒通 十二块": 2, "--db missing.db status": 1,
}


def _base_env(home: Path) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state"), "LANG": "C.UTF-8"}
    for keep in ("SYSTEMROOT", "PYTHONPATH"):  # Windows needs the first to start Python at all
        if keep in os.environ:
            env[keep] = os.environ[keep]
    return env


def _stdout_encoding(env: dict[str, str]) -> str:
    """The encoding Python itself picks for a redirected stdout under ``env``."""
    import codecs

    done = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
                          env=env, capture_output=True, text=True, timeout=60, check=True)
    return codecs.lookup(done.stdout.strip()).name


@pytest.fixture(scope="session")
def gb18030_locale(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                   ) -> dict[str, str]:
    """``LANG=zh_CN.GB18030``; where the system lacks that locale and ``localedef`` can build
    it, it is built once (cached between runs) so Python really picks GB18030."""
    env = {"LANG": "zh_CN.GB18030", "LC_ALL": "zh_CN.GB18030"}
    probe = {**_base_env(tmp_path_factory.mktemp("probe")), **env}
    if _stdout_encoding(probe) == "gb18030":
        return env
    localedef = shutil.which("localedef")
    if localedef and Path("/usr/share/i18n/locales/zh_CN").exists():
        cache = getattr(request.config, "cache", None)
        where = cache.mkdir("locales") if cache else tmp_path_factory.mktemp("locales")
        if not (where / "zh_CN.GB18030").exists():
            subprocess.run([localedef, "-i", "zh_CN", "-f", "GB18030",
                            str(where / "zh_CN.GB18030")], capture_output=True, timeout=300)
        env["LOCPATH"] = str(where)
    return env


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A ledger imported from a workbook built here, by the real program."""
    home = tmp_path_factory.mktemp("clerk")
    book = write_book(home / "应收账款.xlsx")
    done = subprocess.run([str(DUNNER), "--db", str(home / "ledger.db"), "--today", TODAY,
                           "import", str(book)], env=_base_env(home), capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    yield home, home / "ledger.db"


def _run(home: Path, db: Path, env: dict[str, str], lang: str, command: str,
         via: list[str], argv_codec: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    """``command`` typed the way a terminal in ``argv_codec`` passes it (GB18030 bytes there)."""
    words = command.split()
    if words[0] == "--db":  # the missing-ledger case names its own file
        db, words = home / words[1], words[2:]
    argv = [*via, "--db", str(db), "--today", TODAY, "--lang", lang, *words]
    return subprocess.run([a.encode(argv_codec) for a in argv], env={**_base_env(home), **env},
                          cwd=home, capture_output=True, timeout=120)


def _check_all(home: Path, db: Path, env: dict[str, str], lang: str, codec: str,
               via: list[str], only: tuple[str, ...] = (), argv_codec: str = "utf-8") -> list[str]:
    """Run every read command and error path (or ``only`` these) in parallel; what went wrong."""
    yen = "¥" if fits("¥", codec) else "￥"
    jobs = {c: code for c, code in {**dict.fromkeys(READS, 0), **ERRORS}.items()
            if not only or c in only}
    with ThreadPoolExecutor(4) as pool:
        done = dict(zip(jobs, pool.map(lambda c: _run(home, db, env, lang, c, via, argv_codec),
                                       jobs), strict=True))
    problems = []
    for command, result in done.items():
        try:
            out, err = result.stdout.decode(codec), result.stderr.decode(codec)
        except UnicodeDecodeError as exc:
            problems.append(f"{command}: not {codec}: {exc}")
            continue
        if result.returncode != jobs[command]:
            problems.append(f"{command}: exit {result.returncode}\n{err}")
        if "Traceback" in err:
            problems.append(f"{command}: traceback\n{err}")
        if command in READS:
            name, money = READS[command]
            if name and name not in out:
                problems.append(f"{command}: no {name} in\n{out}")
            if money and (yen not in out or (yen == "￥" and "¥" in out)):
                problems.append(f"{command}: money not as {yen} in\n{out}")
            if lang == "zh" and not any("\u4e00" <= ch <= "\u9fff" for ch in out):
                problems.append(f"{command}: no Chinese in\n{out}")
        else:
            word = "错误" if lang == "zh" else "error"
            if not err.startswith(word) and f"\n{word}" not in err:
                problems.append(f"{command}: no '{word}:' line in\n{err}")
    return problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pythonioencoding_gbk(ledger: tuple[Path, Path], lang: str) -> None:
    home, db = ledger
    env = {"PYTHONIOENCODING": "gbk"}
    assert _check_all(home, db, env, lang, "gbk", [str(DUNNER)]) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_locale_gb18030(ledger: tuple[Path, Path], gb18030_locale: dict[str, str],
                        lang: str) -> None:
    home, db = ledger
    codec = _stdout_encoding({**_base_env(home), **gb18030_locale})  # gb18030 where it exists
    assert _check_all(home, db, gb18030_locale, lang, codec, [str(DUNNER)],
                      argv_codec=codec) == []


def test_cp1252_redirected_is_utf8(ledger: tuple[Path, Path]) -> None:
    """cp1252 has no Chinese: redirected output is UTF-8 instead (here through ``-m``)."""
    home, db = ledger
    env = {"PYTHONIOENCODING": "cp1252"}
    assert _check_all(home, db, env, "zh", "utf-8", [sys.executable, "-m", "dunner"],
                      only=("status", "customer show 恒通", "customer show 不存在的公司")) == []


def test_json_and_csv_on_gbk(ledger: tuple[Path, Path]) -> None:
    """JSON stays JSON in GBK (what GBK lacks is escaped); CSV is UTF-8 with a BOM regardless."""
    import json

    home, db = ledger
    env = {"PYTHONIOENCODING": "gbk"}
    doc = _run(home, db, env, "zh", "grade --json", [str(DUNNER)])
    assert {r["customer"] for r in json.loads(doc.stdout.decode("gbk"))} == {HENGTONG, XINDA}
    table = _run(home, db, env, "zh", "customer list --csv", [str(DUNNER)])
    assert table.stdout.startswith(b"\xef\xbb\xbf")
    assert HENGTONG in table.stdout.decode("utf-8-sig")
    error = _run(home, db, env, "zh", "customer show 不存在的公司 --json", [str(DUNNER)])
    assert json.loads(error.stdout.decode("gbk"))["error"]["message"]
    assert b"Traceback" not in error.stderr


# The rule itself, in-process.

@pytest.mark.parametrize(("ch", "encoding", "expected"), [
    ("¥", "gbk", "￥"), ("¥", "gb18030", "¥"), ("¥", "utf-8", "¥"), ("￥", "cp1252", "¥"),
    ("•", "gbk", "·"), ("中", "ascii", "?"), ("𠮷", "gbk", "?"), ("１", "ascii", "1"),
])
def test_nearest_form(ch: str, encoding: str, expected: str) -> None:
    from dunner.cli._console import nearest

    assert nearest(ch, encoding) == expected


@pytest.mark.parametrize(("encoding", "written"), [("gbk", "gbk"), ("gb18030", "gb18030"),
                                                   ("cp1252", "utf-8"), ("utf-8", "utf-8")])
def test_prepare_streams(monkeypatch: pytest.MonkeyPatch, encoding: str, written: str) -> None:
    import io

    from dunner.cli._console import prepare_streams

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding)
    monkeypatch.setattr("sys.stdout", stream)
    prepare_streams()
    print(f"{HENGTONG} ¥12.00 𠮷")
    stream.flush()
    text = raw.getvalue().decode(written)
    assert HENGTONG in text
    assert ("￥12.00" if written == "gbk" else "¥12.00") in text
