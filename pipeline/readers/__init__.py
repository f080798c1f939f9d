"""Readers turn a file of any supported kind into the chapter text as read.

Every offset in the output points into the string these readers return, so it is the one
text that is segmented, extracted, scored and (with `--keep-text`) written beside the output.

Text files in any archive encoding (`encoding`), saved web pages (`webpage`), PDFs in one or
more columns (`pdf`, `layout`), Word files (`docx`), scanned pages and page images by OCR
(`ocr`, the `ocr` extra), and volumes of many chapters split by their own structure
(`volumes`). Readers import nothing of the project but `pipeline.core`.
"""

from pipeline.readers.dispatch import SUPPORTED_SUFFIXES, find_text_file, read_document, read_documents
from pipeline.readers.document import ReadDocument

__all__ = ["SUPPORTED_SUFFIXES", "ReadDocument", "find_text_file", "read_document", "read_documents"]
