#!/usr/bin/env bash
# Stop the one-node Slurm of up.sh by its pid files (slurmd, slurmctld, slurmdbd,
# MariaDB, then munged if up.sh started it). Safe to run when nothing is up.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${IZH_SLURM_DIR:-/tmp/izh-slurm}
[ -d "$dir" ] || exit 0
exec 9>"$dir/lock" # one up.sh or down.sh at a time
flock -w 60 9 || echo "[slurm-down] $dir/lock still held after 60 s: stopping anyway"

stop() { # stop NAME PIDFILE: TERM, wait up to 10 s, then KILL; only a process called NAME
    local name=$1 pidfile=$2 pid
    [ -s "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "[slurm-down] $name (pid $pid) ignored TERM: KILL"
            kill -KILL "$pid" 2>/dev/null
        fi
        echo "[slurm-down] $name stopped (pid $pid)"
    fi
    rm -f "$pidfile"
}

# jobs still queued or running on this private cluster end first (their processes
# belong to slurmstepd, which outlives slurmd)
if [ -s "$dir/slurmctld.pid" ] && jobs=$(squeue -h -o %A 2>/dev/null) && [ -n "$jobs" ]; then
    echo "[slurm-down] cancelling jobs: $(echo $jobs)"
    scancel $jobs 2>/dev/null
    for _ in $(seq 50); do [ -z "$(squeue -h -t R,CG -o %A 2>/dev/null)" ] && break; sleep 0.2; done
fi
stop slurmd "$dir/slurmd.pid"
stop slurmctld "$dir/slurmctld.pid"
[ -f "$here/accounting.sh" ] && bash "$here/accounting.sh" down "$dir"
if [ -e "$dir/run/munged.ours" ]; then
    stop munged /run/munge/munged.pid
    rm -f "$dir/run/munged.ours"
fi
# the configuration up.sh wrote (never one it did not write)
if grep -qxF "# written by .ci/slurm/up.sh" /etc/slurm/slurm.conf 2>/dev/null; then
    rm -f /etc/slurm/slurm.conf
fi
exit 0
