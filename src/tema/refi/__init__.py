"""REFI-QDA both ways: .qdpx projects and .qdc code books, with NVivo, ATLAS.ti,
MAXQDA, QualCoder and qualitative-coding.

One room for both directions (``tema.ingest``, ``tema.export`` and the domain never
import it; it uses them):

- ``archive``      reading a .qdpx / .qde / .qdc safely (zip-slip, bombs, XXE), as a checked stream
- ``model``, ``xml_items``, ``parse``   REFI XML → plain dataclasses, streamed
- ``offsets``, ``edits``   other programs' character counts ↔ code points; offsets across edits
- ``conventions``  how tema's own ideas ride in Descriptions and note names
- ``variables``    attributes and document fields ↔ typed Variables
- ``sources``      a package's text sources, prepared for import
- ``report``       the import's warnings, grouped by kind, and its report file
- ``read`` (entry points), ``read_project``, ``read_codebook``, ``read_cases``, ``read_notes``   import
- ``write`` (entry points), ``write_project``, ``write_codebook``, ``write_snapshots``, ``elements``   export
"""
