#!/usr/bin/env bash
# Start the embedded installation: migrate, load demo data on an empty database, collect the static files, then run
# the web server (gunicorn, static files through WhiteNoise) and the task worker together. Ctrl-C stops both.
# DEBUG=1 is this mode's own choice (keys derived from the development key, plain HTTP on 127.0.0.1); a real
# production server runs the same processes with deploy/production.env (see deploy/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
export DEBUG=${DEBUG:-1}

$PY manage.py migrate --noinput
if [ "$($PY manage.py shell -c 'from accounts.models import User; print(User.objects.exists())' 2>/dev/null | tail -n1)" != "True" ]; then
  echo "数据库为空，正在载入演示数据（约3～6分钟，只在第一次运行时进行，进度逐项显示）……"
  $PY manage.py seed_demo
fi

$PY manage.py collectstatic --noinput --verbosity 0

$PY manage.py run_worker &
WORKER=$!
WEB_BIND="127.0.0.1:${PORT}" WEB_WORKERS=${WEB_WORKERS:-2} $PY -m gunicorn --config deploy/gunicorn.conf.py &
WEB=$!
cleanup() { trap - INT TERM EXIT; kill "$WORKER" "$WEB" 2>/dev/null || true; wait 2>/dev/null || true; echo "已停止。"; }
trap cleanup INT TERM EXIT

cat <<MSG

数字司法所已启动：http://127.0.0.1:${PORT}
演示账号（密码均为 ${DEMO_PASSWORD:-Demo@2026}）：
  sysadmin           系统管理员（首次登录需绑定身份验证器）
  city_admin         赤峰市司法局
  county_150402      红山区司法局（county_<6位旗县区代码>）
  office_150402001   西屯街道司法所（office_<9位乡镇街道代码>）
  auditor_150402     红山区只读审计
按 Ctrl-C 停止。
MSG
wait -n "$WORKER" "$WEB"
