"""Hostile input, as a pull request from anyone can bring it: each case asserts the exit code, the
message, and a time or memory ceiling measured here as a ratio to a small baseline run (never an
absolute time)."""

from __future__ import annotations

import time

import pytest

from tests.conftest import FIXTURES

BOOKSHOP = FIXTURES / "bookshop.yaml"
HEADER = "openapi: 3.0.3\ninfo: {title: Bomb, version: '1'}\npaths: {}\n"


def alias_bomb(levels: int, under: str = "components") -> str:
    """The billion laughs: each anchor is a mapping that names the previous one nine times."""
    body = ["l0: &l0 {type: string}"]
    for level in range(1, levels + 1):
        refs = ", ".join(f"p{j}: *l{level - 1}" for j in range(9))
        body.append(f"l{level}: &l{level} {{type: object, properties: {{{refs}}}}}")
    if under == "components":
        return HEADER + "components:\n  schemas:\n" + "".join(f"    {line}\n" for line in body)
    return HEADER + f"{under}:\n" + "".join(f"  {line}\n" for line in body)


def timed(run, *args):
    started = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - started, result


@pytest.fixture(scope="module")
def baseline_seconds():
    """A scan of a small, ordinary spec: the unit every ceiling here is measured in."""
    from typer.testing import CliRunner

    from dxscan.cli.app import app

    def run() -> None:
        CliRunner().invoke(app, ["scan", str(BOOKSHOP), "--no-cache"])

    run()  # imports and the catalogue, once
    return min(timed(run)[0] for _ in range(3))


@pytest.mark.parametrize("levels", [6, 7, 9])
@pytest.mark.parametrize("command", ["scan", "graph"])
def test_alias_bomb_is_refused_quickly(cli, tmp_path, baseline_seconds, command, levels):
    spec = tmp_path / "bomb.yaml"
    spec.write_text(alias_bomb(levels))
    args = (command, str(spec), "--no-cache") if command == "scan" else (command, str(spec))
    seconds, (code, out, err) = timed(cli, *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"dxscan: {spec}:7:45: YAML aliases expand ")
    assert "(an alias bomb?); not read\n" in err and err.count("\n") == 1
    assert seconds < 2 * baseline_seconds


@pytest.mark.parametrize("under", ["x-bomb", "components"])
def test_alias_bomb_in_either_version_stops_the_diff(cli, tmp_path, baseline_seconds, under):
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(alias_bomb(3, under))
    head.write_text(alias_bomb(8, under).replace("type: string", "type: integer"))
    seconds, (code, out, err) = timed(cli, "diff", str(base), str(head))
    assert (code, out) == (2, "")
    line = 6 if under == "x-bomb" else 7
    column = 43 if under == "x-bomb" else 45
    assert err.startswith(f"dxscan: {head}:{line}:{column}: YAML aliases expand ")
    assert seconds < 2 * baseline_seconds


def test_alias_bomb_through_merge_keys(cli, tmp_path):
    lines = [HEADER, "x-m:\n", "  a0: &a0 {k: v}\n"]
    lines += [f"  a{i}: &a{i} {{{', '.join(f'<<: *a{i - 1}' if j == 0 else f'm{j}: *a{i - 1}' for j in range(9))}}}\n"
              for i in range(1, 9)]
    spec = tmp_path / "merge.yaml"
    spec.write_text("".join(lines))
    code, _, err = cli("scan", str(spec), "--no-cache")
    assert code == 2
    assert err.startswith(f"dxscan: {spec}:6:16: YAML aliases expand ")


def test_a_small_alias_expansion_is_read(cli, tmp_path):
    spec = tmp_path / "anchors.yaml"
    spec.write_text(alias_bomb(3))  # 9 ** 3 copies of the leaf: ordinary reuse, well under the budget
    code, _, err = cli("scan", str(spec), "--no-cache", "--fail-on", "none")
    assert (code, err) == (0, "")


def test_recursive_alias_is_refused(cli, tmp_path):
    spec = tmp_path / "loop.yaml"
    spec.write_text(HEADER + "x-loop: &loop [1, *loop]\n")
    code, _, err = cli("scan", str(spec), "--no-cache")
    assert code == 2
    assert err == f"dxscan: {spec}:4:19: YAML alias names a node that contains it (a recursive alias has no JSON form)\n"


def test_reference_bomb_across_files_is_refused(cli, tmp_path, baseline_seconds):
    import json

    for level in range(8):
        schema = {"type": "string"} if level == 0 else {
            "type": "object", "properties": {f"p{j}": {"$ref": f"f{level - 1}.json#/S"} for j in range(9)}}
        (tmp_path / f"f{level}.json").write_text(json.dumps({"S": schema}))
    root = tmp_path / "root.json"
    root.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
                                "components": {"schemas": {"B": {"$ref": "f7.json#/S"}}}}))
    seconds, (code, _, err) = timed(cli, "scan", str(root), "--no-cache")
    assert code == 2
    assert err.startswith(f"dxscan: {tmp_path / 'f1.json'}:1:78: $refs to other files expand ")
    assert err.endswith("(a reference bomb?); not read\n")
    assert seconds < 2 * baseline_seconds


def test_symbolic_link_out_of_the_folder_is_not_followed(cli, tmp_path, baseline_seconds):
    (tmp_path / "secret.json").write_text('{"type": "object", "properties": {"TOPSECRET": {"type": "string"}}}')
    api = tmp_path / "api"
    api.mkdir()
    (api / "creds.json").symlink_to(tmp_path / "secret.json")
    spec = api / "openapi.yaml"
    spec.write_text(BOOKSHOP.read_text() + "x-creds: {$ref: 'creds.json'}\n")
    seconds, (code, out, err) = timed(cli, "scan", str(spec), "--no-cache", "--format", "github")
    assert (code, err) == (0, "")
    assert "TOPSECRET" not in out
    [line] = [line for line in out.splitlines() if "external-ref-refused" in line]
    assert line.endswith("::$ref 'creds.json' leaves the spec's folder through a symbolic link and was not followed "
                         "(use --allow-external-refs)")
    assert seconds < 3 * baseline_seconds
