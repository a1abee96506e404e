"""Reading our PDFs as a patient's PDF reader would: poppler's pdftotext, pdfinfo and
pdftoppm (Debian's poppler-utils), and Pillow for the picture of page one."""

import re
import subprocess
from pathlib import Path

from PIL import Image

A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def _saved(pdf: bytes, folder: Path) -> Path:
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    return path


def pdf_text(pdf: bytes, folder: Path, page: int | None = None) -> str:
    """The words of the PDF (or of one page), with runs of white space made single spaces,
    so a sentence wrapped over two lines still reads as one."""
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(_saved(pdf, folder)), "-"],
        check=True,
        capture_output=True,
    )
    return " ".join(out.stdout.decode("utf-8").split())


def pdf_pages(pdf: bytes, folder: Path) -> tuple[tuple[int, int], int]:
    """The first page's size in whole points, and the number of pages."""
    info = subprocess.run(
        ["pdfinfo", str(_saved(pdf, folder))], check=True, capture_output=True, text=True
    ).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert size, info
    assert pages, info
    return (round(float(size[1])), round(float(size[2]))), int(pages[1])


def first_page_ink(pdf: bytes, folder: Path) -> float:
    """The share of page one's pixels that are not white, drawn at 40 dpi."""
    path = _saved(pdf, folder)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(folder / "page"),
        ],
        check=True,
    )
    with Image.open(folder / "page.png") as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:200])
        return dark / (grey.width * grey.height)
