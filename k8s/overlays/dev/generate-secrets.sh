#!/usr/bin/env bash
# Writes secrets.env for the dev overlay: a random value for every key of the Secret gmq-secrets. Keeps an
# existing file (delete it to rotate). The file is git-ignored: secrets never enter the repository.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f secrets.env ]; then echo "secrets.env exists; keeping it"; exit 0; fi
random() { openssl rand -base64 36 | tr -d '/+=\n' | cut -c1-40; }
umask 077
{
  for key in im-internal-secret im-jwt-secret im-admin-password postgres-password mariadb-password \
      gateway-admin-password gateway-publisher-password; do
    echo "$key=$(random)"
  done
} > secrets.env
echo "wrote $(pwd)/secrets.env (the IM admin password is im-admin-password)"
