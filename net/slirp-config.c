/* slirp-config.c: the options of `-netdev user`, checked and resolved as QEMU 7.2 does. */
#include "net/slirp-config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net/slirp-field.h"

/* QEMU copies each hostfwd/guestfwd rule into a 1024-byte buffer. */
#define RULE_MAX 1023
/* ... and the address part of net= into a 20-byte one. */
#define NET_ADDR_MAX 19
#define NAME_MAX_BYTES 255

/* ---- reading the typed object ---- */

static JsonNode *member(JsonObject *opts, const char *name)
{
    return json_object_has_member(opts, name)
               ? json_object_get_member(opts, name)
               : NULL;
}

static const char *opt_str(JsonObject *opts, const char *name)
{
    JsonNode *node = member(opts, name);
    return node && JSON_NODE_HOLDS_VALUE(node) &&
                   json_node_get_value_type(node) == G_TYPE_STRING
               ? json_node_get_string(node)
               : NULL;
}

/* A bool member; @has says whether it was given. */
static bool opt_bool(JsonObject *opts, const char *name, bool *has)
{
    JsonNode *node = member(opts, name);
    *has = node && JSON_NODE_HOLDS_VALUE(node);
    if (!*has) {
        return false;
    }
    if (json_node_get_value_type(node) == G_TYPE_BOOLEAN) {
        return json_node_get_boolean(node);
    }
    const char *s = json_node_get_string(node);
    return s && (strcmp(s, "on") == 0 || strcmp(s, "yes") == 0 ||
                 strcmp(s, "true") == 0 || strcmp(s, "y") == 0);
}

static int64_t opt_int(JsonObject *opts, const char *name)
{
    JsonNode *node = member(opts, name);
    if (!node || !JSON_NODE_HOLDS_VALUE(node)) {
        return 0;
    }
    if (json_node_get_value_type(node) == G_TYPE_STRING) {
        return g_ascii_strtoll(json_node_get_string(node), NULL, 10);
    }
    return json_node_get_int(node);
}

/* The strings of a list member: [{"str": "a"}, ...] (QAPI String) or ["a"]. */
static GPtrArray *opt_strlist(JsonObject *opts, const char *name)
{
    JsonNode *node = member(opts, name);
    GPtrArray *list = g_ptr_array_new();

    if (!node || !JSON_NODE_HOLDS_ARRAY(node)) {
        return list;
    }
    JsonArray *array = json_node_get_array(node);
    for (guint i = 0; i < json_array_get_length(array); i++) {
        JsonNode *item = json_array_get_element(array, i);
        if (JSON_NODE_HOLDS_OBJECT(item)) {
            const char *s = opt_str(json_node_get_object(item), "str");
            if (s) {
                g_ptr_array_add(list, (gpointer)s);
            }
        } else if (JSON_NODE_HOLDS_VALUE(item) &&
                   json_node_get_value_type(item) == G_TYPE_STRING) {
            g_ptr_array_add(list, (gpointer)json_node_get_string(item));
        }
    }
    return list;
}

/* ---- IPv4 ---- */

/* QEMU's default mask for a network given without one. */
static uint32_t classful_mask(uint32_t addr)
{
    if (!(addr & 0x80000000u)) {
        return 0xff000000u;                 /* class A */
    } else if ((addr & 0xfff00000u) == 0xac100000u) {
        return 0xfff00000u;                 /* 172.16.0.0/12 */
    } else if ((addr & 0xc0000000u) == 0x80000000u ||    /* class B */
               (addr & 0xffff0000u) == 0xc0a80000u) {   /* 192.168/16 */
        return 0xffff0000u;
    } else if ((addr & 0xffff0000u) == 0xc6120000u) {
        return 0xfffe0000u;                 /* 198.18.0.0/15 */
    } else if ((addr & 0xe0000000u) == 0xe0000000u) {
        return 0xffffff00u;
    }
    return 0xfffffff0u;
}

/* "addr[/len|/mask]"; the length is read like QEMU: strtol cut to int. */
static bool parse_network(const char *text, struct in_addr *net,
                          struct in_addr *mask, Error **errp)
{
    const char *p = text;
    g_autofree char *addr = NULL;

    if (!net_slirp_field_take(&p, '/', NET_ADDR_MAX, &addr)) {
        if (!inet_aton(text, net)) {
            error_setg(errp, "Failed to parse netmask");
            return false;
        }
        mask->s_addr = htonl(classful_mask(ntohl(net->s_addr)));
    } else {
        if (!inet_aton(addr, net)) {
            error_setg(errp, "Failed to parse netmask");
            return false;
        }
        char *end;
        int shift = (int)strtol(p, &end, 10);
        if (*end != '\0') {
            if (!inet_aton(p, mask)) {
                error_setg(errp, "Failed to parse netmask (trailing chars)");
                return false;
            }
        } else if (shift < 4 || shift > 32) {
            error_setg(errp,
                       "Invalid netmask provided (must be in range 4-32)");
            return false;
        } else {
            mask->s_addr = htonl(0xffffffffu << (32 - shift));
        }
    }
    net->s_addr &= mask->s_addr;
    return true;
}

/* The address @low within the network (host part taken from @low). */
static struct in_addr in_net(const NetSlirpConfig *cfg, uint32_t low)
{
    struct in_addr a = {
        .s_addr = cfg->net.s_addr | (htonl(low) & ~cfg->mask.s_addr),
    };
    return a;
}

static bool in_network(const NetSlirpConfig *cfg, struct in_addr a)
{
    return (a.s_addr & cfg->mask.s_addr) == cfg->net.s_addr;
}

static bool parse_ipv4(NetSlirpConfig *cfg, const char *vnet,
                       const char *host, const char *dns, const char *dhcp,
                       Error **errp)
{
    cfg->net.s_addr = htonl(0x0a000200u);     /* 10.0.2.0/24 */
    cfg->mask.s_addr = htonl(0xffffff00u);
    if (vnet && !parse_network(vnet, &cfg->net, &cfg->mask, errp)) {
        return false;
    }
    cfg->host = in_net(cfg, 0x0202);
    cfg->dhcp = in_net(cfg, 0x020f);
    cfg->dns = in_net(cfg, 0x0203);

    if (host && !inet_aton(host, &cfg->host)) {
        error_setg(errp, "Failed to parse host");
        return false;
    }
    if (!in_network(cfg, cfg->host)) {
        error_setg(errp, "Host doesn't belong to network");
        return false;
    }
    /* QEMU 7.2 lets the DNS address lie outside the network. */
    if (dns && !inet_aton(dns, &cfg->dns)) {
        error_setg(errp, "Failed to parse DNS");
        return false;
    }
    if (cfg->dns.s_addr == cfg->host.s_addr) {
        error_setg(errp, "DNS must be different from host");
        return false;
    }
    if (dhcp && !inet_aton(dhcp, &cfg->dhcp)) {
        error_setg(errp, "Failed to parse DHCP start address");
        return false;
    }
    if (!in_network(cfg, cfg->dhcp)) {
        error_setg(errp, "DHCP doesn't belong to network");
        return false;
    }
    if (cfg->dhcp.s_addr == cfg->host.s_addr ||
        cfg->dhcp.s_addr == cfg->dns.s_addr) {
        error_setg(errp, "DHCP must be different from host and DNS");
        return false;
    }
    return true;
}

/* ---- IPv6 ---- */

/* True when the first @len bits of @a and @b are equal. */
static bool in6_same_prefix(const struct in6_addr *a, const struct in6_addr *b,
                            int len)
{
    int bytes = len / 8, bits = len % 8;

    if (memcmp(a->s6_addr, b->s6_addr, (size_t)bytes) != 0) {
        return false;
    }
    if (bits == 0) {
        return true;
    }
    uint8_t keep = (uint8_t)(0xff << (8 - bits));
    return (a->s6_addr[bytes] & keep) == (b->s6_addr[bytes] & keep);
}

static bool parse_ipv6(NetSlirpConfig *cfg, const char *prefix, int len,
                       const char *host, const char *dns, Error **errp)
{
    if (inet_pton(AF_INET6, prefix ? prefix : "fec0::", &cfg->prefix6) != 1) {
        error_setg(errp, "Failed to parse IPv6 prefix");
        return false;
    }
    /* QEMU cannot tell 0 from "not given": both mean 64. */
    cfg->prefix6_len = len ? len : 64;
    if (cfg->prefix6_len < 0 || cfg->prefix6_len > 126) {
        error_setg(errp, "Invalid IPv6 prefix provided "
                   "(IPv6 prefix length must be between 0 and 126)");
        return false;
    }
    if (host) {
        if (inet_pton(AF_INET6, host, &cfg->host6) != 1) {
            error_setg(errp, "Failed to parse IPv6 host");
            return false;
        }
        if (!in6_same_prefix(&cfg->prefix6, &cfg->host6, cfg->prefix6_len)) {
            error_setg(errp, "IPv6 Host doesn't belong to network");
            return false;
        }
    } else {
        cfg->host6 = cfg->prefix6;
        cfg->host6.s6_addr[15] |= 2;
    }
    /* Like the IPv4 one, the IPv6 DNS address may lie outside the prefix. */
    if (dns) {
        if (inet_pton(AF_INET6, dns, &cfg->dns6) != 1) {
            error_setg(errp, "Failed to parse IPv6 DNS");
            return false;
        }
    } else {
        cfg->dns6 = cfg->prefix6;
        cfg->dns6.s6_addr[15] |= 3;
    }
    return true;
}

/*
 * The command line's ipv6-net=ADDR[/LEN] stands for ipv6-prefix and
 * ipv6-prefixlen (it wins over both).  The length is read as an unsigned
 * long and then handled as QEMU's int option: "-3" ends up as -3.
 */
static bool read_ipv6_net(JsonObject *opts, char **prefix, int *len,
                          Error **errp)
{
    const char *net = opt_str(opts, "ipv6-net");

    *prefix = g_strdup(opt_str(opts, "ipv6-prefix"));
    *len = (int)opt_int(opts, "ipv6-prefixlen");
    if (!net) {
        return true;
    }
    g_auto(GStrv) parts = g_strsplit(net, "/", 2);
    unsigned long value = 64;
    if (parts[1]) {
        char *end;
        errno = 0;
        value = strtoul(parts[1], &end, 10);
        if (end == parts[1] || *end != '\0' || errno == ERANGE) {
            error_setg(errp, "Parameter 'ipv6-prefixlen' expects a number");
            return false;
        }
    }
    g_free(*prefix);
    *prefix = g_strdup(parts[0]);
    *len = (int)(int64_t)value;
    return true;
}

/* ---- the rest ---- */

/*
 * QEMU's reading of ipv4=/ipv6=: naming only one of them "on" turns the
 * other off.
 */
static void resolve_ip_versions(JsonObject *opts, NetSlirpConfig *cfg)
{
    bool has4, has6;
    bool v4 = opt_bool(opts, "ipv4", &has4);
    bool v6 = opt_bool(opts, "ipv6", &has6);

    cfg->ipv4 = !((has6 && v6 && !has4) || (has4 && !v4));
    cfg->ipv6 = !((has4 && v4 && !has6) || (has6 && !v6));
}

static bool check_names(JsonObject *opts, Error **errp)
{
    const char *domain = opt_str(opts, "domainname");
    const char *host = opt_str(opts, "hostname");
    const char *tftp_name = opt_str(opts, "tftp-server-name");

    if (domain && !*domain) {
        error_setg(errp, "'domainname' parameter cannot be empty");
        return false;
    }
    if (domain && strlen(domain) > NAME_MAX_BYTES) {
        error_setg(errp, "'domainname' parameter cannot exceed 255 bytes");
        return false;
    }
    if (host && strlen(host) > NAME_MAX_BYTES) {
        error_setg(errp, "'vhostname' parameter cannot exceed 255 bytes");
        return false;
    }
    if (tftp_name && strlen(tftp_name) > NAME_MAX_BYTES) {
        error_setg(errp,
                   "'tftp-server-name' parameter cannot exceed 255 bytes");
        return false;
    }
    return true;
}

static void rule_free(gpointer p)
{
    NetSlirpFwdRule *r = p;
    g_free(r->rule);
    g_free(r);
}

/* QEMU pushes each rule on the front of one list: hostfwd, then guestfwd. */
static void add_rules(GPtrArray *rules, JsonObject *opts, const char *name,
                      bool is_hostfwd)
{
    g_autoptr(GPtrArray) list = opt_strlist(opts, name);

    for (guint i = list->len; i-- > 0;) {
        NetSlirpFwdRule *r = g_new0(NetSlirpFwdRule, 1);
        r->is_hostfwd = is_hostfwd;
        r->rule = g_strndup(list->pdata[i], RULE_MAX);
        g_ptr_array_add(rules, r);
    }
}

static void copy_strings(JsonObject *opts, NetSlirpConfig *cfg)
{
    cfg->hostname = g_strdup(opt_str(opts, "hostname"));
    cfg->domainname = g_strdup(opt_str(opts, "domainname"));
    cfg->tftp = g_strdup(opt_str(opts, "tftp"));
    cfg->tftp_server_name = g_strdup(opt_str(opts, "tftp-server-name"));
    cfg->bootfile = g_strdup(opt_str(opts, "bootfile"));
    cfg->smb = g_strdup(opt_str(opts, "smb"));

    g_autoptr(GPtrArray) search = opt_strlist(opts, "dnssearch");
    if (search->len) {
        cfg->dnssearch = g_new0(char *, search->len + 1);
        for (guint i = 0; i < search->len; i++) {
            cfg->dnssearch[i] = g_strdup(search->pdata[i]);
        }
    }
    cfg->rules = g_ptr_array_new_with_free_func(rule_free);
    add_rules(cfg->rules, opts, "guestfwd", false);
    add_rules(cfg->rules, opts, "hostfwd", true);
}

/* The checks on ipv4=/ipv6= against the addresses given. */
static bool check_versions(const NetSlirpConfig *cfg, bool v4_given,
                           bool v6_given, Error **errp)
{
    if (!cfg->ipv4 && v4_given) {
        error_setg(errp, "IPv4 disabled but netmask/host/dns provided");
        return false;
    }
    if (!cfg->ipv6 && v6_given) {
        error_setg(errp, "IPv6 disabled but prefix/host6/dns6 provided");
        return false;
    }
    if (!cfg->ipv4 && !cfg->ipv6) {
        error_setg(errp, "IPv4 and IPv6 disabled");
        return false;
    }
    return true;
}

/* Everything, in the order QEMU 7.2 checks it. */
static bool parse_all(JsonObject *opts, NetSlirpConfig *cfg, Error **errp)
{
    g_autofree char *prefix6 = NULL;
    int prefix6_len;

    if (!read_ipv6_net(opts, &prefix6, &prefix6_len, errp)) {
        return false;
    }
    resolve_ip_versions(opts, cfg);
    cfg->restricted = opt_bool(opts, "restrict", &(bool){ false });

    const char *net = opt_str(opts, "net"), *ip = opt_str(opts, "ip");
    g_autofree char *vnet = net ? g_strdup(net)
                            : ip ? g_strdup_printf("%s/24", ip) : NULL;
    const char *host = opt_str(opts, "host"), *dns = opt_str(opts, "dns");
    const char *host6 = opt_str(opts, "ipv6-host");
    const char *dns6 = opt_str(opts, "ipv6-dns");
    const char *smbserver = opt_str(opts, "smbserver");

    if (!check_versions(cfg, vnet || host || dns, prefix6 || host6 || dns6,
                        errp) ||
        !parse_ipv4(cfg, vnet, host, dns, opt_str(opts, "dhcpstart"), errp)) {
        return false;
    }
    if (smbserver && !inet_aton(smbserver, &cfg->smbserver)) {
        error_setg(errp, "Failed to parse SMB address");
        return false;
    }
    if (!parse_ipv6(cfg, prefix6, prefix6_len, host6, dns6, errp) ||
        !check_names(opts, errp)) {
        return false;
    }
    copy_strings(opts, cfg);
    return true;
}

bool net_slirp_config_parse(JsonObject *opts, NetSlirpConfig *cfg,
                            Error **errp)
{
    memset(cfg, 0, sizeof(*cfg));
    if (!parse_all(opts, cfg, errp)) {
        net_slirp_config_clear(cfg);
        return false;
    }
    return true;
}

void net_slirp_config_to_slirp(const NetSlirpConfig *cfg, SlirpConfig *out)
{
    memset(out, 0, sizeof(*out));
    /* Version 4 as QEMU 7.2 uses with libslirp >= 4.7: DHCP/DNS stay on. */
    out->version = 4;
    out->restricted = cfg->restricted;
    out->in_enabled = cfg->ipv4;
    out->vnetwork = cfg->net;
    out->vnetmask = cfg->mask;
    out->vhost = cfg->host;
    out->in6_enabled = cfg->ipv6;
    out->vprefix_addr6 = cfg->prefix6;
    out->vprefix_len = (uint8_t)cfg->prefix6_len;
    out->vhost6 = cfg->host6;
    out->vhostname = cfg->hostname;
    out->tftp_server_name = cfg->tftp_server_name;
    out->tftp_path = cfg->tftp;
    out->bootfile = cfg->bootfile;
    out->vdhcp_start = cfg->dhcp;
    out->vnameserver = cfg->dns;
    out->vnameserver6 = cfg->dns6;
    out->vdnssearch = (const char **)cfg->dnssearch;
    out->vdomainname = cfg->domainname;
}

void net_slirp_config_clear(NetSlirpConfig *cfg)
{
    g_free(cfg->hostname);
    g_free(cfg->domainname);
    g_free(cfg->tftp);
    g_free(cfg->tftp_server_name);
    g_free(cfg->bootfile);
    g_free(cfg->smb);
    g_strfreev(cfg->dnssearch);
    if (cfg->rules) {
        g_ptr_array_free(cfg->rules, TRUE);
    }
    memset(cfg, 0, sizeof(*cfg));
}
