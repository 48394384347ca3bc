/*
 * GMQ native ("so") module ABI, version 1.
 *
 * The gateway loads the shared library named by gmq.modules.<name>.library and calls, from one thread at a time:
 *   gmq_init    once, with the module's own keys under "config" as a JSON object, an emit callback and its context;
 *   gmq_handle  once per message, with the message as JSON:
 *                 {"id":"...","topic":"...","source":"...","timestamp":123,"headers":{...},
 *                  "payload":"<base64>","text":"<payload as a JSON string, present when it is valid UTF-8>"}
 *   gmq_stop    once, when the module stops (the library is unloaded afterwards).
 * Results go back through emit(ctx, json), callable only during gmq_init or gmq_handle, with
 *   {"topic":"...","text":"..."}  or  {"topic":"...","payload":"<base64>"}, optionally "headers":{...}.
 * Return 0 for success; any other value fails the init (module FAILED) or the message (counted as failed).
 * Strings are NUL-terminated UTF-8, owned by the caller and valid only during the call.
 * A native module runs inside the gateway process: a crash in it crashes the gateway.
 */
#ifndef GMQ_MODULE_H
#define GMQ_MODULE_H

typedef void (*gmq_emit_fn)(void *ctx, const char *message_json);

int gmq_init(const char *config_json, gmq_emit_fn emit, void *ctx);
int gmq_handle(const char *message_json);
int gmq_stop(void);

#endif
