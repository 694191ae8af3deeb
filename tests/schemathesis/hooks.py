"""Schemathesis hooks for custos: how to send a tus PATCH body."""

import schemathesis


@schemathesis.serializer("application/offset+octet-stream")
def tus_patch_body(ctx, value):
    # The document gives the body as bytes; whatever was generated goes as raw bytes.
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, list):
        return bytes(item % 256 for item in value if isinstance(item, int))
    return str(value).encode()
