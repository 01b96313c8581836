"""Files read by the engine itself, for the CLI: ``run_check``, ``run_validate``, ``run_mask``.

A distributed run reads its data where it lies, with the engine's own reader, so no row passes
through the driver: Parquet (a file or a folder of files), CSV/TSV (every column as text,
empty cells missing — as ``zjgov.io`` reads them; ``encoding`` for GBK/GB 18030) and JSON
Lines. ``address`` is the Dask scheduler (``tcp://host:8786``; none: a local cluster of worker
processes) or the Spark master (``spark://host:7077``, ``yarn``, ``local[4]``; none:
``local[2]``, or the session ``spark-submit`` made).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zjgov import i18n
from zjgov.errors import ConfigError
from zjgov.quality import QualityResult, RuleSet

if TYPE_CHECKING:
    from zjgov.exchange import Schema
    from zjgov.security import AuditRecord, Policy

i18n.add(
    {
        "distributed.format": (
            "分布式引擎可读 Parquet、CSV/TSV 与 JSON Lines，不支持：{path}",
            "the distributed engines read Parquet, CSV/TSV and JSON Lines, not: {path}",
        ),
    }
)


def _format(path: str) -> str:
    p = Path(path)
    suffixes = [s.lower() for s in p.suffixes]
    if p.is_dir() or ".parquet" in suffixes or ".pq" in suffixes:
        return "parquet"
    for fmt, names in (("csv", (".csv",)), ("tsv", (".tsv", ".tab")), ("jsonl", (".jsonl", ".ndjson", ".json"))):
        if any(s in names for s in suffixes):
            return fmt
    raise ConfigError(
        i18n.text("distributed.format", "zh", path=path), i18n.text("distributed.format", "en", path=path), file=path
    )


def read(path: str | os.PathLike[str], engine: str, address: str | None = None, *, encoding: str | None = None) -> Any:
    """``path`` as a Dask or Spark DataFrame (the session or client connected to ``address``)."""
    from zjgov.distributed import engine as engine_named

    path = os.fspath(path)
    fmt = _format(path)
    engine_named(engine)  # the bilingual error when the extra is missing
    if engine == "dask":
        import dask.dataframe as dd

        from zjgov.distributed.dask import connect

        connect(address)  # becomes the default scheduler
        if fmt == "parquet":
            return dd.read_parquet(path)
        if fmt == "jsonl":
            return dd.read_json(path, lines=True, dtype=False)
        sep = "\t" if fmt == "tsv" else ","
        return dd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding or "utf-8"
        )
    from zjgov.distributed.spark import connect

    spark = connect(address)
    if fmt == "parquet":
        return spark.read.parquet(path)
    if fmt == "jsonl":
        return spark.read.json(path)
    reader = spark.read.option("header", True).option("encoding", encoding or "UTF-8")
    return reader.option("sep", "\t" if fmt == "tsv" else ",").csv(path)


def run_check(
    source: str | os.PathLike[str],
    rules: RuleSet,
    *,
    engine: str,
    address: str | None = None,
    encoding: str | None = None,
    mask: bool = True,
) -> QualityResult:
    """``zjgov check`` on an engine: the file read there, the result as the single-machine run's."""
    from zjgov.distributed import check

    data = read(source, engine, address, encoding=encoding)
    result = check(data, rules, mask=mask, name=Path(os.fspath(source)).name)
    result.dataset.path = os.fspath(source)
    return result


def run_validate(
    source: str | os.PathLike[str],
    schema: Schema,
    *,
    engine: str,
    address: str | None = None,
    references: dict[str, str] | None = None,
    encoding: str | None = None,
) -> Any:
    """``zjgov schema validate`` on an engine: the data and each reference (``name -> file``) read
    there; the report's violations are the single-machine run's (rows numbered from 1 over the file)."""
    from zjgov.distributed import validate

    data = read(source, engine, address, encoding=encoding)
    refs = {name: read(path, engine, address, encoding=encoding) for name, path in (references or {}).items()}
    return validate(data, schema, references=refs)


def run_mask(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    policy: Policy,
    *,
    engine: str,
    address: str | None = None,
    keys: str | os.PathLike[str] | None = None,
    inventory: Any = None,
    encoding: str | None = None,
    policy_text: str | None = None,
    progress: Any = None,
) -> AuditRecord:
    """``zjgov mask`` on an engine: the partitions masked on the workers (keys from the key file
    ``keys``, readable on every worker, and the workers' ``ZJGOV_KEY_<ID>``), handed over in row
    order and written to ``out`` as ``mask_file`` writes it — every row, the same bytes."""
    import hashlib

    from zjgov.distributed import _resolve
    from zjgov.distributed.masking import key_file, mask_partitions
    from zjgov.security.engine import apply, check_output, plan_metadata, write_masked

    check_output(source, out)
    factory = key_file(keys)
    data = read(source, engine, address, encoding=encoding)
    eng, frame = _resolve(data, None, None)

    def empty() -> tuple[Any, AuditRecord]:
        return apply(eng.head(frame), policy, factory(), inventory=inventory)

    parts = mask_partitions(eng, frame, policy, factory, inventory=inventory)
    record = write_masked(parts, source, out, empty=empty, metadata=plan_metadata(policy), progress=progress)
    if policy_text is not None:
        record.policy["sha256"] = hashlib.sha256(policy_text.encode()).hexdigest()
    return record
