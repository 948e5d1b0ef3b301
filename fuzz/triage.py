"""Sorts the crashes of an HDF5 fuzz target (scripts/fuzz) into libhdf5's and ours.

    python3 fuzz/triage.py REPORT.txt ...

Each REPORT is the output of the fuzz target run on one crashing input. A crash is libhdf5's own
when the sanitizer report is a memory error (AddressSanitizer), the first frame outside the
sanitizer runtime and libc is in libhdf5, the memory involved (for heap errors) was allocated
or freed by libhdf5 too, and it is not a write to a wild address: libhdf5 1.10 reading its own
buffers out of bounds while it decodes a corrupt file. Anything else (an error in ruralsim's frames,
a buffer of ours, an UndefinedBehaviorSanitizer report, a report that names no frame) counts as ours.

Prints one line per report and exits 1 when any crash is ours (or a report shows no crash).
"""

import re
import sys

FRAME = re.compile(r"^\s*#\d+ 0x[0-9a-f]+ (?:in (?P<func>\S+))?(?P<rest>.*)$")
RUNTIME = ("__interceptor_", "__asan", "__sanitizer", "__interception", "__libc", "__GI_", "__memcpy", "__memmove",
           "__memset", "__strlen", "malloc", "calloc", "realloc", "free", "operator", "strdup", "strndup", "memcpy",
           "memmove", "memset", "strlen", "strcpy", "strncpy", "memcmp", "strcmp")


def frames(lines):
    """Frames of the stack starting at lines[0] (up to the first line that is not a frame)."""
    out = []
    for line in lines:
        m = FRAME.match(line)
        if not m:
            if out:
                break
            continue
        out.append((m.group("func") or "", m.group("rest")))
    return out


def first_own_frame(stack):
    """The first frame that is not the sanitizer runtime, an allocator or libc."""
    for func, rest in stack:
        if func.startswith(RUNTIME) or "libc.so" in rest or "sysdeps/" in rest or "/sanitizer_common/" in rest:
            continue
        return func, rest
    return None


def in_libhdf5(frame):
    return frame is not None and "libhdf5" in frame[1]


def classify(text: str) -> str:
    lines = text.splitlines()
    err = next((i for i, line in enumerate(lines) if "ERROR: AddressSanitizer" in line), None)
    if err is None:
        return "ours: no AddressSanitizer report" + (" (a runtime error)" if "runtime error" in text else "")
    crash = first_own_frame(frames(lines[err + 1:]))
    if not in_libhdf5(crash):
        return f"ours: first frame {crash}"
    # A wild write could go through a pointer we passed in.
    if "SEGV" in lines[err] and "caused by a WRITE" in text:
        return "ours: a write to a wild address from libhdf5 (a pointer passed in?)"
    for what in ("allocated by thread", "freed by thread"):
        at = next((i for i, line in enumerate(lines) if what in line), None)
        if at is not None and not in_libhdf5(first_own_frame(frames(lines[at + 1:]))):
            return f"ours: memory {what.split()[0]} outside libhdf5"
    where = crash[0] or crash[1].split(" (BuildId")[0].strip()
    return f"libhdf5: {where} ({lines[err].split('ERROR: AddressSanitizer: ')[-1].split(' on ')[0]})"


def main(paths):
    ours = 0
    for p in paths:
        with open(p, errors="replace") as f:
            verdict = classify(f.read())
        ours += verdict.startswith("ours")
        print(f"{p}: {verdict}")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
