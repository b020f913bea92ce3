"""The load report as a short table for a terminal (shared by ``bench/load.py`` and ``bench/run.py``; no locust
here: importing locust patches the standard library for gevent, which only the load driver's process may do)."""

from __future__ import annotations

from typing import Any


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A short table of the report, for a terminal."""
    lines = [f"{'组':<14}{'请求':>7}{'错误':>6}{'p50':>9}{'p95':>9}{'p99':>9}  目标p95",]
    for group, g in report["groups"].items():
        target = f"≤{g['target_p95_ms']} ms" if g["target_p95_ms"] else "—"
        missed = g["target_p95_ms"] is not None and g["p95_ms"] > g["target_p95_ms"]
        lines.append(f"{group:<14}{g['requests']:>7}{g['failures']:>6}{g['p50_ms']:>9}{g['p95_ms']:>9}{g['p99_ms']:>9}  "
                     f"{target}{'  未达标' if missed else ''}")
    lines.append(f"共 {report['requests']} 个请求，错误 {report['errors']}，吞吐 {report['throughput_rps']} 请求/秒，"
                 f"确认的写入 {report['writes']['acknowledged']} 次（纠纷 {len(report['writes']['disputes'])} 件，"
                 f"文书 {len(report['writes']['documents'])} 份），经接口复查丢失 {len(report['verified_over_api']['lost'])}")
    if report.get("server_cpu_ms_per_request") is not None:
        lines.append(f"计时期间服务端（gunicorn 各进程及其 PostgreSQL 后端）平均每个请求用 CPU {report['server_cpu_ms_per_request']} ms；"
                     f"本机 1 分钟平均负载 {report['load_average_1min']}")
    return lines
