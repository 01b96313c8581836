"""Dataset packages for exchange (数据交换包): data files plus a manifest that proves their integrity.

A package is a folder or a zip file holding ``manifest.json`` and the tables under ``data/``
as UTF-8 CSV or Parquet. The manifest records the catalogue record (政务信息资源目录核心元数据),
the schema of each table, the producer, the creation time, the zjgov version and, for every
file, its row count, byte size and two digests: SM3 (GB/T 32905-2016) and SHA-256. The
manifest carries a digest of itself (``digest``: SM3 and SHA-256 of its canonical JSON
without that field), so a flipped byte anywhere is found; the receiver compares that
*package digest* with the one the sender sent through another channel to rule out a
consistent forgery.

:func:`verify` reports every problem (file, reason, row and column where they apply);
:func:`read` verifies first and returns the tables. Digests are computed in one streaming
pass per file (SHA-256 in the calling thread, SM3 in a helper thread), so memory stays
bounded whatever the file size.

The modules: ``_manifest`` (constants, messages, the manifest model, problems and results, safe
names), ``_digest`` (SM3 and SHA-256), ``_pack`` (:func:`pack`), ``_verify`` (:func:`verify`,
:func:`read`); everything public is imported here.

>>> import tempfile, pathlib, pandas as pd
>>> dest = pathlib.Path(tempfile.mkdtemp()) / "pkg"
>>> packed = pack({"people": pd.DataFrame({"姓名": ["张三", "李四"]})}, dest, producer="demo")
>>> sorted(p.name for p in dest.rglob("*") if p.is_file())
['manifest.json', 'people.csv']
>>> verify(dest).ok
True
>>> read(dest)["people"]["姓名"].tolist()
['张三', '李四']
>>> _ = (dest / "data" / "people.csv").write_text('"姓名"\\n"张三"\\n"王五"\\n', encoding="utf-8")
>>> [p.reason for p in verify(dest).problems]
['sha256', 'sm3']
"""

from __future__ import annotations

from zjgov.exchange.package._digest import (
    DigestUnavailableError,
    FileDigest,
    digest_file,
    digest_stream,
    manifest_digest,
    new_sm3,
    sm3_backend,
)
from zjgov.exchange.package._manifest import (
    BATCH_ROWS,
    CHUNK,
    CSV_BLOCK,
    DATA_DIR,
    KIND,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    MAX_PROBLEMS,
    MAX_RATIO,
    VERSION,
    Digest,
    FileEntry,
    Format,
    Manifest,
    PackageError,
    Packed,
    Problem,
    VerifyResult,
    safe_member,
    safe_table,
)
from zjgov.exchange.package._pack import Source, pack
from zjgov.exchange.package._verify import read, verify

__all__ = [
    "BATCH_ROWS",
    "CHUNK",
    "CSV_BLOCK",
    "DATA_DIR",
    "KIND",
    "MANIFEST",
    "MAX_MANIFEST_BYTES",
    "MAX_PROBLEMS",
    "MAX_RATIO",
    "VERSION",
    "Digest",
    "DigestUnavailableError",
    "FileDigest",
    "FileEntry",
    "Format",
    "Manifest",
    "PackageError",
    "Packed",
    "Problem",
    "Source",
    "VerifyResult",
    "digest_file",
    "digest_stream",
    "manifest_digest",
    "new_sm3",
    "pack",
    "read",
    "safe_member",
    "safe_table",
    "sm3_backend",
    "verify",
]
