#!/usr/bin/env bash
# Bring up a one-node Slurm on this machine (munged, [mariadb, slurmdbd,] slurmctld,
# slurmd) from Debian's packages, for CI and tests/test_slurm*.py. Needs root and the
# packages of .ci/slurm/install.sh. Idempotent: daemons already running (pid files
# under $IZH_SLURM_DIR) are kept; only missing ones are started. Stop with down.sh.
#
#   bash .ci/slurm/up.sh && sinfo
#
# The configuration goes to /etc/slurm/slurm.conf, Slurm's compiled-in default: jobs of
# the Snakemake executor call srun with every SLURM_* variable removed, so SLURM_CONF
# cannot point elsewhere. An /etc/slurm/slurm.conf that up.sh did not write is refused.
#
# Environment: IZH_SLURM_DIR (default /tmp/izh-slurm: state, logs, pid files),
# IZH_SLURM_PARTITION (default "main"), IZH_SLURM_ACCOUNTING (1: slurmdbd + MariaDB, so
# that sacct works as on a real cluster; 0: no accounting, job states from squeue only;
# default: 1 when slurmdbd and mariadb-server are installed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${IZH_SLURM_DIR:-/tmp/izh-slurm}
partition=${IZH_SLURM_PARTITION:-main}
if [ -z "${IZH_SLURM_ACCOUNTING:-}" ]; then # default: accounting if its packages are there
    command -v slurmdbd >/dev/null && command -v mariadbd >/dev/null && accounting=1 || accounting=0
else
    accounting=$IZH_SLURM_ACCOUNTING
fi
start=$(date +%s.%N)

say() { echo "[slurm-up] $*"; }
die() {
    echo "[slurm-up] ERROR: $*" >&2
    for log in "$dir"/log/*.log; do
        [ -s "$log" ] && { echo "--- $log (tail)" >&2; tail -n 20 "$log" >&2; }
    done
    exit 1
}
# alive PIDFILE NAME: the pid file names a running process called NAME (not a reused pid)
alive() { [ -s "$1" ] && [ "$(cat "/proc/$(cat "$1")/comm" 2>/dev/null)" = "$2" ]; }

[ "$(id -u)" = 0 ] || die "must run as root (daemons, munge key)"
for exe in munged slurmctld slurmd sinfo sbatch; do
    command -v "$exe" >/dev/null || die "$exe not found: run .ci/slurm/install.sh first"
done

mkdir -p "$dir"/state "$dir"/spool "$dir"/log "$dir"/run /etc/slurm
# one up.sh or down.sh at a time (e.g. parallel test workers); daemons get `9>&-` so
# that they do not inherit (and hold) the lock
exec 9>"$dir/lock"
flock -w 120 9 || die "$dir/lock is held by another up.sh/down.sh"
conf=/etc/slurm/slurm.conf
marker="# written by .ci/slurm/up.sh"
if [ -e "$conf" ] && ! grep -qxF "$marker" "$conf"; then
    die "$conf exists and was not written by up.sh: not touching a real cluster's configuration"
fi
unset SLURM_CONF

# --- slurm.conf from the template (rewritten only while no daemon uses it)
if ! alive "$dir/slurmctld.pid" slurmctld && ! alive "$dir/slurmd.pid" slurmd; then
    host=$(hostname -s)
    # what slurmd detects (CPUs, RealMemory); leave 10% of the memory to the system
    hw=$(slurmd -C | head -n 1)
    cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$hw")
    mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")
    mem=$((mem * 9 / 10))
    if [ "$accounting" = 1 ]; then
        acct="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=${IZH_SLURMDBD_PORT:-6819}
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=5"
    else
        acct="AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none"
    fi
    sed -e "s|@HOST@|$host|g" -e "s|@DIR@|$dir|g" -e "s|@CPUS@|$cpus|g" \
        -e "s|@MEM_MB@|$mem|g" -e "s|@PARTITION@|$partition|g" \
        -e "s|@CTLD_PORT@|${IZH_SLURMCTLD_PORT:-6817}|g" \
        -e "s|@SLURMD_PORT@|${IZH_SLURMD_PORT:-6818}|g" \
        "$here/slurm.conf.in" |
        ACCT=$acct awk '$0 == "@ACCOUNTING@" {print ENVIRON["ACCT"]; next} {print}' \
        >"$dir/slurm.conf.new"
    { echo "$marker"; cat "$dir/slurm.conf.new"; } >"$conf"
    rm -f "$dir/slurm.conf.new"
fi

# --- munged, as user munge (the package created the key; apt's service start is refused)
if alive /run/munge/munged.pid munged; then
    say "munged running (pid $(cat /run/munge/munged.pid))"
else
    install -d -o munge -g munge -m 0755 /run/munge
    runuser -u munge -- munged 9>&- || die "munged did not start"
    touch "$dir/run/munged.ours" # down.sh stops only a munged that up.sh started
    say "munged started (pid $(cat /run/munge/munged.pid))"
fi
munge -n | unmunge >/dev/null || die "munge does not round-trip a credential"

# --- accounting: MariaDB + slurmdbd (optional)
if [ "$accounting" = 1 ]; then
    bash "$here/accounting.sh" up "$dir" 9>&- || die "accounting did not start"
fi

# --- slurmctld, slurmd
if alive "$dir/slurmctld.pid" slurmctld; then
    say "slurmctld running (pid $(cat "$dir/slurmctld.pid"))"
else
    rm -rf "${dir:?}"/state/* # a fresh controller: no jobs or nodes from an old run
    slurmctld -i 9>&- || die "slurmctld did not start"
    say "slurmctld started"
fi
if alive "$dir/slurmd.pid" slurmd; then
    say "slurmd running (pid $(cat "$dir/slurmd.pid"))"
else
    slurmd 9>&- || die "slurmd did not start"
    say "slurmd started"
fi

# --- wait until the node takes jobs
for _ in $(seq 300); do
    state=$(sinfo -h -N -o %t 2>/dev/null | head -n 1 || true)
    case "$state" in
    idle | mix | alloc) break ;;
    down* | drain* | fail*)
        scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true
        ;;
    esac
    sleep 0.2
done
case "$state" in idle | mix | alloc) ;; *) die "node state '${state:-none}' after 60 s" ;; esac

end=$(date +%s.%N)
say "up in $(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}') s: $(sinfo -h -o '%P %D %c CPUs %m MB %t')"
