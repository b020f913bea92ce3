#!/usr/bin/env bash
# Lint, type-check, check the import layers, then the whole pytest suite on SQLite and on PostgreSQL (browser tests included).
# Passes that cannot run on this machine (no PostgreSQL, no Chromium) are skipped and named at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
PG_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/sifasuo}
skipped=()

echo "== ruff =="
"$BIN/ruff" check . || exit 1
echo "== mypy =="
"$BIN/mypy" . || exit 1
echo "== import-linter（分层约定，见 docs/adding-a-module.md）=="
"$BIN/lint-imports" --no-logo || exit 1
echo "== pip-audit =="
"$PY" scripts/audit.py
case $? in
  0) ;;
  3) skipped+=("pip-audit（未审计任何软件包，原因见上方“跳过 pip-audit”一行：离线、受限网络或未安装；联网后运行 python scripts/audit.py）") ;;
  *) exit 1 ;;
esac

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  skipped+=("浏览器测试（未找到 /usr/bin/chromium；运行 .ci/run 或 apt-get install chromium 后可执行）")
fi

run_pytest() {  # $1 = label; remaining args go to pytest
  local label=$1; shift
  echo "== pytest: $label =="
  "$PY" -m pytest "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then echo "（$label：没有收集到测试）"; return 0; fi
  return $rc
}

run_pytest "SQLite" -n "${PYTEST_WORKERS:-2}" || exit 1
# Imports beside other connections and a killed worker process need a database others reach: SQLite in a file.
mkdir -p test-artifacts
SQLITE_TEST_FILE=1 run_pytest "SQLite 文件库（导入并发与崩溃恢复）" -m shared_db || exit 1

if "$PY" - "$PG_URL" <<'PYCHECK' 2>/dev/null
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
psycopg.connect(url, connect_timeout=3).close()
PYCHECK
then
  DATABASE_URL="$PG_URL" run_pytest "PostgreSQL" -n "${PYTEST_WORKERS:-2}" || exit 1
else
  skipped+=("PostgreSQL 测试（无法连接 ${PG_URL%/*}；设置 TEST_POSTGRES_URL 或启动 PostgreSQL 后可执行）")
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "注意：以下测试在本机跳过："
  for s in "${skipped[@]}"; do echo "  - $s"; done
fi
echo "全部测试通过。"
