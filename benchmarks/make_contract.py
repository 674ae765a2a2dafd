"""A provider-sized OpenAPI 3.0 document: N paths, 3 operations each.

    python benchmarks/make_contract.py 1500 contract.yaml

Shaped like a real provider's (Stripe's has several hundred paths, GitHub's
about a thousand): half the paths are collections (list, create, delete
all), half are items under an ``{id}`` (read, update, delete); each resource
has its own schemas in ``components``, operations share parameters and an
error response by ``$ref``, and every operation has a summary, a
description and its documented errors. 1,500 paths come to about 5 MB of
YAML. ``bench_suite.py`` uses the helpers below to call documented paths
with a request and a stubbed answer that conform.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

BASE_URL = "https://provider.test/v1"
_FIELDS = (
    ("name", {"type": "string", "maxLength": 200}),
    ("status", {"type": "string", "enum": ["active", "archived", "pending"]}),
    ("amount", {"type": "integer", "minimum": 0}),
    ("currency", {"type": "string", "pattern": "^[a-z]{3}$"}),
    ("created", {"type": "integer", "format": "int64"}),
    ("livemode", {"type": "boolean"}),
    ("description", {"type": "string", "nullable": True}),
    ("metadata", {"type": "object", "additionalProperties": {"type": "string"}}),
)


def resource(index: int) -> str:
    """The resource a path index belongs to: two paths (collection, item) each."""
    return f"res{index // 2}"


def path_of(index: int) -> str:
    """The documented path at ``index``: a collection (even) or an item (odd)."""
    name = resource(index)
    group = f"svc{index // 100}"
    return f"/{group}/{name}s" if index % 2 == 0 else f"/{group}/{name}s/{{id}}"


def item_url(index: int, item: str = "it_123") -> str:
    """A concrete URL of the item path nearest ``index`` (odd indexes)."""
    index = index if index % 2 else index + 1
    return BASE_URL + path_of(index).replace("{id}", item)


def collection_url(index: int) -> str:
    index = index - index % 2
    return BASE_URL + path_of(index)


def body(index: int) -> dict[str, Any]:
    """A stubbed answer that conforms to the resource's schema."""
    return {
        "id": "it_123",
        "object": resource(index),
        "name": "Widget",
        "status": "active",
        "amount": 1200,
        "currency": "eur",
        "created": 1_764_547_200,
        "livemode": False,
        "description": None,
        "metadata": {"order": "6735"},
    }


def new(index: int) -> dict[str, Any]:
    """A create request's body that conforms to the resource's schema."""
    return {"name": "Widget", "amount": 1200, "currency": "eur"}


def _schemas(name: str) -> dict[str, Any]:
    title = name.capitalize()
    properties: dict[str, Any] = {
        "id": {"type": "string", "description": f"Unique identifier of the {name}."},
        "object": {"type": "string", "enum": [name]},
    }
    for field, schema in _FIELDS:
        properties[field] = {**schema, "description": f"The {name}'s {field}."}
    return {
        title: {
            "type": "object",
            "description": f"A {name} as the API returns it.",
            "required": ["id", "object", "name", "status", "created"],
            "properties": properties,
        },
        f"{title}List": {
            "type": "object",
            "required": ["data", "has_more"],
            "properties": {
                "object": {"type": "string", "enum": ["list"]},
                "data": {"type": "array", "items": {"$ref": _ref(title)}},
                "has_more": {"type": "boolean"},
                "url": {"type": "string"},
            },
        },
        f"New{title}": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                field: {**schema, "description": f"The new {name}'s {field}."}
                for field, schema in _FIELDS
                if field not in ("created", "livemode")
            },
        },
    }


def _ref(schema: str) -> str:
    return f"#/components/schemas/{schema}"


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": _ref(schema)}}},
    }


def _errors() -> dict[str, Any]:
    return {
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "default": {"$ref": "#/components/responses/Error"},
    }


def _operation(verb: str, name: str, title: str, **more: Any) -> dict[str, Any]:
    return {
        "operationId": f"{verb}{title}",
        "summary": f"{verb.capitalize()} {name}",
        "description": (
            f"{verb.capitalize()}s {name} objects. The call is idempotent when an "
            "Idempotency-Key header is sent; see the guide for retries and errors."
        ),
        "tags": [name],
        **more,
    }


def _collection(name: str) -> dict[str, Any]:
    title = name.capitalize()
    return {
        "get": _operation(
            "list",
            name,
            title,
            parameters=[
                {"$ref": "#/components/parameters/Limit"},
                {"$ref": "#/components/parameters/StartingAfter"},
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["active", "archived"]},
                },
            ],
            responses={
                "200": _json(f"{title}List", f"A page of {name}s."),
                **_errors(),
            },
        ),
        "post": _operation(
            "create",
            name,
            title,
            parameters=[{"$ref": "#/components/parameters/IdempotencyKey"}],
            requestBody={
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": _ref(f"New{title}")}}
                },
            },
            responses={"201": _json(title, f"The new {name}."), **_errors()},
        ),
        "delete": _operation(
            "purge",
            name,
            title,
            responses={"204": {"description": "Deleted."}, **_errors()},
        ),
    }


def _item(name: str) -> dict[str, Any]:
    title = name.capitalize()
    return {
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "maxLength": 64},
            }
        ],
        "get": _operation(
            "retrieve",
            name,
            title,
            parameters=[{"$ref": "#/components/parameters/Expand"}],
            responses={"200": _json(title, f"The {name}."), **_errors()},
        ),
        "post": _operation(
            "update",
            name,
            title,
            requestBody={
                "content": {
                    "application/json": {"schema": {"$ref": _ref(f"New{title}")}}
                }
            },
            responses={"200": _json(title, f"The updated {name}."), **_errors()},
        ),
        "delete": _operation(
            "delete",
            name,
            title,
            responses={"200": _json(title, f"The deleted {name}."), **_errors()},
        ),
    }


def _components(paths: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["type", "message"],
                    "properties": {
                        "type": {"type": "string"},
                        "code": {"type": "string"},
                        "message": {"type": "string"},
                        "param": {"type": "string"},
                    },
                }
            },
        }
    }
    for index in range(0, paths, 2):
        schemas.update(_schemas(resource(index)))
    error = {"content": {"application/json": {"schema": {"$ref": _ref("Error")}}}}
    return {
        "schemas": schemas,
        "parameters": {
            "Limit": {
                "name": "limit",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 100},
            },
            "StartingAfter": {
                "name": "starting_after",
                "in": "query",
                "schema": {"type": "string"},
            },
            "Expand": {
                "name": "expand",
                "in": "query",
                "schema": {"type": "string"},
            },
            "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "schema": {"type": "string", "maxLength": 255},
            },
        },
        "responses": {
            name: {"description": description, **error}
            for name, description in (
                ("BadRequest", "The request was not valid."),
                ("Unauthorized", "No valid API key was given."),
                ("NotFound", "The object does not exist."),
                ("Error", "Something else went wrong."),
            )
        },
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    }


def document(paths: int) -> dict[str, Any]:
    """The OpenAPI document with ``paths`` paths."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Provider", "version": "2026-12-01"},
        "servers": [{"url": BASE_URL}],
        "security": [{"bearer": []}],
        "paths": {
            path_of(index): (_collection if index % 2 == 0 else _item)(resource(index))
            for index in range(paths)
        },
        "components": _components(paths),
    }


def write(target: Path, paths: int) -> int:
    """Write the document as YAML; its size in bytes."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(document(paths), Dumper=dumper, sort_keys=False, width=100)
    target.write_text(text, encoding="utf-8")
    return len(text.encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=int, help="how many paths (3 operations each)")
    parser.add_argument("target", type=Path, help="the YAML file to write")
    args = parser.parse_args()
    size = write(args.target, args.paths)
    print(f"{args.target}: {args.paths:,} paths, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
