"""Ingest: files, folders, JSONL exports and HTML in; ``Page`` values or ``Rejected`` out."""
from svodka.ingest.files import iter_pages, read_page_file
from svodka.ingest.decode import decode_bytes

__all__ = ["iter_pages", "read_page_file", "decode_bytes"]
