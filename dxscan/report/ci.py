"""What the CI formats share: GitHub workflow-command escaping, SARIF locations and levels, and
the JUnit XML skeleton. Used by the scan formats (sarif, junit, github) and the diff ones."""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from dxscan.results import Location

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


# --- GitHub workflow commands -------------------------------------------------------------------

def github_line(severity: str, message: str, location: Location | None, title: str) -> str:
    """`::error file=F,line=L,col=C,title=T::message`, escaped as the runner expects."""
    properties = []
    if location is not None and location.file and _is_file(location.file):
        properties.append(f"file={_escape_property(_posix(location.file))}")
        if location.line is not None:
            properties.append(f"line={location.line}")
            if location.column is not None:
                properties.append(f"col={location.column}")
    properties.append(f"title={_escape_property(title)}")
    return f"::{GITHUB_COMMAND[severity]} {','.join(properties)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _is_file(name: str) -> bool:
    """A file in the working tree: not standard input, not a `REV:path` of a git revision."""
    return name != "<stdin>" and (":" not in name or Path(name).exists())


def _posix(name: str) -> str:
    return PurePosixPath(Path(name)).as_posix() if not Path(name).is_absolute() else name


# --- SARIF ---------------------------------------------------------------------------------------

def sarif_log(rules: list[dict[str, Any]], results: list[dict[str, Any]], version: str) -> dict[str, Any]:
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "dxscan", "version": version, "semanticVersion": version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def sarif_rule(rule_id: str, title: str, help_text: str, help_markdown: str, level: str,
               properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": help_text.split("\n")[0]},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(level, level)},
        "properties": properties,
    }


def sarif_result(rule_id: str, rule_index: int, level: str, message: str, location: Location | None,
                 pointer: str, fingerprint: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL.get(level, level),
        "message": {"text": message},
        "locations": [_sarif_location(location, pointer)],
        "partialFingerprints": {"dxscan/v1": fingerprint},
    }
    return result


def _sarif_location(location: Location | None, pointer: str) -> dict[str, Any]:
    where: dict[str, Any] = {}
    if location is not None and location.file and _is_file(location.file):
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(location.file)}}
        if location.line is not None:
            physical["region"] = {"startLine": location.line, **({"startColumn": location.column} if location.column else {})}
        where["physicalLocation"] = physical
    if pointer:
        where["logicalLocations"] = [{"fullyQualifiedName": pointer, "kind": "member"}]
    return where


def _uri(name: str) -> str:
    path = Path(name)
    return path.as_uri() if path.is_absolute() else PurePosixPath(path).as_posix()


def digest(*parts: str) -> str:
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]


# --- JUnit XML -----------------------------------------------------------------------------------

def junit_document(name: str, suites: list[ElementTree.Element]) -> str:
    root = ElementTree.Element("testsuites", name=name)
    for attribute in ("tests", "failures", "skipped"):
        root.set(attribute, str(sum(int(s.get(attribute, "0")) for s in suites)))
    root.extend(suites)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def junit_suite(name: str, cases: list[ElementTree.Element]) -> ElementTree.Element:
    suite = ElementTree.Element("testsuite", name=name, tests=str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    suite.set("errors", "0")
    suite.extend(cases)
    return suite


def junit_case(classname: str, name: str, file: str | None = None, failure: tuple[str, str, str] | None = None,
               skipped: str | None = None, output: str | None = None) -> ElementTree.Element:
    """One testcase; `failure` is (message, type, text)."""
    case = ElementTree.Element("testcase", classname=classname, name=name)
    if file:
        case.set("file", file)
    if failure is not None:
        message, kind, text = failure
        ElementTree.SubElement(case, "failure", message=message, type=kind).text = text
    elif skipped is not None:
        ElementTree.SubElement(case, "skipped", message=skipped)
    if output:
        ElementTree.SubElement(case, "system-out").text = output
    return case


def where(location: Location | None) -> str:
    """`file:line:column`, as much of it as is known."""
    if location is None:
        return ""
    text = location.file
    if location.line is not None:
        text += f":{location.line}"
        if location.column is not None:
            text += f":{location.column}"
    return text


def placed_in_head(head_source: str, side: str, location: Location | None, message: str) -> tuple[Location | None, str]:
    """Where a code-scanning annotation for a diff change goes. A change seen only in BASE (a
    removal) has no line in the file under review: it is pinned to HEAD's file, and the message
    says where it was."""
    if side != "base":
        return location, message
    was = f" (was at {where(location)})" if location else ""
    return Location(head_source, None, None), message + was
