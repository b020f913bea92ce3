"""Create (anew) or drop the PostgreSQL database named by a URL — deploy/check.sh's throw-away database.

    python deploy/pg_database.py create|drop postgresql://user@host:port/name
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main(action: str, url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        sys.exit(f"数据库地址缺少数据库名：{url}")
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, parts.fragment))
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"create", "drop"}:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
