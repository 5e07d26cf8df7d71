/* json-lexer.c: splits JSON text into tokens the way QEMU's lexer does. */
#include "qapi/json-lexer.h"

#include <string.h>

/*
 * Lexer states.  A transition either moves to a state (the character is
 * part of the token), or ends a token, with LOOKAHEAD when the character
 * is not part of it and must be looked at again from the start state.
 */
enum {
    LX_ERROR,
    LX_RECOVERY,
    LX_DQ, LX_DQ_ESC,
    LX_SQ, LX_SQ_ESC,
    LX_ZERO, LX_SIGN, LX_DIGITS,
    LX_MANTISSA, LX_MANTISSA_DIGITS,
    LX_EXP_E, LX_EXP_SIGN, LX_EXP_DIGITS,
    LX_KEYWORD,
    LX_WHITESPACE,
    LX_START,
    LX_TOKEN = 0x20,           /* LX_TOKEN + JsonTokenType: a token ends */
    LX_SKIP = 0x40,            /* white space ends */
    LOOKAHEAD = 0x100,
};

#define TOKEN(t) (LX_TOKEN + (t))

static bool is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Ends the token of a state that may end here, on any ASCII character. */
static int terminal(int token, unsigned c)
{
    return c < 0x80 ? token | LOOKAHEAD : LX_ERROR;
}

static int next_in_string(int state, unsigned c)
{
    bool dq = state == LX_DQ || state == LX_DQ_ESC;
    int plain = dq ? LX_DQ : LX_SQ;

    if (c < 0x20 || c > 0xFD) {
        return LX_ERROR;
    }
    if (state == LX_DQ_ESC || state == LX_SQ_ESC) {
        return plain;
    }
    if (c == (dq ? '"' : '\'')) {
        return TOKEN(JSON_TOK_STRING);
    }
    return c == '\\' ? plain + 1 : plain;
}

static int next_in_number(int state, unsigned c)
{
    switch (state) {
    case LX_SIGN:
        return c == '0' ? LX_ZERO : is_digit(c) ? LX_DIGITS : LX_ERROR;
    case LX_ZERO:
        return is_digit(c) ? LX_ERROR : c == '.' ? LX_MANTISSA
               : terminal(TOKEN(JSON_TOK_INTEGER), c);
    case LX_DIGITS:
        return is_digit(c) ? LX_DIGITS : c == '.' ? LX_MANTISSA
               : (c == 'e' || c == 'E') ? LX_EXP_E
               : terminal(TOKEN(JSON_TOK_INTEGER), c);
    case LX_MANTISSA:
        return is_digit(c) ? LX_MANTISSA_DIGITS : LX_ERROR;
    case LX_MANTISSA_DIGITS:
        return is_digit(c) ? LX_MANTISSA_DIGITS
               : (c == 'e' || c == 'E') ? LX_EXP_E
               : terminal(TOKEN(JSON_TOK_FLOAT), c);
    case LX_EXP_E:
        return (c == '+' || c == '-') ? LX_EXP_SIGN
               : is_digit(c) ? LX_EXP_DIGITS : LX_ERROR;
    case LX_EXP_SIGN:
        return is_digit(c) ? LX_EXP_DIGITS : LX_ERROR;
    default: /* LX_EXP_DIGITS */
        return is_digit(c) ? LX_EXP_DIGITS
               : terminal(TOKEN(JSON_TOK_FLOAT), c);
    }
}

static int next_from_start(unsigned c)
{
    switch (c) {
    case '"': return LX_DQ;
    case '\'': return LX_SQ;
    case '0': return LX_ZERO;
    case '-': return LX_SIGN;
    case '{': return TOKEN(JSON_TOK_LCURLY);
    case '}': return TOKEN(JSON_TOK_RCURLY);
    case '[': return TOKEN(JSON_TOK_LSQUARE);
    case ']': return TOKEN(JSON_TOK_RSQUARE);
    case ',': return TOKEN(JSON_TOK_COMMA);
    case ':': return TOKEN(JSON_TOK_COLON);
    }
    if (is_digit(c)) {
        return LX_DIGITS;
    }
    if (c >= 'a' && c <= 'z') {
        return LX_KEYWORD;
    }
    return is_space(c) ? LX_WHITESPACE : LX_ERROR;
}

/* Error recovery skips to a structural or control character. */
static int next_in_recovery(unsigned c)
{
    if (c == '\t' || (c >= 0x20 && c <= 0xFD && !strchr("[]{}:,", c))) {
        return LX_RECOVERY;
    }
    return LX_START | LOOKAHEAD;
}

static int next_state(int state, unsigned c)
{
    switch (state) {
    case LX_RECOVERY:
        return next_in_recovery(c);
    case LX_DQ: case LX_DQ_ESC: case LX_SQ: case LX_SQ_ESC:
        return next_in_string(state, c);
    case LX_KEYWORD:
        return (c >= 'a' && c <= 'z') ? LX_KEYWORD
               : terminal(TOKEN(JSON_TOK_KEYWORD), c);
    case LX_WHITESPACE:
        return is_space(c) ? LX_WHITESPACE : terminal(LX_SKIP, c);
    case LX_START:
        return next_from_start(c);
    default:
        return next_in_number(state, c);
    }
}

typedef struct Lexer {
    int state;
    GString *token;
    JsonTokenFunc *emit;
    void *opaque;
} Lexer;

/* Feeds one character (@flush: the end of input, never consumed). */
static void feed(Lexer *lx, unsigned char c, bool flush)
{
    bool consumed = false;

    while (flush ? lx->state != LX_START : !consumed) {
        int next = next_state(lx->state, c);
        consumed = !flush && !(next & LOOKAHEAD);
        next &= ~LOOKAHEAD;
        if (consumed) {
            g_string_append_c(lx->token, c);
        }
        if (next >= LX_TOKEN && next < LX_SKIP) {
            lx->emit(lx->opaque, next - LX_TOKEN, lx->token->str);
            next = LX_START;
        } else if (next == LX_SKIP) {
            next = LX_START;
        } else if (next == LX_ERROR) {
            lx->emit(lx->opaque, JSON_TOK_ERROR, lx->token->str);
            next = LX_RECOVERY;
        }
        if (next == LX_START || next == LX_RECOVERY) {
            g_string_truncate(lx->token, 0);
        }
        lx->state = next;
    }
}

void json_lex(const char *text, JsonTokenFunc *emit, void *opaque)
{
    Lexer lx = {
        .state = LX_START, .token = g_string_new(NULL),
        .emit = emit, .opaque = opaque,
    };

    for (const char *p = text; *p; p++) {
        feed(&lx, (unsigned char)*p, false);
    }
    feed(&lx, 0, true);
    g_string_free(lx.token, TRUE);
}
