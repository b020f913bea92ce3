#!/usr/bin/env bash
# Start the production shape on this machine and drive it with real requests:
#   gunicorn (deploy/gunicorn.conf.py) + two task workers + PostgreSQL, configured from deploy/production.env.example
#   with freshly generated secrets; no nginx — each request carries the X-Forwarded-Proto header nginx would add.
# Steps: create the database, check --deploy, migrate, collectstatic, seed a small demo, start the processes, run
# deploy/smoke.py (login as a persona, a list, a record, a search by ID number, the API with a token), grep the logs
# for the numbers used and for errors, then stop everything and drop the database.
#
#   deploy/check.sh [--load "COMMAND"] [--keep]
#
# --load COMMAND (or DEPLOY_CHECK_LOAD_COMMAND): run after the smoke checks, against the running shape, e.g. a locust
#   load test; it sees BASE_URL, DEMO_USERNAME, DEMO_PASSWORD, DATABASE_URL and FORWARDED_PROTO_HEADER
#   ("X-Forwarded-Proto: https", to send with each request). Its exit code fails the check.
# --keep: leave the database in place afterwards.
# Environment: PY (default .venv/bin/python), DEPLOY_CHECK_POSTGRES_URL (default
#   postgresql://postgres@127.0.0.1:5432/sifasuo_ops_deploy), DEPLOY_CHECK_PORT (default: a free port).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-.venv/bin/python}
LOAD_COMMAND=${DEPLOY_CHECK_LOAD_COMMAND:-}
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --load) LOAD_COMMAND=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "用法：deploy/check.sh [--load \"命令\"] [--keep]" >&2; exit 2 ;;
  esac
done

PG_URL=${DEPLOY_CHECK_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/sifasuo_ops_deploy}
PORT=${DEPLOY_CHECK_PORT:-$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
WORK=$(mktemp -d -t sifasuo-deploy-check.XXXXXX)
PIDS=()

step() { echo "== $* =="; }
cleanup() {
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP" -eq 0 ]; then "$PY" deploy/pg_database.py drop "$PG_URL" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

step "环境：deploy/production.env.example，密钥临时生成"
set -a
# shellcheck disable=SC1091
. deploy/production.env.example
set +a
SECRET_KEY=$("$PY" -c "import secrets; print(secrets.token_urlsafe(50))")
FIELD_ENCRYPTION_KEY=$("$PY" -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")
ID_HASH_KEY=$("$PY" -c "import secrets; print(secrets.token_hex(32))")
export SECRET_KEY FIELD_ENCRYPTION_KEY ID_HASH_KEY
export DATABASE_URL=$PG_URL ALLOWED_HOSTS=127.0.0.1,localhost CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT"
export MEDIA_ROOT=$WORK/media STATIC_ROOT=$WORK/static LOG_FILE=$WORK/sifasuo.log BACKUP_DIR=$WORK/backups
export WEB_BIND=127.0.0.1:$PORT WEB_WORKERS=${WEB_WORKERS:-2} DEMO_PASSWORD=${DEMO_PASSWORD:-Demo@2026}
mkdir -p "$MEDIA_ROOT"
unset SIFASUO_TESTING

step "数据库 ${PG_URL##*/}"
"$PY" deploy/pg_database.py create "$PG_URL"
step "manage.py check --deploy"
"$PY" manage.py check --deploy --fail-level WARNING
step "迁移、收集静态文件、小规模演示数据"
"$PY" manage.py migrate --noinput --verbosity 0
"$PY" manage.py collectstatic --noinput --verbosity 0
"$PY" manage.py seed_demo --counties 150402 --apps people,mediation --per-office persons=2 --per-office disputes=1 >"$WORK/seed.log" 2>&1 \
  || { tail -n 30 "$WORK/seed.log"; exit 1; }

step "启动 gunicorn（127.0.0.1:$PORT）与两个任务进程"
"$PY" -m gunicorn --config deploy/gunicorn.conf.py >>"$WORK/web.out" 2>&1 &
PIDS+=($!)
"$PY" manage.py run_worker >>"$WORK/worker.out" 2>&1 &
PIDS+=($!)
"$PY" manage.py db_worker --no-reload --interval 1 >>"$WORK/worker2.out" 2>&1 &
PIDS+=($!)

step "真实请求"
status=0
"$PY" deploy/smoke.py --base-url "http://127.0.0.1:$PORT" --log-file "$LOG_FILE" --username office_150402001 || status=$?

if [ $status -eq 0 ] && [ -n "$LOAD_COMMAND" ]; then
  step "负载测试：$LOAD_COMMAND"
  BASE_URL="http://127.0.0.1:$PORT" DEMO_USERNAME=office_150402001 FORWARDED_PROTO_HEADER="X-Forwarded-Proto: https" \
    bash -c "$LOAD_COMMAND" || status=$?
fi

if [ $status -ne 0 ]; then
  echo "—— 日志末尾 ——"; tail -n 40 "$LOG_FILE" "$WORK/web.out" "$WORK/worker.out" 2>/dev/null || true
  echo "部署形态检查失败。"
  exit $status
fi
echo "部署形态检查通过：gunicorn + 任务进程 + PostgreSQL，0 个错误。"
