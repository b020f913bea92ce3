"""Known vulnerabilities in the installed Python packages (pip-audit against PyPI's advisory data).

Exit 0 when none is known, 1 when one is (each printed with the version that fixes it). When the advisory data cannot
be reached — offline, or a network that lets only the package index through — nothing can be audited: this says so
and exits 0, so that the tests still run; the message names the check that was skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

SKIPPED = 3  # exit code: audited nothing


def main() -> int:
    pip_audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if pip_audit is None:
        print("跳过 pip-audit：未安装（pip install -e '.[dev]' 后可执行）")
        return SKIPPED
    try:
        result = subprocess.run([pip_audit, "--skip-editable", "--progress-spinner", "off", "--format", "json"],  # noqa: S603
                                capture_output=True, text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        print("跳过 pip-audit：5 分钟内未能取得漏洞数据（网络不通？）")
        return SKIPPED
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print(f"跳过 pip-audit：无法取得漏洞数据（离线？）{result.stderr.strip()[-300:]}")
        return SKIPPED
    audited = [d for d in report.get("dependencies", []) if "skip_reason" not in d]
    if not audited:
        print("跳过 pip-audit：PyPI 的漏洞数据无法访问（离线，或网络只放行软件包下载），没有审计任何软件包")
        return SKIPPED
    found = [(d["name"], d["version"], v) for d in audited for v in d.get("vulns", [])]
    for name, version, vuln in found:
        fixed = "、".join(vuln.get("fix_versions", [])) or "暂无修复版本"
        print(f"  {name} {version}：{vuln['id']}（修复版本：{fixed}）")
    if found:
        print(f"pip-audit：{len(found)} 个已知漏洞，请升级上述软件包")
        return 1
    print(f"pip-audit：审计 {len(audited)} 个软件包，没有已知漏洞")
    return 0


if __name__ == "__main__":
    sys.exit(main())
