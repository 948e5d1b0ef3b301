#pragma once
// Checkpoints save what each state struct lists in its fields(). Pinning the struct's size
// makes a new member fail the build until it is listed there (or named as derived, with the
// reason) and the size here is updated. Pinned for x86-64 with libstdc++, the supported
// platform; elsewhere the check is skipped (the checkpoint round-trip tests still run).

#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
#define RURALSIM_PIN_SIZE(T, bytes)                                                \
    static_assert(sizeof(T) == (bytes), #T                                         \
                  " changed size: list the new member in its fields() for "        \
                  "checkpoints (or note why it is derived), then update the size " \
                  "pinned here")
#else
#define RURALSIM_PIN_SIZE(T, bytes) static_assert(true)
#endif
