/* json-lexer.h: splits JSON text into tokens the way QEMU's lexer does (internal to qapi/). */
#ifndef QNET_QAPI_JSON_LEXER_H
#define QNET_QAPI_JSON_LEXER_H

#include <glib.h>
#include <stdbool.h>

typedef enum JsonTokenType {
    JSON_TOK_ERROR,        /* text that is no token: "stray '...'" */
    JSON_TOK_LCURLY,
    JSON_TOK_RCURLY,
    JSON_TOK_LSQUARE,
    JSON_TOK_RSQUARE,
    JSON_TOK_COLON,
    JSON_TOK_COMMA,
    JSON_TOK_INTEGER,
    JSON_TOK_FLOAT,
    JSON_TOK_KEYWORD,      /* any run of a-z; the parser checks it */
    JSON_TOK_STRING,       /* with its quotes; the parser decodes it */
} JsonTokenType;

/* Receives each token; @text is only valid during the call. */
typedef void JsonTokenFunc(void *opaque, JsonTokenType type,
                           const char *text);

/*
 * Feeds @text (then an end of input) to QEMU's lexer state machine and
 * calls @emit for each token.  After an error token the lexer skips to the
 * next structural character, as QEMU's does.
 */
void json_lex(const char *text, JsonTokenFunc *emit, void *opaque);

#endif
