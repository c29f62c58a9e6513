"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

    python tests/with_postgres.py pytest -q

The cluster lives in a temporary directory, listens on a free loopback port and trusts
local connections; it exists only for the length of the command. Extra server settings come
from ``PG_OPTIONS`` (``-c name=value ...``). PostgreSQL refuses to
run as root, so as root the server runs as the unprivileged ``postgres`` user.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile


def _pg_bin() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return os.path.dirname(candidates[0])
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    sys.exit("PostgreSQL is not installed: run `make system-deps` (as root) or install postgresql.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(command: list[str]) -> int:
    bindir = _pg_bin()
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    workdir = tempfile.mkdtemp(prefix="cia-pg-")
    if as_root:
        shutil.chown(workdir, user="postgres", group="postgres")
    datadir = os.path.join(workdir, "data")
    port = _free_port()

    def pg(*args: str) -> None:
        subprocess.run(prefix + list(args), check=True, stdout=subprocess.DEVNULL)

    try:
        pg(
            f"{bindir}/initdb",
            "-D",
            datadir,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
        options += " " + os.environ.get("PG_OPTIONS", "")  # e.g. the benchmark's memory
        pg(
            f"{bindir}/pg_ctl",
            "-D",
            datadir,
            "-o",
            options,
            "-l",
            f"{workdir}/server.log",
            "-w",
            "start",
        )
        env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/cia_portal")
        print(f"PostgreSQL test cluster on 127.0.0.1:{port}", flush=True)
        return subprocess.run(command, env=env).returncode
    finally:
        if os.path.exists(os.path.join(datadir, "postmaster.pid")):
            pg(f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
