/* STREAM-style triad a[i] = b[i] + s*c[i] (McCalpin's STREAM kernel, simplified).
 * Usage: triad [log2 elements per array] ; OMP_NUM_THREADS sets the threads.
 * Prints the best bandwidth over the repetitions in bytes/s, counting 24 bytes
 * per element as STREAM does (read b, c; write a; write-allocate not counted). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <omp.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char** argv) {
    const long n = 1L << (argc > 1 ? atoi(argv[1]) : 25);
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    if (!a || !b || !c) return 1;
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) { a[i] = 0.0; b[i] = 1.0; c[i] = 2.0; }
    double best = 1e30;
    const double s = 3.0;
    for (int rep = 0; rep < 10; ++rep) {
        const double t0 = now();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
        const double t = now() - t0;
        if (t < best) best = t;
    }
    double check = 0;
    for (long i = 0; i < n; i += 4096) check += a[i];
    printf("%.6e %d %.1f\n", 24.0 * n / best, omp_get_max_threads(), check);
    return 0;
}
