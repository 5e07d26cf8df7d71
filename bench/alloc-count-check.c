/* alloc-count-check.c: a known number of allocations, to check what alloc-count.so counts. */
/*
 * Run with LD_PRELOAD=.../qnet-alloc-count.so and QNET_ALLOC_COUNT_FILE
 * set.  It reads the counters file, makes every kind of allocation the
 * library counts a fixed number of times, reads the file again and checks
 * the differences.  strdup() and open_memstream() stand for allocations
 * made inside glibc.  Exit status 0 and "ok" when the counts match.
 */
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROUNDS 100

/* Pointers go through here so the compiler cannot drop a malloc/free
 * pair (it may for unused memory). */
static void *volatile keep[ROUNDS * 16];

static int read_counters(const char *path, uint64_t c[3])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : pread(fd, c, 3 * sizeof(uint64_t), 0);
    if (fd >= 0) {
        close(fd);
    }
    return n == 3 * sizeof(uint64_t) ? 0 : -1;
}

/* Every counted call, ROUNDS times each; returns allocations, sets frees. */
static uint64_t allocate_all(uint64_t *frees)
{
    size_t k = 0;
    for (int i = 0; i < ROUNDS; i++) {
        void *p;
        keep[k++] = malloc(32);
        keep[k++] = calloc(4, 8);
        p = malloc(16);                 /* 1 */
        p = realloc(p, 4096);           /* 2 */
        keep[k++] = reallocarray(p, 2, 4096); /* 3 */
        if (posix_memalign(&p, 64, 100) == 0) {
            keep[k++] = p;
        }
        keep[k++] = aligned_alloc(64, 128);
        keep[k++] = memalign(64, 200);
        keep[k++] = valloc(300);
        keep[k++] = pvalloc(400);
        keep[k++] = strdup("counted inside glibc");
        p = malloc(8);
        keep[k++] = realloc(p, 0); /* frees p: glibc returns NULL */
    }
    /* Per round: malloc, calloc, 3 (malloc, realloc, reallocarray),
     * posix_memalign, aligned_alloc, memalign, valloc, pvalloc, strdup,
     * malloc before realloc(p, 0): 12 allocations, 1 free. */
    uint64_t allocs = ROUNDS * 12;
    *frees = ROUNDS;
    for (size_t i = 0; i < k; i++) {
        if (keep[i]) {
            free(keep[i]);
            ++*frees;
        }
    }
    return allocs;
}

int main(void)
{
    const char *path = getenv("QNET_ALLOC_COUNT_FILE");
    uint64_t before[3], after[3], frees;
    if (!path || read_counters(path, before) < 0) {
        fputs("alloc-count-check: QNET_ALLOC_COUNT_FILE is not readable "
              "(is the library preloaded?)\n", stderr);
        return 1;
    }
    uint64_t allocs = allocate_all(&frees);
    if (read_counters(path, after) < 0) {
        return 1;
    }
    uint64_t got_a = after[0] - before[0], got_f = after[1] - before[1];
    printf("alloc-count-check: %s allocations=%llu (expected %llu) "
           "frees=%llu (expected %llu)\n",
           got_a == allocs && got_f == frees ? "ok" : "MISMATCH",
           (unsigned long long)got_a, (unsigned long long)allocs,
           (unsigned long long)got_f, (unsigned long long)frees);
    return got_a == allocs && got_f == frees ? 0 : 1;
}
