"""Reading transcripts into normalised text (txt, md, docx, vtt, srt)."""

from tema.ingest.readers import ReadResult, read_transcript

__all__ = ["ReadResult", "read_transcript"]
