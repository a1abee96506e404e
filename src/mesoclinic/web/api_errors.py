"""How the API's errors read, in one place: the bodies, and the document's description of
them. Every operation can answer 400, 401, 403, 404, 409, 413 and 422; the document says
so, with the body each one carries, so a client built from it handles them."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

TOO_BIG = "The request body is too large."


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, for a person to read.")


class RefusalOut(BaseModel):
    errors: dict[str, str] = Field(
        description="For each field refused (dotted for nested ones: areas.0.nm_grade), "
        'what to fix; "request" when no one field is at fault.'
    )


class ConflictOut(BaseModel):
    # A conflict may carry what to do next (a booking's fresh plans).
    model_config = ConfigDict(extra="allow")
    errors: dict[str, str] = Field(default={}, description="What clashed, field by field.")
    detail: str = ""


ERROR_BODIES: dict[int, tuple[type[BaseModel], str]] = {
    400: (ErrorOut, "The request could not be read"),
    401: (ErrorOut, "No valid session or Authorization: Bearer TOKEN"),
    403: (ErrorOut, "A browser session's change without its CSRF token"),
    404: (ErrorOut, "No such record, or not one of the caller's"),
    409: (ConflictOut, "Someone else's change came first"),
    413: (ErrorOut, "The request body is too large"),
    422: (RefusalOut, "Refused: each field with what to fix"),
}
METHODS = ("get", "put", "post", "patch", "delete")


def with_error_responses(document: Any) -> Any:
    """Adds the error responses to every operation of an OpenAPI document (keeping any an
    operation documents itself) and their bodies to its components."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for body, _ in ERROR_BODIES.values():
        schemas[body.__name__] = body.model_json_schema()
    for path_item in document.get("paths", {}).values():
        for method in METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, (body, description) in ERROR_BODIES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{body.__name__}"}
                            }
                        },
                    },
                )
    return document
