#!/usr/bin/env python3
"""Precompiles the C++ standard library headers that the dependencies' C++ files include.

The two copies of BoringSSL (swift-crypto's and swift-nio-ssl's, 526 C++ files) spend most of each
file's compile time parsing libstdc++'s headers; a cold build compiles them all. Given to every C++
compile as a precompiled header (`swift build -Xcxx -include-pch -Xcxx FILE`), the headers are
parsed once per configuration. The objects are the same: clang checks that the language options
match the PCH's (and stops with an error that names it when they do not; scripts/lib/setup.sh then
builds without it), and `check` compares every object with one compiled without the prelude.

One kind of difference is expected: a file that sets a feature-test macro before its includes
(BoringSSL's bio/file.cc asks for 64-bit file offsets) gets the prelude's choice instead, because
the prelude has included glibc's <features.h> already. On 64-bit Linux that changes only which of
two names it calls (fopen64 or fopen, one function in glibc); `check` accepts an object whose only
difference is such a name, and says which.

    cxx_prelude.py flags CONFIG        builds .build/cxx-prelude/CONFIG.pch (CONFIG: release or
                                       debug) when missing or stale, and prints the swift build
                                       flags that use it, one per line; prints nothing when it
                                       cannot be built
    cxx_prelude.py check CONFIG [N]    compiles the C++ files of .build/CONFIG.yaml (the manifest of
                                       the last build), or every Nth of them, with and without the
                                       prelude, compares the objects (without their debug info:
                                       a debug build's describes fewer types), prints the CPU time
                                       of both and exits 1 when an object differs otherwise
"""

import concurrent.futures
import filecmp
import json
import os
import resource
import subprocess
import sys
import tempfile

from icu_data import toolchain_bin

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cxx-prelude.h")
OUTPUT = os.path.join(".build", "cxx-prelude")
# The options clang checks a PCH against, as SwiftPM passes them to C++ files (-std from the
# packages' cxxLanguageStandard, c++17 for all three). Macros the files' targets define on top
# (_GNU_SOURCE, SWIFT_PACKAGE, DEBUG) are allowed.
OPTIMIZATION = {"release": "-O2", "debug": "-O0"}
COMMON = ["-fblocks", "-fPIC", "-std=c++17", "-w"]


def clang():
    return os.path.join(toolchain_bin(), "clang")


def target_triple():
    info = subprocess.run(["swift", "-print-target-info"], capture_output=True, text=True, check=True)
    return json.loads(info.stdout)["target"]["unversionedTriple"]


def options(config):
    return ["-target", target_triple(), OPTIMIZATION[config]] + COMMON


def usable(pch, flags):
    """Whether clang accepts PCH for a C++ file with FLAGS (it refuses one whose headers changed)."""
    probe = [clang()] + flags + ["-include-pch", pch, "-fsyntax-only", "-x", "c++", os.devnull]
    return subprocess.run(probe, capture_output=True).returncode == 0


def build(config):
    """The path of CONFIG's PCH, made first when missing, older than the header or refused."""
    flags = options(config)
    pch = os.path.join(OUTPUT, config + ".pch")
    stamp = pch + ".flags"
    recorded = open(stamp).read() if os.path.exists(stamp) else None
    current = json.dumps([clang(), os.path.getmtime(clang())] + flags)
    fresh = os.path.exists(pch) and os.path.getmtime(pch) >= os.path.getmtime(HEADER)
    if fresh and recorded == current and usable(pch, flags):
        return pch
    os.makedirs(OUTPUT, exist_ok=True)
    partial = pch + ".partial"
    subprocess.run([clang()] + flags + ["-x", "c++-header", HEADER, "-o", partial], check=True)
    os.replace(partial, pch)
    with open(stamp, "w") as out:
        out.write(current)
    return pch


def flags_for(pch):
    return ["-Xcxx", "-include-pch", "-Xcxx", os.path.abspath(pch)]


def manifest_compiles(config):
    """The clang command lines of the C++ files in the last build of CONFIG, without -MD's files
    and without the prelude that build was given."""
    commands = []
    with open(os.path.join(".build", config + ".yaml")) as manifest:
        for line in manifest:
            line = line.strip()
            if not line.startswith("args: ["):
                continue
            args = json.loads(line[len("args: ") :])
            if not args[0].endswith("/clang") or not any(a.startswith("-std=c++") for a in args):
                continue
            if "-MD" in args:
                at = args.index("-MD")
                del args[at : at + 5]  # -MD -MT dependencies -MF FILE
            while "-include-pch" in args:
                at = args.index("-include-pch")
                del args[at : at + 2]
            commands.append(args)
    return commands


def compile_all(commands, folder, extra):
    """Compiles each command into FOLDER/N.o; returns the CPU seconds it took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    def one(item):
        index, args = item
        args = list(args)
        args[args.index("-o") + 1] = os.path.join(folder, f"{index}.o")
        subprocess.run(args + extra, check=True, capture_output=True)

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(one, enumerate(commands)))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def undefined_symbols(path):
    listing = subprocess.run(["nm", "--undefined-only", "--format=posix", path], capture_output=True, text=True, check=True)
    return {line.split()[0] for line in listing.stdout.splitlines() if line.strip()}


def large_file_aliases(plain, prelude):
    """The NAME64 → NAME renames that make PLAIN's calls PRELUDE's (glibc's 64-bit offset names)."""
    mine, theirs = undefined_symbols(plain), undefined_symbols(prelude)
    return {name: name[:-2] for name in mine - theirs if name.endswith("64") and name[:-2] in theirs - mine}


def code_and_data(path, renames=None):
    stripped = path + ".nodebug"
    renaming = [f"--redefine-sym={old}={new}" for old, new in sorted((renames or {}).items())]
    subprocess.run(["objcopy", "--strip-debug"] + renaming + [path, stripped], check=True)
    return stripped


def compare(plain, prelude):
    """None when the two objects are the same; else the aliases that explain it, or False."""
    if filecmp.cmp(code_and_data(plain), code_and_data(prelude), shallow=False):
        return None
    renames = large_file_aliases(plain, prelude)
    if renames and filecmp.cmp(code_and_data(plain, renames), code_and_data(prelude), shallow=False):
        return renames
    return False


def check(config, every):
    pch = build(config)
    commands = manifest_compiles(config)[::every]
    with tempfile.TemporaryDirectory() as work:
        plain, prelude = os.path.join(work, "plain"), os.path.join(work, "prelude")
        os.mkdir(plain)
        os.mkdir(prelude)
        without = compile_all(commands, plain, [])
        with_prelude = compile_all(commands, prelude, ["-include-pch", os.path.abspath(pch)])
        outcomes = [
            (args[args.index("-c") + 1], compare(os.path.join(plain, f"{i}.o"), os.path.join(prelude, f"{i}.o")))
            for i, args in enumerate(commands)
        ]
    print(f"{len(commands)} C++ files ({config}): {without:.1f} s of CPU without the prelude, {with_prelude:.1f} s with it")
    for source, outcome in outcomes:
        if outcome:
            names = ", ".join(f"{old} for {new}" for old, new in sorted(outcome.items()))
            print(f"the same but for glibc's 64-bit offset names ({names}): {source}")
        elif outcome is False:
            print(f"differs: {source}")
    return 1 if any(outcome is False for _, outcome in outcomes) else 0


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "flags" and sys.argv[2] in OPTIMIZATION:
        try:
            print("\n".join(flags_for(build(sys.argv[2]))))
        except (OSError, subprocess.CalledProcessError, ValueError, KeyError):
            pass  # no prelude: the build is the same, only slower
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "check" and sys.argv[2] in OPTIMIZATION:
        return check(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
