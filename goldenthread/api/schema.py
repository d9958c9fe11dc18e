"""Additions to the generated OpenAPI schema."""

from goldenthread.api.problems import MEDIA_TYPE, SLUGS, TITLES

PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem. Bulk requests give each row's problems with its index.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        # Only the statuses the API sends; /api/docs/ explains each.
        "status": {
            "type": "integer",
            "enum": sorted(SLUGS),
            "description": "; ".join(
                f"{status} {TITLES[status]} (#problem-{slug})"
                for status, slug in sorted(SLUGS.items())
            ),
        },
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "index": {"type": "integer"},
                    "field": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["field", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "errors"],
}


def add_problem_responses(result, generator, request, public):  # type: ignore[no-untyped-def]
    """Every operation can answer with a problem: say so once, as its default response."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    response = {
        "description": "A problem: the request was refused (see status, detail and errors).",
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            operation["responses"].setdefault("default", response)
    return result
