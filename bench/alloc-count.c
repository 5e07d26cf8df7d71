/* alloc-count.c: an LD_PRELOAD library that counts heap allocations, readable while the program runs. */
/*
 * bench/run preloads this into qnet and into QEMU to show how many heap
 * allocations each makes per frame forwarded.  It forwards every call to
 * the next definition (glibc's) and adds to three 64-bit counters:
 *
 *   offset 0  allocations: malloc, calloc, realloc to a non-zero size,
 *             reallocarray, posix_memalign, aligned_alloc, memalign,
 *             valloc, pvalloc (successful or not)
 *   offset 8  frees: free() of a non-NULL pointer, realloc to size 0
 *   offset 16 bytes asked for by the allocations
 *
 * The counters live in the file named by QNET_ALLOC_COUNT_FILE, mapped
 * shared, so another process reads them with pread() while this one runs
 * (created and extended to one page if needed).  Without the variable, or
 * if the file cannot be mapped, they stay in this process only.  A child
 * that inherits LD_PRELOAD and the variable adds to the same file.
 *
 * Replacing malloc by interposition is what glibc supports for dynamically
 * linked programs: its own internal calls (strdup, fopen, ...) then go
 * through these definitions too (glibc manual, "Replacing malloc").
 * dlsym() may itself allocate while this library looks the real functions
 * up; those early calls are served from a small static arena.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { COUNT_ALLOCS, COUNT_FREES, COUNT_BYTES, COUNT_N };

static uint64_t local_counters[COUNT_N];
static uint64_t *counters = local_counters;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_memalign)(size_t, size_t);
static void *(*real_valloc)(size_t);
static void *(*real_pvalloc)(size_t);

/* The arena for calls made while dlsym() runs: each block has its size
 * in the 16 bytes before it, so realloc can move it out. */
#define BOOT_ARENA_BYTES 65536
static _Alignas(16) unsigned char boot_arena[BOOT_ARENA_BYTES];
static size_t boot_used;

/* @align: a power of two, 16 or more. */
static void *boot_alloc(size_t size, size_t align)
{
    uintptr_t base = (uintptr_t)boot_arena;
    uintptr_t at = (base + boot_used + 16 + align - 1) & ~(uintptr_t)(align - 1);
    size_t start = at - base;
    if (start > BOOT_ARENA_BYTES || size > BOOT_ARENA_BYTES - start) {
        return NULL;
    }
    *(size_t *)(boot_arena + start - 16) = size;
    boot_used = start + size;
    return boot_arena + start;
}

static int in_boot_arena(const void *p)
{
    const unsigned char *c = p;
    return c >= boot_arena && c < boot_arena + BOOT_ARENA_BYTES;
}

static void count(int which, uint64_t n)
{
    __atomic_fetch_add(&counters[which], n, __ATOMIC_RELAXED);
}

static void count_alloc(size_t bytes)
{
    count(COUNT_ALLOCS, 1);
    count(COUNT_BYTES, bytes);
}

/* Look every real function up once.  A call that arrives while this runs
 * (dlsym allocating) finds its pointer still NULL and uses the arena. */
static void resolve(void)
{
    static int state; /* 0: not yet, 1: running, 2: done */
    if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 0) {
        return;
    }
    state = 1;
    real_malloc = dlsym(RTLD_NEXT, "malloc");
    real_calloc = dlsym(RTLD_NEXT, "calloc");
    real_realloc = dlsym(RTLD_NEXT, "realloc");
    real_free = dlsym(RTLD_NEXT, "free");
    real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = dlsym(RTLD_NEXT, "aligned_alloc");
    real_memalign = dlsym(RTLD_NEXT, "memalign");
    real_valloc = dlsym(RTLD_NEXT, "valloc");
    real_pvalloc = dlsym(RTLD_NEXT, "pvalloc");
    __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
}

static void say(const char *msg)
{
    ssize_t r = write(2, msg, strlen(msg));
    (void)r;
}

/* Map the counters file; on failure keep counting in this process. */
static void map_counters(void)
{
    const char *path = getenv("QNET_ALLOC_COUNT_FILE");
    if (!path || !*path) {
        return;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    struct stat st;
    long page = sysconf(_SC_PAGESIZE);
    if (fd < 0 || fstat(fd, &st) < 0 ||
        (st.st_size < page && ftruncate(fd, page) < 0)) {
        say("alloc-count: cannot open QNET_ALLOC_COUNT_FILE\n");
        if (fd >= 0) {
            close(fd);
        }
        return;
    }
    void *m = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        say("alloc-count: cannot map QNET_ALLOC_COUNT_FILE\n");
        return;
    }
    counters = m;
}

__attribute__((constructor)) static void alloc_count_init(void)
{
    resolve();
    map_counters();
}

void *malloc(size_t size)
{
    resolve();
    if (!real_malloc) {
        return boot_alloc(size, 16);
    }
    count_alloc(size);
    return real_malloc(size);
}

void *calloc(size_t n, size_t size)
{
    resolve();
    if (!real_calloc) {
        size_t total;
        if (__builtin_mul_overflow(n, size, &total)) {
            return NULL;
        }
        return boot_alloc(total, 16); /* static storage: already zero */
    }
    count_alloc(n * size);
    return real_calloc(n, size);
}

void free(void *p)
{
    if (!p || in_boot_arena(p)) {
        return;
    }
    resolve();
    count(COUNT_FREES, 1);
    real_free(p);
}

/* Move a block out of the boot arena into the real heap. */
static void *boot_move(void *p, size_t size)
{
    size_t old = *(size_t *)((unsigned char *)p - 16);
    void *q = malloc(size);
    if (q) {
        memcpy(q, p, old < size ? old : size);
    }
    return q;
}

void *realloc(void *p, size_t size)
{
    resolve();
    if (!real_realloc) {
        void *q = boot_alloc(size, 16);
        if (q && p) {
            size_t old = *(size_t *)((unsigned char *)p - 16);
            memcpy(q, p, old < size ? old : size);
        }
        return q;
    }
    if (p && in_boot_arena(p)) {
        return boot_move(p, size);
    }
    if (p && size == 0) {
        count(COUNT_FREES, 1);
    } else {
        count_alloc(size);
    }
    return real_realloc(p, size);
}

/* glibc's reallocarray calls realloc through its PLT, so it would count
 * twice if forwarded: it is realloc after an overflow check. */
void *reallocarray(void *p, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, total);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    resolve();
    if (!real_posix_memalign) {
        *out = boot_alloc(size, align < 16 ? 16 : align);
        return *out ? 0 : ENOMEM;
    }
    count_alloc(size);
    return real_posix_memalign(out, align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
    resolve();
    if (!real_aligned_alloc) {
        return boot_alloc(size, align < 16 ? 16 : align);
    }
    count_alloc(size);
    return real_aligned_alloc(align, size);
}

void *memalign(size_t align, size_t size)
{
    resolve();
    if (!real_memalign) {
        return boot_alloc(size, align < 16 ? 16 : align);
    }
    count_alloc(size);
    return real_memalign(align, size);
}

void *valloc(size_t size)
{
    resolve();
    if (!real_valloc) {
        return boot_alloc(size, 4096);
    }
    count_alloc(size);
    return real_valloc(size);
}

void *pvalloc(size_t size)
{
    resolve();
    if (!real_pvalloc) {
        return boot_alloc(size, 4096);
    }
    count_alloc(size);
    return real_pvalloc(size);
}
