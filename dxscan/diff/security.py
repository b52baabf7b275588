"""Security requirements as clients meet them: which credentials an operation asks for, whether
it is marked public (`security: []`) or its security is undocumented, and whether a client that
held one alternative can still call it."""

from __future__ import annotations

from dxscan.model import Operation, Spec

Requirements = tuple[dict[str, frozenset[str]], ...]


def public(operation: Operation, spec: Spec) -> bool:
    """Marked public: `security: []` (or an empty alternative) on the operation or, inherited, at
    the top. Absent everywhere is not public but undocumented (as `operation-unsecured` reads it)."""
    if operation.security is not None:
        return not operation.security or any(not r for r in operation.security)
    declared = spec.document.get("security") if isinstance(spec.document, dict) else None
    return isinstance(declared, list) and (not declared or any(not r for r in declared))


def requirements(operation: Operation, spec: Spec) -> tuple[dict[str, frozenset[str]], ...]:
    declared = operation.security if operation.security is not None else spec.security
    return tuple({str(name): frozenset(s for s in scopes if isinstance(s, str)) for name, scopes in requirement.items()}
                 for requirement in declared)


def alternatives(requirements: tuple[dict[str, frozenset[str]], ...]) -> frozenset:
    return frozenset(frozenset(r.items()) for r in requirements)


def anonymous(requirements: tuple[dict[str, frozenset[str]], ...]) -> bool:
    return not requirements or any(not r for r in requirements)


def satisfied(credentials: dict[str, frozenset[str]], requirements: tuple[dict[str, frozenset[str]], ...]) -> bool:
    """Can a client holding `credentials` (one alternative) meet one of `requirements`?"""
    if anonymous(requirements):
        return True
    return any(all(name in credentials and scopes <= credentials[name] for name, scopes in r.items()) for r in requirements)


def describe(requirements: tuple[dict[str, frozenset[str]], ...]) -> str:
    """`oauth(pets:write) or apiKey`; `no credentials` for an empty requirement."""
    options = sorted(" + ".join(_credential(name, scopes) for name, scopes in sorted(r.items())) or "no credentials"
                     for r in requirements)
    return " or ".join(options) or "no credentials"


def _credential(name: str, scopes: frozenset[str]) -> str:
    return f"{name}({' '.join(sorted(scopes))})" if scopes else name
