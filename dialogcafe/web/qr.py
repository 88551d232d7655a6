"""QR codes as SVG responses: the join link for everyone, and the host link for table hosts."""

from __future__ import annotations

import io

from flask import Response


def qr_svg(link: str, *, cache_seconds: int = 3600, private: bool = False) -> Response:
    """``link`` as an SVG QR code: sharp at any size, on a phone or a projector.

    ``private``: only the facilitator may see it (the host link carries the host code),
    so no shared cache keeps it.
    """
    # Imported here: qrcode brings Pillow and lxml (about 8 MB), which nothing else in a
    # serving process needs.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        link,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    cache = f"private, max-age={cache_seconds}" if private else f"max-age={cache_seconds}"
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": cache})
