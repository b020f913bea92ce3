"""``scripts/audit.py``'s exit-code contract, which ``scripts/test.sh`` relies on: 0 clean, 1 vulnerabilities found,
3 skipped with a message that says so (offline, advisory data unreachable, pip-audit missing). A stand-in pip-audit
program (named by ``PIP_AUDIT``) answers as the real one does in each situation; nothing reaches the network."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _fake_pip_audit(tmp_path: Path, *, stdout: str, stderr: str = "", code: int = 0) -> Path:
    (tmp_path / "out.txt").write_text(stdout, encoding="utf-8")
    (tmp_path / "err.txt").write_text(stderr, encoding="utf-8")
    program = tmp_path / "pip-audit"
    program.write_text(f'#!/bin/sh\ncat "{tmp_path}/out.txt"\ncat "{tmp_path}/err.txt" >&2\nexit {code}\n', encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


def _run(program: Path | str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_AUDIT": str(program)}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "audit.py")], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def _report(*deps: dict) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


def test_offline_is_a_skip_with_exit_3_and_a_message_saying_so(tmp_path: Path) -> None:
    stderr = "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded"
    result = _run(_fake_pip_audit(tmp_path, stdout="", stderr=stderr, code=1))
    assert result.returncode == 3
    assert result.stdout.startswith("跳过 pip-audit（未审计任何软件包）：无法取得 PyPI 漏洞数据（离线或网络受限）")
    assert "ConnectionError" in result.stdout and "联网后运行 python scripts/audit.py 可补做" in result.stdout


def test_advisory_data_unreachable_for_every_package_is_a_skip(tmp_path: Path) -> None:
    report = _report({"name": "django", "version": "5.2", "skip_reason": "Dependency not found on PyPI"})
    result = _run(_fake_pip_audit(tmp_path, stdout=report))
    assert result.returncode == 3 and "跳过 pip-audit" in result.stdout and "PyPI 漏洞数据无法访问" in result.stdout


def test_pip_audit_missing_is_a_skip(tmp_path: Path) -> None:
    result = _run(tmp_path / "no-such-pip-audit")
    assert result.returncode == 3 and "未安装 pip-audit" in result.stdout


@pytest.mark.parametrize(("vulns", "code", "words"), [
    ([], 0, "pip-audit：审计 2 个软件包，没有已知漏洞"),
    ([{"id": "GHSA-xxxx-yyyy-zzzz", "fix_versions": ["5.2.9"]}], 1, "django 5.2：GHSA-xxxx-yyyy-zzzz（修复版本：5.2.9）"),
])
def test_an_audit_exits_0_when_clean_and_1_with_each_vulnerability_listed(tmp_path: Path, vulns: list, code: int, words: str) -> None:
    report = _report({"name": "django", "version": "5.2", "vulns": vulns}, {"name": "openpyxl", "version": "3.1.5", "vulns": []})
    result = _run(_fake_pip_audit(tmp_path, stdout=report, code=1 if vulns else 0))
    assert result.returncode == code and words in result.stdout and "跳过" not in result.stdout


def test_the_test_script_counts_exit_3_as_skipped_and_fails_on_any_other_failure() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert '"$PY" scripts/audit.py\ncase $? in\n  0) ;;\n  3) skipped+=(' in script and "*) exit 1 ;;" in script
