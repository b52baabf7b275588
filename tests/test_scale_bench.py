"""benchmarks/scale.py's own workings (no Redocly, no timing asserted): the copies it builds, the
per-stage run it times, and the cost per added copy it reports. The per-stage run calls the
pipeline's stages one by one, so a stage renamed there must be renamed here too: nothing else runs
it between benchmark sessions."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load_scale():
    sys.path.insert(0, str(BENCHMARKS))  # scale.py imports its sibling bench.py
    try:
        spec = importlib.util.spec_from_file_location("bench_scale", BENCHMARKS / "scale.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


scale = _load_scale()


def test_each_stage_of_a_scan_is_timed_and_the_report_is_made():
    times = scale.stage_times(str(FIXTURES / "bookshop.yaml"))
    assert [key for key in times if not key.endswith(" MB")] == ["load", "model", "validate", "graph", "checks", "report"]
    assert all(times[stage] >= 0 for stage in scale.STAGES)
    assert all(times[f"{stage} MB"] > 0 for stage in scale.STAGES)


def _row(times: int, dxscan: float, redocly: float) -> dict:
    # measure_usage's tuple: wall seconds, peak MB, exit code, CPU seconds
    return {"spec": "s", "times": times, "dxscan": [(dxscan, 100.0, 0, dxscan)],
            "redocly": [(redocly, 200.0, 0, redocly)]}


def test_cost_per_added_copy_leaves_the_fixed_cost_out():
    rows = [_row(1, 0.4, 0.9), _row(2, 0.7, 1.3), _row(5, 1.6, 2.5)]
    dxscan = scale.per_added_copy(rows, "dxscan")
    redocly = scale.per_added_copy(rows, "redocly")
    assert dxscan == {2: 0.7 - 0.4, 5: (1.6 - 0.4) / 4}
    assert redocly == {2: 1.3 - 0.9, 5: (2.5 - 0.9) / 4}


def test_no_cost_per_added_copy_without_the_1x_copy_or_the_tool():
    assert scale.per_added_copy([_row(2, 0.7, 1.3)], "dxscan") == {}
    assert scale.per_added_copy([_row(1, 0.4, 0.9), _row(2, 0.7, 1.3)], "redocly json") == {}


def test_a_copy_keeps_each_replica_to_itself():
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {
                    "description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}}},
                "components": {"schemas": {"Pet": {"type": "object"}}}}
    copied = scale.replicate(document, 2)
    assert list(copied["paths"]) == ["/pets", "/r2/pets"]
    assert sorted(copied["components"]["schemas"]) == ["Pet", "r2_Pet"]
    second = copied["paths"]["/r2/pets"]["get"]
    assert second["operationId"] == "r2ListPets"  # in the id's own casing
    assert second["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/r2_Pet"}
