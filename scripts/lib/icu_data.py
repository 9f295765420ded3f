#!/usr/bin/env python3
"""Writes a smaller copy of ICU's data for the release binary: root and English only.

Foundation links ICU with its whole data package (34 MB: every locale, collation, converter and
dictionary). tshell formats dates in en_US_POSIX and UTC and compares strings by scalar values,
so it needs the root and English locale data, time zones, the Unicode tables and the break rules,
about 5 MB. This reads the package from the toolchain's static lib_FoundationICU.a, keeps those
items, and assembles an object defining them as tshell_icu_data. The link defines ICU's symbol
(icudtNN_dat) as that one, so the archive's copy is never pulled in:

    icu_data.py OUTPUT_DIR     writes OUTPUT_DIR/icudata.o (unchanged when already up to date)
                               and prints the linker flags, one per line:
                               --defsym=icudtNN_dat=tshell_icu_data and OUTPUT_DIR/icudata.o
                               (scripts/lib/setup.sh)
    icu_data.py --list         prints what is kept and what is left out, with sizes
"""

import os
import re
import shutil
import struct
import subprocess
import sys

# Locales whose data is kept in every tree: the root, English and the POSIX locale tshell formats
# dates in; the index and the shared string pools that the locale bundles point into.
KEPT_BUNDLES = {"root", "en", "en_US", "en_US_POSIX", "en_001", "res_index", "pool"}
LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*$")


def toolchain_bin():
    """The folder of the swift that builds tshell, where its clang is too."""
    return os.path.dirname(os.path.realpath(shutil.which("swift") or "/opt/swift/usr/bin/swift"))


def toolchain_archive():
    usr = os.path.dirname(toolchain_bin())
    return os.path.join(usr, "lib", "swift_static", "linux", "lib_FoundationICU.a")


def archive_members(data):
    """Yields (name, bytes) for each member of a System V / GNU ar archive."""
    if not data.startswith(b"!<arch>\n"):
        raise ValueError("not an ar archive")
    offset, long_names = 8, b""
    while offset + 60 <= len(data):
        header = data[offset : offset + 60]
        name, size = header[:16].decode().rstrip(), int(header[48:58].decode().strip())
        body = data[offset + 60 : offset + 60 + size]
        offset += 60 + size + (size & 1)
        if name == "//":
            long_names = body
        elif name.startswith("/") and name[1:].isdigit():
            start = int(name[1:])
            yield long_names[start : long_names.index(b"/\n", start)].decode(), body
        elif name != "/":
            yield name.rstrip("/"), body


def icu_data_symbol(elf):
    """Returns (symbol name, bytes) of the icudtNN_dat symbol a 64-bit little-endian ELF defines."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        return None
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    for _, kind, _, _, offset, size, link, _, _, entsize in sections:
        if kind != 2:  # SHT_SYMTAB
            continue
        strings = sections[link][4]
        for index in range(size // entsize):
            name_at, _, _, section, value, length = struct.unpack_from("<IBBHQQ", elf, offset + index * entsize)
            name = elf[strings + name_at : elf.index(b"\0", strings + name_at)].decode()
            if re.fullmatch(r"icudt\d+_dat", name) and 0 < section < shnum:
                start = sections[section][4] + value
                return name, elf[start : start + length]
    return None


def package_items(package):
    """Splits an ICU common data package ("CmnD") into its header and its (name, bytes) items."""
    header_size, = struct.unpack_from("<H", package, 0)
    if package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count, = struct.unpack_from("<I", package, header_size)
    entries = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_at, data_at) in enumerate(entries):
        start = header_size + name_at
        name = package[start : package.index(b"\0", start)].decode()
        end = header_size + entries[index + 1][1] if index + 1 < count else len(package)
        items.append((name, package[header_size + data_at : end]))
    return package[:header_size], items


def kept(name):
    parts = name.split("/")[1:]
    tree = parts[0] if len(parts) > 1 else ""
    stem, _, extension = parts[-1].rpartition(".")
    if extension in ("cnv", "dict") or tree == "translit":
        return False  # legacy code pages, CJK and South-East Asian word dictionaries, transliterators
    return not (extension == "res" and LOCALE_NAME.match(stem) and stem not in KEPT_BUNDLES)


def package_bytes(header, items):
    """Writes a package the way ICU's pkg does: sorted names, then each item on a 16-byte boundary."""
    names = b"".join(name.encode() + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    data_at = (toc_size + len(names) + 15) & ~15
    entries, name_at, body = [], toc_size, b""
    for name, item in items:
        entries.append(struct.pack("<II", name_at, data_at + len(body)))
        name_at += len(name.encode()) + 1
        body += item + b"\0" * (-len(item) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    return header + toc + b"\0" * (data_at - len(toc)) + body


def main():
    try:
        with open(toolchain_archive(), "rb") as archive:
            found = next(filter(None, (icu_data_symbol(body) for _, body in archive_members(archive.read()))), None)
    except (OSError, ValueError) as error:
        sys.exit(f"icu_data.py: cannot read ICU's data from the toolchain: {error}")
    if found is None:
        sys.exit("icu_data.py: no icudtNN_dat symbol in " + toolchain_archive())
    symbol, package = found
    header, items = package_items(package)
    chosen = [(name, item) for name, item in items if kept(name)]
    if sys.argv[1:] == ["--list"]:
        for name, item in items:
            print(f"{'kept' if kept(name) else 'left'} {len(item):>9} {name}")
        print(f"{symbol}: {len(package)} bytes, {sum(len(i) for _, i in chosen)} kept in {len(chosen)} of {len(items)} items")
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    output = sys.argv[1]
    os.makedirs(output, exist_ok=True)
    trimmed = package_bytes(header, chosen)
    data_path = os.path.join(output, symbol + ".dat")
    source = os.path.join(output, "icudata.S")
    label = "tshell_icu_data"
    assembly = (
        f'\t.section .rodata.{label},"a"\n\t.globl {label}\n\t.type {label}, @object\n\t.balign 16\n'
        f'{label}:\n\t.incbin "{os.path.abspath(data_path)}"\n\t.size {label}, . - {label}\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    obj = os.path.join(output, "icudata.o")
    print(f"--defsym={symbol}={label}\n{os.path.abspath(obj)}")
    if os.path.exists(obj) and read(data_path) == trimmed and read(source) == assembly.encode():
        return
    with open(data_path, "wb") as out:
        out.write(trimmed)
    with open(source, "w") as out:
        out.write(assembly)
    clang = os.path.join(toolchain_bin(), "clang")
    subprocess.run([clang if os.path.exists(clang) else "cc", "-c", source, "-o", obj], check=True)


def read(path):
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


if __name__ == "__main__":
    main()
