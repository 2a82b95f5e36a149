"""Turn a task message's payload into text or a validated envelope, refusing what is not an article."""

import base64
import binascii
import json
import re

from pydantic import ValidationError

from schemas.models import InputEnvelope, TaskMessage
from worker.errors import (
    EmptyInputError,
    InputDecodeError,
    InvalidEnvelopeError,
    OversizedInputError,
)
from worker.stages.parse.envelope import MappedEnvelope, map_envelope

# Text with this share of control characters is binary that happened to decode.
_MAX_CONTROL_SHARE = 0.05
_MAX_JSON_DEPTH = 20
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # not \t \n \f \r
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f]")  # what text keeps: \t and \n


def payload_bytes(message: TaskMessage) -> bytes:
    """The original bytes of the unit (or its first part, when the producer truncated it)."""
    if message.encoding == "base64":
        try:
            return base64.b64decode(message.payload, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InputDecodeError(f"payload is not valid base64: {exc}") from exc
    return message.payload.encode("utf-8", "surrogatepass")


def check_size(message: TaskMessage, limit: int) -> None:
    """Refuse oversized inputs before any parsing work is spent on them."""
    if message.truncated or message.size > limit:
        raise OversizedInputError(f"input is {message.size} bytes, over the {limit}-byte limit")


def decode_text(message: TaskMessage) -> str:
    """The payload as clean text: BOMs honoured, invalid UTF-8 and binary refused."""
    raw = payload_bytes(message)
    codec = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputDecodeError(f"input is not valid {codec.upper()} text: {exc.reason} "
                               f"at byte {exc.start}") from exc
    if "\x00" in text:
        raise InputDecodeError("input contains NUL bytes: binary data, not text")
    controls = len(_BINARY_CONTROLS.findall(text))
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise InputDecodeError(f"input has {controls} control characters: binary data, not text")
    text = _CONTROLS.sub("", text)
    if not text.strip():
        raise EmptyInputError("input is empty or whitespace only")
    return text


def _depth(value: object, level: int = 0) -> int:
    if level > _MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def decode_envelope(text: str) -> tuple[InputEnvelope, MappedEnvelope]:
    """Parse, map and validate a JSON envelope (ours or another system's), naming what is wrong."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidEnvelopeError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidEnvelopeError(f"envelope must be a JSON object, got {type(data).__name__}")
    if _depth(data) > _MAX_JSON_DEPTH:
        raise InvalidEnvelopeError(f"envelope nests deeper than {_MAX_JSON_DEPTH} levels")
    mapped = map_envelope(data)
    try:
        envelope = InputEnvelope.model_validate(mapped.fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors()[:5]
        )
        raise InvalidEnvelopeError(f"envelope does not match the schema: {problems}") from exc
    if not (envelope.text or "").strip() and not (envelope.html or "").strip():
        raise EmptyInputError(f"envelope has no usable text or html (fields: {', '.join(sorted(data)) or 'none'})")
    return envelope, mapped
