/* qmp-stream.c: splitting a QMP byte stream into JSON values, as QEMU's streamer does, with bounded memory. */
#include "monitor/qmp-stream.h"

#include <string.h>

#include "qapi/json-parser.h"

/* QEMU's nesting limit for one value. */
#define QMP_STREAM_MAX_NESTING 1024

/*
 * Lexer states, following the token grammar of QEMU's JSON lexer: the
 * stream has to end values exactly where QEMU does, so it tracks tokens,
 * not just brackets.
 */
typedef enum LexState {
    LS_START,
    LS_WHITESPACE,
    LS_DQ, LS_DQ_ESC, LS_SQ, LS_SQ_ESC,
    LS_ZERO, LS_SIGN, LS_DIGITS, LS_MANT, LS_MANT_DIGITS,
    LS_EXP_E, LS_EXP_SIGN, LS_EXP_DIGITS,
    LS_KEYWORD,
    LS_RECOVERY,     /* after a stray character: skip to a structural one */
    LS_DISCARD,      /* after a limit was hit: skip to the end of the line */
} LexState;

/* What one character does in the current state. */
typedef enum LexStep {
    STEP_CONTINUE,       /* part of the current token */
    STEP_TOKEN,          /* ends the token, and is part of it */
    STEP_TOKEN_BEFORE,   /* ends the token before it; look at it again */
    STEP_SKIP_BEFORE,    /* ends white space before it; look at it again */
    STEP_ERROR,          /* no token can contain it */
} LexStep;

struct QmpStream {
    size_t max_bytes;
    QmpStreamEmit *emit;
    void *opaque;
    LexState state;
    GString *value;       /* text of the value being collected */
    size_t token_start;   /* offset of the current token in @value */
    int braces, brackets;
};

QmpStream *qmp_stream_new(size_t max_bytes, QmpStreamEmit *emit,
                          void *opaque)
{
    QmpStream *s = g_new0(QmpStream, 1);
    s->max_bytes = max_bytes;
    s->emit = emit;
    s->opaque = opaque;
    s->value = g_string_new(NULL);
    return s;
}

void qmp_stream_free(QmpStream *s)
{
    if (s) {
        g_string_free(s->value, TRUE);
        g_free(s);
    }
}

static void drop_value(QmpStream *s)
{
    g_string_truncate(s->value, 0);
    s->token_start = 0;
    s->braces = s->brackets = 0;
}

void qmp_stream_reset(QmpStream *s)
{
    drop_value(s);
    s->state = LS_START;
}

static void emit_error(QmpStream *s, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void emit_error(QmpStream *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    Error *err = NULL;
    error_setg(&err, "%s", msg);
    s->emit(s->opaque, NULL, err);
}

static bool is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A token that may end here ends before any ASCII character. */
static LexStep terminal(unsigned c)
{
    return c < 0x80 ? STEP_TOKEN_BEFORE : STEP_ERROR;
}

static LexStep step_string(QmpStream *s, unsigned c)
{
    bool dq = s->state == LS_DQ || s->state == LS_DQ_ESC;
    LexState plain = dq ? LS_DQ : LS_SQ;

    if (c < 0x20 || c > 0xFD) {
        return STEP_ERROR;
    }
    if (s->state == LS_DQ_ESC || s->state == LS_SQ_ESC) {
        s->state = plain;
    } else if (c == (dq ? '"' : '\'')) {
        return STEP_TOKEN;
    } else if (c == '\\') {
        s->state = dq ? LS_DQ_ESC : LS_SQ_ESC;
    }
    return STEP_CONTINUE;
}

static LexStep to(QmpStream *s, LexState next)
{
    s->state = next;
    return STEP_CONTINUE;
}

static LexStep step_number(QmpStream *s, unsigned c)
{
    bool exp = c == 'e' || c == 'E';

    switch (s->state) {
    case LS_SIGN:
        return c == '0' ? to(s, LS_ZERO)
               : is_digit(c) ? to(s, LS_DIGITS) : STEP_ERROR;
    case LS_ZERO:
        return is_digit(c) ? STEP_ERROR
               : c == '.' ? to(s, LS_MANT) : terminal(c);
    case LS_DIGITS:
        return is_digit(c) ? STEP_CONTINUE
               : c == '.' ? to(s, LS_MANT)
               : exp ? to(s, LS_EXP_E) : terminal(c);
    case LS_MANT:
        return is_digit(c) ? to(s, LS_MANT_DIGITS) : STEP_ERROR;
    case LS_MANT_DIGITS:
        return is_digit(c) ? STEP_CONTINUE
               : exp ? to(s, LS_EXP_E) : terminal(c);
    case LS_EXP_E:
        return (c == '+' || c == '-') ? to(s, LS_EXP_SIGN)
               : is_digit(c) ? to(s, LS_EXP_DIGITS) : STEP_ERROR;
    case LS_EXP_SIGN:
        return is_digit(c) ? to(s, LS_EXP_DIGITS) : STEP_ERROR;
    default: /* LS_EXP_DIGITS */
        return is_digit(c) ? STEP_CONTINUE : terminal(c);
    }
}

static LexStep step_start(QmpStream *s, unsigned c)
{
    switch (c) {
    case '"': return to(s, LS_DQ);
    case '\'': return to(s, LS_SQ);
    case '0': return to(s, LS_ZERO);
    case '-': return to(s, LS_SIGN);
    case '{': s->braces++; return STEP_TOKEN;
    case '}': s->braces--; return STEP_TOKEN;
    case '[': s->brackets++; return STEP_TOKEN;
    case ']': s->brackets--; return STEP_TOKEN;
    case ',': case ':': return STEP_TOKEN;
    }
    if (is_digit(c)) {
        return to(s, LS_DIGITS);
    }
    if (c >= 'a' && c <= 'z') {
        return to(s, LS_KEYWORD);
    }
    return is_space(c) ? to(s, LS_WHITESPACE) : STEP_ERROR;
}

static LexStep step(QmpStream *s, unsigned c)
{
    switch (s->state) {
    case LS_START:
        return step_start(s, c);
    case LS_WHITESPACE:
        return is_space(c) ? STEP_CONTINUE
               : c < 0x80 ? STEP_SKIP_BEFORE : STEP_ERROR;
    case LS_DQ: case LS_DQ_ESC: case LS_SQ: case LS_SQ_ESC:
        return step_string(s, c);
    case LS_KEYWORD:
        return (c >= 'a' && c <= 'z') ? STEP_CONTINUE : terminal(c);
    default:
        return step_number(s, c);
    }
}

/* A token ended: hand the value over once its brackets balance. */
static void token_done(QmpStream *s)
{
    s->state = LS_START;
    if (s->braces + s->brackets > QMP_STREAM_MAX_NESTING) {
        emit_error(s, "JSON nesting depth limit exceeded");
        drop_value(s);
        s->state = LS_DISCARD;
        return;
    }
    if ((s->braces > 0 || s->brackets > 0) && s->braces >= 0 &&
        s->brackets >= 0) {
        s->token_start = s->value->len;
        return;
    }
    Error *err = NULL;
    JsonNode *node = qapi_json_parse(s->value->str, &err);
    drop_value(s);
    s->emit(s->opaque, node, err);
}

static void stray(QmpStream *s)
{
    emit_error(s, "JSON parse error, stray '%s'",
               s->value->str + s->token_start);
    drop_value(s);
    s->state = LS_RECOVERY;
}

/* Feeds one character; returns false when it must be looked at again. */
static bool feed_char(QmpStream *s, unsigned char c)
{
    if (s->state == LS_DISCARD) {
        if (c == '\n') {
            s->state = LS_START;
        }
        return true;
    }
    if (s->state == LS_RECOVERY) {
        if (c == '\t' || (c >= 0x20 && c <= 0xFD && !strchr("[]{}:,", c))) {
            return true;
        }
        s->state = LS_START;
        return false;
    }
    LexStep st = step(s, c);
    if (st == STEP_SKIP_BEFORE) {
        s->token_start = s->value->len;
        s->state = LS_START;
        return false;
    }
    if (st == STEP_TOKEN_BEFORE) {
        token_done(s);
        return false;
    }
    if (st == STEP_CONTINUE && s->state == LS_WHITESPACE && !s->braces &&
        !s->brackets) {
        return true;        /* white space between values is not kept */
    }
    g_string_append_c(s->value, (char)c);
    if (st == STEP_ERROR) {
        stray(s);
    } else if (st == STEP_TOKEN) {
        token_done(s);
    }
    return true;
}

static bool over_limit(QmpStream *s)
{
    if (s->value->len <= s->max_bytes) {
        return false;
    }
    emit_error(s, "JSON token size limit exceeded");
    drop_value(s);
    s->state = LS_DISCARD;
    return true;
}

void qmp_stream_feed(QmpStream *s, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while (!feed_char(s, (unsigned char)buf[i])) {
            /* the character starts the next token */
        }
        over_limit(s);
    }
}
