#!/usr/bin/env bash
# A real single-node Slurm on loopback for tests and trials (SlurmIT uses it): munged, slurmctld and
# slurmd with every config, state, spool, pid and log file under one folder, stopped by PID.
# Needs root (the daemons) and Debian's slurm-wlm and munge (scripts/setup.sh installs them).
#
#   scripts/slurm-local.sh start [FOLDER]   # default FOLDER: target/slurm; prints SLURM_CONF=...
#   scripts/slurm-local.sh stop [FOLDER]    # stops what start started, by PID
#   MAX_ARRAY_SIZE=5 scripts/slurm-local.sh start   # a small MaxArraySize, to see arrays split
#
# Then: export SLURM_CONF=FOLDER/etc/slurm.conf and use sbatch, squeue, scontrol, scancel as usual.
# Pitfalls measured on these machines are in docs/scaling.md (single-node Slurm).
set -euo pipefail

command=${1:-}
S=$(realpath -m "${2:-target/slurm}")

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

stop_pid_file() {
  local file=$1
  if [ -s "$file" ]; then
    local pid
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null; then
      as_root kill "$pid" || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$file"
  fi
}

stop() {
  stop_pid_file "$S/slurmd.pid"
  stop_pid_file "$S/slurmctld.pid"
  # munged only when this script started it (another user of munge may share it).
  if [ -f "$S/munged.started" ]; then
    stop_pid_file /run/munge/munged.pid
    rm -f "$S/munged.started"
  fi
}

case "$command" in
  start)
    for tool in sbatch slurmctld slurmd; do
      if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
        echo "error: $tool is not installed; run scripts/setup.sh (installs slurm-wlm and munge)" >&2
        exit 2
      fi
    done
    if [ ! -x /usr/sbin/munged ]; then
      echo "error: munged is not installed; run scripts/setup.sh (installs slurm-wlm and munge)" >&2
      exit 2
    fi
    stop
    rm -rf "$S/state" "$S/spool" "$S/log"
    mkdir -p "$S"/{etc,state,spool,log}
    if ! { [ -s /run/munge/munged.pid ] && kill -0 "$(cat /run/munge/munged.pid)" 2>/dev/null; }; then
      # Debian's postinst made the key; systemd-tmpfiles would make /run/munge (absent here).
      [ -s /etc/munge/munge.key ] || as_root mungekey --create --keyfile=/etc/munge/munge.key
      as_root chown munge:munge /etc/munge/munge.key
      as_root chmod 400 /etc/munge/munge.key
      as_root mkdir -p /run/munge
      as_root chown munge:munge /run/munge
      as_root chmod 755 /run/munge
      as_root runuser -u munge -- /usr/sbin/munged
      touch "$S/munged.started"
    fi
    munge -n | unmunge >/dev/null
    # RealMemory above what the node has leaves it 'inval': stay under.
    mem=$(awk '/MemTotal/{print int($2/1024*0.9)}' /proc/meminfo)
    cat > "$S/etc/slurm.conf" <<CONF
ClusterName=nclab-local
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
MailProg=/bin/true
KillWait=60
${MAX_ARRAY_SIZE:+MaxArraySize=$MAX_ARRAY_SIZE}
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$S/etc/slurm.conf
    as_root /usr/sbin/slurmctld -f "$SLURM_CONF"
    as_root /usr/sbin/slurmd -f "$SLURM_CONF" -N localhost
    for _ in $(seq 120); do
      if sinfo -h -o %T 2>/dev/null | grep -qx idle; then
        echo "SLURM_CONF=$SLURM_CONF"
        exit 0
      fi
      sleep 0.5
    done
    echo "error: the node did not become idle within 60 s; see $S/log/slurmctld.log and $S/log/slurmd.log" >&2
    stop
    exit 1
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: scripts/slurm-local.sh start|stop [FOLDER]" >&2
    exit 2
    ;;
esac
