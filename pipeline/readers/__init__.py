"""Readers turn a file of any supported kind into the chapter text as read.

Every offset in the output points into the string these readers return, so it is the one
text that is segmented, extracted, scored and (with `--keep-text`) written beside the output.
"""

from pipeline.readers.dispatch import ReadDocument, find_text_file, read_document

__all__ = ["ReadDocument", "find_text_file", "read_document"]
