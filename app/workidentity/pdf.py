"""HTML to PDF with WeasyPrint, which needs Pango (and HarfBuzz, fontconfig) from the operating system.

Without those libraries the app still runs: `problem()` says why no PDF can be made, the PDF route answers with
that, and the print-ready HTML page still works (a browser's "Save as PDF" makes the same page).
"""

from __future__ import annotations

from functools import cache
from typing import Any


class PdfUnavailable(RuntimeError):
    pass


@cache
def _weasyprint() -> Any:
    """The weasyprint module, imported once; raises PdfUnavailable when it or its system libraries are missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: cffi could not load libpango/libgobject
        raise PdfUnavailable(str(error).splitlines()[0] if str(error) else type(error).__name__) from error
    return weasyprint


def problem() -> str | None:
    """Why no PDF can be made on this machine, or None when it can."""
    try:
        _weasyprint()
    except PdfUnavailable as error:
        return str(error)
    return None


def render(html: str) -> bytes:
    """The PDF of a self-contained HTML document. Raises PdfUnavailable without WeasyPrint's libraries."""
    weasyprint = _weasyprint()
    # The CV's HTML is self-contained: WeasyPrint may fetch nothing (no file, no network, no data: URL).
    fetcher = weasyprint.URLFetcher(allowed_protocols=(), allow_redirects=False)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return bytes(document.write_pdf())
