/* test-nic-models.c: NIC model table, -device help and property checks, machines and on-board NICs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "hw/boards.h"
#include "hw/core/device.h"
#include "hw/core/qdev.h"
#include "hw/core/qdev-registry.h"
#include "hw/net/nic-models.h"
#include "net/client.h"
#include "net/context.h"
#include "net/hub.h"
#include "net/nic.h"

/* All expected texts below were printed by qemu-system-x86_64 7.2.22. */

static const char network_devices_help[] =
    "Network devices:\n"
    "name \"e1000\", bus PCI, alias \"e1000-82540em\", desc \"Intel Gigabit Ethernet\"\n"
    "name \"e1000-82544gc\", bus PCI, desc \"Intel Gigabit Ethernet\"\n"
    "name \"e1000-82545em\", bus PCI, desc \"Intel Gigabit Ethernet\"\n"
    "name \"e1000e\", bus PCI, desc \"Intel 82574L GbE Controller\"\n"
    "name \"i82550\", bus PCI, desc \"Intel i82550 Ethernet\"\n"
    "name \"i82551\", bus PCI, desc \"Intel i82551 Ethernet\"\n"
    "name \"i82557a\", bus PCI, desc \"Intel i82557A Ethernet\"\n"
    "name \"i82557b\", bus PCI, desc \"Intel i82557B Ethernet\"\n"
    "name \"i82557c\", bus PCI, desc \"Intel i82557C Ethernet\"\n"
    "name \"i82558a\", bus PCI, desc \"Intel i82558A Ethernet\"\n"
    "name \"i82558b\", bus PCI, desc \"Intel i82558B Ethernet\"\n"
    "name \"i82559a\", bus PCI, desc \"Intel i82559A Ethernet\"\n"
    "name \"i82559b\", bus PCI, desc \"Intel i82559B Ethernet\"\n"
    "name \"i82559c\", bus PCI, desc \"Intel i82559C Ethernet\"\n"
    "name \"i82559er\", bus PCI, desc \"Intel i82559ER Ethernet\"\n"
    "name \"i82562\", bus PCI, desc \"Intel i82562 Ethernet\"\n"
    "name \"i82801\", bus PCI, desc \"Intel i82801 Ethernet\"\n"
    "name \"ne2k_isa\", bus ISA\n"
    "name \"ne2k_pci\", bus PCI\n"
    "name \"pcnet\", bus PCI\n"
    "name \"pvrdma\", bus PCI, desc \"RDMA Device\"\n"
    "name \"rocker\", bus PCI, desc \"Rocker Switch\"\n"
    "name \"rtl8139\", bus PCI\n"
    "name \"tulip\", bus PCI\n"
    "name \"usb-net\", bus usb-bus\n"
    "name \"virtio-net-device\", bus virtio-bus\n"
    "name \"virtio-net-pci\", bus PCI, alias \"virtio-net\"\n"
    "name \"virtio-net-pci-non-transitional\", bus PCI\n"
    "name \"virtio-net-pci-transitional\", bus PCI\n"
    "name \"vmxnet3\", bus PCI, desc \"VMWare Paravirtualized Ethernet v3\"\n";

static const char nic_models_help_text[] =
    "Supported NIC models:\n"
    "e1000\ne1000-82544gc\ne1000-82545em\ne1000e\ni82550\ni82551\n"
    "i82557a\ni82557b\ni82557c\ni82558a\ni82558b\ni82559a\ni82559b\n"
    "i82559c\ni82559er\ni82562\ni82801\nne2k_pci\npcnet\npvrdma\nrtl8139\n"
    "tulip\nvirtio-net-pci\nvirtio-net-pci-non-transitional\n"
    "virtio-net-pci-transitional\nvmxnet3\n";

#define MAC_DESC "Ethernet 6-byte MAC Address, example: 52:54:00:12:34:56"
#define ADDR_DESC "Slot and optional function number, example: 06.0 or 06"

typedef struct HelpRow {
    const char *arg;
    const char *text;
} HelpRow;

static const HelpRow help_rows[] = {
    { "e1000,help",
      "e1000 options:\n"
      "  acpi-index=<uint32>    -  (default: 0)\n"
      "  addr=<int32>           - " ADDR_DESC " (default: -1)\n"
      "  autonegotiation=<bool> - on/off (default: true)\n"
      "  bootindex=<int32>\n"
      "  extra_mac_registers=<bool> - on/off (default: true)\n"
      "  failover_pair_id=<str>\n"
      "  init-vet=<bool>        - on/off (default: true)\n"
      "  mac=<str>              - " MAC_DESC "\n"
      "  migrate_tso_props=<bool> - on/off (default: true)\n"
      "  mitigation=<bool>      - on/off (default: true)\n"
      "  multifunction=<bool>   - on/off (default: false)\n"
      "  netdev=<str>           - ID of a netdev to use as a backend\n"
      "  rombar=<uint32>        -  (default: 1)\n"
      "  romfile=<str>\n"
      "  romsize=<uint32>       -  (default: 4294967295)\n"
      "  x-pcie-extcap-init=<bool> - on/off (default: true)\n"
      "  x-pcie-lnksta-dllla=<bool> - on/off (default: true)\n" },
    { "ne2k_isa,help",
      "ne2k_isa options:\n"
      "  bootindex=<int32>\n"
      "  iobase=<uint32>        -  (default: 768)\n"
      "  irq=<uint32>           -  (default: 9)\n"
      "  mac=<str>              - " MAC_DESC "\n"
      "  netdev=<str>           - ID of a netdev to use as a backend\n" },
    { "usb-net,help",
      "usb-net options:\n"
      "  attached=<bool>\n"
      "  bootindex=<int32>\n"
      "  mac=<str>              - " MAC_DESC "\n"
      "  msos-desc=<bool>       - on/off (default: true)\n"
      "  netdev=<str>           - ID of a netdev to use as a backend\n"
      "  pcap=<str>\n"
      "  port=<str>\n"
      "  serial=<str>\n" },
    { "help", network_devices_help },
    { "?", network_devices_help },
    { "help,foo", network_devices_help },
    { "nonexist,help", "Device 'nonexist' not found\n" },
};

static void test_device_help(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(help_rows); i++) {
        GString *out = g_string_new(NULL);
        assert_true(qdev_device_help(help_rows[i].arg, out));
        assert_string_equal(out->str, help_rows[i].text);
        g_string_free(out, TRUE);
    }
    /* Not help requests. */
    GString *out = g_string_new(NULL);
    assert_false(qdev_device_help("e1000,netdev=a", out));
    assert_false(qdev_device_help("usb-mouse,help", out));
    assert_int_equal(out->len, 0);
    g_string_free(out, TRUE);
}

/* Help of an alias names the model; virtio-net-pci shows its 74+ lines. */
static void test_device_help_alias(void **state)
{
    GString *out = g_string_new(NULL);
    assert_true(qdev_device_help("virtio-net,help", out));
    assert_true(g_str_has_prefix(out->str, "virtio-net-pci options:\n"
                                           "  acpi-index=<uint32>    -  "
                                           "(default: 0)\n"));
    assert_non_null(strstr(out->str, "  disable-legacy=<OnOffAuto> - "
                                     "on/off/auto (default: \"auto\")\n"));
    assert_non_null(strstr(out->str, "  virtio-backend=<child<virtio-net-"
                                     "device>>\n"));
    g_string_truncate(out, 0);
    assert_true(qdev_device_help("pvrdma,help", out));
    /* QEMU sorts whole lines: '-' sorts before '='. */
    assert_non_null(strstr(out->str, "  dev-caps-max-mr-size=<uint64> -  "
                                     "(default: 134217728)\n"
                                     "  dev-caps-max-mr=<int32> -  "
                                     "(default: 1024)\n"));
    g_string_free(out, TRUE);
}

static void test_nic_model_list(void **state)
{
    GString *out = g_string_new(NULL);
    nic_models_help(out);
    assert_string_equal(out->str, nic_models_help_text);
    g_string_free(out, TRUE);
    assert_null(nic_model_find_onboard("rocker"));
    assert_null(nic_model_find_onboard("ne2k_isa"));
    assert_null(nic_model_find_onboard("virtio-net"));
    assert_non_null(nic_model_find_onboard("pvrdma"));
}

typedef struct IdRow {
    const char *name;
    uint16_t vendor, device;
    uint8_t revision;
} IdRow;

/* Read from config space with QEMU's monitor (o/i on 0xcf8/0xcfc). */
static const IdRow id_rows[] = {
    { "e1000", 0x8086, 0x100e, 0x03 },  { "e1000e", 0x8086, 0x10d3, 0x00 },
    { "i82550", 0x8086, 0x1209, 0x0e }, { "i82559c", 0x8086, 0x1229, 0x0c },
    { "i82801", 0x8086, 0x2449, 0x03 }, { "ne2k_pci", 0x10ec, 0x8029, 0 },
    { "pcnet", 0x1022, 0x2000, 0x10 },  { "rtl8139", 0x10ec, 0x8139, 0x20 },
    { "tulip", 0x1011, 0x0019, 0x00 },  { "vmxnet3", 0x15ad, 0x07b0, 0x01 },
    { "virtio-net-pci-non-transitional", 0x1af4, 0x1041, 0x01 },
    { "e1000-82540em", 0x8086, 0x100e, 0x03 },
};

static void test_pci_ids(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(id_rows); i++) {
        const DeviceModel *m = qdev_registry_find(id_rows[i].name);
        assert_non_null(m);
        assert_int_equal(m->bus, QDEV_BUS_PCI);
        assert_int_equal(m->pci.vendor_id, id_rows[i].vendor);
        assert_int_equal(m->pci.device_id, id_rows[i].device);
        assert_int_equal(m->pci.revision, id_rows[i].revision);
    }
    assert_true(qdev_registry_find("e1000e")->pci.express);
    assert_int_equal(qdev_registry_find("ne2k_isa")->bus, QDEV_BUS_ISA);
}

/* ---- contexts with a few netdevs ------------------------------------- */

/* What the context logged, one message a line. */
static const char *log_of(QnetContext *ctx)
{
    return ((GString *)ctx->log_opaque)->str;
}

static void capture_log(void *opaque, QnetLogLevel level, const char *loc,
                        const char *msg)
{
    g_string_append_printf(opaque, "%s%s%s%s\n",
                           level == QNET_LOG_WARNING ? "warning: " : "",
                           loc ? loc : "", loc ? ": " : "", msg);
}

static const NetClientInfo backend_info = {
    .type = "user", .size = sizeof(NetClient), .host_side = true,
};

static NetClient *netdev(QnetContext *ctx, const char *name)
{
    NetClient *nc = net_client_new(ctx, &backend_info, NULL, "user", name);
    nc->is_netdev = true;
    return nc;
}

static int setup(void **state)
{
    QnetContext *ctx = g_new0(QnetContext, 1);
    g_queue_init(&ctx->clients);
    ctx->log = capture_log;
    ctx->log_opaque = g_string_new(NULL);
    machine_set_nodefaults(ctx, true);    /* as qemu -nodefaults */
    netdev(ctx, "u0");
    netdev(ctx, "u1");
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    QnetContext *ctx = *state;
    hw_state_free(ctx);
    while (ctx->clients.tail) {
        net_client_free(ctx->clients.tail->data);
    }
    net_hub_free_all(ctx);
    for (int i = 0; i < MAX_NICS; i++) {
        g_free(ctx->nics.nd[i].model);
        g_free(ctx->nics.nd[i].name);
        g_free(ctx->nics.nd[i].devaddr);
    }
    g_string_free(ctx->log_opaque, TRUE);
    g_free(ctx);
    return 0;
}

/* The `info network` line of client @name, or NULL. */
static char *client_line(QnetContext *ctx, const char *name)
{
    for (GList *l = ctx->clients.head; l; l = l->next) {
        NetClient *nc = l->data;
        if (strcmp(nc->name, name) == 0) {
            return g_strdup_printf("%s: index=%u,type=%s,%s", nc->name,
                                   nc->queue_index, nc->info->type,
                                   nc->info_str->str);
        }
    }
    return NULL;
}

static void assert_client(QnetContext *ctx, const char *name,
                          const char *line)
{
    g_autofree char *got = client_line(ctx, name);
    assert_non_null(got);
    assert_string_equal(got, line);
}

typedef struct AddRow {
    const char *arg;
    const char *error;      /* NULL: accepted */
} AddRow;

/* Each row runs in a fresh context holding netdevs u0 and u1 (pc). */
static const AddRow add_rows[] = {
    { "e1000,foo=1", "-device e1000,foo=1: Property 'e1000.foo' not found" },
    { "e1000,mac=zz",
      "-device e1000,mac=zz: Property 'e1000.mac' doesn't take value 'zz'" },
    { "e1000,netdev=nope",
      "-device e1000,netdev=nope: Property 'e1000.netdev' can't find value "
      "'nope'" },
    { "e1000,mitigation=Y",
      "-device e1000,mitigation=Y: Parameter 'mitigation' expects 'on' or "
      "'off'" },
    { "e1000,bootindex=abc",
      "-device e1000,bootindex=abc: Parameter 'bootindex' expects integer" },
    { "e1000,bootindex=2147483648",
      "-device e1000,bootindex=2147483648: Parameter 'bootindex' expects "
      "int32_t" },
    { "e1000,rombar=-1",
      "-device e1000,rombar=-1: Parameter 'rombar' expects uint32_t" },
    { "e1000e,disable_vnet_hdr=256",
      "-device e1000e,disable_vnet_hdr=256: Parameter 'disable_vnet_hdr' "
      "expects uint8_t" },
    { "e1000,addr=20",
      "-device e1000,addr=20: Property 'e1000.addr' doesn't take value '20'" },
    { "e1000,addr=1",
      "-device e1000,addr=1: PCI: slot 1 function 0 not available for e1000, "
      "in use by PIIX3,id=(null)" },
    { "e1000,addr=0.1",
      "-device e1000,addr=0.1: PCI: single function device can't be "
      "populated in function 0.1" },
    { "virtio-net-pci,disable-legacy=maybe",
      "-device virtio-net-pci,disable-legacy=maybe: Parameter "
      "'disable-legacy' does not accept value 'maybe'" },
    { "virtio-net-pci,virtio-backend=x",
      "-device virtio-net-pci,virtio-backend=x: Property "
      "'virtio-net-pci.virtio-backend' is not writable" },
    { "virtio-net-pci,duplex=foo,speed=-5",
      "-device virtio-net-pci,duplex=foo,speed=-5: 'duplex' must be 'half' "
      "or 'full'" },
    { "virtio-net-pci,rx_queue_size=100",
      "-device virtio-net-pci,rx_queue_size=100: Invalid rx_queue_size "
      "(= 100), must be a power of 2 between 256 and 1024." },
    { "e1000,bus=nope", "-device e1000,bus=nope: Bus 'nope' not found" },
    { "e1000,bus=isa.0",
      "-device e1000,bus=isa.0: Device 'e1000' can't go on ISA bus" },
    { "usb-net", "-device usb-net: No 'usb-bus' bus found for device "
                 "'usb-net'" },
    { "virtio-net-device", "-device virtio-net-device: No 'virtio-bus' bus "
                           "found for device 'virtio-net-device'" },
    { "nonexistent",
      "-device nonexistent: 'nonexistent' is not a valid device model name" },
    { "usb-mouse", "-device usb-mouse: 'usb-mouse' is not a network device; "
                   "qnet only provides network devices" },
    { "virtio-blk", "-device virtio-blk: 'virtio-blk' is not a network "
                    "device; qnet only provides network devices" },
    { "PIIX3", "-device PIIX3: Parameter 'driver' expects a pluggable device "
               "type" },
    { "id=x", "-device id=x: Parameter 'driver' is missing" },
    { "e1000,id=1a",
      "-device e1000,id=1a: Parameter 'id' expects an identifier" },
    { "e1000,failover_pair_id=x",
      "-device e1000,failover_pair_id=x: failover primary device must be on "
      "PCIExpress bus" },
    { "e1000,acpi-index=16384",
      "-device e1000,acpi-index=16384: acpi-index should be less or equal to "
      "16383" },
    { "pvrdma", "-device pvrdma: Device on 2.0 must be vmxnet3" },
    { "rocker,world=foo", "-device rocker,world=foo: invalid argument "
                          "requested world foo does not exist" },
    /* QDict order decides which of two bad properties is reported. */
    { "e1000,foo=1,bar=2", "-device e1000,foo=1,bar=2: Property 'e1000.bar' "
                           "not found" },
    { "e1000,mac=zz,netdev=nope", "-device e1000,mac=zz,netdev=nope: "
      "Property 'e1000.netdev' can't find value 'nope'" },
    { "e1000,aaa=1,zzz=1,mmm=1", "-device e1000,aaa=1,zzz=1,mmm=1: Property "
                                 "'e1000.mmm' not found" },
    { "e1000,netdev=u0,mac=52-54-00-12-34-99,rombar=0x10,bootindex=-1", NULL },
    { "e1000,mitigation=yes,addr=1f.7,romfile=", NULL },
    { "virtio-net-pci,netdev=u1,mq=on,tx_queue_size=1024", NULL },
    { "ne2k_isa,netdev=u0", NULL },
    { "rocker,len-ports=2", NULL },
};

static void test_device_add_errors(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(add_rows); i++) {
        void *ctx;
        setup(&ctx);
        Error *err = NULL;
        bool ok = qdev_device_add(ctx, add_rows[i].arg, &err);
        if (add_rows[i].error) {
            assert_false(ok);
            assert_string_equal(error_get_pretty(err), add_rows[i].error);
            error_free(err);
        } else {
            if (!ok) {
                fail_msg("%s: %s", add_rows[i].arg, error_get_pretty(err));
            }
        }
        teardown(&ctx);
    }
}

static void test_device_add_sequence_errors(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(qdev_device_add(ctx, "e1000,netdev=u0,id=x,bootindex=0",
                                &err));
    assert_false(qdev_device_add(ctx, "rtl8139,netdev=u0", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device rtl8139,netdev=u0: Property "
                        "'rtl8139.netdev' can't take value 'u0', it's in use");
    g_clear_pointer(&err, error_free);
    assert_false(qdev_device_add(ctx, "e1000,id=x", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device e1000,id=x: Duplicate ID 'x' for device");
    g_clear_pointer(&err, error_free);
    assert_false(qdev_device_add(ctx, "rtl8139,bootindex=0", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device rtl8139,bootindex=0: The bootindex 0 has "
                        "already been used");
    g_clear_pointer(&err, error_free);
    assert_true(qdev_device_add(ctx, "e1000,addr=3", &err));
    assert_false(qdev_device_add(ctx, "rtl8139,addr=3", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device rtl8139,addr=3: PCI: slot 3 function 0 not "
                        "available for rtl8139, in use by e1000,id=(null)");
    g_clear_pointer(&err, error_free);
    assert_true(qdev_device_add(ctx, "e1000,addr=1a.2", &err));
    assert_false(qdev_device_add(ctx, "rtl8139,addr=1a", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device rtl8139,addr=1a: PCI: 1a.0 indicates single "
                        "function, but 1a.2 is already populated.");
    g_clear_pointer(&err, error_free);
    assert_true(qdev_device_add(ctx, "e1000,acpi-index=5", &err));
    assert_false(qdev_device_add(ctx, "e1000,acpi-index=5", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device e1000,acpi-index=5: a PCI device with "
                        "acpi-index = 5 already exist");
    error_free(err);
}

static void test_device_nics(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(qdev_device_add(ctx, "e1000,id=nic0", &err));
    assert_true(qdev_device_add(ctx, "e1000,netdev=u0", &err));
    assert_true(qdev_device_add(ctx, "virtio-net,netdev=u1,mac=52:54:00:12:34:5A",
                                &err));
    assert_true(qdev_device_add(ctx, "rtl8139", &err));
    assert_client(ctx, "nic0", "nic0: index=0,type=nic,model=e1000,"
                               "macaddr=52:54:00:12:34:56");
    assert_client(ctx, "e1000.1", "e1000.1: index=0,type=nic,model=e1000,"
                                  "macaddr=52:54:00:12:34:57");
    assert_client(ctx, "virtio-net-pci.0",
                  "virtio-net-pci.0: index=0,type=nic,model=virtio-net-pci,"
                  "macaddr=52:54:00:12:34:5a");
    assert_client(ctx, "rtl8139.0", "rtl8139.0: index=0,type=nic,"
                                    "model=rtl8139,macaddr=52:54:00:12:34:58");
    NetClient *u0 = net_client_find_netdev(ctx, "u0");
    assert_non_null(u0->peer);
    assert_string_equal(u0->peer->name, "e1000.1");

    /* The NIC takes and counts frames: nothing waits in a queue. */
    char frame[60] = { 0 };
    assert_int_equal(net_client_send(u0, frame, sizeof(frame), NULL),
                     sizeof(frame));
    assert_non_null(qdev_find(ctx, "nic0"));
}

static void test_rocker_ports(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(qdev_device_add(ctx, "rocker,len-ports=63,name=sw", &err));
    assert_client(ctx, "sw.0", "sw.0: index=0,type=nic,model=sw,"
                               "macaddr=52:54:00:12:35:01");
    assert_client(ctx, "sw.61", "sw.61: index=0,type=nic,model=sw,"
                                "macaddr=52:54:00:12:35:3e");
    assert_null(client_line(ctx, "sw.62"));
    assert_false(qdev_device_add(ctx, "rocker,name=sw", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device rocker,name=sw: sw already exists");
    error_free(err);
}

/* ---- machines ---------------------------------------------------------- */

static void test_machine_help(void **state)
{
    GString *out = g_string_new(NULL);
    assert_true(machine_help("help", out));
    assert_true(g_str_has_prefix(out->str,
        "Supported machines are:\n"
        "microvm              microvm (i386)\n"
        "pc                   Standard PC (i440FX + PIIX, 1996) (alias of "
        "pc-i440fx-7.2)\n"
        "pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n"));
    assert_non_null(strstr(out->str,
        "pc-i440fx-1.4        Standard PC (i440FX + PIIX, 1996) "
        "(deprecated)\n"
        "q35                  Standard PC (Q35 + ICH9, 2009) (alias of "
        "pc-q35-7.2)\n"));
    assert_true(g_str_has_suffix(out->str,
        "isapc                ISA-only PC\n"
        "none                 empty machine\n"
        "x-remote             Experimental remote machine\n"));
    g_string_truncate(out, 0);
    assert_true(machine_help("q35,help", out));
    assert_true(g_str_has_prefix(out->str,
        "pc-q35-7.2-machine options:\n"
        "  acpi=<OnOffAuto>       - Enable ACPI\n"));
    assert_true(g_str_has_suffix(out->str,
        "  x-oem-table-id=<string> - Override the default value of field OEM "
        "Table ID in ACPI table header.The string may be up to 8 bytes in "
        "size\n"));
    g_string_truncate(out, 0);
    assert_true(machine_help("foo,help", out));
    assert_true(g_str_has_prefix(out->str, "Supported machines are:\n"));
    assert_false(machine_help("q35,accel=tcg", out));
    g_string_free(out, TRUE);
}

typedef struct MachineRow {
    const char *arg;
    const char *error;   /* NULL: accepted */
    const char *name;    /* full type name when accepted */
} MachineRow;

static const MachineRow machine_rows[] = {
    { "q35,accel=tcg", NULL, "pc-q35-7.2" },
    { "pc", NULL, "pc-i440fx-7.2" },
    { "", NULL, "pc-i440fx-7.2" },
    { "isapc", NULL, "isapc" },
    { "microvm,usb=on,pcie=on", NULL, "microvm" },
    { "none", NULL, "none" },
    { "pc-q35-2.11", NULL, "pc-q35-2.11" },
    { "foo", "unsupported machine type", NULL },
    { "pc,foo=bar", "Property 'pc-i440fx-7.2-machine.foo' not found", NULL },
    { "q35,usb=maybe", "Parameter 'usb' expects 'on' or 'off'", NULL },
    { "pc,acpi=foo", "Parameter 'acpi' does not accept value 'foo'", NULL },
    { "pc,smp=2", "Invalid parameter type for 'smp', expected: object",
      NULL },
    { "pc,max-fw-size=zz", "Parameter 'max-fw-size' expects size", NULL },
    { "pc,accel=foo", "invalid accelerator foo", NULL },
    { "pc,usb", "Expected '=' after parameter 'usb'", NULL },
    { "none,hpet=on", "Property 'none-machine.hpet' not found", NULL },
};

static void test_machine_select(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(machine_rows); i++) {
        void *ctx;
        setup(&ctx);
        Error *err = NULL;
        bool ok = machine_select(ctx, machine_rows[i].arg, &err);
        if (machine_rows[i].error) {
            assert_false(ok);
            assert_string_equal(error_get_pretty(err), machine_rows[i].error);
            error_free(err);
        } else {
            assert_true(ok);
            assert_string_equal(machine_name(ctx), machine_rows[i].name);
        }
        teardown(&ctx);
    }
}

static void test_machine_merge_and_deprecation(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(machine_select(ctx, "q35", &err));
    assert_false(machine_select(ctx, "foo=bar", &err));
    assert_string_equal(error_get_pretty(err),
                        "Property 'pc-q35-7.2-machine.foo' not found");
    g_clear_pointer(&err, error_free);
    assert_false(machine_select(ctx, "bogus", &err));
    assert_string_equal(error_get_hint(err),
                        "Use -machine help to list supported machines\n");
    g_clear_pointer(&err, error_free);

    /* A later -machine replaces the type; the merged options stay. */
    void *p;
    setup(&p);
    assert_true(machine_select(p, "q35,usb=on", &err));
    assert_true(machine_select(p, "pc-i440fx-1.4", &err));
    assert_string_equal(machine_name(p), "pc-i440fx-1.4");
    assert_string_equal(log_of(p),
                        "warning: Machine type 'pc-i440fx-1.4' is deprecated: "
                        "old and unattended - use a newer version instead\n");
    assert_true(qdev_device_add(p, "usb-net", &err));
    teardown(&p);
}

/* A -nic / -net nic request as net/ fills it (MAC assigned at parse). */
static void request(QnetContext *ctx, const char *model, const char *name,
                    NetClient *netdev)
{
    NICInfo *nd = &ctx->nics.nd[ctx->nics.count++];
    nd->model = g_strdup(model);
    nd->name = g_strdup(name);
    nd->netdev = netdev;
    nd->nvectors = NIC_NVECTORS_UNSPECIFIED;
    nd->used = true;
    mac_table_assign_default(&ctx->macs, &nd->macaddr);
}

static void test_onboard_pc(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    request(ctx, NULL, NULL, net_hub_add_port(ctx, 0, NULL, NULL));
    request(ctx, "rtl8139", NULL, net_hub_add_port(ctx, 0, NULL, NULL));
    request(ctx, "ne2k_isa", NULL, net_client_find_netdev(ctx, "u0"));
    assert_true(machine_create_nics(ctx, &err));
    assert_true(qdev_device_add(ctx, "e1000", &err));
    assert_client(ctx, "e1000.0", "e1000.0: index=0,type=nic,model=e1000,"
                                  "macaddr=52:54:00:12:34:56");
    assert_client(ctx, "rtl8139.0", "rtl8139.0: index=0,type=nic,"
                                    "model=rtl8139,macaddr=52:54:00:12:34:57");
    assert_client(ctx, "ne2k_isa.0", "ne2k_isa.0: index=0,type=nic,"
                                     "model=ne2k_isa,"
                                     "macaddr=52:54:00:12:34:58");
    assert_client(ctx, "e1000.1", "e1000.1: index=0,type=nic,model=e1000,"
                                  "macaddr=52:54:00:12:34:59");
    machine_warn_uninstantiated_nics(ctx);
    assert_string_equal(log_of(ctx), "");
}

static void test_onboard_q35_default(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(machine_select(ctx, "q35", &err));
    request(ctx, NULL, NULL, net_client_find_netdev(ctx, "u0"));
    request(ctx, "virtio-net-pci", NULL, net_client_find_netdev(ctx, "u1"));
    assert_true(machine_create_nics(ctx, &err));
    assert_client(ctx, "e1000e.0", "e1000e.0: index=0,type=nic,model=e1000e,"
                                   "macaddr=52:54:00:12:34:56");
    assert_string_equal(net_client_find_netdev(ctx, "u1")->peer->name,
                        "virtio-net-pci.0");
}

typedef struct OnboardRow {
    const char *machine;
    const char *models[3];      /* the requests' models ("" = default) */
    const char *error;          /* NULL: accepted */
    const char *help;           /* machine_nic_help() prefix, or NULL */
} OnboardRow;

static const OnboardRow onboard_rows[] = {
    { "pc", { "foo" }, "Unsupported NIC model: foo", NULL },
    { "q35", { "virtio-net" }, "Unsupported NIC model: virtio-net", NULL },
    { "pc", { "rocker" }, "Unsupported NIC model: rocker", NULL },
    { "pc", { "pvrdma" }, "Property 'pvrdma.mac' not found", NULL },
    { "isapc", { "e1000" }, "No primary PCI bus", NULL },
    { "isapc", { "help" }, NULL, "Supported NIC models:\ne1000\n" },
    { "pc", { "?", "foo" }, NULL, "Supported NIC models:\n" },
    { "pc", { "foo", "help" }, "Unsupported NIC model: foo", NULL },
    { "pc", { "" , "ne2k_isa", "virtio-net-pci" }, NULL, NULL },
};

static void test_onboard_rows(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(onboard_rows); i++) {
        const OnboardRow *r = &onboard_rows[i];
        void *p;
        setup(&p);
        QnetContext *ctx = p;
        Error *err = NULL;
        assert_true(machine_select(ctx, r->machine, &err));
        for (int j = 0; j < 3 && r->models[j]; j++) {
            request(ctx, *r->models[j] ? r->models[j] : NULL, NULL, NULL);
        }
        GString *help = g_string_new(NULL);
        assert_int_equal(machine_nic_help(ctx, help), r->help != NULL);
        if (r->help) {
            assert_true(g_str_has_prefix(help->str, r->help));
        } else if (r->error) {
            assert_false(machine_create_nics(ctx, &err));
            assert_string_equal(error_get_pretty(err), r->error);
            error_free(err);
        } else {
            assert_true(machine_create_nics(ctx, &err));
        }
        g_string_free(help, TRUE);
        teardown(&p);
    }
}

static void test_onboard_not_created(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(machine_select(ctx, "none", &err));
    request(ctx, NULL, "#net017", net_hub_add_port(ctx, 0, NULL, NULL));
    request(ctx, "e1000", NULL, net_client_find_netdev(ctx, "u0"));
    assert_true(machine_create_nics(ctx, &err));
    assert_false(machine_nic_help(ctx, NULL));
    machine_warn_uninstantiated_nics(ctx);
    assert_string_equal(log_of(ctx),
        "warning: requested NIC (#net017, model unspecified) was not created "
        "(not supported by this machine?)\n"
        "warning: requested NIC (anonymous, model e1000) was not created "
        "(not supported by this machine?)\n");
    assert_false(qdev_device_add(ctx, "e1000", &err));
    assert_string_equal(error_get_pretty(err), "-device e1000: No 'PCI' bus "
                                               "found for device 'e1000'");
    error_free(err);
}

static void test_onboard_pci_address(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    request(ctx, NULL, NULL, NULL);
    ctx->nics.nd[0].devaddr = g_strdup("1");
    assert_false(machine_create_nics(ctx, &err));
    assert_string_equal(error_get_pretty(err),
                        "PCI: slot 1 function 0 not available for e1000, in "
                        "use by PIIX3,id=(null)");
    g_clear_pointer(&err, error_free);
    g_free(ctx->nics.nd[0].devaddr);
    ctx->nics.nd[0].devaddr = g_strdup("5.1");
    ctx->nics.nd[0].instantiated = false;
    assert_false(machine_create_nics(ctx, &err));
    assert_string_equal(error_get_pretty(err),
                        "Invalid PCI device address 5.1 for device e1000");
    error_free(err);
}

static void test_microvm_buses(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(machine_select(ctx, "microvm", &err));
    assert_true(qdev_device_add(ctx, "virtio-net-device", &err));
    assert_false(qdev_device_add(ctx, "virtio-net-device,bus="
                                      "virtio-mmio-bus.23", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device virtio-net-device,bus=virtio-mmio-bus.23: "
                        "Bus 'virtio-mmio-bus.23' is full");
    g_clear_pointer(&err, error_free);
    assert_true(qdev_device_add(ctx, "ne2k_isa", &err));
    assert_false(qdev_device_add(ctx, "e1000", &err));
    error_free(err);
}

static void test_usb_ports(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    assert_true(machine_select(ctx, "pc,usb=on", &err));
    assert_true(qdev_device_add(ctx, "usb-net,port=1", &err));
    assert_false(qdev_device_add(ctx, "usb-net,port=1", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device usb-net,port=1: usb port 1 (bus usb-bus.0) "
                        "not found (in use?)");
    g_clear_pointer(&err, error_free);
    assert_false(qdev_device_add(ctx, "usb-net,attached=on", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device usb-net,attached=on: Property "
                        "'usb-net.attached' is not writable");
    error_free(err);
    assert_true(qdev_device_add(ctx, "usb-net", &err));
    assert_true(qdev_device_add(ctx, "usb-net", &err));
}

/* Without -nodefaults QEMU's VGA takes a slot before any NIC. */
static void test_default_vga(void **state)
{
    QnetContext *ctx = *state;
    Error *err = NULL;
    machine_set_nodefaults(ctx, false);
    assert_true(machine_select(ctx, "q35", &err));
    assert_false(qdev_device_add(ctx, "e1000,addr=1", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device e1000,addr=1: PCI: slot 1 function 0 not "
                        "available for e1000, in use by VGA,id=(null)");
    g_clear_pointer(&err, error_free);
    assert_true(machine_select(ctx, "pc", &err));
    assert_false(qdev_device_add(ctx, "e1000,addr=2", &err));
    assert_string_equal(error_get_pretty(err),
                        "-device e1000,addr=2: PCI: slot 2 function 0 not "
                        "available for e1000, in use by VGA,id=(null)");
    error_free(err);
}

#define CTX_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_device_help),
        cmocka_unit_test(test_device_help_alias),
        cmocka_unit_test(test_nic_model_list),
        cmocka_unit_test(test_pci_ids),
        cmocka_unit_test(test_device_add_errors),
        CTX_TEST(test_device_add_sequence_errors),
        CTX_TEST(test_device_nics),
        CTX_TEST(test_rocker_ports),
        cmocka_unit_test(test_machine_help),
        cmocka_unit_test(test_machine_select),
        CTX_TEST(test_machine_merge_and_deprecation),
        CTX_TEST(test_onboard_pc),
        CTX_TEST(test_onboard_q35_default),
        cmocka_unit_test(test_onboard_rows),
        CTX_TEST(test_onboard_not_created),
        CTX_TEST(test_onboard_pci_address),
        CTX_TEST(test_microvm_buses),
        CTX_TEST(test_usb_ports),
        CTX_TEST(test_default_vga),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
