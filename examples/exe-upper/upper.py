#!/usr/bin/env python3
"""GMQ exe module example: upper-cases the text of every message and publishes it.

Protocol (one JSON object per line; README "exe modules"):
  gateway -> module  {"type":"start","module":NAME,"config":{...}}   then answer {"type":"ready"}
                     {"type":"message","id","topic","source","timestamp","headers",{...},"payload":BASE64}
                     {"type":"stop"}
  module -> gateway  {"type":"ack","id":ID}  or  {"type":"ack","id":ID,"error":"why"}
                     {"type":"publish","topic":T,"text":"..." | "payload":BASE64,"headers":{...}}
                     {"type":"log","message":"..."}
Anything written to stderr goes to the gateway's log.
"""
import base64
import json
import sys


def send(line):
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def main():
    out_topic = "upper/out"
    for raw in sys.stdin:
        msg = json.loads(raw)
        kind = msg.get("type")
        if kind == "start":
            out_topic = msg.get("config", {}).get("out-topic", out_topic)
            send({"type": "ready"})
        elif kind == "message":
            text = base64.b64decode(msg["payload"]).decode("utf-8", "replace")
            if text == "fail":
                send({"type": "ack", "id": msg["id"], "error": "asked to fail"})
                continue
            send({"type": "publish", "topic": out_topic, "text": text.upper(), "headers": {"in-reply-to": msg["id"]}})
            send({"type": "ack", "id": msg["id"]})
        elif kind == "stop":
            break


if __name__ == "__main__":
    main()
