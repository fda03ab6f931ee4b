"""Hostile archives built here are refused with one clear line and nothing written."""

from __future__ import annotations

import struct
import zipfile

import pytest

from tests.helpers.cli import info, tema
from tests.refi.helpers import make_qdpx, nothing_written

QDE = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="Angrep" origin="test">'
    '<Users><User guid="10000000-0000-0000-0000-000000000001" name="Mallory"/></Users>'
    '<CodeBook><Codes><Code guid="20000000-0000-0000-0000-000000000001" name="{code}" isCodable="true"/></Codes></CodeBook>'
    "</Project>"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + QDE.split("\n", 1)[1].replace("{code}", "&xxe;")
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>\n" + QDE.split("\n", 1)[1].replace("{code}", "&lol9;")
)


def _import(tmp_path, archive):
    target = tmp_path / "out.tema"
    result = tema("qdpx", "import", archive, target, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(archive) in lines[0], result.output
    assert nothing_written(target)
    return lines[0]


def _declare_size(path, entry: str, size: int) -> None:
    """Rewrite the central-directory record of ``entry`` to declare ``size`` bytes."""
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len].decode() == entry:
            struct.pack_into("<I", data, pos + 24, size)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("evil", ["../../etc/cron.d/evil", "/etc/passwd", "Sources/../../x.txt", "C:\\Windows\\x.txt"])
def test_zip_slip_is_refused(tmp_path, evil):
    archive = make_qdpx(tmp_path / "slip.qdpx", QDE.replace("{code}", "Trygg"), {evil: b"boo"})
    assert "zip-slip" in _import(tmp_path, archive)


def test_symlink_entry_is_refused(tmp_path):
    archive = tmp_path / "link.qdpx"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("project.qde", QDE.replace("{code}", "Trygg"))
        link = zipfile.ZipInfo("Sources/a.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    assert "symbolic link" in _import(tmp_path, archive)


def test_xxe_is_refused(tmp_path):
    archive = make_qdpx(tmp_path / "xxe.qdpx", XXE)
    assert "DOCTYPE" in _import(tmp_path, archive)


def test_xxe_in_utf16_is_refused(tmp_path):
    archive = make_qdpx(tmp_path / "xxe16.qdpx", XXE.replace('version="1.0"?>', 'version="1.0" encoding="utf-16"?>', 1).encode("utf-16"))
    assert "DOCTYPE" in _import(tmp_path, archive)


def test_billion_laughs_is_refused(tmp_path):
    archive = make_qdpx(tmp_path / "laughs.qdpx", LAUGHS)
    assert "DOCTYPE" in _import(tmp_path, archive)
    bare = tmp_path / "laughs.qde"
    bare.write_text(LAUGHS, encoding="utf-8")
    assert "DOCTYPE" in _import(tmp_path, bare)


def test_entry_declaring_a_gigabyte_is_refused(tmp_path):
    archive = make_qdpx(tmp_path / "big.qdpx", QDE.replace("{code}", "Trygg"), {"Sources/big.txt": b"kort tekst"})
    _declare_size(archive, "Sources/big.txt", 1 << 30)
    assert "1,073,741,824 bytes" in _import(tmp_path, archive)


def test_zip_bomb_ratio_is_refused(tmp_path):
    archive = make_qdpx(tmp_path / "bomb.qdpx", QDE.replace("{code}", "Trygg"), {"Sources/zeros.txt": bytes(40 << 20)})
    assert "zip bomb" in _import(tmp_path, archive)


def test_entry_inflating_past_its_declared_size_is_refused(tmp_path):
    archive = make_qdpx(tmp_path / "liar.qdpx", QDE.replace("{code}", "Trygg"))
    _declare_size(archive, "project.qde", 40)
    line = _import(tmp_path, archive)
    assert "'project.qde' inflates past its declared size" in line  # the cap, not zipfile's checksum error
    assert "damaged" not in line


def test_a_damaged_entry_is_reported_as_damaged(tmp_path):
    """The other side of the cap: an entry of its declared size whose bytes were altered."""
    archive = tmp_path / "flipped.qdpx"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("project.qde", QDE.replace("{code}", "Trygg"))
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b'name="Trygg"', b'name="Trygt"', 1))  # same size, other bytes
    line = _import(tmp_path, archive)
    assert "'project.qde' is damaged (bad CRC-32" in line


def test_not_a_zip_and_not_xml(tmp_path):
    junk = tmp_path / "junk.qdpx"
    junk.write_bytes(b"\x00\x01binary garbage")
    assert "not well-formed XML" in _import(tmp_path, junk)


def test_hostile_codebook_changes_nothing(project, tmp_path):
    before = info(project)
    qdc = tmp_path / "evil.qdc"
    qdc.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        '<Code guid="20000000-0000-0000-0000-000000000001" name="&x;" isCodable="true"/></Codes></CodeBook>',
        encoding="utf-8",
    )
    result = tema("qdc", "import", qdc, project, ok=False)
    assert result.exit_code == 1 and "DOCTYPE" in result.output
    assert info(project) == before
