"""Database servers a test starts of its own (Debian's packages; .ci/run installs them): a
missing server is a missing dependency and fails the test, never a reason to skip it."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def postgres_server(database):
    """A throwaway PostgreSQL server with an empty `database`; yields its URL, then stops and
    removes the server."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    assert found, (
        "需要 PostgreSQL（apt-get install postgresql）：/usr/lib/postgresql/*/bin/initdb 不存在"
    )
    bin_dir = Path(found[-1]).parent
    as_postgres = []
    data = Path(tempfile.mkdtemp(prefix=f"{database}-pg-"))
    if os.geteuid() == 0:  # initdb refuses to run as root
        assert shutil.which("runuser"), "以 root 运行需要 runuser（util-linux）才能启动 PostgreSQL"
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(data, "postgres", "postgres")
    port = free_port()

    def run(*command):
        subprocess.run([*as_postgres, *map(str, command)], check=True, capture_output=True)

    run(
        bin_dir / "initdb",
        "-D",
        data,
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "-U",
        "xuedu",
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", data / "server.log", "-w", "start")
    try:
        server = f"postgres://xuedu@127.0.0.1:{port}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        yield f"{server}/{database}"
    finally:
        run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(data, ignore_errors=True)


def redis_command(port):
    """redis-server on loopback at `port`, keeping nothing on disk."""
    assert shutil.which("redis-server"), "需要 Redis（apt-get install redis-server）"
    return [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
