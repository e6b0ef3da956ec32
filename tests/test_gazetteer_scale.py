"""bench/gazetteer_scale.py on a tiny file: it generates, the CLI builds, real names resolve."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventcoder.resolve.gazetteer import Gazetteer

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "gazetteer_scale.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gazetteer_scale", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("zipped", [False, True])
def test_generated_dump_builds_with_the_cli(tmp_path: Path, zipped: bool) -> None:
    bench = _bench()
    dump = bench.write_dump(tmp_path, 2_000, zipped=zipped, progress=False)
    assert dump.main.name == ("allCountries.zip" if zipped else "allCountries.txt")
    assert dump.rows == 2_000 and 0 < dump.real < dump.rows and dump.probe is not None
    if not zipped:
        lines = dump.main.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2_000
        assert {len(line.split("\t")) for line in lines} == {19}  # GeoNames' columns

    db = tmp_path / "built.sqlite"
    result = bench.build(dump.main, db, quiet=True)
    assert result.returncode == 0, result.log
    assert result.rows_read == 2_000 and result.peak_rss_mb > 0 and result.db_bytes > 0

    gaz = Gazetteer.open(db)
    try:
        info = gaz.info()
        # Every row the feature filter keeps, plus the country and province records the
        # builder adds for those the sample left out.
        assert isinstance(info["places"], int)
        assert dump.kept <= info["places"] <= dump.kept + 300 + 4_000
        (generated,) = gaz._query(
            "SELECT COUNT(*) FROM places WHERE geonameid > ?", (bench.GENERATED_ID_BASE,)
        )[0]
        assert generated == dump.generated_kept > 0
        name, geonameid, cc = dump.probe
        assert geonameid in {p.geonameid for p in gaz.candidates(name, cc, limit=50)}
    finally:
        gaz.close()
