"""Declare an API operation once; the route, its input checks and the OpenAPI document follow from it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError
from pydantic.json_schema import models_json_schema

from storefront.api.schemas import Error, Query
from storefront.errors import json_error
from storefront.extensions import limiter


@dataclass(frozen=True)
class Operation:
    path: str  # Flask rule under the API prefix, e.g. "/products/<slug>"
    summary: str
    response: type[BaseModel]
    query: type[Query] | None = None
    tags: tuple[str, ...] = ()
    errors: tuple[int, ...] = (400,)
    security: tuple[str, ...] = ()
    endpoint: str = field(default="")
    #: Runs before the query is parsed; a response it returns (a 401, a 403) is the answer.
    guard: Callable[[], Response | tuple[Response, int] | None] | None = None
    #: A Flask-Limiter limit for this operation, e.g. "60 per minute" (per client address).
    limit: str | None = None
    #: A longer description for the OpenAPI document (what the numbers mean).
    description: str = ""


OPERATIONS: list[Operation] = []


def _first_problem(error: ValidationError) -> tuple[str, str]:
    """The first bad parameter and a message about it in the request's language (pydantic's own is English)."""
    problem = error.errors(include_url=False)[0]
    name = ".".join(str(part) for part in problem.get("loc", ())) or "query"
    kind, limits = problem.get("type", ""), problem.get("ctx") or {}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return name, _("The parameter “%(name)s” must be a whole number.", name=name)
    if kind in ("greater_than_equal", "greater_than"):
        return name, _("The parameter “%(name)s” is too small.", name=name)
    if kind in ("less_than_equal", "less_than"):
        return name, _("The parameter “%(name)s” is too large.", name=name)
    if kind == "string_too_long":
        return name, _(
            "The parameter “%(name)s” is too long (at most %(count)s characters).",
            name=name,
            count=limits.get("max_length", ""),
        )
    if kind == "literal_error":
        return name, _(
            "The parameter “%(name)s” must be one of: %(choices)s.", name=name, choices=limits.get("expected", "")
        )
    return name, _("The parameter “%(name)s” is not valid.", name=name)


def operation(bp: Blueprint, op: Operation) -> Callable[[Callable[..., BaseModel]], Callable[..., Any]]:
    """Register `view` for GET `op.path`; it receives the parsed query as `query=` and returns `op.response`."""

    def decorate(view: Callable[..., BaseModel]) -> Callable[..., Any]:
        def handler(**path_args: Any) -> Response | tuple[Response, int]:
            if op.guard is not None and (refused := op.guard()) is not None:
                return refused
            if op.query is not None:
                try:
                    path_args["query"] = op.query.model_validate(request.args.to_dict())
                except ValidationError as exc:
                    name, message = _first_problem(exc)
                    return json_error("invalid_parameter", message, 400, parameter=name)
            result = view(**path_args)
            return jsonify(result.model_dump(mode="json"))

        handler.__name__ = view.__name__
        handler.__doc__ = view.__doc__
        routed: Callable[..., Any] = limiter.limit(op.limit)(handler) if op.limit else handler
        bp.add_url_rule(op.path, view.__name__, routed, methods=["GET"])
        OPERATIONS.append(Operation(**{**op.__dict__, "endpoint": view.__name__}))
        return handler

    return decorate


_RULE_ARG = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def _parameters(op: Operation) -> list[dict[str, Any]]:
    params = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _RULE_ARG.findall(op.path)
    ]
    if op.query is not None:
        schema = op.query.model_json_schema()
        required = set(schema.get("required", []))
        for name, prop in schema.get("properties", {}).items():
            described = {k: v for k, v in prop.items() if k not in {"title", "description"}}
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": name in required,
                    "description": prop.get("description", ""),
                    "schema": described,
                }
            )
    return params


def openapi_document(prefix: str, version: str, server_url: str) -> dict[str, Any]:
    models = {op.response for op in OPERATIONS} | {Error}
    refs, defs = models_json_schema(
        [(m, "serialization") for m in sorted(models, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        responses: dict[str, Any] = {
            "200": {
                "description": "OK",
                "content": {"application/json": {"schema": refs[(op.response, "serialization")]}},
            }
        }
        for status in op.errors:
            responses[str(status)] = {
                "description": "Error",
                "content": {"application/json": {"schema": refs[(Error, "serialization")]}},
            }
        get: dict[str, Any] = {
            "operationId": op.endpoint,
            "summary": op.summary,
            "tags": list(op.tags),
            "parameters": _parameters(op),
            "responses": responses,
        }
        if op.description:
            get["description"] = op.description
        if op.security:
            get["security"] = [{name: []} for name in op.security]
        paths[prefix + _RULE_ARG.sub(r"{\1}", op.path)] = {"get": get}
    return {
        "openapi": "3.1.0",
        "info": {"title": "OCOP storefront API", "version": version},
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": defs.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
