#!/usr/bin/env bash
# Install Debian's packages for the one-node Slurm of up.sh: slurm-wlm and munge, plus
# slurmdbd and mariadb-server for job accounting (sacct), as real clusters have it.
# Idempotent (installs only what is missing); never removes or purges anything.
#   bash .ci/slurm/install.sh                      # with accounting
#   IZH_SLURM_ACCOUNTING=0 bash .ci/slurm/install.sh   # without (squeue status only)
set -euo pipefail

packages="slurm-wlm munge"
[ "${IZH_SLURM_ACCOUNTING:-1}" = 0 ] || packages="$packages slurmdbd mariadb-server"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "[slurm-install] already installed: $packages"
    exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists only when apt does not know a package yet (CI already did)
for p in $missing; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q "Candidate: [0-9]"; then
        $sudo apt-get update -qq
        break
    fi
done
# apt's own service start is refused here (policy-rc.d); up.sh starts the daemons by hand
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "[slurm-install] installed$missing in $(($(date +%s) - start)) s"
