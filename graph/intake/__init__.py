"""Intake: documents users bring (text, HTML, PDF files or http(s) URLs) → corpus text + metadata.

* :mod:`.sources` reads a file or URL into a :class:`~.sources.Source` (main text and page metadata);
* :mod:`.html` and :mod:`.pdf` extract the main text of a web page or a PDF;
* :mod:`.infer` infers the corpus metadata fields from the text (cue words in
  ``mappings/lexicons/intake.yaml``);
* :mod:`.store` mints ids, refuses duplicates and writes ``<id>.txt`` + ``<id>.yaml`` atomically.
"""
