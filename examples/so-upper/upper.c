/* GMQ so-module example: upper-cases each message's text and emits it to the "out-topic" of its config. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "gmq_module.h"

static gmq_emit_fn emit;
static void *emit_ctx;
static char out_topic[256] = "so/out";

/* Copies the JSON string value of "key" (escapes kept as they are) into out; 0 if absent or too long. */
static int string_field(const char *json, const char *key, char *out, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *start = strstr(json, pattern);
    if (!start) {
        return 0;
    }
    start += strlen(pattern);
    size_t n = 0;
    for (const char *p = start; *p && !(*p == '"' && p[-1] != '\\'); p++) {
        if (n + 1 >= size) {
            return 0;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
    return 1;
}

int gmq_init(const char *config_json, gmq_emit_fn emit_fn, void *ctx) {
    emit = emit_fn;
    emit_ctx = ctx;
    string_field(config_json, "out-topic", out_topic, sizeof out_topic);
    return 0;
}

int gmq_handle(const char *message_json) {
    char text[4096];
    if (!string_field(message_json, "text", text, sizeof text)) {
        return 2; /* no text payload, or too long for this example */
    }
    if (strcmp(text, "fail") == 0) {
        return 3;
    }
    for (char *p = text; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++; /* keep escape sequences such as \n intact */
        } else {
            *p = (char) toupper((unsigned char) *p);
        }
    }
    char out[4400];
    snprintf(out, sizeof out, "{\"topic\":\"%s\",\"text\":\"%s\"}", out_topic, text);
    emit(emit_ctx, out);
    return 0;
}

int gmq_stop(void) {
    return 0;
}
