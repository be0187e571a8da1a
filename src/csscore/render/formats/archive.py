"""Office files (XLSX, DOCX: zip archives) made to repeat byte for byte."""

from __future__ import annotations

import io
import re
import zipfile

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and modes so equal content gives equal bytes; the
    save time an Office writer stamps in ``docProps/core.xml`` is fixed too."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content
                )
            target.writestr(fixed, content)
    return out.getvalue()
