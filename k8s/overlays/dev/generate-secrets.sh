#!/usr/bin/env bash
# Writes secrets.env for the dev overlay: a random value for every key of the Secret gmq-secrets, and the Redis and
# MongoDB URLs with the dev servers' passwords in them. The dev broker and Kafka take anonymous clients, so the MQTT
# and Kafka credentials stay empty. Keeps an existing file (delete it to rotate). The file is git-ignored: secrets
# never enter the repository.
set -euo pipefail
cd "$(dirname "$0")"
keys="im-internal-secret im-jwt-secret im-admin-password postgres-password mariadb-password gateway-admin-password
  gateway-publisher-password redis-password redis-url mongodb-password mongodb-url mqtt-username mqtt-password
  kafka-sasl-jaas-config"
if [ -f secrets.env ]; then
  missing=$(for key in $keys; do grep -q "^$key=" secrets.env || echo "$key"; done | tr '\n' ' ')
  if [ -n "$missing" ]; then
    echo "secrets.env lacks $missing(written by an older version): delete it to generate a complete one" >&2
    exit 1
  fi
  echo "secrets.env exists; keeping it"; exit 0
fi
random() { openssl rand -base64 36 | tr -d '/+=\n' | cut -c1-40; }
umask 077
redis_password=$(random)
mongodb_password=$(random)
{
  for key in im-internal-secret im-jwt-secret im-admin-password postgres-password mariadb-password \
      gateway-admin-password gateway-publisher-password; do
    echo "$key=$(random)"
  done
  echo "redis-password=$redis_password"
  echo "redis-url=redis://:$redis_password@redis:6379"
  echo "mongodb-password=$mongodb_password"
  echo "mongodb-url=mongodb://gmq:$mongodb_password@mongodb:27017/?authSource=admin"
  echo "mqtt-username="
  echo "mqtt-password="
  echo "kafka-sasl-jaas-config="
} > secrets.env
echo "wrote $(pwd)/secrets.env (the IM admin password is im-admin-password)"
