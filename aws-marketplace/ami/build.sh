#!/usr/bin/env bash
# Builds the Sluice AMI contents on a Debian 12 (bookworm) builder instance, as root:
#   1. the native binary, built with Dockerfile.native (PostgreSQL build) — or pass an already built one;
#   2. libsrt 1.5 (Debian's libsrt1.5-openssl), the AWS CLI and cron (token refresh), nothing else;
#   3. a `sluice` system user, the systemd unit, and no secrets: instance user data writes
#      /etc/sluice/sluice.env at first boot (see terraform/user-data.sh.tftpl).
# Then snapshot the instance (aws ec2 create-image) and submit the AMI through the Marketplace portal.
#
#   sudo aws-marketplace/ami/build.sh                       # builds the binary with Docker
#   sudo aws-marketplace/ami/build.sh /path/to/sluice-runner  # uses that binary
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }

binary=${1:-}
if [[ -z "$binary" ]]; then
  command -v docker >/dev/null || { echo "Docker is needed to build the native binary (or pass one)" >&2; exit 1; }
  docker build -f "$repo/Dockerfile.native" -t sluice:native "$repo"
  cid=$(docker create sluice:native)
  docker cp "$cid:/usr/local/bin/sluice" /tmp/sluice-runner
  docker rm "$cid" >/dev/null
  binary=/tmp/sluice-runner
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends libsrt1.5-openssl ca-certificates curl awscli cron
apt-get clean
rm -rf /var/lib/apt/lists/*

id sluice >/dev/null 2>&1 || useradd --system --home /var/lib/sluice --shell /usr/sbin/nologin sluice
install -m 0755 "$binary" /usr/local/bin/sluice
install -d -m 0750 -o sluice -g sluice /etc/sluice /var/lib/sluice
install -m 0644 "$here/sluice.service" /etc/systemd/system/sluice.service
systemctl daemon-reload
systemctl enable sluice   # starts once user data has written /etc/sluice/sluice.env

# Marketplace hygiene: no keys, no history, no logs from the build.
rm -f /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys /root/.bash_history
journalctl --rotate >/dev/null 2>&1 && journalctl --vacuum-time=1s >/dev/null 2>&1 || true
echo "Sluice AMI contents ready: $(/usr/local/bin/sluice --help >/dev/null 2>&1; ls -la /usr/local/bin/sluice)"
