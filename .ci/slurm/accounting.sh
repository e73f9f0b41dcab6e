#!/usr/bin/env bash
# Job accounting for the one-node Slurm of up.sh: MariaDB + slurmdbd, so that sacct
# answers as on a real cluster (Snakemake's Slurm executor then reads job states, and
# failure reasons, with sacct). Called by up.sh (IZH_SLURM_ACCOUNTING=1) and down.sh.
#
#   accounting.sh up DIR      start MariaDB and slurmdbd (idempotent), fresh job database
#   accounting.sh down DIR    stop them by their pid files (only what `up` started)
set -euo pipefail

action=$1
dir=$2
conf=/etc/slurm/slurmdbd.conf
marker="# written by .ci/slurm/accounting.sh"
db_pid=/run/mysqld/mysqld.pid
dbd_pid=$dir/slurmdbd.pid

say() { echo "[slurm-accounting] $*"; }
alive() { [ -s "$1" ] && [ "$(cat "/proc/$(cat "$1")/comm" 2>/dev/null)" = "$2" ]; }
stop() { # NAME PIDFILE
    local pid
    [ -s "$2" ] || return 0
    pid=$(cat "$2")
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ]; then
        kill -TERM "$pid"
        for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
        say "$1 stopped (pid $pid)"
    fi
    rm -f "$2"
}

case "$action" in
up)
    command -v slurmdbd >/dev/null && command -v mariadbd >/dev/null ||
        { echo "slurmdbd/mariadb-server missing: IZH_SLURM_ACCOUNTING=1 bash .ci/slurm/install.sh" >&2; exit 1; }
    if [ -e "$conf" ] && ! grep -qxF "$marker" "$conf"; then
        echo "$conf was not written by accounting.sh: not touching it" >&2
        exit 1
    fi
    # MariaDB of the package (its own data directory), as user mysql
    if alive "$db_pid" mariadbd; then
        say "mariadbd running (pid $(cat "$db_pid"))"
    else
        install -d -o mysql -g root -m 0755 /run/mysqld
        runuser -u mysql -- mariadbd --pid-file="$db_pid" --bind-address=127.0.0.1 \
            >>"$dir/log/mariadb.log" 2>&1 &
        for _ in $(seq 150); do mariadb -e 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done
        mariadb -e 'select 1' >/dev/null || { tail "$dir/log/mariadb.log" >&2; exit 1; }
        touch "$dir/run/mariadb.ours"
        say "mariadbd started (pid $(cat "$db_pid"))"
    fi
    if ! alive "$dbd_pid" slurmdbd; then
        # a fresh job database, like the fresh controller state of up.sh
        password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
        mariadb <<SQL
DROP DATABASE IF EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost';
ALTER USER 'slurm'@'localhost' IDENTIFIED BY '$password';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
SQL
        umask 077
        cat >"$conf" <<EOF
$marker
AuthType=auth/munge
DbdHost=$(hostname -s)
DbdAddr=127.0.0.1
DbdPort=${IZH_SLURMDBD_PORT:-6819}
SlurmUser=root
PidFile=$dbd_pid
LogFile=$dir/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=$password
StorageLoc=slurm_acct_db
EOF
        umask 022
        slurmdbd
        for _ in $(seq 150); do sacctmgr -n list cluster >/dev/null 2>&1 && break; sleep 0.1; done
        sacctmgr -n list cluster >/dev/null || { tail "$dir/log/slurmdbd.log" >&2; exit 1; }
        say "slurmdbd started (pid $(cat "$dbd_pid"))"
    else
        say "slurmdbd running (pid $(cat "$dbd_pid"))"
    fi
    ;;
down)
    stop slurmdbd "$dbd_pid"
    if [ -e "$dir/run/mariadb.ours" ]; then
        stop mariadbd "$db_pid"
        rm -f "$dir/run/mariadb.ours"
    fi
    grep -qxF "$marker" "$conf" 2>/dev/null && rm -f "$conf"
    ;;
*)
    echo "usage: $0 up|down DIR" >&2
    exit 2
    ;;
esac
exit 0
