"""Known vulnerabilities in the installed Python packages (pip-audit against PyPI's advisory data).

Exit codes (``scripts/test.sh`` reads them):

- 0: every installed package was audited and none has a known vulnerability;
- 1: at least one has (each is printed with the versions that fix it);
- 3: nothing was audited, so the check is skipped: pip-audit is not installed, or the advisory data cannot be reached
  (offline, or a network that lets only the package index through). The message starts with "跳过 pip-audit" and
  says why and how to run it later; the tests still run.

``PIP_AUDIT`` names the pip-audit program to run (default: the one beside this Python, else on ``PATH``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CLEAN, FOUND, SKIPPED = 0, 1, 3
TIMEOUT_SECONDS = 300
LATER = "联网后运行 python scripts/audit.py 可补做"


def _skip(reason: str) -> int:
    print(f"跳过 pip-audit（未审计任何软件包）：{reason}；{LATER}")
    return SKIPPED


def _program() -> str | None:
    named = os.environ.get("PIP_AUDIT")
    if named:
        return shutil.which(named)
    return shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")


def main() -> int:
    pip_audit = _program()
    if pip_audit is None:
        return _skip("未安装 pip-audit（pip install -e '.[dev]' 后可执行）")
    try:
        result = subprocess.run([pip_audit, "--skip-editable", "--progress-spinner", "off", "--format", "json"],  # noqa: S603
                                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return _skip(f"{TIMEOUT_SECONDS // 60} 分钟内未能取得 PyPI 漏洞数据（网络不通或过慢）")
    try:
        report = json.loads(result.stdout)
    except ValueError:
        detail = result.stderr.strip().splitlines()[-1:] or ["无输出"]
        return _skip(f"无法取得 PyPI 漏洞数据（离线或网络受限），pip-audit 报告：{detail[0][:200]}")
    audited = [d for d in report.get("dependencies", []) if "skip_reason" not in d]
    if not audited:
        return _skip("PyPI 漏洞数据无法访问（离线，或网络只放行软件包下载）")
    found = [(d["name"], d["version"], v) for d in audited for v in d.get("vulns", [])]
    for name, version, vuln in found:
        fixed = "、".join(vuln.get("fix_versions", [])) or "暂无修复版本"
        print(f"  {name} {version}：{vuln['id']}（修复版本：{fixed}）")
    if found:
        print(f"pip-audit：{len(found)} 个已知漏洞，请升级上述软件包")
        return FOUND
    print(f"pip-audit：审计 {len(audited)} 个软件包，没有已知漏洞")
    return CLEAN


if __name__ == "__main__":
    sys.exit(main())
