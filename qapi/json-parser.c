/* json-parser.c: JSON text to a json-glib tree, accepting and rejecting exactly what QEMU's parser does. */
#include "qapi/json-parser.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "qapi/json-lexer.h"
#include "qapi/numbers.h"

/* QEMU's limits per JSON value. */
#define MAX_TOKEN_SIZE (64ull << 20)
#define MAX_TOKEN_COUNT (2ull << 20)
#define MAX_NESTING 1024

typedef struct Token {
    JsonTokenType type;
    char *text;
} Token;

/* Groups tokens into values as QEMU's "streamer" does, and parses them. */
typedef struct Streamer {
    GPtrArray *tokens;         /* Token *, of the value being collected */
    guint next;                /* parse position in tokens */
    size_t token_size;
    int braces, brackets;
    JsonNode *result;
    Error *err;
    bool done;                 /* an error is final */
} Streamer;

static void token_free(gpointer p)
{
    Token *t = p;
    g_free(t->text);
    g_free(t);
}

static void parse_error(Streamer *st, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Records a parse error; only the first one of a value counts. */
static void parse_error(Streamer *st, const char *fmt, ...)
{
    va_list ap;

    if (st->err) {
        return;
    }
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&st->err, "JSON parse error, %s", msg);
}

static Token *peek(Streamer *st)
{
    return st->next < st->tokens->len ? st->tokens->pdata[st->next] : NULL;
}

static Token *pop(Streamer *st)
{
    Token *t = peek(st);
    if (t) {
        st->next++;
    }
    return t;
}

static JsonNode *parse_value(Streamer *st);

/* QEMU's \uXXXX: four hex digits, or -1. */
static int hex4(const char *s)
{
    int cp = 0;
    for (int i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit(s[i])) {
            return -1;
        }
        cp = cp << 4 | g_ascii_xdigit_value(s[i]);
    }
    return cp;
}

static bool codepoint_valid(int cp)
{
    return cp >= 0 && cp <= 0x10FFFF && !(cp >= 0xFDD0 && cp <= 0xFDEF) &&
           (cp & 0xFFFE) != 0xFFFE && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* Appends @cp in QEMU's modified UTF-8 (NUL is C0 80); false if invalid. */
static bool append_utf8(GString *s, int cp)
{
    if (!codepoint_valid(cp)) {
        return false;
    }
    if (cp > 0 && cp <= 0x7F) {
        g_string_append_c(s, (char)cp);
    } else if (cp <= 0x7FF) {
        g_string_append_c(s, (char)(0xC0 | (cp >> 6)));
        g_string_append_c(s, (char)(0x80 | (cp & 0x3F)));
    } else if (cp <= 0xFFFF) {
        g_string_append_c(s, (char)(0xE0 | (cp >> 12)));
        g_string_append_c(s, (char)(0x80 | ((cp >> 6) & 0x3F)));
        g_string_append_c(s, (char)(0x80 | (cp & 0x3F)));
    } else {
        g_string_append_c(s, (char)(0xF0 | (cp >> 18)));
        g_string_append_c(s, (char)(0x80 | ((cp >> 12) & 0x3F)));
        g_string_append_c(s, (char)(0x80 | ((cp >> 6) & 0x3F)));
        g_string_append_c(s, (char)(0x80 | (cp & 0x3F)));
    }
    return true;
}

/* Decodes one UTF-8 sequence at @p (QEMU accepts C0 80 for NUL), or -1. */
static int decode_utf8(const char *p, const char **end)
{
    static const int min_cp[5] = { 0x80, 0x800, 0x10000, 0x200000,
                                    0x4000000 };
    const unsigned char *s = (const unsigned char *)p;
    unsigned byte = *s++, len = 0, mask;
    int cp;

    if (byte < 0x80 || byte >= 0xFE || !(byte & 0x40)) {
        *end = (const char *)s;
        return byte < 0x80 ? (int)byte : -1;
    }
    for (mask = 0x80; byte & mask; mask >>= 1) {
        len++;
    }
    g_assert(len >= 2 && len <= 6);     /* 0xC0..0xFD lead bytes */
    cp = byte & (mask - 1);
    for (unsigned i = 1; i < len; i++, s++) {
        if ((*s & 0xC0) != 0x80) {
            *end = (const char *)s;
            return -1;
        }
        cp = cp << 6 | (*s & 0x3F);
    }
    *end = (const char *)s;
    if (!codepoint_valid(cp) || (cp < min_cp[len - 2] && !(cp == 0 && len == 2))) {
        return -1;
    }
    return cp;
}

/* Decodes a \u escape at @p (just past "\u"); returns the rest or NULL. */
static const char *parse_unicode_escape(Streamer *st, const char *beg,
                                        const char *p, GString *out)
{
    int cp = hex4(p);
    p += cp < 0 ? MIN(strlen(p), 4) : 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && p[0] == '\\' && p[1] == 'u') {
        int low = hex4(p + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp & 0x3FF) << 10) + (low & 0x3FF);
            p += 6;
        } else {
            cp = -1;
        }
    }
    if (!append_utf8(out, cp)) {
        parse_error(st, "%.*s is not a valid Unicode character",
                    (int)(p - beg), beg);
        return NULL;
    }
    return p;
}

static char simple_escape(char c)
{
    switch (c) {
    case '"': return '"';
    case '\'': return '\'';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    }
    return 0;
}

static JsonNode *parse_string(Streamer *st, const Token *tok)
{
    const char *p = tok->text;
    char quote = *p++;
    GString *out = g_string_new(NULL);

    while (p && *p != quote) {
        const char *beg = p;
        if (*p == '\\') {
            char c = simple_escape(p[1]);
            if (p[1] == 'u') {
                p = parse_unicode_escape(st, beg, p + 2, out);
            } else if (c) {
                g_string_append_c(out, c);
                p += 2;
            } else {
                parse_error(st, "invalid escape sequence in string");
                p = NULL;
            }
        } else {
            int cp = decode_utf8(p, &p);
            if (cp < 0) {
                parse_error(st, "invalid UTF-8 sequence in string");
                p = NULL;
            } else {
                append_utf8(out, cp);
            }
        }
    }
    JsonNode *node = p ? json_node_init_string(json_node_alloc(), out->str)
                       : NULL;
    g_string_free(out, TRUE);
    return node;
}

static JsonNode *parse_number(const Token *tok)
{
    int64_t i;

    if (tok->type == JSON_TOK_INTEGER && qapi_strtoi64(tok->text, 10, &i) == 0) {
        return json_node_init_int(json_node_alloc(), i);
    }
    return json_node_init_double(json_node_alloc(), strtod(tok->text, NULL));
}

static JsonNode *parse_keyword(Streamer *st, const Token *tok)
{
    if (strcmp(tok->text, "true") == 0) {
        return json_node_init_boolean(json_node_alloc(), TRUE);
    }
    if (strcmp(tok->text, "false") == 0) {
        return json_node_init_boolean(json_node_alloc(), FALSE);
    }
    if (strcmp(tok->text, "null") == 0) {
        return json_node_init_null(json_node_alloc());
    }
    parse_error(st, "invalid keyword '%s'", tok->text);
    return NULL;
}

/* Parses "key": value into @obj. */
static bool parse_pair(Streamer *st, JsonObject *obj)
{
    if (!peek(st)) {
        parse_error(st, "premature EOI");
        return false;
    }
    JsonNode *key = parse_value(st);
    if (!key || json_node_get_value_type(key) != G_TYPE_STRING) {
        parse_error(st, "key is not a string in object");
        if (key) {
            json_node_unref(key);
        }
        return false;
    }
    g_autofree char *name = json_node_dup_string(key);
    json_node_unref(key);

    Token *t = pop(st);
    if (!t) {
        parse_error(st, "premature EOI");
        return false;
    }
    if (t->type != JSON_TOK_COLON) {
        parse_error(st, "missing : in object pair");
        return false;
    }
    JsonNode *value = parse_value(st);
    if (!value) {
        parse_error(st, "Missing value in dict");
        return false;
    }
    if (json_object_has_member(obj, name)) {
        parse_error(st, "duplicate key");
        json_node_unref(value);
        return false;
    }
    json_object_set_member(obj, name, value);
    return true;
}

static bool parse_object_members(Streamer *st, JsonObject *obj)
{
    Token *t = peek(st);

    if (!t) {
        parse_error(st, "premature EOI");
        return false;
    }
    if (t->type == JSON_TOK_RCURLY) {
        pop(st);
        return true;
    }
    for (;;) {
        if (!parse_pair(st, obj)) {
            return false;
        }
        t = pop(st);
        if (!t) {
            parse_error(st, "premature EOI");
            return false;
        }
        if (t->type == JSON_TOK_RCURLY) {
            return true;
        }
        if (t->type != JSON_TOK_COMMA) {
            parse_error(st, "expected separator in dict");
            return false;
        }
    }
}

static bool parse_array_elements(Streamer *st, JsonArray *array)
{
    Token *t = peek(st);

    if (!t) {
        parse_error(st, "premature EOI");
        return false;
    }
    if (t->type == JSON_TOK_RSQUARE) {
        pop(st);
        return true;
    }
    for (;;) {
        JsonNode *elt = parse_value(st);
        if (!elt) {
            parse_error(st, "expecting value");
            return false;
        }
        json_array_add_element(array, elt);
        t = pop(st);
        if (!t) {
            parse_error(st, "premature EOI");
            return false;
        }
        if (t->type == JSON_TOK_RSQUARE) {
            return true;
        }
        if (t->type != JSON_TOK_COMMA) {
            parse_error(st, "expected separator in list");
            return false;
        }
    }
}

static JsonNode *parse_container(Streamer *st, bool object)
{
    JsonNode *node = json_node_alloc();
    bool ok;

    pop(st);
    if (object) {
        JsonObject *obj = json_object_new();
        json_node_init_object(node, obj);
        ok = parse_object_members(st, obj);
        json_object_unref(obj);
    } else {
        JsonArray *array = json_array_new();
        json_node_init_array(node, array);
        ok = parse_array_elements(st, array);
        json_array_unref(array);
    }
    if (!ok) {
        json_node_unref(node);
        return NULL;
    }
    return node;
}

static JsonNode *parse_value(Streamer *st)
{
    Token *t = peek(st);

    if (!t) {
        parse_error(st, "premature EOI");
        return NULL;
    }
    switch (t->type) {
    case JSON_TOK_LCURLY:
        return parse_container(st, true);
    case JSON_TOK_LSQUARE:
        return parse_container(st, false);
    case JSON_TOK_STRING:
        return parse_string(st, pop(st));
    case JSON_TOK_INTEGER:
    case JSON_TOK_FLOAT:
        return parse_number(pop(st));
    case JSON_TOK_KEYWORD:
        return parse_keyword(st, pop(st));
    default:
        parse_error(st, "expecting value");
        return NULL;
    }
}

/* Parses the collected tokens as one value and starts a new one. */
static void parse_collected(Streamer *st)
{
    st->next = 0;
    JsonNode *node = parse_value(st);
    if (node && !st->err) {
        st->result = node;
    } else if (node) {
        json_node_unref(node);
    }
    st->done = st->err != NULL;
    g_ptr_array_set_size(st->tokens, 0);
    st->token_size = 0;
    st->braces = st->brackets = 0;
}

/* A value may only be followed by white space. */
static bool refuse_second_value(Streamer *st)
{
    if (!st->result) {
        return false;
    }
    json_node_unref(st->result);
    st->result = NULL;
    error_setg(&st->err, "Expecting at most one JSON value");
    st->done = true;
    return true;
}

static bool over_limits(Streamer *st, const char *text)
{
    if (st->token_size + strlen(text) + 1 > MAX_TOKEN_SIZE) {
        error_setg(&st->err, "JSON token size limit exceeded");
    } else if (st->tokens->len + 1 > MAX_TOKEN_COUNT) {
        error_setg(&st->err, "JSON token count limit exceeded");
    } else if (st->braces + st->brackets > MAX_NESTING) {
        error_setg(&st->err, "JSON nesting depth limit exceeded");
    } else {
        return false;
    }
    st->done = true;
    return true;
}

static void take_token(void *opaque, JsonTokenType type, const char *text)
{
    Streamer *st = opaque;

    if (st->done || refuse_second_value(st)) {
        return;
    }
    switch (type) {
    case JSON_TOK_ERROR:
        error_setg(&st->err, "JSON parse error, stray '%s'", text);
        st->done = true;
        return;
    case JSON_TOK_LCURLY: st->braces++; break;
    case JSON_TOK_RCURLY: st->braces--; break;
    case JSON_TOK_LSQUARE: st->brackets++; break;
    case JSON_TOK_RSQUARE: st->brackets--; break;
    default: break;
    }
    if (over_limits(st, text)) {
        return;
    }
    Token *t = g_new(Token, 1);
    t->type = type;
    t->text = g_strdup(text);
    g_ptr_array_add(st->tokens, t);
    st->token_size += strlen(text);
    if ((st->braces > 0 || st->brackets > 0) &&
        st->braces >= 0 && st->brackets >= 0) {
        return;
    }
    parse_collected(st);
}

JsonNode *qapi_json_parse(const char *text, Error **errp)
{
    Streamer st = { .tokens = g_ptr_array_new_with_free_func(token_free) };

    json_lex(text, take_token, &st);
    if (!st.done && st.tokens->len) {
        parse_collected(&st);
    }
    g_ptr_array_free(st.tokens, TRUE);
    if (!st.result && !st.err) {
        error_setg(&st.err, "Expecting a JSON value");
    }
    if (st.err) {
        error_propagate(errp, st.err);
        return NULL;
    }
    return st.result;
}
